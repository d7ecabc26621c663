"""The phone matcher's pre-filter (pii_recognizers.could_be_valid_phone): candidates with too
few digits to be a valid number are skipped before libphonenumber parses them, and nothing
valid is lost: checked against libphonenumber's own example numbers of every region and type,
and against the plain matcher on real formats of several countries."""

from __future__ import annotations

import pytest

phonenumbers = pytest.importorskip("phonenumbers")

from phonenumbers import PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType  # noqa: E402
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS  # noqa: E402

from explorer.datasets.pii_recognizers import (PHONE_REGIONS, PRESIDIO_PHONE_REGIONS,  # noqa: E402
                                               _matcher_class, could_be_valid_phone,
                                               min_phone_digits, phone_regions)

TYPES = [getattr(PhoneNumberType, t) for t in (
    "FIXED_LINE", "MOBILE", "TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "VOIP",
    "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL")]


def test_every_example_number_of_every_region_passes_the_filter():
    """libphonenumber's example number of each region and type, written nationally (default
    region: its own) and internationally (any default region), with an extension too."""
    regions_tried = {r for rs in PHONE_REGIONS.values() for r in rs} | set(PRESIDIO_PHONE_REGIONS)
    checked = 0
    for region in sorted(SUPPORTED_REGIONS):
        for t in TYPES:
            num = phonenumbers.example_number_for_type(region, t)
            if num is None or not phonenumbers.is_valid_number(num):
                continue
            national = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
            intl = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
            e164 = phonenumbers.format_number(num, PhoneNumberFormat.E164)
            assert could_be_valid_phone(national, region), (region, national)
            assert could_be_valid_phone(national + " ext. 12", region), (region, national)
            for default in regions_tried:
                assert could_be_valid_phone(intl, default), (region, intl, default)
                assert could_be_valid_phone(e164, default), (region, e164, default)
                # dialled from `default` with its international call prefix (011 44..., 00 49...)
                dialled = phonenumbers.format_out_of_country_calling_number(num, default)
                assert could_be_valid_phone(dialled, default), (region, dialled, default)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("text,region", [
    ("call 0490 75 40 81 tomorrow", "AU"),
    ("Tel. +41 (0)96 471 07 95 or +41 (0) 44 668 18 00", "CH"),
    ("345-899-3560x4587 and (212) 555-0147 ext. 12", "US"),
    ("+44 20 7946 0958, 020 7946 0958 / 07911 123456", "GB"),
    ("Ruf an: 030 12345678, 089/1234567-0 oder +49 (0)30 901820", "DE"),
    ("appelez le 06 12 34 56 78 ou +33 (0)1 53 24 87 60", "FR"),
    ("llame al 612 345 678 o al +34 912 34 56 78", "ES"),
    ("ligue (11) 98765-4321 ou +55 21 2345-6789", "BR"),
    ("call 011 44 20 7946 0958 from the US", "US"),
    ("022 2778 2000 / +91 98765 43210", "IN"),
    ("03-1234567 or +972 3-123-4567", "IL"),
    ("chiama 06 6982 oppure 02 1234 5678", "IT"),
    ("Salzburg 0662 8044 oder +43 1 40400", "AT"),
    ("year 1998, 15 items, 10:42, room 12, +290 2234", "GB"),
])
def test_same_matches_as_the_plain_matcher(text, region):
    """The skipping matcher finds exactly what libphonenumber's own matcher finds."""
    skipping = _matcher_class()
    for r in (region, *phone_regions("en")):
        plain = [(m.start, m.end, m.number) for m in PhoneNumberMatcher(text, r, leniency=1)]
        ours = [(m.start, m.end, m.number) for m in skipping(text, r, leniency=1)]
        assert ours == plain, (text, r)


def test_short_candidates_are_skipped():
    assert not could_be_valid_phone("1998", "US")
    assert not could_be_valid_phone("15", "DE")
    assert not could_be_valid_phone("10:42", "FR")
    assert could_be_valid_phone("1998", "DE")  # German numbers can have four digits
    assert could_be_valid_phone("+290 2234", "US")  # Saint Helena, four-digit NSN
    # a region whose national-prefix rule inserts digits gets no bound (Antigua: 268$1)
    assert min_phone_digits("AG") == 0 and could_be_valid_phone("12", "AG")
    assert min_phone_digits("US") >= 7 and min_phone_digits("DE") == 4
    # without the international prefix (00) a French or Spanish number is national: 9 digits
    assert not could_be_valid_phone("2024-03-15", "FR")
    assert not could_be_valid_phone("83.45.112.9", "ES")
    assert could_be_valid_phone("00 44 20 7946", "FR")
    assert could_be_valid_phone("06 12 34 56 78", "FR")


def test_cached_registry_answers_like_presidio_and_forgets_on_change():
    """pii._cached_registry: the same recognizers in the same order as a fresh answer, and a
    new answer once a recognizer is added."""
    from presidio_analyzer import Pattern, PatternRecognizer, RecognizerRegistry

    from explorer.datasets.pii import _cached_registry

    def build(cls):
        reg = cls(supported_languages=["en", "de"])
        for lang in ("en", "de"):
            for name in ("A", "B", "C"):
                reg.add_recognizer(PatternRecognizer(
                    supported_entity=f"E_{name}", supported_language=lang, name=f"{name}_{lang}",
                    patterns=[Pattern(name, r"\d+", 0.5)]))
        return reg

    cached = build(_cached_registry(RecognizerRegistry))
    for entities in (["E_A"], ["E_A", "E_C"], ["E_C", "E_B", "E_A"]):
        first = [r.name for r in cached.get_recognizers("en", entities)]
        again = [r.name for r in cached.get_recognizers("en", entities)]
        assert first == again and sorted(first) == sorted(f"{e[-1]}_en" for e in entities)
    assert {r.name for r in cached.get_recognizers("de", all_fields=True)} == {
        "A_de", "B_de", "C_de"}
    cached.add_recognizer(PatternRecognizer(supported_entity="E_A", supported_language="en",
                                            name="A2_en", patterns=[Pattern("a", "x", 0.5)]))
    assert {r.name for r in cached.get_recognizers("en", ["E_A"])} == {"A_en", "A2_en"}
