"""Only a person independent of a link's case decides it (LK-4), on SQLite and PostgreSQL.

The Northshire world (``northshire.py``): case C-0001 accuses DC Example (P-0007) of
Northshire Police; its statement S-0001 names two suspects, "Ex" (M-0001) and "the tall one
with the silver Astra" (M-0002). The links decided here are proposed directly as the linker
records them, so each test chooses its pair.
"""

from __future__ import annotations

import pytest

from tests.integration.services.conftest import LEAD, REVIEWER
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import InvalidInput, Refused
from unburied.domain.events import Event
from unburied.review.links import LINKER
from unburied.services.links import AUTO, LinkDecision, decide_link, decide_links, get_link
from unburied.services.links.graph import associates_of

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


def _refused(app: Unburied, actor: Actor, link: str) -> list[str]:
    """The reasons ``actor``'s confirmation of ``link`` is refused; nothing may be recorded."""
    size = _size(app)
    with pytest.raises(Refused) as refused:
        decide_link(app, actor, link, True, "the same man, I am sure")
    assert _size(app) == size
    assert get_link(app, link).state == "proposed"
    assert str(refused.value).startswith(f"confirming link {link} refused")
    return [f.reason for f in refused.value.findings]


def test_an_independent_reviewer_decides_a_link_in_a_case_against_an_officer(world: Unburied):
    link = _propose(world, "M-0002", "P-0200")

    recorded = decide_link(world, REVIEWER, link, True, "the same silver Astra, same street")

    assert recorded.types == ("link.confirmed",)
    assert (get_link(world, link).state, get_link(world, link).decided_by) == (
        "confirmed",
        REVIEWER.id,
    )


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


def test_a_file_with_one_conflicted_row_records_nothing_and_names_the_row_and_rule(
    world: Unburied,
):
    civilian, colleague = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    size = _size(world)
    batch = [
        LinkDecision(civilian, True, "the same silver Astra", row=2),
        LinkDecision(colleague, False, "Ex was another man", row=3),
    ]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, FORMER_WESTSHIRE, batch, source="decisions.csv")

    text = str(rejected.value)
    assert text.startswith("1 decision(s) refused; nothing was recorded")
    assert "decisions.csv, row 3, field 'link_id': IR-6: P-0051 served in Westshire" in text
    assert "decisions.csv, row 3, field 'link_id': IR-7: P-0051 served in" in text
    assert "row 2" not in text
    assert _size(world) == size


def test_a_file_by_an_officer_of_the_accused_force_lists_every_row(world: Unburied):
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    batch = [LinkDecision(first, True, "same car", row=2), LinkDecision(second, True, "Ex", row=3)]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(world, Actor("P-0061", Role.REVIEWER), batch, source="d.csv")

    text = str(rejected.value)
    assert text.startswith("2 decision(s) refused; nothing was recorded")
    for row in (2, 3):
        assert f"d.csv, row {row}, field 'link_id': IR-6: P-0061 served in Northshire" in text


def test_a_file_by_an_independent_reviewer_is_recorded_whole(world: Unburied):
    first, second = _propose(world, "M-0002", "P-0200"), _propose(world, "M-0001", "P-0042")
    batch = [LinkDecision(first, True, "same car"), LinkDecision(second, False, "not Ex")]

    recorded = decide_links(world, REVIEWER, batch)

    assert recorded.types == ("link.confirmed", "link.rejected")


def test_the_pure_core_and_the_link_views_name_the_linker_alike():
    assert LINKER == AUTO
