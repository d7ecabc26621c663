"""Embedding association test (WEAT, Caliskan et al. 2017; SEAT when the items are sentences)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from glasshouse.errors import ModelUnavailable
from glasshouse.stats import TestResult, bootstrap_ci, mean_difference_test

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register


class WeatParams(BaseModel):
    language: str = "en"
    target_x_name: str = "targets X"
    target_x: list[str] = Field(min_length=2)
    target_y_name: str = "targets Y"
    target_y: list[str] = Field(min_length=2)
    attribute_a_name: str = "attributes A"
    attribute_a: list[str] = Field(min_length=2)
    attribute_b_name: str = "attributes B"
    attribute_b: list[str] = Field(min_length=2)
    seat_templates: list[str] = Field(
        default_factory=list, max_length=50, title="Sentence templates (SEAT)",
        description="SEAT: sentence templates with {word}, e.g. 'This is {word}.'; each word "
        "is represented by the mean embedding of its sentences (the word stays the unit of "
        "the test). Empty: the words are embedded on their own (WEAT)")
    n_perm: int = Field(10000, ge=100, le=200000)
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0


    @field_validator("seat_templates")
    @classmethod
    def _word_slot(cls, v: list[str]) -> list[str]:
        for t in v:
            if t.count("{word}") != 1:
                raise ValueError(f"template '{t}' needs {{word}} exactly once")
        return v


def seat_sentences(word: str, templates: list[str], language: str = "en") -> list[str]:
    """The word in each SEAT template ("a"/"an" agreed in English, first letter upper-case)."""
    from explorer.probes.grammar import capitalise_first, insert

    return [capitalise_first(insert(t, "{word}", word, language=language)) for t in templates]


def embed_items(emb: Any, items: list[str], templates: list[str] | None = None,
                language: str = "en") -> Any:
    """One unit vector per item: the item's own embedding (WEAT), or with SEAT templates the
    normalised mean embedding of the item's sentences, so each word still counts once."""
    import numpy as np

    if not templates:
        return np.asarray(emb.encode(items), dtype=np.float64)
    sentences = [s for w in items for s in seat_sentences(w, templates, language)]
    vecs = np.asarray(emb.encode(sentences), dtype=np.float64)
    vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    means = vecs.reshape(len(items), len(templates), -1).mean(axis=1)
    return means / np.linalg.norm(means, axis=1, keepdims=True)


def _cos(u: Any, v: Any) -> Any:
    import numpy as np

    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    return u @ v.T


def association(W: Any, A: Any, B: Any) -> Any:
    """s(w, A, B) = mean cos(w, a) - mean cos(w, b), for every row w of W."""
    return _cos(W, A).mean(axis=1) - _cos(W, B).mean(axis=1)


def effect_size(X: Any, Y: Any, A: Any, B: Any) -> float:
    """Caliskan's d: (mean s(x) - mean s(y)) / sample std of s over X ∪ Y."""
    import numpy as np

    sx, sy = association(X, A, B), association(Y, A, B)
    return float((sx.mean() - sy.mean()) / np.concatenate([sx, sy]).std(ddof=1))


def p_value(X: Any, Y: Any, A: Any, B: Any, *, n_perm: int = 10000, seed: int = 0) -> float:
    """Two-sided permutation p of Caliskan's test: the target words are relabelled into
    equal-size re-partitions (Xi, Yi) of X ∪ Y and the difference of mean associations
    recomputed (d is a monotone function of it); observed included, so never 0. Exact when
    there are at most n_perm re-partitions."""
    return association_test(X, Y, A, B, n_perm=n_perm, seed=seed).p_value


def association_test(X: Any, Y: Any, A: Any, B: Any, *, n_perm: int = 10000,
                     seed: int = 0) -> TestResult:
    return mean_difference_test(association(X, A, B), association(Y, A, B), n_resamples=n_perm,
                                exact_limit=n_perm, seed=seed)


def effect_size_ci(X: Any, Y: Any, A: Any, B: Any, *, n_boot: int = 1000,
                   seed: int = 0) -> tuple[float, float]:
    """Percentile interval of d when the target words are resampled (each set on its own)."""
    return bootstrap_ci(association(X, A, B), association(Y, A, B), stat=_d,
                        n_resamples=n_boot, seed=seed)


def _d(bx: Any, by: Any) -> Any:
    import numpy as np

    sd = np.concatenate([bx, by], axis=1).std(axis=1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sd > 0, (bx.mean(axis=1) - by.mean(axis=1)) / sd, np.nan)


