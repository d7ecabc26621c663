"""Draft card sentences from stored evidence. Every sentence carries the id it came from.

Evidence kinds (cross-area contract): "probe_run", "dataset_profile", "demo_feedback"; catalog
entries arrive as `DataSource`s. The payload models live with their producers
(explorer.probes.base.ProbePayload, explorer.datasets.evidence_payload.ProfilePayload,
demos.evidence_payload.FeedbackPayload); they are validated here so that a malformed row gives a
clear error naming the evidence id and field instead of a half-written card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from cards.licenses import PLAIN, conflict
from cards.sections import Kind
from cards.sources import DataSource
from glasshouse.errors import BadInput
from glasshouse.evidence import Evidence, EvidenceKind
from glasshouse.stats import wilson

from demos.evidence_payload import FeedbackPayload
from demos.spec import PROBLEMS
from explorer.datasets.evidence_payload import ProfilePayload
from explorer.probes.base import ProbePayload, fmt_p as _p, verdict

KINDS = tuple(k.value for k in EvidenceKind)


@dataclass(frozen=True)
class Drafted:
    section: str
    text: str
    source: str | None  # evidence id, "catalog:<id>", or None for computed text (CO2)


def _validate(model: type[BaseModel], ev: Evidence) -> Any:
    try:
        return model.model_validate(ev.payload)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = "payload." + ".".join(str(p) for p in err["loc"])
        raise BadInput(f"evidence {ev.id} ({ev.kind}) cannot be used: {err['msg']}",
                       field=field) from None


def _num(x: float) -> str:
    return f"{x:.3g}"


def draft_probe(ev: Evidence, kind: Kind) -> list[Drafted]:
    p: ProbePayload = _validate(ProbePayload, ev)
    section = "bias" if kind == "model" else "limitations"
    lo, hi = p.ci
    what = p.effect_label or "an effect"
    interval = ("" if lo is None or hi is None else
                f"95% {'interval, descriptive' if p.ci_kind == 'descriptive' else 'CI'} "
                f"{_num(lo)} to {_num(hi)}; ")
    value = "n/a" if p.effect is None else _num(p.effect)
    # the run's title leads only when it says more than "<probe> probe on <model>"
    said = f"{p.probe} probe on {p.model}".lower()
    lead = "" if said in ev.title.lower() else f"{ev.title}: "
    out = [Drafted(section, f"{lead}{'t' if lead else 'T'}he {p.probe} probe on {p.model} "
                            f"measured {what}: {value} ({interval}n = {p.n}).", ev.id),
           Drafted(section, verdict(p), ev.id)]
    findings = [g for g in p.groups if g.finding]
    if findings:
        out.append(Drafted(section, "Groups with a difference beyond chance after the "
                                    "correction: " + "; ".join(
                                        f"{g.group} (n = {g.n}, adjusted p = "
                                        f"{_p(g.p_adjusted or 0.0)})" for g in findings) + ".",
                           ev.id))
    small = [g for g in p.groups if g.significant and not g.finding]
    if small:
        out.append(Drafted(section, "Too few examples to call a finding (below the probe's "
                                    f"minimum of {p.min_n}): " + ", ".join(
                                        f"{g.group} (n = {g.n})" for g in small) + ".", ev.id))
    if p.caveat:
        out.append(Drafted(section, f"Caveat: {p.caveat.strip().rstrip('.')}.", ev.id))
    return out


def draft_profile(ev: Evidence, kind: Kind) -> list[Drafted]:
    p: ProfilePayload = _validate(ProfilePayload, ev)
    section = "bias" if kind == "model" else "personal_info"
    name = p.file or ev.title
    out: list[Drafted] = []
    if p.pii is None:
        out.append(Drafted(section, f"The profile of {name} ({p.rows} rows) ran without the "
                                    "personal-information checks, so it says nothing about "
                                    "personal information.", ev.id))
    elif p.rows:
        k = p.pii.rows_with_pii
        lo, hi = wilson(k, p.rows)
        out.append(Drafted(section, f"The automatic personal-information checks run on {name} "
                                    f"({p.rows} rows) flagged {k} rows ({k / p.rows:.1%}; 95% CI "
                                    f"{lo:.1%} to {hi:.1%}).", ev.id))
    else:
        out.append(Drafted(section, f"A scan of {name} found no rows to check.", ev.id))
    if p.pii is not None:
        found = {t: c for t, c in sorted(p.pii.entities.items(), key=lambda kv: -kv[1]) if c}
        if found:
            out.append(Drafted(section, "Findings by type: " + ", ".join(
                f"{t.replace('_', ' ').lower()} {c}" for t, c in found.items()) + ".", ev.id))
        langs = sorted(lang for lang in p.pii.pattern_only if lang != "und")
        if p.pii.pattern_only_rows:
            out.append(Drafted(section, f"{p.pii.pattern_only_rows} of the rows"
                                        + (f" (in {', '.join(langs)})" if langs else "")
                                        + " were checked with patterns only (emails, phone "
                                          "numbers, account and id numbers), without a model "
                                          "for names and places.", ev.id))
        out.append(Drafted(section, "These are the findings of the checks that ran, not a "
                                    "verified count: some findings may be harmless text and "
                                    "some personal information is not recognised, so check "
                                    "by hand before release"
                           + (f"; {p.caveat.strip().rstrip('.')}" if p.caveat else "") + ".",
                           ev.id))
    if kind == "dataset" and p.languages:
        shares = ", ".join(f"{tag} {share:.0%}" for tag, share in
                           sorted(p.languages.items(), key=lambda kv: -kv[1]))
        out.append(Drafted("languages", f"Detected languages in {name}: {shares} "
                                        f"(automatic detection on {p.rows} rows).", ev.id))
    return out


def draft_feedback(ev: Evidence, kind: Kind) -> list[Drafted]:
    p: FeedbackPayload = _validate(FeedbackPayload, ev)
    section = "bias" if kind == "model" else "limitations"
    counts = dict(p.counts)
    if not counts and p.items:
        for item in p.items:
            counts[item.category] = counts.get(item.category, 0) + 1
    total = sum(counts.values())
    title = p.demo_title or p.demo
    if total == 0:
        return [Drafted(section, f"The demo '{title}' has no feedback yet.", ev.id)]
    flagged = sum(counts.get(c, 0) for c in PROBLEMS)
    lo, hi = wilson(flagged, total)
    parts = ", ".join(f"{counts.get(c, 0)} {c}" for c in (*PROBLEMS, "fine"))
    out = [Drafted(section, f"In the demo '{title}'{f' of {p.model}' if p.model else ''}, people "
                            f"rated {total} outputs: {parts}; {flagged / total:.0%} were flagged "
                            f"as a problem (95% CI {lo:.0%} to {hi:.0%}).", ev.id)]
    groups: dict[str, int] = {}
    for item in p.items:
        if item.category in ("harmful", "biased") and item.group:
            groups[item.group] = groups.get(item.group, 0) + 1
    if groups:
        out.append(Drafted(section, "Harmful or biased outputs were reported about: " + ", ".join(
            f"{g} ({n})" for g, n in sorted(groups.items(), key=lambda kv: -kv[1])) + ".", ev.id))
    comments = [i.comment.strip() for i in p.items
                if i.category in PROBLEMS and i.comment and i.comment.strip()]
    for comment in comments[:3]:
        short = comment if len(comment) <= 140 else comment[:137] + "..."
        out.append(Drafted(section, f"A reviewer wrote: \u201c{short}\u201d", ev.id))
    out.append(Drafted(section, "Caveat: feedback comes from the people who chose to try the "
                                "demo, not a representative sample of users.", ev.id))
    return out


DRAFTERS = {"probe_run": draft_probe, "dataset_profile": draft_profile,
            "demo_feedback": draft_feedback}


def draft_evidence(ev: Evidence, kind: Kind) -> list[Drafted]:
    drafter = DRAFTERS.get(ev.kind)
    if drafter is None:
        raise BadInput(f"evidence {ev.id} is a '{ev.kind}'; cards can use "
                       f"{', '.join(KINDS)}", field="evidence")
    return drafter(ev, kind)


def draft_sources(sources: list[DataSource], kind: Kind,
                  card_license: str | None) -> tuple[list[Drafted], list[str]]:
    """Sentences about training/source data, plus licence warnings for the card."""
    section = "training_data" if kind == "model" else "licensing"
    out: list[Drafted] = []
    warnings: list[str] = []
    for src in sources:
        ref = f"catalog:{src.id}"
        langs = ", ".join(src.languages) or "not recorded"
        lics = ", ".join(src.licenses) or "none recorded"
        out.append(Drafted(section, f"{src.name}: languages {langs}; licence {lics}; effective "
                                    f"licence class after lineage: {src.effective_license_class} "
                                    f"({PLAIN[src.effective_license_class]}).", ref))
        if src.ancestors:
            out.append(Drafted(section, f"{src.name} derives from: "
                                        f"{', '.join(src.ancestors)}.", ref))
        for c in src.conflicts:
            out.append(Drafted(section, f"Licence conflict in the lineage of {src.name}: {c}",
                               ref))
            warnings.append(f"{src.name}: licence conflict in lineage: {c}")
        if kind == "model":
            why = conflict(card_license, src.effective_license_class)
            if why:
                out.append(Drafted(section, f"Warning for {src.name}: {why}.", ref))
                warnings.append(f"{src.name}: {why}")
    return out, warnings
