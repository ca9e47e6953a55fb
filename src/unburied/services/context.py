"""Reading the case views back as domain values: the facts a decider or a rule is given.

Every function takes the unit of work's connection (inside the writer lock, so what a service
decides on is what it appends after) and returns plain values of ``unburied.domain`` and
``unburied.review``: a :class:`~unburied.domain.entities.Case`, a
:class:`~unburied.review.CaseStatus`, an :class:`~unburied.independence.IndependenceContext`.

:func:`build_context` gathers what the independence rules need to see every conflict of the
people it is asked about (see ``docs/independence.md``, "What the context must hold"): the
case's own facts, the posts of the accused with their line-management chains up and down, the
posts and accreditations of the candidates, the organisations with all their ancestors, and
every "S named as a suspect by C" pair of the candidates from any case.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from unburied.domain.entities import (
    Accused,
    Affiliation,
    Allegation,
    Assignment,
    AssignmentRole,
    Case,
    Declaration,
    EndReason,
    Mention,
    MentionKind,
    Organisation,
    OrgKind,
    OriginalHandling,
    Person,
    PersonKind,
    ReferralFlag,
    Statement,
)
from unburied.domain.errors import NotFound
from unburied.domain.events import parse_time
from unburied.independence import IndependenceContext, Override, SuspectNaming
from unburied.review import CaseStatus
from unburied.store.case_views import (
    chunked,
    view_absences,
    view_accreditations,
    view_accused,
    view_affiliations,
    view_allegations,
    view_assignments,
    view_case_status,
    view_cases,
    view_declarations,
    view_mentions,
    view_organisations,
    view_overrides,
    view_people,
    view_statements,
    view_suspect_namings,
)
from unburied.store.review_projectors import status_from_row

__all__ = [
    "absent_people",
    "affiliation_from_row",
    "build_context",
    "case_assignments",
    "case_exists",
    "case_overrides",
    "day_or_none",
    "chain_posts",
    "load_case",
    "load_person",
    "load_status",
    "organisations_with_ancestors",
    "person_exists",
    "posts_of",
]


def day_or_none(text: str | None) -> date | None:
    """A view's ISO date text as a date; ``None`` stays ``None``."""
    return date.fromisoformat(text) if text else None


# -- cases and people ---------------------------------------------------------------------------


def case_exists(conn: Connection, ref: str) -> bool:
    """True if case ``ref`` was opened."""
    query = select(view_cases.c.ref).where(view_cases.c.ref == ref)
    return conn.execute(query).first() is not None


def load_case(conn: Connection, ref: str) -> Case:
    """The case ``ref`` with its original handling; :class:`NotFound` if there is none."""
    row = conn.execute(select(view_cases).where(view_cases.c.ref == ref)).mappings().first()
    if row is None:
        raise NotFound(f"case {ref} is not in the store; `unburied cases` lists every case")
    return Case(
        ref=row["ref"],
        originating_org=row["originating_org"],
        period_start=date.fromisoformat(row["period_start"]),
        period_end=day_or_none(row["period_end"]),
        offence_categories=tuple(json.loads(row["offence_categories"])),
        historic=bool(row["historic"]),
        original=OriginalHandling(
            received_by=row["received_by"],
            recorded_by=row["recorded_by"],
            investigated_by=row["investigated_by"],
            decided_by=row["decided_by"],
            outcome=row["original_outcome"],
            decided_on=day_or_none(row["decided_on"]),
        ),
    )


def load_status(conn: Connection, ref: str) -> CaseStatus | None:
    """Where case ``ref`` stands in its review; ``None`` if it was never queued."""
    query = select(view_case_status).where(view_case_status.c.case_ref == ref)
    row = conn.execute(query).mappings().first()
    return status_from_row(row) if row is not None else None


def person_exists(conn: Connection, person: str) -> bool:
    """True if ``person`` was registered."""
    query = select(view_people.c.id).where(view_people.c.id == person)
    return conn.execute(query).first() is not None


def load_person(conn: Connection, person: str, as_of: date) -> Person:
    """The person with the accreditations they hold on ``as_of``; :class:`NotFound` if none."""
    found = _people(conn, [person], as_of)
    if not found:
        raise NotFound(f"person {person} is not in the store")
    return found[0]


def _people(conn: Connection, ids: Iterable[str], as_of: date) -> list[Person]:
    held: dict[str, set[str]] = {}
    people: list[Person] = []
    for chunk in chunked(ids):
        acc = view_accreditations
        for person, name, awarded, expires in conn.execute(
            select(acc.c.person, acc.c.accreditation, acc.c.awarded_on, acc.c.expires_on).where(
                acc.c.person.in_(chunk)
            )
        ):
            if _valid_on(as_of, awarded, expires):
                held.setdefault(person, set()).add(name)
        query = select(view_people).where(view_people.c.id.in_(chunk))
        for row in conn.execute(query).mappings():
            people.append(
                Person(
                    row["id"],
                    PersonKind(row["kind"]),
                    row["pseudonym"],
                    frozenset(held.get(row["id"], ())),
                )
            )
    return sorted(people, key=lambda p: p.id)


