from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def labelled_rows() -> list[dict]:
    from explorer.datasets.pii_eval import load_labelled

    return load_labelled(DATA / "pii_multilingual.jsonl")
