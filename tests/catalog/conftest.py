from __future__ import annotations

import pytest


@pytest.fixture(params=["index", "direct"])
def search_path(request, monkeypatch):
    """Run a search test on both ways catalog.search answers: with the in-memory facet index
    ("index": rebuilt for every search) and from the full-text table alone ("direct": as when
    the index is out of date and the hits are few)."""
    from catalog import search as search_module

    if request.param == "index":
        monkeypatch.setattr(search_module, "DIRECT_MAX", -1)
    else:
        monkeypatch.setattr(search_module, "DIRECT_MAX", 10**9)
        monkeypatch.setattr(search_module, "current", lambda *_args: None)
    return request.param
