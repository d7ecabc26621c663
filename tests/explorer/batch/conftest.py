"""A small real multilingual corpus for the batch engines: rows of the team's labelled PII set
(en/es/fr/de, with emails, phones, IBANs, names), abstracts of Masader entries (../shared/data),
plus an exact duplicate (case and spaces changed), a near duplicate, an empty and a short row.
Written as a JSONL folder, a Parquet folder (small row groups) and one JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

PII_SET = Path(__file__).resolve().parents[1] / "datasets" / "data" / "pii_multilingual.jsonl"


def corpus_rows(shared_data: Path) -> list[dict]:
    pii = [json.loads(line) for line in PII_SET.read_text(encoding="utf-8").splitlines()]
    rows = [{"text": r["text"], "label": r["language"], "n": len(r["text"])} for r in pii[::3]]
    masader = json.loads((shared_data / "masader_sample.json").read_text(encoding="utf-8"))
    for m in masader[:40]:
        text = (m.get("Abstract") or m.get("Description") or "")[:240] or None
        rows.append({"text": text, "label": "abstract", "n": None})
    rows.append({"text": rows[3]["text"].upper() + "  ", "label": "dup", "n": 1})
    near = next(r["text"] for r in rows[60:] if r["text"] and " the " in r["text"])
    rows.append({"text": near.replace(" the ", " a ", 1), "label": "dup", "n": 2})
    rows.append({"text": None, "label": "dup", "n": 3})
    rows.append({"text": "ok", "label": "dup", "n": 4})
    return rows


def _clean(record: dict) -> dict:
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, shared_data) -> dict[str, Path]:
    if not (shared_data / "masader_sample.json").is_file():
        pytest.skip("../shared/data/masader_sample.json is not there")
    root = tmp_path_factory.mktemp("corpus")
    frame = pd.DataFrame(corpus_rows(shared_data))
    (root / "jsonl").mkdir()
    (root / "parquet").mkdir()
    for i, start in enumerate(range(0, len(frame), 45)):
        part = frame.iloc[start:start + 45]
        with open(root / "jsonl" / f"part-{i}.jsonl", "w", encoding="utf-8") as fh:
            for rec in part.to_dict("records"):
                fh.write(json.dumps(_clean(rec), ensure_ascii=False) + "\n")
        part.to_parquet(root / "parquet" / f"part-{i}.parquet", index=False, row_group_size=30)
    with open(root / "all.jsonl", "w", encoding="utf-8") as fh:
        for rec in frame.to_dict("records"):
            fh.write(json.dumps(_clean(rec), ensure_ascii=False) + "\n")
    return {"jsonl": root / "jsonl", "parquet": root / "parquet", "file": root / "all.jsonl",
            "rows": len(frame)}
