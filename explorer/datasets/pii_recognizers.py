"""PII recognizer sets: one registry, one entry per kind of identifier.

Each set declares its name, the languages it serves ("*" = every language), the Presidio
entities it emits, a cheap regular-expression *gate* and how to build its Presidio recognizers
for one language. The gate is the regex pre-pass of the batch scanner: a row whose text does
not match a set's gate cannot contain that set's entities, so the set's (slower) recognizers
are not run on it. Gates are written to be supersets of what the recognizers match; a test
checks on the labelled set that the pre-pass loses no finding.

Presidio is imported lazily (inside `build`), so importing this module is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from explorer.datasets.pii_linear import linear_recognizer, out_of_time
from glasshouse.registry import Registry

ALL = "*"
NER_LANGUAGES = ("en", "es", "fr")  # languages with a packaged spaCy pipeline

# Phone regions tried per language (phonenumbers needs a region for numbers without +prefix).
PHONE_REGIONS: dict[str, tuple[str, ...]] = {
    "en": ("US", "GB", "IE", "CA", "AU"),
    "es": ("ES", "MX", "AR", "CO"),
    "fr": ("FR", "BE", "CH", "CA"),
    "de": ("DE", "AT", "CH"),
    "it": ("IT", "CH"), "pt": ("PT", "BR"), "nl": ("NL", "BE"),
    "ar": ("SA", "EG", "AE", "MA", "DZ", "JO"), "hi": ("IN",), "bn": ("BD", "IN"),
    "ur": ("PK", "IN"), "zh": ("CN", "TW", "HK", "SG"), "ja": ("JP",), "ko": ("KR",),
    "ru": ("RU", "UA"), "uk": ("UA",), "pl": ("PL",), "tr": ("TR",), "sv": ("SE",),
    "da": ("DK",), "nb": ("NO",), "fi": ("FI",), "el": ("GR",), "he": ("IL",), "fa": ("IR",),
    "cs": ("CZ",), "ro": ("RO",), "hu": ("HU",), "id": ("ID",), "vi": ("VN",), "th": ("TH",),
}
DEFAULT_PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES")


# Presidio's PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS: plain Presidio tries these for every
# row, so ours tries them too, after the row language's own (issue 17.2: a number such as
# "345-899-3560x4587" only validates under one of them). Digit runs found under an earlier
# region are blanked, and the remaining regions are skipped once no digit run is left.
PRESIDIO_PHONE_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")


def phone_regions(language: str | None) -> tuple[str, ...]:
    """Regions tried for numbers without a +country prefix in a row of this language."""
    own = PHONE_REGIONS.get(language or "", DEFAULT_PHONE_REGIONS)
    return tuple(dict.fromkeys(own + PRESIDIO_PHONE_REGIONS))

CONTEXT: dict[str, dict[str, list[str]]] = {
    "PHONE_NUMBER": {"en": ["phone", "call", "mobile", "tel"],
                     "es": ["teléfono", "telefono", "móvil", "movil", "llamar", "tel"],
                     "fr": ["téléphone", "telephone", "portable", "appeler", "tél", "tel"],
                     "de": ["telefon", "handy", "anrufen", "tel", "rufnummer"]},
    "CREDIT_CARD": {"en": ["credit", "card", "visa", "mastercard"],
                    "es": ["tarjeta", "crédito", "credito", "visa"],
                    "fr": ["carte", "crédit", "credit", "bancaire", "visa"],
                    "de": ["kreditkarte", "karte", "visa"]},
    "IBAN_CODE": {"en": ["iban", "bank", "account"], "es": ["iban", "cuenta", "banco"],
                  "fr": ["iban", "compte", "banque", "rib"], "de": ["iban", "konto", "bank"]},
}


@dataclass(frozen=True)
class RecognizerSet:
    name: str
    languages: tuple[str, ...]
    entities: tuple[str, ...]
    gate: re.Pattern[str] | None  # None: always run (NER reads the spaCy artifacts anyway)
    build: Callable[[str], list[Any]]
    examples: dict[str, str]  # language (or "*") -> a text where the set must find something
    description: str

    def serves(self, language: str) -> bool:
        return ALL in self.languages or language in self.languages

    def may_match(self, text: str) -> bool:
        return self.gate is None or self.gate.search(text) is not None


# The project's one plug-in registry shape (register refuses duplicates, get names the valid
# sets); the built-in sets below register themselves when this module is imported.
RECOGNIZER_SETS: Registry[RecognizerSet] = Registry("pii recognizer set")


def register(rs: RecognizerSet) -> RecognizerSet:
    return RECOGNIZER_SETS.register(rs)


def registered() -> list[RecognizerSet]:
    return RECOGNIZER_SETS.all()


ANY_LANGUAGE = "xx"  # the scanner's route for rows of a language without its own pipeline


def for_language(language: str, *, ner: bool) -> list[RecognizerSet]:
    """The sets a row of `language` gets. Rows of any other language ("xx") get every pattern
    set, national ids of every country included: their country is unknown, and plain
    Presidio would check them with the English sets (US SSN, UK NINO)."""
    return [rs for rs in RECOGNIZER_SETS.all()
            if (rs.serves(language) or (language == ANY_LANGUAGE and rs.gate is not None))
            and (ner or rs.name != "names-and-places")
            and not (ner and rs.name in ("name-lists", "place-lists"))]


def _ctx(entity: str, language: str) -> list[str] | None:
    return CONTEXT.get(entity, {}).get(language)


# ---------------------------------------------------------------- false-positive filters
# Found with the harder labelled set (tests/explorer/datasets/data/pii_hard.jsonl); each has a
# regression test in test_pii_filters.py. They are plain functions of the text and the span,
# shared by the recognizers below and by the scanner's NER fast path (pii.ner_results).

# "version 4.10.2.1", "Firmware 3.2.1.8", "Update auf 2.7.1.3", "mise à jour vers la 3.12.0.4"
VERSION_CUE = re.compile(
    r"(?i)(?:\bv|\bver\.?|versi[oó]n|firmware|release|patch(?:es)?|hotfix|build|update|"
    r"mise à jour|actualiza\w*|aktualisier\w*|notes|==|@)"
    r"[^\n.;!?]{0,14}$")
# 4-digit year then a separator (order/ticket numbers, ISO dates) or a dd.mm.yyyy date (also
# dd/mm/yyyy and dd-mm-yyyy: under some of Presidio's regions "03-02-2023" validates)
DATE_LIKE = re.compile(r"(?:19|20)\d{2}[-/.]\d|\d{1,2}([./-])\d{1,2}\1(?:19|20)\d{2}$")
FIELD_LABEL = re.compile(r"\s*\.?\s*:\s*(?:[\d+(@]|$)")  # "Móvil: 655...", "Tel.: +34..."


def is_version_number(text: str, start: int) -> bool:
    """An IPv4-looking match that a version cue shortly before makes a version number."""
    return VERSION_CUE.search(text[max(0, start - 40):start]) is not None


def is_date_or_reference(value: str) -> bool:
    """A phone-looking match that is a date or a year-prefixed order/ticket number."""
    v = value.strip()
    return not v.startswith("+") and DATE_LIKE.match(v) is not None


def is_implausible_ner(text: str, start: int, end: int, label: str) -> bool:
    """spaCy small-model errors that are cheap to recognise: a 'name' or 'place' without any
    letter ('+351'), a person name holding digits ('Colis 6A12345678901'), or a single word
    used as a form label before a value ('Móvil: 655...', 'Portable : 06...'). A single word
    before a colon and words is a speaker in a dialogue or chat ('Nicole: ok, see you') and
    stays (issue 17.2: names before a colon were dropped)."""
    value = text[start:end]
    if not any(ch.isalpha() for ch in value):
        return True
    if label == "PERSON" and any(ch.isdigit() for ch in value):
        return True
    return " " not in value.strip() and FIELD_LABEL.match(text, end) is not None


def _filtered(cls: type, keep: Callable[[str, Any], bool]) -> type:
    """A subclass of a Presidio recognizer whose results pass `keep(text, result)`."""

    class Filtered(cls):  # type: ignore[misc, valid-type]
        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None
                    ) -> list[Any]:
            return [r for r in super().analyze(text, entities, nlp_artifacts)
                    if keep(text, r)]

    Filtered.__name__ = Filtered.__qualname__ = f"Glasshouse{cls.__name__}"
    return Filtered


# ---------------------------------------------------------------- builders


def _email(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    return [linear_recognizer(EmailRecognizer)(supported_language=lang)]


def _url(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    return [linear_recognizer(UrlRecognizer)(supported_language=lang)]


def _ip(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    cls = _filtered(linear_recognizer(IpRecognizer), lambda text, r: ":" in text[r.start:r.end]
                    or not is_version_number(text, r.start))
    return [cls(supported_language=lang)]


def _card(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    return [linear_recognizer(CreditCardRecognizer)(supported_language=lang, context=_ctx("CREDIT_CARD", lang))]


def _iban(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    # Presidio's registry builds its IBAN recognizer with the registry's flags (ignore case);
    # the class's own default is case-sensitive and misses "gb82westabc..." (issue 17.2)
    flags = re.DOTALL | re.MULTILINE | re.IGNORECASE
    return [linear_recognizer(IbanRecognizer)(supported_language=lang, regex_flags=flags,
                                              context=_ctx("IBAN_CODE", lang))]


# The batch scanner's hint to the phone recognizer: the regions worth trying for the text
# being analysed (see international_only). Unset (the default, e.g. a plain
# AnalyzerEngine.analyze call) means every region of the language.
PHONE_REGIONS_HINT: ContextVar[tuple[str, ...] | None] = ContextVar("phone_regions_hint",
                                                                    default=None)


def international_only(text: str) -> bool:
    """True when every digit run that could be a phone number starts with '+' (or '+(' / '00'
    is not counted): such numbers parse the same whatever the default region, so one region
    finds them all and the other regions' passes (the slowest part of PII detection) can be
    skipped."""
    runs = list(PHONE_GATE.finditer(text))
    return bool(runs) and all("+" in text[max(0, m.start() - 2):m.start()] for m in runs)


NANP_MEMBERS = frozenset({"CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU",
                          "JM", "KN", "KY", "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC",
                          "VG", "VI"})


def without_nanp_duplicates(regions: tuple[str, ...]) -> tuple[str, ...]:
    """With 'US' among the regions, other North American Numbering Plan regions (Canada...)
    add nothing: their national numbers parse under 'US' and validate as their own region."""
    if "US" not in regions:
        return regions
    return tuple(r for r in regions if r not in NANP_MEMBERS)


@lru_cache(maxsize=1)
def _min_nsn_length() -> int:
    """The shortest national significant number libphonenumber accepts as valid in any
    region (4 digits: Austria, Germany, Niue, Saint Helena...)."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import SUPPORTED_REGIONS

    return min(p for r in SUPPORTED_REGIONS
               for p in PhoneMetadata.metadata_for_region(r).general_desc.possible_length
               if p > 0)


