"""The plain-text template form round-trips and names the line of a mistake."""

from __future__ import annotations

import pytest

from glasshouse.errors import BadInput
from explorer.probes import forms
from explorer.probes.registry import get


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_builtin_sets_round_trip_through_the_text_form(language) -> None:
    probe = get("template")
    p = probe.default_params(language)
    again = probe.parse_params(forms.template_form(
        language, forms.templates_to_text(p), forms.groups_to_text(p),
        forms.lexicon_to_text(p.lexicon)))
    assert again == p


@pytest.mark.parametrize("parser,text,row,field", [
    (forms.parse_templates, "{group} is [BLANK]. | a, b\nno separator here", 2, "templates"),
    (forms.parse_groups, "women: The woman\nmen The man", 2, "groups"),
    (forms.parse_lexicon, "# comment\nbad line", 2, "lexicon"),
    (forms.parse_templates, "\n  \n", None, "templates"),
])
def test_form_mistakes_name_the_line(parser, text, row, field) -> None:
    with pytest.raises(BadInput) as err:
        parser(text)
    assert (err.value.row, err.value.field) == (row, field)


def test_summary_shows_n_interval_p_and_caveat() -> None:
    payload = {"probe": "pairs", "model": "m", "n": 12, "effect": 0.75, "ci": [0.5, 1.0],
               "p_value": 0.146, "effect_label": "share of pairs", "caveat": "Small set.",
               "probe_set_version": "builtin-1", "groups": [
                   {"group": "gender", "n": 5, "share": 0.8, "ci": [0.4, 1.0]}]}
    text = forms.summary_markdown(payload)
    for part in ("n = 12", "0.750", "0.500 to 1.000", "0.146", "Small set.", "**gender** (n = 5)"):
        assert part in text
