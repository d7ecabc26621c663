"""Progress sentences with counts and time left; Cancel stops the work at its next step."""

from __future__ import annotations

import threading
import time

import pytest

from glasshouse import progress as gp


def test_counts_share_and_time_left_are_reported() -> None:
    seen: list[tuple[float, str]] = []
    t = gp.Tracker("Embedding", lambda f, s: seen.append((f, s)))
    t(0, 200)
    time.sleep(0.05)
    t(100, 200)
    assert seen[0] == (0.0, "Embedding 0/200 (0 %)")
    assert seen[1][0] == 0.5 and seen[1][1].startswith("Embedding 100/200 (50 %, ")
    assert "left" in seen[1][1]


def test_cancel_stops_work_running_in_another_thread() -> None:
    flag = gp.start("session-1:map")
    steps: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        t = gp.Tracker("Embedding", lambda f, s: None, flag)
        try:
            for i in range(10_000):
                t(i, 10_000)
                steps.append(i)
                time.sleep(0.001)
        except gp.Cancelled as exc:
            errors.append(exc)

    th = threading.Thread(target=work)
    th.start()
    while len(steps) < 5:
        time.sleep(0.001)
    assert gp.cancel("session-1:map")
    th.join(5)
    assert not th.is_alive() and len(steps) < 10_000
    assert errors and "cancelled" in str(errors[0])
    gp.finish("session-1:map", flag)
    assert not gp.cancel("session-1:map")


def test_a_new_start_replaces_an_old_flag() -> None:
    old = gp.start("k")
    new = gp.start("k")
    gp.cancel("k")
    assert new.is_set() and not old.is_set()
    t = gp.Tracker("Scan", lambda f, s: None, new)
    with pytest.raises(gp.Cancelled):
        t.say("loading the model")
