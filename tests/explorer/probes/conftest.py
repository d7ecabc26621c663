"""Models for the probe tests, loaded once per session through the registry."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def smollm():
    from explorer.probes.scoring import load_causal_lm

    return load_causal_lm("smollm2-135m")
