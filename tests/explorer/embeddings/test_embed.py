"""The embedding cache: keyed by model + text, changed text re-embedded, nothing else."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.embeddings import embed as E
from glasshouse.errors import BadInput, ModelUnavailable

TEXTS = ["the cat sat", "a dog barked", "markets fell", "rates rose", "the cat sat"]


def test_second_run_reads_everything_from_cache(fake_model) -> None:
    first = E.embed_texts(TEXTS, "model-a")
    assert (first.n_computed, first.n_from_cache, first.n_unique) == (4, 0, 4)
    second = E.embed_texts(TEXTS, "model-a")
    assert (second.n_computed, second.n_from_cache) == (0, 4)
    assert fake_model.n_embedded == 4  # the duplicate text was embedded once, the re-run never
    np.testing.assert_array_equal(first.vectors, second.vectors)
    np.testing.assert_array_equal(first.vectors[0], first.vectors[4])


def test_changed_text_is_re_embedded_and_others_come_from_cache(fake_model) -> None:
    E.embed_texts(TEXTS, "model-a")
    changed = list(TEXTS)
    changed[2] = "markets rallied"
    out = E.embed_texts(changed, "model-a")
    assert (out.n_computed, out.n_from_cache) == (1, 3)
    assert fake_model.calls[-1] == ["markets rallied"]
    np.testing.assert_allclose(out.vectors[2], fake_model.encode(["markets rallied"])[0])


def test_cache_is_per_model(fake_model) -> None:
    E.embed_texts(TEXTS, "model-a")
    other = E.embed_texts(TEXTS, "model-b")
    assert other.n_computed == 4


@pytest.mark.parametrize("order", [[3, 0, 2, 1], [1, 1, 0, 3, 2]])
def test_vectors_come_back_in_the_order_asked(fake_model, order) -> None:
    base = ["alpha one", "beta two", "gamma three", "delta four"]
    E.embed_texts(base, "m")
    asked = [base[i] for i in order]
    got = E.embed_texts(asked, "m")
    assert got.n_computed == 0
    np.testing.assert_allclose(got.vectors, fake_model.encode(asked), atol=1e-6)


def test_many_shards_are_compacted_without_losing_vectors(fake_model) -> None:
    texts = [f"text number {i}" for i in range(E.MAX_SHARDS + 4)]
    for t in texts:  # one shard per call
        E.embed_texts([t], "m")
    cache = E.EmbeddingCache(E.model_fingerprint("m"))
    assert len(cache._shards()) <= E.MAX_SHARDS
    out = E.embed_texts(texts, "m")
    assert out.n_computed == 0
    np.testing.assert_allclose(out.vectors, fake_model.encode(texts), atol=1e-6)


def test_a_corrupt_shard_only_costs_a_re_embedding(fake_model) -> None:
    E.embed_texts(TEXTS, "m")
    cache = E.EmbeddingCache(E.model_fingerprint("m"))
    for p in cache._shards():
        p.write_bytes(b"garbage")
    out = E.embed_texts(TEXTS, "m")
    assert out.n_computed == 4


def test_progress_reports_up_to_the_total(fake_model) -> None:
    seen: list[tuple[int, int]] = []
    E.embed_texts([f"t {i}" for i in range(10)], "m", chunk_size=4,
                  progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 10) and seen[-1] == (10, 10) and len(seen) == 4


def test_non_text_value_names_its_row(fake_model) -> None:
    with pytest.raises(BadInput, match="row 2, field 'text'"):
        E.embed_texts(["ok", 3], "m")


def test_hub_id_offline_is_a_clear_error(isolated_cache) -> None:
    with pytest.raises(ModelUnavailable) as err:
        E.embed_texts(["hello"], "nobody-here/no-such-model-xyz")
    assert "nobody-here/no-such-model-xyz" in str(err.value)
    assert "Available offline" in str(err.value)


def test_registered_model_fingerprint_includes_package_version() -> None:
    assert E.model_fingerprint("minilm-en").startswith("minilm-en@")
    assert E.model_fingerprint("org/hub-model") == "org/hub-model"


@pytest.mark.slow
def test_minilm_through_cache_equals_plain_encode(isolated_cache) -> None:
    from glasshouse import models

    texts = ["A cat sleeps.", "Markets fell today.", "Un chat dort."]
    first = E.embed_texts(texts, "minilm-en")
    again = E.embed_texts(texts, "minilm-en")
    plain = models.load("minilm-en").encode(texts)
    assert first.vectors.shape == (3, 384) and again.n_from_cache == 3
    np.testing.assert_allclose(again.vectors, plain, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(first.vectors, axis=1), 1.0, atol=1e-5)


def test_vectors_of_another_size_in_the_cache_are_discarded(fake_model) -> None:
    cache = E.EmbeddingCache(E.model_fingerprint("m"))
    cache.store([E.text_key(TEXTS[0])], np.ones((1, 7), dtype=np.float32))
    out = E.embed_texts(TEXTS[:2], "m")
    assert out.vectors.shape == (2, fake_model.dim) and out.n_computed == 2
    assert E.embed_texts(TEXTS[:2], "m").n_from_cache == 2
