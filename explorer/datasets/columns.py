"""Names for columns that Glasshouse derives (detected language, cluster, ...), so that they never
hide or overwrite a column of the user's own file: a user column `language` stays `language`
with its values as written ("arabic"), and the detected one is `detected_language`."""

from __future__ import annotations

from collections.abc import Iterable

DETECTED_LANGUAGE = "detected_language"
CLUSTER = "cluster"
CLUSTER_LABEL = "cluster_label"


def derived_name(base: str, existing: Iterable[object]) -> str:
    """`base`, or `base_2`, `base_3`... : the first name not among the existing column names
    (compared as strings, case-insensitively: 'Cluster' and 'cluster' look the same in a table)."""
    taken = {str(c).casefold() for c in existing}
    if base.casefold() not in taken:
        return base
    k = 2
    while f"{base}_{k}".casefold() in taken:
        k += 1
    return f"{base}_{k}"
