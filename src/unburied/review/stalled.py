"""Stalled cases: those that have sat in one state for longer than its limit, and who holds them.

``unburied stalled`` lists what :func:`stalled` returns, most overdue first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from unburied.domain.errors import InvalidInput
from unburied.review.lifecycle import CaseState, CaseStatus

__all__ = ["DEFAULT_STALL_POLICY", "Stall", "StallPolicy", "parse_limits", "stalled"]


class StallPolicy:
    """How long a case may sit in each state before it counts as stalled.

    A policy with no limits raises: it would report nothing stalled, forever, and that silence
    would look like a review in good order. A state left out has no limit (``closed``, say).
    """

    def __init__(self, limits: Mapping[CaseState, timedelta]) -> None:
        if not limits:
            raise InvalidInput("a stall policy needs a time limit for at least one state")
        for state, limit in limits.items():
            if limit <= timedelta(0):
                raise InvalidInput(f"stall limit for {state.value} is {limit}; it must be positive")
        self.limits: Mapping[CaseState, timedelta] = MappingProxyType(dict(limits))

    def __repr__(self) -> str:
        shown = {s.value: str(t) for s, t in self.limits.items()}
        return f"StallPolicy({shown!r})"

    def limit_for(self, state: CaseState) -> timedelta | None:
        """The limit for ``state``, or ``None`` if it has none."""
        return self.limits.get(state)


#: Default limits; configure per operation.
DEFAULT_STALL_POLICY = StallPolicy(
    {
        CaseState.RECEIVED: timedelta(days=14),
        CaseState.TRIAGED: timedelta(days=14),
        CaseState.ASSIGNED: timedelta(days=14),
        CaseState.UNDER_INVESTIGATION: timedelta(days=180),
        CaseState.DECISION_PROPOSED: timedelta(days=28),
        CaseState.INDEPENDENTLY_REVIEWED: timedelta(days=14),
        CaseState.REOPENED: timedelta(days=7),
    }
)


def parse_limits(texts: Sequence[str], base: StallPolicy = DEFAULT_STALL_POLICY) -> StallPolicy:
    """``base`` with limits replaced by ``STATE=DAYS`` texts (e.g. ``"assigned=30"``).

    Raises :class:`InvalidInput` naming the text, the states known and what was expected.
    """
    limits = dict(base.limits)
    known = ", ".join(state.value for state in CaseState)
    for text in texts:
        state_text, sep, days_text = text.partition("=")
        try:
            state = CaseState(state_text.strip())
        except ValueError:
            raise InvalidInput(
                f"stall limit {text!r}: {state_text.strip()!r} is not a state (one of: {known})"
            ) from None
        if not sep or not days_text.strip().isdigit() or int(days_text) < 1:
            raise InvalidInput(
                f"stall limit {text!r}: expected STATE=DAYS with a whole number of days >= 1"
            )
        limits[state] = timedelta(days=int(days_text))
    return StallPolicy(limits)


@dataclass(frozen=True)
class Stall:
    """A case past its limit: where it sits, since when, by how much, and who holds it."""

    case: str
    state: CaseState
    since: datetime
    limit: timedelta
    overdue: timedelta
    holder: str | None

    def __str__(self) -> str:
        holder = self.holder or "the review lead (unassigned)"
        return (
            f"case {self.case} has been {self.state.value} since {self.since:%Y-%m-%d}, "
            f"{self.overdue.days} day(s) past its {self.limit.days}-day limit; held by {holder}"
        )


def stalled(
    cases_with_state_since: Iterable[CaseStatus],
    now: datetime,
    policy: StallPolicy = DEFAULT_STALL_POLICY,
) -> list[Stall]:
    """Every case past its state's limit at ``now``, most overdue first (then by case)."""
    found = []
    for status in cases_with_state_since:
        limit = policy.limit_for(status.state)
        if limit is None:
            continue
        waited = now - status.since
        if waited > limit:
            found.append(
                Stall(status.case, status.state, status.since, limit, waited - limit, status.holder)
            )
    return sorted(found, key=lambda s: (-s.overdue, s.case))
