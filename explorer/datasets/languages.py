"""Language identification per row with lingua over every language it knows (75) unless the
user narrows the candidates, with a flag for rows that mix languages.

Two passes keep this fast and accurate: a low-accuracy pass over all candidates on the longer
rows finds which languages the dataset holds (lingua's low-accuracy models load in < 1 s; the
high-accuracy ones for all 75 languages take ~16 s and 1 GB), then the high-accuracy detector,
restricted to those languages, labels every row. Short rows (a few words, where any detector
guesses) are script-aware: they take the best language among the dataset's languages written
in the row's own script, so "Hola Juan" in a Spanish/English/Arabic dataset is not called
Indonesian, and a short Arabic-script row is never called English."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from glasshouse.errors import BadInput

# The seven languages tried before issue 17 (kept for callers that want a small European set).
EUROPEAN_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")
SHORT_WORDS = 4  # rows with fewer words are "short": script-aware choice among present languages
PRESENT_MIN_SHARE = 0.005  # a language is present with >= 0.5 % of the longer rows ...
PRESENT_MIN_ROWS = 2  # ... and at least 2 of them (1 in datasets under 50 rows)
PRESENT_TOP_K = 3  # a row votes for its first pass's top 3 languages ...
PRESENT_MIN_RELATIVE = 0.05  # ... that have at least 1/20 of the top language's confidence
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
    considered: tuple[str, ...] = ()  # the candidates found present (second pass)
    caveat: str = ("Language identification is unreliable for very short texts (a few words): "
                   "those take the best language, among the ones found in longer rows, that is "
                   "written in their script. A language with very few rows (under 0.5 %) may "
                   "be labelled as a neighbouring one.")

    @property
    def n_mixed(self) -> int:
        return sum(self.mixed)


def all_languages() -> tuple[str, ...]:
    """Every language lingua can identify, as ISO 639-1 tags."""
    from lingua import Language

    return tuple(sorted(lang.iso_code_639_1.name.lower() for lang in Language.all()))


def __getattr__(name: str):  # module attribute DEFAULT_LANGUAGES, computed lazily
    if name == "DEFAULT_LANGUAGES":
        return all_languages()
    raise AttributeError(name)


def parse_languages(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """The candidate languages: every lingua language when `spec` is empty, else the tags
    given (comma-separated or a list), checked against lingua's ISO 639-1 codes."""
    if spec is None or spec == "" or spec == [] or spec == ():
        return all_languages()
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


def detector(languages: Sequence[str], *, low_accuracy: bool = False):
    """A lingua LanguageDetector for these languages (cached per process)."""
    key = tuple(sorted(set(languages))) + (("<low>",) if low_accuracy else ())
    with _lock:
        if key not in _detectors:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, t.upper()))
                     for t in key if t != "<low>"]
            if len(langs) == 1:  # lingua needs two candidates; add English as a foil
                langs.append(Language.ENGLISH if langs[0] != Language.ENGLISH
                             else Language.SPANISH)
            builder = LanguageDetectorBuilder.from_languages(*langs)
            if low_accuracy:
                builder = builder.with_low_accuracy_mode()
            _detectors[key] = builder.build()
        return _detectors[key]


def _tag(language) -> str:
    return language.iso_code_639_1.name.lower()


_NON_WORD_TOKEN = re.compile(r"[\d@/_:<>\[\]#]|\.\w")


def words_only(text: str) -> str:
    """The text without tokens that are no word of any language (e-mails, URLs, handles,
    numbers, times, chat brackets), which otherwise sway the detector ("beispiel.de" made a
    Spanish row German). Token by token: linear in the text."""
    words = " ".join(w for w in text.split() if not _NON_WORD_TOKEN.search(w))
    return words if len(words) >= MIN_CHARS else text  # nothing but ids: keep what there is


_WIDE = ((0x0E00, 0x0E7F), (0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF))


def word_count(text: str) -> int:
    """Words, counting two characters as one in scripts written without spaces (Chinese,
    Japanese, Korean, Thai), so their sentences are not all 'short rows'."""
    wide = sum(1 for ch in text if any(lo <= ord(ch) <= hi for lo, hi in _WIDE))
    return max(len(text.split()), wide // 2)


def is_mixed(det, text: str) -> bool:
    text = words_only(text)  # ids, emails, URLs are not words of any language
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


_LATIN_RANGES = ((0x41, 0x24F), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF),
                 (0xFF21, 0xFF5A))


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _LATIN_RANGES)
                           + "]")


