"""Adding an importer takes its definition and its test: a throwaway importer registered here
is found by the CLI's --format choices, by content sniffing, by the conformance and fuzz
targets (which read the registry) and imports through the service, with no other file edited."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import importers
from catalog.importers import IMPORTERS, Importer, ImportOptions, guess_format, import_file

EXAMPLE = "#lines-catalog\nTiny Yoruba news | yo\nSwahili radio | sw\n"


def _read(path: Path, _options: ImportOptions | None = None) -> list:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        name, _, lang = line.partition("|")
        rows.append((i, {"name": name.strip(), "languages": [lang.strip()]}))
    return rows


@pytest.fixture
def lines_importer():
    imp = Importer("lines", (".lines",), "one entry per line: name | language", EXAMPLE, _read,
                   lambda path, head: head.startswith("#lines-catalog"))
    importers.register(imp)
    yield imp
    IMPORTERS.unregister(imp.name)


def test_the_cli_offers_it_and_reads_a_file_in_it(lines_importer, tmp_path, capsys) -> None:
    import json

    from glasshouse.cli import main

    path = tmp_path / "mine.txt"  # an unknown suffix: recognised by its content
    path.write_text(EXAMPLE, encoding="utf-8")
    assert guess_format(path) == "lines"
    # --format's choices come from the registry (LazyChoices): the new name is accepted
    assert main(["catalog", "import", str(path), "--format", "lines", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["imported"] == 2 and report["rejected"] == []


def test_the_registry_readers_see_it(lines_importer) -> None:
    from tests.fuzz.test_fuzz_inputs import _importer_formats

    assert ("lines", ".lines") in _importer_formats()
    assert "lines" in IMPORTERS.names()


def test_it_imports_through_the_service(lines_importer, db, curator, tmp_path) -> None:
    from catalog import service

    path = tmp_path / "x.lines"
    path.write_text(EXAMPLE, encoding="utf-8")
    report = import_file(db, path, actor=curator)
    assert (report.imported, report.rejected) == (2, [])
    assert sorted(e.languages[0] for e in service.list_entries(db)) == ["sw", "yo"]
