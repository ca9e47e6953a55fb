"""Reading protected fields: the whole role × field matrix, reasons, events and alerts."""

from __future__ import annotations

import pytest

from tests.unit.worlds import NOW, ctx_c0001
from unburied.access import (
    PROTECTED_FIELDS,
    Actor,
    ProtectedField,
    Role,
    decide_read,
    is_protected,
    reader_conflicts,
)
from unburied.domain.entities import Assignment, AssignmentRole
from unburied.domain.errors import InvalidInput
from unburied.domain.events import encode_event
from unburied.independence import Conflict

CASE = "C-0001"
SURVIVOR = "P-0100"
ME = "P-0050"
CONFLICT = Conflict("IR-7", "IR-7: P-0050 served in Northshire CID (U-01) …", ("affiliation:x",))


def assignment(
    role: AssignmentRole,
    *,
    person: str = ME,
    case: str = CASE,
    active: bool = True,
    involves: frozenset[str] = frozenset(),
) -> Assignment:
    return Assignment(
        "AS-0001", case, person, role, "P-0800", NOW, involves=involves, active=active
    )


def read(
    role: Role,
    field: str = ProtectedField.STATEMENT_TEXT,
    *,
    actor_id: str = ME,
    subject: str = SURVIVOR,
    assignments=(),
    conflicts=(),
    reason="preparing the interview",
    represents=frozenset(),
    case: str | None = CASE,
):
    return decide_read(
        Actor(actor_id, role),
        field,
        subject,
        case,
        assignments=list(assignments),
        conflicts_for_actor=list(conflicts),
        stated_reason=reason,
        now=NOW,
        represents=represents,
    )


# -- the matrix ----------------------------------------------------------------------------------

_ASSIGNED = [assignment(AssignmentRole.INVESTIGATOR)]

#: role -> (allowed without an assignment, allowed with an active case assignment)
MATRIX = {
    Role.REVIEW_LEAD: (True, True),
    Role.OVERSIGHT: (True, True),
    Role.INVESTIGATOR: (False, True),
    Role.REVIEWER: (False, True),
    Role.INTERVIEWER: (False, True),
    Role.SURVIVOR: (False, False),  # someone else's record; own record below
    Role.SOLICITOR: (False, False),  # not a client; clients below
    Role.PUBLIC: (False, False),
    Role.SYSTEM: (False, False),
}


@pytest.mark.parametrize("field", sorted(PROTECTED_FIELDS))
@pytest.mark.parametrize("role", list(Role))
def test_role_by_field_matrix_without_an_assignment(role, field):
    decision = read(role, field)
    assert decision.allowed is MATRIX[role][0]
    expected = "access.recorded" if decision.allowed else "access.refused"
    assert [e.type for e in decision.events_to_append] == [expected]


@pytest.mark.parametrize("field", sorted(PROTECTED_FIELDS))
@pytest.mark.parametrize("role", list(Role))
def test_role_by_field_matrix_with_an_active_assignment(role, field):
    decision = read(role, field, assignments=_ASSIGNED)
    assert decision.allowed is MATRIX[role][1]


def test_the_matrix_covers_every_role():
    assert set(MATRIX) == set(Role)


# -- reasons for each refusal --------------------------------------------------------------------


def test_a_read_without_a_stated_reason_is_refused_even_for_oversight():
    decision = read(Role.OVERSIGHT, reason="  ")
    assert not decision.allowed
    assert decision.reason == "AC-1: reading statement.text needs a stated reason; none given"


def test_the_public_never_reads_a_protected_field():
    assert read(Role.PUBLIC).reason == (
        "AC-2: the public role never reads protected fields such as statement.text"
    )


def test_an_investigator_without_an_assignment_has_no_need_to_know():
    assert read(Role.INVESTIGATOR).reason == (
        "AC-3: P-0050 holds no active assignment on case C-0001; no need to know statement.text"
    )


def test_an_ended_assignment_gives_no_need_to_know():
    decision = read(
        Role.INVESTIGATOR, assignments=[assignment(AssignmentRole.INVESTIGATOR, active=False)]
    )
    assert decision.findings[0].rule == "AC-3"


def test_an_assignment_on_another_case_gives_no_need_to_know():
    decision = read(Role.REVIEWER, assignments=[assignment(AssignmentRole.REVIEWER, case="C-0002")])
    assert decision.findings[0].rule == "AC-3"