def script_of(text: str, sample: int = 200) -> str:
    """The main script of a text's letters: 'Latin', another Unicode script name ('ARABIC',
    'DEVANAGARI', 'CJK', ...) or '' when it has no letters (first `sample` letters only)."""
    letters = "".join(_LETTER.findall(text[:sample * 8])[:sample])
    if len(letters) < sample and len(text) > sample * 8:  # letters sparse: look further
        letters = "".join(_LETTER.findall(text)[:sample])
    if not letters:
        return ""
    latin = len(_LATIN_LETTER.findall(letters))
    if 2 * latin > len(letters):  # a majority: the most common script whatever the rest
        return "Latin"
    import unicodedata

    counts: Counter = Counter()
    for ch in letters:
        cp = ord(ch)
        if any(lo <= cp <= hi for lo, hi in _LATIN_RANGES):
            counts["Latin"] += 1
        else:
            counts[unicodedata.name(ch, "OTHER").split(" ")[0]] += 1
    return counts.most_common(1)[0][0]


def _present(texts: Sequence[str], usable: Sequence[int], candidates: Sequence[str]
             ) -> tuple[str, ...]:
    """Languages the dataset holds: a low-accuracy pass over all candidates on the longer rows
    (all usable rows when none is long)."""
    longer = [i for i in usable if word_count(texts[i]) >= SHORT_WORDS] or list(usable)
    if not longer:
        return tuple(candidates)
    det = detector(candidates, low_accuracy=True)
    found = Counter()
    for vals in det.compute_language_confidence_values_in_parallel([texts[i] for i in longer]):
        # the low-accuracy models are unsure on short texts: the row's top few all count
        best = vals[0].value if vals else 0.0
        for v in vals[:PRESENT_TOP_K]:
            if v.value >= PRESENT_MIN_RELATIVE * best:
                found[_tag(v.language)] += 1
    least = max(PRESENT_MIN_ROWS if len(texts) >= 50 else 1,
                int(PRESENT_MIN_SHARE * len(longer)))
    present = tuple(sorted(t for t, c in found.items() if c >= least and t in candidates))
    return present or tuple(t for t, _ in found.most_common(1)) or tuple(candidates)


def present_languages(texts: Sequence[str | None],
                      languages: Sequence[str] | None = None) -> tuple[str, ...]:
    """The candidates the first pass finds in `texts` (what `detect` then considers); a batch
    scan computes them once on its sample and passes them with `narrow=False`."""
    candidates = tuple(languages) if languages else all_languages()
    clean = [words_only(str(t)) if t is not None else "" for t in texts]
    usable = [i for i, t in enumerate(clean) if len(t.strip()) >= MIN_CHARS]
    return _present(clean, usable, candidates) if len(candidates) > 2 else candidates


def detect(texts: Sequence[str | None], languages: Sequence[str] | None = None, *,
           check_mixed: bool = True, narrow: bool = True) -> LanguageReport:
    """Per-row language. `narrow=False`: consider exactly `languages` (no first pass)."""
    candidates = tuple(languages) if languages else all_languages()
    clean = [words_only(str(t)) if t is not None else "" for t in texts]
    usable = [i for i, t in enumerate(clean) if len(t.strip()) >= MIN_CHARS]
    considered = _present(clean, usable, candidates) if narrow and len(candidates) > 2 \
        else candidates
    det = detector(considered)
    tags = [UNDETERMINED] * len(clean)
    conf = [0.0] * len(clean)
    mixed = [False] * len(clean)
    if usable:
        values = det.compute_language_confidence_values_in_parallel([clean[i] for i in usable])
        scripts: dict[str, Counter] = {}
        short: list[tuple[int, list]] = []
        for i, vals in zip(usable, values, strict=True):
            if not vals:
                continue
            top = vals[0]
            tags[i], conf[i] = _tag(top.language), float(top.value)
            if word_count(clean[i]) < SHORT_WORDS:
                short.append((i, vals))
            else:
                scripts.setdefault(tags[i], Counter())[script_of(clean[i])] += 1
        # short rows: the best language written in the row's script (scripts seen on longer rows)
        lang_script = {t: c.most_common(1)[0][0] for t, c in scripts.items()}
        for i, vals in short:
            script = script_of(clean[i])
            same = [v for v in vals if lang_script.get(_tag(v.language)) == script]
            if same:
                tags[i], conf[i] = _tag(same[0].language), float(same[0].value)
            elif script and script != "Latin" and lang_script.get(tags[i]) not in (None, script):
                tags[i], conf[i] = UNDETERMINED, 0.0  # a script no present language is written in
        if check_mixed:  # a row that mixes languages never gets a near-certain single guess
            for i in usable:
                if conf[i] < MIXED_MAX_CONFIDENCE:
                    mixed[i] = is_mixed(det, clean[i])
    counts = Counter(tags)
    n = len(clean) or 1
    return LanguageReport(tuple(tags), tuple(conf), tuple(mixed),
                          {k: round(v / n, 4) for k, v in counts.most_common()},
                          dict(counts.most_common()), tuple(candidates), tuple(considered))
