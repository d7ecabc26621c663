"""What the name-list and place-list recognizers share: running a finder per script that the
text contains, and wrapping a finder as a Presidio recognizer for one language. The finders
themselves (and their context rules) live in pii_names.py and pii_places.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Spans = list[tuple[int, int]]
SCRIPTS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-zÀ-ɏ]"),
    "cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "arabic": re.compile(r"[\u0621-\u064A]"),
    "han": re.compile(r"[\u3400-\u9FFF\uF900-\uFAFF]"),
    "devanagari": re.compile(r"[\u0900-\u097F]"),
}


HAN_RUN = re.compile(r"[\u3400-\u9FFF\uF900-\uFAFF]+")  # a run of Chinese characters


def continues_an_address(text: str, end: int) -> bool:
    """The word ending at `end` goes on into an e-mail address or a domain ("anna@...",
    "paris.fr"): not a name or place of its own."""
    return text[end:end + 1] in ("@", ".") and text[end + 1:end + 2].isalnum()


def spans_by_script(text: str, finders: Mapping[str, Callable[[str], Spans]]) -> Spans:
    """The spans of each script's finder, for the scripts that occur in `text` (in the order
    of SCRIPTS)."""
    spans: Spans = []
    for script, pattern in SCRIPTS.items():
        find = finders.get(script)
        if find is not None and pattern.search(text):
            spans += find(text)
    return spans


def list_recognizer(entity: str, lang: str, name: str, find: Callable[[str], Spans],
                    score: float, load: Callable[[], Any] = lambda: None) -> Any:
    """A Presidio recognizer of `entity` for `lang` whose findings are `find(text)`."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    class ListRecognizer(EntityRecognizer):
        def load(self) -> None:
            load()

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None
                    ) -> list[Any]:
            return [RecognizerResult(entity, s, e, score) for s, e in find(text)]

    ListRecognizer.__name__ = ListRecognizer.__qualname__ = name
    return ListRecognizer(supported_entities=[entity], supported_language=lang, name=name)
