"""The case views are derived: rebuilding them from the log gives exactly the live views, and
no sequence of commands (nor a raw append) reaches "closed" without an independent sign-off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select

from tests.conftest import TickingClock
from tests.integration.services.conftest import INVESTIGATOR, LEAD, REVIEWER
from tests.integration.services.northshire import write_northshire
from tests.integration.services.steps import RETIRED, to_signed_off
from tests.integration.store.builders import empty_database
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import InvalidInput, LogIntegrityError, Refused
from unburied.domain.events import Event
from unburied.ledger.note import NoteSigner
from unburied.services.access import read_protected
from unburied.services.assignments import assign, grant_override, record_absence
from unburied.services.imports import import_batch
from unburied.services.log import record_log_initialised
from unburied.services.reviews import (
    close_case,
    propose_decision,
    raise_concern,
    reopen,
    return_to_investigation,
    sign_off,
    start_investigation,
    triage,
)
from unburied.store.views import REGISTRY, rebuild_views
from unburied.vault.keys import FileMasterKey

Snapshot = dict[str, list[str]]
SURVIVOR = Actor("P-0100", Role.SURVIVOR)


def _snapshot(conn: Connection) -> Snapshot:
    """Every row of every view, as text, sorted: comparable across a rebuild."""
    return {
        table.name: sorted(repr(tuple(row)) for row in conn.execute(select(table)))
        for table in REGISTRY.tables
    }


def _rebuilt_equals_live(app: Unburied) -> None:
    with app.uow() as uow:
        live = _snapshot(uow.connection)
        rebuild_views(uow.connection)
        assert _snapshot(uow.connection) == live
        uow.rollback()


def test_rebuilding_the_views_after_a_whole_review_gives_exactly_the_live_views(
    world: Unburied,
):
    to_signed_off(world)
    with pytest.raises(Refused):
        assign(world, LEAD, "C-0001", "P-0061", "interviewer")
    read_protected(world, REVIEWER, "statement.text", statement="S-0001", stated_reason="review")
    close_case(world, LEAD, "C-0001", "signed off")
    raise_concern(world, SURVIVOR, "C-0001", "nobody spoke to my friend")
    record_absence(world, LEAD, "P-0052", "leave")
    triage(world, LEAD, "C-0003")
    with pytest.raises(Refused):
        grant_override(
            world,
            Actor("P-0900", Role.OVERSIGHT),
            "C-0003",
            "P-0007",
            "interviewer",
            approvers=[Actor("P-0900", Role.OVERSIGHT), Actor("P-0901", Role.OVERSIGHT)],
            reason="never allowed",
        )

    with world.uow() as uow:
        live = _snapshot(uow.connection)
    assert all(live[name] for name in ("view_cases", "view_access", "view_refusals"))
    _rebuilt_equals_live(world)


def test_a_raw_append_that_closes_a_case_without_sign_off_fails_and_writes_nothing(
    world: Unburied,
):
    triage(world, LEAD, "C-0001")
    bogus = Event(
        "case.transitioned",
        "P-0010",
        world.clock(),
        {"from": "triaged", "to": "closed", "reason": "quietly"},
        "C-0001",
    )
    with world.uow() as uow:
        size = uow.events.size
        with pytest.raises(InvalidInput, match="which the lifecycle does not allow"):
            uow.events.append([bogus])
        with pytest.raises(LogIntegrityError):
            uow.commit()
    with world.uow() as uow:
        assert uow.events.size == size


# -- no sequence of commands closes a case without a sign-off ------------------------------------

_ACTIONS: dict[str, Callable[[Unburied], object]] = {
    "triage": lambda a: triage(a, LEAD, "C-0001"),
    "assign investigator": lambda a: assign(a, LEAD, "C-0001", "P-0052", "investigator"),
    "assign reviewer": lambda a: assign(a, LEAD, "C-0001", "P-0050", "reviewer"),
    "assign conflicted": lambda a: assign(a, LEAD, "C-0001", "P-0042", "reviewer"),
    "start": lambda a: start_investigation(a, INVESTIGATOR, "C-0001"),
    "propose": lambda a: propose_decision(a, INVESTIGATOR, "C-0001", [RETIRED], "retired"),
    "sign off": lambda a: sign_off(a, REVIEWER, "C-0001"),
    "sign off as investigator": lambda a: sign_off(a, Actor("P-0052", Role.REVIEWER), "C-0001"),
    "close": lambda a: close_case(a, LEAD, "C-0001", "closing"),
    "return": lambda a: return_to_investigation(a, LEAD, "C-0001", "more to do"),
    "concern": lambda a: raise_concern(a, SURVIVOR, "C-0001", "closed under pressure"),
    "reopen": lambda a: reopen(a, LEAD, "C-0001", "new evidence"),
    "absent": lambda a: record_absence(a, LEAD, "P-0052", "leave"),
    "back": lambda a: record_absence(a, LEAD, "P-0052", "back", absent=False),
}


#: The path to a close; the plans interleave other commands with it, at random.
_HAPPY_PATH = (
    "triage",
    "assign investigator",
    "assign reviewer",
    "start",
    "propose",
    "sign off",
    "close",
)


def _interleave(detours: list[list[str]]) -> list[str]:
    """The happy path with a detour (0–2 random commands) after each of its steps."""
    plan: list[str] = []
    for step, detour in zip(_HAPPY_PATH, detours, strict=False):
        plan += [step, *detour]
    return plan


_plans = st.lists(
    st.lists(st.sampled_from(sorted(_ACTIONS)), max_size=2),
    min_size=len(_HAPPY_PATH),
    max_size=len(_HAPPY_PATH),
).map(_interleave)


def _closed_only_after_sign_off(app: Unburied) -> int:
    """Walk the case's log; every close must follow a sign-off of the current proposal."""
    closes = 0
    signed = False
    with app.uow() as uow:
        for recorded in uow.events.find(case="C-0001"):
            data = recorded.data
            if recorded.type in ("decision.proposed", "case.reopened"):
                signed = False
            elif recorded.type == "case.transitioned" and data["to"] == "under_investigation":
                signed = False
            elif recorded.type == "closure.signed_off":
                signed = data["reviewer"] != data["investigator"]
            elif recorded.type == "case.closed":
                assert signed, f"event {recorded.seq} closes C-0001 without a sign-off"
                closes += 1
    return closes


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=_plans)
def test_no_sequence_of_commands_closes_a_case_without_an_independent_sign_off(
    engine: Engine,
    signer: NoteSigner,
    master_key: FileMasterKey,
    tmp_path: Path,
    plan: list[str],
) -> None:
    empty_database(engine)
    app = Unburied(tmp_path, engine, signer, master_key, TickingClock())
    record_log_initialised(app)
    import_batch(app, LEAD, write_northshire(tmp_path / "world"))
    for step in plan:
        try:
            _ACTIONS[step](app)
        except Refused:
            pass
    closes = _closed_only_after_sign_off(app)
    event(f"closed {closes} time(s)")
    _rebuilt_equals_live(app)
