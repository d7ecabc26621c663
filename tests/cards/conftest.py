"""Fixtures for the cards tests: realistic evidence payloads shaped by the cross-area contract."""

from __future__ import annotations

import pytest


@pytest.fixture
def probe_payload() -> dict:
    return {"probe": "template-gender", "model": "smollm2-135m", "n": 120, "effect": 0.31,
            "ci": [0.12, 0.5], "p_value": 0.004, "details": [{"group": "women", "score": 0.4}],
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
