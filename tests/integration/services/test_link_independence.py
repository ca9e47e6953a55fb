"""Only a person independent of a link's case decides it (LK-4), on SQLite and PostgreSQL.

The Northshire world (``northshire.py``): case C-0001 accuses DC Example (P-0007) of
Northshire Police; its statement S-0001 names two suspects, "Ex" (M-0001) and "the tall one
with the silver Astra" (M-0002). The links decided here are proposed directly as the linker
records them, so each test chooses its pair. A refused decision is recorded as one
``link.refused`` event with every finding, and leaves the link as it was.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.integration.services.conftest import LEAD, REVIEWER
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import InvalidInput, Refused
from unburied.domain.events import Event, RecordedEvent
from unburied.review.links import LINKER
from unburied.services.cases import case_timeline
from unburied.services.links import AUTO, LinkDecision, decide_link, decide_links, get_link
from unburied.services.links.graph import associates_of
from unburied.store.case_views import view_refusals

FORMER_WESTSHIRE = Actor("P-0051", Role.REVIEWER)  # Westshire Police 1990–2010, now independent


def _append(app: Unburied, *events: tuple[str, dict[str, object], str | None, str]) -> int:
    """Append events by the review lead; the sequence number of the first."""
    with app.uow() as uow:
        made = [Event(t, LEAD.id, app.clock(), d, c, s) for t, d, c, s in events]  # type: ignore[arg-type]
        recorded = uow.events.append(made)
        uow.commit()
    return recorded[0].seq


def _propose(app: Unburied, mention: str, other: str, case: str = "C-0001") -> str:
    """A proposed link between ``mention`` and ``other``, as the linker records it; its id."""
    data = {
        "left": mention,
        "right": other,
        "probability_ppm": 900_000,
        "band": "review",
        "explanation": "Probability 0.900: the name agrees",
    }
    return f"L-{_append(app, ('link.proposed', data, case, mention))}"


def _size(app: Unburied) -> int:
    with app.uow() as uow:
        return uow.events.size


def _since(app: Unburied, start: int) -> list[RecordedEvent]:
    """Every event recorded from sequence number ``start`` on."""
    with app.uow() as uow:
        return list(uow.events.range(start))


def _rules(recorded: RecordedEvent) -> list[str]:
    refusals = recorded.data["refusals"]
    assert isinstance(refusals, list)
    return [str(f["rule"]) for f in refusals if isinstance(f, dict)]


def _refused(app: Unburied, actor: Actor, link: str) -> list[str]:
    """The reasons ``actor``'s confirmation of ``link`` is refused. The refusal must be recorded
    as one ``link.refused`` event with every finding, and the link left as it was."""
    start = _size(app)
    with pytest.raises(Refused) as refused:
        decide_link(app, actor, link, True, "the same man, I am sure")
    (recorded,) = _since(app, start)
    findings = refused.value.findings
    assert (recorded.type, recorded.event.actor, recorded.data["link"]) == (
        "link.refused",
        actor.id,
        link,
    )
    assert recorded.data["refusals"] == [f.to_data() for f in findings]
    assert get_link(app, link).state == "proposed"
    head = str(refused.value).splitlines()[0]
    assert head == f"confirming link {link} refused (recorded as event {recorded.seq})"
    return [f.reason for f in findings]


def _assert_confirmed_by(world: Unburied, link: str, who: str) -> None:
    stored = get_link(world, link)
    assert (stored.state, stored.decided_by) == ("confirmed", who)


def test_an_independent_reviewer_decides_a_link_in_a_case_against_an_officer(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")

    recorded = decide_link(world, REVIEWER, link, True, "the same silver Astra, same street")

    assert recorded.types == ("link.confirmed",)
    _assert_confirmed_by(world, link, REVIEWER.id)


def test_the_review_lead_and_a_reviewer_with_no_recorded_post_may_decide(world: Unburied):
    # C-0001 is a mandatory referral; having no post in an independent body is no bar to this
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")

    decide_link(world, Actor("P-0777", Role.REVIEWER), first, False, "the ages do not fit")
    decide_link(world, LEAD, second, False, "Ex was not his nickname")

    assert get_link(world, first).decided_by == "P-0777"
    assert get_link(world, second).decided_by == LEAD.id


def test_an_officer_of_the_accused_force_may_not_decide_a_link_in_the_case(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")

    reasons = _refused(world, Actor("P-0061", Role.INVESTIGATOR), link)

    assert [r[:5] for r in reasons] == ["IR-5:", "IR-6:"]
    assert reasons[1] == (
        "IR-6: P-0061 served in Northshire Police (F-01) 2010–present; "
        "officer P-0007 of that force is accused in case C-0001"
    )


def test_a_refused_decision_leaves_one_link_refused_event_with_the_rule_ids(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")
    start = _size(world)

    with pytest.raises(Refused):
        decide_link(world, Actor("P-0061", Role.INVESTIGATOR), link, False, " not him ")

    (recorded,) = _since(world, start)
    event = recorded.event
    assert (event.type, event.actor, event.case, event.subject) == (
        "link.refused",
        "P-0061",
        "C-0001",
        "M-0002",
    )
    assert _rules(recorded) == ["IR-5", "IR-6"]
    assert {k: v for k, v in recorded.data.items() if k != "refusals"} == {
        "link": link,
        "left": "M-0002",
        "right": "P-0200",
        "by": "P-0061",
        "accept": False,
        "reason": "not him",
    }
    with world.uow() as uow:
        assert [r.seq for r in uow.events.find(case="C-0001", type="link.refused")] == [
            recorded.seq
        ]
    assert (get_link(world, link).state, get_link(world, link).decided_by) == ("proposed", None)
    (entry,) = [e for e in case_timeline(world, "C-0001") if e.seq == recorded.seq]
    assert entry.summary == f"rejecting link {link} (M-0002 – P-0200) refused: IR-5, IR-6"
    with world.engine.connect() as conn:
        query = select(view_refusals.c.type, view_refusals.c.rules)
        row = conn.execute(query.where(view_refusals.c.seq == recorded.seq)).one()
    assert (row.type, json.loads(row.rules)) == ("link.refused", ["IR-5", "IR-6"])


def test_an_independent_person_decides_a_link_after_a_refusal(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")
    _refused(world, Actor("P-0061", Role.INVESTIGATOR), link)

    recorded = decide_link(world, REVIEWER, link, True, "the same silver Astra, same street")

    assert recorded.types == ("link.confirmed",)
    _assert_confirmed_by(world, link, REVIEWER.id)


def test_a_missing_reason_and_a_role_that_may_not_decide_record_nothing(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")
    start = _size(world)

    with pytest.raises(InvalidInput, match=f"LK-3: confirming link {link} needs a reason"):
        decide_link(world, REVIEWER, link, True, "  ")
    with pytest.raises(Refused, match="AC-6: the system role may not decide links"):
        decide_link(world, Actor("job-1", Role.SYSTEM), link, True, "looks right")

    assert _size(world) == start


def test_a_missing_reason_beside_a_conflict_is_recorded_with_it(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")
    start = _size(world)

    with pytest.raises(Refused):
        decide_link(world, Actor("P-0061", Role.INVESTIGATOR), link, True, "")

    (recorded,) = _since(world, start)
    assert _rules(recorded) == ["LK-3", "IR-5", "IR-6"]


def test_the_accused_may_not_decide_a_link_in_his_own_case(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")

    reasons = _refused(world, Actor("P-0007", Role.REVIEWER), link)

    assert "IR-2: P-0007 is accused in case C-0001 (allegation:A-0001)" in reasons


def test_the_person_a_link_names_may_not_decide_it(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")

    reasons = _refused(world, Actor("P-0200", Role.REVIEWER), link)

    assert reasons[0] == f"LK-2: P-0200 may not decide link {link}, which names P-0200"


def test_an_associate_of_the_accused_may_not_decide_a_link_in_the_case(world: Unburied):
    # P-0052 is named beside P-0200 in a statement of C-0003; M-0002 makes P-0200 accused in
    # C-0001, so the link graph ties P-0052 to an accused of C-0001
    _named_beside_the_civilian(world, "P-0052")
    data = {"left": "M-0002", "right": "P-0200", "mention": "M-0002", "person": "P-0200"}
    data |= {"by": LEAD.id, "reason": "set up for the test"}
    _append(world, ("link.confirmed", data, "C-0001", "M-0002"))
    link = _propose(world, "M-0001", "P-0042")

    reasons = _refused(world, Actor("P-0052", Role.INVESTIGATOR), link)

    assert reasons == ["IR-2: P-0052 is linked to the network of the accused in case C-0001"]


def _named_beside_the_civilian(app: Unburied, reviewer: str) -> None:
    """A statement of C-0003 names the civilian P-0200 (accused there) beside ``reviewer``,
    both mentions confirmed: the link graph ties ``reviewer`` to P-0200. P-0200 is not accused
    in C-0001."""
    statement = {
        "statement": "S-0031",
        "given_by": "P-0100",
        "recorded_by": "P-0050",
        "taken_on": "2019-07-01",
        "status": "held",
        "in_review": True,
    }
    rows: list[tuple[str, dict[str, object], str | None, str]] = [
        ("statement.recorded", statement, "C-0003", "P-0100")
    ]
    named = (
        ("M-0031", "the civilian", "suspect", "P-0200"),
        ("M-0032", "the man from the review", "named", reviewer),
    )
    for mid, text, role, _ in named:
        data = {"mention": mid, "statement": "S-0031", "text": text, "kind": "person"}
        rows.append(("mention.recorded", {**data, "role": role}, "C-0003", mid))
    for mid, _, _, person in named:
        data = {"left": mid, "right": person, "mention": mid, "person": person, "by": LEAD.id}
        rows.append(("link.confirmed", {**data, "reason": "set up for the test"}, "C-0003", mid))
    _append(app, *rows)


def test_a_person_the_link_graph_ties_to_the_man_a_link_would_accuse_may_not_decide_it(
    world: Unburied,
):
    _named_beside_the_civilian(world, "P-0052")
    link = _propose(world, "M-0002", "P-0200")  # would make P-0200 accused in C-0001

    reasons = _refused(world, Actor("P-0052", Role.INVESTIGATOR), link)

    assert reasons == [
        "IR-2: P-0052 is linked to the network of the accused in case C-0001, if link "
        f"{link} is confirmed (mention M-0002 would name P-0200)"
    ]


def test_a_reviewer_the_link_graph_does_not_tie_to_him_may_decide_the_same_link(
    world: Unburied,
):
    _named_beside_the_civilian(world, "P-0052")
    link = _propose(world, "M-0002", "P-0200")

    recorded = decide_link(world, REVIEWER, link, True, "the same silver Astra, same street")

    assert recorded.types == ("link.confirmed",)
    assert get_link(world, link).decided_by == REVIEWER.id


def test_the_people_tied_to_a_person_are_those_confirmed_links_name_beside_him(
    world: Unburied,
):
    with world.engine.connect() as conn:
        before = associates_of(conn, "P-0200")  # no confirmed link: nobody is tied to anyone
    _named_beside_the_civilian(world, "P-0052")

    with world.engine.connect() as conn:
        assert associates_of(conn, "P-0200") == {"P-0052"}
        assert associates_of(conn, "P-0052") == {"P-0200"}
        assert associates_of(conn, "P-0042") == frozenset()
    assert before == frozenset()


def test_a_former_colleague_of_the_person_a_link_would_accuse_may_not_decide_it(
    world: Unburied,
):
    link = _propose(world, "M-0001", "P-0042")  # P-0042 serves in Westshire since 2004

    reasons = _refused(world, FORMER_WESTSHIRE, link)
    decide_link(world, REVIEWER, link, False, "Ex was another man's nickname")

    suffix = f", if link {link} is confirmed (mention M-0001 would name P-0042)"
    assert [r[:5] for r in reasons] == ["IR-6:", "IR-7:"]
    assert reasons[0] == (
        "IR-6: P-0051 served in Westshire Police (F-02) 1990–2010; officer P-0042 of that force "
        f"is accused in case C-0001{suffix}"
    )
    assert all(r.endswith(suffix) for r in reasons)
    assert get_link(world, link).state == "rejected"


def test_a_file_with_one_conflicted_row_records_no_decision_and_records_the_refusal(
    world: Unburied,
):
    civilian, colleague = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    start = _size(world)
    batch = [
        LinkDecision(civilian, True, "the same silver Astra", row=2),
        LinkDecision(colleague, False, "Ex was another man", row=3),
    ]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, FORMER_WESTSHIRE, batch, source="decisions.csv")

    (recorded,) = _since(world, start)
    text = str(rejected.value)
    assert text.startswith(
        f"1 decision(s) refused; no decision was recorded, 1 refusal was recorded as event "
        f"{recorded.seq}:"
    )
    assert "decisions.csv, row 3, field 'link_id': IR-6: P-0051 served in Westshire" in text
    assert "decisions.csv, row 3, field 'link_id': IR-7: P-0051 served in" in text
    assert "row 2" not in text
    assert (recorded.type, recorded.data["link"], recorded.data["accept"]) == (
        "link.refused",
        colleague,
        False,
    )
    assert _rules(recorded) == ["IR-6", "IR-7"]
    assert get_link(world, civilian).state == get_link(world, colleague).state == "proposed"


def test_a_file_by_an_officer_of_the_accused_force_lists_and_records_every_row(world: Unburied):
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    start = _size(world)
    batch = [LinkDecision(first, True, "same car", row=2), LinkDecision(second, True, "Ex", row=3)]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, Actor("P-0061", Role.REVIEWER), batch, source="d.csv")

    recorded = _since(world, start)
    text = str(rejected.value)
    assert text.startswith(
        "2 decision(s) refused; no decision was recorded, 2 refusals were recorded as events "
        f"{start}–{start + 1}:"
    )
    for row in (2, 3):
        assert f"d.csv, row {row}, field 'link_id': IR-6: P-0061 served in Northshire" in text
    assert [(r.type, r.data["link"]) for r in recorded] == [
        ("link.refused", first),
        ("link.refused", second),
    ]
    assert all("IR-6" in _rules(r) for r in recorded)


def test_a_file_records_no_refusal_for_a_row_of_bad_input(world: Unburied):
    link, decided = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    decide_link(world, LEAD, decided, False, "Ex was another man's nickname")
    start = _size(world)
    batch = [
        LinkDecision(decided, True, "the same man after all", row=2),
        LinkDecision("L-999999", True, "same man", row=3),
        LinkDecision(link, False, "   ", row=4),
        LinkDecision(decided, True, "the same man, again", row=5),
    ]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, REVIEWER, batch, source="d.csv")

    recorded = _since(world, start)
    text = str(rejected.value)
    assert text.startswith(
        f"4 decision(s) refused; no decision was recorded, 1 refusal was recorded as event {start}:"
    )
    assert f"row 2, field 'link_id': LK-1: link {decided} was already rejected by P-0010" in text
    assert "row 3, field 'link_id': link L-999999 is not in the store" in text
    assert f"row 4, field 'link_id': LK-3: rejecting link {link} needs a reason" in text
    assert f"row 5, field 'link_id': LK-1: link {decided} was already rejected" in text
    # row 2 alone is recorded: row 3 and row 4 are bad input, row 5 decides row 2's link again
    assert [(r.type, r.data["link"], r.data["reason"]) for r in recorded] == [
        ("link.refused", decided, "the same man after all")
    ]
    assert _rules(recorded[0]) == ["LK-1"]


def test_a_file_refused_for_bad_input_alone_records_nothing(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")
    start = _size(world)
    batch = [LinkDecision(link, True, "same car", row=2), LinkDecision(link, False, "no", row=3)]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, REVIEWER, batch, source="d.csv")

    assert str(rejected.value).startswith("1 decision(s) refused; no decision was recorded:")
    assert f"row 3, field 'link_id': link {link} is decided twice in this file" in str(
        rejected.value
    )
    assert _size(world) == start


def test_a_file_refused_once_may_be_decided_again_by_an_independent_reviewer(world: Unburied):
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    batch = [LinkDecision(first, True, "same car"), LinkDecision(second, False, "not Ex")]
    with pytest.raises(InvalidInput):
        decide_links(world, FORMER_WESTSHIRE, batch)

    recorded = decide_links(world, REVIEWER, batch)

    assert recorded.types == ("link.confirmed", "link.rejected")
    assert get_link(world, second).decided_by == REVIEWER.id


def test_a_file_by_an_independent_reviewer_is_recorded_whole(world: Unburied):
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    batch = [LinkDecision(first, True, "same car"), LinkDecision(second, False, "not Ex")]

    recorded = decide_links(world, REVIEWER, batch)

    assert recorded.types == ("link.confirmed", "link.rejected")


def test_the_pure_core_and_the_link_views_name_the_linker_alike():
    assert LINKER == AUTO
