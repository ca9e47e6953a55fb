"""Importing historic records: all or nothing, sealed, idempotent, every historic case queued.

:func:`import_batch` runs in one unit of work (one transaction, the writer lock held):

1. the actor's role must be one that may queue cases for review (the import queues them);
2. the files' combined source hash is looked up: the same files imported before append
   nothing, and the result says so (``already_imported``);
3. ``parse_import`` checks every row against the format and against the ids already in the
   store; one bad row rejects the whole set (:class:`ImportRejected` lists every problem) and
   nothing is written;
4. every protected value — a person's identity, date of birth and address, a statement's
   text — is sealed under that person's data key (the statement's maker's) before any event
   is made;
5. the events are appended in dependency order: ``import.recorded`` (every file's SHA-256),
   organisations, people, affiliations, accreditations, cases, declarations, statements,
   mentions, allegations, then a ``referral.decided`` for each allegation (IR-5) and a
   ``case.queued`` for each historic case, whose payload names the original handlers, each
   conflicted out of its review (IR-2);
6. one commit, one signed checkpoint.

The writer lock is held from the id lookup to the commit (parsing included: about ten seconds
at 10^5 rows), so no other write can make an id of the batch a duplicate in between.

Payloads (``case`` / ``subject`` of the event in brackets; ``<sealed>`` is a sealed field,
``unburied.vault.envelope``)::

    import.recorded          [- / source hash] {"source_hash", "files": [{"name", "kind",
                             "sha256", "rows"}], "counts": {kind: n}, "rows",
                             "source_organisation"}
    organisation.registered  [- / org]     {"id", "name", "kind", "parent"}
    person.registered        [- / person]  {"id", "kind", "pseudonym", "identity":
                             {"identity_name": <sealed>, "date_of_birth": <sealed>,
                              "address": <sealed>}}   (only the fields given; sealed under
                             the person's own data key)
    affiliation.recorded     [- / person]  {"person", "organisation", "role", "rank",
                             "collar_number", "start", "end", "line_manager", "end_reason"}
    accreditation.recorded   [- / person]  {"person", "accreditation", "awarded_on",
                             "expires_on"}
    case.opened              [case / -]    {"ref", "originating_org", "period_start",
                             "period_end", "offence_categories", "historic", "original":
                             {"received_by", "recorded_by", "investigated_by", "decided_by",
                              "outcome", "decided_on"}}
    interest.declared        [case / person] {"person", "reason"}
    statement.recorded       [case / maker] {"statement", "given_by", "recorded_by",
                             "taken_on", "status": "held" | "lost", "in_review": false,
                             "text": <sealed under the maker's key> | null}
    mention.recorded         [case / mention] {"mention", "statement", "text", "kind", "role"}
    allegation.recorded      [case / allegation] {"allegation", "complainant", "accused":
                             [{"person", "mention", "description", "described_as_officer"}],
                             "category", "date_from", "date_to", "places", "referral_flags"}

then ``referral.decided`` and ``case.queued`` as their deciders document them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from unburied.access import may_issue
from unburied.bootstrap import Unburied
from unburied.domain.commands import QueueForReview
from unburied.domain.entities import (
    Actor,
    Affiliation,
    Allegation,
    Case,
    Declaration,
    Mention,
    Organisation,
    OrgKind,
)
from unburied.domain.errors import Refused
from unburied.domain.events import Event, JSONValue
from unburied.importers import ImportBatch, KnownIds, Progress, Record, parse_import
from unburied.importers.batch import Accreditation, combined_source_hash
from unburied.importers.sources import find_sources, hash_file
from unburied.independence import IndependenceContext, ReferralMode, decide_referral
from unburied.review import decide_queue
from unburied.services.context import load_case, posts_of
from unburied.store.case_views import (
    view_allegations,
    view_cases,
    view_imports,
    view_mentions,
    view_organisations,
    view_people,
    view_statements,
)
from unburied.store.event_log import EventLog
from unburied.vault.envelope import seal
from unburied.vault.keys import KeyStore

__all__ = ["ImportResult", "import_batch"]

#: Events are appended in groups of about this many, to bound the memory an import holds.
_GROUP = 20_000


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the source hash, whether it had been imported already, the
    ``import.recorded`` event (this one, or the earlier one), and what was written."""

    source_hash: str
    already_imported: bool
    import_seq: int
    files: tuple[tuple[str, str], ...]
    counts: Mapping[str, int]
    events: int
    queued: int
    referred: int