def _valid_on(day: date, awarded: str | None, expires: str | None) -> bool:
    """An accreditation counts from its award (if known) until it lapses (if it does)."""
    start, end = day_or_none(awarded), day_or_none(expires)
    return (start is None or start <= day) and (end is None or day <= end)


def absent_people(conn: Connection) -> frozenset[str]:
    """Everyone recorded absent now."""
    query = select(view_absences.c.person).where(view_absences.c.absent.is_(True))
    return frozenset(conn.execute(query).scalars())


# -- the case's own facts -----------------------------------------------------------------------


def _allegations(conn: Connection, ref: str) -> tuple[Allegation, ...]:
    accused: dict[str, list[Accused]] = {}
    query = (
        select(view_accused)
        .where(view_accused.c.case_ref == ref)
        .order_by(view_accused.c.allegation, view_accused.c.position)
    )
    for row in conn.execute(query).mappings():
        accused.setdefault(row["allegation"], []).append(
            Accused(
                person=row["person"],
                mention=row["mention"],
                description=row["description"],
                described_as_officer=bool(row["described_as_officer"]),
            )
        )
    query = (
        select(view_allegations)
        .where(view_allegations.c.case_ref == ref)
        .order_by(view_allegations.c.seq)
    )
    return tuple(
        Allegation(
            id=row["id"],
            case=row["case_ref"],
            complainant=row["complainant"],
            accused=tuple(accused.get(row["id"], ())),
            category=row["category"],
            date_from=day_or_none(row["date_from"]),
            date_to=day_or_none(row["date_to"]),
            places=tuple(json.loads(row["places"])),
            referral_flags=frozenset(ReferralFlag(f) for f in json.loads(row["referral_flags"])),
        )
        for row in conn.execute(query).mappings()
    )


def mention_from_row(row: Mapping[Any, Any]) -> Mention:
    """A mention from a ``view_mentions`` row."""
    return Mention(
        id=row["id"],
        statement=row["statement"],
        case=row["case_ref"],
        text=row["text"],
        kind=MentionKind(row["kind"]),
        role=row["role"],
        person=row["person"],
    )


def _mentions(conn: Connection, ref: str) -> tuple[Mention, ...]:
    query = select(view_mentions).where(view_mentions.c.case_ref == ref)
    rows = conn.execute(query.order_by(view_mentions.c.seq)).mappings()
    return tuple(mention_from_row(row) for row in rows)


def _statements(conn: Connection, ref: str, mentions: Iterable[Mention]) -> tuple[Statement, ...]:
    listed: dict[str, list[str]] = {}
    for mention in mentions:
        listed.setdefault(mention.statement, []).append(mention.id)
    query = select(view_statements).where(view_statements.c.case_ref == ref)
    return tuple(
        Statement(
            id=row["id"],
            case=row["case_ref"],
            given_by=row["given_by"],
            recorded_by=row["recorded_by"],
            taken_on=day_or_none(row["taken_on"]) or date.min,
            mentions=tuple(listed.get(row["id"], ())),
            in_review=bool(row["in_review"]),
        )
        for row in conn.execute(query.order_by(view_statements.c.seq)).mappings()
    )


def _declarations(conn: Connection, ref: str) -> tuple[Declaration, ...]:
    query = select(view_declarations).where(view_declarations.c.case_ref == ref)
    return tuple(
        Declaration(row["person"], row["case_ref"], row["reason"])
        for row in conn.execute(query.order_by(view_declarations.c.seq)).mappings()
    )


def _accused_people(allegations: Iterable[Allegation], mentions: Iterable[Mention]) -> set[str]:
    """Everyone the case accuses: directly, or through a mention whose link was confirmed."""
    linked = {m.id: m.person for m in mentions if m.person}
    found = {m.person for m in mentions if m.person and m.role == "suspect"}
    for allegation in allegations:
        for accused in allegation.accused:
            if accused.person:
                found.add(accused.person)
            if accused.mention in linked:
                found.add(linked[accused.mention])
    return {p for p in found if p}


# -- posts and organisations --------------------------------------------------------------------


def affiliation_from_row(row: Mapping[Any, Any]) -> Affiliation:
    """An :class:`Affiliation` from a row of ``view_affiliations``."""
    return Affiliation(
        person=row["person"],
        organisation=row["organisation"],
        role=row["role"],
        start=date.fromisoformat(row["start"]),
        end=day_or_none(row["end"]),
        rank=row["rank"],
        collar_number=row["collar_number"],
        line_manager=row["line_manager"],
        end_reason=EndReason(row["end_reason"]) if row["end_reason"] else None,
    )


def _posts_where(conn: Connection, column: Any, ids: Iterable[str]) -> dict[int, Affiliation]:
    found: dict[int, Affiliation] = {}
    for chunk in chunked(ids):
        query = select(view_affiliations).where(column.in_(chunk))
        for row in conn.execute(query).mappings():
            found[row["seq"]] = affiliation_from_row(row)
    return found


