"""atheris harness: the card parser and `card check` on arbitrary text. Any exception is a crash
(check_text reports problems in its result, it never raises).
Run: python fuzz/fuzz_card_parser.py -atheris_runs=N  (see fuzz/README.md)."""

import os
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

with atheris.instrument_imports():
    from cards.check import check_text
    from cards.readme import blocks, split


def test_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    if data[:1] == b"-":
        text = "---\n" + text  # reach the YAML front matter more often
    _, body = split(text)
    blocks(body, "model")
    check_text(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
