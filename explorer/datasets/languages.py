"""Language identification per row with lingua, restricted to a set of candidate languages
(fewer candidates: faster and fewer confusions), with a flag for rows that mix languages."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from glasshouse.errors import BadInput

# Languages tried when the user names none: the ones Glasshouse has PII support for first,
# then common European neighbours they are confused with.
DEFAULT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")
MIN_CHARS = 3  # shorter texts are "und" (undetermined)
MIXED_MIN_WORDS = 3  # a second language must cover at least this many words ...
MIXED_MIN_SHARE = 0.25  # ... and this share of the row's words
MIXED_MAX_CONFIDENCE = 0.99  # rows above this confidence are not checked for mixing
UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageReport:
    tags: tuple[str, ...]  # per row: BCP-47 tag or "und"
    confidence: tuple[float, ...]
    mixed: tuple[bool, ...]
    shares: dict[str, float]
    counts: dict[str, int]
    candidates: tuple[str, ...]
    caveat: str = ("Language identification is unreliable for very short texts (a few words), "
                   "and only the candidate languages listed are considered.")

    @property
    def n_mixed(self) -> int:
        return sum(self.mixed)


def parse_languages(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    if spec is None or spec == "" or spec == []:
        return DEFAULT_LANGUAGES
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    tags = tuple(dict.fromkeys(t.strip().lower() for t in items if t.strip()))
    from lingua import IsoCode639_1

    for tag in tags:
        if not hasattr(IsoCode639_1, tag.upper()) or len(tag) != 2:
            raise BadInput(f"unknown language '{tag}': use two-letter codes such as en,es,fr",
                           field="languages")
    return tags


_detectors: dict[tuple[str, ...], object] = {}
_lock = threading.Lock()


def detector(languages: Sequence[str]):  # -> lingua.LanguageDetector
    key = tuple(sorted(set(languages)))
    with _lock:
        if key not in _detectors:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, t.upper())) for t in key]
            if len(langs) == 1:  # lingua needs two candidates; add English as a foil
                langs.append(Language.ENGLISH if key[0] != "en" else Language.SPANISH)
            _detectors[key] = LanguageDetectorBuilder.from_languages(*langs).build()
        return _detectors[key]


def _tag(language) -> str:
    return language.iso_code_639_1.name.lower()


_NOT_A_WORD = re.compile(r"\S*[\d@/_:]\S*|\S*\.\w+\S*")


def is_mixed(det, text: str) -> bool:
    text = _NOT_A_WORD.sub(" ", text)  # ids, emails, URLs are not words of any language
    words = text.split()
    if len(words) < 2 * MIXED_MIN_WORDS:
        return False
    per_lang: Counter = Counter()
    for seg in det.detect_multiple_languages_of(text):
        per_lang[_tag(seg.language)] += seg.word_count
    if len(per_lang) < 2:
        return False
    total = sum(per_lang.values()) or 1
    second = per_lang.most_common(2)[1][1]
    return second >= MIXED_MIN_WORDS and second / total >= MIXED_MIN_SHARE


def detect(texts: Sequence[str | None], languages: Sequence[str] = DEFAULT_LANGUAGES, *,
           check_mixed: bool = True) -> LanguageReport:
    det = detector(languages)
    clean = [str(t) if t is not None else "" for t in texts]
    usable = [i for i, t in enumerate(clean) if len(t.strip()) >= MIN_CHARS]
    tags = [UNDETERMINED] * len(clean)
    conf = [0.0] * len(clean)
    mixed = [False] * len(clean)
    if usable:
        values = det.compute_language_confidence_values_in_parallel([clean[i] for i in usable])
        for i, vals in zip(usable, values, strict=True):
            if vals:
                top = vals[0]
                tags[i], conf[i] = _tag(top.language), float(top.value)
        if check_mixed:  # a row that mixes languages never gets a near-certain single guess
            for i in usable:
                if conf[i] < MIXED_MAX_CONFIDENCE:
                    mixed[i] = is_mixed(det, clean[i])
    counts = Counter(tags)
    n = len(clean) or 1
    return LanguageReport(tuple(tags), tuple(conf), tuple(mixed),
                          {k: round(v / n, 4) for k, v in counts.most_common()},
                          dict(counts.most_common()), tuple(languages))
