"""Looking at cases: the list, one case's timeline, the stalled ones; rebuilding the views.

Nothing here changes a case. The timeline is the log itself (every event of the case with its
sequence number), summarised in plain words; sealed values are never opened here — reading
one is :func:`unburied.services.access.read_protected`, which records the read first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, select

from unburied.bootstrap import Unburied
from unburied.domain.errors import InvalidInput, NotFound
from unburied.domain.events import JSONValue, RecordedEvent
from unburied.review import DEFAULT_STALL_POLICY, CaseState, Stall, StallPolicy, stalled
from unburied.services.context import case_exists
from unburied.store.case_views import view_allegations, view_case_status, view_cases
from unburied.store.review_projectors import status_from_row
from unburied.store.views import rebuild_views

__all__ = [
    "NOT_IN_REVIEW",
    "CaseSummary",
    "TimelineEntry",
    "case_summary",
    "case_timeline",
    "list_cases",
    "rebuild_all_views",
    "stalled_cases",
    "summarise",
]

#: The ``state`` filter of :func:`list_cases` for cases opened but never queued for review.
NOT_IN_REVIEW = "not_in_review"


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list: the case, where its review stands, who holds it."""

    ref: str
    originating_org: str
    period_start: str
    period_end: str | None
    historic: bool
    state: str
    since: str | None
    investigator: str | None
    reviewer: str | None
    holder: str | None
    referred: bool


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a case's timeline: its sequence number and what it says, in words."""

    seq: int
    at: str
    type: str
    actor: str
    subject: str | None
    summary: str


def _summaries(conn: Connection, where: ColumnElement[bool] | None) -> list[CaseSummary]:
    c, s = view_cases, view_case_status
    query = select(c, s).select_from(c.outerjoin(s, s.c.case_ref == c.c.ref)).order_by(c.c.ref)
    if where is not None:
        query = query.where(where)
    referred = set(
        conn.execute(
            select(view_allegations.c.case_ref).where(
                view_allegations.c.referral_mode == "independent"
            )
        ).scalars()
    )
    found = []
    for row in conn.execute(query).mappings():
        status = status_from_row(row) if row["state"] is not None else None
        found.append(
            CaseSummary(
                ref=row["ref"],
                originating_org=row["originating_org"],
                period_start=row["period_start"],
                period_end=row["period_end"],
                historic=bool(row["historic"]),
                state=status.state.value if status else NOT_IN_REVIEW,
                since=row["since"],
                investigator=row["investigator"],
                reviewer=row["reviewer"],
                holder=status.holder if status else None,
                referred=row["ref"] in referred,
            )
        )
    return found


def list_cases(app: Unburied, state: CaseState | str | None = None) -> list[CaseSummary]:
    """Every case, by reference; ``state`` keeps those in one lifecycle state (or
    :data:`NOT_IN_REVIEW`)."""
    where: ColumnElement[bool] | None = None
    if state == NOT_IN_REVIEW:
        where = view_case_status.c.state.is_(None)
    elif state is not None:
        try:
            where = view_case_status.c.state == CaseState(state).value
        except ValueError:
            states = ", ".join([*(s.value for s in CaseState), NOT_IN_REVIEW])
            raise InvalidInput(f"state {state!r} is not one of: {states}") from None
    with app.uow() as uow:
        return _summaries(uow.connection, where)


def case_summary(app: Unburied, ref: str) -> CaseSummary:
    """One case's line of the list; :class:`NotFound` if there is no such case."""
    with app.uow() as uow:
        found = _summaries(uow.connection, view_cases.c.ref == ref)
    if not found:
        raise NotFound(f"case {ref} is not in the store; `unburied cases` lists every case")
    return found[0]


def case_timeline(app: Unburied, ref: str) -> list[TimelineEntry]:
    """Every event of case ``ref`` in log order, with its sequence number and a summary."""
    with app.uow() as uow:
        if not case_exists(uow.connection, ref):
            raise NotFound(f"case {ref} is not in the store; `unburied cases` lists every case")
        events = uow.events.find(case=ref)
    return [
        TimelineEntry(
            r.seq,
            r.event.at.strftime("%Y-%m-%d %H:%M:%S"),
            r.type,
            r.event.actor,
            r.event.subject,
            summarise(r),
        )
        for r in events
    ]


def stalled_cases(
    app: Unburied, now: datetime | None = None, policy: StallPolicy = DEFAULT_STALL_POLICY
) -> list[Stall]:
    """Every case past its state's time limit at ``now`` (default: the app's clock), most
    overdue first, with who holds it."""
    states = [state.value for state in policy.limits]
    with app.uow() as uow:
        query = select(view_case_status).where(view_case_status.c.state.in_(states))
        statuses = [status_from_row(row) for row in uow.connection.execute(query).mappings()]
    return stalled(statuses, now or app.clock(), policy)


def rebuild_all_views(app: Unburied) -> int:
    """Empty every view and replay the whole log into them; return how many events replayed."""
    with app.uow() as uow:
        replayed = rebuild_views(uow.connection)
        uow.commit()
    return replayed


# -- a timeline in words --------------------------------------------------------------------------


def _t(data: Mapping[str, JSONValue], key: str, default: str = "?") -> str:
    value = data.get(key)
    return str(value) if value not in (None, "") else default


