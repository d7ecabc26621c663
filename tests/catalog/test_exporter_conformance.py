"""Conformance over the export-format registry: every lossless exporter's output, imported with
the importer of the same name, gives back the same entries; every exporter handles an empty
catalog and entries in any script."""

from __future__ import annotations

import pytest

from catalog.exporters import EXPORTERS
from catalog.importers import IMPORTERS, validate_rows
from catalog.schema import Entry

ENTRIES = [
    Entry(name="مدونة المصري", description="Egyptian blog posts", languages=["ar-EG"],
          licenses=["CC BY-NC 4.0"], tasks=["sentiment analysis"],
          size={"value": 12345.5, "unit": "sentences"}),
    Entry(name="WMT24++", description="=SUM(A1) starts like a formula", languages=["de", "en"],
          licenses=["Apache-2.0"], derived_from=["wmt24"]),
]


@pytest.mark.parametrize("name", EXPORTERS.names())
def test_every_exporter_writes_text_for_any_script_and_an_empty_catalog(name) -> None:
    from glasshouse.errors import BadInput

    exp = EXPORTERS.get(name)
    if exp.one_entry:
        assert exp.write(ENTRIES[:1])
        with pytest.raises(BadInput):
            exp.write(ENTRIES)
        return
    assert isinstance(exp.write(ENTRIES), str) and exp.write(ENTRIES)
    assert isinstance(exp.write([]), str)


@pytest.mark.parametrize("name", [n for n in EXPORTERS.names() if EXPORTERS.get(n).lossless])
def test_every_lossless_exporter_round_trips_with_its_importer(tmp_path, name) -> None:
    exp = EXPORTERS.get(name)
    entries = ENTRIES[:1] if exp.one_entry else ENTRIES
    path = tmp_path / f"export{exp.suffix}"
    path.write_text(exp.write(entries), encoding="utf-8")
    importer = IMPORTERS.get(name)
    good, rejected, _warnings = validate_rows(importer.read(path), importer)
    assert rejected == []
    assert [e.model_dump() for e in good] == [e.model_dump() for e in entries]
