"""Deciding a link: a person confirms or rejects what the linker proposed, and only a person
independent of the cases the link touches may.

Confirming that a suspect mention ("the tall one with the silver Astra") is a known person
makes that person accused in the mention's case; rejecting it keeps him out. So a decision on a
link is a review act, like a reviewer's sign-off (``closure.py``), and is checked the same way:
on plain values, here in the pure core. The service hands over the
:class:`~unburied.domain.commands.DecideLink` command, the :class:`LinkFacts` (which sides are
mentions, with the independence context of each mention's case, and which are known people)
and the time, and gets a :class:`~unburied.domain.commands.Decided` back.

The rules (``docs/linking.md``, "Who decides, and the rules"), each refusal naming its own:

* **AC-6** the review lead, investigators, reviewers and oversight decide links (never an
  automated job: a decision is a person's); **AC-7** the command names the person acting;
* **LK-1** a person decides a link once: a link a person confirmed or rejected is not decided
  again. A link the linker applied itself may be confirmed or rejected once by a person;
* **LK-2** nobody decides a link that names them: one side is their id, or one side is a
  mention a confirmed link already ties to them;
* **LK-3** every decision carries a reason;
* **LK-4** the decider must be independent of the case of every mention the link joins.
  They are checked as that case's reviewer would be (:data:`LINK_POLICY`) twice: as the case
  stands, and as it would stand with the link confirmed (the mention then names the person on
  the other side, who may become accused there, and the people the link graph ties to him
  are then tied to the accused). Each conflict refuses under its own rule id and reason
  (IR-2 … IR-7, CR-1): the accused and anyone the link graph ties to the accused (IR-2), an
  officer of the accused's force (IR-6), a colleague (IR-7), anyone in the accused's
  line-management chain (IR-3), a person named as a suspect by the complainant (CR-1). A
  mention whose case is not in the store cannot be checked and refuses as LK-4.

No override lifts a refusal of a link decision. An override lets a conflicted person be
assigned where no one else can do the work; any unconflicted person of the review can decide a
link, so there is never that need, and a link decided by a conflicted person would decide who
is accused.

A refused decision is itself an event (``link.refused``, with every finding), as a refused
assignment or closure is, so the figures can count how often each rule refused a decision. It
leaves the link as it was, so an independent person may still decide it. Two kinds of refusal
record nothing:

* AC-6 and AC-7. The role table refuses a case command before anything is decided, and that
  refusal is not an event either (``unburied.services.commands``).
* A missing reason (LK-3) when nothing else is wrong. That is bad input, which the service
  raises as :class:`~unburied.domain.errors.InvalidInput`, as a missing reason (LC-5) records
  nothing when a case is proposed, returned or re-opened. A missing reason beside another
  refusal is recorded with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from unburied.access.roles import LINK_DECISION_ROLES, LINK_RUN_ROLES
from unburied.domain.commands import Decided, DecideLink, Finding
from unburied.domain.entities import Actor, AssignmentRole, Mention, Role
from unburied.domain.events import Event, JSONValue
from unburied.independence.check import conflicts
from unburied.independence.conflicts import (
    AllOf,
    AssignmentRequest,
    Conflict,
    Policy,
    Rule,
    sort_conflicts,
)
from unburied.independence.context import IndependenceContext
from unburied.independence.rules import (
    cr1_contact,
    ir2_interested_party,
    ir3_management_chain,
    ir4_senior_subject,
    ir5_mandatory_referral,
    ir6_accused_force,
    ir7_colleagues,
)

__all__ = [
    "LINKER",
    "LINK_FINDINGS",
    "LINK_POLICY",
    "LinkFacts",
    "as_if_named",
    "decide_on_link",
    "ir5_serving_police",
    "may_decide_links",
    "may_run_linking",
    "named_if_confirmed",
    "role_findings",
]

#: ``decided_by`` of a link the linker applied itself (``unburied.services.links.AUTO``).
LINKER = "auto"

#: Every link finding id with its meaning (AC-6 and AC-7 are in ``access.ACCESS_FINDINGS``).
LINK_FINDINGS: dict[str, str] = {
    "LK-1": "a person decides a link once; a person's decision is final",
    "LK-2": "nobody decides a link that names them, directly or through a linked mention",
    "LK-3": "every decision on a link carries a reason",
    "LK-4": "the decider must be independent of the case of every mention the link joins; "
    "each conflict refuses under its own rule id (IR-2 … IR-7, CR-1)",
}


def ir5_serving_police(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-5 as it bears on a link decision: a person now serving in a police force does not
    decide links in a case with a mandatory referral.

    Unlike an assignment, holding no post in an independent body is no bar here: deciding a
    link is not investigating or reviewing the allegation, the role table (AC-6) already limits
    it to the people of the review, and the review's own staff may have no recorded post.
    """
    current = [p for p in ctx.posts_of(request.candidate) if p.held_on(ctx.as_of)]
    if not any(ctx.force_of(p.organisation) is not None for p in current):
        return []
    return ir5_mandatory_referral(request, ctx)