def test_a_task_covers_only_the_people_it_involves():
    task = assignment(AssignmentRole.TASK, involves=frozenset({"P-0300"}))
    refused = read(Role.INTERVIEWER, assignments=[task])
    assert refused.reason == (
        "AC-5: P-0050's task on case C-0001 does not involve P-0100, so statement.text of "
        "P-0100 is not theirs to read"
    )
    allowed = read(Role.INTERVIEWER, subject="P-0300", assignments=[task])
    assert allowed.allowed and allowed.reason == "allowed: assignment:AS-0001"


def test_a_survivor_reads_her_own_record_and_nobody_elses():
    own = read(Role.SURVIVOR, ProtectedField.SURVIVOR_IDENTITY, actor_id=SURVIVOR)
    assert own.allowed and own.reason == "allowed: own record"
    other = read(Role.SURVIVOR, actor_id="P-0101")
    assert (
        other.reason == "AC-4: P-0101 may read only their own record, not statement.text of P-0100"
    )


def test_a_solicitor_reads_only_for_a_client():
    assert read(Role.SOLICITOR, represents=frozenset({SURVIVOR})).allowed
    assert read(Role.SOLICITOR).findings[0].rule == "AC-4"


def test_decide_read_refuses_to_judge_a_field_that_is_not_protected():
    with pytest.raises(InvalidInput, match="not a protected field"):
        read(Role.OVERSIGHT, "statement.txt")


def test_protected_fields_are_identity_addresses_and_statement_text():
    assert {f.value for f in PROTECTED_FIELDS} == {
        "survivor.identity",
        "person.address",
        "statement.text",
    }
    assert is_protected("person.address") and not is_protected("case.ref")


# -- events and alerts ---------------------------------------------------------------------------


def test_an_allowed_read_produces_an_access_event_with_the_stated_reason():
    (event,) = read(Role.INVESTIGATOR, assignments=_ASSIGNED).events_to_append
    assert event.type == "access.recorded"
    assert (event.actor, event.case, event.subject) == (ME, CASE, SURVIVOR)
    assert event.data == {
        "field": "statement.text",
        "role": "investigator",
        "reason": "preparing the interview",
        "basis": "assignment:AS-0001",
    }
    encode_event(5, event)


def test_a_refused_read_is_recorded_too():
    (event,) = read(Role.INVESTIGATOR).events_to_append
    assert event.type == "access.refused"
    assert [r["rule"] for r in event.data["refusals"]] == ["AC-3"]


def test_a_read_by_a_conflicted_reader_alerts_oversight():
    decision = read(Role.REVIEW_LEAD, conflicts=[CONFLICT])
    assert decision.allowed and decision.alert
    recorded, alert = decision.events_to_append
    assert recorded.type == "access.recorded"
    assert alert.type == "access.alert"
    assert alert.data["read_allowed"] is True
    assert alert.data["conflicts"] == [CONFLICT.to_data()]


def test_a_refused_read_by_a_conflicted_reader_alerts_oversight_too():
    decision = read(Role.INVESTIGATOR, conflicts=[CONFLICT])
    assert not decision.allowed and decision.alert
    assert decision.events_to_append[1].data["read_allowed"] is False


def test_a_read_without_conflicts_raises_no_alert():
    decision = read(Role.OVERSIGHT)
    assert not decision.alert and len(decision.events_to_append) == 1


def test_a_survivor_reading_her_own_record_raises_no_alert():
    decision = read(Role.SURVIVOR, actor_id=SURVIVOR, conflicts=[CONFLICT])
    assert decision.allowed and not decision.alert


# -- conflicts of the reader ---------------------------------------------------------------------


def test_reader_conflicts_find_a_colleague_of_the_accused():
    found = reader_conflicts(Actor("P-0042", Role.INVESTIGATOR), SURVIVOR, ctx_c0001())
    assert [c.rule for c in found] == ["IR-5", "IR-6", "IR-7"]


def test_a_suspect_reading_his_accusers_record_is_in_conflict_under_the_contact_rule():
    from tests.unit.worlds import ctx_c0003

    found = reader_conflicts(Actor("P-0007", Role.REVIEW_LEAD), SURVIVOR, ctx_c0003())
    assert [c.rule for c in found] == ["CR-1"]


def test_reader_conflicts_leave_out_competence_and_skip_survivors():
    assert reader_conflicts(Actor("P-0051", Role.INTERVIEWER), SURVIVOR, ctx_c0001()) == []
    assert reader_conflicts(Actor(SURVIVOR, Role.SURVIVOR), SURVIVOR, ctx_c0001()) == []
