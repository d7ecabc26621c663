"""Demo endpoints of the JSON API (/api/v1/demos/...): what a visitor does on a demo page (open
it, run it, comment on an answer). Without credentials the caller is an anonymous visitor, who
reaches only published (public) demos; signed-in users also reach restricted ones. Validation and
rate limits (per client address, GLASSHOUSE_DEMO_*_LIMIT) are the demo page's: the same service
functions do them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from glasshouse.api import actor_dependency, client_address
from glasshouse.context import AppContext
from glasshouse.users import Actor


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texts: list[str] = Field(min_length=1, max_length=13,
                             description="the visitor's text (and up to 12 variants)")


class FeedbackBody(BaseModel):
    """Feedback on one answer: the run id a /run call returned, and what was wrong with it."""

    model_config = ConfigDict(extra="forbid")
    run_id: str
    category: str
    group: str = ""
    language: str = ""
    comment: str = ""


def router(ctx: AppContext) -> APIRouter:
    r = APIRouter(prefix="/demos", tags=["demos"])
    visitor = actor_dependency(ctx, optional=True)

    @r.get("/{slug}")
    def open_demo(slug: str, actor: Actor | None = visitor) -> dict[str, Any]:
        from demos.service import open_demo as open_

        demo = open_(ctx.db, slug, actor=actor)
        spec = demo.spec
        return {"slug": demo.slug, "version": demo.version, "title": spec.title,
                "description": spec.description, "intended_use": spec.intended_use,
                "limitations": spec.limitations, "task": spec.task, "model": spec.model,
                "language": spec.language, "examples": spec.examples,
                "variants": spec.variants, "public": spec.public}

    @r.post("/{slug}/run")
    def run_demo(slug: str, body: RunIn, request: Request,
                 actor: Actor | None = visitor) -> dict[str, Any]:
        from demos.service import run_demo as run

        runs = run(ctx.db, slug, body.texts, actor=actor, client=client_address(request))
        return {"runs": [{"id": x.id, "demo": x.demo_slug, "demo_version": x.demo_version,
                          "model": x.model, "input": x.input, "output": x.output,
                          "data": x.data} for x in runs]}

    @r.post("/feedback", status_code=201)
    def submit_feedback(body: FeedbackBody, request: Request, response: Response,
                        actor: Actor | None = visitor) -> dict[str, Any]:
        """Stored once per answer: sending it again returns the first id with created=false
        (status 200 instead of 201)."""
        from demos.service import submit_feedback as submit

        got = submit(ctx.db, body.model_dump(), actor=actor, client=client_address(request))
        if not got.created:
            response.status_code = 200
        return {"feedback_id": got.feedback_id, "created": got.created}

    return r