#: The independence rules a link decision is checked against (LK-4): every conflict rule,
#: IR-5 as :func:`ir5_serving_police`. Competence (IR-1) is left out: it is not a conflict.
LINK_POLICY: Policy = AllOf(
    [
        Rule("IR-2", ir2_interested_party),
        Rule("IR-3", ir3_management_chain),
        Rule("IR-4", ir4_senior_subject),
        Rule("IR-5", ir5_serving_police),
        Rule("IR-6", ir6_accused_force),
        Rule("IR-7", ir7_colleagues),
        Rule("CR-1", cr1_contact),
    ]
)


@dataclass(frozen=True)
class LinkFacts:
    """What deciding a link needs besides the command, read from the views by the service.

    ``mentions``: the sides of the link that are statement mentions, as the case views hold
    them (``person`` set where a confirmed link already names someone); ``people``: the sides
    that are registered people; ``contexts``: the independence context of each mention's case,
    built for the decider (as a candidate) and holding the posts, with their line-management
    chains, of the person :func:`named_if_confirmed` gives for each mention of that case;
    ``associates``: for each person :func:`named_if_confirmed` gives, the registered people the
    link graph ties to him (they are tied to the accused once he is accused). They are added to
    the case's ``associated_with_accused`` only in the check as if the link were confirmed.
    """

    mentions: tuple[Mention, ...] = ()
    people: frozenset[str] = frozenset()
    contexts: tuple[IndependenceContext, ...] = ()
    associates: Mapping[str, frozenset[str]] = field(default_factory=dict)


def role_findings(actor: Actor, allowed: frozenset[Role], what: str) -> list[Finding]:
    """AC-6 unless ``actor``'s role is one of ``allowed``; ``what`` names the act refused.

    >>> [f.reason for f in role_findings(Actor("job-1", Role.SYSTEM), LINK_DECISION_ROLES,
    ...                                   "decide links")]      # doctest: +NORMALIZE_WHITESPACE
    ['AC-6: the system role may not decide links (allowed: investigator, oversight,
      review_lead, reviewer)']
    """
    if actor.role in allowed:
        return []
    shown = ", ".join(sorted(r.value for r in allowed))
    text = f"AC-6: the {actor.role.value} role may not {what} (allowed: {shown})"
    return [Finding("AC-6", text)]


def may_run_linking(actor: Actor) -> list[Finding]:
    """AC-6 if ``actor``'s role may not run the linker (empty list: it may)."""
    return role_findings(actor, LINK_RUN_ROLES, "run linking")


def may_decide_links(actor: Actor) -> list[Finding]:
    """AC-6 if ``actor``'s role may not decide links (empty list: it may)."""
    return role_findings(actor, LINK_DECISION_ROLES, "decide links")


