"""Who may run linking and decide links, and the rules a decision must meet.

* **AC-6** only the review lead or the system runs linking; the review lead, investigators,
  reviewers and oversight decide links (never the system: a decision is a person's);
* **LK-1** a person decides a link once: a link a person confirmed or rejected is not decided
  again. A link the linker applied itself may be confirmed or rejected once by a person;
* **LK-2** nobody decides a link that names themselves;
* **LK-3** every decision carries a reason.
"""

from __future__ import annotations

from unburied.access.roles import LINK_DECISION_ROLES, LINK_RUN_ROLES
from unburied.domain.commands import Finding
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import InvalidInput, Refused
from unburied.services.links.stored import LinkDecision, StoredLink

__all__ = [
    "LINK_DECISION_ROLES",
    "LINK_RUN_ROLES",
    "UNKNOWN_LINK",
    "authorise",
    "check_k",
    "problem_with",
]

#: The rule id of the finding for a link that is not in the store (not a rule: a lookup).
UNKNOWN_LINK = ""


def authorise(actor: Actor, allowed: frozenset[Role], what: str) -> None:
    """Raise :class:`Refused` (AC-6) unless ``actor``'s role is one of ``allowed``."""
    if actor.role not in allowed:
        shown = ", ".join(sorted(r.value for r in allowed))
        text = f"AC-6: the {actor.role.value} role may not {what} (allowed: {shown})"
        raise Refused(f"{what} refused for {actor.id}", [Finding("AC-6", text)])


def check_k(k: int) -> None:
    """Refuse a corroboration threshold below two independent complainants."""
    if k < 2:
        raise InvalidInput(f"corroboration needs k >= 2 independent complainants, got {k}")


def problem_with(decision: LinkDecision, link: StoredLink | None, actor: Actor) -> Finding | None:
    """Why ``decision`` may not be recorded (LK-3, an unknown link, LK-1, LK-2), or None."""
    if not decision.reason.strip():
        what = "confirming" if decision.accept else "rejecting"
        return Finding("LK-3", f"LK-3: {what} link {decision.link} needs a reason")
    if link is None:
        return Finding(UNKNOWN_LINK, f"link {decision.link} is not in the store")
    if link.decided_by_person:
        text = (
            f"LK-1: link {link.id} was already {link.state} by {link.decided_by}; a person's "
            "decision on a link is final and is not decided again"
        )
        return Finding("LK-1", text, (f"link:{link.id}",))
    if actor.id in (link.left, link.right):
        text = f"LK-2: {actor.id} may not decide link {link.id}, which names {actor.id}"
        return Finding("LK-2", text, (f"link:{link.id}",))
    return None
