"""Carrying out a command: authorise the actor, decide on current views, record, refuse.

Every case service follows the same five steps, written once here::

    1. may_issue(actor, command)       the role may issue it, as itself (else Refused, AC-6/7)
    2. with app.uow():                 the writer lock: the views read are the views appended to
    3.   decided = decide(facts)        the pure decider, on facts read from the views
    4.   append(decided.events)         ALWAYS: a refusal the decider records is an event too
         commit()
    5. if decided.refusals: raise Refused(…, refusals)

A refusal by the role table (step 1) is not an event: nothing was decided about the case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlalchemy import Connection

from unburied.access import may_issue
from unburied.bootstrap import Unburied
from unburied.domain.commands import Command, Decided
from unburied.domain.entities import Actor, Case
from unburied.domain.errors import NotFound, Refused
from unburied.domain.events import RecordedEvent
from unburied.independence import IndependenceContext, Override
from unburied.review import CaseStatus
from unburied.services.context import (
    absent_people,
    build_context,
    case_overrides,
    load_case,
    load_status,
)

__all__ = ["CaseFacts", "Recorded", "authorise", "carry_out", "require"]


@dataclass(frozen=True)
class Recorded:
    """What a service appended: the events, with their sequence numbers."""

    events: tuple[RecordedEvent, ...] = ()

    @property
    def seqs(self) -> tuple[int, ...]:
        """The sequence numbers of the events appended."""
        return tuple(r.seq for r in self.events)

    @property
    def types(self) -> tuple[str, ...]:
        """The types of the events appended, in order."""
        return tuple(r.type for r in self.events)


@dataclass
class CaseFacts:
    """What a decider may need about one case, read lazily in the writer's transaction."""

    conn: Connection
    ref: str
    now: datetime
    log_size: int
    _contexts: dict[frozenset[str], IndependenceContext] = field(default_factory=dict)

    @cached_property
    def case(self) -> Case:
        """The case; :class:`NotFound` if it was never opened."""
        return load_case(self.conn, self.ref)

    @cached_property
    def status(self) -> CaseStatus | None:
        """Where the case stands in its review (``None``: not queued)."""
        self.case  # noqa: B018  an unknown case is NotFound, not "not in review"
        return load_status(self.conn, self.ref)

    @cached_property
    def absent(self) -> frozenset[str]:
        """Everyone recorded absent now."""
        return absent_people(self.conn)

    @cached_property
    def overrides(self) -> list[Override]:
        """The overrides granted on the case."""
        return case_overrides(self.conn, self.ref)

    def context(self, candidates: Iterable[str]) -> IndependenceContext:
        """The independence context of the case for checking ``candidates``, as of today."""
        key = frozenset(candidates)
        if key not in self._contexts:
            self._contexts[key] = build_context(self.conn, self.ref, self.now.date(), key)
        return self._contexts[key]


def authorise(actor: Actor, command: Command) -> None:
    """Raise :class:`Refused` if ``actor``'s role may not issue ``command`` (AC-6, AC-7)."""
    findings = may_issue(actor, command)
    if findings:
        raise Refused(f"{type(command).__name__} refused for {actor.id}", findings)


def carry_out(
    app: Unburied,
    actor: Actor,
    command: Command,
    case: str,
    decide: Callable[[CaseFacts], Decided],
    *,
    refused: str,
) -> Recorded:
    """Authorise, decide on ``case``'s facts, append every event, commit; raise on refusal.

    ``refused`` is the head of the refusal message ("assignment of P-0042 to C-0001 refused").
    """
    authorise(actor, command)
    now = app.clock()
    with app.uow() as uow:
        facts = CaseFacts(uow.connection, case, now, uow.events.size)
        decided = decide(facts)
        recorded = uow.events.append(list(decided.events))
        uow.commit()
    if decided.refusals:
        where = f" (recorded as event {recorded[-1].seq})" if recorded else ""
        raise Refused(f"{refused}{where}", decided.refusals)
    return Recorded(tuple(recorded))


def require(found: bool, what: str) -> None:
    """Raise :class:`NotFound` naming ``what`` unless ``found``."""
    if not found:
        raise NotFound(f"{what} is not in the store")
