"""Deciding a link in the pure core: AC-6, LK-1 … LK-4, and the independence rules through LK-4;
a refused decision is a ``link.refused`` event with every finding.

The link joins M-0002 ("the tall one with the silver Astra", a suspect mention in a statement
of case C-0001, not yet linked) to a known person; C-0001 accuses P-0007 of Northshire Police.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.worlds import (
    MENTIONS,
    NOW,
    ctx_c0001,
    ctx_c0003,
    d,
    declared,
    post,
)
from unburied.domain.commands import DecideLink
from unburied.domain.entities import Actor, Mention, Role
from unburied.independence import DEFAULT_POLICY, IndependenceContext, SuspectNaming
from unburied.review.links import (
    LINK_FINDINGS,
    LINK_POLICY,
    LINKER,
    LinkFacts,
    as_if_named,
    decide_on_link,
    may_run_linking,
    named_if_confirmed,
)

M_0002 = MENTIONS[1]
assert M_0002.id == "M-0002" and M_0002.person is None
REVIEWER = Actor("P-0050", Role.REVIEWER)


def _cmd(actor: str = "P-0050", right: str = "P-0200", **changes: object) -> DecideLink:
    cmd = DecideLink("L-7", "M-0002", right, True, "same car, same street", actor)
    return replace(cmd, case="C-0001", probability=0.912, **changes)  # type: ignore[arg-type]


def _facts(
    ctx: IndependenceContext | None = None, people: frozenset[str] = frozenset({"P-0200"})
) -> LinkFacts:
    ctx = ctx or ctx_c0001()
    mention = next(m for m in ctx.mentions if m.id == "M-0002")
    return LinkFacts((mention,), people, (ctx,))


def _rules(actor: Actor, cmd: DecideLink, facts: LinkFacts | None = None) -> list[str]:
    decided = decide_on_link(cmd, actor, facts or _facts(), NOW)
    assert not decided.refusals or all(e.type == "link.refused" for e in decided.events)
    return [f.rule for f in decided.refusals]


# -- accepted --------------------------------------------------------------------------------------


def test_an_independent_reviewer_confirms_a_link_and_the_event_names_mention_and_person():
    decided = decide_on_link(_cmd(), REVIEWER, _facts(), NOW)

    assert decided.accepted
    (event,) = decided.events
    assert (event.type, event.actor, event.case, event.subject) == (
        "link.confirmed",
        "P-0050",
        "C-0001",
        "M-0002",
    )
    assert event.data == {
        "link": "L-7",
        "left": "M-0002",
        "right": "P-0200",
        "by": "P-0050",
        "reason": "same car, same street",
        "probability_ppm": 912_000,
        "mention": "M-0002",
        "person": "P-0200",
    }


def test_a_rejection_is_recorded_as_link_rejected_with_the_reason_stripped():
    cmd = _cmd(accept=False, reason="  the ages do not fit  ")

    (event,) = decide_on_link(cmd, REVIEWER, _facts(), NOW).events

    assert event.type == "link.rejected" and event.data["reason"] == "the ages do not fit"


def test_a_link_the_linker_applied_may_be_decided_once_by_a_person():
    cmd = _cmd(state="confirmed", decided_by=LINKER, accept=False, reason="another man's car")

    assert _rules(REVIEWER, cmd) == []


def test_a_reviewer_with_no_recorded_post_may_decide_in_a_referred_case():
    # A-0001 is a mandatory referral; holding no post in an independent body is no bar here
    assert _rules(Actor("P-0077", Role.REVIEWER), _cmd("P-0077")) == []


def test_review_lead_and_oversight_decide_links_and_only_they_or_the_system_run_linking():
    for role in (Role.REVIEW_LEAD, Role.OVERSIGHT, Role.INVESTIGATOR):
        assert _rules(Actor("P-0050", role), _cmd()) == []
    assert may_run_linking(Actor("job-1", Role.SYSTEM)) == []
    (finding,) = may_run_linking(Actor("P-0050", Role.REVIEWER))
    assert finding.reason.startswith("AC-6: the reviewer role may not run linking")


# -- AC-6, AC-7, LK-1 … LK-3 -----------------------------------------------------------------------


def test_a_system_job_may_not_decide_a_link():
    decided = decide_on_link(_cmd("job-1"), Actor("job-1", Role.SYSTEM), _facts(), NOW)

    (finding,) = decided.refusals
    assert finding.reason == (
        "AC-6: the system role may not decide links "
        "(allowed: investigator, oversight, review_lead, reviewer)"
    )
    assert decided.events == ()


def test_a_command_naming_someone_else_is_refused_and_records_nothing():
    decided = decide_on_link(_cmd("P-0051"), REVIEWER, _facts(), NOW)

    assert [f.reason for f in decided.refusals] == [
        "AC-7: DecideLink names actor P-0051, but P-0050 is acting"
    ]
    assert decided.events == ()


def test_a_link_a_person_decided_is_not_decided_again():
    cmd = _cmd(state="rejected", decided_by="P-0052")

    (finding,) = decide_on_link(cmd, REVIEWER, _facts(), NOW).refusals

    assert finding.rule == "LK-1"
    assert finding.reason.startswith("LK-1: link L-7 was already rejected by P-0052;")


def test_nobody_decides_a_link_that_names_them():
    actor = Actor("P-0200", Role.REVIEWER)

    refusals = decide_on_link(_cmd("P-0200"), actor, _facts(), NOW).refusals

    assert refusals[0].reason == "LK-2: P-0200 may not decide link L-7, which names P-0200"


def test_nobody_decides_a_link_whose_mention_is_already_linked_to_them():
    linked = replace(M_0002, person="P-0052")
    ctx = ctx_c0001(mentions=(MENTIONS[0], linked))
    cmd = _cmd("P-0052", right="M-0031")
    facts = LinkFacts((linked,), frozenset(), (ctx,))

    refusals = decide_on_link(cmd, Actor("P-0052", Role.REVIEWER), facts, NOW).refusals

    assert refusals[0].reason == (
        "LK-2: P-0052 may not decide link L-7: its mention M-0002 is already linked to P-0052"
    )


def test_a_decision_without_a_reason_and_nothing_else_wrong_is_refused_and_records_nothing():
    decided = decide_on_link(_cmd(reason="  "), REVIEWER, _facts(), NOW)

    (finding,) = decided.refusals
    assert finding.reason == "LK-3: confirming link L-7 needs a reason"
    assert decided.events == ()


# -- link.refused ----------------------------------------------------------------------------------


def test_a_refused_decision_is_recorded_as_link_refused_with_every_finding():
    # P-0060 served in the accused's force; the link was rejected by P-0052; no reason given
    cmd = _cmd("P-0060", state="rejected", decided_by="P-0052", reason=" ")

    decided = decide_on_link(cmd, Actor("P-0060", Role.REVIEWER), _facts(), NOW)

    assert [f.rule for f in decided.refusals] == ["LK-3", "LK-1", "IR-6"]
    (event,) = decided.events
    assert (event.type, event.actor, event.at, event.case, event.subject) == (
        "link.refused",
        "P-0060",
        NOW,
        "C-0001",
        "M-0002",
    )
    assert event.data == {
        "link": "L-7",
        "left": "M-0002",
        "right": "P-0200",
        "by": "P-0060",
        "accept": True,
        "reason": "",
        "refusals": [f.to_data() for f in decided.refusals],
    }


def test_a_refused_rejection_records_the_decision_wanted_and_the_reason_stripped():
    cmd = _cmd(accept=False, reason="  not the same man  ", state="confirmed", decided_by="P-0052")

    decided = decide_on_link(cmd, REVIEWER, _facts(), NOW)

    assert [f.rule for f in decided.refusals] == ["LK-1"]
    (event,) = decided.events
    assert event.type == "link.refused"
    assert (event.data["accept"], event.data["reason"]) == (False, "not the same man")
    assert event.data["refusals"] == [decided.refusals[0].to_data()]


def test_a_refused_mention_to_mention_link_is_recorded_under_the_first_mention():
    other = Mention("M-0031", "S-0031", "C-0003", "Colleague", role="suspect", person="P-0042")
    cmd = _cmd("P-0051", right="M-0031")
    facts = LinkFacts((M_0002, other), frozenset(), (ctx_c0001(), ctx_c0003(mentions=(other,))))

    decided = decide_on_link(cmd, Actor("P-0051", Role.REVIEWER), facts, NOW)

    (event,) = decided.events
    assert (event.type, event.case, event.subject) == ("link.refused", "C-0001", "M-0002")
    assert len(decided.refusals) == 2
    assert event.data["refusals"] == [f.to_data() for f in decided.refusals]


def test_a_valid_decision_records_only_its_decision():
    for accept, kind in ((True, "link.confirmed"), (False, "link.rejected")):
        decided = decide_on_link(_cmd(accept=accept), REVIEWER, _facts(), NOW)

        assert [e.type for e in decided.events] == [kind]


# -- LK-4: independence of the mention's case ------------------------------------------------------


def test_a_mention_whose_case_is_not_in_the_store_cannot_be_checked_and_is_refused():
    facts = LinkFacts((M_0002,), frozenset({"P-0200"}), ())

    (finding,) = decide_on_link(_cmd(), REVIEWER, facts, NOW).refusals

    assert finding.reason == (
        "LK-4: case C-0001 of mention M-0002 is not in the store, so P-0050's independence "
        "of it cannot be checked"
    )


def test_a_former_officer_of_the_accused_force_may_not_decide_a_link_in_the_case():
    refusals = decide_on_link(_cmd("P-0060"), Actor("P-0060", Role.REVIEWER), _facts(), NOW)

    (finding,) = refusals.refusals
    assert finding.rule == "IR-6"
    assert finding.reason.startswith("IR-6: P-0060 served in Northshire Police (F-01) 1985–1995")


def test_the_accused_may_not_decide_a_link_in_his_own_case():
    refusals = decide_on_link(_cmd("P-0007"), Actor("P-0007", Role.REVIEWER), _facts(), NOW)

    assert [f.reason for f in refusals.refusals][:1] == [
        "IR-2: P-0007 is accused in case C-0001 (allegation:A-0001, mention:M-0001)"
    ]


def test_a_person_linked_to_the_accused_network_may_not_decide_a_link_in_the_case():
    ctx = ctx_c0001(associated_with_accused=frozenset({"P-0052"}))
    actor = Actor("P-0052", Role.REVIEWER)

    (finding,) = decide_on_link(_cmd("P-0052"), actor, _facts(ctx), NOW).refusals

    assert finding.reason == "IR-2: P-0052 is linked to the network of the accused in case C-0001"


def test_a_person_who_declared_an_interest_may_not_decide_a_link_in_the_case():
    ctx = ctx_c0001(declarations=(declared("P-0052"),))

    assert _rules(Actor("P-0052", Role.REVIEWER), _cmd("P-0052"), _facts(ctx)) == ["IR-2"]


def test_a_serving_officer_of_another_force_may_not_decide_links_in_a_referred_case():
    ctx = ctx_c0001(affiliations=(*ctx_c0001().affiliations, post("P-0070", "U-21", d(2015))))

    decided = decide_on_link(_cmd("P-0070"), Actor("P-0070", Role.REVIEWER), _facts(ctx), NOW)

    (finding,) = decided.refusals
    assert finding.rule == "IR-5"
    assert "P-0070 serves in Westshire Police (F-02), a police force" in finding.reason


def test_a_person_named_as_a_suspect_by_the_complainant_may_not_decide_her_case_links():
    naming = SuspectNaming("P-0200", "P-0100", "C-0003", "allegation:A-0031")
    ctx = ctx_c0001(suspect_namings=(naming,))
    cmd = _cmd("P-0200", right="P-0042")
    facts = _facts(ctx, frozenset({"P-0042"}))

    refusals = decide_on_link(cmd, Actor("P-0200", Role.REVIEWER), facts, NOW).refusals

    assert [f.rule for f in refusals] == ["CR-1"]
    assert refusals[0].reason.startswith("CR-1: P-0200 was named as a suspect by P-0100")


def test_a_colleague_of_the_person_the_link_would_accuse_may_not_decide_it():
    # P-0051 served in Westshire 1990–2010, where P-0042 serves; P-0042 is not accused yet
    actor = Actor("P-0051", Role.REVIEWER)
    cmd = _cmd("P-0051", right="P-0042")

    decided = decide_on_link(cmd, actor, _facts(people=frozenset({"P-0042"})), NOW)

    (finding,) = decided.refusals
    assert finding.rule == "IR-6"
    assert finding.reason == (
        "IR-6: P-0051 served in Westshire Police (F-02) 1990–2010; officer P-0042 of that "
        "force is accused in case C-0001, if link L-7 is confirmed (mention M-0002 would "
        "name P-0042)"
    )
    assert "link:L-7" in finding.evidence
    assert _rules(actor, _cmd("P-0051")) == []  # the same reviewer, a civilian on the other side


def test_a_mention_to_mention_link_is_checked_in_both_cases_as_if_confirmed():
    other = Mention("M-0031", "S-0031", "C-0003", "Colleague", role="suspect", person="P-0042")
    cmd = _cmd("P-0051", right="M-0031")
    facts = LinkFacts((M_0002, other), frozenset(), (ctx_c0001(), ctx_c0003(mentions=(other,))))

    decided = decide_on_link(cmd, Actor("P-0051", Role.REVIEWER), facts, NOW)

    assert named_if_confirmed("M-0002", "M-0031", facts.mentions, frozenset()) == {
        "M-0002": "P-0042"
    }
    # C-0003 accuses P-0042 already; in C-0001 the link would (M-0002 is a suspect mention)
    reasons = sorted(f.reason for f in decided.refusals)
    assert [r[:5] for r in reasons] == ["IR-6:", "IR-6:"]
    assert reasons[0].endswith(
        "in case C-0001, if link L-7 is confirmed (mention M-0002 would name P-0042)"
    )
    assert reasons[1].endswith("is accused in case C-0003")


def test_a_person_the_link_graph_ties_to_the_man_the_link_would_accuse_may_not_decide_it():
    # P-0052 is named beside P-0200 elsewhere; P-0200 is not accused in C-0001 yet
    actor = Actor("P-0052", Role.REVIEWER)
    facts = replace(_facts(), associates={"P-0200": frozenset({"P-0052"})})

    (finding,) = decide_on_link(_cmd("P-0052"), actor, facts, NOW).refusals

    assert finding.reason == (
        "IR-2: P-0052 is linked to the network of the accused in case C-0001, if link L-7 is "
        "confirmed (mention M-0002 would name P-0200)"
    )
    assert finding.evidence == ("association:P-0052", "link:L-7")
    assert _rules(REVIEWER, _cmd(), facts) == []  # someone the graph does not tie to him
    other = replace(facts, people=frozenset({"P-0042"}))
    assert _rules(actor, _cmd("P-0052", right="P-0042"), other) == []  # nor to P-0042


def test_as_if_named_accuses_the_person_and_ties_his_associates_only_in_the_copy():
    ctx = ctx_c0001()

    then = as_if_named(ctx, "M-0002", "P-0042", {"P-0052"})

    assert "P-0042" in then.accused_people and "P-0052" in then.associated_with_accused
    assert "P-0042" not in ctx.accused_people
    assert "P-0052" not in ctx.associated_with_accused
    assert as_if_named(ctx, "M-0002", "P-0042").associated_with_accused == (
        ctx.associated_with_accused
    )


def test_the_link_policy_is_every_conflict_rule_but_competence():
    assert set(LINK_POLICY.rule_ids) == set(DEFAULT_POLICY.rule_ids) - {"IR-1"}


# -- properties ------------------------------------------------------------------------------------

_PEOPLE = st.sampled_from(["P-0007", "P-0042", "P-0050", "P-0051", "P-0060", "P-0200", "P-0777"])
_ROLES = st.sampled_from(list(Role))
_STATES = st.sampled_from([("proposed", None), ("confirmed", LINKER), ("rejected", "P-0052")])


@settings(max_examples=150, deadline=None)
@given(
    who=_PEOPLE,
    role=_ROLES,
    other=_PEOPLE,
    accept=st.booleans(),
    blank=st.sampled_from(["", " ", "\t\n"]),
    state=_STATES,
)
def test_a_decision_without_a_non_blank_reason_is_always_refused(
    who, role, other, accept, blank, state
):
    cmd = _cmd(who, right=other, accept=accept, reason=blank, state=state[0], decided_by=state[1])

    decided = decide_on_link(cmd, Actor(who, role), _facts(people=frozenset({other})), NOW)

    assert {"LK-3", "AC-6"} & {f.rule for f in decided.refusals}
    assert all(e.type == "link.refused" for e in decided.events)


@settings(max_examples=150, deadline=None)
@given(
    who=_PEOPLE,
    role=_ROLES,
    left_side=st.booleans(),
    accept=st.booleans(),
    reason=st.text(min_size=1, max_size=20),
    state=_STATES,
)
def test_a_person_named_by_the_link_never_decides_it(who, role, left_side, accept, reason, state):
    left, right = (who, "M-0002") if left_side else ("M-0002", who)
    cmd = replace(_cmd(who), left=left, right=right, accept=accept, reason=reason)
    cmd = replace(cmd, state=state[0], decided_by=state[1])

    decided = decide_on_link(cmd, Actor(who, role), _facts(people=frozenset({who})), NOW)

    assert {"LK-2", "AC-6"} & {f.rule for f in decided.refusals}
    assert all(e.type == "link.refused" for e in decided.events)


@settings(max_examples=100, deadline=None)
@given(who=_PEOPLE, other=_PEOPLE, accept=st.booleans(), state=_STATES)
def test_every_accepted_decision_is_one_event_by_the_decider(who, other, accept, state):
    cmd = _cmd(who, right=other, accept=accept, state=state[0], decided_by=state[1])

    decided = decide_on_link(cmd, Actor(who, Role.REVIEWER), _facts(people=frozenset()), NOW)

    (event,) = decided.events
    assert (event.actor, event.data["by"], event.data["link"]) == (who, who, "L-7")
    assert (event.type == "link.refused") == (not decided.accepted)


@settings(max_examples=200, deadline=None)
@given(
    who=_PEOPLE,
    role=_ROLES,
    other=_PEOPLE,
    accept=st.booleans(),
    reason=st.sampled_from(["", " ", "same car, same street"]),
    state=_STATES,
)
def test_every_refusal_but_the_role_table_and_a_missing_reason_alone_is_one_refused_event(
    who, role, other, accept, reason, state
):
    cmd = _cmd(who, right=other, accept=accept, reason=reason, state=state[0], decided_by=state[1])

    decided = decide_on_link(cmd, Actor(who, role), _facts(people=frozenset({other})), NOW)

    rules = {f.rule for f in decided.refusals}
    if decided.accepted:
        assert [e.type for e in decided.events] == ["link.confirmed" if accept else "link.rejected"]
    elif rules & {"AC-6", "AC-7"} or rules == {"LK-3"}:
        assert decided.events == ()
    else:
        (event,) = decided.events
        assert (event.type, event.actor, event.case) == ("link.refused", who, "C-0001")
        assert event.data["accept"] is accept
        assert event.data["refusals"] == [f.to_data() for f in decided.refusals]


def test_every_link_rule_is_in_the_rules_table_of_docs_linking_md():
    text = (Path(__file__).resolve().parents[3] / "docs" / "linking.md").read_text("utf-8")

    for rule in sorted(LINK_FINDINGS):
        assert f"| {rule} |" in text, f"docs/linking.md has no row for {rule}"
