"""What the public demo page shows, in the visitor's language: every label, message and answer
comes from here (demos/ui.py only lays the widgets out and forwards events).

Each visitor action is one function that calls the service, and turns its result or its error
into the texts of the page; errors become `VisitorError` with a message in the page language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from demos import service
from demos.spec import Demo, Run, split_groups
from demos.strings import LANGUAGES, answer_label, category_choices, has, lang_of, number, t

from glasshouse.errors import BadInput, GlasshouseError, NotFound, PermissionDenied

PUBLIC_PATH = "/demo"
MEMBERS_PATH = "/demo-members"
MAX_RUNS = 20  # answers kept on one page for the "which answer" choice


class VisitorError(GlasshouseError):
    """A message for the visitor, already in the page's language."""


def demo_link(slug: str, public: bool) -> str:
    # trailing slash: the main app is mounted at the root and would answer "/demo" itself
    return f"{PUBLIC_PATH if public else MEMBERS_PATH}/?slug={slug}"


def full_url(base: str, link: str) -> str:
    """The full address of a page of this server: GLASSHOUSE_PUBLIC_URL when set (behind a
    proxy), else `base` (the address the request came to)."""
    import os

    root = os.environ.get("GLASSHOUSE_PUBLIC_URL", "").strip() or (base or "")
    return root.rstrip("/") + link if root else link


# ---------------------------------------------------------------- labels of the widgets


def widget_texts(lang: str) -> dict[str, dict[str, Any]]:
    """The texts of each widget of the page (keyword arguments of the widget or its update)."""
    return {
        "ui_lang": {"label": t(lang, "ui_language")},
        "share": {"label": t(lang, "share")},
        "copy": {"value": t(lang, "copy_link")},
        "text": {"label": t(lang, "your_text"), "info": t(lang, "your_text_help")},
        "examples": {"label": t(lang, "examples")},
        "run": {"value": t(lang, "run")},
        "output": {"label": t(lang, "output")},
        "variants_md": {"value": "### " + t(lang, "variants")},
        "run_variants": {"value": t(lang, "run_variants")},
        "which": {"label": t(lang, "which_output")},
        "category": {"label": t(lang, "category"), "choices": category_choices(lang)},
        "group": {"label": t(lang, "group"), "info": t(lang, "group_help")},
        "language": {"label": t(lang, "language")},
        "comment": {"label": t(lang, "comment")},
        "send": {"value": t(lang, "send")},
    }


LABELLED = tuple(widget_texts("en"))


def copied_message(lang: str) -> tuple[str, str]:
    """(title, text) of the note after the link was copied."""
    return t(lang, "copied_title"), t(lang, "copied")
LANGUAGE_CHOICES = [(name, code) for code, name in LANGUAGES.items()]


# ---------------------------------------------------------------- what the page says


def model_name(demo: Demo, lang: str) -> str:
    """The model as the public sees it: the owner's label; else the packaged model's public
    description in the page language; else a Hugging Face id (public anyway)."""
    from demos.spec import public_model_name

    s = demo.spec
    if s.model_label:
        return s.model_label
    if has(f"model_{s.model}"):
        return t(lang, f"model_{s.model}")
    return public_model_name(s)


def header(demo: Demo, lang: str) -> str:
    s = demo.spec
    parts = [f"# {s.title}", s.description,
             f"*{t(lang, 'model')}: {model_name(demo, lang)} · {t(lang, 'version')} "
             f"{demo.version}*"]
    if s.intended_use:
        parts.append(f"**{t(lang, 'intended_use')}:** {s.intended_use}")
    if s.limitations:
        parts.append(f"**{t(lang, 'limitations')}:** {s.limitations}")
    parts.append(f"> {t(lang, 'caveat')}")
    return "\n\n".join(p for p in parts if p)


def answer(run: dict[str, Any], lang: str) -> str:
    """A stored answer as the visitor reads it: classifier labels and numbers in the page
    language; anything else (generated or redacted text) as the model wrote it."""
    data = run.get("data") or {}
    if "label" in data and isinstance(data.get("scores"), dict):
        scores = {k: v for k, v in data["scores"].items()
                  if k == data["label"] or has(f"label_{k}")}
        shown = ", ".join(f"{answer_label(lang, k)} {number(lang, v)}"
                          for k, v in sorted(scores.items(), key=lambda kv: -kv[1]))
        return t(lang, "answer_scores", label=answer_label(lang, data["label"]), scores=shown)
    if "closest" in data and isinstance(data.get("cosine"), dict):
        best = data["closest"]
        return t(lang, "closest_to", ref=best, score=number(lang, data["cosine"][best]))
    if "best" in data and isinstance(data.get("probabilities"), dict):
        ranked = sorted(data["probabilities"].items(), key=lambda kv: -kv[1])
        return t(lang, "answer_scores", label=data["best"],
                 scores=", ".join(f"{c} {number(lang, p)}" for c, p in ranked))
    return run["output"]


