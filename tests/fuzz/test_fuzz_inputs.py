"""Property tests (hypothesis): malformed input to the importers, normalisers, card check,
dataset loaders and demo feedback gives a result or a BadInput naming where, never another
exception."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasshouse.errors import BadInput, GlasshouseError

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
words = st.text(alphabet=string.ascii_letters + string.digits + " -_;|,.'\"\n\xe9\u0639",
                max_size=30)
scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | words
values = st.recursive(scalars, lambda c: st.lists(c, max_size=4)
                      | st.dictionaries(words, c, max_size=4), max_leaves=8)
FIELDS = ["id", "name", "languages", "licenses", "derived_from", "year", "size", "access",
          "modality", "homepage", "validation", "risks", "creators", "Name", "Dialect", "License"]
rows = st.dictionaries(st.sampled_from(FIELDS) | words, values, max_size=8)


def _importer_formats() -> list[tuple[str, str]]:
    """Every registered importer with its first suffix: a new importer is fuzzed too."""
    from catalog.importers import IMPORTERS

    return [(imp.name, (imp.suffixes or (".json",))[0]) for imp in IMPORTERS.all()]


@FAST
@given(fmt=st.sampled_from(_importer_formats()), data=st.binary(max_size=400))
def test_importers_on_arbitrary_bytes_give_rows_or_bad_input(tmp_path, fmt, data):
    from catalog.importers import IMPORTERS, validate_rows

    path = tmp_path / f"in{fmt[1]}"
    path.write_bytes(data)
    importer = IMPORTERS.get(fmt[0])
    try:
        good, rejected, _warnings = validate_rows(importer.read(path), importer)
    except BadInput as exc:
        assert exc.file == path.name
        return
    assert all(r.row >= 1 and r.field for r in rejected)


@FAST
@given(items=st.lists(rows, max_size=5), fmt=st.sampled_from(["json", "jsonl", "masader"]))
def test_structured_but_wrong_rows_are_imported_or_rejected_with_row_and_field(
        sqlite_db, tmp_path, items, fmt):
    from catalog.importers import import_file
    from glasshouse.users import Actor

    path = tmp_path / ("in.jsonl" if fmt == "jsonl" else "in.json")
    path.write_text("\n".join(json.dumps(i) for i in items) if fmt == "jsonl"
                    else json.dumps(items), encoding="utf-8")
    try:
        report = import_file(sqlite_db, path, actor=Actor("cora", "curator"), fmt=fmt,
                             partial=True)
    except BadInput as exc:
        assert exc.file == path.name
        return
    assert report.imported + report.updated <= len(items)
    assert all(1 <= r.row <= max(len(items), 1) and r.field for r in report.rejected)


@FAST
@given(text=st.text(max_size=40))
def test_language_normaliser_gives_a_valid_tag_or_bad_input(text):
    import langcodes

    from catalog.languages import normalise_language

    try:
        tag = normalise_language(text)
    except BadInput as exc:
        assert exc.field == "languages"
        return
    assert langcodes.tag_is_valid(tag)


@FAST
@given(text=st.text(max_size=40) | st.sampled_from(["CC BY-NC 4.0", "LicenseRef-", "MIT OR",
                                                    "GPL-2.0 AND (", "cc-by-sa"]))
def test_license_normaliser_gives_a_known_class_or_bad_input(text):
    from catalog.licenses import CLASS_ORDER, license_facts, normalise_license

    try:
        spdx = normalise_license(text)
    except BadInput as exc:
        assert exc.field == "licenses"
        return
    assert license_facts(spdx).license_class in CLASS_ORDER


yaml_meta = st.dictionaries(st.sampled_from(["license", "language", "tags", "pretty_name",
                                             "datasets", "model-index", "license_name"]) | words,
                            values, max_size=5)


@FAST
@given(meta=yaml_meta, body=st.text(max_size=200), junk=st.text(max_size=80))
def test_card_check_reports_never_raises(meta, body, junk):
    import yaml

    from cards.check import check_text

    for text in (f"---\n{yaml.safe_dump(meta)}---\n{body}", f"---\n{junk}\n---\n{body}", junk):
        result = check_text(text)
        assert 0 <= result.completeness <= 1
        assert result.valid == (not result.errors)


def _valid_bytes(suffix: str) -> bytes:
    import io

    import pandas as pd

    frame = pd.DataFrame({"text": ["a", "b\u00e9"], "n": [1, 2]})
    buf = io.BytesIO()
    if suffix == ".parquet":
        frame.to_parquet(buf, index=False)
    else:
        frame.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


@FAST
@given(suffix=st.sampled_from([".csv", ".jsonl", ".json", ".parquet", ".xlsx", ".tsv"]),
       data=st.binary(max_size=300), cut=st.integers(0, 10**6), flip=st.integers(0, 255))
def test_dataset_loader_on_arbitrary_or_damaged_bytes_gives_a_table_or_bad_input(
        tmp_path, suffix, data, cut, flip):
    from explorer.datasets.loading import load_table

    path = tmp_path / f"data{suffix}"
    if suffix in (".parquet", ".xlsx") and flip % 2:  # damage a real file: reach its parser
        raw = bytearray(_valid_bytes(suffix))
        pos = cut % len(raw)
        raw[pos] ^= flip
        data = bytes(raw[:len(raw) - (cut % 3) * (pos // 2)])
    path.write_bytes(data)
    try:
        table = load_table(path)
    except BadInput as exc:
        assert exc.file == path.name
        return
    assert table.frame.shape[1] >= 1


@pytest.fixture
def demo_run(db, curator):
    from demos import service
    from tests.demos.conftest import redaction_spec

    demo = service.create_demo(db, redaction_spec(), actor=curator)
    return service.run_demo(db, demo.slug, ["Write to ana@example.org"], actor=None,
                            client="fuzz")[0]


@FAST
@given(payload=st.dictionaries(st.sampled_from(["run_id", "category", "group", "language",
                                                "comment"]) | words, values, max_size=6),
       use_run=st.booleans())
def test_demo_feedback_validation_accepts_or_refuses_cleanly(db, demo_run, payload, use_run):
    from demos import service
    from demos.service import RateLimits

    if use_run:
        payload = {**payload, "run_id": demo_run.id}
    try:
        got = service.submit_feedback(db, payload, actor=None, client="fuzz",
                                      limits=RateLimits(feedback=10**6))
    except GlasshouseError:
        return
    assert got.id >= 1
