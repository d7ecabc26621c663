"""Standard data files for the probes, read into their parameters.

Stereotype pairs (`pairs` probe), from CSV, TSV, JSON or JSONL:
- CrowS-Pairs' own layout (Nangia et al., 2020): `sent_more, sent_less, stereo_antistereo,
  bias_type` and an unnamed index column. `sent_more` is ALWAYS the more stereotypical
  sentence; `stereo_antistereo` only says whether it states a stereotype ("stereo") or
  violates one with the advantaged group ("antistereo"), so it never swaps the two.
- Glasshouse's own layout: `stereotypical, anti_stereotypical[, bias_type]`.
- StereoSet-style intrasentence items (Nadeem et al., 2021): a `context` with a BLANK and the
  options `stereotype`, `anti_stereotype`[, `unrelated`] (words for the blank or whole
  sentences); or StereoSet's published JSON (`{"data": {"intrasentence": [...]}}`, each item
  with `sentences` carrying a `gold_label`), whose intersentence part is not read.

Association tests (`weat` probe), JSON or JSONL in the layout of the SEAT code (May et al.,
2019): `{"targ1": {"category": ..., "examples": [...]}, "targ2": ..., "attr1": ...,
"attr2": ...}`.

Every file is checked before use: size, number of items, sentence length, and each problem is
reported with its file, row and field."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ITEMS = 100_000
MAX_SENTENCE_CHARS = 2_000
CROWS_DIRECTIONS = ("stereo", "antistereo")
STEREOSET_LABELS = ("stereotype", "anti-stereotype", "unrelated")
OUR_COLUMNS = ("stereotypical", "anti_stereotypical")
CROWS_COLUMNS = ("sent_more", "sent_less")
STEREOSET_COLUMNS = ("context", "stereotype", "anti_stereotype")
SENT_BIAS_KEYS = ("targ1", "targ2", "attr1", "attr2")
WEAT_FIELDS = {"targ1": "target_x", "targ2": "target_y", "attr1": "attribute_a",
               "attr2": "attribute_b"}


# ------------------------------------------------------------------ reading files


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, a BOM allowed), after a size check."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise BadInput("file not found", file=name) from None
    except OSError as exc:
        raise BadInput(f"cannot read the file ({exc.strerror})", file=name) from None
    if not p.is_file():
        raise BadInput("not a file", file=name)
    if size > MAX_FILE_BYTES:
        raise BadInput(f"the file is {size / 1e6:.1f} MB; at most {MAX_FILE_BYTES / 1e6:.0f} MB",
                       file=name)
    try:
        return p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("not UTF-8 text", file=name) from None


def read_config(probe: str, path: str | Path) -> dict[str, Any]:
    """A probe's parameters (or part of them) from a file: a JSON object of parameters as
    before, or one of the standard data layouts above for `pairs` and `weat`."""
    name = str(path)
    text = read_text(path)
    suffix = Path(path).suffix.lower()
    if probe == "pairs" and suffix in (".csv", ".tsv"):
        return {"pairs": parse_pairs_csv(text, file=name, delimiter="\t" if suffix == ".tsv"
                                         else ",")}
    if suffix == ".jsonl" or (suffix != ".json" and _looks_like_jsonl(text)):
        items = _jsonl(text, name)
        if probe == "pairs":
            return {"pairs": pairs_from_records(items, file=name)}
        if probe == "weat":
            return weat_from_sent_bias(_one_test(items, name), file=name)
        raise BadInput(f"the {probe} probe takes a JSON object of parameters, not JSON lines",
                       file=name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if probe == "pairs" and suffix not in (".json",):
            return {"pairs": parse_pairs_csv(text, file=name)}
        raise BadInput(f"not valid JSON ({exc.msg} at line {exc.lineno})", file=name) from None
    if probe == "weat" and (isinstance(data, list) or
                            (isinstance(data, dict) and "targ1" in data)):
        return weat_from_sent_bias(_one_test(data if isinstance(data, list) else [data], name),
                                   file=name)
    if probe == "pairs":
        if isinstance(data, list):
            return {"pairs": pairs_from_records(data, file=name)}
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            return {"pairs": pairs_from_stereoset(data, file=name)}
    if not isinstance(data, dict):
        raise BadInput("the configuration must be a JSON object", file=name)
    return data


def _looks_like_jsonl(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) > 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}")
                                  for ln in lines[:3])


def _jsonl(text: str, file: str) -> list[Any]:
    stripped = text.strip()
    if stripped.startswith("{"):
        # SEAT's .jsonl files hold one (pretty-printed) object: read the whole text first
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError:
            pass
    items = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(items) >= MAX_ITEMS:
            raise BadInput(f"more than {MAX_ITEMS} items", file=file, row=i)
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise BadInput(f"not valid JSON ({exc.msg})", file=file, row=i) from None
    if not items:
        raise BadInput("the file is empty", file=file)
    return items


# ------------------------------------------------------------------ stereotype pairs


def _sentence(value: Any, *, file: str, row: int | None, field: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        raise BadInput("empty sentence", file=file, row=row, field=field)
    if not isinstance(value, (str, int, float)):
        raise BadInput("expected text", file=file, row=row, field=field)
    text = str(value).strip()
    if not text:
        raise BadInput("empty sentence", file=file, row=row, field=field)
    if len(text) > MAX_SENTENCE_CHARS:
        raise BadInput(f"{len(text)} characters; at most {MAX_SENTENCE_CHARS}", file=file,
                       row=row, field=field)
    return text


def _label(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    return text[:200] or "unspecified"


def layout_of(columns: Iterable[str]) -> str:
    cols = {c.strip().lower() for c in columns}
    if set(CROWS_COLUMNS) <= cols:
        return "crows"
    if set(OUR_COLUMNS) <= cols:
        return "ours"
    if set(STEREOSET_COLUMNS) <= cols or {"context", "anti-stereotype", "stereotype"} <= cols:
        return "stereoset"
    return "unknown"


def pair_from_record(rec: dict[str, Any], layout: str, *, file: str,
                     row: int | None) -> dict[str, Any]:
    """One pair (the `Pair` fields) from one row of a known layout."""
    rec = {str(k).strip().lower(): v for k, v in rec.items()}
    if layout == "crows":
        more = _sentence(rec.get("sent_more"), file=file, row=row, field="sent_more")
        less = _sentence(rec.get("sent_less"), file=file, row=row, field="sent_less")
        out: dict[str, Any] = {"stereotypical": more, "anti_stereotypical": less,
                               "bias_type": _label(rec.get("bias_type"))}
        direction = rec.get("stereo_antistereo")
        if direction is not None and str(direction).strip():
            d = str(direction).strip().lower()
            if d not in CROWS_DIRECTIONS:
                raise BadInput(f"'{direction}' is neither 'stereo' nor 'antistereo'",
                               file=file, row=row, field="stereo_antistereo")
            out["direction"] = d
        index = rec.get("") if rec.get("") not in (None, "") else rec.get("id")
        if index not in (None, ""):
            out["id"] = str(index).strip()[:100]
        return _distinct(out, file, row, "sent_less")
    if layout == "ours":
        out = {"stereotypical": _sentence(rec.get("stereotypical"), file=file, row=row,
                                          field="stereotypical"),
               "anti_stereotypical": _sentence(rec.get("anti_stereotypical"), file=file,
                                               row=row, field="anti_stereotypical"),
               "bias_type": _label(rec.get("bias_type"))}
        for key in ("id", "direction", "unrelated"):
            if rec.get(key) not in (None, ""):
                out[key] = str(rec[key]).strip()
        return _distinct(out, file, row, "anti_stereotypical")
    if layout == "stereoset":
        context = _sentence(rec.get("context"), file=file, row=row, field="context")
        opts = {}
        for key, names in (("stereotype", ("stereotype",)),
                           ("anti_stereotype", ("anti_stereotype", "anti-stereotype")),
                           ("unrelated", ("unrelated",))):
            value = next((rec[n] for n in names if rec.get(n) not in (None, "")), None)
            if value is None and key == "unrelated":
                continue
            opts[key] = fill_context(context, _sentence(value, file=file, row=row, field=key),
                                     file=file, row=row)
        out = {"stereotypical": opts["stereotype"], "anti_stereotypical":
               opts["anti_stereotype"], "bias_type": _label(rec.get("bias_type"))}
        if "unrelated" in opts:
            out["unrelated"] = opts["unrelated"]
        if rec.get("id") not in (None, ""):
            out["id"] = str(rec["id"]).strip()[:100]
        return _distinct(out, file, row, "anti_stereotype")
    raise BadInput("unknown layout", file=file, row=row)


def _distinct(pair: dict[str, Any], file: str, row: int | None, field: str) -> dict[str, Any]:
    if pair["stereotypical"] == pair["anti_stereotypical"]:
        raise BadInput("the two sentences are identical", file=file, row=row, field=field)
    return pair


def fill_context(context: str, option: str, *, file: str = "upload",
                 row: int | None = None) -> str:
    """A StereoSet option in its context: a word goes into the BLANK ("a"/"an" agreed); an
    option that is already the whole sentence is kept."""
    from explorer.probes.grammar import capitalise_first, insert

    blank = "[BLANK]" if "[BLANK]" in context else "BLANK" if "BLANK" in context else None
    if blank is None:
        raise BadInput("the context has no BLANK", file=file, row=row, field="context")
    before, after = context.split(blank, 1)
    if (before.strip() and option.startswith(before.strip())) or \
            (not before.strip() and after.strip() and option.endswith(after.strip())):
        return option
    return capitalise_first(insert(context, blank, option))


def _header_error(columns: list[str], file: str) -> BadInput:
    missing = next(c for c in OUR_COLUMNS if c not in {x.strip().lower() for x in columns})
    return BadInput(f"missing column '{missing}'. Pair files need the columns "
                    "stereotypical, anti_stereotypical[, bias_type]; or CrowS-Pairs' "
                    "sent_more, sent_less[, stereo_antistereo, bias_type]; or StereoSet-style "
                    f"context, stereotype, anti_stereotype[, unrelated] (found: "
                    f"{', '.join(c for c in columns if c) or 'none'})", file=file, field=missing)


def parse_pairs_csv(text: str, *, file: str = "upload",
                    delimiter: str = ",") -> list[dict[str, Any]]:
    """Pairs from CSV text in any of the three layouts (see the module text)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header:
            raise BadInput("the file is empty", file=file)
        layout = layout_of(header)
        if layout == "unknown":
            raise _header_error(header, file)
        keys = [h.strip().lower() for h in header]
        pairs = []
        for i, cells in enumerate(reader, start=2):  # row 1 is the header
            if not any(c.strip() for c in cells):
                continue
            if len(pairs) >= MAX_ITEMS:
                raise BadInput(f"more than {MAX_ITEMS} pairs", file=file, row=i)
            if len(cells) > len(keys):
                raise BadInput(f"{len(cells)} cells but {len(keys)} columns (a comma inside a "
                               "sentence needs quotes)", file=file, row=i)
            rec = dict(zip(keys, (c.strip() for c in cells)))
            pairs.append(pair_from_record(rec, layout, file=file, row=i))
    except csv.Error as exc:
        raise BadInput(f"not readable as CSV ({exc})", file=file,
                       row=reader.line_num or None) from None
    if not pairs:
        raise BadInput("no pairs found", file=file)
    return pairs


