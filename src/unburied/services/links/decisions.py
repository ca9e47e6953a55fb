"""The review queue and people's decisions on links, one at a time or from a file.

A decision is ``link.confirmed`` or ``link.rejected`` by a person, with the reason:
``{"link", "left", "right", "by", "reason", "probability_ppm"}``, and ``"mention"`` and
``"person"`` when the link joins a mention to a known person (the case views then name the
person where the mention is). The rules (AC-6, LK-1 … LK-4, and through LK-4 the independence
rules IR-2 … IR-7 and CR-1) are decided in the pure core, :mod:`unburied.review.links`;
:mod:`unburied.services.links.rules` reads the facts they need. No override lifts a refusal.
A refused decision is recorded as ``link.refused`` with every finding. Two refusals are raised
without recording anything: a role that may not decide links (AC-6), and a missing reason when
nothing else is wrong (LK-3).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from sqlalchemy import select

from unburied.bootstrap import Unburied
from unburied.domain.commands import DecideLink, Finding
from unburied.domain.entities import Actor
from unburied.domain.errors import InvalidInput, NotFound, Refused, RowProblem
from unburied.domain.events import Event, RecordedEvent
from unburied.review.links import decide_on_link
from unburied.services.commands import Recorded
from unburied.services.links.rules import (
    LINK_DECISION_ROLES,
    LinkFactsReader,
    authorise,
    command_for,
)
from unburied.services.links.stored import (
    LinkDecision,
    StoredLink,
    label_links,
    pair_of,
    read_links,
)
from unburied.store.link_views import view_corroboration_alerts, view_links
from unburied.store.rows import stream_events

__all__ = ["decide_link", "decide_links", "get_link", "read_decisions", "review_queue"]


def review_queue(app: Unburied, limit: int | None = None) -> list[StoredLink]:
    """The links waiting for a person's decision, most probable first."""
    with app.engine.connect() as conn:
        waiting = read_links(conn, view_links.c.state == "proposed")
        waiting.sort(key=lambda s: (-(s.probability or 0.0), s.id))
        return label_links(conn, waiting[:limit] if limit is not None else waiting)


def links_of_alert(app: Unburied, alert: str) -> list[StoredLink]:
    """The automatic links made on a first name that an alert rests on (its
    ``links_on_a_name``), as the link view holds them now: a person may have decided some
    since. Empty when the alert rests on none; :class:`NotFound` if there is no such alert."""
    alerts = view_corroboration_alerts
    with app.engine.connect() as conn:
        seq = conn.execute(select(alerts.c.seq).where(alerts.c.id == alert)).scalar()
        if seq is None:
            raise NotFound(f"alert {alert} is not in the store; `unburied alerts`")
        (event,) = stream_events(conn, seq, seq + 1)
        named = event.data.get("links_on_a_name")
        pairs = {
            pair_of(str(item[0]), str(item[1]))
            for item in (named if isinstance(named, list) else [])
            if isinstance(item, list) and len(item) == 2
        }
        if not pairs:
            return []
        lefts = view_links.c.left.in_(sorted({a for a, _ in pairs}))
        found = [x for x in read_links(conn, lefts) if (x.left, x.right) in pairs]
        found.sort(key=lambda x: (x.left, x.right))  # as the alert's reason names them
        return label_links(conn, found)


def get_link(app: Unburied, link: str) -> StoredLink:
    """One link by id; :class:`NotFound` if there is none."""
    with app.engine.connect() as conn:
        found = read_links(conn, view_links.c.id == link)
        if not found:
            raise NotFound(f"link {link} is not in the store; `unburied review-links --list`")
        return label_links(conn, found)[0]


def _refuse(
    cmd: DecideLink, refusals: Sequence[Finding], recorded: Sequence[RecordedEvent]
) -> NoReturn:
    """Raise for a refused decision: :class:`InvalidInput` when the reason alone is missing
    (LK-3, nothing recorded), else :class:`Refused` with every finding, naming the
    ``link.refused`` event that records them."""
    if all(f.rule == "LK-3" for f in refusals):
        raise InvalidInput(refusals[0].reason)
    verb = "confirming" if cmd.accept else "rejecting"
    where = f" (recorded as event {recorded[-1].seq})" if recorded else ""
    raise Refused(f"{verb} link {cmd.link} refused{where}", refusals)


def decide_link(app: Unburied, actor: Actor, link: str, accept: bool, reason: str) -> Recorded:
    """Record a person's decision on one link: ``link.confirmed`` or ``link.rejected``.

    :class:`Refused` for a role that may not decide links (AC-6, nothing recorded), a link a
    person decided already (LK-1), a link naming the actor (LK-2), a decider not independent of
    the case of a mention the link joins (LK-4: the findings are the conflicts, IR-2 … IR-7,
    CR-1); each of these but AC-6 is first recorded and committed as a ``link.refused`` event
    with every finding, and the link stays as it was. :class:`InvalidInput` without a reason
    and nothing else wrong (LK-3, nothing recorded); :class:`NotFound` for an unknown link.
    """
    authorise(actor, LINK_DECISION_ROLES, "decide links")
    with app.uow() as uow:
        found = read_links(uow.connection, view_links.c.id == link)
        if not found:
            raise NotFound(f"link {link} is not in the store; `unburied review-links --list`")
        now = app.clock()
        reader = LinkFactsReader(uow.connection, actor, now.date())
        cmd = command_for(LinkDecision(link, accept, reason), found[0], actor)
        decided = decide_on_link(cmd, actor, reader.facts(found[0]), now)
        recorded = uow.events.append(list(decided.events))
        uow.commit()
    if decided.refusals:
        _refuse(cmd, decided.refusals, recorded)
    return Recorded(tuple(recorded))


