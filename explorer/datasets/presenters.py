"""What each part of the Datasets tab shows, computed without gradio: one function per user
action (load, page, profile, anonymise, associations, error review, restore, save). Each calls
the datasets services, keeps the results in the user's workspace and returns what the tab
displays. explorer/datasets/ui.py only parses the widgets' values, calls one of these and puts
the result into the components, so everything here is testable without a browser.

The tab's state is a plain dict: {"table": LoadedTable, "profile": Profile | None,
"spans": masked spans of the preview | None}."""

from __future__ import annotations

import html
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput

State = dict[str, Any]
Progress = Callable[[float, str], None]
# the keys of a profile's results, in the order of the tab's outputs
PROFILE_RESULTS = ("summary", "lengths", "languages", "pii_plot", "labels", "terms", "dups",
                   "pii_counts", "pii_rows")
ASSOCIATION_RESULTS = ("message", "plot", "skews", "per_group")
ERROR_RESULTS = ("message", "groups", "rows")
COPY_EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonl": "jsonl",
                   "parquet": "parquet", "excel": "xlsx"}


def _need_table(st: State | None) -> State:
    if not st:
        raise BadInput("Load a dataset first.")
    return st


def _need_profile(st: State | None) -> State:
    if not st or not st.get("profile"):
        raise BadInput("Profile the dataset first.")
    return st


# ---------------------------------------------------------------- loading and preview


@dataclass(frozen=True)
class Loaded:
    state: State
    message: str
    columns_table: Any  # one row per column: type, missing, distinct, examples
    page: Any  # the first page of rows
    pages: str  # "of N"
    columns: list[str]
    text_column: str
    label_column: str | None


def load_message(table: Any, note: str = "") -> str:
    enc = f", encoding {table.encoding}" if table.encoding else ""
    return (f"**{html.escape(table.file)}**: {table.n_rows} rows, {len(table.frame.columns)} "
            f"columns ({table.format}{enc})"
            + (f" — a sample: only the first {table.n_rows} rows were read, the dataset has "
               "more" if table.truncated else "") + note)


def loaded(table: Any, page_size: int, user: str | None, *, text: str | None = None,
           label: str | None = None, spans: list | None = None, profile: Any = None,
           note: str = "") -> Loaded:
    """A table just loaded (kept in `user`'s workspace; `user` None: restored from it): its
    text and label columns picked when not given, the first page of its preview."""
    from explorer.datasets import views
    from explorer.datasets.column_stats import pick_label_column, pick_text_column
    from explorer.datasets.workspace import store

    cols = [str(c) for c in table.frame.columns]
    if text not in cols:
        try:
            text = pick_text_column(table.frame, None, table.file)
        except Exception:  # noqa: BLE001 - no obvious text column: let the person pick
            text = cols[0]
        label = pick_label_column(table.frame, text)
    if user is not None:  # a new load: keep it for this user (other tabs, reloads)
        store().save_table(user, table, text_column=text, label_column=label)
    frame, n_pages = views.preview_page(table, 1, int(page_size), profile, spans)
    return Loaded({"table": table, "profile": profile, "spans": spans},
                  load_message(table, note), views.columns_table(table, profile, spans), frame,
                  f"of {n_pages}", cols, text, label)


_loads_started: dict[str, int] = {}  # per user: uploads and Hub loads begun in this process
_loads_lock = threading.Lock()


def load_started(user: str) -> int:
    """Note that `user` has begun loading a dataset; the number of loads they have begun."""
    with _loads_lock:
        _loads_started[user] = _loads_started.get(user, 0) + 1
        return _loads_started[user]


def loads_started(user: str) -> int:
    with _loads_lock:
        return _loads_started.get(user, 0)


def load_upload(path: str | Path, page_size: int, user: str) -> Loaded:
    from explorer.datasets.loading import load_table

    load_started(user)
    return loaded(load_table(path), page_size, user)


def hub_rows(rows: float | None, default: int, most: int) -> int:
    """The 'rows to read' box as a count between 1 and `most` (empty: `default`)."""
    return int(min(max(rows or default, 1), most))


