"""Inputs that fuzzing found to crash (an exception other than BadInput/a validation error);
each is now a clear rejection naming the field."""

from __future__ import annotations

import json

import pytest

from catalog.importers import REGISTRY, validate_rows


@pytest.mark.parametrize(("item", "field", "message"), [
    ({"name": "x", "licenses": ["|"]}, "licenses", "not an SPDX licence id"),
    ({"name": "x", "creators": True}, "creators", "must be a list"),
    ({"name": "x", "validation": True}, "validation", "must map section names"),
    ({"name": "x", "languages": 5}, "languages", "must be a list"),
    ({"name": "x", "derived_from": 1.5}, "derived_from", "must be a list"),
])
def test_fuzz_found_rows_are_rejected_with_their_field(tmp_path, item, field, message):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    good, rejected = validate_rows(REGISTRY["json"].read(path), REGISTRY["json"])
    assert good == []
    assert [(r.row, r.field) for r in rejected] == [(1, field)]
    assert message in rejected[0].error