def import_batch(
    app: Unburied,
    actor: Actor,
    paths: str | Path | Iterable[str | Path],
    progress: Progress | None = None,
) -> ImportResult:
    """Import a set of historic files, all or nothing; see the module docstring."""
    _authorise(actor)
    found = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    expected = _source_hash(found)
    now = app.clock()
    with app.uow() as uow:
        conn = uow.connection
        earlier = _earlier_import(conn, uow.events, expected) if expected else None
        if earlier is not None:
            return earlier
        batch = parse_import(found, known_ids=_known_ids(conn), progress=progress)
        earlier = _earlier_import(conn, uow.events, batch.source_hash)
        if earlier is not None:
            return earlier
        writer = _Writer(conn, uow.keys, actor.id, now)
        first = uow.events.size
        for group in _grouped(writer.events(batch)):
            uow.events.append(group)
        written = uow.events.size - first
        uow.commit()
    return ImportResult(
        source_hash=batch.source_hash,
        already_imported=False,
        import_seq=first,
        files=batch.source_files,
        counts=batch.counts(),
        events=written,
        queued=writer.queued,
        referred=writer.referred,
    )


def _authorise(actor: Actor) -> None:
    findings = may_issue(actor, QueueForReview("*", actor.id))
    if findings:
        raise Refused(
            f"import refused: an import queues every historic case for review, which the "
            f"{actor.role.value} role may not do",
            findings,
        )


def _source_hash(paths: list[Path]) -> str | None:
    """The combined hash of the files the import would read, or None if they cannot all be
    found (the parser then says what is wrong)."""
    sources = find_sources(paths)
    if sources.problems or not sources.files:
        return None
    return combined_source_hash(hash_file(s.path)[0] for s in sources.files)


def _earlier_import(conn: Connection, log: EventLog, source_hash: str) -> ImportResult | None:
    """The result of an earlier import of the same files, read back from its event."""
    query = select(view_imports.c.seq).where(view_imports.c.source_hash == source_hash)
    seq = conn.execute(query).scalar()
    if seq is None:
        return None
    data = log.get(seq).data
    files_data = data.get("files")
    files = tuple(
        (str(f["name"]), str(f["sha256"]))
        for f in (files_data if isinstance(files_data, list) else [])
        if isinstance(f, dict)
    )
    counts_data = data.get("counts")
    counts = {
        str(k): int(v)
        for k, v in (counts_data.items() if isinstance(counts_data, dict) else ())
        if isinstance(v, int)
    }
    return ImportResult(source_hash, True, seq, files, counts, 0, 0, 0)


def _known_ids(conn: Connection) -> KnownIds:
    def ids(column: Any) -> frozenset[str]:
        return frozenset(conn.execute(select(column)).scalars())

    return KnownIds(
        organisations=ids(view_organisations.c.id),
        people=ids(view_people.c.id),
        cases=ids(view_cases.c.ref),
        statements=ids(view_statements.c.id),
        mentions=ids(view_mentions.c.id),
        allegations=ids(view_allegations.c.id),
    )


def _grouped(events: Iterator[Event]) -> Iterator[list[Event]]:
    group: list[Event] = []
    for event in events:
        group.append(event)
        if len(group) >= _GROUP:
            yield group
            group = []
    if group:
        yield group


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


