"""Multilingual PII detection with Presidio, batched.

- spaCy pipelines come from the packaged wheels (glasshouse.models.SPACY_MODULES) through
  Presidio's NlpEngineProvider; never Presidio's default engine (it would download
  en_core_web_lg). Languages without a packaged pipeline get a blank spaCy tokenizer, so the
  pattern recognizers (email, phone, IBAN, card, IP, URL, national ids) work for every language.
- Each row is routed to its own language (from language identification).
- Speed: rows are grouped per language and run through `nlp.pipe` in batches (parser
  disabled, it is not used), and a regex pre-pass (see pii_recognizers) decides per row which
  recognizers can possibly match, so most rows skip most recognizers.
- Findings carry offsets, never the matched text; nothing here logs what was found.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.datasets import pii_recognizers as rsets
from explorer.datasets.languages import script_of
from explorer.datasets.pii_linear import context_enhancer

DEFAULT_THRESHOLD = 0.4
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Finding:
    row: int
    start: int
    end: int
    entity_type: str
    score: float
    language: str
    column: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"row": self.row, "start": self.start, "end": self.end,
               "entity_type": self.entity_type, "score": round(self.score, 3)}
        if self.column is not None:
            out["column"] = self.column
        return out


@dataclass(frozen=True)
class RowNote:
    """Why a row was checked less than fully (its number, column and a plain sentence)."""
    row: int
    column: str | None
    kind: str  # "truncated" | "time_budget"
    note: str

    def to_json(self) -> dict[str, Any]:
        out = {"row": self.row, "kind": self.kind, "note": self.note}
        if self.column is not None:
            out["column"] = self.column
        return out


PATTERN_ENTITIES_TEXT = "email, phone, IBAN, card, IP, URL and national id patterns"


@dataclass(frozen=True)
class PiiReport:
    n_rows: int
    findings: tuple[Finding, ...]
    entities: dict[str, int]
    by_language: dict[str, dict[str, int]]
    rows_with_pii: int
    languages_scanned: tuple[str, ...]
    notes: tuple[RowNote, ...] = ()
    # detected language -> rows checked with patterns only (no model for names and places)
    pattern_only: dict[str, int] = field(default_factory=dict)
    ner_rows: dict[str, int] = field(default_factory=dict)  # NER language -> rows
    pattern_only_rows: tuple[int, ...] = ()  # rows (of NER-checked columns) without NER
    caveat: str = field(default=(
        "Automatic PII detection misses some personal data and flags some harmless text. "
        "Names and places are found by a model only in English, Spanish and French; other "
        "languages get pattern checks (emails, phones, IBANs, cards, IPs, URLs, "
        "ids), names from lists of common given and family names in context, and towns "
        "(15,000 people or more) and countries from a GeoNames list in context; these miss "
        "rarer names, smaller places and places without a cue such as 'in' or 'from'."))

    @property
    def warning(self) -> str | None:
        """The visible warning when some rows got no name/place detection."""
        langs = sorted(k for k in self.pattern_only if k != UNDETERMINED)
        if not langs:
            return None
        return (f"Names, places and organisations are not detected in {', '.join(langs)}: "
                f"only patterns ({PATTERN_ENTITIES_TEXT}), common names from name lists and "
                f"towns and countries from a place list. "
                f"{sum(self.pattern_only.values())} rows were checked this way.")

    def notes_json(self) -> list[dict[str, Any]]:
        return [n.to_json() for n in self.notes]


UNDETERMINED = "und"


def _prepare_offline_env() -> None:
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    if not os.environ.get("TLDEXTRACT_CACHE"):
        from glasshouse.config import settings

        cache = settings().cache_dir / "tldextract"
        cache.mkdir(parents=True, exist_ok=True)
        os.environ["TLDEXTRACT_CACHE"] = str(cache)


def ner_model_for(language: str) -> str | None:
    from glasshouse.models import SPACY_MODULES

    return SPACY_MODULES.get(language)


class PiiEngine:
    """A Presidio AnalyzerEngine over our recognizer sets for a fixed set of languages."""

    def __init__(self, languages: Sequence[str]) -> None:
        _prepare_offline_env()
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        from glasshouse.errors import ModelUnavailable

        self.languages = tuple(dict.fromkeys(languages))
        self.ner_languages = tuple(lang for lang in self.languages if ner_model_for(lang))
        models = [{"lang_code": lang, "model_name": ner_model_for(lang)}
                  for lang in self.ner_languages]
        import warnings

        warnings.filterwarnings("ignore", message=r".*\[W095\].*")  # es model trained on 3.1
        if models:
            for m in models:
                if not spacy.util.is_package(m["model_name"]):
                    raise ModelUnavailable(f"spaCy package '{m['model_name']}' is not installed "
                                           "(see requirements.txt)")
            provider = NlpEngineProvider(nlp_configuration={
                "nlp_engine_name": "spacy", "models": models,
                "ner_model_configuration": {"labels_to_ignore": ["MISC", "ORG", "ORGANIZATION",
                                                                 "NORP", "NRP", "DATE", "TIME",
                                                                 "CARDINAL", "MONEY"]}})
            self.nlp_engine = provider.create_engine()
        else:
            from presidio_analyzer.nlp_engine import SpacyNlpEngine

            self.nlp_engine = SpacyNlpEngine(models=[])
            self.nlp_engine.nlp = {}
        for lang in self.languages:  # pattern-only languages: a tokenizer is all we need
            if lang not in self.nlp_engine.nlp:
                try:
                    self.nlp_engine.nlp[lang] = spacy.blank(lang)
                except Exception:  # noqa: BLE001 - spaCy has no tokenizer rules for it
                    self.nlp_engine.nlp[lang] = spacy.blank("xx")
        self.blank = {lang: spacy.blank(lang) for lang in self.ner_languages}
        registry = _cached_registry(RecognizerRegistry)(supported_languages=list(self.languages))
        self.sets: dict[str, list[rsets.RecognizerSet]] = {}
        self._steps: dict[str, list[tuple[tuple[str, ...], int, Any]]] = {}
        for lang in self.languages:
            self.sets[lang] = rsets.for_language(lang, ner=lang in self.ner_languages)
            for rs in self.sets[lang]:
                for rec in rs.build(lang):
                    registry.add_recognizer(rec)
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine, registry=registry,
                                       supported_languages=list(self.languages),
                                       context_aware_enhancer=context_enhancer())

    def entities_to_check(self, text: str, language: str, *, prepass: bool = True,
                          ner: bool = True) -> list[str]:
        return self.plan(text, language, prepass=prepass, ner=ner)[0]

    def plan(self, text: str, language: str, *, prepass: bool = True, ner: bool = True
             ) -> tuple[list[str], bool]:
        """The entities worth checking in `text`, and whether any pattern set's gate let it
        through (see patterns_may_match), from one pass over the gates."""
        ents: list[str] = []
        gated = False
        hits: dict[int, bool] = {}  # sets sharing a gate (email and handles...) search once
        for entities, key, search in self._plan_steps(language):
            if search is None:
                if ner:
                    ents.extend(entities)
                continue
            if prepass:
                hit = hits.get(key)
                if hit is None:
                    hit = hits[key] = search(text) is not None
                if not hit:
                    continue
            ents.extend(entities)
            gated = True
        return ents, gated

    def _plan_steps(self, language: str) -> list[tuple[tuple[str, ...], int, Any]]:
        """Per set of `language`, in order: its entities, a key shared by the sets whose gates
        are the same pattern, and the gate's search (None: the NER set, no gate)."""
        steps = self._steps.get(language)
        if steps is None:
            keys: dict[Any, int] = {}
            steps = []
            for rs in self.sets[language]:
                gate = rs.gate
                if gate is None:
                    steps.append((rs.entities, -1, None))
                    continue
                ident = ((gate.pattern, gate.flags) if isinstance(gate, re.Pattern)
                         else id(gate))
                steps.append((rs.entities, keys.setdefault(ident, len(keys)), gate.search))
            self._steps[language] = steps
        return steps

    def patterns_may_match(self, text: str, language: str) -> bool:
        """False when only the NER set can find anything: the scanner then reads the names
        and places straight from spaCy's output (ner_results) and skips the analyzer."""
        return any(rs.gate is not None and rs.may_match(text) for rs in self.sets[language])

    def artifacts(self, texts: Sequence[str], language: str, batch_size: int = 128,
                  ner: bool = True) -> Iterable:
        """NLP artifacts from `nlp.pipe` with only the NER component running (it has its own
        token-to-vector layer, so its entities are exactly those of the full pipeline). The
        lemmas Presidio's context check reads become lower-cased tokens. Without `ner`, only
        a tokenizer runs (pattern recognizers need tokens for their context words)."""
        nlp = self.nlp_engine.nlp[language] if ner else self.blank.get(
            language, self.nlp_engine.nlp[language])
        disable = [p for p in nlp.pipe_names if p != "ner"]
        for doc in nlp.pipe(texts, batch_size=batch_size, disable=disable):
            art = self.nlp_engine._doc_to_nlp_artifact(doc, language)
            art.lemmas = [t.lower_ for t in doc]
            yield art

    def analyze_one(self, text: str, language: str, *, threshold: float = DEFAULT_THRESHOLD,
                    entities: list[str] | None = None, nlp_artifacts: Any = None,
                    region_language: str | None = None) -> list[Any]:
        """One text. With explicit `entities` (the pre-pass's choice), certain identifiers
        (score 1.0: checksum-verified IBANs and cards, emails) are found first and blanked
        before the phone check, which then only runs if digits are left: the phone matcher
        is the slowest recognizer and would only find numbers that lose to those identifiers."""
        if entities is None:
            entities = self.entities_to_check(text, language, prepass=False)
            return resolve_overlaps(self.analyzer.analyze(
                text, language=language, entities=entities, score_threshold=threshold,
                nlp_artifacts=nlp_artifacts))
        first = [e for e in entities if e != "PHONE_NUMBER"]
        results = self.analyzer.analyze(text, language=language, entities=first,
                                        score_threshold=threshold,
                                        nlp_artifacts=nlp_artifacts) if first else []
        if "PHONE_NUMBER" in entities:
            masked = text
            for r in results:
                if r.score >= 0.99:
                    masked = masked[:r.start] + " " * (r.end - r.start) + masked[r.end:]
            if masked is text or rsets.PHONE_GATE.search(masked):
                regions = rsets.phone_regions(region_language or language)
                token = rsets.PHONE_REGIONS_HINT.set(
                    regions[:1] if rsets.international_only(masked)
                    else rsets.without_nanp_duplicates(regions))
                try:
                    results = list(results) + self.analyzer.analyze(
                        masked, language=language, entities=["PHONE_NUMBER"],
                        score_threshold=threshold, nlp_artifacts=nlp_artifacts)
                finally:
                    rsets.PHONE_REGIONS_HINT.reset(token)
        return resolve_overlaps(results)