def decide_links(
    app: Unburied, actor: Actor, decisions: Sequence[LinkDecision], source: str = "decisions"
) -> Recorded:
    """Record many decisions at once, all or nothing: one refused row and no decision of the
    file is recorded, and :class:`InvalidInput` lists every refused row with its row number and
    each rule that refused it (LK-1 … LK-4 and the conflicts LK-4 finds, an unknown link, a
    link decided twice in the same file). Every row is checked against the links as they stood
    before the file.

    A row refused by a rule is still recorded, as one ``link.refused`` event with every
    finding, as :func:`decide_link` records it; the refusals of a file are appended together,
    in one transaction that holds no decision (as ``services.allocation`` records the refusals
    of a chunk together). A row refused as bad input records nothing: an unknown link, a link
    decided twice in the same file (its first row is recorded, if refused), a missing reason
    and nothing else wrong (LK-3). A role that may not decide links (AC-6) is refused before
    any row is read, and nothing is recorded.
    """
    authorise(actor, LINK_DECISION_ROLES, "decide links")
    if not decisions:
        raise InvalidInput(f"{source} holds no decisions")
    now = app.clock()
    with app.uow() as uow:
        found = {
            s.id: s
            for s in read_links(uow.connection, view_links.c.id.in_({d.link for d in decisions}))
        }
        reader = LinkFactsReader(uow.connection, actor, now.date())
        reader.read_sides(found.values())
        problems: list[RowProblem] = []
        refused_rows = 0
        made: list[Event] = []
        refused: list[Event] = []
        seen: set[str] = set()
        for number, decision in enumerate(decisions, start=1):
            event, reasons = _decide_row(
                decision, found.get(decision.link), reader, actor, now, seen
            )
            seen.add(decision.link)
            if not reasons and event is not None:
                made.append(event)
                continue
            refused_rows += 1
            if event is not None:
                refused.append(event)
            row = decision.row or number
            problems += [RowProblem(source, row, "link_id", reason) for reason in reasons]
        recorded = uow.events.append(refused if problems else made)
        uow.commit()
    if problems:
        raise InvalidInput(_file_refused(refused_rows, problems, recorded))
    return Recorded(tuple(recorded))


def _file_refused(
    rows: int, problems: Sequence[RowProblem], recorded: Sequence[RecordedEvent]
) -> str:
    """The message of a refused file: how many rows, which refusals were recorded, each row."""
    head = f"{rows} decision(s) refused; no decision was recorded"
    if len(recorded) == 1:
        head += f", 1 refusal was recorded as event {recorded[0].seq}"
    elif recorded:
        head += (
            f", {len(recorded)} refusals were recorded as events "
            f"{recorded[0].seq}–{recorded[-1].seq}"
        )
    lines = "\n".join(f"  {p}" for p in problems)
    return f"{head}:\n{lines}"


def _decide_row(
    decision: LinkDecision,
    link: StoredLink | None,
    reader: LinkFactsReader,
    actor: Actor,
    now: datetime,
    seen: set[str],
) -> tuple[Event | None, list[str]]:
    """One row of a file decided: the event it records (``link.confirmed``, ``link.rejected``
    or ``link.refused``; ``None`` for a row refused as bad input) and the reasons it is refused
    (none: it is not)."""
    if link is None:
        return None, [f"link {decision.link} is not in the store"]
    decided = decide_on_link(command_for(decision, link, actor), actor, reader.facts(link), now)
    reasons = [f.reason for f in decided.refusals]
    if decision.link in seen:
        return None, reasons or [f"link {decision.link} is decided twice in this file"]
    return (decided.events[0] if decided.events else None), reasons


_ACCEPT = {"accept": True, "confirm": True, "yes": True, "reject": False, "no": False}
_COLUMNS = ("link_id", "decision", "reason")


def read_decisions(path: str | Path) -> list[LinkDecision]:
    """Read a decisions file: CSV with columns ``link_id``, ``decision`` (``accept`` or
    ``reject``) and ``reason``. :class:`InvalidInput` lists every malformed row; the rules are
    checked when the decisions are recorded (:func:`decide_links`)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    except FileNotFoundError:
        raise NotFound(f"decisions file {path} does not exist") from None
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise InvalidInput(f"{path.name}: column(s) {', '.join(missing)} missing; expected "
                           f"{', '.join(_COLUMNS)}")  # fmt: skip
    out, problems = [], []
    for number, row in enumerate(rows, start=2):  # the header is row 1
        word = (row.get("decision") or "").strip().lower()
        if word not in _ACCEPT:
            reason = f"decision {word!r} is not accept or reject"
            problems.append(RowProblem(path.name, number, "decision", reason))
            continue
        link = (row.get("link_id") or "").strip()
        out.append(LinkDecision(link, _ACCEPT[word], row.get("reason") or "", number))
    if problems:
        raise InvalidInput("\n".join([f"{path.name}: bad rows", *(f"  {p}" for p in problems)]))
    return out
