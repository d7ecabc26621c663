"""The Ray engine: units become a Ray Dataset, and one `map_batches` call runs the unit task on
an actor pool (`ActorPoolStrategy(size=workers)`): each actor sets the task up (loads its
models) once in `__init__`, then processes one unit per call. Embedding tasks get `num_gpus=1`
per actor when the cluster has GPUs. Results come back to the driver as they finish and are put
in unit order.

Without an address a local Ray instance is started (and stopped afterwards); an existing
connection (`ray.init` done by the caller) is reused. Ray is imported only here, lazily.
"""

from __future__ import annotations

import os
import pickle
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.batch.worker import Outcome, limit_threads, reorder, run_unit, unwrap
from glasshouse.errors import BadInput

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds explorer/ and glasshouse/
CONNECT_TIMEOUT_S = 5.0


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise BadInput("Ray is not installed here; install ray[data] (see requirements.txt) "
                       "or use --engine processes", field="--engine") from None
    return ray


def check_address(address: str) -> str:
    """Fail fast, in one line, when nothing listens at a Ray address (ray.init would retry for
    a long time). 'auto' (the cluster this machine belongs to) is passed through."""
    addr = address.strip()
    if addr == "auto" or addr == "local":
        return addr
    body = addr.removeprefix("ray://")
    host, sep, port = body.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadInput(f"'{address}' is not a Ray address; write HOST:PORT (the head node's "
                       "GCS port, 6379 by default), ray://HOST:10001 or auto",
                       field="--ray-address")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        raise BadInput(f"cannot reach a Ray cluster at {addr} ({exc.strerror or exc}); start "
                       "one with 'ray start --head' or leave out --ray-address",
                       field="--ray-address") from None
    return addr


class _UnitActor:
    """One per Ray worker: sets the task up once, then runs it on one unit per batch."""

    def __init__(self, task_bytes: bytes, threads: int) -> None:
        limit_threads(threads)
        self.task = pickle.loads(task_bytes)
        self.ready = [False]
        self.setup_error: Outcome | None = None
        try:
            self.task.setup()
            self.ready[0] = True
        except Exception as exc:  # noqa: BLE001 - reported with the first unit
            from glasshouse.errors import GlasshouseError

            self.setup_error = Outcome(-1, error=str(exc) if isinstance(exc, GlasshouseError)
                                       else f"{type(exc).__name__}: {exc}",
                                       bad_input=isinstance(exc, GlasshouseError))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = []
        for raw in batch["unit"]:
            unit = pickle.loads(raw)
            if self.setup_error is not None:
                res = Outcome(unit.index, error=self.setup_error.error,
                              bad_input=self.setup_error.bad_input)
            else:
                res = run_unit(self.task, unit, self.ready)
            out.append(pickle.dumps(res))
        return {"outcome": np.array(out, dtype=object)}


@dataclass
class RayEngine:
    workers: int = 2
    address: str | None = None
    name: str = "ray"
    _started: bool = field(default=False, repr=False)

    def connect(self) -> Any:
        ray = _ray()
        if ray.is_initialized():
            return ray
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                  "logging_level": "ERROR"}
        if self.address:
            kwargs["address"] = check_address(self.address)
            # workers of an existing cluster get our code (small) shipped with the job
            kwargs["runtime_env"] = {"py_modules": [str(ROOT / "explorer"),
                                                    str(ROOT / "glasshouse")]}
        else:
            kwargs["num_cpus"] = max(self.workers, 1)
            kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}}
        try:
            ray.init(**kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise BadInput(f"could not start or join Ray ({str(exc).splitlines()[0][:200]})",
                           field="--ray-address") from None
        self._started = True
        return ray

    def map(self, task: Any, units: Sequence[Any]) -> Iterator[Any]:
        if not units:
            return
        ray = self.connect()
        from ray import data as ray_data

        ctx = ray_data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if cpus and self.workers > cpus:
            raise BadInput(f"the Ray cluster has {cpus} CPUs; ask for at most {cpus} workers",
                           field="--workers")
        gpus = getattr(task, "wants_gpu", False) and ray.cluster_resources().get("GPU", 0) >= 1
        items = [{"index": u.index, "unit": pickle.dumps(u)} for u in units]
        ds = ray_data.from_items(items, override_num_blocks=len(items))
        ds = ds.map_batches(
            _UnitActor, fn_constructor_kwargs={"task_bytes": pickle.dumps(task),
                                               "threads": 1},
            batch_size=1, batch_format="numpy", num_cpus=1,
            compute=ray_data.ActorPoolStrategy(size=self.workers),
            num_gpus=1 if gpus else None)

        def outcomes() -> Iterator[tuple[int, Outcome]]:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                for raw in batch["outcome"]:
                    res: Outcome = pickle.loads(raw)
                    yield res.index, res

        for res in reorder(outcomes(), [u.index for u in units]):
            yield unwrap(res)

    def close(self) -> None:
        if self._started:
            _ray().shutdown()
            self._started = False
