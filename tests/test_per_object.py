"""glasshouse.per_object: one instance per object, shared by the web login and the JSON API."""

from __future__ import annotations

import threading

from glasshouse.per_object import per_object


class Thing:
    pass


def test_same_object_gets_the_same_instance_and_another_object_its_own():
    made = []
    memo = per_object(lambda obj: made.append(obj) or object())
    a, b = Thing(), Thing()
    assert memo(a) is memo(a)
    assert memo(a) is not memo(b)
    assert made == [a, b]


def test_equal_objects_are_told_apart_by_identity():
    memo = per_object(lambda obj: object())
    x, y = [1], [1]  # equal, unhashable: identity is the key
    assert memo(x) is not memo(y)


def test_an_object_reusing_a_discarded_objects_id_gets_a_fresh_instance():
    memo = per_object(lambda obj: ("for", obj))
    a = Thing()
    memo(a)
    b = Thing()
    memo._made[id(b)] = memo._made.pop(id(a))  # b now sits where a's id was: as after reuse
    assert memo(b) == ("for", b)


def test_threads_asking_at_once_share_one_instance():
    memo = per_object(lambda obj: object())
    key, got = Thing(), []
    threads = [threading.Thread(target=lambda: got.append(memo(key))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(g) for g in got}) == 1


def test_login_guard_and_api_auth_are_one_per_database_and_context(tmp_path):
    from glasshouse.api import _auth_for
    from glasshouse.context import AppContext
    from glasshouse.db import Database
    from glasshouse.login import guard_for

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    assert guard_for(db) is guard_for(db)
    assert guard_for(db).db is db
    ctx, twin = AppContext(db=db, auth_enabled=True), AppContext(db=db, auth_enabled=True)
    assert _auth_for(ctx) is _auth_for(ctx)
    assert _auth_for(twin) is not _auth_for(ctx)  # equal contexts, two objects
    assert _auth_for(ctx).guard is guard_for(db) is _auth_for(twin).guard
