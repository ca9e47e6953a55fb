"""The independence rules, one function per rule id.

Each rule takes the prospective assignment and the case's :class:`IndependenceContext` and
returns every conflict it finds (an empty list when it finds none). A reason names people by id
only, never by name, and starts with the rule id. ``docs/independence.md`` explains each rule.

Rules that speak of "the accused" skip the candidate's own accusation: that the accused may not
work on their own case is IR-2's finding, and repeating it under every rule adds nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from functools import partial
from types import MappingProxyType

from unburied.domain.entities import Affiliation, AssignmentRole, OrgKind, rank_level
from unburied.independence.conflicts import AssignmentRequest, Conflict, Rule
from unburied.independence.context import (
    AccusedInCase,
    IndependenceContext,
    affiliation_key,
    period,
    years,
)
from unburied.independence.referral import ReferralMode, referral_decision

__all__ = [
    "CHIEF_SUPERINTENDENT_LEVEL",
    "DEFAULT_COMPETENCE",
    "RULES",
    "competence_rule",
    "cr1_contact",
    "ir1_competence",
    "ir2_interested_party",
    "ir3_management_chain",
    "ir4_senior_subject",
    "ir5_mandatory_referral",
    "ir6_accused_force",
    "ir7_colleagues",
]

#: Every rule id with its meaning in one line (the CLI and ``docs/independence.md`` show these).
RULES: dict[str, str] = {
    "IR-1": "competence: the role needs an accreditation the person lacks",
    "IR-2": "interested party: named in the case, declared an interest, handled the original "
    "matter, or linked to the accused network",
    "IR-3": "management chain: in an accused's line-management chain, either direction, "
    "at the time of the alleged conduct or now",
    "IR-4": "senior subject: an accused above chief superintendent; nobody from that force",
    "IR-5": "mandatory referral: a referred allegation is for an independent body only",
    "IR-6": "accused force: an officer of force X is accused; nobody who is or was in force X",
    "IR-7": "colleagues: served in the same unit as an accused in overlapping years",
    "CR-1": "contact: a person named as a suspect by a complainant is never assigned anything "
    "that involves that complainant, in any case",
}

#: Accreditations each role needs (any one of the set suffices). Configure with competence_rule.
DEFAULT_COMPETENCE: Mapping[AssignmentRole, frozenset[str]] = MappingProxyType(
    {AssignmentRole.INTERVIEWER: frozenset({"interview_training", "abe"})}
)

#: The level of chief superintendent in ``unburied.domain.entities.RANK_LEVELS``.
CHIEF_SUPERINTENDENT_LEVEL = 6

_ARTICLE = {AssignmentRole.INTERVIEWER: "an", AssignmentRole.INVESTIGATOR: "an"}


# -- IR-1 -------------------------------------------------------------------------------------


def ir1_competence(
    request: AssignmentRequest,
    ctx: IndependenceContext,
    *,
    requirements: Mapping[AssignmentRole, frozenset[str]] = DEFAULT_COMPETENCE,
) -> list[Conflict]:
    """IR-1: the role needs one of a set of accreditations, and the candidate holds none."""
    needed = requirements.get(request.role, frozenset())
    held = ctx.accreditations_of(request.candidate)
    if not needed or held & needed:
        return []
    article = _ARTICLE.get(request.role, "a")
    recorded = ", ".join(sorted(held)) or "none"
    reason = (
        f"IR-1: {request.candidate} holds none of the accreditations {article} "
        f"{request.role.value} needs ({', '.join(sorted(needed))}); recorded: {recorded}"
    )
    return [Conflict("IR-1", reason, (f"person:{request.candidate}",))]


def competence_rule(requirements: Mapping[AssignmentRole, frozenset[str]]) -> Rule:
    """IR-1 with a configured role → accreditations mapping, as a :class:`Rule`."""
    frozen = MappingProxyType(dict(requirements))
    return Rule("IR-1", partial(ir1_competence, requirements=frozen))


# -- IR-2 -------------------------------------------------------------------------------------


def ir2_interested_party(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-2: named in the case in any role, declared an interest, handled the original matter,
    or linked to the network of the accused."""
    who, ref = request.candidate, ctx.case.ref
    found = [
        *_named_in_allegations(who, ctx),
        *_named_in_statements(who, ctx),
        *_original_handling(who, ctx),
    ]
    if any(d.person == who for d in ctx.declarations):
        found.append((f"{who} declared an interest in case {ref}", (f"declaration:{who}/{ref}",)))
    if who in ctx.associated_with_accused:
        text = f"{who} is linked to the network of the accused in case {ref}"
        found.append((text, (f"association:{who}",)))
    return [Conflict("IR-2", f"IR-2: {text}", evidence) for text, evidence in found]


