"""Links and corroboration alerts as views: what was proposed, confirmed, rejected and raised.

Rows are written only by the projectors below, in the append's transaction, and
:func:`unburied.store.views.rebuild_views` replays them from the log like every other view.

Tables, and the events that write them::

    view_links                  link.proposed, link.confirmed, link.rejected
    view_corroboration_alerts   corroboration.alert

A link is identified by the log: ``L-<seq>``, where ``seq`` is the first event that recorded
the pair (its proposal, or the automatic confirmation of a link never proposed). One row per
unordered pair of references (mention ids or person ids), stored with ``left < right``;
``state`` is ``proposed``, ``confirmed`` or ``rejected``; ``decided_by`` is a person's id or
``auto``. A decision names the link (``"link"``) or, from older callers, the pair
(``left``/``right``, or ``mention``/``person``); a decision for a pair never proposed creates
its row. An alert is ``A-<seq>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    select,
    update,
)

from unburied.domain.events import JSONValue, RecordedEvent, format_time
from unburied.store.case_views import chunked, dump_json, insert_rows, payload_text
from unburied.store.schema import metadata
from unburied.store.views import projector, view_table

__all__ = [
    "LINK_STATES",
    "LINK_VIEW_TABLES",
    "link_pair_of",
    "view_corroboration_alerts",
    "view_links",
]

_Seq = BigInteger().with_variant(Integer(), "sqlite")
_Id = String(128)
_Time = String(27)

#: The states of a link, in the order a link can pass through them.
LINK_STATES = ("proposed", "confirmed", "rejected")

view_links = Table(
    "view_links",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("left", _Id, nullable=False),
    Column("right", _Id, nullable=False),
    Column("state", String(16), nullable=False),
    Column("probability_ppm", Integer),
    Column("band", String(16)),
    Column("explanation", Text),
    Column("evidence", Text),  # JSON list of {kind, outcome, detail, weight_millibits}
    Column("held_reason", Text),  # why an auto-band link was not applied, if it was not
    Column("case_ref", _Id),
    Column("decided_by", _Id),
    Column("reason", Text),
    Column("decided_at", _Time),
    Column("first_seq", _Seq, nullable=False),
    Column("decided_seq", _Seq),
)
Index("ix_view_links_pair", view_links.c.left, view_links.c.right, unique=True)
Index("ix_view_links_right", view_links.c.right)
Index("ix_view_links_state", view_links.c.state)

view_corroboration_alerts = Table(
    "view_corroboration_alerts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("person", _Id, nullable=False),
    Column("independent_complainants", Integer, nullable=False),
    Column("k", Integer, nullable=False),
    Column("complainants", Text, nullable=False),  # JSON list
    Column("mentions", Text, nullable=False),  # JSON list of the mentions in the evidence
    Column("reason", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON list, as in the event
    Column("at", _Time, nullable=False),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_corroboration_alerts_person", view_corroboration_alerts.c.person)

#: Every table of the link views, in creation order.
LINK_VIEW_TABLES: tuple[Table, ...] = (view_links, view_corroboration_alerts)
for _table in LINK_VIEW_TABLES:
    view_table(_table)


def link_pair_of(data: Mapping[str, JSONValue]) -> tuple[str, str] | None:
    """The pair a link event names, ordered ``(smaller, larger)``; ``None`` if it names none."""
    left, right = payload_text(data, "left"), payload_text(data, "right")
    if left is None or right is None:
        left, right = payload_text(data, "mention"), payload_text(data, "person")
    if left is None or right is None or left == right:
        return None
    return (left, right) if left < right else (right, left)


def _candidate_columns(data: Mapping[str, JSONValue]) -> dict[str, Any]:
    """The scored part of a link payload (``CandidateLink.to_event_data``), where given."""
    ppm = data.get("probability_ppm")
    evidence = data.get("evidence")
    return {
        "probability_ppm": ppm if isinstance(ppm, int) and not isinstance(ppm, bool) else None,
        "band": payload_text(data, "band"),
        "explanation": payload_text(data, "explanation"),
        "evidence": dump_json(evidence) if isinstance(evidence, list) else None,
    }


def _known(conn: Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The rows (id, probability) already held for any of ``pairs``, by pair."""
    t = view_links
    wanted = set(pairs)
    found: dict[tuple[str, str], Any] = {}
    for chunk in chunked({a for a, _ in wanted}):
        query = select(t.c.left, t.c.right, t.c.id, t.c.probability_ppm).where(t.c.left.in_(chunk))
        for row in conn.execute(query).all():
            if (row.left, row.right) in wanted:
                found[(row.left, row.right)] = row
    return found


