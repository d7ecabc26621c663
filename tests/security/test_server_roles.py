"""The role model (README, "Users and roles"): a viewer reads; running probes, scans,
profiles and maps costs CPU and needs a curator. Checked on the server, so a viewer calling
the endpoints directly is refused too."""

from __future__ import annotations

import httpx
import pytest

from tests.security.conftest import PASSWORD, Served, call_event

CSV = b"text,label\nhello there,1\nanother line,0\n"

# (api_name, inputs without the session-held gr.State ones): each event runs CPU work. The
# inputs are valid choices, so that only the role check can stop a viewer.
RUN_EVENTS = [
    ("on_profile", [None, None, ["en"], 1, 25]),
    ("run_template", None),  # the form's own initial values (read from the page's config)
    ("on_draw", ["one\ntwo\nthree", None, "minilm-en", "PCA: instant overview", 2, 15, 0.1,
                 "cosine", "no clusters", 0, "PyTorch (reference)"]),
]


def test_a_viewer_cannot_scan_through_the_api(server: Served) -> None:
    r = httpx.post(server.url + "/api/v1/datasets/scan", content=CSV,
                   params={"format": "csv", "pii": "false"}, auth=("vera", PASSWORD), timeout=120)
    assert r.status_code == 403, r.text[:300]
    assert "curator" in r.json()["error"]


def test_a_curator_can_scan_through_the_api(server: Served) -> None:
    r = httpx.post(server.url + "/api/v1/datasets/scan", content=CSV,
                   params={"format": "csv", "pii": "false", "text_column": "text"},
                   auth=("cora", PASSWORD), timeout=300)
    assert r.status_code == 200, r.text[:300]
    assert r.json()["rows"] == 2


def initial_inputs(client, api_name: str) -> list:
    """What the browser would send for an event's inputs before anyone edits the page: each
    input component's initial value from the app's config (generated forms change shape as
    probes declare new parameters, so the test does not hard-code them)."""
    config = client.get("/config").json()
    values = {c["id"]: c.get("props", {}).get("value") for c in config["components"]}
    dep = next(d for d in config["dependencies"] if d.get("api_name") == api_name)
    return [values.get(i) for i in dep["inputs"]]


@pytest.mark.parametrize("api_name,inputs", RUN_EVENTS, ids=[e[0] for e in RUN_EVENTS])
def test_a_viewer_cannot_run_work_from_the_web_app(server: Served, api_name, inputs) -> None:
    with server.client("vera") as viewer:
        if inputs is None:
            inputs = initial_inputs(viewer, api_name)
        final, stream = call_event(viewer, api_name, inputs)
    assert final == "error", stream[:300]
    assert "needs the curator role" in stream, stream[:500]


def test_a_curator_passes_the_role_check(server: Served) -> None:
    """The same event as a curator gets past the role check (and stops at the missing data)."""
    with server.client("cora") as curator:
        final, stream = call_event(curator, "on_profile", RUN_EVENTS[0][1])
    assert final == "error" and "needs the curator role" not in stream
