"""French social security number (NIR / numéro INSEE): Presidio has no recognizer for it, so we
write one. 13 digits (sex, year, month, department incl. Corsica 2A/2B, commune, order) and a
2-digit key = 97 - (number mod 97)."""

from __future__ import annotations

import re
from typing import Any

NIR_REGEX = (r"\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AaBb])\s?\d{3}\s?\d{3}"
             r"\s?\d{2}\b")


def nir_is_valid(candidate: str) -> bool:
    digits = re.sub(r"\s", "", candidate).upper()
    if len(digits) != 15:
        return False
    body, key = digits[:13], digits[13:]
    # Corsica: 2A -> 19, 2B -> 18 for the checksum
    body = body.replace("2A", "19").replace("2B", "18")
    if not body.isdigit() or not key.isdigit():
        return False
    return 97 - (int(body) % 97) == int(key)


def fr_nir_recognizer(language: str = "fr") -> Any:
    from presidio_analyzer import Pattern, PatternRecognizer

    class FrNirRecognizer(PatternRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            return nir_is_valid(pattern_text)

    return FrNirRecognizer(
        supported_entity="FR_NIR", supported_language=language, name="FrNirRecognizer",
        patterns=[Pattern("NIR", NIR_REGEX, 0.5)],
        context=["sécurité", "securite", "sociale", "insee", "nir", "numéro", "carte vitale"])
