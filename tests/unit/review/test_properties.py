"""Lifecycle invariants over generated command walks."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, Phase, event, find, given, settings

from tests.strategies import command_walks
from tests.unit.worlds import NOW, ctx_c0001
from unburied.domain.entities import AssignmentRole
from unburied.domain.events import Event, encode_event
from unburied.independence import conflicts
from unburied.review import CaseState, absent_after, decide, evolve, replay

CTX = ctx_c0001()
_BACK = {"under_investigation", "reopened", "triaged"}


def _play(walk):
    status, log = None, []
    for step, command in enumerate(walk, start=1):
        absent = absent_after(frozenset(), log)
        for e in decide(command, status, CTX, NOW + timedelta(days=step), absent=absent).events:
            status = evolve(status, e)
            log.append(e)
        yield status, log


def _assert_closed_properly(log: list[Event]) -> None:
    closing = max(i for i, e in enumerate(log) if _moved_to(e, "closed"))
    assert log[closing - 1].type == "case.closed"
    assert str(log[closing - 1].data["rationale"]).strip()
    sign_offs = [i for i, e in enumerate(log[:closing]) if e.type == "closure.signed_off"]
    assert sign_offs, "closed without any sign-off"
    signed = sign_offs[-1]
    proposals = [i for i, e in enumerate(log[:closing]) if e.type == "decision.proposed"]
    assert proposals and proposals[-1] < signed, "the sign-off is not of the current proposal"
    assert not any(_moved_to(e, *_BACK) for e in log[signed:closing]), "sign-off lapsed"
    absent = absent_after(frozenset(), log[:closing])
    assert log[closing - 1].data["investigator"] not in absent, "closed while investigator absent"
    reviewer = str(log[signed].data["reviewer"])
    assert reviewer not in (log[signed].data["investigator"], log[signed].data["proposed_by"])
    assert conflicts(reviewer, AssignmentRole.REVIEWER, CTX) == []


def _moved_to(e: Event, *states: str) -> bool:
    return e.type == "case.transitioned" and e.data["to"] in states


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walk=command_walks(CTX))
def test_no_sequence_of_commands_reaches_closed_without_an_independent_sign_off(walk):
    closed = False
    for status, log in _play(walk):
        if status is not None and status.state is CaseState.CLOSED:
            closed = True
            _assert_closed_properly(log)
    event("reached closed" if closed else "never closed")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walk=command_walks(CTX))
def test_the_status_rebuilt_from_the_log_equals_the_status_folded_live(walk):
    for status, log in _play(walk):
        assert replay(CTX.case.ref, log) == status


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walk=command_walks(CTX))
def test_every_event_a_decider_makes_has_a_canonical_encoding(walk):
    for _, log in _play(walk):
        for seq, e in enumerate(log):
            assert encode_event(seq, e)


def test_the_walks_do_reach_closed_so_the_property_is_not_vacuous():
    def closes(walk) -> bool:
        return any(s is not None and s.state is CaseState.CLOSED for s, _ in _play(walk))

    walk = find(
        command_walks(CTX),
        closes,
        settings=settings(max_examples=500, deadline=None, database=None, phases=[Phase.generate]),
    )
    assert closes(walk)
