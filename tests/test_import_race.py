"""A callback whose lazy import meets another thread's import of the same modules (Python
raises _DeadlockError in one of them) answers, instead of "Something went wrong"."""

from __future__ import annotations

import importlib
import sys
import threading
import uuid

import pytest


def _circular_modules(tmp_path, monkeypatch) -> tuple[str, str]:
    """Two packages whose __init__ imports the other's submodule once the other has started:
    two threads importing `a.sub` and `b.sub` each hold their submodule's import lock while
    importing its package, and meet in a real import deadlock (the pattern of libraries whose
    subpackages import one another)."""
    tag = uuid.uuid4().hex[:8]
    names = {k: f"race_{k}_{tag}" for k in ("a", "b")}
    sync = f"race_sync_{tag}"
    (tmp_path / f"{sync}.py").write_text(
        "import threading\nstarted = {'a': threading.Event(), 'b': threading.Event()}\n")
    for me, other in (("a", "b"), ("b", "a")):
        pkg = tmp_path / names[me]
        pkg.mkdir()
        (pkg / "__init__.py").write_text(
            f"import {sync}\n{sync}.started['{me}'].set()\n"
            f"{sync}.started['{other}'].wait(10)\nimport {names[other]}.sub\n")
        (pkg / "sub.py").write_text(f"VALUE = '{me}'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    return f"{names['a']}.sub", f"{names['b']}.sub"


def _import_in_two_threads(wrap, tmp_path, monkeypatch) -> tuple[dict, dict]:
    a, b = _circular_modules(tmp_path, monkeypatch)
    got: dict[str, object] = {}
    failed: dict[str, BaseException] = {}

    def run(name: str) -> None:
        try:
            got[name] = wrap(lambda: importlib.import_module(name).VALUE)()
        except BaseException as exc:  # noqa: BLE001 - kept for the assertion
            failed[name] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for n in (a, b):
        for m in (n, n.split(".")[0]):
            sys.modules.pop(m, None)
    return got, failed


def test_the_race_is_real_without_a_retry(tmp_path, monkeypatch) -> None:
    from glasshouse.import_race import is_import_deadlock

    got, failed = _import_in_two_threads(lambda f: f, tmp_path, monkeypatch)
    assert len(failed) == 1 and is_import_deadlock(next(iter(failed.values())))


def test_a_safe_callback_tries_the_import_again(tmp_path, monkeypatch) -> None:
    from glasshouse.ui import safe

    got, failed = _import_in_two_threads(safe, tmp_path, monkeypatch)
    assert failed == {}
    assert sorted(got.values()) == ["a", "b"]


def test_other_errors_are_not_tried_again() -> None:
    from glasshouse.import_race import retry_import_deadlocks

    calls = []

    def broken() -> None:
        calls.append(1)
        raise RuntimeError("a real failure")

    with pytest.raises(RuntimeError, match="a real failure"):
        retry_import_deadlocks(broken)
    assert calls == [1]