@lru_cache(maxsize=512)
def _region_bounds(region: str | None) -> tuple[int, int, Any]:
    """For numbers parsed with `region` as default region: the fewest digits of a valid
    national number, of a valid number dialled with the region's international call prefix,
    and that prefix as a regex (None when it cannot be checked cheaply). See
    could_be_valid_phone."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    md = PhoneMetadata.metadata_for_region(region or "")
    if md is None:
        return 0, 0, None
    shortest = _min_nsn_length()
    idd, idd_rx = 1 + 1 + shortest, None
    prefix = md.international_prefix or ""
    if prefix:
        try:
            from re import _parser  # the stdlib's regex parser: the prefix's shortest match

            idd = max(1, _parser.parse(prefix).getwidth()[0]) + 1 + shortest
            if not re.search(r"\(\?[=!<]|[\^$]", prefix):  # no look-arounds, no anchors
                idd_rx = re.compile(prefix)
        except Exception:  # noqa: BLE001 - keep the weaker bound
            idd, idd_rx = 1 + 1 + shortest, None
    rule = md.national_prefix_transform_rule or ""
    if re.search(r"\d", re.sub(r"\\\d", "", rule)):
        return 0, idd, idd_rx  # a national-prefix rule that inserts digits (Antigua: 268$1)
    national = min(p for r in COUNTRY_CODE_TO_REGION_CODE.get(md.country_code, (region,))
                   for p in PhoneMetadata.metadata_for_region(r).general_desc.possible_length
                   if p > 0)
    return national, idd, idd_rx


def min_phone_digits(region: str | None) -> int:
    """Fewest digits a text without '+' must hold to parse as a *valid* number with `region`
    as the default region (what the phone matcher asks for, leniency VALID), from
    libphonenumber's metadata: a valid number's national significant number (NSN) has one of
    its region's possible lengths, and its digits are the text's (extension digits only add):
    - with the region's international call prefix (011, 00...) and a country code: the
      prefix's shortest form + 1 + the shortest NSN of any region;
    - a national number: the shortest NSN of the regions sharing the region's country code
      (a national prefix only adds digits); a region whose national-prefix rule inserts digits
      (Antigua's '268$1'...) gets no bound.
    0 (no bound) when the region is unknown."""
    national, idd, _ = _region_bounds(region)
    return min(national, idd)


_PLUS = ("+", "\uff0b")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def could_be_valid_phone(candidate: str, region: str | None) -> bool:
    """False when `candidate` (a span libphonenumber's matcher is about to parse) and every
    part of it have too few digits to be a valid phone number with `region` as default region
    (see min_phone_digits): with a '+', 1 + the shortest NSN of any region; a text whose digits
    nowhere hold the region's international call prefix can only be a national number, so it
    needs the national bound (US: 10 digits). Letters count as digits, and three or more
    letters switch the prefix check off (libphonenumber reads such a number as a vanity number,
    1-800-FLOWERS)."""
    from phonenumbers import normalize_digits_only

    national, idd, idd_rx = _region_bounds(region)
    letters = len(_ASCII_LETTER.findall(candidate))
    digits = normalize_digits_only(candidate)
    n = len(digits) + letters
    if any(p in candidate for p in _PLUS):
        need = min(1 + _min_nsn_length(), national, idd)
    elif letters >= 3 or idd_rx is None or idd_rx.search(digits):
        need = min(national, idd)
    else:
        need = national
    return n >= need


@lru_cache(maxsize=1)
def _matcher_class() -> type:
    """libphonenumber's PhoneNumberMatcher that skips candidates too short to be valid
    (could_be_valid_phone) before parsing them and their parts under the region: most
    candidates in ordinary text are years, counts and times ('1998', '15', '10:42'), each
    parsed once per region tried. The skipped candidates could not have matched, so the
    matches are the same."""
    from phonenumbers import Leniency, PhoneNumberMatcher

    class ShortCandidateSkippingMatcher(PhoneNumberMatcher):
        def _extract_match(self, candidate, offset):  # noqa: ANN001 - libphonenumber's
            if self.leniency >= Leniency.VALID and not could_be_valid_phone(
                    candidate, self.preferred_region):
                return None
            return super()._extract_match(candidate, offset)

    return ShortCandidateSkippingMatcher


class _RegionHintMixin:
    """PhoneRecognizer.analyze with the regions narrowed by PHONE_REGIONS_HINT."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        hint = PHONE_REGIONS_HINT.get()
        if out_of_time():
            return []
        if not hint:
            return super().analyze(text, entities, nlp_artifacts)  # type: ignore[misc]
        import phonenumbers
        from presidio_analyzer import EntityRecognizer

        # Regions in order; numbers found under one region are blanked before the next
        # region looks (same length, so offsets hold), and once no digit run is left the
        # remaining regions are skipped: most numbers validate under the language's first one.
        found, current = [], text
        for i, region in enumerate(hint):
            if (i and not PHONE_GATE.search(current)) or out_of_time():
                break
            spans = []
            for match in _matcher_class()(current, region,
                                          leniency=self.leniency):  # type: ignore
                try:
                    where = phonenumbers.region_code_for_number(
                        phonenumbers.parse(text[match.start:match.end]))
                except phonenumbers.NumberParseException:
                    where = region
                found.append(self._get_recognizer_result(  # type: ignore[attr-defined]
                    match, text, where, nlp_artifacts))
                spans.append((match.start, match.end))
            for start, end in spans:
                current = current[:start] + " " * (end - start) + current[end:]
        return EntityRecognizer.remove_duplicates(found)


def _phone(lang: str) -> list[Any]:
    from phonenumbers import re_util
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    # libphonenumber's metadata patterns of all the regions tried outgrow the re module's
    # cache (512), and recompiling them was ~8 % of the scan: keep them (its own switch)
    re_util.enable_pattern_cache()

    hinted = type("RegionHintPhoneRecognizer", (_RegionHintMixin, PhoneRecognizer), {})
    cls = _filtered(hinted, lambda text, r: not is_date_or_reference(text[r.start:r.end]))
    return [cls(supported_language=lang, context=_ctx("PHONE_NUMBER", lang),
                            supported_regions=phone_regions(lang))]


def _ids_en(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import UkNinoRecognizer, UsSsnRecognizer

    return [linear_recognizer(UsSsnRecognizer)(supported_language=lang),
            linear_recognizer(UkNinoRecognizer)(supported_language=lang)]


def _ids_es(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import EsNieRecognizer, EsNifRecognizer

    return [linear_recognizer(EsNifRecognizer)(supported_language=lang),
            linear_recognizer(EsNieRecognizer)(supported_language=lang)]


def _ids_de(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import DeTaxIdRecognizer

    return [linear_recognizer(DeTaxIdRecognizer)(supported_language=lang)]


def _ids_fr(lang: str) -> list[Any]:
    from explorer.datasets.fr_nir import fr_nir_recognizer

    return [fr_nir_recognizer(lang)]


# Social-media handles: '@' then 1-30 word characters, not inside an e-mail address or a word
# (bounded repetition: linear). Handles name people as surely as names do, so they are
# anonymised too; the score (0.9) lets "@Trump" win over the name spaCy sees inside it.
HANDLE_REGEX = r"(?<![\w.+\-@])@\w{1,30}(?![\w@])"


def _handles(lang: str) -> list[Any]:
    from presidio_analyzer import Pattern, PatternRecognizer

    return [PatternRecognizer(supported_entity="USER_HANDLE", supported_language=lang,
                              name="UserHandleRecognizer",
                              patterns=[Pattern("handle", HANDLE_REGEX, 0.9)])]


# Names from the layout of dialogue, chat and forum text, in any language and script (no
# model needed): "[10:42] <Marco Rossi> ...", "Anna Schmidt: ruf mich an", "Posted by James
# Carter", "Gepostet von Mia Hoffmann". Two or three capitalised words (one inside chat
# brackets), so "Hinweis: bitte ..." is not a name. Bounded repetition: linear.
_CAP = r"\p{Lu}[\p{Ll}\p{M}'’-]{1,40}"
_FULL = _CAP + r"(?:[ \t]" + _CAP + r"){1,2}"
BY_WORDS = ("posted by", "written by", "reply from", "publicado por", "escrito por",
            "posté par", "publié par", "écrit par", "gepostet von", "geschrieben von",
            "antwort von", "pubblicato da", "scritto da", "postado por")
FORM_LABELS = ("name", "full name", "nombre", "nom", "nome", "naam", "contact", "contacto",
               "kontakt", "ansprechpartner", "customer", "cliente", "client", "kunde",
               "employee", "empleado", "employé", "mitarbeiter", "from", "von", "de", "to",
               "an", "para", "attn", "patient", "paciente", "patiente")
TITLES = ("Mr\\.?", "Mrs\\.?", "Ms\\.?", "Dr\\.?", "Prof\\.?", "Frau", "Herr", "Sr\\.",
          "Sra\\.", "Srta\\.", "Señor", "Señora", "Don", "Doña", "Mme", "Mlle", "Monsieur",
          "Madame", "Sig\\.", "Sig\\.ra", "Signor", "Signora")
LAYOUT_NAME_PATTERNS = (
    ("chat", r"(?<=<)" + _CAP + r"(?:[ \t]" + _CAP + r"){0,2}(?=>)", 0.6),
    ("dialogue", r"(?m)^[ \t]{0,8}(?:\[[\d:]{4,8}\][ \t]{0,4})?(" + _FULL
     + r")(?=[ \t]?:[ \t]{0,4}\p{L})",
     0.6),
    ("byline", r"(?i:" + "|".join(BY_WORDS) + r")[ \t]{1,4}(" + _FULL + ")", 0.6),
    # form fields and headers: "Name: Anna Schmidt", "Mitarbeiter: Stefan Wagner"
    ("form", r"(?i:" + "|".join(FORM_LABELS) + r")[ \t]{0,3}:[ \t]{0,4}(" + _FULL + ")", 0.6),
    # titles: "Frau Sabine Krüger", "Dr. Katrin Vogel", "Mme Claire Girard", "Sr. Pérez"
    ("title", r"(?<![\p{L}.])(?:" + "|".join(TITLES) + r")[ \t]{1,3}(" + _CAP
     + r"(?:[ \t]" + _CAP + r"){0,2})", 0.6),
)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> Any:
    """A `regex` pattern compiled once (regex's own cache look-up, done per call, was ~5 % of
    a scan)."""
    import regex

    return regex.compile(pattern)


class AllOf:
    """A gate that lets a text through when every one of its regexes matches it (each search
    is linear; one combined regex would need a look-ahead over the whole text)."""

    def __init__(self, *patterns: str) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)

    def search(self, text: str) -> bool | None:
        return all(p.search(text) for p in self.patterns) or None


def _layout_gate() -> Any:
    import regex

    return regex.compile(
        r"<\p{Lu}|(?m:^[ \t]*(?:\[[\d:]{4,8}\][ \t]*)?\p{Lu}\S*[ \t]\p{Lu}\S*"
        r"(?:[ \t]\p{Lu}\S*)?[ \t]?:)|(?i:(?:" + "|".join(FORM_LABELS) + r")[ \t]{0,3}:)"
        r"|(?i:" + "|".join(BY_WORDS) + r")|\b(?:" + "|".join(TITLES) + r")[ \t]")


LAYOUT_GATE = _layout_gate()


def _layout_names(lang: str) -> list[Any]:
    from presidio_analyzer import Pattern, PatternRecognizer

    class LayoutNameRecognizer(PatternRecognizer):
        """PERSON from layout; a pattern's group 1 (when it has one) is the name."""

        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: ANN001

            from presidio_analyzer import RecognizerResult

            out = []
            for p in self.patterns:
                for m in _compiled(p.regex).finditer(text):  # case-sensitive on purpose
                    g = 1 if m.re.groups else 0
                    out.append(RecognizerResult("PERSON", m.start(g), m.end(g), p.score))
            return out

    return [LayoutNameRecognizer(
        supported_entity="PERSON", supported_language=lang, name="LayoutNameRecognizer",
        patterns=[Pattern(n, rx, sc) for n, rx, sc in LAYOUT_NAME_PATTERNS])]


# Postal addresses in the usual European and North American street forms (any row language):
# street word + number (+ postcode and town). One LOCATION span, as the labelling rules say.
_WORD = r"\p{Lu}[\p{L}'’-]{1,40}"
_TOWN = r"(?:,?[ \t]{1,3}(?:[A-Z]{1,2}-?)?\d{4,5}[ \t]{1,3}" + _WORD + r"(?:[ \t]" + _WORD + r")?)?"
ADDRESS_PATTERNS = (
    ("de", r"(?<![\p{L}])\p{Lu}[\p{Ll}ß.-]{1,40}(?:straße|strasse|str\.|weg|gasse|platz|allee|"
           r"ring|damm|ufer)[ \t]{1,3}\d{1,4}[a-z]?" + _TOWN, 0.6),
    ("fr", r"(?<!\d)\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]{1,3}(?i:rue|avenue|av\.|boulevard|bd|"
           r"place|chemin|allée|impasse|quai|route)[ \t]{1,3}(?:[\p{L}'’-]{1,30}[ \t]{1,3}){0,4}"
           r"[\p{L}'’-]{1,30}" + _TOWN, 0.6),
    ("es", r"(?<![\p{L}])(?:Calle|C/|Avenida|Avda\.|Plaza|Paseo|Carrer|Via|Viale|Piazza|Rua|"
           r"Travessa)[ \t]{1,3}(?:[\p{L}'’-]{1,30}[ \t]{1,3}){0,4}\d{1,4}" + _TOWN, 0.6),
    ("en", r"(?<!\d)\d{1,5}[A-Z]?[ \t]{1,3}(?:\p{Lu}\p{Ll}{1,20}[ \t]{1,3}){1,3}(?:Street|St\.|"
           r"Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Boulevard|Court|Place|Terrace|Close)\b"
           r"(?:,[ \t]{1,3}" + _WORD + r"(?:,?[ \t]{1,3}[A-Z]{2}[ \t]{1,3}\d{5}|[ \t]{1,3}"
           r"[A-Z0-9]{2,4}[ \t][A-Z0-9]{3})?)?", 0.6),
)


ADDRESS_GATE = AllOf(
    r"\d",
    r"(?i:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|rue|av(?:enue|\.)|boulevard|"
    r"\bbd\b|place|chemin|allée|impasse|quai|route|calle|c/|avda|plaza|paseo|carrer|via|piazza|"
    r"\brua\b|travessa|street|\bst\.|road|\brd\.|\bave\b|lane|drive|\bway\b|court|terrace|"
    r"close)")


def _addresses(lang: str) -> list[Any]:
    from presidio_analyzer import Pattern, PatternRecognizer

    class AddressRecognizer(PatternRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: ANN001

            from presidio_analyzer import RecognizerResult

            return [RecognizerResult("LOCATION", m.start(), m.end(), p.score)
                    for p in self.patterns for m in _compiled(p.regex).finditer(text)]

    return [AddressRecognizer(
        supported_entity="LOCATION", supported_language=lang, name="AddressRecognizer",
        patterns=[Pattern(n, rx, sc) for n, rx, sc in ADDRESS_PATTERNS])]


def _name_lists(lang: str) -> list[Any]:
    from explorer.datasets.pii_names import name_list_recognizers

    return name_list_recognizers(lang)


def _place_lists(lang: str) -> list[Any]:
    from explorer.datasets.pii_places import place_list_recognizers

    return place_list_recognizers(lang)


def _ner(lang: str) -> list[Any]:
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    cls = _filtered(SpacyRecognizer, lambda text, r: not is_implausible_ner(
        text, r.start, r.end, r.entity_type))
    return [cls(supported_language=lang, supported_entities=["PERSON", "LOCATION"])]


_DIGITS = r"(?:\d[\s().+/-]{0,3})"
PHONE_GATE = re.compile(_DIGITS + "{6,}")
for _rs in (
    RecognizerSet("email", (ALL,), ("EMAIL_ADDRESS",), re.compile("@"), _email,
                  {ALL: "write to ana.perez@example.org"}, "e-mail addresses"),
    RecognizerSet("handles", (ALL,), ("USER_HANDLE",), re.compile("@"), _handles,
                  {ALL: "thanks @nicole_88 for the tip"}, "social-media handles (@name)"),
    RecognizerSet("layout-names", (ALL,), ("PERSON",),
                  LAYOUT_GATE, _layout_names,
                  {ALL: "[10:42] <Marco Rossi> see you"},
                  "names from dialogue, chat and forum layouts (any language)"),
    RecognizerSet("name-lists", (ALL,), ("PERSON",),
                  re.compile(r"[^\W\d_]"), _name_lists,
                  {ALL: "viele Grüße an Jonas Becker und bis bald"},
                  "names of people from given-name and family-name lists, in context "
                  "(languages without a NER model)"),
    RecognizerSet("place-lists", (ALL,), ("LOCATION",),
                  re.compile(r"[^\W\d_]"), _place_lists,
                  {ALL: "viele Grüße aus Leipzig und bis bald"},
                  "names of towns and countries from a gazetteer (GeoNames), in context "
                  "(languages without a NER model)"),
    RecognizerSet("addresses", (ALL,), ("LOCATION",), ADDRESS_GATE, _addresses,
                  {ALL: "the office moved to Hauptstraße 5, 20095 Hamburg"},
                  "postal addresses (street, number, postcode and town)"),
    RecognizerSet("url", (ALL,), ("URL",),
                  re.compile(r"(?i)https?://|www\.|[a-z0-9]\.[a-z]{2,}"), _url,
                  {ALL: "see https://example.org/about"}, "web addresses"),
    RecognizerSet("ip", (ALL,), ("IP_ADDRESS",),
                  re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
                             r"|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:"),
                  _ip, {ALL: "from 192.168.10.23 today"}, "IP addresses (v4 and v6)"),
    RecognizerSet("credit-card", (ALL,), ("CREDIT_CARD",), re.compile(_DIGITS + "{12,}"), _card,
                  {ALL: "card 4111 1111 1111 1111"}, "payment card numbers (Luhn-checked)"),
    RecognizerSet("iban", (ALL,), ("IBAN_CODE",), re.compile(r"(?i)\b[a-z]{2}\s?\d{2}"), _iban,
                  {ALL: "IBAN DE89 3704 0044 0532 0130 00"}, "IBANs (checksum-verified)"),
    RecognizerSet("phone", (ALL,), ("PHONE_NUMBER",), PHONE_GATE, _phone,
                  {"en": "call +1 212-555-0147", "es": "llame al 612 345 678",
                   "fr": "appelez le 06 12 34 56 78", "de": "Telefon 030 12345678",
                   ALL: "call +44 20 7946 0018"}, "phone numbers (libphonenumber)"),
    RecognizerSet("national-ids-en", ("en",), ("US_SSN", "UK_NINO"), re.compile(_DIGITS + "{6,}"),
                  _ids_en, {"en": "my SSN is 536-22-8726"}, "US social security, UK NI numbers"),
    RecognizerSet("national-ids-es", ("es",), ("ES_NIF", "ES_NIE"), re.compile(r"\d{6,}"),
                  _ids_es, {"es": "mi DNI es 12345678Z"}, "Spanish NIF/DNI and NIE"),
    RecognizerSet("national-ids-de", ("de",), ("DE_TAX_ID",), re.compile(_DIGITS + "{10,}"),
                  _ids_de, {"de": "Steuer-ID 65929970489"}, "German tax id (Steuer-ID)"),
    RecognizerSet("national-ids-fr", ("fr",), ("FR_NIR",), re.compile(_DIGITS + "{13,}"),
                  _ids_fr, {"fr": "mon numéro de sécurité sociale 1 85 05 78 006 084 91"},
                  "French social security number (NIR, key-checked)"),
    RecognizerSet("names-and-places", NER_LANGUAGES, ("PERSON", "LOCATION"), None, _ner,
                  {"en": "Maria Lopez moved to London last year.",
                   "es": "María López vive en Madrid.", "fr": "Marie Dubois habite à Lyon."},
                  "names of people and places (spaCy NER)"),
):
    register(_rs)

STRUCTURED_ENTITIES = ("EMAIL_ADDRESS", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS")