_Named = tuple[str, tuple[str, ...]]


def _named_in_allegations(who: str, ctx: IndependenceContext) -> list[_Named]:
    found: list[_Named] = []
    ref = ctx.case.ref
    for allegation in ctx.allegations:
        if allegation.complainant == who:
            text = f"{who} is the complainant in allegation {allegation.id} of case {ref}"
            found.append((text, (f"allegation:{allegation.id}",)))
    for accused in ctx.accused:
        if accused.person == who:
            found.append((f"{who} is accused in case {ref} ({accused.source})", accused.evidence))
    return found


def _named_in_statements(who: str, ctx: IndependenceContext) -> list[_Named]:
    found: list[_Named] = []
    ref = ctx.case.ref
    for statement in ctx.statements:
        evidence = (f"statement:{statement.id}",)
        if statement.given_by == who:
            found.append((f"{who} gave statement {statement.id} in case {ref}", evidence))
        if statement.recorded_by == who and not statement.in_review:
            text = f"{who} recorded statement {statement.id} in the original handling of case {ref}"
            found.append((text, evidence))
    for mention in ctx.mentions:
        if mention.person == who and mention.role != "suspect":
            text = (
                f"{who} is named in statement {mention.statement} of case {ref} "
                f"(mention {mention.id}, as {mention.role})"
            )
            found.append((text, (f"mention:{mention.id}",)))
    return found


def _original_handling(who: str, ctx: IndependenceContext) -> list[_Named]:
    original, ref = ctx.case.original, ctx.case.ref
    duties = (
        ("received", original.received_by),
        ("recorded", original.recorded_by),
        ("investigated", original.investigated_by),
        ("decided", original.decided_by),
    )
    return [
        (f"{who} {verb} the original matter in case {ref}", (f"case:{ref}/original/{verb}",))
        for verb, person in duties
        if person == who
    ]


# -- IR-3 -------------------------------------------------------------------------------------

_Edge = tuple[str, Affiliation]


