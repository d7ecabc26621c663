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
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.datasets import pii_recognizers as rsets

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
class PiiReport:
    n_rows: int
    findings: tuple[Finding, ...]
    entities: dict[str, int]
    by_language: dict[str, dict[str, int]]
    rows_with_pii: int
    languages_scanned: tuple[str, ...]
    caveat: str = field(default=(
        "Automatic PII detection misses some personal data and flags some harmless text. "
        "Names and places are found only in English, Spanish and French (spaCy small models); "
        "other languages get pattern checks only (emails, phones, IBANs, cards, IPs, URLs, ids)."))


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
        registry = RecognizerRegistry(supported_languages=list(self.languages))
        self.sets: dict[str, list[rsets.RecognizerSet]] = {}
        for lang in self.languages:
            self.sets[lang] = rsets.for_language(lang, ner=lang in self.ner_languages)
            for rs in self.sets[lang]:
                for rec in rs.build(lang):
                    registry.add_recognizer(rec)
        self.analyzer = AnalyzerEngine(nlp_engine=self.nlp_engine, registry=registry,
                                       supported_languages=list(self.languages))

    def entities_to_check(self, text: str, language: str, *, prepass: bool = True,
                          ner: bool = True) -> list[str]:
        ents: list[str] = []
        for rs in self.sets[language]:
            if rs.gate is None and not ner:
                continue
            if not prepass or rs.may_match(text):
                ents.extend(rs.entities)
        return ents

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
                    entities: list[str] | None = None, nlp_artifacts: Any = None) -> list[Any]:
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
                regions = rsets.PHONE_REGIONS.get(language, rsets.DEFAULT_PHONE_REGIONS)
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


_engines: dict[tuple[str, ...], PiiEngine] = {}
_engines_lock = threading.Lock()


CORE_LANGUAGES = ("de", "en", "es", "fr")


def engine_for(languages: Sequence[str]) -> PiiEngine:
    """One engine per process for the core languages plus any others asked for (the spaCy
    pipelines load once; rows are routed, so extra languages cost nothing)."""
    key = tuple(sorted(set(languages) | set(CORE_LANGUAGES)))
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


def route_language(language: str | None, engine_languages: Sequence[str], fallback: str) -> str:
    return language if language in engine_languages else fallback


def scan_texts(texts: Sequence[str | None], languages: Sequence[str | None], *,
               pii_languages: Sequence[str] = ("en", "es", "fr", "de"),
               threshold: float = DEFAULT_THRESHOLD, batch_size: int = 128,
               prepass: bool = True, column: str | None = None, ner: bool = True,
               progress: Progress | None = None, row_offset: int = 0) -> PiiReport:
    """Find PII in each text, each routed to its detected language (rows whose language is not
    in `pii_languages` use the first of them, which still runs every pattern recognizer).
    `ner=False` skips names and places (for short category columns, where NER mostly errs)."""
    if len(texts) != len(languages):
        raise ValueError("texts and languages must have the same length")
    engine = engine_for(pii_languages)
    fallback = pii_languages[0]
    groups: dict[str, list[int]] = {}
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        if text and str(text).strip():
            groups.setdefault(route_language(lang, engine.languages, fallback), []).append(i)
    findings: list[Finding] = []
    total, done = sum(len(v) for v in groups.values()) or 1, 0
    for lang, idx in groups.items():
        use_ner = ner and lang in engine.ner_languages
        for b in range(0, len(idx), batch_size):
            chunk = idx[b:b + batch_size]
            chunk_texts = [str(texts[i]) for i in chunk]
            wanted = [engine.entities_to_check(t, lang, prepass=prepass, ner=use_ner)
                      for t in chunk_texts]
            # rows with nothing to check skip spaCy entirely (pattern-only languages)
            need = [k for k, w in enumerate(wanted) if w]
            arts = dict(zip(need, engine.artifacts([chunk_texts[k] for k in need], lang,
                                                  batch_size=batch_size, ner=use_ner),
                            strict=True))
            for k in need:
                if prepass and set(wanted[k]) <= NER_ENTITIES:  # names/places only: read NER
                    results = ner_results(arts[k], threshold)
                else:
                    results = engine.analyze_one(chunk_texts[k], lang, threshold=threshold,
                                                 entities=wanted[k], nlp_artifacts=arts[k])
                for r in results:
                    findings.append(Finding(chunk[k] + row_offset, r.start, r.end,
                                            r.entity_type, float(r.score), lang, column))
            done += len(chunk)
            if progress:
                progress(done / total, f"PII: {done} of {total} texts checked")
    return summarise(len(texts), findings, tuple(engine.languages))


def summarise(n_rows: int, findings: Sequence[Finding], languages: tuple[str, ...]) -> PiiReport:
    entities = Counter(f.entity_type for f in findings)
    by_lang: dict[str, Counter] = {}
    for f in findings:
        by_lang.setdefault(f.language, Counter())[f.entity_type] += 1
    return PiiReport(
        n_rows=n_rows, findings=tuple(sorted(findings, key=lambda f: (f.row, f.start))),
        entities=dict(entities.most_common()),
        by_language={k: dict(v.most_common()) for k, v in sorted(by_lang.items())},
        rows_with_pii=len({f.row for f in findings}), languages_scanned=languages)


def mask_text(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Replace each span by <ENTITY_TYPE> (for showing rows without revealing what was found)."""
    out, last = [], 0
    for start, end, etype in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(f"<{etype}>")
        last = end
    out.append(text[last:])
    return "".join(out)


def tldextract_cache_dir() -> Path:
    _prepare_offline_env()
    return Path(os.environ["TLDEXTRACT_CACHE"])
