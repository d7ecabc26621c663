"""Drawing a map reports moving progress with counts and stops when cancelled."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

from explorer.embeddings.maps import MapRequest, build_map
from glasshouse import progress as gp

pytestmark = pytest.mark.slow


def _frame(n: int, tag: str) -> pd.DataFrame:
    """Texts no earlier run has embedded: the vector cache (shared between runs on one machine)
    would otherwise answer them all at once, and no progress would be left to see."""
    tag = f"{tag}-{uuid.uuid4().hex[:12]}"
    return pd.DataFrame({"text": [f"sentence {tag} number {i} about topic {i % 7}"
                                  for i in range(n)]})


def test_progress_moves_per_chunk_and_says_what_happens() -> None:
    seen: list[tuple[float, str]] = []
    t = gp.Tracker("Embedding", lambda f, s: seen.append((f, s)))
    build_map(_frame(700, "a"), MapRequest(text_column="text", model="minilm-en"),
              progress=t, status=t.say)
    counts = [s for _, s in seen if s.startswith("Embedding ")]
    assert len(counts) >= 4  # 0, 256, 512, 700: the count moves during the work
    assert counts[-1].startswith("Embedding 700/700 (100 %")
    assert any(s.startswith("Projecting") for _, s in seen)
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)  # the bar never jumps back


def test_cancel_stops_embedding_at_the_next_chunk() -> None:
    flag = gp.start("test:map")
    done_counts: list[int] = []

    def report(_f: float, sentence: str) -> None:
        if sentence.startswith("Embedding ") and "/" in sentence:
            done = int(sentence.split()[1].split("/")[0].replace(",", ""))
            done_counts.append(done)
            if done >= 256:
                gp.cancel("test:map")

    t = gp.Tracker("Embedding", report, flag)
    with pytest.raises(gp.Cancelled):
        build_map(_frame(1500, "b"), MapRequest(text_column="text", model="minilm-en",
                                                clusters="none"), progress=t, status=t.say)
    assert max(done_counts) < 1500
