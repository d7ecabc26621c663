"""Plain Presidio, as a user would call it, for side-by-side quality and speed comparisons
(bench/bench_pii.py, tests): one `AnalyzerEngine` with Presidio's own predefined recognizers
and the same packaged spaCy pipelines as ours (en, es, fr), called row by row with
`analyze(text, language)`. A row whose language has no pipeline is analysed as English: that is
all plain Presidio can do with it (ours checks it with patterns only, see pii.route_row)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

PLAIN_LANGUAGES = ("en", "es", "fr")
_engine: Any = None
_lock = threading.Lock()


def plain_engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from presidio_analyzer import AnalyzerEngine
            from presidio_analyzer.nlp_engine import NlpEngineProvider

            from explorer.datasets.pii import _prepare_offline_env, ner_model_for

            _prepare_offline_env()
            provider = NlpEngineProvider(nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": lang, "model_name": ner_model_for(lang)}
                           for lang in PLAIN_LANGUAGES]})
            _engine = AnalyzerEngine(nlp_engine=provider.create_engine(),
                                     supported_languages=list(PLAIN_LANGUAGES))
        return _engine


def plain_language(tag: str | None) -> str:
    return tag if tag in PLAIN_LANGUAGES else "en"


def plain_findings(texts: Sequence[str], tags: Sequence[str | None],
                   threshold: float = 0.4) -> list[tuple[int, int, int, str]]:
    """(row, start, end, entity_type) of plain per-row analysis (overlaps resolved as ours)."""
    from explorer.datasets.pii import resolve_overlaps

    engine = plain_engine()
    out = []
    for i, (text, tag) in enumerate(zip(texts, tags, strict=True)):
        results = engine.analyze(text, language=plain_language(tag), score_threshold=threshold)
        out.extend((i, r.start, r.end, r.entity_type) for r in resolve_overlaps(results))
    return out
