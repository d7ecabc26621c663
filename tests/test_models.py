"""Model registry: lazy, once per process, clear errors; each packaged model really works offline."""

from __future__ import annotations

import numpy as np
import pytest

from glasshouse import models
from glasshouse.errors import ModelUnavailable


@pytest.mark.parametrize("name,kind", [
    ("no-such-model", None),
    ("no-such-model", "sentence-embedding"),
    ("someone/not-cached-anywhere", "sentence-embedding"),
    ("someone/not-cached-anywhere", "text-classification"),
])
def test_unknown_or_unreachable_model_names_the_id_and_offline_choices(name, kind) -> None:
    with pytest.raises(ModelUnavailable) as err:
        models.load(name, kind=kind)
    message = str(err.value)
    assert f"'{name}'" in message and "Available offline:" in message
    offline = [s.name for s in models.available(kind)]
    assert all(n in message for n in offline)


def test_wrong_kind_for_a_registered_model_is_refused() -> None:
    with pytest.raises(ModelUnavailable, match="is a sentence-embedding model, not causal-lm"):
        models.load("minilm-en", kind="causal-lm")


def test_registry_specs_carry_licence_and_languages() -> None:
    for s in models.available():
        assert s.kind in models.KINDS and s.license and s.languages and s.description


@pytest.mark.slow
@pytest.mark.parametrize("name,dim", [
    ("minilm-en", 384), ("use-multilingual", 512), ("e5-small-multilingual", 384)])
def test_embedders_load_once_and_give_normalised_vectors(name: str, dim: int) -> None:
    first = models.load(name)
    assert models.load(name) is first and models.is_loaded(name)
    texts = ["The cat sits on the mat.", "A cat is sitting on a mat.", "Stock markets fell today."]
    vecs = first.encode(texts)
    assert vecs.shape == (3, dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
    # paraphrases sit closer together than unrelated sentences
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.1


@pytest.mark.slow
def test_multilingual_embedder_places_translations_near_each_other() -> None:
    use = models.load("use-multilingual")
    en, es, other = use.encode(["Where is the train station?", "¿Dónde está la estación de tren?",
                                "I like chocolate cake."])
    assert en @ es > en @ other + 0.2


@pytest.mark.slow
def test_classifiers_score_real_text() -> None:
    prof = models.load("profanity-en").predict(["have a lovely day", "you are a fucking idiot"])
    assert prof[0]["profane"] < 0.5 < prof[1]["profane"]
    vader = models.load("vader-sentiment-en").predict(["I love this!", "This is terrible."])
    assert vader[0]["compound"] > 0.5 and vader[1]["compound"] < -0.4


@pytest.mark.slow
def test_language_id_and_spacy_pipelines() -> None:
    from lingua import Language

    detector = models.load("lingua")
    assert detector.detect_language_of("Ceci est une phrase en français.") == Language.FRENCH
    nlp = models.load("spacy-en")
    ents = {(e.text, e.label_) for e in nlp("Barack Obama visited Paris in 2015.").ents}
    assert ("Barack Obama", "PERSON") in ents


@pytest.mark.slow
def test_causal_lm_prefers_fluent_sentences() -> None:
    lm = models.load("smollm2-135m")
    fluent, scrambled = lm.sentence_logprobs(["The cat sat on the mat.", "Mat the on sat cat the."])
    assert fluent > scrambled + 5
    # batched and one-by-one scoring agree
    single = [lm.sentence_logprobs([t])[0] for t in ["The cat sat on the mat.", "Hello there."]]
    batched = lm.sentence_logprobs(["The cat sat on the mat.", "Hello there."])
    assert np.allclose(single, batched, atol=1e-3)
