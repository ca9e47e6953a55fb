"""What a conflict is, and how rules compose into a policy.

A :class:`Conflict` is a finding of an independence rule: the rule id, a plain-English reason
naming people by id, and the evidence (pointers to the facts relied on). A :class:`Rule` pairs a
rule id with the function that finds its conflicts; :class:`AllOf` composes rules (or other
policies) and refuses to be empty. Conflicts come back sorted and without duplicates, so the
answer does not depend on the order of the rules or of the facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from unburied.domain.commands import Finding
from unburied.domain.entities import AssignmentRole
from unburied.domain.errors import InvalidInput

if TYPE_CHECKING:
    from unburied.independence.context import IndependenceContext

__all__ = [
    "AllOf",
    "AssignmentRequest",
    "Conflict",
    "Policy",
    "Rule",
    "RuleCheck",
    "sort_conflicts",
]


@dataclass(frozen=True)
class Conflict(Finding):
    """A finding of an independence rule, e.g. ``Conflict("IR-6", "IR-6: P-0042 served …", …)``."""


@dataclass(frozen=True)
class AssignmentRequest:
    """The prospective assignment being checked: who, in what role, touching which people."""

    candidate: str
    role: AssignmentRole
    involves: frozenset[str] = frozenset()


RuleCheck = Callable[[AssignmentRequest, "IndependenceContext"], list[Conflict]]


class Policy(Protocol):
    """Anything that finds conflicts for a request: a :class:`Rule` or a composition of them."""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id this policy applies."""
        ...

    def check(self, request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
        """Return every conflict the request has under this policy."""
        ...


@dataclass(frozen=True)
class Rule:
    """One rule: its id and the function that finds its conflicts."""

    id: str
    find: RuleCheck

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """This rule's id, as a one-element tuple."""
        return (self.id,)

    def check(self, request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
        """Return the rule's conflicts for the request."""
        return self.find(request, ctx)


class AllOf:
    """Every conflict found by any of ``policies``.

    An empty ``AllOf`` raises instead of passing. An assignment checked against no rule at all
    would be waved through with "no conflicts", and that silence would look exactly like a clean
    independence check. A missing configuration must fail loudly, never pass quietly.
    """

    def __init__(self, policies: Sequence[Policy]) -> None:
        if not policies:
            raise InvalidInput(
                "AllOf needs at least one rule: an assignment with no independence check "
                "configured is an error, not a pass"
            )
        ids = [rule_id for policy in policies for rule_id in policy.rule_ids]
        repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if repeated:
            raise InvalidInput(f"AllOf names rule(s) {', '.join(repeated)} more than once")
        self.policies: tuple[Policy, ...] = tuple(policies)

    def __repr__(self) -> str:
        return f"AllOf({list(self.rule_ids)!r})"

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id applied, in the order given."""
        return tuple(rule_id for policy in self.policies for rule_id in policy.rule_ids)

    def check(self, request: AssignmentRequest, ctx: IndependenceContext) -> list[Conflict]:
        """Return every conflict from every policy, sorted and without duplicates."""
        return sort_conflicts(c for policy in self.policies for c in policy.check(request, ctx))


def _rule_key(rule: str) -> tuple[str, int, str]:
    match = re.fullmatch(r"([A-Z]+)-(\d+)", rule)
    if match is None:
        return (rule, 0, rule)
    # independence rules (IR-n) first, then the contact rule and any others
    prefix = match.group(1)
    return ("" if prefix == "IR" else prefix, int(match.group(2)), rule)


def sort_conflicts(found: Iterable[Conflict]) -> list[Conflict]:
    """Sort conflicts by rule (IR-1 … IR-7, then CR-1), reason and evidence; drop duplicates."""
    unique = set(found)
    return sorted(unique, key=lambda c: (_rule_key(c.rule), c.reason, c.evidence))