def named_if_confirmed(
    left: str, right: str, mentions: Sequence[Mention], people: frozenset[str]
) -> dict[str, str]:
    """For each side that is a mention, the person it names once the link is confirmed: the
    other side if that is a registered person, else whoever the other side (a mention) names.

    >>> m = Mention("M-1", "S-1", "C-1", "Ex", role="suspect")
    >>> named_if_confirmed("M-1", "P-0042", [m], frozenset({"P-0042"}))
    {'M-1': 'P-0042'}
    """
    by_id = {m.id: m for m in mentions}
    named: dict[str, str] = {}
    for mention, other in ((left, right), (right, left)):
        if mention not in by_id:
            continue
        person = other if other in people else None
        if person is None and other in by_id:
            person = by_id[other].person
        if person:
            named[mention] = person
    return named


def as_if_named(
    ctx: IndependenceContext, mention: str, person: str, associates: Iterable[str] = ()
) -> IndependenceContext:
    """The case as it would stand with ``mention`` naming ``person`` (a confirmed link), the
    people the link graph ties to ``person`` (``associates``) then tied to its accused."""
    mentions = tuple(replace(m, person=person) if m.id == mention else m for m in ctx.mentions)
    tied = ctx.associated_with_accused | frozenset(associates)
    return replace(ctx, mentions=mentions, associated_with_accused=tied)


def decide_on_link(
    cmd: DecideLink,
    actor: Actor,
    facts: LinkFacts,
    now: datetime,
    *,
    policy: Policy = LINK_POLICY,
) -> Decided:
    """Record ``cmd`` as ``link.confirmed`` or ``link.rejected``, or refuse it with every reason
    and record the refusal as ``link.refused``.

    Payload of both decisions (``case`` = ``cmd.case``, ``subject`` = the first mention side)::

        {"link": "L-1925", "left": "M-0001", "right": "P-0042", "by": "P-0050",
         "reason": "<stripped>", "probability_ppm": 912000,
         "mention": "M-0001", "person": "P-0042"}

    ``probability_ppm`` only if the link was scored; ``mention`` and ``person`` only when the
    link joins a mention to a registered person. Payload of ``link.refused`` (the same ``case``
    and ``subject``)::

        {"link": "L-1925", "left": "M-0001", "right": "P-0042", "by": "P-0061",
         "accept": true, "reason": "<stripped>",
         "refusals": [{"rule": "IR-6", "reason": "IR-6: …", "evidence": [...]}, ...]}

    ``refusals`` holds every finding: LK-1, LK-2, LK-3 and LK-4 with the conflicts it finds
    (IR-2 … IR-7, CR-1). Two refusals return no event (see the module docstring): a role that
    may not decide links (AC-6) or a command naming someone else (AC-7), refused before anything
    else is looked at, and a missing reason (LK-3) when it is the only finding.
    """
    refusals = may_decide_links(actor)
    if cmd.actor != actor.id:
        text = f"AC-7: DecideLink names actor {cmd.actor}, but {actor.id} is acting"
        refusals.append(Finding("AC-7", text))
    if refusals:
        return Decided((), tuple(refusals))
    refusals = [*_lk3(cmd), *_lk1(cmd), *_lk2(cmd, facts), *_lk4(cmd, facts, policy)]
    if not refusals:
        return Decided((_event(cmd, facts, now),))
    if all(f.rule == "LK-3" for f in refusals):
        return Decided((), tuple(refusals))  # bad input, not a decision refused
    return Decided((_refused(cmd, facts, now, refusals),), tuple(refusals))


def _lk1(cmd: DecideLink) -> list[Finding]:
    if cmd.state == "proposed" or cmd.decided_by in (None, LINKER):
        return []
    text = (
        f"LK-1: link {cmd.link} was already {cmd.state} by {cmd.decided_by}; a person's "
        "decision on a link is final and is not decided again"
    )
    return [Finding("LK-1", text, (f"link:{cmd.link}",))]