def _cached_registry(base: type) -> type:
    """Presidio's RecognizerRegistry whose `get_recognizers` answer is kept per (language,
    entities) until a recognizer is added or removed: the analyzer asks it on every call (twice
    per row with a phone check), and each answer filters every recognizer of every language.
    The same objects come back in the same order as a fresh answer (the answer is a list made
    from a set of the same objects, built the same way)."""

    class CachedRecognizerRegistry(base):  # type: ignore[misc, valid-type]
        def get_recognizers(self, language, entities=None, all_fields=False,  # noqa: ANN001
                            ad_hoc_recognizers=None):
            if ad_hoc_recognizers:
                return super().get_recognizers(language, entities, all_fields,
                                               ad_hoc_recognizers)
            cache = self.__dict__.setdefault("_gh_cache", {})
            key = (language, tuple(entities) if entities is not None else None, all_fields,
                   len(self.recognizers))
            found = cache.get(key)
            if found is None:
                found = cache[key] = super().get_recognizers(language, entities, all_fields)
            return list(found)

        def add_recognizer(self, recognizer):  # noqa: ANN001
            self.__dict__.pop("_gh_cache", None)
            return super().add_recognizer(recognizer)

        def remove_recognizer(self, *args, **kwargs):  # noqa: ANN002, ANN003
            self.__dict__.pop("_gh_cache", None)
            return super().remove_recognizer(*args, **kwargs)

    return CachedRecognizerRegistry