class _Writer:
    """Turns a checked batch into events, sealing protected values on the way."""

    def __init__(self, conn: Connection, keys: KeyStore, actor: str, now: datetime) -> None:
        self.conn, self.keys, self.actor, self.now = conn, keys, actor, now
        self.queued = 0
        self.referred = 0

    def event(
        self, type_: str, data: Mapping[str, JSONValue], case: str | None, subject: str | None
    ) -> Event:
        return Event(type_, self.actor, self.now, data, case, subject)

    def events(self, batch: ImportBatch) -> Iterator[Event]:
        # One query and one bulk insert for every data key the seals below will use.
        self.keys.keys_for(
            [r.entity.id for r in batch.people if r.protected]
            + [r.entity.given_by for r in batch.statements if r.protected.get("text") is not None]
        )
        yield self._recorded(batch)
        yield from (self._organisation(r.entity) for r in batch.organisations)
        yield from (self._person(r) for r in batch.people)
        yield from (self._affiliation(r.entity) for r in batch.affiliations)
        yield from (self._accreditation(r.entity) for r in batch.accreditations)
        yield from (self._case(r.entity) for r in batch.cases)
        yield from (self._declaration(r.entity) for r in batch.declarations)
        yield from (self._statement(r) for r in batch.statements)
        yield from (self._mention(r.entity) for r in batch.mentions)
        yield from (self._allegation(r.entity) for r in batch.allegations)
        yield from self._referrals(batch)
        yield from self._queue(batch)

    def _recorded(self, batch: ImportBatch) -> Event:
        files: list[JSONValue] = [
            {"name": f.name, "kind": f.kind.value, "sha256": f.sha256, "rows": f.rows}
            for f in batch.files
        ]
        counts: dict[str, JSONValue] = dict(batch.counts())
        data: dict[str, JSONValue] = {
            "source_hash": batch.source_hash,
            "files": files,
            "counts": counts,
            "rows": batch.row_count,
            "source_organisation": (
                batch.manifest.source_organisation if batch.manifest is not None else None
            ),
        }
        return self.event("import.recorded", data, None, batch.source_hash)

    def _organisation(self, org: Organisation) -> Event:
        data: dict[str, JSONValue] = {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "parent": org.parent,
        }
        return self.event("organisation.registered", data, None, org.id)

    def _person(self, record: Record[Any]) -> Event:
        person = record.entity
        identity: dict[str, JSONValue] = {
            name: seal(self.keys, person.id, name, value)
            for name, value in sorted(record.protected.items())
        }
        data: dict[str, JSONValue] = {
            "id": person.id,
            "kind": person.kind.value,
            "pseudonym": person.pseudonym,
            "identity": identity,
        }
        return self.event("person.registered", data, None, person.id)

    def _affiliation(self, post: Affiliation) -> Event:
        data: dict[str, JSONValue] = {
            "person": post.person,
            "organisation": post.organisation,
            "role": post.role,
            "rank": post.rank,
            "collar_number": post.collar_number,
            "start": post.start.isoformat(),
            "end": _day(post.end),
            "line_manager": post.line_manager,
            "end_reason": post.end_reason.value if post.end_reason else None,
        }
        return self.event("affiliation.recorded", data, None, post.person)

    def _accreditation(self, held: Accreditation) -> Event:
        data: dict[str, JSONValue] = {
            "person": held.person,
            "accreditation": held.accreditation,
            "awarded_on": _day(held.awarded_on),
            "expires_on": _day(held.expires_on),
        }
        return self.event("accreditation.recorded", data, None, held.person)

    def _case(self, case: Case) -> Event:
        o = case.original
        original: dict[str, JSONValue] = {
            "received_by": o.received_by,
            "recorded_by": o.recorded_by,
            "investigated_by": o.investigated_by,
            "decided_by": o.decided_by,
            "outcome": o.outcome,
            "decided_on": _day(o.decided_on),
        }
        data: dict[str, JSONValue] = {
            "ref": case.ref,
            "originating_org": case.originating_org,
            "period_start": case.period_start.isoformat(),
            "period_end": _day(case.period_end),
            "offence_categories": [*case.offence_categories],
            "historic": case.historic,
            "original": original,
        }
        return self.event("case.opened", data, case.ref, None)

    def _declaration(self, d: Declaration) -> Event:
        data: dict[str, JSONValue] = {"person": d.person, "reason": d.reason}
        return self.event("interest.declared", data, d.case, d.person)

    def _statement(self, record: Record[Any]) -> Event:
        s = record.entity
        text = record.protected.get("text")
        data: dict[str, JSONValue] = {
            "statement": s.id,
            "given_by": s.given_by,
            "recorded_by": s.recorded_by,
            "taken_on": s.taken_on.isoformat(),
            "status": record.extra.get("status", "held"),
            "in_review": False,
            "text": seal(self.keys, s.given_by, "text", text) if text is not None else None,
        }
        return self.event("statement.recorded", data, s.case, s.given_by)

    def _mention(self, m: Mention) -> Event:
        data: dict[str, JSONValue] = {
            "mention": m.id,
            "statement": m.statement,
            "text": m.text,
            "kind": m.kind.value,
            "role": m.role,
        }
        return self.event("mention.recorded", data, m.case, m.id)

    def _allegation(self, a: Allegation) -> Event:
        accused: list[JSONValue] = [
            {
                "person": x.person,
                "mention": x.mention,
                "description": x.description,
                "described_as_officer": x.described_as_officer,
            }
            for x in a.accused
        ]
        data: dict[str, JSONValue] = {
            "allegation": a.id,
            "complainant": a.complainant,
            "accused": accused,
            "category": a.category,
            "date_from": _day(a.date_from),
            "date_to": _day(a.date_to),
            "places": [*a.places],
            "referral_flags": [*sorted(f.value for f in a.referral_flags)],
        }
        return self.event("allegation.recorded", data, a.case, a.id)

    def _referrals(self, batch: ImportBatch) -> Iterator[Event]:
        facts = _ReferralFacts(self.conn, batch)
        for ref, allegations in facts.allegations_by_case.items():
            ctx = facts.context(ref, allegations, self.now.date())
            for allegation in allegations:
                (event,) = decide_referral(allegation, ctx, self.actor, self.now).events
                self.referred += event.data["mode"] == ReferralMode.INDEPENDENT.value
                yield event

    def _queue(self, batch: ImportBatch) -> Iterator[Event]:
        for record in batch.cases:
            case: Case = record.entity
            if not case.historic:
                continue
            decided = decide_queue(QueueForReview(case.ref, self.actor), case, None, self.now)
            self.queued += 1
            yield from decided.events


