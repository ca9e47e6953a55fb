"""Allocating many queued cases at once, through the same rules as a single assignment.

A review lead with two thousand historic cases does not assign them one by one. For each case
:func:`allocate` tries the candidates of a pool, least loaded first, until the independence
rules allow one; every refusal is decided by ``review.decide_assignment`` exactly as
``services.assignments.assign`` decides it, and is recorded as an ``assignment.refused`` event
with every conflict. Cases are taken in chunks, each chunk one unit of work: one commit and one
signed checkpoint for all its events (group commit). A received case is triaged first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from unburied.bootstrap import Unburied
from unburied.domain.commands import AssignPerson, TriageCase
from unburied.domain.entities import Actor, AssignmentRole
from unburied.independence import DEFAULT_POLICY, Policy
from unburied.review import CaseState, decide_assignment, decide_triage
from unburied.services.commands import CaseFacts, authorise
from unburied.store.uow import SqlUnitOfWork

__all__ = ["Allocation", "allocate"]

Progress = Callable[[int, int], None]


@dataclass
class Allocation:
    """What an allocation did: assignments made, refusals by rule id, cases left unallocated."""

    made: int = 0
    refusals: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    unallocated: list[str] = field(default_factory=list)
    load: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)


def allocate(
    app: Unburied,
    actor: Actor,
    cases: Sequence[str],
    pool: Sequence[str],
    role: AssignmentRole,
    *,
    max_tries: int | None = None,
    chunk: int = 200,
    policy: Policy = DEFAULT_POLICY,
    progress: Progress | None = None,
) -> Allocation:
    """Give each case in ``cases`` one person from ``pool`` in ``role``; see the module doc.

    ``max_tries`` bounds the candidates tried per case (default: the whole pool, so a case
    left unallocated is one that nobody in the pool may take).
    """
    if not pool:
        raise ValueError("allocation needs a pool of at least one candidate")
    authorise(actor, AssignPerson("AS-?", "*", pool[0], role, actor.id))
    result = Allocation(load=Counter({person: 0 for person in pool}))
    for start in range(0, len(cases), chunk):
        tries = max_tries or len(pool)
        _allocate_chunk(app, actor, cases[start : start + chunk], role, tries, policy, result)
        if progress:
            progress(min(start + chunk, len(cases)), len(cases))
    return result


def _allocate_chunk(
    app: Unburied,
    actor: Actor,
    cases: Sequence[str],
    role: AssignmentRole,
    max_tries: int,
    policy: Policy,
    result: Allocation,
) -> None:
    now = app.clock()
    with app.uow() as uow:
        for case in cases:
            facts = CaseFacts(uow.connection, case, now, uow.events.size)
            if facts.status is not None and facts.status.state in (
                CaseState.RECEIVED,
                CaseState.REOPENED,
            ):
                triaged = decide_triage(TriageCase(case, actor.id, "allocation"), facts.status, now)
                uow.events.append(list(triaged.events))
            if not _try_candidates(uow, actor, case, role, max_tries, policy, result, now):
                result.unallocated.append(case)
        uow.commit()


def _try_candidates(
    uow: SqlUnitOfWork,
    actor: Actor,
    case: str,
    role: AssignmentRole,
    max_tries: int,
    policy: Policy,
    result: Allocation,
    now: datetime,
) -> bool:
    # Least loaded first, counting refusals as load so that a candidate the rules keep
    # refusing is not tried first on every case; ties broken by id, so a run is reproducible.
    candidates = sorted(result.load, key=lambda p: (result.load[p] + result.refused[p], p))[
        :max_tries
    ]
    for person in candidates:
        facts = CaseFacts(uow.connection, case, now, uow.events.size)
        cmd = AssignPerson(f"AS-{uow.events.size}", case, person, role, actor.id)
        decided = decide_assignment(
            cmd,
            facts.status,
            facts.context([person]),
            now,
            policy=policy,
            overrides=facts.overrides,
        )
        uow.events.append(list(decided.events))
        if not decided.refusals:
            result.made += 1
            result.load[person] += 1
            return True
        result.refusals += 1
        result.refused[person] += 1
        for finding in decided.refusals:
            result.by_rule[getattr(finding, "rule", "?")] += 1
    return False
