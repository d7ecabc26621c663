"""Fixtures for the cards tests: realistic evidence payloads shaped by the cross-area contract."""

from __future__ import annotations

import pytest


@pytest.fixture
def probe_payload() -> dict:
    """A `probe --json` object of the pairs probe (no-effect value 0.5)."""
    return {"probe": "pairs", "model": "smollm2-135m", "n": 120, "effect": 0.65,
            "effect_label": "share of pairs where the stereotypical sentence is more likely "
                            "(0.5 = no preference)",
            "ci": [0.56, 0.73], "ci_kind": "test", "null": 0.5, "p_value": 0.0012,
            "p_adjusted": 0.0036, "significant": True, "alpha": 0.05, "correction": "holm",
            "min_n": 20, "details": [{"bias_type": "gender", "prefers_stereotypical": True}],
            "groups": [{"group": "gender", "n": 100, "share": 0.66, "ci": [0.56, 0.74],
                        "p_value": 0.0017, "p_adjusted": 0.0036, "significant": True,
                        "finding": True},
                       {"group": "age", "n": 8, "share": 1.0, "ci": [0.68, 1.0],
                        "p_value": 0.0078, "p_adjusted": 0.0156, "significant": True,
                        "finding": False, "note": "too few pairs (n = 8 < 20) to call a finding"},
                       {"group": "religion", "n": 12, "share": 0.42, "ci": [0.19, 0.68],
                        "p_value": 0.77, "p_adjusted": 0.77, "significant": False,
                        "finding": False}],
            "caveat": "English templates only; 12 occupations", "probe_set_version": "1",
            "parameters": {"templates": 10}}


@pytest.fixture
def profile_payload() -> dict:
    return {"rows": 400, "columns": {"text": {"missing": 0}}, "languages": {"en": 0.8, "es": 0.2},
            "duplicates": {"exact": 3},
            "pii": {"entities": {"EMAIL_ADDRESS": 12, "PERSON": 30, "PHONE_NUMBER": 0},
                    "rows_with_pii": 37, "findings": []},
            "file": "support_tickets.csv", "caveat": "sample of the first 400 rows"}


@pytest.fixture
def feedback_payload() -> dict:
    items = [
        {"id": 1, "category": "biased", "group": "women", "language": "en",
         "comment": "Assumed the nurse is a woman", "input": "a", "output": "b"},
        {"id": 2, "category": "harmful", "group": "older people", "language": "en",
         "comment": "Mocked the user's age", "input": "a", "output": "b"},
        {"id": 3, "category": "wrong", "group": None, "language": "en",
         "comment": "Wrong opening hours", "input": "a", "output": "b"},
        {"id": 4, "category": "fine", "group": None, "language": "en", "comment": "",
         "input": "a", "output": "b"},
    ]
    return {"demo": "library-helper", "demo_title": "Library helper", "model": "smollm2-135m",
            "items": items, "counts": {"biased": 1, "harmful": 1, "wrong": 1, "fine": 1}}
