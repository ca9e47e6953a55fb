"""Checks that need the whole batch: duplicate ids, references, loops, cases of mentions.

Every record must refer only to records in the same import or already in the store
(:class:`~unburied.importers.batch.KnownIds`). Ids must be new. An organisation's parents must
not loop. A mention belongs to its statement's case, and an allegation may accuse only mentions
from its own case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from unburied.domain.entities import Allegation, Mention, Organisation, Statement
from unburied.domain.errors import RowProblem
from unburied.importers.batch import KnownIds, RowRef
from unburied.importers.build import Built
from unburied.importers.format import RecordKind

__all__ = ["IdRegistry", "Pending", "check_references", "order_organisations", "resolve_mentions"]

_SINGULAR = {
    RecordKind.ORGANISATIONS: "organisation",
    RecordKind.PEOPLE: "person",
    RecordKind.CASES: "case",
    RecordKind.STATEMENTS: "statement",
    RecordKind.MENTIONS: "mention",
    RecordKind.ALLEGATIONS: "allegation",
}


@dataclass(slots=True)
class Pending:
    """A row that passed its own checks and waits for the batch-wide ones."""

    kind: RecordKind
    source: RowRef
    built: Built

    @property
    def entity(self) -> Any:
        """The entity built from the row."""
        return self.built.entity

    def problem(self, field_name: str, reason: str) -> RowProblem:
        """A problem with this row."""
        return RowProblem(self.source.file, self.source.row, field_name, reason)


@dataclass
class IdRegistry:
    """Ids claimed by rows of this import (first claim wins), and ids known from the store."""

    known: KnownIds
    claimed: dict[RecordKind, dict[str, RowRef]] = field(default_factory=dict)

    def claim(self, kind: RecordKind, ident: str, where: RowRef) -> str | None:
        """Claim ``ident`` for the row at ``where``; the reason it is a duplicate, or None."""
        mine = self.claimed.setdefault(kind, {})
        first = mine.get(ident)
        if first is not None:
            return f"duplicate id '{ident}': already given in {first}"
        if ident in self.known.of(kind):
            return f"{_SINGULAR[kind]} '{ident}' already exists in the store"
        mine[ident] = where
        return None

    def exists(self, kind: RecordKind, ident: str) -> bool:
        """True if a row of this import claims ``ident``, or the store holds it."""
        return ident in self.claimed.get(kind, {}) or ident in self.known.of(kind)


def check_references(pending: Iterable[Pending], ids: IdRegistry) -> list[RowProblem]:
    """Every reference to a record that is neither in the import nor in the store."""
    problems = []
    for item in pending:
        for ref in item.built.references:
            if not ids.exists(ref.kind, ref.id):
                what = _SINGULAR[ref.kind]
                reason = f"refers to {what} '{ref.id}', which is not in this import or the store"
                problems.append(item.problem(ref.field, reason))
    return problems


def order_organisations(pending: list[Pending]) -> tuple[list[Pending], list[RowProblem]]:
    """Organisations parents first; a parent chain that loops is a problem on each member."""
    by_id = {p.entity.id: p for p in pending}
    ordered: list[Pending] = []
    placed: set[str] = set()
    problems: list[RowProblem] = []
    for item in pending:
        chain = _parent_chain(item.entity, by_id)
        if _loops(chain):
            problems.append(item.problem("parent", "parents form a loop: " + " → ".join(chain)))
            continue
        for org_id in reversed(chain):
            if org_id in by_id and org_id not in placed:
                placed.add(org_id)
                ordered.append(by_id[org_id])
    return ordered, problems


def _parent_chain(org: Organisation, by_id: dict[str, Pending]) -> list[str]:
    chain = [org.id]
    seen = {org.id}
    parent = org.parent
    while parent is not None and parent in by_id:
        chain.append(parent)
        if parent in seen:
            break
        seen.add(parent)
        parent = by_id[parent].entity.parent
    return chain


def _loops(chain: list[str]) -> bool:
    return len(chain) != len(set(chain))


def resolve_mentions(
    statements: list[Pending], mentions: list[Pending], allegations: list[Pending], ids: IdRegistry
) -> list[RowProblem]:
    """Give each mention its case, each statement its mentions; check allegations' mentions."""
    statement_by_id: dict[str, Pending] = {p.entity.id: p for p in statements}
    problems: list[RowProblem] = []
    mention_case: dict[str, str] = {}
    listed: dict[str, list[str]] = {}
    for item in mentions:
        mention: Mention = item.entity
        if not ids.exists(RecordKind.STATEMENTS, mention.statement):
            continue  # already reported as a reference to a missing statement
        case = _mention_case(item, mention, statement_by_id, problems)
        if case is None:
            continue
        item.built.entity = replace(mention, case=case)
        mention_case[mention.id] = case
        listed.setdefault(mention.statement, []).append(mention.id)
    for ident, item in statement_by_id.items():
        statement: Statement = item.entity
        item.built.entity = replace(statement, mentions=tuple(listed.get(ident, ())))
    for item in allegations:
        problems.extend(_foreign_mentions(item, mention_case))
    return problems


def _mention_case(
    item: Pending, mention: Mention, statements: dict[str, Pending], problems: list[RowProblem]
) -> str | None:
    statement = statements.get(mention.statement)
    if statement is None:
        if not mention.case:
            reason = f"statement '{mention.statement}' is not in this import: give the case too"
            problems.append(item.problem("case", reason))
            return None
        return mention.case
    case: str = statement.entity.case
    if mention.case and mention.case != case:
        reason = f"is '{mention.case}' but statement '{mention.statement}' is in case '{case}'"
        problems.append(item.problem("case", reason))
        return None
    return case


def _foreign_mentions(item: Pending, mention_case: dict[str, str]) -> list[RowProblem]:
    allegation: Allegation = item.entity
    problems = []
    for accused in allegation.accused:
        case = mention_case.get(accused.mention or "")
        if case is not None and case != allegation.case:
            reason = f"mention '{accused.mention}' is in case '{case}', not '{allegation.case}'"
            problems.append(item.problem("accused_mentions", reason))
    return problems
