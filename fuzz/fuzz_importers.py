"""atheris harness: catalog importers (CSV/JSON/JSONL/Masader/HF card) and validation on
arbitrary bytes. Any exception other than BadInput is a crash.
Run: python fuzz/fuzz_importers.py -atheris_runs=N  (see fuzz/README.md)."""

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

with atheris.instrument_imports():
    from catalog.importers import IMPORTERS, validate_rows
    from glasshouse.errors import BadInput

# every registered importer is a fuzz target (a new importer is fuzzed without editing this)
FORMATS = [(imp.name, (imp.suffixes or (".json",))[0]) for imp in IMPORTERS.all()]
TMP = Path(tempfile.mkdtemp(prefix="fuzz-importers-"))


def test_one(data: bytes) -> None:
    if not data:
        return
    fmt, suffix = FORMATS[data[0] % len(FORMATS)]
    path = TMP / f"input{suffix}"
    path.write_bytes(data[1:])
    importer = IMPORTERS.get(fmt)
    try:
        validate_rows(importer.read(path), importer)
    except BadInput:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