def parse_pairs_text(text: str, *, file: str = "upload") -> list[dict[str, Any]]:
    """Pairs from the text of an uploaded file in any layout: JSON (a list of items or
    StereoSet's published file), JSON lines, or CSV/TSV (told apart by the first line)."""
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
            if head == "[":
                raise BadInput("not valid JSON", file=file) from None
        if data is None:
            return pairs_from_records(_jsonl(text, file), file=file)
        if isinstance(data, list):
            return pairs_from_records(data, file=file)
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            return pairs_from_stereoset(data, file=file)
        if isinstance(data, dict) and isinstance(data.get("pairs"), list):
            return pairs_from_records(data["pairs"], file=file)
        return pairs_from_records([data], file=file)
    first = text.split("\n", 1)[0]
    return parse_pairs_csv(text, file=file, delimiter="\t" if "\t" in first and
                           "," not in first else ",")


def pairs_from_records(records: list[Any], *, file: str = "upload") -> list[dict[str, Any]]:
    """Pairs from JSON objects (one per item; rows numbered from 1) in any layout."""
    if not records:
        raise BadInput("no pairs found", file=file)
    if len(records) > MAX_ITEMS:
        raise BadInput(f"more than {MAX_ITEMS} pairs", file=file)
    out = []
    for i, rec in enumerate(records, start=1):
        if not isinstance(rec, dict):
            raise BadInput("each item must be a JSON object", file=file, row=i)
        if "sentences" in rec and "context" in rec:  # a StereoSet item
            pair = _stereoset_item(rec, file=file, row=i)
            if pair is not None:
                out.append(pair)
            continue
        layout = layout_of(rec.keys())
        if layout == "unknown":
            raise BadInput("an item needs stereotypical/anti_stereotypical, sent_more/"
                           "sent_less, or context/stereotype/anti_stereotype", file=file,
                           row=i)
        out.append(pair_from_record(rec, layout, file=file, row=i))
    if not out:
        raise BadInput("no pairs found", file=file)
    return out