def load_hub(dataset: str | None, config: str | None, split: str | None, rows: int,
             page_size: int, user: str) -> Loaded:
    from explorer.datasets.loading import load_hub as read_hub

    if not (dataset or "").strip():
        raise BadInput("Type a dataset id first, e.g. stanfordnlp/imdb.")
    load_started(user)
    table = read_hub(dataset.strip(), config=(config or "").strip() or None,
                     split=(split or "").strip() or None, max_rows=rows)
    return loaded(table, page_size, user)


def preview(st: State | None, page: int, page_size: int) -> tuple[Any, str]:
    """One page of rows (masked once profiled) and "of N" pages."""
    from explorer.datasets import views

    if not st:
        return None, ""
    frame, n_pages = views.preview_page(st["table"], page, int(page_size), st.get("profile"),
                                        st.get("spans"))
    return frame, f"of {n_pages}"


# ---------------------------------------------------------------- profile


@dataclass(frozen=True)
class Profiled:
    state: State
    shown: dict[str, Any]  # PROFILE_RESULTS -> markdown, figure or table (and "spans")
    columns_table: Any
    page: Any


def profile(st: State | None, text: str, label: str | None, languages: list[str] | None,
            page: int, page_size: int, user: str, progress: Progress | None = None
            ) -> Profiled:
    from explorer.datasets import plots, views
    from explorer.datasets.profile import profile_table
    from explorer.datasets.report import text_summary
    from explorer.datasets.workspace import store

    st = _need_table(st)
    prof = profile_table(st["table"], text_column=text, label_column=label or None,
                         languages=languages, progress=progress)
    st = {**st, "profile": prof, "spans": views.pii_spans(prof)}
    frame, _ = views.preview_page(st["table"], page, int(page_size), prof)
    n = prof.table.n_rows
    shown = {
        "summary": "\n\n".join(html.escape(line) for line in text_summary(prof).splitlines()),
        "lengths": plots.length_histogram(prof.char_lengths, "characters"),
        "languages": plots.bar(prof.languages.shares, f"Languages (n = {n} rows; "
                               f"{prof.languages.n_mixed} mix languages)", percent=True),
        "pii_plot": plots.pii_by_language(prof.pii.by_language, n),
        "labels": plots.bar(prof.labels or {},
                            f"Labels in '{prof.label_column or '-'}' (n = {n})"),
        "terms": views.top_terms_table(prof), "dups": views.duplicates_table(prof),
        "pii_counts": views.pii_counts_table(prof), "pii_rows": views.pii_rows_table(prof),
        "spans": st["spans"]}
    store().set_columns(user, text_column=text, label_column=label or None)
    store().save_results(user, "profile", shown, profile=prof)
    return Profiled(st, shown, views.columns_table(prof.table, prof), frame)


def anonymised_copy(st: State | None, operator: str, folder: Path) -> tuple[list[str], str]:
    """An anonymised copy of the profiled table written under `folder` (a fresh folder is made
    in it): ([copy, its report], the report in markdown)."""
    from explorer.datasets.anonymize import report_path
    from explorer.datasets.profile import anonymize_report

    st = _need_profile(st)
    table = st["table"]
    stem = Path(table.file).stem or "dataset"
    ext = COPY_EXTENSIONS.get(table.format, "csv")
    out = folder / f"anon-{uuid.uuid4().hex}" / f"{stem}-anonymised.{ext}"
    rep = anonymize_report(st["profile"], out, operator)
    return [rep.copy, str(report_path(rep.copy))], rep.markdown()


# ---------------------------------------------------------------- word associations


def group_lists(language: str, kind: str) -> tuple[str, list[str], str]:
    """The identity-term lists of `language`: (the groups as text, the kinds it has, the kind
    shown: `kind` if it has it, else its first)."""
    from explorer.datasets.identity_terms import format_groups, terms_for

    lists = terms_for(language)
    kind = kind if kind in lists else next(iter(lists))  # it/pt have gender lists only
    return format_groups(lists[kind]), list(lists), kind


