"""What the Bias probes tab showed a user last, kept across page reloads and server restarts: the
last run of each sub-tab (its whole result payload, from which the summary, the charts and the
details table are drawn again, and its parameters fill the form again) and the two saved runs
picked for comparison. Kept per user in their workspace (explorer.datasets.workspace)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from glasshouse.errors import BadInput

AREA = "probes"
Tab = Literal["template", "other"]
TABS: tuple[Tab, ...] = ("template", "other")


@dataclass(frozen=True)
class ProbeTabState:
    """The last run of each sub-tab (None: none yet) and the saved runs picked to compare."""

    template: dict[str, Any] | None = None
    other: dict[str, Any] | None = None
    first_run: str | None = None
    second_run: str | None = None

    def last(self, tab: Tab) -> dict[str, Any] | None:
        return self.template if tab == "template" else self.other

    @property
    def empty(self) -> bool:
        return self == ProbeTabState()


def _looks_like_run(payload: Any) -> bool:
    return isinstance(payload, dict) and all(k in payload for k in ("probe", "model", "n",
                                                                    "caveat"))


def remember_run(username: str, tab: Tab, payload: dict[str, Any]) -> None:
    """Keep `payload` as the last run shown on `tab` (replacing the one before)."""
    from explorer.datasets.workspace import load_state, save_state

    if tab not in TABS:
        raise BadInput(f"unknown probes tab '{tab}'", field="tab")
    if not _looks_like_run(payload):
        raise BadInput("not a probe run", field="payload")
    state = load_state(username, AREA)
    state[tab] = payload
    save_state(username, AREA, state)


def remember_picks(username: str, first: str | None, second: str | None) -> None:
    """Keep the saved runs picked for comparison or export."""
    from explorer.datasets.workspace import load_state, save_state

    state = load_state(username, AREA)
    state["picks"] = [first or None, second or None]
    save_state(username, AREA, state)


def last_state(username: str) -> ProbeTabState:
    """What the user's probes tab showed last; parts that are missing or unreadable (kept by
    an older version, edited by hand) are left out rather than failing the page."""
    from explorer.datasets.workspace import load_state

    state = load_state(username, AREA)
    runs = {tab: state.get(tab) if _looks_like_run(state.get(tab)) else None for tab in TABS}
    picks = state.get("picks")
    first = second = None
    if isinstance(picks, list) and len(picks) == 2:
        first, second = (p if isinstance(p, str) and p else None for p in picks)
    return ProbeTabState(runs["template"], runs["other"], first, second)
