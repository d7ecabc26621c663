"""A fast stand-in embedder (hashed bag of words) for tests of the plumbing; tests of real model
behaviour use the packaged MiniLM through the registry and are marked slow."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest


class WordHashEmbedder:
    """Texts sharing words get similar vectors; counts how many texts it was asked to embed."""

    dim = 64

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts, batch_size: int = 64):
        texts = list(texts)
        self.calls.append(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int(hashlib.md5(w.encode()).hexdigest(), 16)
                out[i, h % self.dim] += 1.0 if (h >> 64) % 2 else -1.0
            out[i, -1] += 0.01  # no all-zero vectors
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def n_embedded(self) -> int:
        return sum(len(c) for c in self.calls)


@pytest.fixture
def fake_model(monkeypatch, tmp_path):
    """Route every model name to one WordHashEmbedder and give each test its own cache dir."""
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLASSHOUSE_CACHE_DIR", str(tmp_path / "cache"))
    emb = WordHashEmbedder()
    monkeypatch.setattr("explorer.embeddings.embed.load_embedder", lambda name: emb)
    return emb


@pytest.fixture
def isolated_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLASSHOUSE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "embeddings"