@projector("link.proposed")
def _proposed(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    pairs = {r.seq: link_pair_of(r.data) for r in events}
    seen = set(_known(conn, (p for p in pairs.values() if p is not None)))
    rows = []
    for r in events:
        pair = pairs[r.seq]
        if pair is None or pair in seen:
            continue  # a pair is proposed once; the first proposal stands
        seen.add(pair)
        rows.append(
            {
                "id": f"L-{r.seq}",
                "left": pair[0],
                "right": pair[1],
                "state": "proposed",
                **_candidate_columns(r.data),
                "held_reason": payload_text(r.data, "held_reason"),
                "case_ref": r.event.case,
                "first_seq": r.seq,
            }
        )
    insert_rows(conn, view_links, rows)


def _by_id(conn: Connection, link: str) -> Any:
    t = view_links
    query = select(t.c.left, t.c.right, t.c.id, t.c.probability_ppm).where(t.c.id == link)
    return conn.execute(query).first()


def _decided(conn: Connection, events: Sequence[RecordedEvent], state: str) -> None:
    pairs = {r.seq: link_pair_of(r.data) for r in events}
    known = _known(conn, (p for p in pairs.values() if p is not None))
    for r in events:
        pair = pairs[r.seq]
        if pair is None:
            continue
        decision = {
            "state": state,
            "decided_by": payload_text(r.data, "by") or r.event.actor,
            "reason": payload_text(r.data, "reason"),
            "decided_at": format_time(r.event.at),
            "decided_seq": r.seq,
        }
        named = payload_text(r.data, "link")
        found = _by_id(conn, named) if named else known.get(pair)
        scored = _candidate_columns(r.data)
        if found is None:
            row = {"id": f"L-{r.seq}", "left": pair[0], "right": pair[1], **scored}
            row |= {"case_ref": r.event.case, "first_seq": r.seq, **decision}
            insert_rows(conn, view_links, [row])
            known[pair] = _by_id(conn, row["id"])
            continue
        if found.probability_ppm is None and scored["probability_ppm"] is not None:
            decision |= scored
        conn.execute(update(view_links).where(view_links.c.id == found.id).values(**decision))


@projector("link.confirmed")
def _confirmed(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    _decided(conn, events, "confirmed")


@projector("link.rejected")
def _rejected(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    _decided(conn, events, "rejected")


def _texts(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@projector("corroboration.alert")
def _alerts(conn: Connection, events: Sequence[RecordedEvent]) -> None:
    rows = []
    for r in events:
        d = r.data
        person, count, k = payload_text(d, "person"), d.get("independent_complainants"), d.get("k")
        if person is None or not isinstance(count, int) or not isinstance(k, int):
            continue
        evidence = d.get("evidence")
        items = [e for e in evidence if isinstance(e, dict)] if isinstance(evidence, list) else []
        groups = d.get("groups")
        complainants = (
            sorted({c for g in groups for c in _texts(g)}) if isinstance(groups, list) else []
        )
        rows.append(
            {
                "id": f"A-{r.seq}",
                "person": person,
                "independent_complainants": count,
                "k": k,
                "complainants": json.dumps(complainants),
                "mentions": json.dumps(
                    sorted({str(e["mention"]) for e in items if e.get("mention")})
                ),
                "reason": payload_text(d, "reason") or "",
                "evidence": dump_json(items),
                "at": format_time(r.event.at),
                "seq": r.seq,
            }
        )
    insert_rows(conn, view_corroboration_alerts, rows)
