"""The background warm-up loads what first uses wait for, without blocking the caller."""

from __future__ import annotations

import time

import pytest

from glasshouse import models, warmup

pytestmark = pytest.mark.slow


def test_warm_up_loads_the_language_detector_and_default_embedder(monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_WARMUP", "1")
    monkeypatch.setattr(warmup, "_started", type(warmup._started)())
    start = time.perf_counter()
    thread = warmup.warm_models(delay_s=0.2)
    assert thread is not None and time.perf_counter() - start < 1.0  # returns at once
    thread.join(600)
    assert set(warmup.done) == {"language detector", "default embedder"}
    assert models.is_loaded("lingua", "language-id")
    assert models.is_loaded("minilm-en", "sentence-embedding")
    assert warmup.warm_models() is None  # once per process


def test_switched_off_it_does_nothing(monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_WARMUP", "0")
    monkeypatch.setattr(warmup, "_started", type(warmup._started)())
    assert warmup.warm_models() is None
