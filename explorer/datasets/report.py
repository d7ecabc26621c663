"""Plain-language text summary of a profile (CLI without --json, UI header). Never shows the
text of PII findings, only their counts."""

from __future__ import annotations

from explorer.datasets.profile import Profile


def text_summary(prof: Profile) -> str:
    n = prof.table.n_rows
    lines = [f"{prof.table.file}: {n} rows, {len(prof.columns)} columns"
             + (" (first rows only)" if prof.table.truncated else ""),
             f"Text column: '{prof.text_column}'; median length {prof.char_lengths.median:.0f} "
             f"characters ({prof.token_lengths.median:.0f} words), vocabulary "
             f"{prof.vocabulary.size} distinct words"]
    counts = prof.languages.counts
    langs = ", ".join(f"{k} {v:.0%} ({counts.get(k, 0)} rows)"
                      for k, v in list(prof.languages.shares.items())[:8])
    lines.append(f"Languages: {langs}; {prof.languages.n_mixed} rows mix languages")
    d = prof.duplicates
    lines.append(f"Duplicates: {d.exact_rows} exact repeats, {d.near_rows} near duplicates")
    if prof.pii is not None:
        ents = ", ".join(f"{k} {v}" for k, v in prof.pii.entities.items()) or "none found"
        lines.append(f"Personal information: {prof.pii.rows_with_pii} of {n} rows ({ents})")
        if prof.pii.warning:
            lines.append("Warning: " + prof.pii.warning)
        if prof.pii.notes:
            kinds = {"truncated": "only partly checked (very long cell)",
                     "time_budget": "stopped at the time limit per row"}
            for kind, what in kinds.items():
                rows = sorted({x.row for x in prof.pii.notes if x.kind == kind})
                if rows:
                    shown = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10
                                                                    else "")
                    lines.append(f"Warning: {len(rows)} rows {what}: rows {shown}")
    if prof.labels:
        lines.append("Labels: " + ", ".join(f"{k} {v}" for k, v in list(prof.labels.items())[:8]))
    lines.append("Caveat: " + prof.caveat)
    return "\n".join(lines)
