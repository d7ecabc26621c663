"""CSV column mapping: which column of a spreadsheet fills which Entry field.

Glasshouse's own export columns map to themselves; columns people write are recognised by
synonym after tidying the header ("License (default is UNKNOWN)" -> license -> licenses,
"Language(s) (or family)" -> languages, "Dataset title" -> name); `--map "COLUMN=field"` sets or
overrides any column. Columns left unmapped are kept, cell by cell, in the entry's `extra`
("csv:<column>"), never dropped.

Some targets read what curators write and never fail a row: `dialect` (a country or variety
combined with the row's language: es + "argentina" -> es-AR), `glottocode`, `pii_likelihood`
(-1/0/1 or unlikely/neutral/likely), `release` (a year, else kept as text), `volume`
("194797 articles"), `format`. What they cannot read is kept as text in `extra` with a warning.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from glasshouse.errors import BadInput

CSV_COLUMNS = ("id", "name", "description", "homepage", "host", "custodians", "creators",
               "languages", "modality", "domain", "tasks", "size_value", "size_unit",
               "collection_method", "access", "licenses", "license_urls", "license_classes",
               "license_notes", "verified_by",
               "contains_pii", "pii_notes", "sensitive_data", "sensitive_notes",
               "quality_notes", "derived_from", "citation", "year", "validation",
               "subsets", "extra_fields")

# target field -> what it means (for the UI's mapping step and --map's error message)
TARGETS: dict[str, str] = {
    **{c: c.replace("_", " ") for c in CSV_COLUMNS},
    "dialect": "dialect, accent or country of the language (e.g. 'argentina', 'Egypt')",
    "glottocode": "Glottolog code(s) of the language (e.g. stan1289)",
    "pii_likelihood": "personal information likely? (-1/0/1, unlikely/neutral/likely)",
    "release": "release or issue date (a year is kept as the year)",
    "volume": "size as written (e.g. '194797 articles')",
    "format": "format or modality as written (text, spoken, images...)",
    "extra_fields": "extra fields as a JSON object (Glasshouse's own export)",
    "extra": "keep as an extra field",
    "ignore": "leave out (reported)",
}
SYNONYMS: dict[str, str] = {
    "title": "name", "dataset title": "name", "dataset name": "name", "dataset": "name",
    "resource": "name", "resource name": "name", "pretty name": "name",
    "what it is / why we want it": "description", "summary": "description",
    "about": "description",
    "link": "homepage", "url": "homepage", "website": "homepage", "web site": "homepage",
    "domain name / link": "homepage", "homepage url": "homepage",
    "license": "licenses", "licence": "licenses", "licences": "licenses",
    "license name": "licenses", "licence name": "licenses", "license id": "licenses",
    "spdx": "licenses",
    "language": "languages", "lang": "languages", "langs": "languages",
    "language code": "languages", "language codes": "languages", "bcp47": "languages",
    "glottocode": "glottocode", "glottocodes": "glottocode", "glottolog": "glottocode",
    "glottolog code": "glottocode",
    "dialect": "dialect", "dialects": "dialect", "dialect/accent": "dialect",
    "accent": "dialect", "variety": "dialect", "region": "dialect", "country": "dialect",
    "owner": "custodians", "custodian": "custodians", "provider": "custodians",
    "providers": "custodians", "publisher": "custodians", "maintainer": "custodians",
    "author": "creators", "authors": "creators", "creator": "creators",
    "subject": "domain", "topic": "domain", "topics": "domain", "domains": "domain",
    "task": "tasks", "task categories": "tasks",
    "collection style": "collection_method", "collection method": "collection_method",
    "collection": "collection_method",
    "contains personal information": "pii_likelihood", "personal information": "pii_likelihood",
    "pii": "pii_likelihood", "contains pii": "contains_pii",
    "release": "release", "issue date": "release", "release date": "release",
    "volume": "volume", "size": "volume", "volume estimates": "volume",
    "format": "format", "form": "format", "media": "format",
    "derived from": "derived_from", "source datasets": "derived_from", "parents": "derived_from",
    "host": "host", "hosted on": "host", "access": "access", "year": "year",
    "citation": "citation", "bibtex": "citation",
}
_SOFT = {"dialect", "glottocode", "pii_likelihood", "release", "volume", "format"}
_LIST_SPLIT = re.compile(r"\s*;\s*")
_LANG_SPLIT = re.compile(r"\s*(?:[;,/+&|]|\band\b)\s*", re.I)
_DIALECT_SPLIT = re.compile(r"\s*(?:[;,/+&|]|\band\b|\s-\s|-(?=[A-Za-z]{3}))\s*", re.I)
_QUALIFIERS = re.compile(r"\b(primarily|mainly|mostly|only|predominantly|some)\b", re.I)
_SOME_OTHERS = {"others", "other", "etc", "etc.", "...", "[...]", "and others"}
_MANY = {"multiple", "multiple languages", "multilingual", "many", "many languages", "mul"}
MAX_CELL = 100_000
# cells that say "not known": kept as text, without a warning
PLACEHOLDERS = {"", "-", "--", "?", "unknown", "n/a", "na", "tbc", "tbd", "none",
                "multiple releases", "not known"}


def tidy_header(header: str) -> str:
    """'Language(s) (or family)' -> 'languages'; 'License (default is UNKNOWN)' -> 'license'."""
    text = header.strip().lower().replace("(s)", "s")
    prev = None
    while prev != text:  # innermost parentheses first: "(Manual vs Crowdsourced(web))"
        prev, text = text, re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r"[?:*#_]+", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .-")


def target_of(header: str) -> str | None:
    if header in CSV_COLUMNS:
        return header
    key = tidy_header(header)
    if key in CSV_COLUMNS:
        return key
    return SYNONYMS.get(key)


@dataclass(frozen=True)
class ColumnPlan:
    header: list[str]
    mapped: dict[str, str]  # column -> target field
    unmapped: list[str]  # columns kept in extra
    ignored: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"mapped": self.mapped, "unmapped": self.unmapped, "ignored": self.ignored}


def parse_map_option(items: list[str] | None) -> dict[str, str]:
    """['Dataset title=name', ...] (the CLI's repeatable --map) -> {column: field}."""
    out: dict[str, str] = {}
    for item in items or []:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise BadInput(f"--map '{item}' must look like \"SOURCE COLUMN=field\"", field="map")
        out[column.strip()] = target.strip()
    return out


def plan_columns(header: list[str], mapping: dict[str, str], *, file: str | None = None,
                 check: bool = True) -> ColumnPlan:
    """Which column fills which field: explicit `mapping` first, then names and synonyms."""
    cols = [h.strip() for h in header]
    for column, target in mapping.items():
        if column not in cols:
            raise BadInput(f"--map names column '{column}', which is not in the header "
                           f"(columns: {', '.join(cols)})", file=file, row=1, field="map")
        if target not in TARGETS:
            raise BadInput(f"--map '{column}={target}': unknown field '{target}' (fields: "
                           f"{', '.join(TARGETS)})", file=file, row=1, field="map")
    mapped: dict[str, str] = {}
    unmapped: list[str] = []
    ignored: list[str] = []
    for col in cols:
        target = mapping.get(col) or target_of(col)
        if target == "ignore":
            ignored.append(col)
        elif target is None or target == "extra":
            unmapped.append(col)
        else:
            mapped[col] = target
    if check:
        by_target: dict[str, str] = {}
        for col, target in mapped.items():
            if target in by_target and target not in ("languages", "glottocode"):
                raise BadInput(f"columns '{by_target[target]}' and '{col}' both fill field "
                               f"'{target}'; choose one with --map \"{col}=extra\"",
                               file=file, row=1, field=col)
            by_target[target] = col
        if "name" not in by_target:
            raise BadInput("has no column for the entry name (e.g. 'name' or 'Dataset title'); "
                           "name one with --map \"COLUMN=name\"", file=file, row=1, field="name")
    return ColumnPlan(cols, mapped, unmapped, ignored)


def read_table(text: str, *, file: str | None = None
               ) -> tuple[list[str], list[tuple[int, dict[str, str] | None]]]:
    """(header, [(row number, {column: cell} or None for a row with too many cells)])."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as exc:
        raise BadInput(f"is not readable CSV ({exc})", file=file, row=1) from None
    if not any(header):
        raise BadInput("is empty (expected a header row)", file=file, row=1)
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    if dupes:
        raise BadInput(f"has the column(s) {', '.join(dupes)} twice", file=file, row=1,
                       field=dupes[0])
    rows: list[tuple[int, dict[str, str] | None]] = []
    try:
        for i, cells in enumerate(reader, start=2):
            if len(cells) > len(header):
                rows.append((i, None))
                continue
            cells = [_unprotect(c.strip())[:MAX_CELL] for c in cells]
            if not any(cells):
                continue
            rows.append((i, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    except csv.Error as exc:
        raise BadInput(f"is not readable CSV ({exc})", file=file, row=reader.line_num) from None
    return header, rows


_QUOTED_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def _unprotect(cell: str) -> str:
    """Undo the quote our CSV export puts before cells that look like formulas."""
    return cell[1:] if cell.startswith(_QUOTED_FORMULA) else cell


def _split(value: str | None) -> list[str]:
    return [v for v in _LIST_SPLIT.split(value or "") if v]


def _split_keep(value: str | None, n: int, sep: str = ";") -> list[str]:
    """A joined list that keeps empty positions (one value per licence)."""
    if not value:
        return []
    return [v.strip() for v in value.split(sep)][:max(n, 1)]


def split_languages(cell: str) -> tuple[list[str], bool]:
    """A languages cell as curators write it ("yo, en", "French primarily", "zh (mostly
    simplified)", "Multiple languages") -> (the language texts, whether anything was left out
    or reworded, so that the cell itself must be kept)."""
    from catalog.languages import normalise_language

    out: list[str] = []
    changed = False
    for piece in _LANG_SPLIT.split(cell or ""):
        piece = piece.strip().strip("[]").strip()
        if not piece:
            continue
        low = piece.lower()
        if low in _SOME_OTHERS:
            changed = True
            continue
        if low in _MANY:
            out.append("mul")
            changed = changed or low != "mul"
            continue
        try:  # as written first: "Spanish (Argentina)" keeps its region
            normalise_language(piece)
            out.append(piece)
            continue
        except BadInput:
            pass
        inner = re.search(r"\(([^()]*)\)", piece)
        bare = re.sub(r"\([^()]*\)", " ", piece)
        bare = re.sub(r"\s+", " ", _QUALIFIERS.sub(" ", bare)).strip()
        if bare != piece:
            changed = True
            try:
                normalise_language(bare)
            except BadInput:
                if inner:  # "Bantu (Kinyarwanda)": the language is in the parentheses
                    bare = inner.group(1).strip()
                elif _QUALIFIERS.search(piece):  # "mainly European": a remark, kept as text
                    continue
        out.append(bare or piece)
    return out, changed


def apply_plan(plan: ColumnPlan, rec: dict[str, str]) -> dict[str, Any]:
    """One spreadsheet row -> raw entry fields (with "__fields__": field -> column, for error
    messages, and "__warnings__" for cells kept as text)."""
    by_target: dict[str, list[str]] = {}
    for col, target in plan.mapped.items():
        by_target.setdefault(target, []).append(col)

    def cell(target: str) -> str:
        return " ; ".join(rec.get(c, "") for c in by_target.get(target, []) if rec.get(c, ""))

    extra: dict[str, Any] = {}
    warnings: list[tuple[str, str]] = []
    for col in plan.unmapped:
        if rec.get(col):
            extra[f"csv:{col}"] = rec[col]
    if cell("extra_fields"):
        try:
            got = json.loads(cell("extra_fields"))
        except json.JSONDecodeError:
            got = None
        if isinstance(got, dict):
            extra.update(got)
        else:
            warnings.append(("extra_fields", "not a JSON object; kept as text"))
            extra["csv:extra_fields"] = cell("extra_fields")
    out = _own_fields(rec, cell)
    fields = {t: cols[0] for t, cols in by_target.items()}

    def keep(target: str, why: str | None) -> None:
        """Keep the column's cell in extra; warn (unless `why` is None: nothing was lost,
        e.g. 'unknown' or 'text (web)' read as text)."""
        col = fields[target]
        extra[f"csv:{col}"] = rec[col]
        if why and rec[col].strip().lower().strip("?. ") not in PLACEHOLDERS:
            warnings.append((target, f"'{rec[col][:80]}' {why}; kept as text in extra "
                                     f"'csv:{col}'"))

    home = cell("homepage").strip()
    out_home = None
    if home:  # several links in one cell, or a bare domain: the first link is the homepage
        links = re.findall(r"https?://[^\s,;]+", home)
        if len(links) > 1:
            out_home = links[0]
        elif not links and re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?", home):
            out_home = "https://" + home
        if out_home:
            keep("homepage", f"was read as homepage {out_home}")

    # languages: comma-separated and curator wording; glottocodes; a dialect column
    langs, changed = split_languages(cell("languages").replace(" ; ", ";"))
    if changed:
        extra[f"csv:{fields['languages']}"] = cell("languages")
    for code in _LANG_SPLIT.split(cell("glottocode")):
        if code.strip():
            langs.append(code.strip())
    _apply_dialect(cell("dialect"), langs, keep, "dialect" in fields)
    out["languages"] = langs
    _apply_soft(cell, out, keep)
    if out_home:
        out["homepage"] = out_home
    out["extra"] = extra
    out["__fields__"] = {**fields, "languages": fields.get("languages")
                         or fields.get("glottocode", "languages")}
    out["__warnings__"] = warnings
    return out


def _apply_dialect(text: str, langs: list[str], keep: Any, present: bool) -> None:
    """es + 'argentina' -> es-AR; ar + 'Egyptian' -> arz; unreadable text is kept."""
    from catalog.languages import dialect_tag, normalise_language

    if not present or not text.strip():
        return
    bases = []
    for lang in langs:
        try:
            bases.append(normalise_language(lang))
        except BadInput:
            pass
    if len(set(bases)) != 1:
        if text.strip():
            keep("dialect", "applies to several languages or none")
        return
    base = bases[0]
    tags, unread = [], []
    for piece in _DIALECT_SPLIT.split(text):
        if not piece.strip():
            continue
        try:
            tags.append(dialect_tag(piece, base))
        except BadInput:
            unread.append(piece)
    tags = [t for t in tags if t != base]
    if tags:
        keep_base = bool(unread)
        langs[:] = [x for x in langs if keep_base or _same(x, base) is False] + \
            [t for t in tags if t not in langs]
    if unread:
        keep("dialect", "is not a country, region or known variety")


def _same(text: str, tag: str) -> bool:
    from catalog.languages import normalise_language

    try:
        return normalise_language(text) == tag
    except BadInput:
        return False


def _apply_soft(cell: Any, out: dict[str, Any], keep: Any) -> None:
    pii = cell("pii_likelihood").strip()
    if pii:
        m = re.match(r"^\s*(-?1|0|likely|unlikely|neutral|yes|no|unknown)\b", pii, re.I)
        if m:
            word = m.group(1).lower()
            out["risks"]["contains_pii"] = {"1": "yes", "likely": "yes", "yes": "yes",
                                            "-1": "no", "unlikely": "no", "no": "no"}.get(
                word, "unknown")
            meaning = {"1": "likely", "-1": "unlikely", "0": "neutral"}.get(word, word)
            note = f"personal information {meaning} (curator's estimate: '{pii}')"
            out["risks"]["pii_notes"] = "; ".join(
                p for p in (out["risks"].get("pii_notes"), note) if p)
        else:
            keep("pii_likelihood", "is not a likelihood (-1, 0, 1)")
    release = cell("release").strip()
    if release:
        m = re.fullmatch(r"(?:\d{1,2}[/.-])?(?:\d{1,2}[/.-])?((?:19|20)\d\d)", release)
        if m and not out.get("year"):
            out["year"] = int(m.group(1))
        else:
            keep("release", "is not a year")
    volume = cell("volume").strip()
    if volume:
        m = re.fullmatch(r"([\d][\d,]*(?:\.\d+)?)\s*([A-Za-z][A-Za-z ]*)?", volume)
        if m and out["size"].get("value") is None:
            out["size"] = {"value": m.group(1).replace(",", ""),
                           "unit": (m.group(2) or "").strip() or out["size"].get("unit")}
        else:
            keep("volume", "is not a number with a unit")
    form = cell("format").strip()
    if form:
        from catalog.schema import MODALITY_ALIASES

        word = re.sub(r"\(.*\)", "", form).strip().lower()
        word = MODALITY_ALIASES.get(word, word)
        if word in ("text", "audio", "image", "video", "multimodal"):
            out["modality"] = word
            if word != form.lower():
                keep("format", None)
        else:
            keep("format", "is not a modality (text, audio, image, video)")


def _own_fields(rec: dict[str, str], cell: Any) -> dict[str, Any]:
    """The fields of Glasshouse's own CSV columns (and their synonyms)."""
    lic_names = _split(cell("licenses"))
    urls = _split(cell("license_urls"))
    classes = _split_keep(cell("license_classes"), len(lic_names))
    notes = _split_keep(cell("license_notes"), len(lic_names), sep="|")
    licenses = []
    for i, n in enumerate(lic_names):
        lic: dict[str, Any] = {"spdx": n}
        for key, values in (("url", urls), ("license_class", classes), ("note", notes)):
            if i < len(values) and values[i]:
                lic[key] = values[i]
        if cell("verified_by"):
            lic["verified_by"] = cell("verified_by")
        licenses.append(lic)
    validation = {}
    for part in _split(cell("validation")):
        section, _, status = part.partition("=")
        validation[section.strip()] = status.strip()
    out: dict[str, Any] = {
        "name": cell("name"), "description": cell("description"),
        "homepage": cell("homepage") or None, "host": cell("host") or None,
        "custodians": _split(cell("custodians")), "creators": _split(cell("creators")),
        "domain": _split(cell("domain")), "tasks": _split(cell("tasks")), "licenses": licenses,
        "collection_method": cell("collection_method"),
        "quality_notes": cell("quality_notes"),
        "derived_from": _split(cell("derived_from")), "citation": cell("citation"),
        "access": cell("access") or "unknown", "modality": cell("modality") or "text",
        "size": {"value": cell("size_value") or None, "unit": cell("size_unit") or None},
        "risks": {k: cell(k) or d for k, d in (
            ("contains_pii", "unknown"), ("pii_notes", ""), ("sensitive_data", "unknown"),
            ("sensitive_notes", ""))},
        "year": cell("year") or None, "validation": validation,
    }
    if cell("subsets"):
        try:
            out["subsets"] = json.loads(cell("subsets"))
        except json.JSONDecodeError:
            out["subsets"] = cell("subsets")  # validation names the field
    if cell("id"):
        out["id"] = cell("id")
    return out
