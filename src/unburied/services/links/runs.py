"""Running the linker over the corpus (or one new statement) and recording what is new.

:func:`run_linking` reads every statement, mention, known person and post from the case views
(:mod:`.corpus`) and the decisions already recorded from the link views (:mod:`.stored`), and
runs :func:`unburied.linking.link_mentions` under them: a confirmed link always holds, a
rejected pair is never joined. It appends, in one transaction, only what was never recorded:

* ``link.proposed`` for each review-band link, and each auto-band link the linker held back
  (with ``held_reason``), whose pair was never recorded in any state;
* ``link.confirmed`` with ``"by": "auto"`` and the explanation for each high-confidence link
  the linker applied and nobody decided (a person may still confirm or reject it, once);
* ``corroboration.alert`` for each person named by at least ``k`` independent complainants,
  unless an earlier alert counts the same complainants or more; it names the automatic links
  joining the person's mentions that rest on a first name with context (``links_on_a_name``,
  and a sentence in its reason), since a person's decision on them settles the alert.

A re-run with nothing new appends nothing; :func:`link_statement` links one new statement
without scoring the corpus again.

Payloads (``case`` / ``subject`` of the event in brackets)::

    link.proposed        [case of the mention / mention]  CandidateLink.to_event_data():
                         {"left", "right", "probability_ppm", "band", "explanation",
                          "evidence"}; "held_reason" for an auto-band link held back;
                         "mention" and "person" when it joins a mention to a known person
    link.confirmed       by the linker: the same, with "by": "auto", "reason" (the
                         explanation) and "link" if it had been proposed; by a person, see
                         :mod:`.decisions`
    corroboration.alert  [- / person]  CorroborationAlert.to_event_data()
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor
from unburied.domain.errors import NotFound
from unburied.domain.events import Event, JSONValue
from unburied.linking import (
    Band,
    CandidateLink,
    Constraints,
    CorroborationAlert,
    HeldLink,
    LinkRun,
    MentionLinker,
    corroboration_alerts,
    link_mentions,
    namings_from_allegations,
    namings_from_links,
    stands_without,
    with_links_on_a_name,
)
from unburied.linking.explain import has_identifying_agreement
from unburied.services.commands import Recorded
from unburied.services.links.corpus import Corpus, read_corpus
from unburied.services.links.parameters import load_parameters, save_parameters
from unburied.services.links.rules import LINK_RUN_ROLES, authorise, check_k
from unburied.services.links.stored import (
    AUTO,
    Alert,
    StoredLink,
    auto_links_on_a_name,
    constraints_of,
    count_queued,
    entities_of_pairs,
    pair_of,
    read_alerts,
    read_links,
)
from unburied.store.case_views import view_statements
from unburied.store.uow import SqlUnitOfWork

__all__ = ["COUNTED_ROLES", "LinkSummary", "link_statement", "run_linking"]

#: The mention roles a corroboration alert counts.
COUNTED_ROLES: tuple[str, ...] = ("suspect",)
#: At most this many passes of the linker in one run (see ``_settled_run``).
_PASSES = 3


@dataclass(frozen=True)
class LinkSummary:
    """What a linking run found and recorded."""

    mentions: int
    people: int
    candidates: int
    proposed: int
    auto_linked: int
    held: int
    alerts: int
    queued: int
    conflicts: tuple[str, ...] = ()
    recorded: Recorded = field(default_factory=Recorded)
    model: str = ""  # where the model's parameters came from, in words

    def to_data(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("recorded", "conflicts")}
        return data | {"conflicts": list(self.conflicts), "events": list(self.recorded.seqs)}


def _where(ids: tuple[str, str], cases: Mapping[str, str]) -> tuple[str | None, str]:
    """The case and subject of a link event: the first side that is a mention."""
    for ident in sorted(ids):
        if ident in cases:
            return cases[ident], ident
    return None, sorted(ids)[0]


@dataclass
class _Recorder:
    """Turns a run's candidate links into the events not recorded before."""

    corpus: Corpus
    stored: dict[tuple[str, str], StoredLink]
    actor: str
    now: datetime
    events: list[Event] = field(default_factory=list)
    written: set[tuple[str, str]] = field(default_factory=set)
    proposed: int = 0
    auto: int = 0
    held: int = 0
    applied: list[tuple[str, str]] = field(default_factory=list)  # auto links recorded now
    on_a_name: list[tuple[str, str]] = field(default_factory=list)  # ... of them on a name

    def _event(self, type_: str, link: CandidateLink, extra: dict[str, JSONValue]) -> Event:
        ids = (link.left, link.right)
        data = {**link.to_event_data(), **self.corpus.sides(*ids), **extra}
        case, subject = _where(ids, self.corpus.mention_case)
        return Event(type_, self.actor, self.now, data, case, subject)

    def propose(self, link: CandidateLink, held_reason: str | None = None) -> None:
        """Record ``link.proposed`` unless the pair was recorded before (in any state)."""
        key = pair_of(link.left, link.right)
        if key in self.stored or key in self.written:
            return
        extra: dict[str, JSONValue] = {"held_reason": held_reason} if held_reason else {}
        self.events.append(self._event("link.proposed", link, extra))
        self.written.add(key)
        self.proposed += 1
        self.held += held_reason is not None

    def apply(self, link: CandidateLink) -> None:
        """Record an applied auto link as ``link.confirmed`` by ``auto``, unless decided."""
        key = pair_of(link.left, link.right)
        earlier = self.stored.get(key)
        if key in self.written or (earlier is not None and earlier.state != "proposed"):
            return  # decided already: a re-run never changes a decision
        extra: dict[str, JSONValue] = {"by": AUTO, "reason": link.explanation}
        if earlier is not None:
            extra["link"] = earlier.id
        self.events.append(self._event("link.confirmed", link, extra))
        self.written.add(key)
        self.auto += 1
        self.applied.append(key)
        if not has_identifying_agreement(link.evidence):
            self.on_a_name.append(key)

    def record_run(
        self,
        applied: Iterable[CandidateLink],
        review: Iterable[CandidateLink],
        held: Iterable[HeldLink],
    ) -> None:
        """Auto links first (a pair applied is not also proposed), then the queue."""
        for link in applied:
            self.apply(link)
        for link in review:
            self.propose(link)
        for item in held:
            self.propose(item.link, item.reason)


