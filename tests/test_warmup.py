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


def test_background_work_keeps_the_process_priority(monkeypatch) -> None:
    """A thread with a lower OS priority still takes the GIL; on a busy machine the kernel left
    it waiting while holding it, and every request waited too (a 40-row profile sat at 25 % for
    minutes during a start-up warm-up with two busy loops running). The start-up warm-ups and
    the map's background language detection run at the priority of the process."""
    import os
    import threading

    from explorer.embeddings import maps, project

    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: dict[str, int] = {}

    def note(what: str) -> None:
        seen[what] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    monkeypatch.setenv("GLASSHOUSE_WARMUP", "1")
    monkeypatch.setattr(warmup, "_started", type(warmup._started)())
    monkeypatch.setattr(models, "load", lambda name, kind: note(name))
    warmup.warm_models(delay_s=0.0).join(180)

    def fake_model(*args, **kwargs):
        note("umap")
        raise RuntimeError("no fit needed here")

    monkeypatch.setattr(project, "_umap_model", fake_model)
    monkeypatch.setattr(project, "_warm", threading.Event())
    monkeypatch.setattr(project, "_warm_thread", None)
    project.warm_up_umap(background=True).join(60)

    monkeypatch.setattr(maps, "_detector_is_warm", lambda: True)
    monkeypatch.setattr(maps, "detect_languages", lambda texts: note("map-languages") or [])
    from types import SimpleNamespace

    m = SimpleNamespace(languages=None, _language_thread=None, texts=["hello"])
    maps.EmbeddingMap.detect_languages_in_background(m)
    m._language_thread.join(60)
    assert seen == {"lingua": here, "minilm-en": here, "umap": here, "map-languages": here}