def _lk2(cmd: DecideLink, facts: LinkFacts) -> list[Finding]:
    who = cmd.actor
    if who in (cmd.left, cmd.right):
        text = f"LK-2: {who} may not decide link {cmd.link}, which names {who}"
        return [Finding("LK-2", text, (f"link:{cmd.link}",))]
    for mention in _sides(cmd, facts):
        if mention.person == who:
            text = (
                f"LK-2: {who} may not decide link {cmd.link}: its mention {mention.id} "
                f"is already linked to {who}"
            )
            return [Finding("LK-2", text, (f"link:{cmd.link}", f"mention:{mention.id}"))]
    return []


def _lk3(cmd: DecideLink) -> list[Finding]:
    if cmd.reason.strip():
        return []
    what = "confirming" if cmd.accept else "rejecting"
    return [Finding("LK-3", f"LK-3: {what} link {cmd.link} needs a reason")]


def _sides(cmd: DecideLink, facts: LinkFacts) -> list[Mention]:
    """The link's sides that are mentions, in id order."""
    sides = {m.id: m for m in facts.mentions if m.id in (cmd.left, cmd.right)}
    return [sides[i] for i in sorted(sides)]


def _lk4(cmd: DecideLink, facts: LinkFacts, policy: Policy) -> list[Finding]:
    who = cmd.actor
    contexts: Mapping[str, IndependenceContext] = {c.case.ref: c for c in facts.contexts}
    named = named_if_confirmed(cmd.left, cmd.right, facts.mentions, facts.people)
    missing: list[Finding] = []
    found: list[Conflict] = []
    for mention in _sides(cmd, facts):
        ctx = contexts.get(mention.case)
        if ctx is None:
            text = (
                f"LK-4: case {mention.case} of mention {mention.id} is not in the store, so "
                f"{who}'s independence of it cannot be checked"
            )
            missing.append(Finding("LK-4", text, (f"mention:{mention.id}",)))
            continue
        now = conflicts(who, AssignmentRole.REVIEWER, ctx, policy=policy)
        found += now
        person = named.get(mention.id)
        if person is None or person == mention.person:
            continue
        tied = facts.associates.get(person, frozenset())
        then = conflicts(
            who, AssignmentRole.REVIEWER, as_if_named(ctx, mention.id, person, tied), policy=policy
        )
        suffix = f", if link {cmd.link} is confirmed (mention {mention.id} would name {person})"
        found += [
            Conflict(c.rule, c.reason + suffix, (*c.evidence, f"link:{cmd.link}"))
            for c in then
            if c not in now
        ]
    return [*missing, *sort_conflicts(found)]


def _subject(cmd: DecideLink, facts: LinkFacts) -> str:
    """The subject of an event about the link: its first side that is a mention."""
    mentions = {m.id for m in facts.mentions}
    return next((i for i in (cmd.left, cmd.right) if i in mentions), cmd.left)


def _event(cmd: DecideLink, facts: LinkFacts, now: datetime) -> Event:
    mentions = {m.id for m in facts.mentions}
    data: dict[str, JSONValue] = {
        "link": cmd.link,
        "left": cmd.left,
        "right": cmd.right,
        "by": cmd.actor,
        "reason": cmd.reason.strip(),
    }
    if cmd.probability is not None:
        data["probability_ppm"] = round(cmd.probability * 1_000_000)
    for mention, person in ((cmd.left, cmd.right), (cmd.right, cmd.left)):
        if mention in mentions and person in facts.people:
            data |= {"mention": mention, "person": person}
    type_ = "link.confirmed" if cmd.accept else "link.rejected"
    return Event(type_, cmd.actor, now, data, cmd.case, _subject(cmd, facts))


def _refused(cmd: DecideLink, facts: LinkFacts, now: datetime, refusals: list[Finding]) -> Event:
    data: dict[str, JSONValue] = {
        "link": cmd.link,
        "left": cmd.left,
        "right": cmd.right,
        "by": cmd.actor,
        "accept": cmd.accept,
        "reason": cmd.reason.strip(),
        "refusals": [f.to_data() for f in refusals],
    }
    return Event("link.refused", cmd.actor, now, data, cmd.case, _subject(cmd, facts))