def embedder_for(model: str) -> Any:
    from glasshouse import models

    if model in {s.name for s in models.available()}:
        kind = models.spec(model).kind
        if kind != "sentence-embedding":
            raise ModelUnavailable(f"model '{model}' is a {kind} model; this probe needs an "
                                   "embedding model such as 'minilm-en'")
    return models.load(model, kind="sentence-embedding")


@register
class WeatProbe(Probe):
    name = "weat"
    title = "Word/sentence association test (WEAT/SEAT)"
    description = ("Are the words for one group closer in the model's embedding space to one "
                   "set of attributes (e.g. career) than the other group's words?")
    languages = ("en", "es", "fr")
    model_kinds = ("sentence-embedding",)
    Params = WeatParams
    statistic = ("effect size d (Caliskan et al., 2017): how much closer the first target set "
                 "sits to the first attribute set, relative to the second target set, in "
                 "standard deviations of the word associations")
    null = 0.0
    sides = ("the first target set is closer to the first attribute set (and the second to the "
             "second) than the other way round", "the reverse: the first target set is closer "
             "to the second attribute set")
    test = ("two-sided permutation test: the target words are relabelled between the two sets "
            "(every re-partition when there are at most n_perm, else n_perm random ones; "
            "observed included, so p is never 0); the interval resamples the target words")
    main_metric = ("mean_association", "mean association (A minus B)")
    default_model = "minilm-en"
    model_choices = ("minilm-en", "use-multilingual", "e5-small-multilingual")
    min_n = 8
    min_n_unit = "target words"
    labels = {
        "target_x_name": ("Name of the first target set", ""),
        "target_x": ("First target words", "e.g. male terms"),
        "target_y_name": ("Name of the second target set", ""),
        "target_y": ("Second target words", "e.g. female terms"),
        "attribute_a_name": ("Name of the first attribute set", ""),
        "attribute_a": ("First attribute words", "e.g. career words"),
        "attribute_b_name": ("Name of the second attribute set", ""),
        "attribute_b": ("Second attribute words", "e.g. family words"),
    }
    caveat = ("The effect size d (Caliskan et al., 2017) compares how close two sets of target "
              "words sit to two sets of attribute words; |d| around 0.2 is small and 0.8 large. "
              "It measures geometry of the embeddings, not harm in any application, it depends "
              "strongly on the chosen words, and with 8 words per set both d and p are unstable. "
              "The p-value is two-sided.")

    def default_params(self, language: str = "en") -> WeatParams:
        lang = language if language in builtin.WEAT_SETS else "en"
        return WeatParams(language=lang, **builtin.WEAT_SETS[lang])

    def run(self, params: WeatParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        import numpy as np

        progress(0.05, f"loading {model}")
        emb = embedder_for(model)
        sets = [params.target_x, params.target_y, params.attribute_a, params.attribute_b]
        progress(0.3, "embedding sentences" if params.seat_templates else "embedding words")
        vecs = embed_items(emb, [w for s in sets for w in s], params.seat_templates,
                           params.language)
        parts, i = [], 0
        for s in sets:
            parts.append(np.asarray(vecs[i:i + len(s)], dtype=np.float64))
            i += len(s)
        X, Y, A, B = parts
        progress(0.6, "permutation test")
        return self.summarise(params, X, Y, A, B, model)

    def summarise(self, params: WeatParams, X: Any, Y: Any, A: Any, B: Any,
                  model: str) -> ProbeResult:
        """Statistics from the four sets of vectors (the null-calibration tests pass random
        vectors here)."""
        d = effect_size(X, Y, A, B)
        test = association_test(X, Y, A, B, n_perm=params.n_perm, seed=params.seed)
        ci = effect_size_ci(X, Y, A, B, n_boot=params.n_boot, seed=params.seed)
        details = []
        for name, words, W in ((params.target_x_name, params.target_x, X),
                               (params.target_y_name, params.target_y, Y)):
            for w, s in zip(words, association(W, A, B)):
                details.append({"set": name, "word": w, "association": round(float(s), 6)})
        groups = []
        for name, W in ((params.target_x_name, X), (params.target_y_name, Y)):
            s = association(W, A, B)
            groups.append({"group": name, "n": len(W), "mean_association": float(s.mean()),
                           "ci": list(bootstrap_ci(s, n_resamples=params.n_boot,
                                                   seed=params.seed))})
        return self.result(
            model=model, n=len(X) + len(Y), effect=d,
            effect_label=(f"effect size d: '{params.target_x_name}' closer to "
                          f"'{params.attribute_a_name}' (>0) or '{params.attribute_b_name}' (<0)"
                          f" than '{params.target_y_name}'"),
            ci=ci, p_value=test.p_value, details=details, groups=groups,
            extra={"smallest_possible_p": test.smallest_possible_p, "exact_test": test.exact})