_engines: dict[tuple[str, ...], PiiEngine] = {}
_engines_lock = threading.Lock()


CORE_LANGUAGES = ("de", "en", "es", "fr")
PATTERN_ONLY = "xx"  # spaCy's multi-language tokenizer: rows of languages without a pipeline


def engine_for(languages: Sequence[str]) -> PiiEngine:
    """One engine per process for the core languages plus any others asked for (the spaCy
    pipelines load once; rows are routed, so extra languages cost nothing)."""
    key = tuple(sorted(set(languages) | set(CORE_LANGUAGES) | {PATTERN_ONLY}))
    with _engines_lock:
        for langs, eng in _engines.items():
            if set(key) <= set(langs):
                return eng
    with _engines_lock:
        if key not in _engines:
            _engines[key] = PiiEngine(key)
        return _engines[key]


NER_ENTITIES = frozenset({"PERSON", "LOCATION"})


def ner_results(artifacts: Any, threshold: float) -> list[Any]:
    """What Presidio's SpacyRecognizer returns for PERSON/LOCATION, read straight from the
    artifacts (rows where the pre-pass rules out every pattern recognizer skip the analyzer;
    a test checks the results equal the analyzer's)."""
    from presidio_analyzer import RecognizerResult

    text = artifacts.tokens.text
    out = [RecognizerResult(ent.label_, ent.start_char, ent.end_char, float(score))
           for ent, score in zip(artifacts.entities, artifacts.scores, strict=True)
           if ent.label_ in NER_ENTITIES and score >= threshold
           and not rsets.is_implausible_ner(text, ent.start_char, ent.end_char, ent.label_)]
    return resolve_overlaps(out)


