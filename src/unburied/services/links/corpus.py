"""What the linker reads, from the case views: mentions with their context, known people, posts,
allegations naming a registered person, and who counts as a complainant."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from sqlalchemy import Connection, select

from unburied.domain.entities import (
    Affiliation,
    Mention,
    MentionKind,
    Person,
    PersonKind,
    Statement,
)
from unburied.linking import MentionRecord, PersonRecord, mention_records, person_records
from unburied.services.context import affiliation_from_row, day_or_none
from unburied.store.case_views import (
    view_accused,
    view_affiliations,
    view_allegations,
    view_mentions,
    view_people,
    view_statements,
)

__all__ = ["LINK_TARGET_KINDS", "Corpus", "read_corpus"]

#: The kinds of registered people a mention may be linked to. A survivor's pseudonym is not a
#: name anyone used, and a witness is not a target of linking.
LINK_TARGET_KINDS: tuple[str, ...] = ("officer", "staff", "investigator", "suspect")


@dataclass(frozen=True)
class Corpus:
    """Everything the linker reads, sorted by id so that every run sees the same order."""

    records: list[MentionRecord]
    people: list[PersonRecord]
    affiliations: list[Affiliation]
    #: (allegation, complainant, person) for every allegation accusing a registered person
    accusations: list[tuple[str, str, str]]
    #: the people who made an allegation, and the registered survivors
    complainants: frozenset[str]
    #: the case of every mention
    mention_case: dict[str, str]

    @cached_property
    def person_ids(self) -> frozenset[str]:
        """The ids of the known people a mention may be linked to."""
        return frozenset(p.id for p in self.people)

    def sides(self, a: str, b: str) -> dict[str, str]:
        """``mention`` and ``person`` when ``a`` and ``b`` are a mention and a known person."""
        for mention, person in ((a, b), (b, a)):
            if mention in self.mention_case and person in self.person_ids:
                return {"mention": mention, "person": person}
        return {}


def _records(conn: Connection) -> tuple[list[MentionRecord], dict[str, str]]:
    """Every person mention with its statement's context; an undated statement has no date."""
    undated: set[str] = set()
    statements = []
    for row in conn.execute(select(view_statements).order_by(view_statements.c.id)).mappings():
        taken = day_or_none(row["taken_on"])
        if taken is None:
            undated.add(row["id"])
        statements.append(
            Statement(
                row["id"], row["case_ref"] or "", row["given_by"], row["recorded_by"],
                taken or date.min, in_review=bool(row["in_review"]),
            )
        )  # fmt: skip
    mentions = [
        Mention(
            r["id"], r["statement"], r["case_ref"], r["text"], MentionKind(r["kind"]), r["role"]
        )
        for r in conn.execute(select(view_mentions).order_by(view_mentions.c.id)).mappings()
    ]
    records = [
        replace(r, taken_on=None) if r.statement in undated else r
        for r in mention_records(statements, mentions)
    ]
    return sorted(records, key=lambda r: r.id), {m.id: m.case for m in mentions}


def _posts(conn: Connection) -> list[Affiliation]:
    t = view_affiliations
    rows = conn.execute(select(t).order_by(t.c.seq)).mappings()
    return [affiliation_from_row(row) for row in rows]


def _accusations(conn: Connection) -> list[tuple[str, str, str]]:
    a, g = view_accused, view_allegations
    query = (
        select(a.c.allegation, g.c.complainant, a.c.person)
        .select_from(a.join(g, g.c.id == a.c.allegation))
        .where(a.c.person.is_not(None))
    )
    return sorted((str(x), str(c), str(p)) for x, c, p in conn.execute(query).all())


def _complainants(conn: Connection) -> frozenset[str]:
    found = set(conn.execute(select(view_allegations.c.complainant)).scalars())
    survivors = select(view_people.c.id).where(view_people.c.kind == PersonKind.SURVIVOR.value)
    return frozenset(found | set(conn.execute(survivors).scalars()))


def read_corpus(conn: Connection) -> Corpus:
    """Read the corpus from the case views (in the caller's transaction)."""
    records, cases = _records(conn)
    query = select(view_people).where(view_people.c.kind.in_(LINK_TARGET_KINDS))
    people = [
        Person(r["id"], PersonKind(r["kind"]), r["pseudonym"])
        for r in conn.execute(query.order_by(view_people.c.id)).mappings()
    ]
    posts = _posts(conn)
    accusations = _accusations(conn)
    accusers = [(complainant, person) for _, complainant, person in accusations]
    return Corpus(
        records=records,
        people=sorted(person_records(people, posts, accusers), key=lambda p: p.id),
        affiliations=posts,
        accusations=accusations,
        complainants=_complainants(conn),
        mention_case=cases,
    )
