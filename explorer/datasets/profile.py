"""Profile a table: the `scan` service behind the CLI, the UI and saved evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.datasets import duplicates as dup
from explorer.datasets import languages as lid
from explorer.datasets import column_stats as stats
from explorer.datasets.loading import LoadedTable, load_table

Progress = Callable[[float, str], None]
PII_LANGUAGES_DEFAULT = ("en", "es", "fr", "de")
# Plain words first; the technical names stay in brackets, where the page's glossary gives them
# a tooltip (glasshouse/glossary.py)
CAVEAT = ("Automatic profile of the rows read. Language identification is unreliable for very "
          "short texts; the search for personal information misses some and flags some "
          "harmless text (names and places by a model only in English, Spanish and French, "
          "elsewhere from lists of common names and places); near "
          "duplicates are rows that share at least {t:.0%} of their three-word sequences, "
          "found by an estimate that can miss a few pairs (MinHash, Jaccard similarity).")


@dataclass(frozen=True)
class Profile:
    table: LoadedTable
    text_column: str
    label_column: str | None
    columns: dict[str, stats.ColumnStats]
    char_lengths: stats.Distribution
    token_lengths: stats.Distribution
    vocabulary: stats.Vocabulary
    labels: dict[str, int] | None
    languages: lid.LanguageReport
    duplicates: dup.DuplicateReport
    pii: Any  # pii.PiiReport | None
    pii_columns: tuple[str, ...]
    anonymized_to: str | None = None
    anonymization: dict[str, Any] | None = None  # anonymize.AnonymizationReport.to_json()

    def to_json(self) -> dict[str, Any]:
        """The `scan --json` object (interface contract) plus a few extra fields."""
        cols = {name: c.to_json() for name, c in self.columns.items()}
        cols[self.text_column]["chars"] = self.char_lengths.to_json()
        cols[self.text_column]["tokens"] = self.token_lengths.to_json()
        cols[self.text_column]["vocabulary"] = {
            "size": self.vocabulary.size, "tokens": self.vocabulary.n_tokens,
            "hapax": self.vocabulary.hapax,
            "top_terms": [[w, c] for w, c in self.vocabulary.top_terms]}
        if self.label_column and self.labels is not None:
            cols[self.label_column]["labels"] = self.labels
        out: dict[str, Any] = {
            "rows": self.table.n_rows,
            "columns": cols,
            "languages": self.languages.shares,
            "language_counts": self.languages.counts,
            "duplicates": self.duplicates.to_json(),
            "pii": None,
            "text_column": self.text_column,
            "mixed_language_rows": self.languages.n_mixed,
            "truncated": self.table.truncated,
            "encoding": self.table.encoding,
            "format": self.table.format,
        }
        if self.pii is not None:
            out["pii"] = {"entities": self.pii.entities, "rows_with_pii": self.pii.rows_with_pii,
                          "findings": [f.to_json() for f in self.pii.findings],
                          "by_language": self.pii.by_language,
                          "columns": list(self.pii_columns),
                          "notes": self.pii.notes_json(),
                          "ner_rows": self.pii.ner_rows,
                          "pattern_only": self.pii.pattern_only,
                          "warning": self.pii.warning}
        if self.anonymized_to:
            out["anonymized_to"] = self.anonymized_to
        if self.anonymization is not None:
            out["anonymization"] = self.anonymization
        return out

    @property
    def caveat(self) -> str:
        return CAVEAT.format(t=self.duplicates.threshold)


def _step(progress: Progress | None, share: float, message: str) -> None:
    if progress:
        progress(share, message)


def profile_table(table: LoadedTable, *, text_column: str | None = None,
                  label_column: str | None = None, languages: Sequence[str] | str | None = None,
                  pii: bool = True, pii_columns: Sequence[str] | None = None,
                  progress: Progress | None = None) -> Profile:
    frame = table.frame
    text_col = stats.pick_text_column(frame, text_column, table.file)
    candidates = lid.parse_languages(languages)
    texts = [None if v is None or (isinstance(v, float) and v != v) else str(v)
             for v in frame[text_col].tolist()]
    _step(progress, 0.02, "Counting values per column")
    columns = stats.column_stats(frame)
    chars, tokens = stats.text_lengths(texts)
    label_col = stats.pick_label_column(frame, text_col, label_column)
    labels = stats.label_distribution(frame[label_col]) if label_col else None
    _step(progress, 0.1, "Identifying languages")
    lang_report = lid.detect(texts, candidates)
    _step(progress, 0.25, "Looking for duplicates")
    dups = dup.find_duplicates(texts)
    pii_report, scanned = None, ()
    if pii:
        from explorer.datasets.pii import merge, scan_texts

        if pii_columns is None:
            pii_columns = [text_col] if text_column else [
                c for c, s in columns.items() if s.kind in ("text", "category")]
        reports = []
        for k, col in enumerate(pii_columns):
            values = [None if v is None or (isinstance(v, float) and v != v) else str(v)
                      for v in frame[col].tolist()]

            def sub(share: float, msg: str, k: int = k, col: str = col) -> None:
                _step(progress, 0.3 + 0.65 * (k + share) / len(pii_columns),
                      f"{msg} (column '{col}')")

            reports.append(scan_texts(values, lang_report.tags, column=col,
                                      ner=columns[col].kind == "text", progress=sub))
        pii_report = merge(reports, len(frame))
        scanned = tuple(pii_columns)
    from explorer.datasets.pii_mask import safe_vocabulary

    # counted after the PII scan, on texts with the findings blanked (issue 14.9)
    # (and without the function words of each row's language, issue 17.4)
    vocab = safe_vocabulary(texts, pii_report.findings if pii_report else (), text_col,
                            languages=lang_report.tags)
    _step(progress, 1.0, "Done")
    return Profile(table, text_col, label_col, columns, chars, tokens, vocab, labels, lang_report,
                   dups, pii_report, scanned)


def scan_file(path: str | Path, *, text_column: str | None = None,
              languages: Sequence[str] | str | None = None, anonymize: str | Path | None = None,
              operators: str | None = None, max_rows: int | None = None,
              max_bytes: int | None = None, progress: Progress | None = None,
              display_name: str | None = None) -> Profile:
    table = load_table(path, max_rows=max_rows, max_bytes=max_bytes, display_name=display_name)
    prof = profile_table(table, text_column=text_column, languages=languages, progress=progress)
    if anonymize:
        report = anonymize_report(prof, anonymize, operators)
        prof = Profile(**{**prof.__dict__, "anonymized_to": report.copy,
                          "anonymization": report.to_json()})
    return prof


def anonymize_report(prof: Profile, out: str | Path, operators: str | None = None) -> Any:
    """The anonymised copy, its report file next to it and the report
    (anonymize.AnonymizationReport): replaced per entity and language, pattern-only rows,
    residual re-scan."""
    from explorer.datasets.anonymize import anonymize_checked

    return anonymize_checked(prof, out, operators)


def write_anonymized(prof: Profile, out: str | Path, operators: str | None = None) -> Path:
    return Path(anonymize_report(prof, out, operators).copy)


def save_profile(db: Any, actor: Any, prof: Profile, *, subject: str | None = None,
                 title: str | None = None) -> str:
    """Store the profile as evidence (kind "dataset_profile") that cards can cite."""
    from glasshouse.evidence import EvidenceKind, record

    payload = prof.to_json()
    payload["file"] = prof.table.file
    payload["caveat"] = prof.caveat
    if subject:
        try:
            from catalog.service import get_entry  # the catalog area's API

            get_entry(db, subject)
        except ImportError:
            pass
    return record(db, actor=actor, kind=EvidenceKind.DATASET_PROFILE,
                  title=title or f"Dataset profile of {prof.table.file} ({prof.table.n_rows} rows)",
                  payload=payload, subject=subject)