def _raised_before(alert: CorroborationAlert, raised: Sequence[Alert]) -> bool:
    """True if an earlier alert holds the same person (by id, or by one of the mentions, as an
    entity's id changes when it grows) and every complainant this one counts."""
    mentions = {n.mention for n in alert.namings if n.mention}
    complainants = set(alert.complainants)
    return any(
        (a.person == alert.person or mentions & set(a.mentions))
        and complainants <= set(a.complainants)
        for a in raised
    )


def _alert_events(
    recorder: _Recorder,
    entities: Mapping[str, str],
    raised: Sequence[Alert],
    k: int,
    on_a_name: Sequence[tuple[str, str]],
) -> list[Event]:
    """The alerts not raised before. An alert that would not be raised without some automatic
    links made on a first name with context (``on_a_name``: those recorded before and this
    run's) names them: a person's decision on them settles it."""
    corpus = recorder.corpus

    def alerts_under(joined: Mapping[str, str]) -> list[CorroborationAlert]:
        namings = namings_from_links(
            corpus.records, joined, roles=COUNTED_ROLES, complainants=corpus.complainants
        )
        namings += namings_from_allegations(corpus.accusations, joined)
        return corroboration_alerts(namings, k=k)

    found = with_links_on_a_name(alerts_under(entities), entities, on_a_name)
    if any(alert.on_a_name for alert in found):
        left_out = set(on_a_name)
        confirmed = [key for key, s in recorder.stored.items() if s.state == "confirmed"]
        kept = [key for key in (*confirmed, *recorder.applied) if key not in left_out]
        without = alerts_under(entities_of_pairs(kept, entities, corpus.person_ids))
        found = [
            replace(alert, on_a_name=()) if stands_without(alert, without) else alert
            for alert in found
        ]
    return [
        Event(
            "corroboration.alert",
            recorder.actor,
            recorder.now,
            alert.to_event_data(),
            None,
            alert.person,
        )  # fmt: skip
        for alert in found
        if not _raised_before(alert, raised)
    ]


