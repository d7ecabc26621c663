"""Names of people in rows that get no NER model (German, Italian, Arabic, Chinese, Hindi,
Russian...; issue 17.1 forbids running the English model on them): given-name and
family-name lists (name_lists.json, from Faker's person lists, see name_lists_build.py)
plus the context a name needs in each script, so ordinary words that are also names are
left alone.

- Latin and Cyrillic script: a capitalised word that is a listed given name, not right after
  an article or a number ("die Iris", "5 Mark"), with the capitalised listed names that
  follow it ("Anna Schmidt").
- Arabic script: a listed given name (an attached و/ب/ل/ف is split off) counts only in
  context, as many given names are also words (أمل "hope"): followed by a family name, a
  nisba (ال...ي), بن/ابن/أبو + a name, or two more names; or at the start of a line before
  a colon. After a title or form of address (السيد، الدكتورة، يا، اسمي...) the next word
  is taken as a name even when it is not listed.
- Chinese (Han script): a listed surname and one or two characters, in context: before a
  title (先生, 女士, 老师...), after a naming cue (我叫, 联系人, 姓名...), or a listed
  surname + listed given name standing alone between punctuation; or at the start of a
  line before a colon.
- Devanagari: a listed given name after श्री/श्रीमती/डॉ or before जी, or followed by a
  listed family name.

Everything is a single pass over the row's tokens with set look-ups (linear time).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from explorer.datasets.list_recognizers import (HAN_RUN, continues_an_address,
                                                 list_recognizer, spans_by_script)

LISTS = Path(__file__).with_name("name_lists.json")
SCORE = 0.55

# words after which a capitalised given name is a noun, not a name ("der Wolf", "eine Rose")
DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem "
    "meine meinen meinem meiner deine deinen seine seinen ihre ihren unsere unseren diese "
    "dieser dieses diesen jede jeder jedes jeden welche welcher il lo gli uno una het een "
    "the os uma".split())
AR_TITLES = frozenset(
    "السيد السيدة الدكتور الدكتورة د الأستاذ الأستاذة أستاذ أستاذة المهندس المهندسة الشيخ "
    "الشيخة الأخ الأخت أخي أختي الحاج الحاجة الزميل الزميلة يا اسمي اسمه اسمها والسيد "
    "والسيدة للسيد للسيدة الطبيب الطبيبة الكابتن المحامي المحامية".split())
AR_LINKS = frozenset("بن ابن بنت أبو أبي آل".split())
AR_CLITICS = "وبلف"
ZH_TITLES = ("先生", "女士", "小姐", "老师", "医生", "教授", "经理", "主任", "同学", "博士",
             "律师", "师傅", "阿姨", "叔叔", "太太", "夫人", "总监", "老師", "醫生", "經理")
ZH_CUES = ("我叫", "我是", "名叫", "叫做", "联系人", "聯絡人", "聯繫人", "收件人", "姓名",
           "负责人", "負責人", "署名", "作者", "记者", "記者", "致", "联系", "聯繫", "找",
           "通知", "感谢", "感謝", "问候", "客户", "客戶", "患者", "学生", "學生")
HI_TITLES = frozenset("श्री श्रीमती सुश्री कुमारी डॉ डॉ. श्रीमान".split())


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(LISTS.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lists() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {script: (frozenset(v["given"]), frozenset(v["family"]))
            for script, v in _data()["scripts"].items()}


@lru_cache(maxsize=64)
def stop_names(language: str) -> frozenset[str]:
    """Listed names that are stop words of `language` ("Uwe" is Dutch for "your"); for a row
    of unknown language ("xx"), those of every language."""
    homographs = _data()["scripts"]["Latin"].get("stop_words", {})
    return frozenset(n for n, langs in homographs.items()
                     if language in langs or language in ("xx", "und", ""))


_LATIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u064B-\u065F\u0670\u0671-\u06D3]+")
_DEVA_WORD = re.compile(r"[\u0900-\u097F]+\.?")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word[1:2].islower()


def latin_names(text: str, script: str = "Latin", language: str = "xx"
                ) -> list[tuple[int, int]]:
    given, family = lists()[script]
    stop = stop_names(language) if script == "Latin" else frozenset()
    words = [(m.start(), m.end(), m.group()) for m in _LATIN_WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        if not (_is_cap(w) and _listed(w, given)) or w in stop:
            i += 1
            continue
        before = text[max(0, s - 12):s]
        prev = words[i - 1][2].lower() if i and s - words[i - 1][1] <= 2 else ""
        if prev in DETERMINERS or re.search(r"\d\s*$", before) or re.search(r"[@.\w]$", before):
            i += 1
            continue
        j = i
        while (j + 1 < len(words) and j - i < 2 and words[j + 1][0] - words[j][1] == 1
               and text[words[j][1]] == " " and _is_cap(words[j + 1][2])
               and (_listed(words[j + 1][2], family) or _listed(words[j + 1][2], given))):
            j += 1
        end = words[j][1]
        if continues_an_address(text, end):
            i = j + 1
            continue
        out.append((s, end))
        i = j + 1
    return out


def _listed(word: str, names: frozenset[str]) -> bool:
    return word in names or ("-" in word and all(p in names for p in word.split("-")))


def arabic_names(text: str) -> list[tuple[int, int]]:
    given, family = lists()["ARABIC"]
    words = []
    for m in _ARABIC_WORD.finditer(text):
        w, s = m.group(), m.start()
        if w not in given and w not in family and len(w) > 3 and w[0] in AR_CLITICS \
                and (w[1:] in given or w[1:] in family):
            w, s = w[1:], s + 1
        words.append((s, m.end(), w))

    def namelike(k: int) -> bool:
        w = words[k][2]
        return w in given or w in family or (w.startswith("ال") and w.endswith("ي")
                                             and len(w) >= 5)

    def adjacent(k: int) -> bool:  # word k+1 follows word k after spaces only
        return k + 1 < len(words) and text[words[k][1]:words[k + 1][0]].strip() == ""

    def chain(i: int) -> tuple[int, bool]:
        """The last word of the name starting at word i, and whether the chain holds a
        family name, a nisba or a bin/abu link (not only given names)."""
        j, strong = i, False
        while j - i < 3 and adjacent(j):
            nxt = words[j + 1][2]
            if nxt in AR_LINKS and adjacent(j + 1):
                j, strong = j + 2, True
            elif namelike(j + 1):
                j += 1
                strong = strong or nxt not in given or nxt in family
            else:
                break
        return j, strong

    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        prev_title = i > 0 and words[i - 1][2] in AR_TITLES and s - words[i - 1][1] <= 2
        if w.startswith("ال") or (w not in given and not prev_title):
            i += 1  # a given name takes no article; after a title any word is the name
            continue
        j, strong = chain(i)
        line_start = text[:s].rsplit("\n", 1)[-1].strip() == ""
        speaker = line_start and re.match(r"\s*[:：]", text[words[j][1]:]) is not None
        # two given names alone may be a noun and its adjective ("أمل كبير", great hope):
        # a chain counts when it has a family name, or three names, or a title or a colon
        if strong or j - i >= 2 or prev_title or speaker:
            out.append((s, words[j][1]))
        i = j + 1
    return out


def han_names(text: str) -> list[tuple[int, int]]:
    given, family = lists()["CJK"]
    out: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        seg, base = run.group(), run.start()
        k = 0
        while k < len(seg):
            found = None
            for flen in (2, 1):
                fam = seg[k:k + flen]
                if len(fam) < flen or fam not in family:
                    continue
                found = _han_at(text, seg, base, k, flen, given)
                if found:
                    break
            if found:
                out.append(found)
                k = found[1] - base
            else:
                k += 1
    return out


def _han_at(text: str, seg: str, base: int, k: int, flen: int, given: frozenset[str]
            ) -> tuple[int, int] | None:
    before = seg[:k]
    cue = any(before.endswith(c) for c in ZH_CUES) or (
        k == 0 and re.search(r"(?:姓名|联系人|聯絡人|收件人|负责人)\s*[:：]\s*$",
                             text[max(0, base - 12):base]) is not None)
    line_start = k == 0 and text[:base].rsplit("\n", 1)[-1].strip() == ""
    for glen in (2, 1):
        name_end = k + flen + glen
        if name_end > len(seg):
            continue
        rest = seg[name_end:]
        given_part = seg[k + flen:name_end]
        titled = any(rest.startswith(t) for t in ZH_TITLES)
        alone = k == 0 and rest == "" and given_part in given
        speaker = line_start and rest == "" and re.match(r"\s*[:：]",
                                                         text[base + name_end:]) is not None
        if titled or speaker or (cue and (given_part in given or rest == "")) or alone:
            return base + k, base + name_end
    return None


def devanagari_names(text: str) -> list[tuple[int, int]]:
    given, family = lists()["DEVANAGARI"]
    words = [(m.start(), m.end(), m.group()) for m in _DEVA_WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        s, e, w = words[i]
        if w not in given:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and j - i < 2 and words[j + 1][2] in family:
            j += 1
        titled = i > 0 and words[i - 1][2] in HI_TITLES
        ji = j + 1 < len(words) and words[j + 1][2] == "जी"
        if j > i or titled or ji:
            out.append((s, words[j][1]))
        i = j + 1
    return out


def find_names(text: str, language: str = "xx") -> list[tuple[int, int]]:
    """Spans of likely person names, in every script the lists cover (`language`: the row's,
    for its stop words)."""
    return spans_by_script(text, {"latin": lambda t: latin_names(t, language=language),
                                  "cyrillic": lambda t: latin_names(t, "CYRILLIC"),
                                  "arabic": arabic_names, "han": han_names,
                                  "devanagari": devanagari_names})


def name_list_recognizers(lang: str) -> list[Any]:
    """PERSON from the name lists and their context (see the module notes)."""
    return [list_recognizer("PERSON", lang, "NameListRecognizer",
                            lambda text: find_names(text, lang), SCORE, load=lists)]
