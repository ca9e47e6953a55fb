"""Projectors of the review: case status (by the lifecycle's own ``evolve``), assignments,
absences, overrides, concerns, decisions, refusals, access and imports.

The status projector folds each event with :func:`unburied.review.evolve`, so the view and a
replay of the log agree by construction, and an event the lifecycle refuses (a close without
a sign-off) makes the append fail instead of reaching the view.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from unburied.domain.commands import OutcomeSpec
from unburied.domain.events import RecordedEvent, format_time, parse_time
from unburied.review.lifecycle import CaseState, CaseStatus, Proposal, evolve
from unburied.store.case_views import (
    chunked,
    dump_json,
    insert_rows,
    payload_has,
    payload_text,
    payload_texts,
    recorded_at,
    refusal_rules,
    view_absences,
    view_access,
    view_assignments,
    view_case_status,
    view_concerns,
    view_decisions,
    view_imports,
    view_overrides,
    view_refusals,
)
from unburied.store.views import projector

__all__ = ["status_from_row", "status_to_row"]

# -- case status ---------------------------------------------------------------------------------


def status_from_row(row: Mapping[Any, Any]) -> CaseStatus:
    """Rebuild a :class:`CaseStatus` from a row of ``view_case_status``."""
    proposal = None
    if row["proposal"]:
        obj = json.loads(row["proposal"])
        outcomes = tuple(
            OutcomeSpec(
                kind=o["kind"],
                code=o["code"],
                reason_code=o.get("reason_code"),
                allegation=o.get("allegation"),
                subject=o.get("subject"),
            )
            for o in obj["outcomes"]
        )
        proposal = Proposal(outcomes, obj["rationale"], obj["by"], parse_time(obj["at"]))
    return CaseStatus(
        case=row["case_ref"],
        state=CaseState(row["state"]),
        since=parse_time(row["since"]),
        investigator=row["investigator"],
        reviewer=row["reviewer"],
        proposal=proposal,
        signed_off_by=row["signed_off_by"],
        historic=bool(row["historic"]),
    )


def status_to_row(status: CaseStatus) -> dict[str, Any]:
    """The row of ``view_case_status`` holding ``status`` (inverse of :func:`status_from_row`)."""
    proposal = None
    if status.proposal is not None:
        p = status.proposal
        proposal = dump_json(
            {
                "outcomes": [
                    {
                        "kind": o.kind,
                        "code": o.code,
                        "reason_code": o.reason_code,
                        "allegation": o.allegation,
                        "subject": o.subject,
                    }
                    for o in p.outcomes
                ],
                "rationale": p.rationale,
                "by": p.by,
                "at": format_time(p.at),
            }
        )
    return {
        "case_ref": status.case,
        "state": status.state.value,
        "since": format_time(status.since),
        "investigator": status.investigator,
        "reviewer": status.reviewer,
        "proposal": proposal,
        "signed_off_by": status.signed_off_by,
        "historic": status.historic,
    }


def _load_statuses(conn: Connection, refs: Iterable[str]) -> dict[str, CaseStatus]:
    found: dict[str, CaseStatus] = {}
    for chunk in chunked(refs):
        query = select(view_case_status).where(view_case_status.c.case_ref.in_(chunk))
        for row in conn.execute(query).mappings():
            found[row["case_ref"]] = status_from_row(row)
    return found


@projector(
    "case.queued",
    "case.transitioned",
    "assignment.made",
    "assignment.ended",
    "decision.proposed",
    "closure.signed_off",
)
def _case_status(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    """Fold each event into its case's status with the lifecycle's own ``evolve``."""
    refs = {r.event.case for r in events if r.event.case}
    known = _load_statuses(conn, refs)
    current: dict[str, CaseStatus | None] = dict(known)
    changed: set[str] = set()
    for r in events:
        ref = r.event.case
        if ref is None:
            continue
        before = current.get(ref)
        after = evolve(before, r.event)
        if after is not before:
            current[ref] = after
            changed.add(ref)
    stale = sorted(ref for ref in changed if ref in known)
    for chunk in chunked(stale):
        conn.execute(delete(view_case_status).where(view_case_status.c.case_ref.in_(chunk)))
    rows = [status_to_row(s) for ref in sorted(changed) if (s := current[ref]) is not None]
    insert_rows(conn, view_case_status, rows)


# -- assignments, absences, overrides ------------------------------------------------------------


@projector("assignment.made")
def _assignments(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    t = view_assignments
    for r in events:
        d = r.data
        if not (r.event.case and payload_has(d, "assignment", "person", "role")):
            continue
        replaced = payload_text(d, "replaces")
        if replaced is not None:
            conn.execute(
                update(t)
                .where(
                    t.c.case_ref == r.event.case,
                    t.c.person == replaced,
                    t.c.role == d["role"],
                    t.c.active.is_(True),
                )
                .values(
                    active=False, ended_at=recorded_at(r), end_reason=f"replaced by {d['person']}"
                )
            )
        row = {
            "id": d["assignment"],
            "case_ref": r.event.case,
            "person": d["person"],
            "role": d["role"],
            "task": payload_text(d, "task"),
            "involves": dump_json(sorted(payload_texts(d, "involves"))),
            "assigned_by": r.event.actor,
            "at": recorded_at(r),
            "active": True,
            "ended_at": None,
            "end_reason": None,
            "seq": r.seq,
        }
        conn.execute(insert(t), [row])


@projector("assignment.ended")
def _assignments_ended(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    t = view_assignments
    for r in events:
        if payload_has(r.data, "assignment"):
            conn.execute(
                update(t)
                .where(t.c.id == r.data["assignment"])
                .values(
                    active=False, ended_at=recorded_at(r), end_reason=payload_text(r.data, "reason")
                )
            )


@projector("absence.recorded")
def _absences(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    latest: dict[str, dict[str, Any]] = {}
    for r in events:
        d = r.data
        if payload_has(d, "person") and isinstance(d.get("absent"), bool):
            latest[str(d["person"])] = {
                "person": d["person"],
                "absent": d["absent"],
                "reason": payload_text(d, "reason") or "",
                "since": recorded_at(r),
                "seq": r.seq,
            }
    for chunk in chunked(latest):
        conn.execute(delete(view_absences).where(view_absences.c.person.in_(chunk)))
    insert_rows(conn, view_absences, [latest[p] for p in sorted(latest)])


@projector("override.granted")
def _overrides(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "id": r.data["override"],
            "case_ref": r.event.case,
            "candidate": r.data["candidate"],
            "role": r.data["role"],
            "involves": dump_json(sorted(payload_texts(r.data, "involves"))),
            "approvers": dump_json(sorted(payload_texts(r.data, "approvers"))),
            "reason": payload_text(r.data, "reason") or "",
            "conflicts": dump_json(r.data.get("conflicts") or []),
            "at": recorded_at(r),
            "seq": r.seq,
        }
        for r in events
        if r.event.case and payload_has(r.data, "override", "candidate", "role")
    ]
    insert_rows(conn, view_overrides, rows)


# -- concerns, decisions, refusals, access, imports ----------------------------------------------


@projector("concern.raised")
def _concerns(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "seq": r.seq,
            "case_ref": r.event.case,
            "raised_by": r.event.actor,
            "text": r.data["text"],
            "state": payload_text(r.data, "state"),
            "reopens": r.data.get("reopens") is True,
            "at": recorded_at(r),
        }
        for r in events
        if r.event.case and payload_has(r.data, "text")
    ]
    insert_rows(conn, view_concerns, rows)


_DECISION_TEXT = {
    "decision.proposed": "rationale",
    "closure.signed_off": "note",
    "case.closed": "rationale",
    "case.reopened": "reason",
    "closure.refused": "step",
}


def _decision_row(r: RecordedEvent) -> dict[str, Any]:
    d = r.data
    outcomes = d.get("outcomes")
    signer = payload_text(d, "signed_off_by") or payload_text(d, "reviewer")
    return {
        "seq": r.seq,
        "case_ref": r.event.case,
        "type": r.type,
        "actor": r.event.actor,
        "at": recorded_at(r),
        "text": payload_text(d, _DECISION_TEXT[r.type]),
        "outcomes": dump_json(outcomes) if isinstance(outcomes, list) else None,
        "signed_off_by": signer,
        "rules": dump_json(refusal_rules(d)) if r.type == "closure.refused" else None,
    }


@projector(
    "decision.proposed", "closure.signed_off", "closure.refused", "case.closed", "case.reopened"
)
def _decisions(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    insert_rows(conn, view_decisions, [_decision_row(r) for r in events if r.event.case])


@projector("assignment.refused", "override.refused", "closure.refused", "link.refused")
def _refusals(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "seq": r.seq,
            "type": r.type,
            "case_ref": r.event.case,
            "subject": r.event.subject,
            "actor": r.event.actor,
            "at": recorded_at(r),
            "rules": dump_json(refusal_rules(r.data)),
        }
        for r in events
    ]
    insert_rows(conn, view_refusals, rows)


@projector("access.recorded", "access.alert", "access.refused")
def _access(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = [
        {
            "seq": r.seq,
            "type": r.type,
            "actor": r.event.actor,
            "case_ref": r.event.case,
            "subject": r.event.subject,
            "field": r.data["field"],
            "role": r.data["role"],
            "at": recorded_at(r),
        }
        for r in events
        if payload_has(r.data, "field", "role")
    ]
    insert_rows(conn, view_access, rows)


@projector("import.recorded")
def _imports(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        if not payload_has(d, "source_hash"):
            continue
        files = d.get("files")
        rows_count = d.get("rows")
        rows.append(
            {
                "source_hash": d["source_hash"],
                "seq": r.seq,
                "actor": r.event.actor,
                "at": recorded_at(r),
                "files": dump_json(files if isinstance(files, list) else []),
                "rows": rows_count if isinstance(rows_count, int) else 0,
            }
        )
    insert_rows(conn, view_imports, rows)