def answer_choices(runs: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    """(label, run id) for the "which answer" radio: the input and the answer, shortened."""
    return [(f"{r['input'][:60]} → {answer(r, lang)[:80]}", r["id"]) for r in runs]


def variant_table(runs: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The comparison as {"headers", "data"} for a table."""
    return {"headers": [t(lang, "variant_col_input"), t(lang, "variant_col_output")],
            "data": [[r["input"], answer(r, lang)] for r in runs]}


def _kept(run: Run) -> dict[str, Any]:
    return {"id": run.id, "input": run.input, "output": run.output, "data": run.data}


# ---------------------------------------------------------------- visitor actions


@dataclass(frozen=True)
class Opened:
    """The page for one link: the demo (None when it cannot be shown) and what to say."""

    slug: str
    lang: str
    header: str
    demo: Demo | None

    @property
    def examples(self) -> list[str]:
        return list(self.demo.spec.examples) if self.demo else []

    @property
    def has_variants(self) -> bool:
        return bool(self.demo and self.demo.spec.variants)


def page_language(asked: str | None, accept_language: str | None = None) -> str:
    """The page language: `?lang=` when given, else the first supported language of the
    browser's Accept-Language header (a phone set to Spanish gets Spanish), else English."""
    if (asked or "").strip():
        return lang_of(asked)
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return lang_of(None)


def open_page(db: Any, slug: str | None, lang: str | None, *, actor: Any,
              accept_language: str | None = None) -> Opened:
    lang = page_language(lang, accept_language)
    wanted = (slug or "").strip()
    if not wanted:
        return Opened("", lang, f"**{t(lang, 'no_slug')}**", None)
    try:
        demo = service.open_demo(db, wanted, actor=actor)
    except PermissionDenied:
        link = demo_link(wanted, public=False)
        return Opened("", lang, f"**{t(lang, 'signed_in_only', link=f'[{link}]({link})')}**",
                      None)
    except NotFound:
        return Opened("", lang, f"**{t(lang, 'unknown_demo', slug=wanted)}**", None)
    return Opened(demo.slug, lang, header(demo, lang), demo)


def _localised(exc: GlasshouseError, lang: str) -> VisitorError:
    if isinstance(exc, VisitorError):
        return exc
    if isinstance(exc, service.RateLimited):
        return VisitorError(t(lang, "rate_limited", wait=exc.retry_after))
    if isinstance(exc, BadInput) and exc.field == "text" and "longer than" in exc.reason:
        from demos.spec import MAX_TEXT

        return VisitorError(t(lang, "too_long", n=MAX_TEXT))
    if isinstance(exc, BadInput) and exc.field == "text" and "write some text" in exc.reason:
        return VisitorError(t(lang, "empty_text"))
    if isinstance(exc, BadInput) and exc.field == "text" and "exactly one" in exc.reason:
        from demos.tasks import BLANK

        return VisitorError(t(lang, "needs_blank", blank=BLANK))
    if isinstance(exc, PermissionDenied):
        return VisitorError(t(lang, "signed_in_only", link=MEMBERS_PATH + "/"))
    if isinstance(exc, NotFound):  # an answer from before a restart, or a removed demo
        return VisitorError(t(lang, "run_first"))
    return VisitorError(t(lang, "run_failed", reason=getattr(exc, "reason", str(exc))))


def _run(db: Any, slug: str, texts: list[str], lang: str, actor: Any,
         client: str) -> list[Run]:
    try:
        return service.run_demo(db, slug, texts, actor=actor, client=client)
    except GlasshouseError as exc:
        raise _localised(exc, lang) from None


@dataclass(frozen=True)
class Tried:
    answer: str
    runs: list[dict[str, Any]]
    choices: list[tuple[str, str]]
    picked: str
    run: dict[str, Any]  # the answer in the box (to show it again in another language)


def try_text(db: Any, slug: str, text: str | None, lang: str, runs: list[dict[str, Any]], *,
             actor: Any, client: str) -> Tried:
    """Run the model on the visitor's text; its answer becomes the one picked for feedback."""
    if not (text or "").strip():
        raise VisitorError(t(lang, "empty_text"))
    (run,) = _run(db, slug, [text or ""], lang, actor, client)
    mine = _kept(run)
    kept = [*(runs or []), mine][-MAX_RUNS:]
    return Tried(answer(mine, lang), kept, answer_choices(kept, lang), run.id, mine)


@dataclass(frozen=True)
class Compared:
    table: dict[str, Any]
    shown: list[dict[str, Any]]  # the comparison's answers (to relabel the table)
    runs: list[dict[str, Any]]
    choices: list[tuple[str, str]]
    status: str


def compare(db: Any, slug: str, lang: str, runs: list[dict[str, Any]], *, actor: Any,
            client: str) -> Compared:
    """Run the demo's variants. Several answers are on screen then, so none is picked: the
    visitor chooses which one the feedback is about (no silent default)."""
    try:
        demo = service.open_demo(db, slug, actor=actor)
    except GlasshouseError as exc:
        raise _localised(exc, lang) from None
    got = [_kept(r) for r in _run(db, slug, list(demo.spec.variants), lang, actor, client)]
    kept = [*(runs or []), *got][-MAX_RUNS:]
    return Compared(variant_table(got, lang), got, kept, answer_choices(kept, lang),
                    t(lang, "pick_one"))  # shown on the choice itself


def send_feedback(db: Any, run_id: str | None, category: str | None, group: str | None,
                  language: str | None, comment: str | None, lang: str,
                  runs: list[dict[str, Any]], *, actor: Any, client: str) -> str:
    """File the feedback against exactly the answer picked; the thank-you message."""
    runs = runs or []
    if not run_id or run_id not in {r["id"] for r in runs}:
        raise VisitorError(t(lang, "pick_answer" if runs else "run_first"))
    if not category:
        raise VisitorError(t(lang, "pick_category"))
    try:
        got = service.submit_feedback(db, {
            "run_id": run_id, "category": category, "group": group or "",
            "language": language or "", "comment": comment or ""}, actor=actor, client=client)
    except GlasshouseError as exc:
        raise _localised(exc, lang) from None
    msg = t(lang, "thanks" if got.created else "already", id=got.feedback_id)
    groups = split_groups(group or "")
    if got.created and len(groups) > 1:
        msg += " " + t(lang, "groups_saved", groups=", ".join(groups))
    return msg
