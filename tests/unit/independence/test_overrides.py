"""Overrides: two distinct people of oversight rank, a written reason, neither conflicted."""

from __future__ import annotations

from tests.unit.worlds import AFFILIATIONS, NOW, ctx_c0001, ctx_c0003, d, declared, post
from unburied.domain.commands import GrantOverride
from unburied.domain.entities import Actor, AssignmentRole, Role
from unburied.domain.events import encode_event
from unburied.independence import (
    Conflict,
    Override,
    approver_conflicts,
    conflicts,
    decide_grant_override,
    decide_override,
)

OVERSIGHT_A = Actor("P-0900", Role.OVERSIGHT)
OVERSIGHT_B = Actor("P-0901", Role.OVERSIGHT)
IR7 = Conflict("IR-7", "IR-7: P-0042 served in Northshire CID (U-01) …", ("affiliation:x",))


def rules(findings):
    return [f.rule for f in findings]


def check(found=(IR7,), approvers=(OVERSIGHT_A, OVERSIGHT_B), reason="no other reviewer", **kw):
    kw.setdefault("candidate", "P-0042")
    kw.setdefault("conflicts_of_approvers", {})
    return decide_override(list(found), list(approvers), reason, **kw)


def test_two_distinct_oversight_approvers_with_a_reason_may_override():
    assert check() == []


def test_one_approver_alone_cannot_override():
    (finding,) = check(approvers=(OVERSIGHT_A,))
    assert finding.reason == "OV-2: an override needs two distinct approvers; given: P-0900"


def test_the_same_approver_twice_is_one_approver():
    assert rules(check(approvers=(OVERSIGHT_A, OVERSIGHT_A))) == ["OV-2"]


def test_approver_not_of_oversight_rank_is_refused():
    lead = Actor("P-0800", Role.REVIEW_LEAD)
    (finding,) = check(approvers=(OVERSIGHT_A, lead))
    assert finding.reason == "OV-3: approver P-0800 acts as review_lead, not oversight"


def test_override_without_a_written_reason_is_refused():
    (finding,) = check(reason="   ")
    assert finding.reason == "OV-6: an override needs a written reason; none given"


def test_conflicted_approver_is_refused_with_their_conflict_named():
    mine = Conflict("IR-2", "IR-2: P-0901 declared an interest in case C-0001")
    (finding,) = check(conflicts_of_approvers={"P-0901": [mine]})
    assert finding.reason == (
        "OV-4: approver P-0901 is conflicted: IR-2: P-0901 declared an interest in case C-0001"
    )


def test_candidate_cannot_approve_their_own_override():
    assert "OV-5" in rules(check(candidate="P-0900"))


def test_nothing_to_override_is_refused_rather_than_recorded_as_an_override():
    (finding,) = check(found=())
    assert finding.reason == "OV-1: P-0042 has no conflict to override"


def test_the_contact_rule_and_mandatory_referral_can_never_be_overridden():
    contact = Conflict("CR-1", "CR-1: P-0007 was named as a suspect by P-0100 …")
    (finding,) = check(found=(contact,))
    assert finding.reason.startswith("OV-7: CR-1 can never be overridden")


def test_every_reason_to_refuse_is_given_at_once():
    lead = Actor("P-0800", Role.REVIEW_LEAD)
    assert rules(check(approvers=(lead,), reason="")) == ["OV-2", "OV-3", "OV-6"]


def test_approver_conflicts_leave_out_competence():
    ctx = ctx_c0001(declarations=(declared("P-0901"),))
    found = approver_conflicts([OVERSIGHT_A, OVERSIGHT_B], ctx)
    assert found["P-0900"] == []
    assert [c.rule for c in found["P-0901"]] == ["IR-2"]


def ctx_former_officer_now_independent():
    """C-0001, where P-0060 (Northshire 1985–1995) now works for the independent operation."""
    return ctx_c0001(affiliations=(*AFFILIATIONS, post("P-0060", "U-91", d(2015), role="reviewer")))


def _grant(**kw):
    fields = dict(
        override="O-0001",
        case="C-0001",
        candidate="P-0060",
        role=AssignmentRole.REVIEWER,
        approvers=(OVERSIGHT_A, OVERSIGHT_B),
        reason="the only reviewer with the specialist knowledge; retired 1995",
        actor="P-0900",
    )
    fields.update(kw)
    return GrantOverride(**fields)


def test_granted_override_is_an_event_naming_every_conflict_it_covers():
    decided = decide_grant_override(_grant(), ctx_former_officer_now_independent(), NOW)
    assert decided.accepted
    (event,) = decided.events
    assert event.type == "override.granted"
    assert event.subject == "P-0060"
    assert event.data["approvers"] == ["P-0900", "P-0901"]
    assert [c["rule"] for c in event.data["conflicts"]] == ["IR-6"]
    encode_event(7, event)


def test_refused_override_is_an_event_too_so_it_is_counted():
    command = _grant(approvers=(OVERSIGHT_A,))
    decided = decide_grant_override(command, ctx_former_officer_now_independent(), NOW)
    (event,) = decided.events
    assert event.type == "override.refused"
    assert [r["rule"] for r in event.data["refusals"]] == ["OV-2"]
    assert rules(decided.refusals) == ["OV-2"]


def test_override_covers_exactly_the_conflicts_it_names():
    ctx = ctx_former_officer_now_independent()
    decided = decide_grant_override(_grant(candidate="P-0060"), ctx, NOW)
    override = Override.from_event(decided.events[0])
    found = conflicts("P-0060", AssignmentRole.REVIEWER, ctx)
    assert found and all(override.covers_conflict(c) for c in found)
    assert not override.covers_conflict(Conflict("IR-6", "IR-6: something new"))
    assert override.applies_to("C-0001", "P-0060", AssignmentRole.REVIEWER)
    assert not override.applies_to("C-0001", "P-0060", AssignmentRole.INVESTIGATOR)


def test_contact_rule_conflict_cannot_be_overridden_by_any_approvers():
    command = _grant(case="C-0003", candidate="P-0007", role=AssignmentRole.INTERVIEWER)
    decided = decide_grant_override(command, ctx_c0003(), NOW)
    assert "OV-7" in rules(decided.refusals)
