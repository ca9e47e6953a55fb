"""Each independence rule: a case where it refuses (reason checked) and one where it allows."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.worlds import (
    A0001,
    AFFILIATIONS,
    PEOPLE,
    S0001,
    ctx_c0001,
    ctx_c0003,
    d,
    declared,
    post,
)
from unburied.domain.entities import (
    Accused,
    AssignmentRole,
    Mention,
    Person,
    PersonKind,
    ReferralFlag,
)
from unburied.independence import AllOf, Conflict, competence_rule, conflicts
from unburied.independence.conflicts import AssignmentRequest
from unburied.independence.rules import (
    cr1_contact,
    ir1_competence,
    ir2_interested_party,
    ir3_management_chain,
    ir4_senior_subject,
    ir5_mandatory_referral,
    ir6_accused_force,
    ir7_colleagues,
)

REVIEWER = AssignmentRole.REVIEWER
INTERVIEWER = AssignmentRole.INTERVIEWER
INVESTIGATOR = AssignmentRole.INVESTIGATOR
TASK = AssignmentRole.TASK


def ask(candidate: str, role: AssignmentRole = REVIEWER, involves: frozenset[str] = frozenset()):
    return AssignmentRequest(candidate, role, involves)


def reasons(found: list[Conflict]) -> list[str]:
    return [c.reason for c in found]


# -- IR-1 competence -----------------------------------------------------------------------------


def test_interviewer_without_interview_training_is_refused_under_ir1():
    found = ir1_competence(ask("P-0051", INTERVIEWER), ctx_c0001())
    assert reasons(found) == [
        "IR-1: P-0051 holds none of the accreditations an interviewer needs "
        "(abe, interview_training); recorded: none"
    ]


def test_interviewer_with_abe_accreditation_passes_ir1():
    assert ir1_competence(ask("P-0052", INTERVIEWER), ctx_c0001()) == []


def test_roles_without_a_requirement_pass_ir1():
    assert ir1_competence(ask("P-0051", REVIEWER), ctx_c0001()) == []


def test_competence_requirements_are_configurable():
    rule = competence_rule({INVESTIGATOR: frozenset({"pip2"})})
    found = rule.check(ask("P-0050", INVESTIGATOR), ctx_c0001())
    assert reasons(found) == [
        "IR-1: P-0050 holds none of the accreditations an investigator needs (pip2); "
        "recorded: interview_training"
    ]
    assert rule.check(ask("P-0051", INTERVIEWER), ctx_c0001()) == []


# -- IR-2 interested party -----------------------------------------------------------------------


def test_complainant_is_an_interested_party():
    found = reasons(ir2_interested_party(ask("P-0100"), ctx_c0001()))
    assert "IR-2: P-0100 is the complainant in allegation A-0001 of case C-0001" in found
    assert "IR-2: P-0100 gave statement S-0001 in case C-0001" in found


def test_accused_is_an_interested_party_with_every_accusation_named():
    found = ir2_interested_party(ask("P-0007"), ctx_c0001())
    assert reasons(found) == [
        "IR-2: P-0007 is accused in case C-0001 (allegation:A-0001, mention:M-0001)"
    ]
    assert found[0].evidence == ("allegation:A-0001", "mention:M-0001")


def test_original_recorder_of_a_statement_is_an_interested_party():
    found = reasons(ir2_interested_party(ask("P-0004"), ctx_c0001()))
    assert "IR-2: P-0004 recorded statement S-0001 in the original handling of case C-0001" in found


def test_recording_a_statement_for_this_review_is_not_an_interest():
    statement = replace(S0001, id="S-0002", recorded_by="P-0050", in_review=True, mentions=())
    ctx = ctx_c0001(statements=(S0001, statement))
    assert ir2_interested_party(ask("P-0050"), ctx) == []


def test_person_named_in_a_statement_is_an_interested_party():
    named = Mention("M-0003", "S-0001", "C-0001", "her teacher", role="witness", person="P-0300")
    ctx = ctx_c0001(mentions=(named,))
    assert reasons(ir2_interested_party(ask("P-0300"), ctx)) == [
        "IR-2: P-0300 is named in statement S-0001 of case C-0001 (mention M-0003, as witness)"
    ]


def test_an_unconfirmed_mention_names_nobody():
    unlinked = Mention("M-0003", "S-0001", "C-0001", "Bash", role="witness", person=None)
    assert ir2_interested_party(ask("P-0300"), ctx_c0001(mentions=(unlinked,))) == []


def test_declared_interest_conflicts_without_revealing_its_reason():
    found = ir2_interested_party(ask("P-0050"), ctx_c0001(declarations=(declared("P-0050"),)))
    assert reasons(found) == ["IR-2: P-0050 declared an interest in case C-0001"]
    assert "family" not in found[0].reason


def test_original_decision_maker_of_a_historic_case_is_conflicted_automatically():
    found = conflicts("P-0003", REVIEWER, ctx_c0001())
    assert "IR-2: P-0003 decided the original matter in case C-0001" in reasons(found)


def test_every_original_handler_is_conflicted():
    ctx = ctx_c0001()
    assert reasons(ir2_interested_party(ask("P-0002"), ctx)) == [
        "IR-2: P-0002 received the original matter in case C-0001",
        "IR-2: P-0002 recorded the original matter in case C-0001",
    ]
    assert "IR-2: P-0004 investigated the original matter in case C-0001" in reasons(
        ir2_interested_party(ask("P-0004"), ctx)
    )


def test_person_linked_to_the_accused_network_is_conflicted_like_the_accused():
    ctx = ctx_c0001(associated_with_accused=frozenset({"P-0050"}))
    assert reasons(ir2_interested_party(ask("P-0050"), ctx)) == [
        "IR-2: P-0050 is linked to the network of the accused in case C-0001"
    ]


def test_unconnected_reviewer_passes_ir2():
    assert ir2_interested_party(ask("P-0050"), ctx_c0001()) == []


# -- IR-3 management chain -----------------------------------------------------------------------


def test_direct_line_manager_of_the_accused_at_the_time_is_refused():
    assert reasons(ir3_management_chain(ask("P-0030"), ctx_c0001())) == [
        "IR-3: P-0030 line-managed accused P-0007 during the alleged conduct in case C-0001 "
        "(2001–2003)"
    ]


def test_manager_further_up_the_chain_is_refused_with_the_chain_named():
    found = ir3_management_chain(ask("P-0031"), ctx_c0001())
    assert reasons(found) == [
        "IR-3: P-0031 was above accused P-0007 in the line-management chain "
        "P-0007 → P-0030 → P-0031 (each reports to the next) during the alleged conduct "
        "in case C-0001 (2001–2003)"
    ]
    assert "affiliation:P-0030/U-01/1995-01-01" in found[0].evidence


def test_someone_the_accused_line_managed_is_refused():
    report = post("P-0070", "U-02", d(2002), d(2003), line_manager="P-0007")
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, report))
    assert reasons(ir3_management_chain(ask("P-0070"), ctx)) == [
        "IR-3: P-0070 was line-managed by accused P-0007 during the alleged conduct "
        "in case C-0001 (2001–2003)"
    ]


def test_report_of_a_report_is_below_the_accused_in_the_chain():
    posts = (
        post("P-0070", "U-02", d(2002), d(2003), line_manager="P-0007"),
        post("P-0071", "U-02", d(2002), d(2003), line_manager="P-0070"),
    )
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, *posts))
    assert reasons(ir3_management_chain(ask("P-0071"), ctx)) == [
        "IR-3: P-0071 was below accused P-0007 in the line-management chain "
        "P-0071 → P-0070 → P-0007 (each reports to the next) during the alleged conduct "
        "in case C-0001 (2001–2003)"
    ]


def test_line_manager_long_before_the_conduct_passes_ir3():
    earlier = post("P-0072", "U-01", d(1990), d(1994), line_manager="P-0075")
    managed_then = post("P-0007", "U-02", d(1990), d(1994), line_manager="P-0072")
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, earlier, managed_then))
    assert ir3_management_chain(ask("P-0072"), ctx) == []


def test_current_line_manager_of_the_accused_is_refused():
    now_managed = post("P-0007", "CO-01", d(2020), None, role="staff", line_manager="P-0073")
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, now_managed))
    assert reasons(ir3_management_chain(ask("P-0073"), ctx)) == [
        "IR-3: P-0073 line-managed accused P-0007 in posts held now "
        "(alleged conduct in case C-0001: 2001–2003)"
    ]


# -- IR-4 senior subject -------------------------------------------------------------------------


def _senior_accused_ctx(rank: str):
    senior = post("P-0009", "F-01", d(2005), d(2012), rank=rank)
    allegation = replace(A0001, accused=(Accused(person="P-0009"),))
    return ctx_c0001(affiliations=(*AFFILIATIONS, senior), allegations=(allegation,), mentions=())


def test_accused_above_chief_superintendent_excludes_everyone_from_that_force():
    found = ir4_senior_subject(ask("P-0060"), _senior_accused_ctx("Assistant Chief Constable"))
    assert reasons(found) == [
        "IR-4: accused P-0009 held the rank of Assistant Chief Constable in Northshire Police "
        "(F-01), above chief superintendent; P-0060 served in that force 1985–1995"
    ]


def test_accused_chief_superintendent_is_not_a_senior_subject():
    assert ir4_senior_subject(ask("P-0060"), _senior_accused_ctx("Det Ch Supt")) == []


def test_senior_subject_rule_passes_people_from_other_forces():
    ctx = _senior_accused_ctx("Chief Constable")
    assert ir4_senior_subject(ask("P-0051"), ctx) == []


# -- IR-5 mandatory referral ---------------------------------------------------------------------


def test_serving_officer_of_another_force_cannot_take_a_referred_allegation():
    found = ir5_mandatory_referral(ask("P-0042"), ctx_c0001())
    assert reasons(found) == [
        "IR-5: allegation A-0001 is a mandatory referral (serious sexual offence) and may be "
        "investigated or reviewed only by an independent body; P-0042 serves in Westshire "
        "Police (F-02), a police force"
    ]


def test_person_without_a_post_in_an_independent_body_cannot_take_a_referred_allegation():
    found = ir5_mandatory_referral(ask("P-0080"), ctx_c0001())
    assert reasons(found) == [
        "IR-5: allegation A-0001 is a mandatory referral (serious sexual offence) and may be "
        "investigated or reviewed only by an independent body; P-0080 holds no current post "
        "in an independent body"
    ]


def test_former_officer_now_in_an_independent_body_may_take_a_referred_allegation():
    assert ir5_mandatory_referral(ask("P-0051"), ctx_c0001()) == []


def test_allegation_without_referral_criteria_is_open_to_anyone_under_ir5():
    unflagged = replace(A0001, referral_flags=frozenset())
    assert ir5_mandatory_referral(ask("P-0042"), ctx_c0001(allegations=(unflagged,))) == []


# -- IR-6 accused force --------------------------------------------------------------------------


def test_former_member_of_the_accused_force_is_refused_under_ir6():
    found = ir6_accused_force(ask("P-0060"), ctx_c0001())
    assert reasons(found) == [
        "IR-6: P-0060 served in Northshire Police (F-01) 1985–1995; officer P-0007 of that "
        "force is accused in case C-0001"
    ]


def test_ir6_covers_tasks_as_well_as_investigation_and_review():
    for role in AssignmentRole:
        assert [c.rule for c in conflicts("P-0060", role, ctx_c0001()) if c.rule == "IR-6"]


def test_ir6_names_an_accused_staff_member_as_staff():
    staff = post("P-0008", "U-02", d(1999), d(2004), role="police staff")
    allegation = replace(A0001, accused=(Accused(person="P-0008"),))
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, staff), allegations=(allegation,), mentions=())
    assert reasons(ir6_accused_force(ask("P-0060"), ctx)) == [
        "IR-6: P-0060 served in Northshire Police (F-01) 1985–1995; staff member P-0008 of "
        "that force is accused in case C-0001"
    ]


def test_member_of_another_force_passes_ir6():
    assert ir6_accused_force(ask("P-0051"), ctx_c0001()) == []


# -- IR-7 colleagues -----------------------------------------------------------------------------


def test_detective_in_the_accused_unit_in_overlapping_years_is_refused_under_ir7():
    found = ir7_colleagues(ask("P-0042"), ctx_c0001())
    assert reasons(found) == [
        "IR-7: P-0042 served in Northshire CID (U-01) 2001–2004 while accused P-0007 "
        "served there 1998–2006 (case C-0001)"
    ]


def test_colleagues_are_compared_by_calendar_year():
    later = post("P-0074", "U-01", d(2006, 11, 1), d(2009))  # P-0007 left U-01 in March 2006
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, later))
    assert [c.rule for c in ir7_colleagues(ask("P-0074"), ctx)] == ["IR-7"]


def test_same_force_other_unit_passes_ir7():
    assert ir7_colleagues(ask("P-0060"), ctx_c0001()) == []


def test_same_unit_in_years_that_do_not_overlap_passes_ir7():
    later = post("P-0074", "U-01", d(2008), d(2012))
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, later))
    assert ir7_colleagues(ask("P-0074"), ctx) == []


# -- CR-1 contact --------------------------------------------------------------------------------


def test_suspect_named_by_a_complainant_in_another_case_cannot_interview_her():
    found = cr1_contact(ask("P-0007", INTERVIEWER), ctx_c0003())
    assert reasons(found) == [
        "CR-1: P-0007 was named as a suspect by P-0100 in case C-0001 (allegation:A-0001); "
        "this assignment involves P-0100"
    ]


def test_contact_rule_applies_to_a_task_that_involves_the_complainant():
    found = cr1_contact(ask("P-0007", TASK, frozenset({"P-0100"})), ctx_c0003())
    assert [c.rule for c in found] == ["CR-1"]


def test_task_that_does_not_involve_the_complainant_passes_the_contact_rule():
    assert cr1_contact(ask("P-0007", TASK, frozenset({"P-0300"})), ctx_c0003()) == []


def test_reviewer_of_the_complainants_case_is_covered_by_the_contact_rule():
    assert [c.rule for c in cr1_contact(ask("P-0007", REVIEWER), ctx_c0003())] == ["CR-1"]


def test_person_never_named_as_a_suspect_passes_the_contact_rule():
    assert cr1_contact(ask("P-0050", INTERVIEWER), ctx_c0003()) == []


def test_suspect_mention_in_a_statement_makes_a_contact_pair():
    ctx = ctx_c0001()
    pairs = {(n.suspect, n.complainant, n.evidence) for n in ctx.all_suspect_namings}
    assert ("P-0007", "P-0100", "mention:M-0001") in pairs


# -- the whole policy ------------------------------------------------------------------------------


def test_clean_independent_reviewer_has_no_conflict_at_all():
    assert conflicts("P-0050", REVIEWER, ctx_c0001()) == []
    assert conflicts("P-0050", INTERVIEWER, ctx_c0001()) == []


def test_every_conflict_is_returned_not_just_the_first():
    rules = [c.rule for c in conflicts("P-0042", REVIEWER, ctx_c0001())]
    assert rules == ["IR-5", "IR-6", "IR-7"]


def test_policy_of_chosen_rules_applies_only_those():
    policy = AllOf([competence_rule({}), *[r for r in _default_rules() if r.id == "IR-7"]])
    assert [c.rule for c in conflicts("P-0042", REVIEWER, ctx_c0001(), policy=policy)] == ["IR-7"]


def _default_rules():
    from unburied.independence import DEFAULT_POLICY

    assert isinstance(DEFAULT_POLICY, AllOf)
    return DEFAULT_POLICY.policies


def test_referral_flag_with_civilian_accused_does_not_trigger_ir5():
    civilian = replace(
        A0001,
        accused=(Accused(person="P-0200"),),
        referral_flags=frozenset({ReferralFlag.SERIOUS_SEXUAL_OFFENCE}),
    )
    ctx = ctx_c0001(allegations=(civilian,), mentions=())
    assert ir5_mandatory_referral(ask("P-0042"), ctx) == []


def test_accreditations_come_from_the_person_record():
    people = (*PEOPLE, Person("P-0081", PersonKind.INVESTIGATOR, "Trainee", frozenset({"abe"})))
    assert ir1_competence(ask("P-0081", INTERVIEWER), ctx_c0001(people=people)) == []
