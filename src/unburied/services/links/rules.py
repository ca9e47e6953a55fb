"""The link rules, adapted to the store: who may run linking (AC-6), the corroboration
threshold, and stored links turned into the command and facts the pure core decides on.

The rules themselves (AC-6, LK-1 … LK-4) are in :mod:`unburied.review.links`. This module
reads what they need from the views inside the caller's transaction: which sides of a link are
mentions and which registered people, the independence context of each mention's case, built
for the decider and holding the posts (with their line-management chains) of the person the
mention would name were the link confirmed, and the people the link graph ties to that person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, select

from unburied.access.roles import LINK_DECISION_ROLES, LINK_RUN_ROLES
from unburied.domain.commands import DecideLink
from unburied.domain.entities import Actor, Mention, Role
from unburied.domain.errors import InvalidInput, Refused
from unburied.independence import IndependenceContext
from unburied.review.links import LinkFacts, named_if_confirmed, role_findings
from unburied.services.context import (
    build_context,
    case_exists,
    chain_posts,
    mention_from_row,
    organisations_with_ancestors,
)
from unburied.services.links.stored import LinkDecision, StoredLink
from unburied.store.case_views import chunked, view_mentions, view_people

__all__ = [
    "LINK_DECISION_ROLES",
    "LINK_RUN_ROLES",
    "LinkFactsReader",
    "authorise",
    "check_k",
    "command_for",
]


def authorise(actor: Actor, allowed: frozenset[Role], what: str) -> None:
    """Raise :class:`Refused` (AC-6) unless ``actor``'s role is one of ``allowed``."""
    findings = role_findings(actor, allowed, what)
    if findings:
        raise Refused(f"{what} refused for {actor.id}", findings)


def check_k(k: int) -> None:
    """Refuse a corroboration threshold below two independent complainants."""
    if k < 2:
        raise InvalidInput(f"corroboration needs k >= 2 independent complainants, got {k}")


def command_for(decision: LinkDecision, link: StoredLink, actor: Actor) -> DecideLink:
    """The command deciding ``link`` as ``decision`` says, by ``actor``."""
    return DecideLink(
        link=link.id,
        left=link.left,
        right=link.right,
        accept=decision.accept,
        reason=decision.reason,
        actor=actor.id,
        state=link.state,
        decided_by=link.decided_by,
        probability=link.probability,
        case=link.case,
    )


class LinkFactsReader:
    """Reads the :class:`LinkFacts` of links for one decider, in the caller's transaction.

    Contexts are built once per case (and once more per person a mention of it would name),
    and the people tied to a person are read once, so a file of decisions over a few cases
    reads each case once.
    """

    def __init__(self, conn: Connection, actor: Actor, as_of: date) -> None:
        self.conn, self.actor, self.as_of = conn, actor, as_of
        self._mentions: dict[str, Mention] = {}
        self._people: set[str] = set()
        self._asked: set[str] = set()
        self._cases: dict[str, IndependenceContext | None] = {}
        self._named: dict[tuple[str, str], IndependenceContext | None] = {}
        self._associates: dict[str, frozenset[str]] = {}

    def read_sides(self, links: Iterable[StoredLink]) -> None:
        """Read which sides of ``links`` are mentions and which registered people."""
        wanted = {i for link in links for i in (link.left, link.right)} - self._asked
        self._asked |= wanted
        m, p = view_mentions, view_people
        for chunk in chunked(wanted):
            for row in self.conn.execute(select(m).where(m.c.id.in_(chunk))).mappings():
                self._mentions[row["id"]] = mention_from_row(row)
            self._people |= set(
                self.conn.execute(select(p.c.id).where(p.c.id.in_(chunk))).scalars()
            )

    def facts(self, link: StoredLink) -> LinkFacts:
        """What deciding ``link`` needs: its mention sides, its people, the contexts, and the
        people the link graph ties to each person a mention would name."""
        self.read_sides([link])
        sides = (link.left, link.right)
        mentions = tuple(self._mentions[i] for i in sides if i in self._mentions)
        people = frozenset(i for i in sides if i in self._people)
        named = named_if_confirmed(link.left, link.right, mentions, people)
        contexts = []
        for mention in mentions:
            ctx = self._context(mention.case, named.get(mention.id))
            if ctx is not None:
                contexts.append(ctx)
        associates = {person: self._associates_of(person) for person in named.values()}
        return LinkFacts(mentions, people, tuple(contexts), associates)

    def _associates_of(self, person: str) -> frozenset[str]:
        # graph imports runs, which imports this module: import it when first needed
        from unburied.services.links.graph import associates_of

        if person not in self._associates:
            self._associates[person] = associates_of(self.conn, person)
        return self._associates[person]

    def _context(self, case: str, person: str | None) -> IndependenceContext | None:
        if case not in self._cases:
            found = case_exists(self.conn, case)
            self._cases[case] = (
                build_context(self.conn, case, self.as_of, [self.actor.id]) if found else None
            )
        base = self._cases[case]
        if base is None or person is None:
            return base
        if (case, person) not in self._named:
            self._named[(case, person)] = self._with_posts_of(base, person)
        return self._named[(case, person)]

    def _with_posts_of(self, ctx: IndependenceContext, person: str) -> IndependenceContext:
        """``ctx`` with every post of ``person`` and of their line-management chains, as if
        they were accused in the case (a confirmed link may make them so)."""
        held = set(ctx.affiliations)
        extra = [post for post in chain_posts(self.conn, [person]) if post not in held]
        if not extra:
            return ctx
        orgs = {o.id: o for o in ctx.organisations}
        missing = {post.organisation for post in extra} - orgs.keys()
        orgs |= {o.id: o for o in organisations_with_ancestors(self.conn, missing)}
        return replace(
            ctx,
            affiliations=(*ctx.affiliations, *extra),
            organisations=tuple(orgs[k] for k in sorted(orgs)),
        )