def _list(data: Mapping[str, JSONValue], key: str) -> str:
    value = data.get(key)
    items = [str(v) for v in value] if isinstance(value, list) else []
    return ", ".join(items) or "none"


def _rules(data: Mapping[str, JSONValue], key: str = "refusals") -> str:
    found = data.get(key)
    items = found if isinstance(found, list) else []
    rules = [str(f.get("rule")) for f in items if isinstance(f, dict)]
    return ", ".join(dict.fromkeys(rules)) or "none"


def _outcomes(data: Mapping[str, JSONValue]) -> str:
    found = data.get("outcomes")
    items = found if isinstance(found, list) else []
    shown = []
    for o in items:
        if isinstance(o, dict):
            reason = f" ({o['reason_code']})" if o.get("reason_code") else ""
            shown.append(f"{o.get('kind')}: {o.get('code')}{reason}")
    return "; ".join(shown) or "none"


def _accused(data: Mapping[str, JSONValue]) -> str:
    found = data.get("accused")
    items = found if isinstance(found, list) else []
    names = [
        str(a.get("person") or a.get("mention") or a.get("description"))
        for a in items
        if isinstance(a, dict)
    ]
    return ", ".join(names) or "nobody named"


_Summary = Callable[[Mapping[str, JSONValue]], str]

_SUMMARIES: dict[str, _Summary] = {
    "case.opened": lambda d: (
        f"opened from {_t(d, 'originating_org')}, period {_t(d, 'period_start')} to "
        f"{_t(d, 'period_end', 'unknown')}"
    ),
    "case.queued": lambda d: (
        f"queued for independent review; original handlers conflicted: {_list(d, 'conflicted')}"
    ),
    "case.transitioned": lambda d: f"{_t(d, 'from')} → {_t(d, 'to')}: {_t(d, 'reason', '')}",
    "allegation.recorded": lambda d: (
        f"allegation {_t(d, 'allegation')} by {_t(d, 'complainant')} against {_accused(d)} "
        f"({_t(d, 'category')}; referral criteria: {_list(d, 'referral_flags')})"
    ),
    "referral.decided": lambda d: f"referral: {_t(d, 'mode')}: {_t(d, 'reason')}",
    "statement.recorded": lambda d: (
        f"statement {_t(d, 'statement')} given by {_t(d, 'given_by')}, recorded by "
        f"{_t(d, 'recorded_by')} on {_t(d, 'taken_on')} "
        + ("(text sealed)" if isinstance(d.get("text"), dict) else "(recorded as lost)")
    ),
    "mention.recorded": lambda d: (
        f"mention {_t(d, 'mention')} in {_t(d, 'statement')}: “{_t(d, 'text')}” "
        f"({_t(d, 'kind')}, {_t(d, 'role')})"
    ),
    "interest.declared": lambda d: f"{_t(d, 'person')} declared an interest",
    "assignment.made": lambda d: (
        f"{_t(d, 'assignment')}: {_t(d, 'person')} as {_t(d, 'role')}"
        + (f" ({_t(d, 'task')})" if d.get("task") else "")
        + (f", replacing {_t(d, 'replaces')}" if d.get("replaces") else "")
        + (f", under override {_list(d, 'overrides')}" if d.get("overrides") else "")
    ),
    "assignment.refused": lambda d: f"{_t(d, 'person')} as {_t(d, 'role')} refused: {_rules(d)}",
    "assignment.ended": lambda d: f"{_t(d, 'assignment')} ended: {_t(d, 'reason')}",
    "decision.proposed": lambda d: f"proposed {_outcomes(d)}: {_t(d, 'rationale')}",
    "closure.signed_off": lambda d: f"signed off by {_t(d, 'reviewer')}: {_outcomes(d)}",
    "closure.refused": lambda d: f"{_t(d, 'step').replace('_', '-')} refused: {_rules(d)}",
    "case.closed": lambda d: (
        f"closed ({_outcomes(d)}), signed off by {_t(d, 'signed_off_by')}: {_t(d, 'rationale')}"
    ),
    "case.reopened": lambda d: f"re-opened: {_t(d, 'reason')}",
    "concern.raised": lambda d: f"concern: {_t(d, 'text')}",
    "override.granted": lambda d: (
        f"override {_t(d, 'override')} for {_t(d, 'candidate')} as {_t(d, 'role')} by "
        f"{_list(d, 'approvers')}: {_t(d, 'reason')}"
    ),
    "override.refused": lambda d: (
        f"override for {_t(d, 'candidate')} as {_t(d, 'role')} refused: {_rules(d)}"
    ),
    "link.refused": lambda d: (
        f"{'confirming' if d.get('accept') is True else 'rejecting'} link {_t(d, 'link')} "
        f"({_t(d, 'left')} – {_t(d, 'right')}) refused: {_rules(d)}"
    ),
    "access.recorded": lambda d: f"read {_t(d, 'field')} ({_t(d, 'basis')}): {_t(d, 'reason')}",
    "access.refused": lambda d: f"read of {_t(d, 'field')} refused: {_rules(d)}",
    "access.alert": lambda d: (
        f"ALERT: read of {_t(d, 'field')} by a reader with conflicts: {_rules(d, 'conflicts')}"
    ),
}


def summarise(recorded: RecordedEvent) -> str:
    """One line saying what an event records, without opening any sealed value."""
    describe = _SUMMARIES.get(recorded.type)
    return describe(recorded.data) if describe else recorded.type
