"""Normalisation tables: typed languages -> BCP-47, licence names -> SPDX/LicenseRef + class."""

from __future__ import annotations

import pytest

from catalog.languages import base_language, normalise_language
from catalog.licenses import license_facts, most_restrictive, normalise_license
from catalog.schema import Entry, entry_errors
from glasshouse.errors import BadInput


@pytest.mark.parametrize(("typed", "tag"), [
    ("Egyptian Arabic", "arz"), ("Swahili", "sw"), ("sw", "sw"), ("es_AR", "es-AR"),
    ("es-ar", "es-AR"), ("zh-Hant", "zh-Hant"), ("ZH-hant-tw", "zh-Hant-TW"), ("ar-EG", "ar-EG"),
    ("Modern Standard Arabic", "arb"), ("Levant", "apc"), ("english", "en"),
    ("iw", "he"), ("Yoruba", "yo"), ("en-Latn-US", "en-US"), ("Farsi", "fa"), ("Hindi", "hi"),
])
def test_language_names_and_tags_normalise_to_bcp47(typed: str, tag: str) -> None:
    assert normalise_language(typed) == tag


@pytest.mark.parametrize("bad", ["Notalanguage", "xx", "foo-bar-baz", "", "Blorb"])
def test_unknown_languages_are_rejected_with_the_field_named(bad: str) -> None:
    with pytest.raises(BadInput) as err:
        normalise_language(bad)
    assert err.value.field == "languages"


@pytest.mark.parametrize(("tag", "base"), [("arz", "ar"), ("ar-EG", "ar"), ("cmn", "zh"),
                                           ("es-AR", "es"), ("sw", "sw")])
def test_dialects_fold_into_their_language_for_facets(tag: str, base: str) -> None:
    assert base_language(tag) == base


@pytest.mark.parametrize(("written", "spdx", "cls", "share_alike"), [
    ("CC BY 4.0", "CC-BY-4.0", "commercial", False),
    ("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0", "non-commercial", True),
    ("CC BY-NC-ND 4.0", "CC-BY-NC-ND-4.0", "non-commercial", False),
    ("CC BY-SA 3.0", "CC-BY-SA-3.0", "commercial", True),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0", "non-commercial", False),
    ("Apache-2.0", "Apache-2.0", "commercial", False),
    ("MIT License", "MIT", "commercial", False),
    ("CC0", "CC0-1.0", "commercial", False),
    ("GPL-3.0", "GPL-3.0-only", "commercial", True),
    ("ODC-By", "ODC-By-1.0", "commercial", False),
    ("LDC User Agreement", "LicenseRef-LDC-User-Agreement", "academic-only", False),
    ("Non Commercial Use - ELRA END USER", "LicenseRef-ELRA-End-User-NC", "non-commercial", False),
    ("unknown", "LicenseRef-Unknown", "unspecified", False),
    ("custom", "LicenseRef-Custom", "unspecified", False),
    ("LicenseRef-My Corpus Terms", "LicenseRef-My-Corpus-Terms", "unspecified", False),
    ("MIT OR CC-BY-NC-4.0", "MIT OR CC-BY-NC-4.0", "commercial", False),
    ("MIT AND CC-BY-NC-4.0", "MIT AND CC-BY-NC-4.0", "non-commercial", False),
])
def test_licence_names_map_to_spdx_and_class(written, spdx, cls, share_alike) -> None:
    got = normalise_license(written)
    facts = license_facts(got)
    assert (got, facts.license_class, facts.share_alike) == (spdx, cls, share_alike)


@pytest.mark.parametrize(("written", "kept"), [("Whatever v9", "LicenseRef-Whatever-v9"),
                                              ("CC BY-XY 4.0", "LicenseRef-CC-BY-XY-4.0")])
def test_unreadable_licences_are_kept_as_text_with_class_unspecified(written, kept) -> None:
    assert normalise_license(written) == kept
    assert license_facts(kept).license_class == "unspecified"


@pytest.mark.parametrize("bad", ["LicenseRef-", "x" * 2001])
def test_only_an_empty_licenseref_or_a_whole_text_is_refused(bad: str) -> None:
    with pytest.raises(BadInput, match="licen|LicenseRef"):
        normalise_license(bad)


@pytest.mark.parametrize(("classes", "expected"), [
    ([], "unspecified"), (["commercial"], "commercial"),
    (["commercial", "unspecified"], "unspecified"),
    (["commercial", "non-commercial", "unspecified"], "non-commercial"),
    (["non-commercial", "academic-only"], "academic-only"),
])
def test_most_restrictive_class(classes, expected) -> None:
    assert most_restrictive(classes) == expected


def test_entry_normalises_every_field_and_derives_its_class() -> None:
    e = Entry(name="Kiswahili News", languages="Swahili; Egyptian Arabic",
              licenses=["CC BY 4.0", "CC BY-NC 4.0"], access="Upon-Request",
              derived_from=["Common Crawl"], modality="Speech")
    assert (e.id, e.languages, e.access, e.derived_from, e.modality, e.license_class) == (
        "kiswahili-news", ["sw", "arz"], "gated", ["common-crawl"], "audio", "non-commercial")


def test_entry_errors_name_every_bad_field() -> None:
    errors = dict(entry_errors({"name": "x", "languages": ["Blorb"], "licenses": ["LicenseRef-"],
                                "access": "sometimes", "homepage": "ftp://x"}))
    assert set(errors) == {"languages", "licenses", "access", "homepage"}
    assert "Blorb" in errors["languages"]


def test_entry_cannot_derive_from_itself() -> None:
    assert entry_errors({"name": "Loop", "derived_from": ["loop"]})[0][0] == "entry"


@pytest.mark.parametrize("given, spdx, cls, url", [
    ({"spdx": "cc by-nc 4.0"}, "CC-BY-NC-4.0", "non-commercial",
     "https://spdx.org/licenses/CC-BY-NC-4.0.html"),
    ({"spdx": "MIT", "url": "", "license_class": None}, "MIT", "commercial",
     "https://spdx.org/licenses/MIT.html"),
    ({"spdx": "MIT", "license_class": "academic-only", "url": "https://example.org/l"}, "MIT",
     "academic-only", "https://example.org/l"),
])
def test_licence_given_as_object_is_normalised_and_keeps_what_the_curator_set(given, spdx, cls,
                                                                              url):
    from catalog.schema import License

    lic = License.model_validate(given)
    assert (lic.spdx, lic.license_class, lic.url) == (spdx, cls, url)
