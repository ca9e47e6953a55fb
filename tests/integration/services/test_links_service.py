"""The linking service on a tiny synthetic operation imported through the import service.

Linking records only what is new; a person's decision holds on every later run; a rejected
pair is never proposed again; corroboration counts independent complainants once each; the
link views rebuild from the log. Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy import select

from tests.integration.services.conftest import LEAD, REVIEWER
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, AssignmentRole, Role
from unburied.domain.errors import InvalidInput, NotFound, Refused
from unburied.domain.events import Event
from unburied.independence import conflicts
from unburied.linking import MentionLinker
from unburied.services.context import build_context
from unburied.services.links import (
    LinkDecision,
    alerts,
    associated_with_accused,
    decide_link,
    decide_links,
    get_link,
    link_statement,
    links_of_alert,
    person_graph,
    review_queue,
    run_linking,
)
from unburied.services.links.corpus import read_corpus
from unburied.services.links.stored import StoredLink, constraints_of, entities_of, read_links
from unburied.store.case_views import view_mentions, view_organisations, view_people
from unburied.store.link_views import view_corroboration_alerts, view_links
from unburied.store.views import rebuild_views


def _append(app: Unburied, *events: tuple[str, dict[str, object], str | None, str]) -> None:
    with app.uow() as uow:
        uow.events.append([Event(t, LEAD.id, app.clock(), d, c, s) for t, d, c, s in events])  # type: ignore[arg-type]
        uow.commit()


def _statement(
    sid: str, case: str, given_by: str, day: str, recorder: str, mentions: dict[str, str]
) -> list[tuple[str, dict[str, object], str | None, str]]:
    """A statement and its suspect mentions, as the import records them."""
    data = {"statement": sid, "given_by": given_by, "recorded_by": recorder, "taken_on": day}
    out: list[tuple[str, dict[str, object], str | None, str]] = [
        ("statement.recorded", {**data, "status": "held", "in_review": False}, case, given_by)
    ]
    for mid, text in mentions.items():
        mention = {"mention": mid, "statement": sid, "text": text, "kind": "person"}
        out.append(("mention.recorded", {**mention, "role": "suspect"}, case, mid))
    return out


def _person(pid: str, kind: str, pseudonym: str) -> tuple[str, dict[str, object], None, str]:
    return ("person.registered", {"id": pid, "kind": kind, "pseudonym": pseudonym}, None, pid)


def _rows(app: Unburied, where: object = None) -> list[dict[str, object]]:
    query = select(view_links).order_by(view_links.c.id)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    with app.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _types(app: Unburied, start: int) -> list[str]:
    with app.uow() as uow:
        return [r.type for r in uow.events.range(start, uow.events.size)]


def _size(app: Unburied) -> int:
    with app.uow() as uow:
        return uow.events.size


def _person_link(app: Unburied, state: str, decided_by: str | None = None) -> dict[str, object]:
    """The first link in ``state`` joining a mention to a registered suspect or officer."""
    for row in _rows(app, view_links.c.state == state):
        known = [str(row[s]) for s in ("left", "right") if "-MN-" not in str(row[s])]
        if known and (decided_by is None or row["decided_by"] == decided_by):
            return row
    raise AssertionError(f"no {state} link to a known person in the tiny operation")


# -- runs ----------------------------------------------------------------------------------------


def test_a_second_run_with_nothing_new_records_nothing(operation: Unburied):
    first = run_linking(operation, LEAD)
    size = _size(operation)

    again = run_linking(operation, LEAD)

    assert first.proposed > 0 and first.auto_linked > 0 and first.alerts > 0
    assert first.queued == first.proposed
    assert (again.proposed, again.auto_linked, again.alerts, again.recorded.seqs) == (0, 0, 0, ())
    assert again.queued == first.queued
    assert _size(operation) == size


def test_auto_links_are_recorded_as_confirmed_by_auto_with_their_explanation(
    lite: Unburied,
):
    summary = run_linking(lite, LEAD)

    auto = _rows(lite, view_links.c.decided_by == "auto")
    assert len(auto) == summary.auto_linked
    assert all(r["state"] == "confirmed" and r["band"] == "auto" for r in auto)
    assert all(str(r["explanation"]).startswith("Probability") for r in auto)
    assert all(int(str(r["probability_ppm"])) >= 980_000 for r in auto)


def test_an_auto_link_to_a_known_person_names_him_in_the_case_views(operation: Unburied):
    run_linking(operation, LEAD)
    link = _person_link(operation, "confirmed", "auto")
    mention, person = sorted((str(link["left"]), str(link["right"])), key=lambda i: "-MN-" not in i)

    with operation.engine.connect() as conn:
        query = select(view_mentions.c.person).where(view_mentions.c.id == mention)
        assert conn.execute(query).scalar_one() == person


def test_a_rejected_link_is_never_proposed_again(operation: Unburied):
    run_linking(operation, LEAD)
    queued = review_queue(operation)[0]
    decide_link(operation, REVIEWER, queued.id, False, "different men: the ages do not fit")
    start = _size(operation)

    run_linking(operation, LEAD)

    # the rejection may bring the mention's other candidates forward; never the rejected pair
    with operation.uow() as uow:
        recorded = list(uow.events.range(start, uow.events.size))
    assert all(e.type == "link.proposed" for e in recorded)
    assert {queued.left, queued.right} not in [{e.data["left"], e.data["right"]} for e in recorded]
    assert get_link(operation, queued.id).state == "rejected"
    assert queued.id not in {q.id for q in review_queue(operation)}
    third = _size(operation)
    run_linking(operation, LEAD)
    assert _size(operation) == third


def test_a_rejected_auto_link_is_not_made_again_by_a_re_run(operation: Unburied):
    run_linking(operation, LEAD)
    auto = _person_link(operation, "confirmed", "auto")
    decide_link(operation, REVIEWER, str(auto["id"]), False, "the collar number is another man's")
    start = _size(operation)

    run_linking(operation, LEAD)

    pair = (view_links.c.left == auto["left"]) & (view_links.c.right == auto["right"])
    (row,) = _rows(operation, pair)
    assert row["state"] == "rejected" and row["decided_by"] == REVIEWER.id
    assert "link.confirmed" not in _types(operation, start)
    with operation.engine.connect() as conn:
        mention = next(str(auto[s]) for s in ("left", "right") if "-MN-" in str(auto[s]))
        query = select(view_mentions.c.person).where(view_mentions.c.id == mention)
        assert conn.execute(query).scalar_one() is None


def test_a_confirmed_link_survives_a_re_run(operation: Unburied):
    run_linking(operation, LEAD)
    link = _person_link(operation, "proposed")
    decide_link(operation, REVIEWER, str(link["id"]), True, "same name, same car, same street")
    start = _size(operation)

    run_linking(operation, LEAD)

    confirmed = get_link(operation, str(link["id"]))
    assert (confirmed.state, confirmed.decided_by) == ("confirmed", REVIEWER.id)
    assert not {"link.rejected"} & set(_types(operation, start))
    assert str(link["id"]) not in {q.id for q in review_queue(operation)}


def test_the_link_views_rebuild_from_the_log_exactly(operation: Unburied):
    run_linking(operation, LEAD)
    queued = review_queue(operation, limit=2)
    decide_link(operation, REVIEWER, queued[0].id, True, "the same nickname and the same flat")
    decide_link(operation, REVIEWER, queued[1].id, False, "different complainants' brothers")
    before = _rows(operation)
    with operation.engine.connect() as conn:
        alerts_before = conn.execute(select(view_corroboration_alerts)).all()

    with operation.uow() as uow:
        rebuild_views(uow.connection)
        uow.commit()

    assert _rows(operation) == before
    with operation.engine.connect() as conn:
        assert conn.execute(select(view_corroboration_alerts)).all() == alerts_before


# -- decisions and their refusals ----------------------------------------------------------------


def test_deciding_a_link_twice_is_refused_with_the_earlier_decision(lite: Unburied):
    run_linking(lite, LEAD)
    link = review_queue(lite)[0].id
    decide_link(lite, REVIEWER, link, True, "same man")

    with pytest.raises(Refused) as refused:
        decide_link(lite, LEAD, link, False, "on second thoughts")

    (finding,) = refused.value.findings
    assert finding.reason.startswith(f"LK-1: link {link} was already confirmed by {REVIEWER.id}")


def test_a_decision_without_a_reason_is_refused(lite: Unburied):
    run_linking(lite, LEAD)
    link = review_queue(lite)[0].id

    with pytest.raises(InvalidInput, match=f"LK-3: rejecting link {link} needs a reason"):
        decide_link(lite, REVIEWER, link, False, "   ")


def test_nobody_decides_a_link_that_names_themselves(lite: Unburied):
    run_linking(lite, LEAD)
    link = _person_link(lite, "proposed")
    person = next(str(link[s]) for s in ("left", "right") if "-MN-" not in str(link[s]))

    with pytest.raises(Refused) as refused:
        decide_link(lite, Actor(person, Role.REVIEWER), str(link["id"]), False, "not me")

    assert refused.value.findings[0].reason.startswith(f"LK-2: {person} may not decide link")


def test_a_system_job_may_not_decide_a_link_and_a_reviewer_may_not_run_linking(
    lite: Unburied,
):
    run_linking(lite, LEAD)
    link = review_queue(lite)[0].id

    with pytest.raises(Refused) as decided:
        decide_link(lite, Actor("job-1", Role.SYSTEM), link, True, "looks right")
    with pytest.raises(Refused) as ran:
        run_linking(lite, REVIEWER)

    assert "AC-6: the system role may not decide links" in str(decided.value)
    assert "AC-6: the reviewer role may not run linking" in str(ran.value)


def test_an_unknown_link_is_not_found(lite: Unburied):
    with pytest.raises(NotFound, match="link L-999999 is not in the store"):
        decide_link(lite, REVIEWER, "L-999999", True, "same man")


def test_a_decisions_batch_with_one_bad_row_records_nothing_and_lists_every_problem(
    lite: Unburied,
):
    run_linking(lite, LEAD)
    first, second = (q.id for q in review_queue(lite, limit=2))
    start = _size(lite)
    batch = [
        LinkDecision(first, True, "same man", row=2),
        LinkDecision(second, False, "", row=3),
        LinkDecision("L-1", True, "same man", row=4),
        LinkDecision(first, False, "changed my mind", row=5),
    ]

    with pytest.raises(InvalidInput) as rejected:
        decide_links(lite, REVIEWER, batch, source="decisions.csv")

    text = str(rejected.value)
    assert text.startswith("3 decision(s) refused; no decision was recorded:")
    assert f"decisions.csv, row 3, field 'link_id': LK-3: rejecting link {second}" in text
    assert "row 4, field 'link_id': link L-1 is not in the store" in text
    assert f"row 5, field 'link_id': link {first} is decided twice in this file" in text
    assert _size(lite) == start


# -- incremental linking -------------------------------------------------------------------------


def test_a_new_statement_is_linked_without_proposing_anything_about_the_others(
    lite: Unburied,
):
    run_linking(lite, LEAD)
    suspect = _person_link(lite, "confirmed", "auto")
    person = next(str(suspect[s]) for s in ("left", "right") if "-MN-" not in str(suspect[s]))
    with lite.engine.connect() as conn:
        query = select(view_people.c.pseudonym).where(view_people.c.id == person)
        name = conn.execute(query).scalar_one()
    new = _statement("ST-NEW", "C-NEW", "CP-NEW", "2010-06-01", "OF-1", {"M-NEW": name})
    _append(lite, *new)
    start = _size(lite)

    summary = link_statement(lite, LEAD, "ST-NEW")

    with lite.uow() as uow:
        recorded = list(uow.events.range(start, uow.events.size))
    links = [r for r in recorded if r.type.startswith("link.")]
    assert links and all("M-NEW" in (r.data["left"], r.data["right"]) for r in links)
    assert any({r.data["left"], r.data["right"]} == {"M-NEW", person} for r in links)
    assert summary.proposed + summary.auto_linked == len(links)


def test_linking_a_statement_that_does_not_exist_is_not_found(lite: Unburied):
    with pytest.raises(NotFound, match="statement ST-NONE is not in the store"):
        link_statement(lite, LEAD, "ST-NONE")


# -- corroboration -------------------------------------------------------------------------------


def _named_by(lite: Unburied, *statements: tuple[str, str, str, str]) -> None:
    """Register suspect SU-X and survivors; each statement (id, maker, day, recorder) names
    "Lorcan Fairleigh" as a suspect."""
    people = [_person("SU-X", "suspect", "Lorcan Fairleigh")]
    people += [_person(f"CP-{n}", "survivor", f"Survivor {n}") for n in (1, 2)]
    said = []
    for n, (sid, maker, day, recorder) in enumerate(statements, start=1):
        said += _statement(sid, f"C-X{n}", maker, day, recorder, {f"M-X{n}": "Lorcan Fairleigh"})
    _append(lite, *people, *said)


def _confirm_proposed(lite: Unburied, ids: set[str]) -> None:
    """A person confirms any proposed link among ``ids`` (the linker may have applied them)."""
    for link in review_queue(lite):
        if {link.left, link.right} <= ids:
            decide_link(lite, REVIEWER, link.id, True, "the same full name, confirmed")


def _alerted(lite: Unburied, person: str) -> list[str]:
    return [a.reason for a in alerts(lite) if a.person == person]


def test_a_person_named_by_two_independent_complainants_raises_one_alert(operation: Unburied):
    _named_by(
        operation, ("ST-X1", "CP-1", "2004-03-02", "OF-9"), ("ST-X2", "CP-2", "2006-07-11", "OF-8")
    )
    run_linking(operation, LEAD)
    _confirm_proposed(operation, {"SU-X", "M-X1", "M-X2"})

    run_linking(operation, LEAD)
    run_linking(operation, LEAD)

    assert _alerted(operation, "SU-X") == [
        "SU-X is named by 2 independent complainants (at least 2 raise an alert): CP-1, CP-2."
    ]


def test_the_same_complainant_naming_a_person_twice_raises_no_alert(lite: Unburied):
    _named_by(
        lite, ("ST-X1", "CP-1", "2004-03-02", "OF-9"), ("ST-X2", "CP-1", "2006-07-11", "OF-8")
    )
    run_linking(lite, LEAD)
    _confirm_proposed(lite, {"SU-X", "M-X1", "M-X2"})

    run_linking(lite, LEAD)

    assert _alerted(lite, "SU-X") == []


def test_complainants_interviewed_together_count_once(lite: Unburied):
    _named_by(
        lite, ("ST-X1", "CP-1", "2004-03-02", "OF-9"), ("ST-X2", "CP-2", "2004-03-02", "OF-9")
    )
    run_linking(lite, LEAD)
    _confirm_proposed(lite, {"SU-X", "M-X1", "M-X2"})

    run_linking(lite, LEAD)

    assert _alerted(lite, "SU-X") == []


def test_a_stricter_k_is_refused_below_two(lite: Unburied):
    with pytest.raises(InvalidInput, match="k >= 2 independent complainants, got 1"):
        run_linking(lite, LEAD, k=1)


# -- the graph and the independence context ------------------------------------------------------


def test_the_graph_around_a_person_exports_as_json_and_graphml(operation: Unburied, tmp_path: Path):
    run_linking(operation, LEAD)
    link = _person_link(operation, "confirmed", "auto")
    person = next(str(link[s]) for s in ("left", "right") if "-MN-" not in str(link[s]))

    as_json = person_graph(operation, person, "json")
    (tmp_path / "g.graphml").write_text(person_graph(operation, person, "graphml"))

    data = nx.node_link_graph(json.loads(as_json), edges="links")
    read = nx.read_graphml(tmp_path / "g.graphml")
    assert f"person:{person}" in data and f"person:{person}" in read
    assert data.number_of_edges() > 0 and set(read.nodes) == set(data.nodes)


def test_people_named_with_the_accused_are_associated_with_the_accused(lite: Unburied):
    _append(
        lite,
        _person("SU-X", "suspect", "Lorcan Fairleigh"),
        _person("OF-X", "officer", "Perrin Hartwell"),
        *_statement("ST-X1", "C-X1", "CP-1", "2004-03-02", "OF-9", {"M-X1": "Lorcan Fairleigh"}),
    )
    _append(
        lite,
        (
            "mention.recorded",
            {
                "mention": "M-X2",
                "statement": "ST-X1",
                "text": "PC Perrin Hartwell",
                "kind": "person",
            },
            "C-X1",
            "M-X2",
        ),
    )
    run_linking(lite, LEAD)
    _confirm_proposed(lite, {"SU-X", "M-X1"})
    _confirm_proposed(lite, {"OF-X", "M-X2"})

    assert "OF-X" in associated_with_accused(lite, "C-X1")


def test_a_person_linked_to_the_accused_network_is_conflicted_like_the_accused(lite: Unburied):
    with lite.engine.connect() as conn:
        force = conn.execute(select(view_organisations.c.id)).scalars().first()
    case = {
        "ref": "C-X1",
        "originating_org": force,
        "period_start": "2004-01-01",
        "period_end": None,
        "offence_categories": [],
        "historic": True,
        "original": {},
    }
    _append(
        lite,
        ("case.opened", case, "C-X1", "C-X1"),
        _person("SU-X", "suspect", "Lorcan Fairleigh"),
        _person("OF-X", "officer", "Perrin Hartwell"),
        *_statement("ST-X1", "C-X1", "CP-1", "2004-03-02", "OF-9", {"M-X1": "Lorcan Fairleigh"}),
        (
            "mention.recorded",
            {
                "mention": "M-X2",
                "statement": "ST-X1",
                "text": "PC Perrin Hartwell",
                "kind": "person",
            },
            "C-X1",
            "M-X2",
        ),
    )
    run_linking(lite, LEAD)
    _confirm_proposed(lite, {"SU-X", "M-X1"})
    _confirm_proposed(lite, {"OF-X", "M-X2"})

    with lite.engine.connect() as conn:
        ctx = build_context(conn, "C-X1", date(2026, 1, 5), ["OF-X"])
    found = conflicts("OF-X", AssignmentRole.REVIEWER, ctx)

    assert "OF-X" in ctx.associated_with_accused
    assert any(
        c.rule == "IR-2" and "linked to the network of the accused" in c.reason for c in found
    )


def test_the_graph_names_entities_as_the_linker_does(lite: Unburied):
    run_linking(lite, LEAD)
    decide_link(lite, REVIEWER, review_queue(lite)[0].id, True, "the same man by his nickname")

    with lite.engine.connect() as conn:
        corpus = read_corpus(conn)
        stored = read_links(conn)
    linker = MentionLinker(corpus.people, constraints_of(stored))
    linker.build_index(corpus.records)
    ids = [r.id for r in corpus.records] + [p.id for p in corpus.people]

    assert entities_of(stored, ids, corpus.person_ids) == linker.entities()


_SEEN_THERE = (
    ("p", "place", "the flat above the takeaway on Quenby Road"),
    ("v", "vehicle", "a silver Vauxhall Astra"),
)


def _told_apart(lite: Unburied, prefix: str, *named: tuple[str, ...]) -> None:
    """Survivors interviewed apart, years apart, each naming the men in ``named[i]`` beside
    the same flat and car: statement ST-<prefix><i>, mentions M-<prefix><i><letter>."""
    days = (("2004-03-02", "OF-9"), ("2006-07-11", "OF-8"), ("2009-01-20", "OF-7"))
    said = []
    for n, names in enumerate(named, 1):
        sid, case, maker = f"ST-{prefix}{n}", f"C-{prefix}{n}", f"CP-{prefix}{n}"
        day, recorder = days[n - 1]
        men = {f"M-{prefix}{n}{chr(97 + i)}": text for i, text in enumerate(names)}
        said += _statement(sid, case, maker, day, recorder, men)
        for suffix, kind, text in _SEEN_THERE:
            mention = {"mention": f"M-{prefix}{n}{suffix}", "statement": sid, "text": text}
            said.append(("mention.recorded", {**mention, "kind": kind, "role": "named"}, case, "x"))
    people = [_person(f"CP-{prefix}{n}", "survivor", f"Survivor {n}") for n in range(1, 4)]
    _append(lite, *people[: len(named)], *said)


def _stored_link(lite: Unburied, a: str, b: str) -> StoredLink:
    with lite.engine.connect() as conn:
        return next(x for x in read_links(conn) if {x.left, x.right} == {a, b})


def test_an_alert_on_a_street_name_link_says_a_decision_on_it_settles_the_alert(lite: Unburied):
    _told_apart(lite, "Y", ("Rocket", "Merrick Ormerod"), ("Rocket", "Merrick Ormerod"))

    run_linking(lite, LEAD)

    link = _stored_link(lite, "M-Y1a", "M-Y2a")
    assert (link.state, link.decided_by) == ("confirmed", "auto")
    assert "Linked automatically on a first name or nickname" in (link.explanation or "")
    raised = [a for a in alerts(lite) if {"M-Y1a", "M-Y2a"} <= set(a.mentions)]
    assert len(raised) == 1
    assert raised[0].independent_complainants == 2
    assert (
        "It rests on 1 automatic link made on a first name or street name with context, not on "
        "a surname or an identifier (M-Y1a and M-Y2a): without it it would not be raised"
    ) in raised[0].reason
    with lite.engine.connect() as conn:
        seq = conn.execute(
            select(view_corroboration_alerts.c.seq).where(
                view_corroboration_alerts.c.id == raised[0].id
            )
        ).scalar_one()
    with lite.uow() as uow:
        event = next(iter(uow.events.range(seq, seq + 1)))
    assert event.data["links_on_a_name"] == [["M-Y1a", "M-Y2a"]]
    assert [x.id for x in links_of_alert(lite, raised[0].id)] == [link.id]


def test_an_alert_that_stands_without_its_links_on_a_first_name_does_not_rest_on_them(
    lite: Unburied,
):
    """Two survivors name Merrick Ormerod in full; a third names "Merrick" beside the same
    flat and car. His alert counts her through that link, but stands without it."""
    _told_apart(lite, "Z", ("Merrick Ormerod",), ("Merrick Ormerod",), ("Merrick",))

    run_linking(lite, LEAD)

    assert _stored_link(lite, "M-Z1a", "M-Z2a").decided_by == "auto"  # the full name
    link = _stored_link(lite, "M-Z3a", "M-Z1a")
    assert (link.state, link.decided_by) == ("confirmed", "auto")
    assert "Linked automatically on a first name or nickname" in (link.explanation or "")
    raised = [a for a in alerts(lite) if "M-Z3a" in a.mentions]
    assert [a.independent_complainants for a in raised] == [3]
    assert "first name" not in raised[0].reason
    assert links_of_alert(lite, raised[0].id) == []
