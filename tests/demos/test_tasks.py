"""Every registered task runs on real inputs with its packaged model; redaction and strings."""

from __future__ import annotations

import pytest

from demos import redact, tasks
from glasshouse.errors import BadInput, ModelUnavailable

CASES = {  # task -> (model, params, texts, check(outputs))
    "text-classification": ("vader-sentiment-en", {},
                            ["I love this wonderful library", "This is awful and I hate it"],
                            lambda o: [x.data["label"] for x in o] == ["positive", "negative"]),
    "completion": ("smollm2-135m", {"max_new_tokens": 5}, ["The capital of France is"],
                   lambda o: o[0].text.startswith("The capital of France is")
                   and o[0].data["completion"].strip() != ""),
    "fill-blank": ("smollm2-135m", {"candidates": ["Paris", "banana"]},
                   ["The capital of France is [MASK]."],
                   lambda o: o[0].data["best"] == "Paris"
                   and abs(sum(o[0].data["probabilities"].values()) - 1) < 1e-3),
    "similarity": ("minilm-en", {"references": ["I am hungry", "The train is late"]},
                   ["I would like to eat something", "My bus was delayed"],
                   lambda o: [x.data["closest"] for x in o] == ["I am hungry",
                                                                "The train is late"]),
    "pii-redaction": (tasks.PATTERN_REDACTOR, {}, ["write to a.b@example.org"],
                      lambda o: o[0].text == "write to <EMAIL>"),
}


def test_every_registered_task_has_a_conformance_case() -> None:
    assert set(CASES) == set(tasks.TASKS)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_task_runs_its_packaged_model(name) -> None:
    model, params, texts, check = CASES[name]
    task = tasks.get(name)
    assert model in task.models()
    outputs = task.run(model, texts, params)
    assert len(outputs) == len(texts) and all(isinstance(o.text, str) for o in outputs)
    assert check(outputs), outputs


def test_profanity_classifier_separates_clean_from_profane() -> None:
    out = tasks.get("text-classification").run("profanity-en", ["have a nice day",
                                                                "fuck you"], {})
    assert [o.data["label"] for o in out] == ["clean", "profane"]


def test_hub_id_offline_gives_a_clear_model_error() -> None:
    with pytest.raises(ModelUnavailable, match="could not be loaded"):
        tasks.get("text-classification").run("someone/not-downloaded-model", ["hi"], {})


@pytest.mark.parametrize("text, expected", [
    ("Mail ana.perez@example.org or call +34 612 345 678.", "Mail <EMAIL> or call <PHONE>."),
    ("Card 4111 1111 1111 1111 ok", "Card <CREDIT_CARD> ok"),
    ("Card 4111 1111 1111 1112 fails Luhn", "Card 4111 1111 1111 1112 fails Luhn"),
    ("IBAN GB82 WEST 1234 5698 7654 32.", "IBAN <IBAN>."),
    # fails mod 97, so not an IBAN (its digit groups still look like a phone number)
    ("IBAN GB83 WEST 1234 5698 7654 32.", "IBAN GB83 WEST <PHONE>."),
    ("from 192.168.1.20 not 999.1.1.1", "from <IP_ADDRESS> not 999.1.1.1"),
    ("SSN 123-45-6789, see https://x.org/a?b=1", "SSN <US_SSN>, see <URL>"),
    ("In 2024 there were 365 days", "In 2024 there were 365 days"),
])
def test_redactor_finds_and_misses_what_it_should(text, expected) -> None:
    assert redact.redact(text)[0] == expected


def test_redactor_keeps_offsets_of_the_input() -> None:
    text = "a@b.org and c@d.org"
    _, findings = redact.redact(text)
    assert [text[f.start:f.end] for f in findings] == ["a@b.org", "c@d.org"]


def test_redaction_of_chosen_entities_only() -> None:
    out = tasks.get("pii-redaction").run(tasks.PATTERN_REDACTOR, ["a@b.org 10.0.0.1"],
                                          {"entities": ["IP_ADDRESS"]})
    assert out[0].text == "a@b.org <IP_ADDRESS>"


@pytest.mark.slow
@pytest.mark.parametrize("text", ["no blank here", "[MASK] and [MASK]"])
def test_fill_blank_needs_exactly_one_blank(text) -> None:
    with pytest.raises(BadInput, match="exactly one"):
        tasks.get("fill-blank").run("smollm2-135m", [text], {"candidates": ["a", "b"]})


def test_unknown_task_is_bad_input() -> None:
    with pytest.raises(BadInput) as err:
        tasks.get("translate")
    assert err.value.field == "task"
