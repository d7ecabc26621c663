"""Adding a probe takes its module and its test: a throwaway probe registered here (no other
file edited) shows up in the CLI, runs through the service, gets its chart bars, its summary
and its drafted card sentences from its own declaration."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import ClassVar

import pytest
from pydantic import BaseModel, Field

from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from glasshouse.stats import bootstrap_ci, sign_flip_test


class ShiftParams(BaseModel):
    language: str = "en"
    changes: list[float] = Field(min_length=2)
    n_boot: int = Field(500, ge=100, le=20000)
    seed: int = 0


class ShiftProbe(Probe):
    name = "throwaway-shift"
    title = "Throwaway score shift"
    description = "Mean of given score changes."
    languages = ("en",)
    model_kinds = ("none",)
    Params = ShiftParams
    caveat = "A test probe that reads numbers from its parameters instead of asking a model."
    statistic = "mean of the given changes"
    null = 0.0
    sides = ("changes are positive", "changes are negative")
    test = "two-sided sign-flip test"
    main_metric = ("mean_change", "mean change")
    default_model = "no-model"
    min_n = 3
    min_n_unit = "changes"
    labels: ClassVar[dict[str, tuple[str, str]]] = {"changes": ("Score changes", "numbers")}

    def default_params(self, language: str = "en") -> ShiftParams:
        return ShiftParams(changes=[0.1, -0.2, 0.05])

    def run(self, params: ShiftParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        test = sign_flip_test(params.changes)
        ci = bootstrap_ci(params.changes, n_resamples=params.n_boot)
        mean = test.statistic
        return self.result(model=model, n=len(params.changes), effect=mean,
                           effect_label="mean change", ci=ci, p_value=test.p_value,
                           details=[{"change": c} for c in params.changes],
                           groups=[{"group": "all", "n": len(params.changes),
                                    "mean_change": mean, "ci": list(ci),
                                    "p_value": test.p_value}])


@pytest.fixture
def throwaway():
    from explorer.probes.registry import PROBES

    probe = PROBES.register(ShiftProbe())
    yield probe
    PROBES.unregister(probe.name)


def test_a_new_probe_is_found_everywhere_from_its_declaration(throwaway, capsys) -> None:
    from cards.drafting import draft_probe
    from explorer.probes import charts, service, ui, views
    from glasshouse.cli import main
    from glasshouse.evidence import Evidence

    assert main(["probe", "throwaway-shift", "--config", "/no/such.json", "--json"]) == 2
    assert "file not found" in capsys.readouterr().err  # the CLI knows the name
    with pytest.raises(SystemExit):
        main(["probe", "--help"])
    assert "throwaway-shift: mean of the given changes (no effect = 0" in \
        " ".join(capsys.readouterr().out.split())

    payload = service.run_probe("throwaway-shift", "no-model",
                                {"changes": [0.5, 0.7, 0.6, 0.4, 0.8, 0.9, 0.55, 0.65]})
    assert payload["null"] == 0.0 and payload["significant"] is True
    assert payload["p_value"] == pytest.approx(2 / 2 ** 8)  # exact: all signs +, or all -
    fig = charts.group_chart(payload)
    assert list(fig.data[0].y) == [pytest.approx(payload["effect"])]
    assert "mean change by group" in fig.layout.title.text
    assert "beyond what chance explains" in views.summary_markdown(payload)
    assert "no effect** = 0" in ui.contract_markdown(throwaway).lower()
    assert [f["label"] for f in throwaway.parameter_fields()][:2] == ["Language", "Score changes"]
    ev = Evidence("ev-1", "probe_run", "Throwaway run", "no-model",
                  json.loads(json.dumps(payload)), "tester", datetime.now(timezone.utc))
    text = " ".join(d.text for d in draft_probe(ev, "model"))
    assert "a difference of 0.638 from the no-effect value 0" in text


def test_a_new_probe_gets_a_generated_form_in_the_probes_tab(throwaway) -> None:
    import gradio as gr

    from explorer.probes import ui
    from glasshouse.context import AppContext

    with gr.Blocks() as demo:
        ui.build(AppContext(None, False))
    dropdowns = [b for b in demo.blocks.values() if isinstance(b, gr.Dropdown)
                 and b.label == "Probe"]
    assert any(("Throwaway score shift", "throwaway-shift") in [tuple(c) for c in d.choices]
               for d in dropdowns)
    labels = {getattr(b, "label", None) for b in demo.blocks.values()}
    assert "Score changes" in labels  # its parameter, labelled from its declaration
