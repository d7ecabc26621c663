"""What runs inside a batch worker, whatever the engine: the unit-task protocol, running one unit
(set-up once, errors returned as values), thread limits, and putting results back in unit order.

Both the engine registry (engines.py) and the Ray engine (ray_engine.py) build on this module, so
neither imports the other at module level.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from glasshouse.errors import BadInput, GlasshouseError


class UnitTask(Protocol):
    wants_gpu: bool

    def setup(self) -> None: ...

    def __call__(self, unit: Any) -> Any: ...


@dataclass(frozen=True)
class Outcome:
    """What came back for one unit: a result, or the error it raised."""

    index: int
    result: Any = None
    error: str | None = None
    bad_input: bool = False


def run_unit(task: UnitTask, unit: Any, ready: list[bool]) -> Outcome:
    """Run `task` on `unit` (setting the task up first if `ready[0]` is False)."""
    try:
        if not ready[0]:
            task.setup()
            ready[0] = True
        return Outcome(unit.index, result=task(unit))
    except GlasshouseError as exc:
        return Outcome(unit.index, error=str(exc), bad_input=True)
    except Exception as exc:  # noqa: BLE001 - reported to the driver as one line
        return Outcome(unit.index, error=f"{type(exc).__name__}: {exc}")


def unwrap(outcome: Outcome) -> Any:
    if outcome.error is not None:
        if outcome.bad_input:
            raise BadInput(outcome.error)
        raise RuntimeError(f"a batch worker failed ({outcome.error})")
    return outcome.result


def threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def limit_threads(n: int) -> None:
    """Keep numeric libraries in a worker to `n` threads (no oversubscription)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "RAYON_NUM_THREADS"):
        os.environ[var] = str(n)
    try:
        import torch

        torch.set_num_threads(n)
    except ImportError:
        pass


def reorder(pairs: Iterable[tuple[int, Any]], order: Sequence[int]) -> Iterator[Any]:
    """Yield the values of (index, value) pairs in the given order of indices, holding only
    the values that arrive early."""
    waiting: dict[int, Any] = {}
    pos = 0
    for index, value in pairs:
        waiting[index] = value
        while pos < len(order) and order[pos] in waiting:
            yield waiting.pop(order[pos])
            pos += 1
    for index in order[pos:]:
        if index in waiting:
            yield waiting.pop(index)
