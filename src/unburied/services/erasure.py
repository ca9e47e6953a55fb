"""Erasing a survivor's protected data: destroy her key, record who authorised it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from unburied.access import decide_erasure
from unburied.bootstrap import Unburied
from unburied.domain.commands import EraseSurvivor
from unburied.domain.entities import Actor
from unburied.domain.errors import Refused
from unburied.services.commands import authorise
from unburied.store.case_views import view_people
from unburied.store.engine import scrub_freed_pages
from unburied.vault.erasure import erase_subject

__all__ = ["Erased", "erase_survivor"]


@dataclass(frozen=True)
class Erased:
    """The erasure recorded: the event's sequence number and the destroyed key's id."""

    seq: int
    key_id: str


def erase_survivor(app: Unburied, actor: Actor, subject: str, authority: str) -> Erased:
    """Destroy ``subject``'s data key and append ``survivor.erased`` in one transaction.

    Refused (and nothing destroyed) unless the actor is of oversight rank (AC-6), the
    authority is written (ER-1) and the subject is a survivor (ER-2). Afterwards every value
    sealed under her key raises ``KeyErased``; the log still verifies.
    """
    cmd = EraseSurvivor(subject, actor.id, authority)
    authorise(actor, cmd)
    with app.uow() as uow:
        kind = uow.connection.execute(
            select(view_people.c.kind).where(view_people.c.id == subject)
        ).scalar()
        probe = decide_erasure(cmd, kind, {}, app.clock())
        if probe.refusals:
            raise Refused(f"erasure of {subject}'s data refused", probe.refusals)
        record = erase_subject(uow.keys, subject)
        decided = decide_erasure(cmd, kind, record.event_data(), app.clock())
        (recorded,) = uow.events.append(list(decided.events))
        uow.commit()
    # Push the destroyed key's old page out of the WAL / dead rows.
    scrub_freed_pages(app.engine)
    return Erased(recorded.seq, record.key_id)
