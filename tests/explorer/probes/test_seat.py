"""SEAT: words placed in sentence templates for sentence encoders; each word stays one unit."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from glasshouse.errors import BadInput
from explorer.probes import builtin, weat
from explorer.probes.registry import get


class HashEmbedder:
    """A deterministic stand-in encoder: a random unit vector per distinct text."""

    name = "hash"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, batch_size=64):
        self.seen.extend(texts)
        out = []
        for t in texts:
            seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=16)
            out.append(v / np.linalg.norm(v))
        return np.asarray(out, dtype=np.float32)


@pytest.mark.parametrize("word,template,expected", [
    ("office", "This is a {word}.", "This is an office."),
    ("flower", "{word} is here.", "Flower is here."),
    ("university", "That is an {word}.", "That is a university."),
    ("oficina", "Esto es {word}.", "Esto es oficina."),
])
def test_seat_sentences_agree_article_and_capitalise(word, template, expected) -> None:
    language = "es" if template.startswith("Esto") else "en"
    assert weat.seat_sentences(word, [template], language) == [expected]


def test_each_word_is_the_normalised_mean_of_its_sentences() -> None:
    emb = HashEmbedder()
    templates = builtin.SEAT_TEMPLATES["en"][:3]
    got = weat.embed_items(emb, ["rose", "tulip"], templates)
    assert got.shape == (2, 16)
    assert len(emb.seen) == 6 and emb.seen[0] == "This is rose."
    direct = HashEmbedder().encode(weat.seat_sentences("tulip", templates)).astype(float)
    mean = direct.mean(axis=0)
    assert got[1] == pytest.approx(mean / np.linalg.norm(mean), abs=1e-6)


def test_without_templates_words_are_embedded_alone() -> None:
    emb = HashEmbedder()
    got = weat.embed_items(emb, ["rose"], [])
    assert emb.seen == ["rose"] and got[0] == pytest.approx(HashEmbedder().encode(["rose"])[0],
                                                            abs=1e-6)


def test_seat_run_keeps_words_as_the_unit(monkeypatch) -> None:
    emb = HashEmbedder()
    monkeypatch.setattr(weat, "embedder_for", lambda model: emb)
    probe = get("weat")
    params = probe.parse_params({**probe.default_params("en").model_dump(), "n_boot": 200,
                                 "n_perm": 200, "seat_templates": builtin.SEAT_TEMPLATES["en"]})
    result = probe.run(params, "hash")
    n_words = len(params.target_x) + len(params.target_y)
    assert result.n == n_words  # words, not sentences
    n_items = n_words + len(params.attribute_a) + len(params.attribute_b)
    assert len(emb.seen) == n_items * len(builtin.SEAT_TEMPLATES["en"])
    assert {d["word"] for d in result.details} == set(params.target_x) | set(params.target_y)


def test_template_without_word_slot_is_rejected() -> None:
    probe = get("weat")
    with pytest.raises(BadInput) as err:
        probe.parse_params({**probe.default_params("en").model_dump(),
                            "seat_templates": ["This is it."]})
    assert err.value.field == "seat_templates"


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_builtin_seat_templates_have_one_slot_and_end_a_sentence(language) -> None:
    for t in builtin.SEAT_TEMPLATES[language]:
        assert t.count("{word}") == 1 and t.endswith(".")