def ir3_management_chain(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-3: the candidate is or was in an accused's line-management chain, in either direction,
    transitively, in posts held during the alleged conduct (or held now)."""
    found = []
    for accused in ctx.accused:
        if accused.person == request.candidate:
            continue
        conflict = _chain_conflict(request.candidate, accused, ctx)
        if conflict is not None:
            found.append(conflict)
    return found


def _chain_conflict(who: str, accused: AccusedInCase, ctx: IndependenceContext) -> Conflict | None:
    start, end = accused.conduct_start, accused.conduct_end
    during = period(start, end)

    def in_conduct(post: Affiliation) -> bool:
        return post.overlaps(start, end)

    def in_conduct_or_now(post: Affiliation) -> bool:
        return in_conduct(post) or post.held_on(ctx.as_of)

    for keep, when in (
        (in_conduct, f"during the alleged conduct in case {ctx.case.ref} ({during})"),
        (
            in_conduct_or_now,
            f"in posts held now (alleged conduct in case {ctx.case.ref}: {during})",
        ),
    ):
        up, down = _management_graph(ctx, keep)
        for direction, graph in (("above", up), ("below", down)):
            path = _find_path(graph, accused.person, who)
            if path is not None:
                return _chain_reason(who, accused, direction, path, when)
    return None


def _management_graph(
    ctx: IndependenceContext, keep: Callable[[Affiliation], bool]
) -> tuple[dict[str, list[_Edge]], dict[str, list[_Edge]]]:
    """``up[p]``: p's line managers; ``down[m]``: the people m line-managed."""
    up: dict[str, list[_Edge]] = {}
    down: dict[str, list[_Edge]] = {}
    for post in ctx.affiliations:
        if post.line_manager and post.line_manager != post.person and keep(post):
            up.setdefault(post.person, []).append((post.line_manager, post))
            down.setdefault(post.line_manager, []).append((post.person, post))
    for graph in (up, down):
        for edges in graph.values():
            edges.sort(key=lambda e: (e[0], affiliation_key(e[1])))
    return up, down


def _find_path(graph: dict[str, list[_Edge]], start: str, goal: str) -> list[_Edge] | None:
    """Shortest path from ``start`` to ``goal`` (breadth first, so the answer is deterministic)."""
    queue: deque[tuple[str, list[_Edge]]] = deque([(start, [])])
    seen = {start}
    while queue:
        node, path = queue.popleft()
        for nxt, post in graph.get(node, []):
            if nxt == goal:
                return [*path, (nxt, post)]
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*path, (nxt, post)]))
    return None


def _chain_reason(
    who: str, accused: AccusedInCase, direction: str, path: list[_Edge], when: str
) -> Conflict:
    nodes = [node for node, _ in path]
    if direction == "above":
        chain = [accused.person, *nodes]
    else:
        chain = [*reversed(nodes), accused.person]
    link = " → ".join(chain)
    if len(path) == 1:
        verb = "line-managed" if direction == "above" else "was line-managed by"
        text = f"{who} {verb} accused {accused.person} {when}"
    else:
        text = (
            f"{who} was {direction} accused {accused.person} in the line-management chain "
            f"{link} (each reports to the next) {when}"
        )
    evidence = (*accused.evidence, *(affiliation_key(post) for _, post in path))
    return Conflict("IR-3", f"IR-3: {text}", evidence)


# -- IR-4 -------------------------------------------------------------------------------------


