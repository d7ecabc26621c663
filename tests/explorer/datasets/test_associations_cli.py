"""`python app.py associations FILE --json`: every listed word with counts, interval, p-values."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from glasshouse.cli import main

ROWS = ([("she works as a nurse in the hospital https://t.co/x @user", "en")] * 30
        + [("he's working as an engineer on site", "en")] * 30
        + [("he met a nurse", "en")] * 4 + [("she met an engineer", "en")] * 4)


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "texts.csv"
    pd.DataFrame(ROWS, columns=["text", "language"]).to_csv(path, index=False)
    return path


def test_associations_json(csv_file, capsys) -> None:
    code = main(["associations", str(csv_file), "--text-column", "text", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["group_rows"] == {"female": 34, "male": 34}  # "he's" counts for male
    assert out["correction"] == "Holm" and out["null"] == 0.0
    words = {w["word"]: w for w in out["words"]}
    assert words["nurse"]["significant"] and words["nurse"]["toward"] == "female"
    assert words["nurse"]["rows_with_word"] == {"female": 30, "male": 4}
    assert words["nurse"]["rows"] == {"female": 34, "male": 34}
    lo, hi = words["nurse"]["ci"]
    assert lo <= words["nurse"]["difference"] <= hi
    assert not {"user", "https", "http", "co"} & set(words)
    assert all(min(w["rows_with_word"].values()) >= 3 for w in out["words"])


def test_associations_bad_category_is_a_one_line_error(csv_file, capsys) -> None:
    code = main(["associations", str(csv_file), "--category", "bogus", "--json"])
    err = capsys.readouterr().err
    assert code == 2 and "--category" in err and "Traceback" not in err
