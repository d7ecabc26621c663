"""The pieces the request guard relies on, on hostile and on ordinary inputs."""

from __future__ import annotations

import json

import pytest

from glasshouse.http_guard import json_depth
from glasshouse.login import FailureLog
from glasshouse.uploads import foreign_file_paths, private_upload_dir, uploaded_file


@pytest.mark.parametrize("text,depth", [
    ("{}", 1), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('"[[[[[["', 0),
    ('{"s": "]]]]{{{{", "t": [["x\\"[["]]}', 3), ("[" * 5000 + "]" * 5000, 5000), ("1", 0),
])
def test_json_depth_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert json_depth(text.encode()) == depth


def test_only_filedata_outside_the_upload_dir_is_foreign(tmp_path) -> None:
    inside = private_upload_dir() / "t" / "ok.csv"
    inside.parent.mkdir(exist_ok=True)
    inside.write_text("a\n")
    payload = {"data": [
        {"path": str(inside), "meta": {"_type": "gradio.FileData"}},
        {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}},
        {"path": "/etc/hosts"},                               # old-style FileData: only a path
        {"path": "M 0 0 L 1 1", "type": "path", "line": {}},  # a plotly shape, not a file
        [[{"path": str(inside) + "/../../../etc/shadow", "orig_name": "x"}]],
    ]}
    assert foreign_file_paths(json.loads(json.dumps(payload))) == [
        str(inside) + "/../../../etc/shadow", "/etc/hosts", "/etc/passwd"]


def test_uploaded_file_names_the_problem(tmp_path) -> None:
    from glasshouse.errors import BadInput

    outside = tmp_path / "x.csv"
    outside.write_text("a\n")
    with pytest.raises(BadInput, match="not uploaded through this page") as err:
        uploaded_file(str(outside))
    assert err.value.field == "file"
    link = private_upload_dir() / "link.csv"
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    with pytest.raises(BadInput):
        uploaded_file(str(link))  # a link inside pointing outside
    link.unlink()


def test_failures_lock_after_the_limit_and_expire() -> None:
    log = FailureLog(limit=3, window_s=10)
    for t in (0.0, 1.0):
        log.fail("k", t)
    assert log.locked_for("k", 1.5) == 0
    log.fail("k", 2.0)
    assert log.locked_for("k", 2.5) == pytest.approx(9.5)
    assert log.locked_for("k", 12.5) == 0
    old = FailureLog(limit=3, window_s=10)
    for t in (0.0, 11.0, 22.0):  # spread beyond the window: never three at once
        old.fail("k", t)
    assert old.locked_for("k", 22.5) == 0
