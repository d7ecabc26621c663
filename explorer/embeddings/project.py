"""Project embeddings to 2-D/3-D: PCA (instant) and UMAP (slower, keeps local neighbourhoods).

Both return a `Projection` that can place new points on the same map (`transform`) without
refitting. UMAP's first fit in a process compiles numba code (~50 s); `warm_up_umap()` does that
in a background thread at start-up so a person's first UMAP map does not wait.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from glasshouse.errors import BadInput

UMAP_MIN_ROWS = 5

UMAP_HELP = {
    "n_neighbors": "How many neighbours each text looks at. Small values show fine local "
                   "groups (and may split real groups apart); large values show the big picture.",
    "min_dist": "How tightly points may pack together. Small values give dense clumps that "
                "make groups easy to see; large values spread points out evenly.",
    "metric": "How closeness of two texts is measured. 'cosine' (the angle between them) suits "
              "sentence embeddings; 'euclidean' is straight-line distance.",
    "n_components": "2 for a flat map, 3 for a map you can rotate.",
}


class UmapParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    n_neighbors: int = Field(15, ge=2, le=200, description=UMAP_HELP["n_neighbors"])
    min_dist: float = Field(0.1, ge=0.0, le=0.99, description=UMAP_HELP["min_dist"])
    metric: Literal["cosine", "euclidean", "manhattan", "correlation"] = Field(
        "cosine", description=UMAP_HELP["metric"])
    n_components: Literal[2, 3] = Field(2, description=UMAP_HELP["n_components"])
    random_state: int | None = Field(42, description="Fixed seed: the same data gives the same "
                                                     "map (slightly slower than no seed).")


@dataclass(frozen=True)
class PcaModel:
    mean: Any  # (dim,)
    components: Any  # (k, dim)
    explained: Any  # (k,) share of variance per component

    def transform(self, vectors: Any) -> Any:
        import numpy as np

        x = np.asarray(vectors, dtype=np.float32)
        return x @ self.components.T - self.mean @ self.components.T


@dataclass(frozen=True)
class Projection:
    method: Literal["pca", "umap"]
    coords: Any  # (n, d) float32
    model: Any = field(repr=False)
    params: dict[str, Any]
    seconds: float

    @property
    def dims(self) -> int:
        return int(self.coords.shape[1])

    def transform(self, vectors: Any) -> Any:
        """Place new embeddings on this map without refitting it."""
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] == 0:
            raise BadInput("nothing to place on the map")
        if self.method == "pca":
            if vectors.shape[1] != self.model.mean.shape[0]:
                raise BadInput(f"these vectors have {vectors.shape[1]} dimensions but the map "
                               f"was made from {self.model.mean.shape[0]}: use the same model")
            return self.model.transform(vectors).astype(np.float32)
        return np.asarray(self.model.transform(vectors), dtype=np.float32)


def _check(vectors: Any, min_rows: int, what: str) -> Any:
    import numpy as np

    x = np.asarray(vectors, dtype=np.float32)
    if x.ndim != 2:
        raise BadInput(f"{what} needs a table of vectors (rows x dimensions)")
    if x.shape[0] < min_rows:
        raise BadInput(f"{what} needs at least {min_rows} texts; got {x.shape[0]}")
    if not np.isfinite(x).all():
        raise BadInput(f"{what}: some vectors contain NaN or infinite values")
    return x


def pca(vectors: Any, n_components: int = 2) -> Projection:
    """Exact PCA through the eigenvectors of the (dim x dim) covariance: 100k x 384 in well under
    a second. Component signs are fixed (largest loading positive) so maps are reproducible."""
    import numpy as np

    start = time.perf_counter()
    x = _check(vectors, 2, "PCA")
    if n_components not in (2, 3):
        raise BadInput("a map has 2 or 3 dimensions", field="dims")
    n = x.shape[0]
    mean64 = x.mean(axis=0, dtype=np.float64)
    # covariance without a centred copy: one float32 GEMM (BLAS), then a float64 correction
    gram = (x.T @ x).astype(np.float64)
    cov = (gram - n * np.outer(mean64, mean64)) / max(1, n - 1)
    mean = mean64.astype(np.float32)
    values, vecs = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    comps = vecs[:, order].T
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    comps = (comps * np.where(signs == 0, 1, signs)[:, None]).astype(np.float32)
    total = float(values.clip(min=0).sum()) or 1.0
    explained = values[order].clip(min=0) / total
    model = PcaModel(mean=mean, components=comps, explained=explained)
    coords = model.transform(x).astype(np.float32)
    return Projection("pca", coords, model, {"n_components": n_components,
                                             "explained_variance": [float(v) for v in explained]},
                      time.perf_counter() - start)


_warm = threading.Event()
_warm_thread: threading.Thread | None = None
_warm_lock = threading.Lock()


def umap_ready() -> bool:
    """True once numba code for UMAP is compiled in this process."""
    return _warm.is_set()


def warm_up_umap(background: bool = True, delay_s: float = 0.0) -> threading.Thread | None:
    """Compile UMAP's numba code on a tiny fit (once per process). With background=True this runs
    in a daemon thread and returns the thread; the app calls it at start-up."""
    global _warm_thread

    def work() -> None:
        try:
            if delay_s:  # and, in a server, after its first page (glasshouse/warmup.py)
                from glasshouse.warmup import wait_for_a_quiet_moment

                wait_for_a_quiet_moment(delay_s)
            import numpy as np

            rng = np.random.default_rng(0)
            x = rng.normal(size=(300, 16)).astype(np.float32)
            # below 4,096 rows UMAP finds neighbours exactly; above, with NNDescent (random
            # projection trees + neighbour descent), a second set of numba functions that would
            # otherwise compile inside the first big fit (~50 s of a 50k-point map): warm both
            for approximate in (False, True):
                model = _umap_model(UmapParams(n_neighbors=10), 300, approximate=approximate)
                model.fit(x)
                model.transform(x[:5])
        except Exception:  # noqa: BLE001 - warm-up is best effort; the real fit will report
            import logging

            logging.getLogger("glasshouse.embeddings").warning("UMAP warm-up failed",
                                                               exc_info=True)
        finally:
            _warm.set()

    with _warm_lock:
        if _warm.is_set() or (_warm_thread is not None and _warm_thread.is_alive()):
            return _warm_thread
        if not background:
            work()
            return None
        _warm_thread = threading.Thread(target=work, name="umap-warm-up", daemon=True)
        _warm_thread.start()
        return _warm_thread


def _umap_model(params: UmapParams, n_rows: int, approximate: bool = False) -> Any:
    import warnings

    warnings.filterwarnings("ignore", message=".*n_jobs value.*", category=UserWarning)
    import umap

    return umap.UMAP(n_neighbors=min(params.n_neighbors, n_rows - 1), min_dist=params.min_dist,
                     metric=params.metric, n_components=params.n_components,
                     random_state=params.random_state, low_memory=True,
                     force_approximation_algorithm=approximate)


def fit_umap(vectors: Any, params: UmapParams | None = None) -> Projection:
    """UMAP on the embeddings; n_neighbors is capped at (rows - 1) for small data."""
    import numpy as np

    params = params or UmapParams()
    start = time.perf_counter()
    x = _check(vectors, UMAP_MIN_ROWS, "UMAP")
    model = _umap_model(params, x.shape[0])
    coords = np.asarray(model.fit_transform(x), dtype=np.float32)
    _warm.set()
    used = params.model_dump()
    used["n_neighbors"] = model.n_neighbors
    return Projection("umap", coords, model, used, time.perf_counter() - start)


def project(vectors: Any, method: str = "pca", dims: int = 2,
            umap_params: UmapParams | None = None) -> Projection:
    if method == "pca":
        return pca(vectors, dims)
    if method == "umap":
        params = UmapParams(**{**(umap_params or UmapParams()).model_dump(), "n_components": dims})
        return fit_umap(vectors, params)
    raise BadInput(f"unknown projection '{method}'; use pca or umap", field="method")
