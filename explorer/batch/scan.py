"""`scan` on an engine: the corpus is read unit by unit, every unit goes through the batch steps
where the engine runs it, and the partial results merge into the same `Profile` (same JSON) the
in-memory scan gives. Memory on the driver grows with the statistics (vocabulary, distinct-value
hashes: 8 bytes a value), PII findings and ~150 bytes of duplicate keys per row, never with the
texts. Near duplicates: MinHash band keys from the workers find candidate pairs; their exact
Jaccard similarity is then computed from a second read of only the candidate rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.batch import steps
from explorer.batch.engines import Engine, RunInfo, get_engine, run_ordered
from explorer.batch.sources import SourcePlan, Unit, plan_source, read_unit
from explorer.datasets import duplicates as dup
from explorer.datasets import languages as lid
from explorer.datasets import column_stats as stats
from explorer.datasets.loading import LoadedTable
from explorer.datasets.profile import PII_LANGUAGES_DEFAULT, Profile

Progress = Callable[[float, str], None]
PREVIEW_ROWS = 1_000
MAX_BUCKET = 500  # as the in-memory scan: larger buckets are boilerplate, not checked


@dataclass(frozen=True)
class StreamedTable(LoadedTable):
    """A table read in units: `frame` holds only the first rows (preview, pickers)."""

    total_rows: int = 0

    @property
    def n_rows(self) -> int:
        return self.total_rows


@dataclass(frozen=True)
class StreamedLanguageReport(lid.LanguageReport):
    """Language counts without per-row tuples (they would grow with the corpus)."""

    mixed_rows: int = 0

    @property
    def n_mixed(self) -> int:
        return self.mixed_rows


@dataclass(frozen=True)
class ScanOptions:
    text_column: str
    label_column: str | None
    candidates: tuple[str, ...]
    pii_languages: tuple[str, ...]
    pii_columns: tuple[tuple[str, bool], ...]  # (column, use NER); empty: no PII step


class ScanTask:
    """The per-unit work of a scan: read, language ID, PII, duplicate keys, statistics."""

    wants_gpu = False

    def __init__(self, options: ScanOptions) -> None:
        self.options = options

    def setup(self) -> None:
        lid.detector(self.options.candidates)
        if self.options.pii_columns:
            from explorer.datasets.pii import engine_for

            engine_for(self.options.pii_languages)

    def __call__(self, unit: Unit) -> steps.ScanPartial:
        o = self.options
        frame = read_unit(unit)
        texts = steps.texts_of(frame, o.text_column)
        langs = steps.language_ids(texts, o.candidates)
        findings = steps.pii_findings(frame, langs["language"].tolist(), o.pii_columns,
                                      o.pii_languages, unit.first_row) if o.pii_columns else []
        rows, keys, bands = steps.duplicate_keys(texts, unit.first_row)
        from explorer.datasets.pii_mask import blank_findings

        vocab_texts = blank_findings(texts, [f for r in findings for f in r.findings],
                                     o.text_column, row_offset=unit.first_row)
        part = steps.StatsPartial.of(frame, o.text_column, o.label_column, texts,
                                     langs["language"].tolist(), vocab_texts)
        return steps.ScanPartial(part, Counter(langs["language"].tolist()),
                                 int(langs["mixed"].sum()), findings, [rows], [keys], [bands])


def scan_options(sample: Any, *, text_column: str | None, label_column: str | None,
                 languages: Sequence[str] | str | None, pii: bool, file: str) -> ScanOptions:
    """Choices the in-memory scan makes on the whole table, made here on the first rows."""
    text_col = stats.pick_text_column(sample, text_column, file)
    label_col = stats.pick_label_column(sample, text_col, label_column)
    # the languages the sample holds (the in-memory scan's first pass, done once here)
    candidates = lid.present_languages(steps.texts_of(sample, text_col),
                                       lid.parse_languages(languages))
    pii_langs = tuple(lang for lang in candidates if lang in PII_LANGUAGES_DEFAULT) or \
        tuple(candidates[:1])
    pii_cols: tuple[tuple[str, bool], ...] = ()
    if pii:
        kinds = {c: s.kind for c, s in stats.column_stats(sample).items()}
        names = [text_col] if text_column else [c for c, k in kinds.items()
                                                if k in ("text", "category")]
        pii_cols = tuple((c, kinds.get(c) == "text") for c in names)
    return ScanOptions(text_col, label_col, candidates, pii_langs, pii_cols)


def find_duplicates(plan: SourcePlan, text_column: str, rows_parts: Sequence[Any],
                    key_parts: Sequence[Any], band_parts: Sequence[Any],
                    threshold: float = dup.THRESHOLD) -> dup.DuplicateReport:
    """The in-memory scan's duplicate report, from per-row keys plus the candidates' texts."""
    import numpy as np

    if not rows_parts or sum(len(r) for r in rows_parts) == 0:
        return dup.DuplicateReport((), (), threshold)
    rows = np.concatenate(rows_parts)
    keys = np.concatenate(key_parts)
    bands = np.concatenate(band_parts)
    order = np.argsort(keys, kind="stable")  # rows ascending inside each key
    sk = keys[order]
    starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
    ends = np.r_[starts[1:], len(sk)]
    exact = [rows[order[s:e]] for s, e in zip(starts, ends, strict=True) if e - s > 1]
    exact_groups = tuple(sorted((tuple(int(r) for r in g) for g in exact), key=lambda g: g[0]))
    rep_pos = np.sort(order[starts])  # first row of every distinct text, in row order
    rep_rows = rows[rep_pos]
    edges: set[tuple[int, int]] = set()
    for b in range(bands.shape[1]):
        bk = bands[rep_pos, b]
        o = np.argsort(bk, kind="stable")
        sb = bk[o]
        bs = np.flatnonzero(np.r_[True, sb[1:] != sb[:-1]])
        be = np.r_[bs[1:], len(sb)]
        for s, e in zip(bs, be, strict=True):
            if 2 <= e - s <= MAX_BUCKET:
                members = rep_rows[o[s:e]]
                first = int(members[0])
                edges.update((first, int(m)) for m in members[1:])
    near_groups: tuple[tuple[int, ...], ...] = ()
    if edges:
        sets = _shingles_of(plan, text_column, sorted({r for e in edges for r in e}))
        uf = dup._UnionFind()
        for a, b in sorted(edges):
            if uf.find(a) != uf.find(b) and dup.jaccard(sets[a], sets[b]) >= threshold:
                uf.union(a, b)
        near_groups = tuple(uf.groups())
    return dup.DuplicateReport(exact_groups, near_groups, threshold)


def _shingles_of(plan: SourcePlan, text_column: str, wanted: list[int]) -> dict[int, set[int]]:
    """Shingle sets of the `wanted` rows (sorted), reading only the units that hold them."""
    import bisect

    out: dict[int, set[int]] = {}
    for unit in plan.units:
        lo = bisect.bisect_left(wanted, unit.first_row)
        hi = bisect.bisect_left(wanted, unit.first_row + unit.n_rows)
        if lo == hi:
            continue
        texts = steps.texts_of(read_unit(unit, columns=[text_column]), text_column)
        for r in wanted[lo:hi]:
            out[r] = dup.shingles(str(texts[r - unit.first_row]))
    return out


def scan_source(path: str | Path, *, engine: str | Engine = "local", workers: int | None = None,
                address: str | None = None, text_column: str | None = None,
                label_column: str | None = None, languages: Sequence[str] | str | None = None,
                pii: bool = True, max_rows: int | None = None,
                unit_rows: int = 1_000, progress: Progress | None = None,
                info: list[RunInfo] | None = None) -> Profile:
    """Profile a Parquet/JSONL folder or a file with a batch engine (see module docstring)."""
    from explorer.datasets.pii import merge

    plan = plan_source(path, unit_rows=unit_rows, max_rows=max_rows)
    sample = plan.preview(PREVIEW_ROWS)
    opts = scan_options(sample, text_column=text_column, label_column=label_column,
                        languages=languages, pii=pii, file=plan.display_name)
    eng = get_engine(engine, workers=workers, address=address) if isinstance(engine, str) \
        else engine
    total: list[steps.ScanPartial] = []
    done = [0]

    def fold(part: steps.ScanPartial) -> None:
        if total:
            total[0].merge(part)
        else:
            total.append(part)
        done[0] += part.stats.n_rows
        if progress:
            progress(0.95 * done[0] / plan.total_rows,
                     f"{done[0]} of {plan.total_rows} rows scanned ({eng.name})")

    try:
        run = run_ordered(eng, ScanTask(opts), plan.units, fold)
    finally:
        if isinstance(engine, str):
            eng.close()
    if info is not None:
        info.append(run)
    acc = total[0]
    if progress:
        progress(0.96, "Checking near-duplicate candidates")
    dups = find_duplicates(plan, opts.text_column, acc.dup_rows, acc.dup_keys, acc.dup_bands)
    n = acc.stats.n_rows
    counts = acc.languages.most_common()
    langs = StreamedLanguageReport((), (), (), {k: round(v / (n or 1), 4) for k, v in counts},
                                   dict(counts), opts.candidates, mixed_rows=acc.mixed_rows)
    pii_report = merge(acc.findings, n) if opts.pii_columns else None
    table = StreamedTable(sample, plan.display_name, plan.format, plan.encoding, plan.truncated,
                          total_rows=n)
    st = acc.stats
    columns = st.column_stats()
    label_col = opts.label_column if opts.label_column in columns else None
    if progress:
        progress(1.0, "Done")
    return Profile(table, opts.text_column, label_col, columns,
                   steps.distribution_from_counts(st.char_lengths),
                   steps.distribution_from_counts(st.token_lengths), st.vocabulary_report(),
                   st.label_report() if label_col else None, langs, dups, pii_report,
                   tuple(c for c, _ in opts.pii_columns))
