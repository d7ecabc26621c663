"""Engines that run a unit task over the units of a source: in this process, in a pool of local
processes, or on Ray Data (see ray_engine). One registry; every engine has the same `map`.

A task is a picklable object with `setup()` (load models; called once per worker) and
`__call__(unit) -> result` (read the unit's rows, run the batch steps, return a small partial).
Every engine yields results in unit order, so merges are deterministic. Errors raised while a
unit is processed come back as values and are raised here as the same one-line error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from explorer.batch.worker import (  # noqa: F401 - re-exported for callers of engines
    Outcome, UnitTask, limit_threads, reorder, run_unit, threads_per_worker, unwrap)
from glasshouse.errors import BadInput
from glasshouse.registry import Registry


class Engine(Protocol):
    name: str
    workers: int

    def map(self, task: UnitTask, units: Sequence[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


@dataclass
class LocalEngine:
    """Everything in this process, one unit after the other."""

    workers: int = 1
    name: str = "local"

    def map(self, task: UnitTask, units: Sequence[Any]) -> Iterator[Any]:
        ready = [False]
        for unit in units:
            yield unwrap(run_unit(task, unit, ready))

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ local processes

_worker_task: Any = None
_worker_ready = [False]


def _init_worker(task: UnitTask, threads: int) -> None:
    global _worker_task
    limit_threads(threads)
    _worker_task = task
    _worker_ready[0] = False


def _run_in_worker(unit: Any) -> Outcome:
    return run_unit(_worker_task, unit, _worker_ready)


@dataclass
class ProcessEngine:
    """A pool of `workers` fresh (spawned) processes; each loads its models once. At most
    `2 * workers` units are in flight, so memory stays bounded however many units there are."""

    workers: int = 2
    name: str = "processes"

    def map(self, task: UnitTask, units: Sequence[Any]) -> Iterator[Any]:
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(task, threads_per_worker(self.workers))) as pool:
            window: deque = deque()
            it = iter(units)
            try:
                for unit in it:
                    window.append(pool.submit(_run_in_worker, unit))
                    if len(window) >= 2 * self.workers:
                        yield unwrap(window.popleft().result())
                while window:
                    yield unwrap(window.popleft().result())
            finally:
                for f in window:
                    f.cancel()

    def close(self) -> None:
        pass


# ------------------------------------------------------------------ registry


@dataclass(frozen=True)
class EngineInfo:
    name: str
    description: str
    factory: Callable[..., Engine]


def _make_ray(workers: int = 2, address: str | None = None) -> Engine:
    from explorer.batch.ray_engine import RayEngine

    return RayEngine(workers=workers, address=address)


ENGINES: Registry[EngineInfo] = Registry("batch engine")
register = ENGINES.register

register(EngineInfo("local", "in this process, one batch after the other",
                    lambda workers=1, address=None: LocalEngine()))
register(EngineInfo("processes", "a pool of local worker processes (--workers)",
                    lambda workers=2, address=None: ProcessEngine(workers)))
register(EngineInfo("ray", "Ray Data map_batches on actor pools, on a local Ray instance or "
                    "the cluster at --ray-address", _make_ray))

ENGINE_NAMES = tuple(ENGINES.names())


def get_engine(name: str, *, workers: int | None = None, address: str | None = None) -> Engine:
    """An engine by name. `workers` defaults to 2 for processes/ray; `address` is Ray's."""
    key = (name or "").strip().lower()
    if key not in ENGINES:
        raise BadInput(f"unknown engine '{name}'; use one of {', '.join(ENGINES.names())}",
                       field="--engine")
    if workers is not None and workers < 1:
        raise BadInput("--workers must be at least 1", field="--workers")
    if address and key != "ray":
        raise BadInput("--ray-address is only used with --engine ray", field="--ray-address")
    kwargs: dict[str, Any] = {"address": address}
    if workers is not None:
        kwargs["workers"] = workers
    return ENGINES.get(key).factory(**kwargs)


@dataclass(frozen=True)
class RunInfo:
    engine: str
    workers: int
    units: int
    seconds: float


def run_ordered(engine: Engine, task: UnitTask, units: Sequence[Any],
                on_result: Callable[[Any], None]) -> RunInfo:
    start = time.perf_counter()
    for result in engine.map(task, units):
        on_result(result)
    return RunInfo(engine.name, engine.workers, len(units), time.perf_counter() - start)