def pairs_from_stereoset(data: dict[str, Any], *, file: str = "upload") -> list[dict[str, Any]]:
    """Pairs from StereoSet's published JSON (`data.intrasentence`)."""
    part = data["data"]
    items = part.get("intrasentence")
    if not isinstance(items, list) or not items:
        raise BadInput("no 'intrasentence' items under 'data' (only StereoSet's intrasentence "
                       "part fits the pairs probe)", file=file, field="data.intrasentence")
    skipped = [k for k in part if k != "intrasentence"]
    if skipped:
        log.warning("%s: not read: %s (the pairs probe uses the intrasentence items)", file,
                    ", ".join(skipped))
    return pairs_from_records(items, file=file)


def _stereoset_item(rec: dict[str, Any], *, file: str, row: int,
                    names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """One StereoSet intrasentence item: its stereotype and anti-stereotype sentences.
    `sentences` is a list of {sentence, gold_label} (the published JSON) or a dict of lists
    (the Hub's columns); integer labels need `names` (the Hub's ClassLabel names)."""
    sents = rec.get("sentences")
    if isinstance(sents, dict):
        texts, labels = sents.get("sentence") or [], sents.get("gold_label") or []
        if len(texts) != len(labels):
            raise BadInput("sentence and gold_label lists differ in length", file=file, row=row,
                           field="sentences")
        sents = [{"sentence": t, "gold_label": g} for t, g in zip(texts, labels)]
    if not isinstance(sents, list):
        raise BadInput("expected a list of sentences", file=file, row=row, field="sentences")
    found: dict[str, str] = {}
    for s in sents:
        if not isinstance(s, dict):
            raise BadInput("each sentence must be an object", file=file, row=row,
                           field="sentences")
        label = s.get("gold_label")
        if isinstance(label, int) and not isinstance(label, bool):
            if names is None or not 0 <= label < len(names):
                raise BadInput(f"gold_label {label} is a number; write the label name "
                               f"({', '.join(STEREOSET_LABELS)})", file=file, row=row,
                               field="gold_label")
            label = names[label]
        label = str(label).strip().lower().replace("_", "-")
        if label not in STEREOSET_LABELS:
            raise BadInput(f"unknown gold_label '{label}' (expected "
                           f"{', '.join(STEREOSET_LABELS)})", file=file, row=row,
                           field="gold_label")
        if label in found:
            raise BadInput(f"two '{label}' sentences", file=file, row=row, field="gold_label")
        found[label] = _sentence(s.get("sentence"), file=file, row=row, field="sentence")
    for need in ("stereotype", "anti-stereotype"):
        if need not in found:
            raise BadInput(f"no '{need}' sentence", file=file, row=row, field="sentences")
    out = {"stereotypical": found["stereotype"], "anti_stereotypical": found["anti-stereotype"],
           "bias_type": _label(rec.get("bias_type"))}
    if "unrelated" in found:
        out["unrelated"] = found["unrelated"]
    if rec.get("id") not in (None, ""):
        out["id"] = str(rec["id"])[:100]
    return _distinct(out, file, row, "sentences")


def pairs_from_hub(dataset_id: str, *, split: str = "test",
                   config: str | None = None) -> list[dict[str, Any]]:
    """Pairs from a Hugging Face dataset with CrowS-Pairs columns (class-label columns are read
    by name), our columns, or StereoSet's intrasentence columns. Needs the Hub (online)."""
    import re

    from glasshouse.errors import GlasshouseError, ModelUnavailable

    dataset_id = (dataset_id or "").strip()
    if not re.fullmatch(r"[\w.-]+(/[\w.-]+)?", dataset_id):
        raise BadInput(f"'{dataset_id}' is not a Hugging Face dataset id ('owner/name')",
                       field="hub_dataset")
    try:
        from datasets import load_dataset

        ds = load_dataset(dataset_id, config, split=split)
    except ImportError as exc:
        raise ModelUnavailable("loading Hub datasets needs the 'datasets' package") from exc
    except GlasshouseError:
        raise
    except Exception as exc:  # noqa: BLE001 - one clear message for every failure
        raise _hub_error(dataset_id, exc) from None
    if len(ds) > MAX_ITEMS:
        raise BadInput(f"'{dataset_id}' has {len(ds)} rows; at most {MAX_ITEMS}",
                       field="hub_dataset")
    names = {col: tuple(feat.names) for col, feat in ds.features.items()
             if hasattr(feat, "names")}
    file = f"{dataset_id}[{split}]"
    cols = list(ds.column_names)
    if "sentences" in cols and "context" in cols:  # StereoSet intrasentence
        label_names = None
        feat = ds.features["sentences"]
        inner = getattr(feat, "feature", feat)
        if isinstance(inner, dict) and hasattr(inner.get("gold_label"), "names"):
            label_names = tuple(inner["gold_label"].names)
        elif isinstance(feat, dict) and hasattr(feat.get("gold_label"), "feature"):
            label_names = tuple(getattr(feat["gold_label"].feature, "names", ()) or ()) or None
        bias = names.get("bias_type")
        return [_stereoset_item({**r, "bias_type": _named(r.get("bias_type"), bias)}, file=file,
                                row=i, names=label_names)
                for i, r in enumerate(ds, start=1)]
    layout = layout_of(cols)
    if layout == "unknown":
        raise BadInput(f"dataset '{dataset_id}' has none of the pair layouts (columns: "
                       f"{', '.join(cols)})", field="hub_dataset")
    out = []
    for i, r in enumerate(ds, start=1):
        rec = {k: _named(v, names.get(k)) for k, v in r.items()}
        out.append(pair_from_record(rec, layout, file=file, row=i))
    return out


def _named(value: Any, names: tuple[str, ...] | None) -> Any:
    if names and isinstance(value, int) and not isinstance(value, bool) and \
            0 <= value < len(names):
        return names[value]
    return value


def _hub_error(dataset_id: str, exc: BaseException) -> Exception:
    from glasshouse.config import settings
    from glasshouse.errors import ModelUnavailable

    text = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
    kinds = {t.__name__ for t in type(exc).__mro__}
    if settings().offline or kinds & {"ConnectionError", "OfflineModeIsEnabled", "Timeout",
                                      "LocalEntryNotFoundError"}:
        return ModelUnavailable(f"dataset '{dataset_id}' could not be loaded: the Hub cannot be "
                                f"reached from here ({text}). Offline, give the pairs as a "
                                "file (CrowS-Pairs CSV, StereoSet JSON) instead.")
    if kinds & {"DatasetNotFoundError", "FileNotFoundError", "RepositoryNotFoundError"}:
        return BadInput(f"dataset '{dataset_id}' was not found (or is private): {text}",
                        field="hub_dataset")
    return BadInput(f"dataset '{dataset_id}' could not be read ({type(exc).__name__}: {text})",
                    field="hub_dataset")


# ------------------------------------------------------------------ WEAT / SEAT word lists


def _one_test(items: list[Any], file: str) -> dict[str, Any]:
    if len(items) != 1:
        cats = [" / ".join(str((it.get(k) or {}).get("category", "?")) for k in SENT_BIAS_KEYS)
                for it in items if isinstance(it, dict)]
        raise BadInput(f"the file holds {len(items)} tests ({'; '.join(cats[:5])}); give one "
                       "test per file", file=file)
    if not isinstance(items[0], dict):
        raise BadInput("expected a JSON object with targ1, targ2, attr1, attr2", file=file)
    return items[0]


def weat_from_sent_bias(data: dict[str, Any], *, file: str = "upload") -> dict[str, Any]:
    """WEAT parameters from the SEAT code's layout: targ1/targ2/attr1/attr2, each with a
    `category` (its name) and `examples` (its words or sentences)."""
    out: dict[str, Any] = {}
    for key in SENT_BIAS_KEYS:
        part = data.get(key)
        if not isinstance(part, dict):
            raise BadInput(f"missing '{key}' (an object with 'category' and 'examples')",
                           file=file, field=key)
        examples = part.get("examples")
        if not isinstance(examples, list) or not examples:
            raise BadInput("expected a non-empty list", file=file, field=f"{key}.examples")
        if len(examples) > MAX_ITEMS:
            raise BadInput(f"more than {MAX_ITEMS} examples", file=file, field=f"{key}.examples")
        words = [_sentence(w, file=file, row=i, field=f"{key}.examples")
                 for i, w in enumerate(examples, start=1)]
        field = WEAT_FIELDS[key]
        out[field] = words
        out[f"{field}_name"] = _label(part.get("category"))[:200] if part.get("category") \
            else key
    extra = sorted(set(data) - set(SENT_BIAS_KEYS))
    if extra:
        log.warning("%s: not read: %s", file, ", ".join(extra))
    return out


def weat_to_sent_bias(params: Any) -> dict[str, Any]:
    """The inverse of weat_from_sent_bias: WEAT parameters in the SEAT code's layout."""
    get = params.get if isinstance(params, dict) else lambda k: getattr(params, k)
    return {key: {"category": get(f"{field}_name"), "examples": list(get(field))}
            for key, field in WEAT_FIELDS.items()}