def ir4_senior_subject(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-4: an accused held a rank above chief superintendent in a force; nobody who is or was
    a member of that force takes any part."""
    who = request.candidate
    found = []
    for accused in sorted(ctx.accused_people - {who}):
        for post in ctx.posts_of(accused):
            level = rank_level(post.rank)
            force = ctx.force_of(post.organisation)
            if level is None or level <= CHIEF_SUPERINTENDENT_LEVEL or force is None:
                continue
            mine = ctx.posts_in_force(who, force)
            if not mine:
                continue
            reason = (
                f"IR-4: accused {accused} held the rank of {post.rank} in "
                f"{ctx.org_label(force)}, above chief superintendent; {who} served in that force "
                f"{years(mine)}"
            )
            evidence = (affiliation_key(post), *(affiliation_key(p) for p in mine))
            found.append(Conflict("IR-4", reason, evidence))
    return found


# -- IR-5 -------------------------------------------------------------------------------------


def ir5_mandatory_referral(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-5: an allegation in the case is a mandatory referral, so only a person now serving in
    an independent body, and in no police force, may take part."""
    who = request.candidate
    current = [p for p in ctx.posts_of(who) if p.held_on(ctx.as_of)]
    police = sorted({f for p in current if (f := ctx.force_of(p.organisation)) is not None})
    independent = any(_is_independent(ctx, p.organisation) for p in current)
    found = []
    for allegation in ctx.allegations:
        referral = referral_decision(allegation, ctx)
        if referral.mode is not ReferralMode.INDEPENDENT:
            continue
        head = (
            f"IR-5: allegation {allegation.id} is a mandatory referral "
            f"({', '.join(f.replace('_', ' ') for f in referral.flags)}) "
            "and may be investigated or reviewed only by an independent body"
        )
        for force in police:
            posts = [p for p in current if ctx.force_of(p.organisation) == force]
            reason = f"{head}; {who} serves in {ctx.org_label(force)}, a police force"
            evidence = (f"allegation:{allegation.id}", *(affiliation_key(p) for p in posts))
            found.append(Conflict("IR-5", reason, evidence))
        if not police and not independent:
            reason = f"{head}; {who} holds no current post in an independent body"
            found.append(Conflict("IR-5", reason, (f"allegation:{allegation.id}",)))
    return found


def _is_independent(ctx: IndependenceContext, org_id: str) -> bool:
    body = ctx.body_of(org_id)
    return body is not None and body.kind is OrgKind.INDEPENDENT_BODY


# -- IR-6 -------------------------------------------------------------------------------------


def ir6_accused_force(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-6 (stricter than the law): a member of force X is accused in the case, so nobody who is
    or was a member of force X, in any of its units, takes any part in it."""
    who = request.candidate
    found = []
    for accused in sorted(ctx.accused_people - {who}):
        for force in sorted(ctx.forces_of(accused)):
            mine = ctx.posts_in_force(who, force)
            if not mine:
                continue
            theirs = ctx.posts_in_force(accused, force)
            noun = "staff member" if all("staff" in p.role.lower() for p in theirs) else "officer"
            reason = (
                f"IR-6: {who} served in {ctx.org_label(force)} {years(mine)}; "
                f"{noun} {accused} of that force is accused in case {ctx.case.ref}"
            )
            evidence = (
                *(affiliation_key(p) for p in mine),
                *(affiliation_key(p) for p in theirs),
            )
            found.append(Conflict("IR-6", reason, evidence))
    return found


# -- IR-7 -------------------------------------------------------------------------------------


def ir7_colleagues(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """IR-7: the candidate served in the same unit as an accused in overlapping years
    (compared by calendar year, as historic records often give only the year)."""
    who = request.candidate
    found = []
    for accused in sorted(ctx.accused_people - {who}):
        for theirs in ctx.posts_of(accused):
            for mine in ctx.posts_of(who):
                if mine.organisation != theirs.organisation:
                    continue
                if not mine.overlaps_years(theirs.start, theirs.end):
                    continue
                reason = (
                    f"IR-7: {who} served in {ctx.org_label(mine.organisation)} {years([mine])} "
                    f"while accused {accused} served there {years([theirs])} "
                    f"(case {ctx.case.ref})"
                )
                found.append(
                    Conflict("IR-7", reason, (affiliation_key(mine), affiliation_key(theirs)))
                )
    return found


# -- CR-1 -------------------------------------------------------------------------------------

_CASE_ROLES = frozenset(
    {AssignmentRole.INVESTIGATOR, AssignmentRole.REVIEWER, AssignmentRole.INTERVIEWER}
)


def cr1_contact(request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
    """CR-1: a person named as a suspect by a complainant, in any case, is never assigned anything
    that involves that complainant: the people a task ``involves`` and, for an investigator,
    reviewer or interviewer of the case, the case's complainants."""
    who = request.candidate
    involved = set(request.involves)
    if request.role in _CASE_ROLES:
        involved |= ctx.complainants
    sources: dict[tuple[str, str], list[str]] = {}
    for naming in ctx.all_suspect_namings:
        if naming.suspect == who and naming.complainant in involved:
            sources.setdefault((naming.complainant, naming.case), []).append(naming.evidence)
    found = []
    for (complainant, case), evidence in sorted(sources.items()):
        reason = (
            f"CR-1: {who} was named as a suspect by {complainant} in case {case} "
            f"({', '.join(sorted(evidence))}); this assignment involves {complainant}"
        )
        found.append(Conflict("CR-1", reason, (f"case:{case}", *sorted(evidence))))
    return found
