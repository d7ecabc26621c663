"""glasshouse/restore_gate.py: a page's restored results reach the browser before the visitor's
own, per browser session."""

from __future__ import annotations

import threading

from glasshouse.restore_gate import RestoreGate, session_of


def _act(gate: RestoreGate, session: str | None, out: list) -> threading.Thread:
    t = threading.Thread(target=lambda: out.append(gate.action_begins(session)), daemon=True)
    t.start()
    return t


def test_an_action_waits_for_the_restore_under_way_in_its_session_only() -> None:
    gate = RestoreGate(wait_s=30)
    assert gate.restore_begins("a") and gate.restore_begins("b")
    done_a: list = []
    done_b: list = []
    in_a = _act(gate, "a", done_a)
    in_c = _act(gate, "c", [])  # a session with no restore goes straight on
    in_c.join(10)
    assert not in_c.is_alive()
    in_a.join(0.5)
    assert in_a.is_alive() and not done_a  # held: a's restore is not on the page yet
    gate.restore_delivered("b")  # another session's restore does not release it
    in_a.join(0.5)
    assert in_a.is_alive()
    gate.restore_delivered("a")
    in_a.join(10)
    assert done_a == [True]
    in_b = _act(gate, "b", done_b)  # b's restore was delivered before it acted
    in_b.join(10)
    assert done_b == [True]


def test_no_restore_after_the_visitor_acted() -> None:
    gate = RestoreGate()
    assert gate.action_begins("s") is True
    assert gate.restore_begins("s") is False
    assert gate.restore_begins("other") is True


def test_a_restore_never_delivered_holds_an_action_at_most_wait_s() -> None:
    gate = RestoreGate(wait_s=0.2)
    gate.restore_begins("closed-page")
    assert gate.action_begins("closed-page") is False  # gave up waiting, goes ahead


def test_requests_without_a_session_are_never_held_and_sessions_are_bounded() -> None:
    gate = RestoreGate(wait_s=30, max_sessions=3)
    assert gate.restore_begins(None) and gate.action_begins(None)
    assert session_of(object()) is None
    for k in range(10):
        gate.restore_begins(f"s{k}")
    assert len(gate._sessions) == 3  # noqa: SLF001 - the bound is the behaviour under test
    assert gate.action_begins("s0") is True  # forgotten: nothing to wait for