class _ReferralFacts:
    """What the referral rule (IR-5) needs for a batch: each case, the posts of its accused,
    and the organisations above those posts, from the batch and the store together."""

    def __init__(self, conn: Connection, batch: ImportBatch) -> None:
        self.conn = conn
        self.cases: dict[str, Case] = {r.entity.ref: r.entity for r in batch.cases}
        self.allegations_by_case: dict[str, list[Allegation]] = {}
        for a in batch.allegations:
            self.allegations_by_case.setdefault(a.entity.case, []).append(a.entity)
        self.mentions: dict[str, list[Mention]] = {}
        for m in batch.mentions:
            self.mentions.setdefault(m.entity.case, []).append(m.entity)
        accused = {x.person for a in _all(self.allegations_by_case) for x in a.accused if x.person}
        self.posts: dict[str, list[Affiliation]] = {}
        for post in (r.entity for r in batch.affiliations):
            if post.person in accused:
                self.posts.setdefault(post.person, []).append(post)
        for post in posts_of(conn, accused):
            self.posts.setdefault(post.person, []).append(post)
        self.orgs = _all_organisations(conn, batch.organisations)

    def context(
        self, ref: str, allegations: Sequence[Allegation], as_of: date
    ) -> IndependenceContext:
        case = self.cases.get(ref) or load_case(self.conn, ref)
        people = {x.person for a in allegations for x in a.accused if x.person}
        posts = tuple(p for person in sorted(people) for p in self.posts.get(person, ()))
        return IndependenceContext(
            case=case,
            as_of=as_of,
            allegations=tuple(allegations),
            mentions=tuple(self.mentions.get(ref, ())),
            affiliations=posts,
            organisations=tuple(self._orgs_above(p.organisation for p in posts)),
        )

    def _orgs_above(self, ids: Iterable[str]) -> list[Organisation]:
        found: dict[str, Organisation] = {}
        for org_id in ids:
            current = self.orgs.get(org_id)
            while current is not None and current.id not in found:
                found[current.id] = current
                current = self.orgs.get(current.parent) if current.parent else None
        return list(found.values())


def _all(groups: Mapping[str, list[Allegation]]) -> Iterator[Allegation]:
    for items in groups.values():
        yield from items


def _all_organisations(
    conn: Connection, records: Sequence[Record[Organisation]]
) -> dict[str, Organisation]:
    t = view_organisations
    found = {
        row.id: Organisation(row.id, row.name, OrgKind(row.kind), row.parent)
        for row in conn.execute(select(t.c.id, t.c.name, t.c.kind, t.c.parent))
    }
    found.update({r.entity.id: r.entity for r in records})
    return found