def resolve_overlaps(results: Sequence[Any]) -> list[Any]:
    """Keep the strongest of overlapping findings (higher score, then longer span): an email
    must not also count as a URL, nor a card number as a phone number."""
    kept: list[Any] = []
    for r in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        if all(r.end <= k.start or r.start >= k.end for k in kept):
            kept.append(r)
    return sorted(kept, key=lambda r: r.start)


@dataclass(frozen=True)
class Route:
    engine_language: str  # the engine's language: a NER language, a pattern set's, or "xx"
    ner: bool


def route_row(text: str, language: str | None, engine: PiiEngine, *,
              und_fallback: str | None) -> Route:
    """Which checks a row gets. NER only runs in the row's own language, and only on a row
    written in Latin script (the packaged pipelines are en/es/fr): a row detected as Arabic,
    Hindi, Chinese, German... or one whose letters are mostly another script gets the pattern
    recognizers only. Undetermined (very short) Latin-script rows use `und_fallback`, the
    dataset's main NER language, if there is one."""
    latin = script_of(text) in ("Latin", "")
    lang = language if language and language != UNDETERMINED else None
    if lang is None:
        if latin and und_fallback in engine.ner_languages:
            return Route(und_fallback, True)
        return Route(PATTERN_ONLY, False)
    if lang in engine.ner_languages:
        return Route(lang, latin)
    if lang in engine.languages:
        return Route(lang, False)
    return Route(PATTERN_ONLY, False)


def main_ner_language(languages: Sequence[str | None], engine: PiiEngine) -> str | None:
    counts = Counter(lang for lang in languages if lang in engine.ner_languages)
    return counts.most_common(1)[0][0] if counts else None


