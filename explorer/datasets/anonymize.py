"""Anonymised copies: each finding replaced, masked, hashed or redacted (per entity type) with
Presidio's AnonymizerEngine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from glasshouse.errors import BadInput

Operator = Literal["replace", "mask", "hash", "redact"]
OPERATORS: tuple[str, ...] = ("replace", "mask", "hash", "redact")


def parse_operators(spec: str | None) -> dict[str, str]:
    """'replace' or 'mask' (every entity) or 'EMAIL_ADDRESS=hash,PERSON=replace,*=mask'."""
    if not spec:
        return {"*": "replace"}
    out = {}
    for part in spec.split(","):
        key, _, op = part.partition("=") if "=" in part else ("*", "", part)
        op = op.strip().lower()
        if op not in OPERATORS:
            raise BadInput(f"unknown anonymisation '{op}'; use one of {', '.join(OPERATORS)}",
                           field="operator")
        out[key.strip().upper() if key.strip() != "*" else "*"] = op
    return out


def _config(op: str, entity: str) -> Any:
    from presidio_anonymizer.entities import OperatorConfig

    if op == "replace":
        return OperatorConfig("replace", {"new_value": f"<{entity}>"})
    if op == "mask":
        return OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": 10_000,
                                       "from_end": False})
    if op == "hash":
        return OperatorConfig("hash", {"hash_type": "sha256"})
    return OperatorConfig("redact", {})


_engine = None


def anonymize_text(text: str, findings: Sequence[tuple[int, int, str, float]],
                   operators: Mapping[str, str]) -> str:
    """findings: (start, end, entity_type, score) within `text`."""
    global _engine
    if not findings:
        return text
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import RecognizerResult

    if _engine is None:
        _engine = AnonymizerEngine()
    results = [RecognizerResult(etype, start, end, score) for start, end, etype, score in findings]
    ops = {e: _config(operators.get(e, operators.get("*", "replace")), e)
           for e in {f[2] for f in findings}}
    return _engine.anonymize(text=text, analyzer_results=results, operators=ops).text


def anonymize_frame(frame: Any, findings: Sequence[Any], operators: Mapping[str, str],
                    default_column: str) -> Any:
    """A copy of `frame` with every finding anonymised in its column."""
    out = frame.copy()
    by_cell: dict[tuple[int, str], list[tuple[int, int, str, float]]] = {}
    for f in findings:
        col = f.column or default_column
        by_cell.setdefault((f.row, col), []).append((f.start, f.end, f.entity_type, f.score))
    for (row, col), spans in by_cell.items():
        value = out.at[row, col]
        if value is None:
            continue
        if out[col].dtype != object:
            out[col] = out[col].astype(object)
        out.at[row, col] = anonymize_text(str(value), spans, operators)
    return out
