"""Embed texts with a registry model, in batches, with an on-disk cache keyed by model + text hash.

The cache stores one vector per distinct text, so a changed text is re-embedded while the rest
come from disk, and a second run over the same data reads everything back (no model load at all).
Layout: ``<cache_dir>/embeddings/<model-key>/<shard>.keys.npy`` (sorted hex digests of the texts)
and ``<shard>.vecs.npy`` (their float32 vectors, memory-mapped on read). A shard is written
atomically (vectors first, keys last) so a crash never leaves a half shard that is read.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasshouse.config import settings
from glasshouse.errors import BadInput

Progress = Callable[[int, int], None]
MAX_SHARDS = 8
_cache_lock = threading.Lock()


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def model_fingerprint(model: str) -> str:
    """Name plus the version of the package that ships its weights (a new version = new cache)."""
    from importlib import metadata

    from glasshouse import models

    try:
        source = models.spec(model).source
    except Exception:  # noqa: BLE001 - Hub ids are not registered: the id is the fingerprint
        return model
    try:
        return f"{model}@{metadata.version(source)}"
    except metadata.PackageNotFoundError:
        return model


class EmbeddingCache:
    """Vectors of one model, keyed by text hash, in append-only shards."""

    def __init__(self, fingerprint: str, root: Path | None = None) -> None:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", fingerprint)[:80]
        digest = hashlib.sha1(fingerprint.encode()).hexdigest()[:8]
        self.dir = (root or settings().cache_dir / "embeddings") / f"{slug}-{digest}"

    def _shards(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted(p for p in self.dir.glob("*.keys.npy"))

    def lookup(self, keys: Sequence[str]) -> tuple[Any, Any]:
        """(found mask, vectors for found keys in order) — vectors is None when none found."""
        import numpy as np

        wanted = np.asarray(keys, dtype="S32")
        found = np.zeros(len(wanted), dtype=bool)
        out: Any = None
        for keys_path in self._shards():
            try:
                shard_keys = np.load(keys_path)
                vecs = np.load(str(keys_path).replace(".keys.npy", ".vecs.npy"), mmap_mode="r")
            except (OSError, ValueError):
                continue  # unreadable shard: its texts are simply embedded again
            pos = np.searchsorted(shard_keys, wanted)
            pos = np.minimum(pos, len(shard_keys) - 1)
            hit = (shard_keys[pos] == wanted) & ~found
            if not hit.any():
                continue
            if out is None:
                out = np.zeros((len(wanted), vecs.shape[1]), dtype=np.float32)
            out[hit] = vecs[np.sort(pos[hit])][np.argsort(np.argsort(pos[hit]))]
            found |= hit
        return found, out

    def store(self, keys: Sequence[str], vectors: Any) -> None:
        import numpy as np

        if len(keys) == 0:
            return
        k = np.asarray(keys, dtype="S32")
        order = np.argsort(k)
        self.dir.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        with _cache_lock:
            self._write(name, k[order], np.asarray(vectors, dtype=np.float32)[order])
            if len(self._shards()) > MAX_SHARDS:
                self._compact()

    def _write(self, name: str, keys: Any, vecs: Any) -> None:
        import numpy as np

        for suffix, arr in ((".vecs.npy", vecs), (".keys.npy", keys)):
            tmp = self.dir / f".{name}{suffix}.tmp"
            with open(tmp, "wb") as fh:
                np.save(fh, arr)
            os.replace(tmp, self.dir / f"{name}{suffix}")

    def _compact(self) -> None:
        """Merge all shards into one (first copy of a key wins)."""
        import numpy as np

        shards = self._shards()
        keys, vecs = [], []
        for p in shards:
            keys.append(np.load(p))
            vecs.append(np.load(str(p).replace(".keys.npy", ".vecs.npy")))
        all_keys = np.concatenate(keys)
        all_vecs = np.concatenate(vecs)
        uniq, first = np.unique(all_keys, return_index=True)
        self._write(f"{time.time_ns():020d}-merged", uniq, all_vecs[first])
        for p in shards:
            for suffix in (".keys.npy", ".vecs.npy"):
                Path(str(p).replace(".keys.npy", suffix)).unlink(missing_ok=True)

    def clear(self) -> None:
        for p in self.dir.glob("*.npy") if self.dir.is_dir() else []:
            p.unlink(missing_ok=True)


@dataclass(frozen=True)
class EmbedResult:
    vectors: Any  # (n, dim) float32, L2-normalised, row i = texts[i]
    model: str
    n_texts: int
    n_unique: int
    n_from_cache: int
    n_computed: int
    seconds: float
    backend: str = "torch"


def load_embedder(model: str) -> Any:
    """A registry sentence-embedding model, or a sentence-transformers Hub id (online)."""
    from glasshouse import models

    if not model or not model.strip():
        raise BadInput("choose a model", field="model")
    return models.load(model.strip(), kind="sentence-embedding")


def unique_texts(texts: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(key of every text, the distinct keys in first-seen order, their texts): each distinct
    text is embedded once, however often it occurs."""
    keys = [text_key(t) for t in texts]
    first: dict[str, int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    return keys, list(first), [texts[i] for i in first.values()]


def cache_fingerprint(model: str, backend: str = "torch") -> str:
    """Cache key of a model run on a backend: the model's fingerprint, plus the backend for the
    ONNX ones (their vectors differ slightly from PyTorch's, so they never share a cache) and
    the int8 recipe for "onnx-int8" (a new recipe gives new vectors, never the old ones)."""
    from explorer.embeddings.onnx_backend import INT8_RECIPE_ID

    fp = model_fingerprint(model)
    if backend == "onnx-int8":
        return f"{fp}+{backend}.{INT8_RECIPE_ID}"
    return fp if backend == "torch" else f"{fp}+{backend}"


def load_backend_embedder(model: str, backend: str) -> Any:
    """`model` run by an ONNX backend ("onnx", "onnx-int8"), exported on first use."""
    from explorer.embeddings import onnx_backend

    if not model or not model.strip():
        raise BadInput("choose a model", field="model")
    return onnx_backend.load(model.strip(), backend, model_fingerprint(model.strip()))


def embed_texts(texts: Sequence[str], model: str = "minilm-en", *, batch_size: int = 64,
                chunk_size: int = 256, use_cache: bool = True,
                progress: Progress | None = None, backend: str = "torch",
                status: Callable[[str], None] | None = None) -> EmbedResult:
    """Embed `texts` (duplicates embedded once), reading and filling the disk cache.
    `backend`: "torch" (default), "onnx" or "onnx-int8" (sentence-transformers models only).
    `progress(done, total)` is called after every chunk of `chunk_size` texts (small enough that
    the count moves every second or two on a laptop); `status` hears what happens between
    counts (loading the model)."""
    import numpy as np

    from explorer.embeddings.onnx_backend import check_backend

    start = time.perf_counter()
    backend = check_backend(backend)
    texts = list(texts)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise BadInput(f"value of type {type(t).__name__} is not text", row=i + 1,
                           field="text")
    model = model.strip()
    keys, ukeys, utexts = unique_texts(texts)
    cache = EmbeddingCache(cache_fingerprint(model, backend)) if use_cache else None
    if cache is not None:
        found, cached = cache.lookup(ukeys)
    else:
        found, cached = np.zeros(len(ukeys), dtype=bool), None
    missing = np.flatnonzero(~found)
    total = len(ukeys)
    done = int(found.sum())
    if progress:
        progress(done, total)
    if len(missing):
        from glasshouse import models

        if status and not models.is_loaded(model, "sentence-embedding"):
            status(f"Loading the embedding model {model} (once per server start)")
        embedder = (load_embedder(model) if backend == "torch"
                    else load_backend_embedder(model, backend))
        parts = []
        for s in range(0, len(missing), chunk_size):
            idx = missing[s:s + chunk_size]
            parts.append(np.asarray(embedder.encode([utexts[i] for i in idx],
                                                    batch_size=batch_size), dtype=np.float32))
            done += len(idx)
            if progress:
                progress(done, total)
        new = np.vstack(parts)
        if cached is not None and cached.shape[1] != new.shape[1]:
            # vectors on disk do not fit this model (foreign or damaged cache): start afresh
            if cache is not None:
                cache.clear()
            return embed_texts(texts, model, batch_size=batch_size, chunk_size=chunk_size,
                               use_cache=use_cache, progress=progress, backend=backend,
                               status=status)
        if cached is None:
            cached = np.zeros((total, new.shape[1]), dtype=np.float32)
        cached[missing] = new
        if cache is not None:
            cache.store([ukeys[i] for i in missing], new)
    if cached is None:
        cached = np.zeros((0, 0), dtype=np.float32)
    where = {k: j for j, k in enumerate(ukeys)}
    vectors = cached[[where[k] for k in keys]] if texts else cached
    return EmbedResult(vectors=vectors, model=model, n_texts=len(texts), n_unique=total,
                       n_from_cache=total - len(missing), n_computed=len(missing),
                       seconds=time.perf_counter() - start, backend=backend)