def posts_of(conn: Connection, people: Iterable[str]) -> list[Affiliation]:
    """Every post of ``people``, in the order they were recorded."""
    posts = _posts_where(conn, view_affiliations.c.person, people)
    return [posts[seq] for seq in sorted(posts)]


def chain_posts(
    conn: Connection, accused: Iterable[str], others: Iterable[str] = ()
) -> list[Affiliation]:
    """Every post of the accused and of ``others``, and the line-management chains of the
    accused: upward through each post's line manager, downward through the people each
    line-managed, transitively (IR-3 walks these edges)."""
    posts = _posts_where(conn, view_affiliations.c.person, {*accused, *others})
    seen_up, frontier = set(accused), set(accused)
    while frontier:  # upward: the managers of everyone reached so far
        found = _posts_where(conn, view_affiliations.c.person, frontier)
        posts.update(found)
        managers = {p.line_manager for p in found.values() if p.line_manager}
        frontier = managers - seen_up
        seen_up |= frontier
    seen_down, frontier = set(accused), set(accused)
    while frontier:  # downward: everyone managed by someone reached so far
        found = _posts_where(conn, view_affiliations.c.line_manager, frontier)
        posts.update(found)
        frontier = {p.person for p in found.values()} - seen_down
        seen_down |= frontier
    return [posts[seq] for seq in sorted(posts)]


def organisations_with_ancestors(conn: Connection, ids: Iterable[str]) -> list[Organisation]:
    """The organisations ``ids`` and every organisation above them."""
    found: dict[str, Organisation] = {}
    asked: set[str] = set()
    wanted = set(ids)
    while wanted:
        asked |= wanted
        for chunk in chunked(wanted):
            query = select(view_organisations).where(view_organisations.c.id.in_(chunk))
            for row in conn.execute(query).mappings():
                found[row["id"]] = Organisation(
                    row["id"], row["name"], OrgKind(row["kind"]), row["parent"]
                )
        wanted = {o.parent for o in found.values() if o.parent} - asked
    return [found[k] for k in sorted(found)]


def _suspect_namings(conn: Connection, suspects: Iterable[str]) -> tuple[SuspectNaming, ...]:
    t = view_suspect_namings
    found = []
    for chunk in chunked(suspects):
        query = select(t.c.suspect, t.c.complainant, t.c.case_ref, t.c.evidence).where(
            t.c.suspect.in_(chunk)
        )
        found += [SuspectNaming(*row) for row in conn.execute(query).all()]
    return tuple(sorted(found, key=lambda n: (n.suspect, n.complainant, n.case, n.evidence)))


def build_context(
    conn: Connection, ref: str, as_of: date, candidates: Iterable[str] = ()
) -> IndependenceContext:
    """The independence context of case ``ref`` on ``as_of`` for checking ``candidates``.

    ``associated_with_accused`` holds the registered people the link graph ties to the
    case's accused (``services.links.accused_associates``): they are conflicted like the
    accused.
    """
    from unburied.services.links.graph import accused_associates  # links reads these views

    case = load_case(conn, ref)
    allegations = _allegations(conn, ref)
    mentions = _mentions(conn, ref)
    who = sorted(set(candidates))
    accused = _accused_people(allegations, mentions)
    posts = chain_posts(conn, accused, who)
    org_ids = {p.organisation for p in posts} | {case.originating_org}
    return IndependenceContext(
        case=case,
        as_of=as_of,
        allegations=allegations,
        statements=_statements(conn, ref, mentions),
        mentions=mentions,
        affiliations=tuple(posts),
        organisations=tuple(organisations_with_ancestors(conn, org_ids)),
        people=tuple(_people(conn, who, as_of)),
        declarations=_declarations(conn, ref),
        suspect_namings=_suspect_namings(conn, who),
        associated_with_accused=accused_associates(conn, ref),
    )


# -- assignments and overrides ------------------------------------------------------------------


def case_assignments(conn: Connection, ref: str) -> list[Assignment]:
    """Every assignment ever made on case ``ref`` (``active`` says which still hold)."""
    query = (
        select(view_assignments)
        .where(view_assignments.c.case_ref == ref)
        .order_by(view_assignments.c.seq)
    )
    return [
        Assignment(
            id=row["id"],
            case=row["case_ref"],
            person=row["person"],
            role=AssignmentRole(row["role"]),
            assigned_by=row["assigned_by"],
            at=parse_time(row["at"]),
            task=row["task"],
            involves=frozenset(json.loads(row["involves"])),
            active=bool(row["active"]),
        )
        for row in conn.execute(query).mappings()
    ]


def case_overrides(conn: Connection, ref: str) -> list[Override]:
    """Every override granted on case ``ref``."""
    query = (
        select(view_overrides)
        .where(view_overrides.c.case_ref == ref)
        .order_by(view_overrides.c.seq)
    )
    return [
        Override(
            id=row["id"],
            case=row["case_ref"],
            candidate=row["candidate"],
            role=AssignmentRole(row["role"]),
            covers=frozenset((c["rule"], c["reason"]) for c in json.loads(row["conflicts"])),
            approvers=tuple(json.loads(row["approvers"])),
            reason=row["reason"],
        )
        for row in conn.execute(query).mappings()
    ]
