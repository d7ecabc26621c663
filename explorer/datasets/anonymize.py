"""Anonymised copies: each finding replaced, masked, hashed or redacted (per entity type) with
Presidio's AnonymizerEngine, with a report of what was replaced and a residual re-scan
(`anonymize_checked`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
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


# ---------------------------------------------------------------- a copy you can trust
MAX_PASSES = 3  # anonymise, re-scan, anonymise what the re-scan found ... at most this often
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")


@dataclass(frozen=True)
class AnonymizationReport:
    """What an anonymised copy holds and what it could not check (issue 17, item 3)."""
    copy: str
    operators: dict[str, str]
    columns: tuple[str, ...]
    replaced: dict[str, dict[str, int]]  # entity -> row language -> spans replaced
    replaced_total: int
    passes: int  # anonymise + re-scan rounds until the re-scan found nothing (or MAX_PASSES)
    residual: dict[str, int]  # replaced types the final re-scan still finds (want: empty)
    pattern_only: dict[str, int]  # row language -> rows checked with patterns only
    pattern_only_rows: tuple[int, ...]
    partial_rows: tuple[dict[str, Any], ...]  # rows cut at the cell cap or the time budget
    caveat: str = ("An automatic check: a language model finds names, places and organisations "
                   "only in English, Spanish and French; rows in other languages (listed) were "
                   "checked with patterns and with lists of common names and places in "
                   "context, which miss rarer ones and all organisations. The residual check "
                   "re-scans the copy with the same detectors, so it cannot see what they miss.")

    @property
    def residual_clean(self) -> bool:
        return not self.residual

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        out["pattern_only_rows"] = list(self.pattern_only_rows)
        out["partial_rows"] = list(self.partial_rows)
        out["columns"] = list(self.columns)
        out["residual_clean"] = self.residual_clean
        return out

    def markdown(self) -> str:
        per = "; ".join(f"{e} {sum(v.values())} ("
                        + ", ".join(f"{lang} {n}" for lang, n in v.items()) + ")"
                        for e, v in self.replaced.items()) or "nothing"
        lines = [f"**Replaced**: {per}.",
                 ("**Residual check**: the copy was scanned again and none of the replaced "
                  f"kinds was found (after {self.passes} round(s)).") if self.residual_clean else
                 ("**Residual check FAILED**: the re-scan still finds "
                  + ", ".join(f"{e} {n}" for e, n in self.residual.items()) + ".")]
        if self.pattern_only:
            lines.append("**Checked with patterns only** (no name/place detection): "
                         + ", ".join(f"{lang} {n} rows" for lang, n in self.pattern_only.items())
                         + ".")
        if self.partial_rows:
            lines.append(f"**Only partly checked**: {len(self.partial_rows)} rows "
                         "(very long cells or the time limit per row; see the report file).")
        lines.append(f"*{self.caveat}*")
        return "\n\n".join(lines)


def _languages_of(findings: Sequence[Any], tags: Sequence[str]) -> Counter:
    return Counter((f.entity_type, tags[f.row] if f.row < len(tags) else f.language)
                   for f in findings)


def _outside_placeholders(frame: Any, findings: Sequence[Any], default_column: str) -> list:
    """Findings that are not a placeholder we wrote ('<PERSON>' read as a name)."""
    keep = []
    for f in findings:
        value = frame.at[f.row, f.column or default_column]
        text = "" if value is None else str(value)
        if any(m.start() <= f.start and f.end <= m.end() for m in _PLACEHOLDER.finditer(
                text, max(0, f.start - 40), min(len(text), f.end + 40))):
            continue
        keep.append(f)
    return keep


def anonymize_checked(prof: Any, out: str | Path, operators: str | Mapping[str, str] | None
                      ) -> AnonymizationReport:
    """Write an anonymised copy of a profiled table and a report next to it
    (`<copy>.report.json`): what was replaced per entity and row language, which rows had
    pattern-only or partial checks, and a residual check: the copy is scanned again (same
    detectors and row languages) and whatever the re-scan finds of the replaced kinds is
    anonymised in turn, up to MAX_PASSES rounds; what is left is reported as residual."""
    from explorer.datasets.loading import save_like
    from explorer.datasets.pii import scan_texts

    ops = parse_operators(operators) if not isinstance(operators, Mapping) else dict(operators)
    if prof.pii is None:
        raise BadInput("the profile has no PII scan to anonymise from", field="pii")
    tags = list(prof.languages.tags)
    columns = tuple(prof.pii_columns)
    frame = anonymize_frame(prof.table.frame, prof.pii.findings, ops, prof.text_column)
    replaced = _languages_of(prof.pii.findings, tags)
    types = {f.entity_type for f in prof.pii.findings}
    passes, residual = 1, []
    while True:
        residual = []
        for col in columns:
            values = [None if v is None or (isinstance(v, float) and v != v) else str(v)
                      for v in frame[col].tolist()]
            rep = scan_texts(values, tags, column=col, ner=prof.columns[col].kind == "text")
            residual.extend(f for f in rep.findings if f.entity_type in types)
        residual = _outside_placeholders(frame, residual, prof.text_column)
        if not residual or passes >= MAX_PASSES:
            break
        frame = anonymize_frame(frame, residual, ops, prof.text_column)
        replaced.update(_languages_of(residual, tags))
        passes += 1
    path = save_like(frame, out)
    by_entity: dict[str, dict[str, int]] = {}
    for (etype, lang), n in sorted(replaced.items()):
        by_entity.setdefault(etype, {})[lang] = n
    partial = tuple(n.to_json() for n in prof.pii.notes)
    report = AnonymizationReport(
        copy=str(path), operators=ops, columns=columns, replaced=by_entity,
        replaced_total=sum(replaced.values()), passes=passes,
        residual=dict(Counter(f.entity_type for f in residual)),
        pattern_only=dict(prof.pii.pattern_only),
        pattern_only_rows=tuple(prof.pii.pattern_only_rows), partial_rows=partial)
    report_path(path).write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    return report


def report_path(copy: str | Path) -> Path:
    copy = Path(copy)
    return copy.with_name(copy.name + ".report.json")
