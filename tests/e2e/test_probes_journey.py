"""Journeys: a person runs each probe from its form and reads the per-group chart; after a reload
the last result is shown again."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER = "Pairs, associations, classifiers, generation"


def open_probes(page, url: str | None, sub_tab: str) -> None:
    """The Bias probes tab once the page load has brought back the last runs (else a late
    restore could switch the probe picked here back to the last run's)."""
    if url is not None:  # else the page is already (re)loaded
        page.goto(url)
    page.get_by_role("tab", name="Bias probes").click()
    page.locator("#probes-restored [data-restored]").wait_for(state="attached")
    page.get_by_role("tab", name=sub_tab).click()


def shown(page, text: str, exact: bool = False):
    """The first element showing `text` on screen (results kept from a last visit can sit in
    the other, hidden sub-tabs with the same words)."""
    return page.get_by_text(text, exact=exact).filter(visible=True).first


def weat_form_with_targets(page, url: str, words: str) -> None:
    """The association test's form (generated from its parameter model: word lists one per
    line, no JSON), its first target words filled in."""
    open_probes(page, url, OTHER)
    page.get_by_role("combobox", name="Probe", exact=True).click()
    page.get_by_role("option", name="Word/sentence association test (WEAT/SEAT)").click()
    field = page.get_by_label("First target words (one per line)")
    field.wait_for()
    field.fill(words)


def test_run_template_probe_and_read_per_group_chart(live_app, page, shot) -> None:
    open_probes(page, live_app, "Fill in the blank")
    # the built-in templates, groups and hurtful words sit in editable tables (no JSON)
    page.get_by_label("Templates (add, edit or delete rows; separate several words in one "
                      "cell with ;)").wait_for()
    page.get_by_role("button", name="Run template probe").click()
    summary = page.get_by_text("Based on n = 6")
    summary.wait_for(timeout=400_000)
    chart = page.locator(".js-plotly-plot:visible").first
    chart.wait_for(state="visible")
    assert shown(page, "hurtful-completion share by group").is_visible()
    assert page.locator(".js-plotly-plot g.point, .js-plotly-plot .bars path").count() >= 2
    assert shown(page, "What this can and cannot show").is_visible()
    path = shot(page, "probes-template-run")
    # the details table lists each candidate for each group
    assert page.get_by_text("criminal", exact=True).count() >= 2
    assert path.stat().st_size > 20_000
    page.get_by_label("Probe set name").fill("gender-en")
    page.get_by_role("button", name="Save templates as a new probe-set version").click()
    page.get_by_text("Saved probe set gender-en@v1").wait_for()  # the request reached it
    page.get_by_role("button", name="Save this run (citable evidence)").first.click()
    shown(page, "cards can cite it as evidence").wait_for()
    page.get_by_role("tab", name="Saved runs").click()
    page.get_by_role("button", name="Refresh list").click()
    page.get_by_test_id("cell-0-1").get_by_text(
        "Fill-in-the-blank templates (women vs men) on smollm2-135m").wait_for()
    # runs are picked by readable labels, not pasted ids
    first = page.get_by_role("combobox", name="First run")
    assert first.input_value().startswith("Fill-in-the-blank templates (women vs men)")
    shot(page, "probes-saved-runs")


def test_run_association_test_and_read_per_group_chart(live_app, page, shot) -> None:
    weat_form_with_targets(page, live_app,
                           "man\nhe\nfather\nson\nbrother\nhusband\nuncle\nnephew")
    assert page.get_by_role("button", name="Advanced: the parameters as JSON").is_visible()
    page.get_by_role("button", name="Run probe", exact=True).click()
    # (the first chart on the page may be the hidden fill-in-the-blank one, shown again from
    # the last run there)
    shown(page, "Based on n = 16").wait_for(timeout=300_000)
    page.locator(".js-plotly-plot:visible").first.wait_for(state="visible")
    assert shown(page, "mean association (A minus B) by group").is_visible()
    assert shown(page, "What this can and cannot show").is_visible()
    assert shown(page, "nephew", exact=True).is_visible()  # the edited list was used
    assert shown(page, "no-effect value 0").is_visible()
    path = shot(page, "probes-weat-run")
    assert path.stat().st_size > 20_000


def test_run_pairs_counterfactual_and_generation_from_their_forms(live_app, page, shot) -> None:
    """Each remaining probe runs from its generated form, without opening the JSON view."""
    open_probes(page, live_app, OTHER)

    def pick(title: str) -> None:
        page.get_by_role("combobox", name="Probe", exact=True).click()
        page.get_by_role("option", name=title).click()

    # stereotype pairs (picked: a page load shows the probe of the last run): the built-in
    # pairs sit in an editable table
    pick("Stereotype pairs")
    page.get_by_label("Sentence pairs (add, edit or delete rows; separate several words in "
                      "one cell with ;)").wait_for()
    page.get_by_role("button", name="Run probe", exact=True).click()
    shown(page, "no-effect value 0.5").wait_for(timeout=300_000)
    shown(page, "share preferring the stereotype by group").wait_for()
    shot(page, "probes-pairs-run")

    # counterfactual: edit the sentences (one per line), preview the swapped pairs, run
    pick("Counterfactual classifier test")
    texts = page.get_by_label("Sentences (one per line)")
    texts.wait_for()
    texts.fill("He is a damn good cook.\nShe sings badly.\nMy brother is a wonderful cook.")
    page.get_by_role("button", name="Preview counterfactual pairs to review (fills the "
                     "reviewed pairs: edit or delete rows before running)").click()
    shown(page, "She is a damn good cook.").wait_for()  # into the reviewed table
    page.get_by_role("button", name="Run probe", exact=True).click()
    shown(page, "mean score change after the swap by group").wait_for(
        timeout=300_000)
    assert shown(page, "Based on n = 3").is_visible()
    shot(page, "probes-counterfactual-run")

    # generation: one prompt, few short continuations
    pick("Generated text by group")
    prompts = page.get_by_label("Prompts (one per line)")
    prompts.wait_for()
    prompts.fill("{group} walked into the room and")
    page.get_by_role("button", name="Run probe", exact=True).click()
    shown(page, "mean sentiment of generated text by group").wait_for(
        timeout=300_000)
    assert shown(page, "What this can and cannot show").is_visible()
    shot(page, "probes-generation-run")


def test_a_reload_shows_the_last_result_form_and_saved_run_pickers(live_app, page, shot) -> None:
    """Issue 19.7: a run, then a reload: the verdict, the chart, the form that produced it and
    the saved-run pickers are there again, without running anything."""
    weat_form_with_targets(page, live_app,
                           "man\nhe\nfather\nson\nbrother\nhusband\nuncle\ngrandson")
    page.get_by_role("button", name="Run probe", exact=True).click()
    shown(page, "grandson", exact=True).wait_for(timeout=300_000)  # in this run's details
    shown(page, "Based on n = 16").wait_for()
    verdict_line = page.locator("li", has_text="Verdict:").filter(visible=True).first
    verdict = verdict_line.inner_text()
    page.get_by_role("button", name="Save this run (citable evidence)").last.click()
    shown(page, "cards can cite it as evidence").wait_for()

    page.reload()
    open_probes(page, None, OTHER)
    shown(page, "Based on n = 16").wait_for()
    assert verdict_line.inner_text() == verdict
    assert shown(page, "kept from your last visit").is_visible()
    shown(page, "mean association (A minus B) by group").wait_for()
    assert page.locator(".js-plotly-plot:visible .bars path").count() >= 1
    assert page.get_by_role("combobox", name="Probe", exact=True).input_value() == \
        "Word/sentence association test (WEAT/SEAT)"
    assert "grandson" in page.get_by_label("First target words (one per line)").input_value()
    shot(page, "probes-after-reload")
    page.get_by_role("tab", name="Saved runs").click()  # filled without "Refresh list"
    first = page.get_by_role("combobox", name="First run")
    first.wait_for()
    assert first.input_value().startswith("Word/sentence association test (WEAT/SEAT)")