def _settled_run(
    corpus: Corpus, constraints: Constraints
) -> tuple[MentionLinker, list[CandidateLink], LinkRun]:
    """Run the linker until its auto links are all among the constraints, so that what is
    recorded is what a run under the recorded decisions finds (and a re-run finds nothing new).

    Auto links change what a known person is compared on (the linker gives him the context of
    the mentions linked to him), so a second pass under them may score a few pairs anew.
    Returns the linker, every auto link applied, and the last pass.
    """
    linker, run = link_mentions(corpus.records, corpus.people, constraints)
    applied: list[CandidateLink] = list(run.applied)
    for _ in range(_PASSES - 1):
        if not run.applied:
            break
        confirmed = constraints.confirmed | {link.pair for link in run.applied}
        constraints = Constraints(confirmed, constraints.rejected)
        run = linker.relink(constraints)  # the same as a fresh run, without training again
        applied += run.applied
    return linker, applied, run


def run_linking(app: Unburied, actor: Actor, *, k: int = 2) -> LinkSummary:
    """Link every mention against everything under the recorded decisions; record what is new.

    Holds the writer lock from reading the views to the commit, so the decisions the run
    respects are the ones in force when it records.
    """
    authorise(actor, LINK_RUN_ROLES, "run linking")
    check_k(k)
    now = app.clock()
    with app.uow() as uow:
        corpus = read_corpus(uow.connection)
        stored = read_links(uow.connection)
        linker, applied, run = _settled_run(corpus, constraints_of(stored))
        recorder = _Recorder(corpus, {(s.left, s.right): s for s in stored}, actor.id, now)
        recorder.record_run(applied, run.review, run.held)
        summary = _finish(uow, recorder, run.entities, len(run.links), run.conflicts, k)
    model = save_parameters(app.data_dir, linker.parameters(), now)
    return replace(summary, model=model)


def link_statement(app: Unburied, actor: Actor, statement: str, *, k: int = 2) -> LinkSummary:
    """Link one statement's mentions against everything else, without scoring the rest of
    the corpus (it is indexed, and the linker trained on a sample); record what is new."""
    authorise(actor, LINK_RUN_ROLES, "run linking")
    check_k(k)
    now = app.clock()
    with app.uow() as uow:
        conn = uow.connection
        found = select(view_statements.c.id).where(view_statements.c.id == statement)
        if conn.execute(found).first() is None:
            raise NotFound(f"statement {statement} is not in the store")
        corpus = read_corpus(conn)
        stored = read_links(conn)
        linker = MentionLinker(corpus.people, constraints_of(stored))
        others = [r for r in corpus.records if r.statement != statement]
        parameters, model = load_parameters(app.data_dir)
        linker.build_index(others, parameters=parameters)
        queued: dict[str, list[CandidateLink]] = defaultdict(list)
        for link in stored:
            if link.state == "proposed" and link.probability is not None:
                waiting = CandidateLink(link.left, link.right, link.probability, (), Band.REVIEW)
                queued[link.left].append(waiting)
                queued[link.right].append(waiting)
        mine = [r for r in corpus.records if r.statement == statement]
        run = linker.link_new_statement(mine, queued)
        recorder = _Recorder(corpus, {(s.left, s.right): s for s in stored}, actor.id, now)
        recorder.record_run(run.applied, run.review, run.held)
        summary = _finish(uow, recorder, linker.entities(), len(run.links), run.conflicts, k)
    return replace(summary, model=model)


def _finish(
    uow: SqlUnitOfWork,
    recorder: _Recorder,
    entities: Mapping[str, str],
    candidates: int,
    conflicts: Sequence[str],
    k: int,
) -> LinkSummary:
    """Add the new alerts, append everything, commit; say what was done."""
    on_a_name = [*auto_links_on_a_name(uow.connection), *recorder.on_a_name]
    alerts = _alert_events(recorder, entities, read_alerts(uow.connection), k, on_a_name)
    events = [*recorder.events, *alerts]
    appended = uow.events.append(events) if events else []
    queued = count_queued(uow.connection)
    uow.commit()
    return LinkSummary(
        mentions=len(recorder.corpus.records),
        people=len(recorder.corpus.people),
        candidates=candidates,
        proposed=recorder.proposed,
        auto_linked=recorder.auto,
        held=recorder.held,
        alerts=len(alerts),
        queued=queued,
        conflicts=tuple(conflicts),
        recorded=Recorded(tuple(appended)),
    )
