"""One instance per object: `per_object(factory)` returns a function that makes `factory(obj)`
the first time it is called with `obj` and returns that same instance for `obj` afterwards
(thread-safe). Objects are told apart by identity, not equality, and an object that reuses the
id of a discarded one gets a fresh instance, never the old one's."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PerObject(Generic[K, V]):
    """The memo behind `per_object`; `clear()` forgets every instance made so far."""

    def __init__(self, factory: Callable[[K], V]) -> None:
        self._factory = factory
        self._made: dict[int, tuple[K, V]] = {}  # id(obj) -> (obj, its instance)
        self._lock = threading.Lock()

    def __call__(self, obj: K) -> V:
        with self._lock:
            hit = self._made.get(id(obj))
            if hit is None or hit[0] is not obj:
                hit = self._made[id(obj)] = (obj, self._factory(obj))
            return hit[1]

    def clear(self) -> None:
        with self._lock:
            self._made.clear()


def per_object(factory: Callable[[K], V]) -> PerObject[K, V]:
    return PerObject(factory)
