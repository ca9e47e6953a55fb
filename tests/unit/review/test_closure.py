"""Closure only with a rationale and an independent sign-off; concerns re-open closed cases."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.worlds import LEAD, NOW, ctx_c0001, declared, run, to_proposed, to_signed_off
from unburied.domain.commands import (
    CloseCase,
    OutcomeSpec,
    ProposeDecision,
    RaiseConcern,
    ReopenCase,
    SignOff,
)
from unburied.domain.events import encode_event
from unburied.review import (
    CaseState,
    decide_close,
    decide_concern,
    decide_propose,
    decide_reopen,
    decide_sign_off,
)

RETIRED = OutcomeSpec(
    "conduct", "case_to_answer_no_proceedings_possible", "retired", "A-0001", "P-0007"
)


def _under_investigation():
    return run(ctx_c0001(), to_proposed()[:-1])[0]


def _proposed():
    return run(ctx_c0001(), to_proposed())[0]


def _signed_off():
    return run(ctx_c0001(), to_signed_off())[0]


def _closed():
    return run(ctx_c0001(), [*to_signed_off(), CloseCase("C-0001", LEAD, "outcome recorded")])[0]


# -- proposing ---------------------------------------------------------------------------------


def test_the_investigator_proposes_a_decision_with_outcomes_and_rationale():
    command = ProposeDecision("C-0001", "P-0051", (RETIRED,), "retired before any hearing")
    proposed, moved = decide_propose(command, _under_investigation(), NOW).events
    assert proposed.data == {
        "outcomes": [
            {
                "kind": "conduct",
                "code": "case_to_answer_no_proceedings_possible",
                "reason_code": "retired",
                "allegation": "A-0001",
                "subject": "P-0007",
            }
        ],
        "rationale": "retired before any hearing",
    }
    assert moved.data["to"] == "decision_proposed"


def test_someone_other_than_the_investigator_cannot_propose():
    command = ProposeDecision("C-0001", "P-0050", (RETIRED,), "no")
    (finding,) = decide_propose(command, _under_investigation(), NOW).refusals
    assert finding.rule == "LC-2"


def test_a_proposal_without_rationale_or_valid_outcome_is_refused_with_every_reason():
    command = ProposeDecision(
        "C-0001", "P-0051", (OutcomeSpec("criminal", "no_further_action"),), " "
    )
    refusals = decide_propose(command, _under_investigation(), NOW).refusals
    assert [f.rule for f in refusals] == ["OC-3", "LC-5"]


def test_a_decision_is_proposed_only_under_investigation():
    command = ProposeDecision("C-0001", "P-0051", (RETIRED,), "text")
    (finding,) = decide_propose(command, _proposed(), NOW).refusals
    assert finding.reason == (
        "LC-1: case C-0001 is decision_proposed; a decision is proposed only under investigation"
    )


# -- signing off -------------------------------------------------------------------------------


def test_the_assigned_independent_reviewer_signs_off():
    signed, moved = decide_sign_off(
        SignOff("C-0001", "P-0050", "agreed"), _proposed(), ctx_c0001(), NOW
    ).events
    assert signed.type == "closure.signed_off" and signed.subject == "P-0050"
    assert signed.data["reviewer"] == "P-0050" and signed.data["investigator"] == "P-0051"
    assert moved.data["to"] == "independently_reviewed"
    encode_event(11, signed)


def test_someone_who_is_not_the_assigned_reviewer_cannot_sign_off():
    decided = decide_sign_off(SignOff("C-0001", "P-0052"), _proposed(), ctx_c0001(), NOW)
    assert [f.reason for f in decided.refusals] == [
        "CL-3: P-0052 is not the assigned reviewer of case C-0001 (assigned: P-0050)"
    ]
    (event,) = decided.events
    assert event.type == "closure.refused" and event.data["step"] == "sign_off"


def test_a_reviewer_who_has_since_become_conflicted_cannot_sign_off():
    ctx = ctx_c0001(declarations=(declared("P-0050"),))
    decided = decide_sign_off(SignOff("C-0001", "P-0050"), _proposed(), ctx, NOW)
    assert [f.reason for f in decided.refusals] == [
        "CL-5: reviewer P-0050 is not independent of case C-0001: "
        "IR-2: P-0050 declared an interest in case C-0001"
    ]


def test_only_a_proposed_decision_can_be_signed_off():
    decided = decide_sign_off(SignOff("C-0001", "P-0050"), _under_investigation(), ctx_c0001(), NOW)
    assert [f.rule for f in decided.refusals] == ["LC-1"]


def test_the_proposer_cannot_sign_off_even_after_handing_the_investigation_on():
    status = replace(_proposed(), investigator="P-0052", reviewer="P-0051")
    decided = decide_sign_off(SignOff("C-0001", "P-0051"), status, ctx_c0001(), NOW)
    assert [f.reason for f in decided.refusals] == [
        "CL-4: P-0051 investigated or proposed the decision on case C-0001 and cannot sign it off"
    ]


# -- closing -----------------------------------------------------------------------------------


def test_a_signed_off_case_closes_with_its_rationale_and_outcomes():
    closed, moved = decide_close(
        CloseCase("C-0001", LEAD, "outcome recorded"),
        _signed_off(),
        ctx_c0001(),
        NOW,
        absent=frozenset(),
    ).events
    assert closed.type == "case.closed"
    assert closed.data["signed_off_by"] == "P-0050"
    assert closed.data["rationale"] == "outcome recorded"
    assert closed.data["outcomes"][0]["reason_code"] == "retired"
    assert moved.data == {
        "from": "independently_reviewed",
        "to": "closed",
        "reason": "outcome recorded",
    }


def test_a_case_cannot_close_without_a_written_rationale():
    decided = decide_close(
        CloseCase("C-0001", LEAD, "  "), _signed_off(), ctx_c0001(), NOW, absent=frozenset()
    )
    assert [f.reason for f in decided.refusals] == [
        "CL-1: case C-0001 cannot close without a written rationale; none given"
    ]


def test_a_case_cannot_close_while_its_investigator_is_absent():
    decided = decide_close(
        CloseCase("C-0001", LEAD, "done"),
        _signed_off(),
        ctx_c0001(),
        NOW,
        absent=frozenset({"P-0051"}),
    )
    assert [f.reason for f in decided.refusals] == [
        "LC-3: investigator P-0051 of case C-0001 is recorded absent; the case cannot be "
        "closed until they return or are replaced"
    ]


def test_the_signers_independence_is_checked_again_when_closing():
    ctx = ctx_c0001(associated_with_accused=frozenset({"P-0050"}))
    decided = decide_close(
        CloseCase("C-0001", LEAD, "done"), _signed_off(), ctx, NOW, absent=frozenset()
    )
    assert [f.rule for f in decided.refusals] == ["CL-5"]
    assert "linked to the network of the accused" in decided.refusals[0].reason


def test_a_case_not_in_review_cannot_close():
    decided = decide_close(
        CloseCase("C-0001", LEAD, "done"), None, ctx_c0001(), NOW, absent=frozenset()
    )
    assert [f.rule for f in decided.refusals] == ["CL-2"]
    assert decided.events[0].type == "closure.refused"


# -- concerns and re-opening ---------------------------------------------------------------------


def test_a_concern_on_a_closed_case_reopens_its_review():
    command = RaiseConcern("C-0001", "P-0100", "the case was closed under pressure")
    concern, reopened, moved = decide_concern(command, _closed(), NOW).events
    assert concern.data == {
        "text": "the case was closed under pressure",
        "state": "closed",
        "reopens": True,
    }
    assert reopened.data == {"reason": "a concern was raised", "by_concern": True}
    assert moved.data["to"] == "reopened"


def test_a_concern_on_an_open_case_is_recorded_without_moving_it():
    (concern,) = decide_concern(RaiseConcern("C-0001", "P-0100", "slow"), _proposed(), NOW).events
    assert concern.data["reopens"] is False and concern.data["state"] == "decision_proposed"


def test_an_empty_concern_is_refused():
    (finding,) = decide_concern(RaiseConcern("C-0001", "P-0100", ""), _closed(), NOW).refusals
    assert finding.rule == "LC-5"


def test_a_reopened_case_needs_fresh_triage_and_a_fresh_sign_off():
    status = run(ctx_c0001(), [RaiseConcern("C-0001", "P-0100", "new evidence")], _closed())[0]
    assert status is not None
    assert status.state is CaseState.REOPENED
    assert status.signed_off_by is None and status.proposal is None


def test_reopening_needs_a_reason_and_a_closed_case():
    decided = decide_reopen(ReopenCase("C-0001", LEAD, ""), _proposed(), NOW)
    assert [f.rule for f in decided.refusals] == ["LC-1", "LC-5"]
    reopened, moved = decide_reopen(
        ReopenCase("C-0001", LEAD, "new statement"), _closed(), NOW
    ).events
    assert reopened.data == {"reason": "new statement", "by_concern": False}
