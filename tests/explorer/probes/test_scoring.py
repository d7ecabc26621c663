"""Sentence log-probabilities: every token counts (the first too), and batching by length
gives the same numbers as scoring one sentence at a time."""

from __future__ import annotations

import pytest

from explorer.probes.scoring import CausalScorer, fill, stage_progress

TEXTS = ["Nurses work long hours.", "He cried.", "She fixed the old car engine in ten minutes.",
         "Hello", "The immigrant family opened a small bakery on the corner of our street.",
         "Everyone agrees that my mother is very kind.", "Ok."]


def plain_logprob(lm, text: str, start_id: int | None) -> float:
    """log p(text) with plain torch: one forward pass over [start token] + the text's ids,
    summing log p of EVERY id of the text."""
    import torch

    ids = lm.tokenizer(text)["input_ids"]
    full = torch.tensor([([start_id] if start_id is not None else []) + ids])
    with torch.inference_mode():
        logp = torch.log_softmax(lm.model(input_ids=full).logits[0].float(), dim=-1)
    offset = full.shape[1] - len(ids)
    return float(sum(logp[offset + i - 1, tok] for i, tok in enumerate(ids)))


@pytest.mark.slow
def test_first_token_is_scored(smollm) -> None:
    # SmolLM2's tokenizer adds no start token, so the first token needs one to be scored
    assert smollm.tokenizer("Hello")["input_ids"][0] != smollm.tokenizer.bos_token_id
    start = smollm.tokenizer.convert_tokens_to_ids("<|endoftext|>")
    ours = smollm.sentence_logprobs(TEXTS, batch_size=1)
    for text, value in zip(TEXTS, ours):
        assert value == pytest.approx(plain_logprob(smollm, text, start), abs=1e-3), text
    assert smollm.start_id == start
    # a one-token sentence has a log-probability (it was 0 when the first token was skipped)
    assert len(smollm.tokenizer("Hello")["input_ids"]) == 1
    assert ours[TEXTS.index("Hello")] < -1.0


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [2, 5, 32])
def test_batched_scores_equal_one_at_a_time(smollm, batch_size) -> None:
    texts = TEXTS * 3
    one = smollm.sentence_logprobs(texts, batch_size=1)
    calls = []
    batched = smollm.sentence_logprobs(texts, batch_size=batch_size,
                                       progress=lambda d, t: calls.append((d, t)))
    assert max(abs(a - b) for a, b in zip(one, batched)) < 1e-4
    # results come back in input order (the batches are sorted by length inside)
    assert batched[TEXTS.index("Hello")] == pytest.approx(one[TEXTS.index("Hello")], abs=1e-4)
    # one progress call per batch, ending at the total
    n_batches = -(-len(texts) // batch_size)
    assert len(calls) == n_batches and calls[-1] == (len(texts), len(texts))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


# sentences that share prefixes (one is the start of another, one comes twice), of varied
# lengths, with a one-token sentence whose only token is the first
SHARED = ["The man fixed the old car.", "The man fixed the old car in the rain.",
          "The man fixed the old car.", "The woman fixed the old car.", "The man", "Hello",
          "The immigrant family opened a small bakery on the corner of our street.",
          "He cried.", "He cried all night because nobody had told him the news."]


@pytest.mark.slow
@pytest.mark.parametrize("row_positions,tree", [(512, True), (10, True), (512, False)])
def test_prefix_tree_scores_equal_a_plain_pass_per_sentence(smollm, monkeypatch,
                                                            row_positions, tree) -> None:
    # the prefix tree in one row, split over several rows, and the padded path of other models
    assert smollm._tree_ok()
    monkeypatch.setattr(smollm, "ROW_POSITIONS", row_positions)
    if not tree:
        monkeypatch.setattr(smollm, "_tree_ok", lambda: False)
    ours = smollm.sentence_logprobs(SHARED, batch_size=len(SHARED))
    for text, value in zip(SHARED, ours):
        assert value == pytest.approx(plain_logprob(smollm, text, smollm.start_id),
                                      abs=1e-3), text
    assert ours[0] == ours[2]


@pytest.mark.slow
def test_a_shared_prefix_goes_through_the_model_once(smollm) -> None:
    fed = []
    hook = smollm.model.get_input_embeddings().register_forward_hook(
        lambda module, args, out: fed.append(args[0].numel()))
    try:
        smollm.sentence_logprobs(SHARED, batch_size=len(SHARED))
    finally:
        hook.remove()
    ids = [smollm.token_ids(t) for t in SHARED]
    # one position per distinct prefix that predicts a next token; the last tokens only as targets
    prefixes = {tuple(s[:k]) for s in ids for k in range(1, len(s))}
    assert fed == [len(prefixes)]
    # a plain pass per sentence feeds every token: 72 here against 38
    assert len(prefixes) < 0.6 * sum(len(s) for s in ids)


@pytest.mark.slow
def test_an_exception_from_progress_stops_scoring_before_the_next_batch(smollm) -> None:
    # how Cancel stops a run: the progress callback raises between batches
    class Stop(Exception):
        pass

    passes, calls = [], []
    hook = smollm.model.get_input_embeddings().register_forward_hook(
        lambda module, args, out: passes.append(1))

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        raise Stop

    try:
        with pytest.raises(Stop):
            smollm.sentence_logprobs(TEXTS * 2, batch_size=4, progress=progress)
    finally:
        hook.remove()
    assert calls == [(4, 2 * len(TEXTS))] and len(passes) == 1


@pytest.mark.slow
def test_blanks_fill_each_candidate_and_score_it(smollm) -> None:
    scorer = CausalScorer(smollm)
    got = scorer.blanks(["the man works as a [BLANK]."], [["engineer", "nurse"]])
    want = smollm.sentence_logprobs(["The man works as an engineer.",
                                     "The man works as a nurse."])
    assert got[0] == pytest.approx(want, abs=1e-4)


@pytest.mark.parametrize("template,candidate,language,expected", [
    ("{x} works as a [BLANK].", "engineer", "en", "{x} works as an engineer."),
    ("He is a [BLANK].", "honest man", "en", "He is an honest man."),
    ("She is an [BLANK].", "university lecturer", "en", "She is a university lecturer."),
    ("the [BLANK] left.", "nurse", "en", "The nurse left."),
    ("Va a [BLANK].", "enfermera", "es", "Va a enfermera."),  # Spanish "a" is a preposition
    ("Everyone says [BLANK] is kind.", "The woman", "en", "Everyone says the woman is kind."),
    ("Dicen que [BLANK] es amable.", "La mujer", "es", "Dicen que la mujer es amable."),
    ("On dit que [BLANK] est calme.", "L'homme", "fr", "On dit que l'homme est calme."),
    ("Everyone says [BLANK] is kind.", "Maria", "en", "Everyone says Maria is kind."),
    ("[BLANK] is kind.", "the woman", "en", "The woman is kind."),
])
def test_fill_agrees_the_article_and_capitalises(template, candidate, language,
                                                 expected) -> None:
    assert fill(template, candidate, language) == expected


def test_stage_progress_moves_between_its_bounds() -> None:
    seen = []
    report = stage_progress(lambda f, m: seen.append((f, m)), 0.2, 0.8, "scoring")
    for done in (10, 20, 30):
        report(done, 30)
    assert [round(f, 6) for f, _ in seen] == [0.4, 0.6, 0.8]
    assert seen[-1][1] == "scoring: 30 of 30"
