"""Bands and explanations: auto-link never on a first name or nickname alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unburied.domain.errors import InvalidInput
from unburied.linking.explain import (
    IDENTIFYING,
    Band,
    Evidence,
    EvidenceKind,
    Outcome,
    Thresholds,
    band_for,
    explain,
)

FORENAME = Evidence(EvidenceKind.FORENAME, Outcome.AGREE, 6.0, "exact: 'daniel'")
NICKNAME = Evidence(EvidenceKind.NICKNAME, Outcome.PARTIAL, 4.0, "'danny' and 'daniel'")
SURNAME = Evidence(EvidenceKind.SURNAME, Outcome.AGREE, 9.0, "exact: 'hewson'")
VEHICLE = Evidence(EvidenceKind.VEHICLE, Outcome.AGREE, 5.0, "'silver astra'", "vehicles")
PLACES = Evidence(EvidenceKind.PLACE, Outcome.AGREE, 4.0, "'quenby road'", "places")
WRONG_DOB = Evidence(EvidenceKind.DATE_OF_BIRTH, Outcome.DISAGREE, -6.0, "different")


def test_a_first_name_alone_never_auto_links_however_high_the_probability() -> None:
    assert band_for(0.9999, [FORENAME]) is Band.REVIEW


def test_a_nickname_with_strong_context_still_does_not_auto_link() -> None:
    assert band_for(0.9999, [NICKNAME, VEHICLE, PLACES]) is Band.REVIEW


def test_a_surname_agreement_at_high_probability_auto_links() -> None:
    assert band_for(0.99, [SURNAME, FORENAME]) is Band.AUTO


def test_a_disagreeing_identifier_does_not_count_as_identifying_agreement() -> None:
    assert band_for(0.999, [FORENAME, WRONG_DOB]) is Band.REVIEW


def test_below_the_auto_threshold_a_surname_match_goes_to_review() -> None:
    assert band_for(0.97, [SURNAME]) is Band.REVIEW


def test_below_the_review_threshold_nothing_is_proposed() -> None:
    assert band_for(0.2, [SURNAME]) is Band.NONE


def test_the_auto_threshold_cannot_be_set_below_098() -> None:
    with pytest.raises(InvalidInput, match="auto-link threshold is 0.9, expected 0.98 to 1.0"):
        Thresholds(auto=0.9)


def test_the_review_threshold_must_lie_below_the_auto_threshold() -> None:
    with pytest.raises(InvalidInput, match="review threshold is 0.99"):
        Thresholds(auto=0.98, review=0.99)


def test_the_explanation_says_what_agreed_and_what_did_not() -> None:
    text = explain(0.993, [SURNAME, VEHICLE, WRONG_DOB])

    assert text.startswith("Probability 0.993 (auto-link).")
    assert "Agreed: surname (exact: 'hewson'); vehicles ('silver astra')." in text
    assert "Did not agree: date of birth (different)." in text


def test_the_explanation_says_why_a_likely_first_name_match_was_not_linked() -> None:
    text = explain(0.995, [FORENAME, VEHICLE])

    assert "(for review)" in text
    assert "only a first name or nickname identifies the person" in text


KINDS = st.sampled_from(list(EvidenceKind))
OUTCOMES = st.sampled_from(list(Outcome))
EVIDENCE = st.lists(
    st.builds(Evidence, KINDS, OUTCOMES, st.floats(-10, 10)), min_size=0, max_size=6
)


@given(st.floats(0.0, 1.0), EVIDENCE)
def test_every_auto_band_has_an_agreeing_identifier_beyond_first_name_or_nickname(
    probability: float, evidence: list[Evidence]
) -> None:
    band = band_for(probability, evidence)

    if band is Band.AUTO:
        assert any(
            e.kind in IDENTIFYING and e.outcome in (Outcome.AGREE, Outcome.PARTIAL)
            for e in evidence
        )
        assert EvidenceKind.FORENAME not in IDENTIFYING
        assert EvidenceKind.NICKNAME not in IDENTIFYING


@given(st.floats(0.0, 1.0), EVIDENCE)
def test_the_band_does_not_depend_on_the_order_of_the_evidence(
    probability: float, evidence: list[Evidence]
) -> None:
    assert band_for(probability, evidence) is band_for(probability, list(reversed(evidence)))
