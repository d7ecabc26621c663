from __future__ import annotations

import pytest


@pytest.fixture(params=["index-filters-in-memory", "index-filters-in-fts", "direct"])
def search_path(request, monkeypatch):
    """Run a search test on every way catalog.search answers: with the in-memory facet index
    (rebuilt for every search), facet filters applied in memory or by the full-text engine,
    and from the full-text table alone ("direct": as when the index is out of date and the
    hits are few)."""
    from catalog import search as search_module

    if request.param.startswith("index"):
        monkeypatch.setattr(search_module, "DIRECT_MAX", -1)
        monkeypatch.setattr(search_module, "WORDS_ALONE_MAX",
                            10**9 if request.param.endswith("memory") else -1)
    else:
        monkeypatch.setattr(search_module, "DIRECT_MAX", 10**9)
        monkeypatch.setattr(search_module, "current", lambda *_args: None)
    return request.param
