"""Evidence kinds are one enum; an unknown kind is refused instead of stored."""

from __future__ import annotations

import pytest

from glasshouse import evidence
from glasshouse.errors import BadInput
from glasshouse.evidence import EvidenceKind


def test_the_kinds_cards_read_are_the_kinds_areas_record() -> None:
    from cards import drafting, wizard

    assert set(drafting.DRAFTERS) == {k.value for k in EvidenceKind} == set(wizard.EVIDENCE_KINDS)


def test_an_unknown_kind_is_refused(db, curator) -> None:
    with pytest.raises(BadInput, match="unknown evidence kind 'probe-run'"):
        evidence.record(db, actor=curator, kind="probe-run", title="t", payload={})
    eid = evidence.record(db, actor=curator, kind=EvidenceKind.PROBE_RUN, title="t", payload={})
    assert evidence.get(db, eid).kind == "probe_run"
