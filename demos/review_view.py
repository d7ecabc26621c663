"""The owner's review queue as the Demos tab shows it: filters from the form, the summary, the
charts, the table and the choices of items, and the messages after tagging, sending to a card
and exporting. demos/ui.py forwards events here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from demos import service
from glasshouse.errors import BadInput

COLUMNS = ["#", "category", "group", "language", "comment", "input", "output", "tags", "version"]


def filters(categories: list[str] | None, group: str | None, language: str | None,
            tag: str | None, text: str | None) -> dict[str, Any]:
    return {"categories": list(categories or []), "group": group or "",
            "language": language or "", "tag": tag or "", "text": text or ""}


def _need(slug: str | None) -> str:
    if not slug:
        raise BadInput("choose a demo first (press Refresh list if it is missing)",
                       field="demo")
    return slug


@dataclass(frozen=True)
class Shown:
    summary: str
    by_group: Any  # plotly figure
    by_language: Any
    table: Any  # pandas DataFrame
    options: list[tuple[str, int]]


def show(db: Any, slug: str | None, flt: dict[str, Any], *, actor: Any) -> Shown:
    import pandas as pd

    from demos import charts, review

    items = service.list_feedback(db, _need(slug), actor=actor, filters=flt)
    s = review.summarise(items)
    df = pd.DataFrame([{"#": i.id, "category": i.category, "group": i.group,
                        "language": i.language, "comment": i.comment, "input": i.input,
                        "output": i.output, "tags": ", ".join(i.tags),
                        "version": i.demo_version} for i in items], columns=COLUMNS)
    options = [(f"#{i.id} {i.category}: {(i.comment or i.output)[:50]}", i.id) for i in items]
    return Shown(s.text(), charts.breakdown_chart(s.by_group, "By affected group", s),
                 charts.breakdown_chart(s.by_language, "By language", s), df, options)


def tag(db: Any, slug: str | None, ids: list[int] | None, tag_text: str | None, *,
        actor: Any) -> str:
    n = service.tag_feedback(db, _need(slug), list(ids or []), [tag_text or ""], actor=actor)
    return f"Tag '{tag_text}' added to {n} item(s). Press *Show feedback* to refresh."


def send_to_card(db: Any, slug: str | None, ids: list[int] | None, *, actor: Any) -> str:
    ids = list(ids or [])
    eid = service.send_to_evidence(db, _need(slug), ids, actor=actor)
    return (f"Sent {len(ids)} item(s) as evidence `{eid}` (kind demo_feedback). In the Cards "
            "tab, cite this evidence id to draft the limitations section.")


def export(db: Any, slug: str | None, fmt: str, flt: dict[str, Any], *, actor: Any) -> str:
    """The filtered queue written as a download inside the private upload dir."""
    from glasshouse.uploads import write_download

    slug = _need(slug)
    body = service.export_feedback(db, slug, fmt, actor=actor, filters=flt)
    return write_download(f"{slug}-feedback.{fmt}", body)
