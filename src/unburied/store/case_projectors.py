"""Projectors of the case model: organisations, people, posts, cases, allegations, statements,
mentions, and who named whom as a suspect (for the contact rule, CR-1, across all cases).

Each projector turns a run of recorded events into rows of its view (``case_views.py``), in
the append's transaction. An event whose payload lacks what the view needs is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from unburied.domain.events import JSONValue, RecordedEvent
from unburied.store.case_views import (
    Naming,
    chunked,
    dump_json,
    insert_rows,
    payload_has,
    payload_text,
    payload_texts,
    view_accreditations,
    view_accused,
    view_affiliations,
    view_allegations,
    view_cases,
    view_declarations,
    view_mentions,
    view_organisations,
    view_people,
    view_statements,
    view_suspect_namings,
)
from unburied.store.views import projector

__all__: list[str] = []


# -- people, organisations, posts ----------------------------------------------------------------


@projector("organisation.registered")
def _organisations(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        if payload_has(d, "id", "name", "kind"):
            rows.append(
                {
                    "id": d["id"],
                    "name": d["name"],
                    "kind": d["kind"],
                    "parent": payload_text(d, "parent"),
                    "seq": r.seq,
                }
            )
    insert_rows(conn, view_organisations, rows)


@projector("person.registered")
def _people(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        if payload_has(d, "id", "kind", "pseudonym"):
            sealed = d.get("identity")
            names = sorted(sealed) if isinstance(sealed, dict) else []
            rows.append(
                {
                    "id": d["id"],
                    "kind": d["kind"],
                    "pseudonym": d["pseudonym"],
                    "sealed": ",".join(names),
                    "seq": r.seq,
                }
            )
    insert_rows(conn, view_people, rows)


@projector("affiliation.recorded")
def _affiliations(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        if payload_has(d, "person", "organisation", "role", "start"):
            rows.append(
                {
                    "seq": r.seq,
                    "person": d["person"],
                    "organisation": d["organisation"],
                    "role": d["role"],
                    "rank": payload_text(d, "rank"),
                    "collar_number": payload_text(d, "collar_number"),
                    "start": d["start"],
                    "end": payload_text(d, "end"),
                    "line_manager": payload_text(d, "line_manager"),
                    "end_reason": payload_text(d, "end_reason"),
                }
            )
    insert_rows(conn, view_affiliations, rows)


@projector("accreditation.recorded")
def _accreditations(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "seq": r.seq,
            "person": r.data["person"],
            "accreditation": r.data["accreditation"],
            "awarded_on": payload_text(r.data, "awarded_on"),
            "expires_on": payload_text(r.data, "expires_on"),
        }
        for r in events
        if payload_has(r.data, "person", "accreditation")
    ]
    insert_rows(conn, view_accreditations, rows)


@projector("interest.declared")
def _declarations(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "seq": r.seq,
            "person": r.data["person"],
            "case_ref": r.event.case,
            "reason": r.data["reason"],
        }
        for r in events
        if r.event.case and payload_has(r.data, "person", "reason")
    ]
    insert_rows(conn, view_declarations, rows)


# -- cases ---------------------------------------------------------------------------------------


@projector("case.opened")
def _cases(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        original = d.get("original")
        orig: Mapping[str, JSONValue] = original if isinstance(original, dict) else {}
        if not (r.event.case and payload_has(d, "originating_org", "period_start")):
            continue
        rows.append(
            {
                "ref": r.event.case,
                "originating_org": d["originating_org"],
                "period_start": d["period_start"],
                "period_end": payload_text(d, "period_end"),
                "offence_categories": dump_json(payload_texts(d, "offence_categories")),
                "historic": d.get("historic") is not False,
                "received_by": payload_text(orig, "received_by"),
                "recorded_by": payload_text(orig, "recorded_by"),
                "investigated_by": payload_text(orig, "investigated_by"),
                "decided_by": payload_text(orig, "decided_by"),
                "original_outcome": payload_text(orig, "outcome"),
                "decided_on": payload_text(orig, "decided_on"),
                "seq": r.seq,
            }
        )
    insert_rows(conn, view_cases, rows)


# -- allegations, accused and who named whom -----------------------------------------------------


def _accused_rows(r: RecordedEvent) -> list[dict[str, Any]]:
    accused = r.data.get("accused")
    items = accused if isinstance(accused, list) else []
    return [
        {
            "allegation": r.data["allegation"],
            "position": i,
            "case_ref": r.event.case,
            "person": payload_text(a, "person"),
            "mention": payload_text(a, "mention"),
            "description": payload_text(a, "description"),
            "described_as_officer": a.get("described_as_officer") is True,
        }
        for i, a in enumerate(items)
        if isinstance(a, dict)
    ]


def _linked_mentions(conn: Connection, mentions: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunked(mentions):
        query = select(view_mentions.c.id, view_mentions.c.person).where(
            view_mentions.c.id.in_(chunk), view_mentions.c.person.is_not(None)
        )
        found.update({m: p for m, p in conn.execute(query).all()})
    return found


@projector("allegation.recorded")
def _allegations(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows: list[dict[str, Any]] = []
    accused: list[dict[str, Any]] = []
    for r in events:
        d = r.data
        if not (r.event.case and payload_has(d, "allegation", "complainant", "category")):
            continue
        rows.append(
            {
                "id": d["allegation"],
                "case_ref": r.event.case,
                "complainant": d["complainant"],
                "category": d["category"],
                "date_from": payload_text(d, "date_from"),
                "date_to": payload_text(d, "date_to"),
                "places": dump_json(payload_texts(d, "places")),
                "referral_flags": dump_json(sorted(payload_texts(d, "referral_flags"))),
                "referral_mode": None,
                "referral_reason": None,
                "seq": r.seq,
            }
        )
        accused += _accused_rows(r)
    insert_rows(conn, view_allegations, rows)
    insert_rows(conn, view_accused, accused)
    complainant = {row["id"]: row["complainant"] for row in rows}
    linked = _linked_mentions(conn, (a["mention"] for a in accused if a["mention"]))
    namings: set[Naming] = set()
    for a in accused:
        who = complainant[a["allegation"]]
        if a["person"]:
            namings.add((a["person"], who, a["case_ref"], f"allegation:{a['allegation']}"))
        if a["mention"] in linked:
            namings.add((linked[a["mention"]], who, a["case_ref"], f"mention:{a['mention']}"))
    _add_namings(conn, namings)


def _add_namings(conn: Connection, namings: Iterable[Naming]) -> None:
    """Insert suspect namings not already in the view (the same pair may come twice)."""
    wanted = set(namings)
    if not wanted:
        return
    t = view_suspect_namings
    existing = set()
    for chunk in chunked({n[0] for n in wanted}):
        query = select(t.c.suspect, t.c.complainant, t.c.case_ref, t.c.evidence).where(
            t.c.suspect.in_(chunk)
        )
        existing |= {tuple(row) for row in conn.execute(query).all()}
    fresh = sorted(wanted - existing)
    keys = ("suspect", "complainant", "case_ref", "evidence")
    insert_rows(conn, t, [dict(zip(keys, n, strict=True)) for n in fresh])


@projector("referral.decided")
def _referrals(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {"ref_id": r.data["allegation"], "ref_mode": r.data["mode"], "ref_reason": r.data["reason"]}
        for r in events
        if payload_has(r.data, "allegation", "mode", "reason")
    ]
    if rows:
        t = view_allegations
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("ref_id"))
            .values(referral_mode=bindparam("ref_mode"), referral_reason=bindparam("ref_reason")),
            rows,
        )


# -- statements and mentions ---------------------------------------------------------------------


@projector("statement.recorded")
def _statements(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        if not payload_has(d, "statement", "given_by"):
            continue
        held = isinstance(d.get("text"), dict)
        rows.append(
            {
                "id": d["statement"],
                "case_ref": r.event.case,
                "given_by": d["given_by"],
                "recorded_by": payload_text(d, "recorded_by"),
                "taken_on": payload_text(d, "taken_on"),
                "status": payload_text(d, "status") or ("held" if held else "lost"),
                # a statement recorded through the review (no flag) was taken by the review
                "in_review": d.get("in_review") is not False,
                "seq": r.seq,
            }
        )
    insert_rows(conn, view_statements, rows)


@projector("mention.recorded")
def _mentions(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "id": r.data["mention"],
            "statement": r.data["statement"],
            "case_ref": r.event.case,
            "text": r.data["text"],
            "kind": payload_text(r.data, "kind") or "person",
            "role": payload_text(r.data, "role") or "named",
            "person": payload_text(r.data, "person"),
            "seq": r.seq,
        }
        for r in events
        if r.event.case and payload_has(r.data, "mention", "statement", "text")
    ]
    insert_rows(conn, view_mentions, rows)
    for row in rows:  # a mention recorded already linked (not by the import) names its person
        if row["person"]:
            _add_namings(conn, _namings_of_mention(conn, str(row["id"]), str(row["person"])))


def _link_target(conn: Connection, data: Mapping[str, JSONValue]) -> tuple[str, str] | None:
    """``(mention, person)`` of a link event: ``{"mention", "person"}`` or a ``left``/``right``
    pair of which one is a known mention and the other a known person."""
    if payload_has(data, "mention", "person"):
        return str(data["mention"]), str(data["person"])
    left, right = payload_text(data, "left"), payload_text(data, "right")
    if left is None or right is None:
        return None
    for mention, person in ((left, right), (right, left)):
        is_mention = conn.execute(select(view_mentions.c.id).where(view_mentions.c.id == mention))
        is_person = conn.execute(select(view_people.c.id).where(view_people.c.id == person))
        if is_mention.first() is not None and is_person.first() is not None:
            return mention, person
    return None


def _namings_of_mention(conn: Connection, mention: str, person: str) -> set[Naming]:
    """Who named ``person`` as a suspect through ``mention``: its statement's maker if the
    mention is a suspect, and the complainant of any allegation accusing it."""
    m = view_mentions
    row = conn.execute(
        select(m.c.case_ref, m.c.role, view_statements.c.given_by)
        .select_from(m.outerjoin(view_statements, view_statements.c.id == m.c.statement))
        .where(m.c.id == mention)
    ).first()
    if row is None:
        return set()
    case_ref, role, giver = row
    evidence = f"mention:{mention}"
    found: set[Naming] = set()
    if role == "suspect" and giver:
        found.add((person, giver, case_ref, evidence))
    accusers = conn.execute(
        select(view_allegations.c.complainant, view_allegations.c.case_ref)
        .select_from(
            view_accused.join(view_allegations, view_allegations.c.id == view_accused.c.allegation)
        )
        .where(view_accused.c.mention == mention)
    ).all()
    found |= {(person, who, case, evidence) for who, case in accusers}
    return found


@projector("link.confirmed")
def _links_confirmed(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    for r in events:
        target = _link_target(conn, r.data)
        if target is None:
            continue
        mention, person = target
        conn.execute(
            update(view_mentions).where(view_mentions.c.id == mention).values(person=person)
        )
        _add_namings(conn, _namings_of_mention(conn, mention, person))


@projector("link.rejected")
def _links_rejected(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    t = view_suspect_namings
    for r in events:
        target = _link_target(conn, r.data)
        if target is None:
            continue
        mention, person = target
        conn.execute(
            update(view_mentions)
            .where(view_mentions.c.id == mention, view_mentions.c.person == person)
            .values(person=None)
        )
        conn.execute(delete(t).where(t.c.suspect == person, t.c.evidence == f"mention:{mention}"))