def scan_texts(texts: Sequence[str | None], languages: Sequence[str | None], *,
               pii_languages: Sequence[str] | None = None,
               threshold: float = DEFAULT_THRESHOLD, batch_size: int = 128,
               prepass: bool = True, column: str | None = None, ner: bool = True,
               progress: Progress | None = None, row_offset: int = 0,
               max_chars: int | None = None, budget_s: float | None = None,
               und_fallback: str | None = None) -> PiiReport:
    """Find PII in each text, routed by its detected language (see `route_row`). `ner=False`
    skips names and places (for short category columns, where NER mostly errs).

    Hostile input stays linear: cells are checked up to `max_chars` characters
    (pii_linear.MAX_CELL_CHARS) and each row's checks stop once `budget_s` seconds are spent
    (pii_linear.ROW_BUDGET_S); both are reported per row in `notes`. `pii_languages` is
    accepted for older callers; routing no longer depends on it."""
    from explorer.datasets.pii_linear import MAX_CELL_CHARS, ROW_BUDGET_S, RowBudget

    if len(texts) != len(languages):
        raise ValueError("texts and languages must have the same length")
    max_chars = MAX_CELL_CHARS if max_chars is None else max_chars
    budget_s = ROW_BUDGET_S if budget_s is None else budget_s
    engine = engine_for(CORE_LANGUAGES)
    fallback = und_fallback or main_ner_language(languages, engine)
    notes: list[RowNote] = []
    groups: dict[Route, list[int]] = {}
    clipped: dict[int, str] = {}
    pattern_only: Counter = Counter()
    ner_rows: Counter = Counter()
    pattern_rows: list[int] = []
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        if not text or not str(text).strip():
            continue
        value = str(text)
        if len(value) > max_chars:
            notes.append(RowNote(i + row_offset, column, "truncated",
                                 f"only the first {max_chars:,} of {len(value):,} characters "
                                 "were checked for personal data"))
            value = value[:max_chars]
        clipped[i] = value
        route = route_row(value, lang, engine, und_fallback=fallback)
        if not ner:
            route = Route(route.engine_language, False)
        elif not route.ner:
            pattern_only[lang or UNDETERMINED] += 1
            pattern_rows.append(i + row_offset)
        if route.ner:
            ner_rows[route.engine_language] += 1
        groups.setdefault(route, []).append(i)
    findings: list[Finding] = []
    total, done = sum(len(v) for v in groups.values()) or 1, 0
    for route, idx in groups.items():
        lang, use_ner = route.engine_language, route.ner
        _warm_up(engine, lang, use_ner, threshold)  # one-time loading is not a row's time
        for b in range(0, len(idx), batch_size):
            chunk = idx[b:b + batch_size]
            chunk_texts = [clipped[i] for i in chunk]
            plans = [engine.plan(t, lang, prepass=prepass, ner=use_ner) for t in chunk_texts]
            wanted = [w for w, _ in plans]
            # rows with nothing to check skip spaCy entirely (pattern-only languages)
            need = [k for k, w in enumerate(wanted) if w]
            arts = dict(zip(need, engine.artifacts([chunk_texts[k] for k in need], lang,
                                                  batch_size=batch_size, ner=use_ner),
                            strict=True))
            for k in need:
                row_lang = languages[chunk[k]] or UNDETERMINED
                with RowBudget(budget_s) as budget:
                    if prepass and not plans[k][1]:  # only the NER set can find anything
                        results = ner_results(arts[k], threshold)
                    else:
                        results = engine.analyze_one(chunk_texts[k], lang, threshold=threshold,
                                                     entities=wanted[k], nlp_artifacts=arts[k],
                                                     region_language=row_lang)
                if budget.exceeded:
                    notes.append(RowNote(chunk[k] + row_offset, column, "time_budget",
                                         f"checks stopped after the {budget_s:g} s time "
                                         "budget per row; some personal data may be missed"))
                for r in results:
                    findings.append(Finding(chunk[k] + row_offset, r.start, r.end,
                                            r.entity_type, float(r.score),
                                            lang if use_ner else row_lang, column))
            done += len(chunk)
            if progress:
                progress(done / total, f"PII: {done} of {total} texts checked")
    return summarise(len(texts), findings, tuple(engine.languages), notes=notes,
                     pattern_only=dict(pattern_only), ner_rows=dict(ner_rows),
                     pattern_only_rows=pattern_rows)


