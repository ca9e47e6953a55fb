"""The review queue and people's decisions on links, one at a time or from a file.

A decision is ``link.confirmed`` or ``link.rejected`` by a person, with the reason:
``{"link", "left", "right", "by", "reason", "probability_ppm"}``, and ``"mention"`` and
``"person"`` when the link joins a mention to a known person (the case views then name the
person where the mention is). The rules are in :mod:`unburied.services.links.rules`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, select

from unburied.bootstrap import Unburied
from unburied.domain.commands import Finding
from unburied.domain.entities import Actor
from unburied.domain.errors import InvalidInput, NotFound, Refused, RowProblem
from unburied.domain.events import Event, JSONValue
from unburied.services.commands import Recorded
from unburied.services.links.rules import LINK_DECISION_ROLES, UNKNOWN_LINK, authorise, problem_with
from unburied.services.links.stored import LinkDecision, StoredLink, label_links, read_links
from unburied.store.case_views import chunked, view_mentions, view_people
from unburied.store.link_views import view_links

__all__ = ["decide_link", "decide_links", "get_link", "read_decisions", "review_queue"]


def review_queue(app: Unburied, limit: int | None = None) -> list[StoredLink]:
    """The links waiting for a person's decision, most probable first."""
    with app.engine.connect() as conn:
        waiting = read_links(conn, view_links.c.state == "proposed")
        waiting.sort(key=lambda s: (-(s.probability or 0.0), s.id))
        return label_links(conn, waiting[:limit] if limit is not None else waiting)


def get_link(app: Unburied, link: str) -> StoredLink:
    """One link by id; :class:`NotFound` if there is none."""
    with app.engine.connect() as conn:
        found = read_links(conn, view_links.c.id == link)
        if not found:
            raise NotFound(f"link {link} is not in the store; `unburied review-links --list`")
        return label_links(conn, found)[0]


@dataclass(frozen=True)
class _Sides:
    """Which ids are mentions and which registered people (for ``mention`` and ``person``)."""

    mentions: frozenset[str]
    people: frozenset[str]

    @classmethod
    def of(cls, conn: Connection, ids: Iterable[str]) -> _Sides:
        mentions: set[str] = set()
        people: set[str] = set()
        for chunk in chunked(ids):
            m, p = view_mentions.c.id, view_people.c.id
            mentions |= set(conn.execute(select(m).where(m.in_(chunk))).scalars())
            people |= set(conn.execute(select(p).where(p.in_(chunk))).scalars())
        return cls(frozenset(mentions), frozenset(people))

    def event(self, decision: LinkDecision, link: StoredLink, actor: Actor, now: datetime) -> Event:
        """The event recording ``decision`` on ``link``."""
        data: dict[str, JSONValue] = {
            "link": link.id,
            "left": link.left,
            "right": link.right,
            "by": actor.id,
            "reason": decision.reason.strip(),
        }
        if link.probability is not None:
            data["probability_ppm"] = round(link.probability * 1_000_000)
        for mention, person in ((link.left, link.right), (link.right, link.left)):
            if mention in self.mentions and person in self.people:
                data |= {"mention": mention, "person": person}
        type_ = "link.confirmed" if decision.accept else "link.rejected"
        subject = next((i for i in (link.left, link.right) if i in self.mentions), link.left)
        return Event(type_, actor.id, now, data, link.case, subject)


def decide_link(app: Unburied, actor: Actor, link: str, accept: bool, reason: str) -> Recorded:
    """Record a person's decision on one link: ``link.confirmed`` or ``link.rejected``.

    :class:`Refused` for a role that may not decide links (AC-6), a link a person decided
    already (LK-1), a link naming the actor (LK-2); :class:`InvalidInput` without a reason
    (LK-3); :class:`NotFound` for an unknown link.
    """
    authorise(actor, LINK_DECISION_ROLES, "decide links")
    decision = LinkDecision(link, accept, reason)
    with app.uow() as uow:
        found = read_links(uow.connection, view_links.c.id == link)
        problem = problem_with(decision, found[0] if found else None, actor)
        if problem is not None and problem.rule in ("LK-1", "LK-2"):
            verb = "confirming" if accept else "rejecting"
            raise Refused(f"{verb} link {link} refused", [problem])
        if problem is not None:
            raise (NotFound if problem.rule == UNKNOWN_LINK else InvalidInput)(problem.reason)
        sides = _Sides.of(uow.connection, (found[0].left, found[0].right))
        recorded = uow.events.append([sides.event(decision, found[0], actor, app.clock())])
        uow.commit()
    return Recorded(tuple(recorded))


def decide_links(
    app: Unburied, actor: Actor, decisions: Sequence[LinkDecision], source: str = "decisions"
) -> Recorded:
    """Record many decisions at once, all or nothing: one bad row and nothing is recorded,
    and :class:`InvalidInput` lists every problem with its row (LK-1, LK-2, LK-3, an unknown
    link, a link decided twice in the same file)."""
    authorise(actor, LINK_DECISION_ROLES, "decide links")
    if not decisions:
        raise InvalidInput(f"{source} holds no decisions")
    now = app.clock()
    with app.uow() as uow:
        conn = uow.connection
        wanted = view_links.c.id.in_({d.link for d in decisions})
        found = {s.id: s for s in read_links(conn, wanted)}
        problems: list[RowProblem] = []
        seen: set[str] = set()
        for number, decision in enumerate(decisions, start=1):
            problem = problem_with(decision, found.get(decision.link), actor)
            if problem is None and decision.link in seen:
                problem = Finding("", f"link {decision.link} is decided twice in this file")
            seen.add(decision.link)
            if problem is not None:
                row = decision.row or number
                problems.append(RowProblem(source, row, "link_id", problem.reason))
        if problems:
            lines = "\n".join(f"  {p}" for p in problems)
            raise InvalidInput(
                f"{len(problems)} decision(s) refused; nothing was recorded:\n{lines}"
            )
        sides = _Sides.of(conn, {i for s in found.values() for i in (s.left, s.right)})
        recorded = uow.events.append([sides.event(d, found[d.link], actor, now) for d in decisions])
        uow.commit()
    return Recorded(tuple(recorded))


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