def associations_message(rep: Any, profiled_languages: bool) -> str:
    clear = rep.n_significant
    return (f"n = {rep.n_rows} rows; rows mentioning each group: "
            + ", ".join(f"{html.escape(g)} {c}" for g, c in rep.group_rows.items())
            + f". {rep.n_tested} word comparisons made, **{clear} clear difference"
            + ("s" if clear != 1 else "") + "** (chance below 0.05 after correction)"
            + (f"; {rep.one_sided} more words were seen with only one group too rarely to "
               "compare" if rep.one_sided else "")
            + ("" if profiled_languages else "; function words of the list's language only "
               "(profile the dataset to filter each row by its own language)")
            + f". *{rep.caveat}*")


def associations(st: State | None, text: str | None, groups: str, min_count: int,
                 min_per_group: int, list_language: str, measure: str, user: str
                 ) -> dict[str, Any]:
    """ASSOCIATION_RESULTS -> message, chart and the two tables (kept for `user`)."""
    from explorer.datasets import plots, views
    from explorer.datasets.associations import word_associations
    from explorer.datasets.identity_terms import parse_groups
    from explorer.datasets.workspace import store

    st = _need_table(st)
    parsed = parse_groups(groups)
    texts = st["table"].frame[text].tolist() if text else []
    prof = st.get("profile")
    row_langs = (list(prof.languages.tags) if prof is not None and prof.text_column == text
                 else None)
    rep = word_associations([None if v is None else str(v) for v in texts], parsed,
                            min_count=int(min_count), min_per_group=int(min_per_group),
                            list_language=list_language, languages=row_langs, measure=measure)
    skews, per_group = views.associations_tables(rep)
    shown = {"message": associations_message(rep, bool(row_langs)),
             "plot": plots.skew_chart(list(rep.skews), list(parsed)), "skews": skews,
             "per_group": per_group}
    store().save_results(user, "associations", shown)
    return shown


# ---------------------------------------------------------------- error review


def error_review(st: State | None, label: str, prediction: str | None, score: str | None,
                 group: str | None, threshold: float, user: str) -> dict[str, Any]:
    """ERROR_RESULTS -> summary, per-group table and the rows to look at (kept for `user`)."""
    from explorer.datasets import views
    from explorer.datasets.error_review import review_errors
    from explorer.datasets.workspace import store

    st = _need_table(st)
    rev = review_errors(st["table"].frame, label=label, prediction=prediction or None,
                        score=score or None, group=group or None, threshold=threshold)
    groups, rows = views.error_tables(rev, st.get("profile"))
    shown = {"message": views.error_summary(rev, group), "groups": groups, "rows": rows}
    store().save_results(user, "errors", shown)
    return shown


# ---------------------------------------------------------------- workspace


@dataclass(frozen=True)
class Restored:
    loaded: Loaded
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> shown values


def restore(user: str, page_size: int = 25) -> Restored | None:
    """The dataset `user` loaded before, with the results shown for it; None when nothing is
    kept, or when they began loading another dataset while this one was read (the page shows
    that one: a restore that answered after it would put the old file back on screen)."""
    from explorer.datasets.workspace import store

    begun = loads_started(user)
    ws = store().load(user)
    if ws is None:
        return None
    prof_res = ws.results.get("profile", {})
    note = " — kept from your last visit" + (f". {ws.notes[0]}" if ws.notes else "")
    got = loaded(ws.table, page_size, None, text=ws.text_column, label=ws.label_column,
                 spans=prof_res.get("spans"), profile=ws.profile, note=note)
    if store().saved_at(user) != ws.saved_at or loads_started(user) != begun:
        return None  # a dataset was loaded, or began loading, while we read this one
    return Restored(got, {k: dict(ws.results.get(k, {}))
                          for k in ("profile", "associations", "errors")})


def forget(user: str) -> str:
    from explorer.datasets.workspace import store

    store().forget(user)
    return "The dataset and its results were removed from this server."


def keep_columns(st: State | None, user: str, text: str | None, label: str | None) -> None:
    from explorer.datasets.workspace import store

    if st:
        store().set_columns(user, text_column=text or None, label_column=label or None)


def save_evidence(db: Any, actor: Any, st: State | None, entry: str | None) -> str:
    from explorer.datasets.profile import save_profile

    st = _need_profile(st)
    entry = (entry or "").strip()
    eid = save_profile(db, actor, st["profile"], subject=entry or None)
    return f"Saved as evidence `{eid}`" + (f" for catalog entry `{entry}`." if entry else ".")