def summarise(n_rows: int, findings: Sequence[Finding], languages: tuple[str, ...], *,
              notes: Sequence[RowNote] = (), pattern_only: dict[str, int] | None = None,
              ner_rows: dict[str, int] | None = None,
              pattern_only_rows: Sequence[int] = ()) -> PiiReport:
    entities = Counter(f.entity_type for f in findings)
    by_lang: dict[str, Counter] = {}
    for f in findings:
        by_lang.setdefault(f.language, Counter())[f.entity_type] += 1
    return PiiReport(
        n_rows=n_rows, findings=tuple(sorted(findings, key=lambda f: (f.row, f.start))),
        entities=dict(entities.most_common()),
        by_language={k: dict(v.most_common()) for k, v in sorted(by_lang.items())},
        rows_with_pii=len({f.row for f in findings}), languages_scanned=languages,
        notes=tuple(sorted(notes, key=lambda n: (n.row, n.kind))),
        pattern_only=dict(sorted((pattern_only or {}).items())),
        ner_rows=dict(sorted((ner_rows or {}).items())),
        pattern_only_rows=tuple(sorted(set(pattern_only_rows))))


def merge(reports: Sequence[PiiReport], n_rows: int) -> PiiReport:
    """One report from the reports of several columns (or batches) of the same rows."""
    pattern_only: Counter = Counter()
    ner_rows: Counter = Counter()
    for r in reports:
        pattern_only.update(r.pattern_only)
        ner_rows.update(r.ner_rows)
    langs = tuple(dict.fromkeys(lang for r in reports for lang in r.languages_scanned))
    return summarise(n_rows, [f for r in reports for f in r.findings], langs,
                     notes=[n for r in reports for n in r.notes],
                     pattern_only=dict(pattern_only), ner_rows=dict(ner_rows),
                     pattern_only_rows=[i for r in reports for i in r.pattern_only_rows])


_WARM_SAMPLE = ("Write to Ana Silva at ana.silva@example.org or call +44 20 7946 0958 from "
                "192.168.0.1, https://example.org, IBAN GB82 WEST 1234 5698 7654 32.")
_warmed: set[tuple[int, str, bool]] = set()


def _warm_up(engine: Any, language: str, ner: bool, threshold: float) -> None:
    """Run every recognizer of `language` once on a sample, outside any row's time budget:
    recognizers load data lazily (phone-number metadata per region, compiled patterns), and on
    a busy machine that first load alone could use up the first row's budget."""
    key = (id(engine), language, ner)
    if key in _warmed:
        return
    _warmed.add(key)
    try:
        arts = list(engine.artifacts([_WARM_SAMPLE], language, ner=ner))
        engine.analyze_one(_WARM_SAMPLE, language, threshold=threshold,
                           entities=engine.entities_to_check(_WARM_SAMPLE, language,
                                                             prepass=False, ner=ner),
                           nlp_artifacts=arts[0] if arts else None)
    except Exception:  # noqa: BLE001 - best effort: the real rows report their own problems
        import logging

        logging.getLogger("glasshouse.pii").debug("PII warm-up for %s failed", language,
                                                  exc_info=True)


def mask_text(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Replace each span by <ENTITY_TYPE> (glasshouse.spans, the one span masker)."""
    from glasshouse.spans import mask_spans

    return mask_spans(text, spans)


def tldextract_cache_dir() -> Path:
    _prepare_offline_env()
    return Path(os.environ["TLDEXTRACT_CACHE"])
