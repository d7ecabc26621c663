"""Inputs that fuzzing found to crash (an exception other than BadInput/a validation error);
each is now a clear rejection naming the field."""

from __future__ import annotations

import json

import pytest

from catalog.importers import IMPORTERS, validate_rows
from glasshouse.errors import BadInput


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
    good, rejected = validate_rows(IMPORTERS.get("json").read(path),
                                   IMPORTERS.get("json"))[:2]
    assert good == []
    assert [(r.row, r.field) for r in rejected] == [(1, field)]
    assert message in rejected[0].error


@pytest.mark.parametrize("metadata", [b'{"index_columns": [}', b"\xad\xad not utf-8"])
def test_parquet_with_damaged_pandas_metadata_still_loads_its_rows(tmp_path, metadata):
    """Found by hypothesis: a flipped byte inside the file's pandas metadata made pyarrow raise
    a JSON/Unicode error from to_pandas(); the columns themselves are intact."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from explorer.datasets.loading import load_table

    table = pa.table({"text": ["hola", "bonjour", "hello"], "label": [1, 0, 1]})
    path = tmp_path / "damaged.parquet"
    pq.write_table(table.replace_schema_metadata({b"pandas": metadata}), path)
    loaded = load_table(path)
    assert list(loaded.frame["text"]) == ["hola", "bonjour", "hello"]
    assert list(loaded.frame["label"]) == [1, 0, 1]


@pytest.mark.parametrize("text", ["\x00", "en\x00", "a\x00b", "\x7fes"])
def test_control_characters_in_a_language_are_bad_input_not_a_crash(text) -> None:
    """Found by the language fuzz target: language_data's name trie raised UnicodeDecodeError
    (a SystemError under hypothesis) on a NUL byte."""
    from catalog.languages import normalise_language

    with pytest.raises(BadInput) as err:
        normalise_language(text)
    assert err.value.field == "languages"


@pytest.mark.parametrize("pos, flip", [(28, 1), (28, 0x55)])
def test_a_workbook_with_damaged_compressed_data_is_bad_input(tmp_path, pos, flip) -> None:
    """Found by the loader fuzz target: a flipped byte in a member's deflate stream raised
    zlib.error (or RuntimeError for a bad CRC header) from the workbook size check."""
    from explorer.datasets.loading import load_table
    from tests.fuzz.test_fuzz_inputs import _valid_bytes

    raw = bytearray(_valid_bytes(".xlsx"))
    raw[pos % len(raw)] ^= flip
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(raw))
    with pytest.raises(BadInput) as err:
        load_table(path)
    assert err.value.file == "damaged.xlsx"
