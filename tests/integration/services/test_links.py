"""A confirmed link from a mention to a person counts in the views: the person is accused
where the mention is, and named as a suspect by its maker for the contact rule (CR-1)."""

from __future__ import annotations

import pytest

from tests.integration.services.conftest import LEAD
from unburied.bootstrap import Unburied
from unburied.domain.errors import Refused
from unburied.domain.events import Event
from unburied.services.assignments import assign
from unburied.services.reviews import triage


def _link(app: Unburied, type_: str, mention: str, person: str) -> None:
    """Append a link decision as the linking service will: ``{"mention", "person"}``."""
    with app.uow() as uow:
        data = {"mention": mention, "person": person}
        uow.events.append([Event(type_, "P-0010", app.clock(), data, "C-0001", mention)])
        uow.commit()


def test_a_person_linked_to_a_suspect_mention_may_not_interview_the_complainant(
    world: Unburied,
):
    _link(world, "link.confirmed", "M-0002", "P-0200")
    triage(world, LEAD, "C-0001")

    with pytest.raises(Refused) as refused:
        assign(world, LEAD, "C-0001", "P-0200", "interviewer")

    reasons = [f.reason for f in refused.value.findings]
    assert any(r.startswith("IR-2: P-0200 is accused in case C-0001") for r in reasons)
    assert any("mention:M-0002" in r and r.startswith("CR-1") for r in reasons)


def test_a_rejected_link_no_longer_accuses_anyone(world: Unburied):
    _link(world, "link.confirmed", "M-0002", "P-0050")
    _link(world, "link.rejected", "M-0002", "P-0050")
    triage(world, LEAD, "C-0001")

    made = assign(world, LEAD, "C-0001", "P-0050", "reviewer")

    assert made.recorded.types == ("assignment.made",)
