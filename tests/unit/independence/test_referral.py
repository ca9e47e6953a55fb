"""Mandatory referral: which allegations go to an independent body, and the recorded reason."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.worlds import A0001, NOW, ctx_c0001
from unburied.domain.entities import Accused, ReferralFlag
from unburied.domain.events import encode_event
from unburied.independence import ReferralMode, decide_referral, referral_decision


def test_serious_sexual_offence_by_a_former_officer_is_referred_to_an_independent_body():
    referral = referral_decision(A0001, ctx_c0001())
    assert referral.mode is ReferralMode.INDEPENDENT
    assert referral.reason == (
        "allegation A-0001 accuses serving or former police P-0007 (F-01) and meets the "
        "mandatory referral criteria (serious sexual offence); it is routed to an independent body"
    )
    assert referral.forces == ("F-01",)


def test_allegation_without_criteria_is_not_referred():
    referral = referral_decision(replace(A0001, referral_flags=frozenset()), ctx_c0001())
    assert referral.mode is ReferralMode.NOT_REQUIRED
    assert referral.reason == "allegation A-0001 meets no mandatory referral criterion"


def test_allegation_against_a_civilian_is_not_referred():
    civilian = replace(A0001, accused=(Accused(person="P-0200"),))
    referral = referral_decision(civilian, ctx_c0001())
    assert referral.mode is ReferralMode.NOT_REQUIRED
    assert "no accused in allegation A-0001 is a serving or former member" in referral.reason


def test_unidentified_accused_described_as_police_is_enough_to_refer():
    unknown = replace(
        A0001,
        accused=(Accused(mention="M-0002", described_as_officer=True),),
        referral_flags=frozenset({ReferralFlag.ABUSE_OF_POSITION_SEXUAL}),
    )
    referral = referral_decision(unknown, ctx_c0001())
    assert referral.mode is ReferralMode.INDEPENDENT
    assert "an accused described as police" in referral.reason
    assert "abuse of position sexual" in referral.reason


def test_referral_decision_is_recorded_as_an_event_with_its_reason():
    decided = decide_referral(A0001, ctx_c0001(), "P-0800", NOW)
    (event,) = decided.events
    assert event.type == "referral.decided"
    assert event.subject == "A-0001" and event.case == "C-0001"
    assert event.data["mode"] == "independent"
    assert event.data["flags"] == ["serious_sexual_offence"]
    assert event.data["officers"] == ["P-0007"]
    encode_event(1, event)  # the payload is canonical JSON
