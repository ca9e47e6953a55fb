"""Recording a statement and giving its maker what she needs to prove it later."""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from unburied.bootstrap import Unburied
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, RecordedEvent
from unburied.store.case_views import view_statements
from unburied.vault.envelope import open_sealed, seal

__all__ = ["HolderCopy", "RecordedStatement", "record_statement"]


@dataclass(frozen=True)
class HolderCopy:
    """What the statement's maker keeps beside her receipt: the field, her text and its salt."""

    seq: int
    field: str
    value: str = dataclasses.field(repr=False)
    salt: bytes = dataclasses.field(repr=False)

    def to_json(self) -> dict[str, object]:
        """The holder-copy file content (`unburied receipt verify --holder-copy`)."""
        return {
            "event": self.seq,
            "field": self.field,
            "value": self.value,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }


@dataclass(frozen=True)
class RecordedStatement:
    """The recorded event and the holder's copy."""

    event: RecordedEvent
    holder_copy: HolderCopy


def record_statement(
    app: Unburied,
    actor: str,
    *,
    case: str,
    statement: str,
    given_by: str,
    text: str,
    taken_on: date,
    recorded_by: str | None = None,
) -> RecordedStatement:
    """Seal the statement text under the maker's data key and append ``statement.recorded``.

    Payload: ``{"statement", "given_by", "recorded_by", "taken_on", "text": <sealed>}``; the
    event's subject is the maker, so her data key protects it.
    """
    if not text.strip():
        raise InvalidInput(f"statement {statement}: the text is empty")
    with app.uow() as uow:
        taken = uow.connection.execute(
            select(view_statements.c.id).where(view_statements.c.id == statement)
        ).first()
        if taken is not None:
            raise InvalidInput(f"statement {statement} is already recorded; give it a new id")
        sealed = seal(uow.keys, given_by, "text", text)
        event = Event(
            "statement.recorded",
            actor,
            app.clock(),
            {
                "statement": statement,
                "given_by": given_by,
                "recorded_by": recorded_by or actor,
                "taken_on": taken_on.isoformat(),
                "text": sealed,
            },
            case=case,
            subject=given_by,
        )
        (recorded,) = uow.events.append([event])
        opened = open_sealed(uow.keys, sealed)
        uow.commit()
    return RecordedStatement(recorded, HolderCopy(recorded.seq, "text", text, opened.salt))
