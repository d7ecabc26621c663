"""Embeddings on an engine: texts not yet in the embedding cache are cut into units and encoded
by `EmbedTask` where the engine runs it (one model per worker; on a GPU when the Ray cluster
has one). The driver reads and fills the cache (one writer), so a later `build_map` finds every
vector there and the map equals a local run's."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from explorer.batch import steps
from explorer.batch.engines import Engine, get_engine
from explorer.batch.sources import Unit

UNIT_TEXTS = 256


class EmbedTask:
    wants_gpu = True

    def __init__(self, model: str, batch_size: int = 64) -> None:
        self.model, self.batch_size = model, batch_size
        self.embedder: Any = None

    def setup(self) -> None:
        from explorer.embeddings.embed import load_embedder

        self.embedder = load_embedder(self.model)
        inner = getattr(self.embedder, "model", None)
        if inner is not None and hasattr(inner, "to"):
            try:
                import torch

                if torch.cuda.is_available():  # a GPU actor: move the model there
                    inner.to("cuda")
            except ImportError:
                pass

    def __call__(self, unit: Unit) -> Any:
        return steps.embed_batch(unit.rows, self.embedder, self.batch_size)


def embed_with_engine(texts: Sequence[str], model: str, engine: str | Engine = "local", *,
                      workers: int | None = None, address: str | None = None,
                      unit_texts: int = UNIT_TEXTS, use_cache: bool = True) -> Any:
    """Like explorer.embeddings.embed.embed_texts (same EmbedResult), computed on `engine`."""
    import numpy as np

    from explorer.embeddings.embed import (EmbeddingCache, EmbedResult, model_fingerprint,
                                           unique_texts)

    start = time.perf_counter()
    texts = list(texts)
    keys, ukeys, utexts = unique_texts(texts)
    cache = EmbeddingCache(model_fingerprint(model)) if use_cache else None
    found, vecs = cache.lookup(ukeys) if cache else (np.zeros(len(ukeys), bool), None)
    missing = np.flatnonzero(~found)
    if len(missing):
        units = [Unit(k, "(texts)", "memory", int(s), min(unit_texts, len(missing) - s),
                      rows=[utexts[i] for i in missing[s:s + unit_texts]])
                 for k, s in enumerate(range(0, len(missing), unit_texts))]
        eng = get_engine(engine, workers=workers, address=address) \
            if isinstance(engine, str) else engine
        try:
            new = np.vstack(list(eng.map(EmbedTask(model), units)))
        finally:
            if isinstance(engine, str):
                eng.close()
        if vecs is None or vecs.shape[1] != new.shape[1]:
            vecs = np.zeros((len(ukeys), new.shape[1]), dtype=np.float32)
            if found.any():  # cached vectors of another size: compute those too
                return embed_with_engine(texts, model, engine, workers=workers,
                                         address=address, unit_texts=unit_texts,
                                         use_cache=False)
        vecs[missing] = new
        if cache is not None:
            cache.store([ukeys[i] for i in missing], new)
    where = {k: j for j, k in enumerate(ukeys)}
    out = vecs[[where[k] for k in keys]] if texts else np.zeros((0, 0), np.float32)
    return EmbedResult(vectors=out, model=model, n_texts=len(texts), n_unique=len(ukeys),
                       n_from_cache=int(found.sum()), n_computed=int(len(missing)),
                       seconds=time.perf_counter() - start)
