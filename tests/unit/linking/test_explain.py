"""Bands and explanations: auto-link never on a first name or nickname alone."""
# A first name auto-links only exactly, with context, and known to belong to one man only.

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unburied.domain.errors import InvalidInput
from unburied.linking.explain import (
    ALLEGATIONS,
    COMPLAINANT,
    CONTEXT,
    IDENTIFYING,
    NAME_USE_LABEL,
    Band,
    Evidence,
    EvidenceKind,
    Outcome,
    Thresholds,
    band_for,
    explain,
    has_identifying_agreement,
    recorded_identifying_agreement,
)

FORENAME = Evidence(EvidenceKind.FORENAME, Outcome.AGREE, 6.0, "exact: 'daniel'")
NICKNAME = Evidence(EvidenceKind.NICKNAME, Outcome.PARTIAL, 4.0, "'danny' and 'daniel'")
SURNAME = Evidence(EvidenceKind.SURNAME, Outcome.AGREE, 9.0, "exact: 'hewson'")
VEHICLE = Evidence(EvidenceKind.VEHICLE, Outcome.AGREE, 5.0, "'silver astra'", "vehicles")
PLACES = Evidence(EvidenceKind.PLACE, Outcome.AGREE, 4.0, "'quenby road'", "places")
WRONG_DOB = Evidence(EvidenceKind.DATE_OF_BIRTH, Outcome.DISAGREE, -6.0, "different")
ONE_MAN = Evidence(EvidenceKind.NAME_USE, Outcome.AGREE, 0.0, "none among the men", NAME_USE_LABEL)
TWO_MEN = Evidence(EvidenceKind.NAME_USE, Outcome.DISAGREE, 0.0, "'daniel': 2 men", NAME_USE_LABEL)
STREET_NAME = Evidence(EvidenceKind.NICKNAME, Outcome.AGREE, 8.0, "same: 'bash'")
SAME_WOMAN = Evidence(EvidenceKind.OTHER, Outcome.PARTIAL, 3.0, "same complainant", COMPLAINANT)
CLOSE_IN_TIME = Evidence(EvidenceKind.TIME, Outcome.AGREE, 1.0, "under 5 years")


def test_a_first_name_alone_never_auto_links_however_high_the_probability() -> None:
    assert band_for(0.9999, [FORENAME]) is Band.REVIEW
    assert band_for(0.9999, [FORENAME, ONE_MAN]) is Band.REVIEW  # used by one man, but alone
    assert band_for(0.9999, [FORENAME, CLOSE_IN_TIME, ONE_MAN]) is Band.REVIEW  # time is no tie


def test_a_short_form_with_strong_context_does_not_auto_link() -> None:
    # "danny" for "daniel" is a guess at the name, not the name agreeing
    assert band_for(0.9999, [NICKNAME, VEHICLE, PLACES, ONE_MAN]) is Band.REVIEW


def test_a_first_name_with_context_auto_links_when_one_man_only_is_known_by_it() -> None:
    assert band_for(0.99, [FORENAME, VEHICLE, ONE_MAN]) is Band.AUTO
    assert band_for(0.99, [STREET_NAME, SAME_WOMAN, ONE_MAN]) is Band.AUTO


def test_a_first_name_with_context_that_two_men_are_known_by_goes_to_review() -> None:
    assert band_for(0.9999, [FORENAME, VEHICLE, PLACES, TWO_MEN]) is Band.REVIEW
    assert band_for(0.9999, [FORENAME, VEHICLE, PLACES, ONE_MAN, TWO_MEN]) is Band.REVIEW


def test_a_first_name_with_context_whose_use_was_not_looked_at_goes_to_review() -> None:
    assert band_for(0.9999, [FORENAME, VEHICLE, PLACES]) is Band.REVIEW


def test_context_that_spoke_against_the_match_does_not_count() -> None:
    against = Evidence(EvidenceKind.VEHICLE, Outcome.PARTIAL, -1.0, "same make", "vehicles")

    assert band_for(0.99, [FORENAME, against, ONE_MAN]) is Band.REVIEW


def test_below_the_auto_threshold_a_first_name_with_context_goes_to_review() -> None:
    assert band_for(0.97, [FORENAME, VEHICLE, ONE_MAN]) is Band.REVIEW


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


def test_the_explanation_says_a_link_rests_on_a_first_name_with_context() -> None:
    text = explain(0.995, [FORENAME, VEHICLE, ONE_MAN])

    assert "(auto-link)" in text
    assert "Linked automatically on a first name or nickname: context agreed too" in text
    assert "others known by the name (none among the men)" in text


KINDS = st.sampled_from(list(EvidenceKind))
OUTCOMES = st.sampled_from(list(Outcome))
LABELS = st.sampled_from(["", COMPLAINANT, ALLEGATIONS, NAME_USE_LABEL])
EVIDENCE = st.lists(
    st.builds(Evidence, KINDS, OUTCOMES, st.floats(-10, 10), st.just(""), LABELS),
    min_size=0,
    max_size=6,
)


def _agrees(e: Evidence) -> bool:
    return e.outcome in (Outcome.AGREE, Outcome.PARTIAL)


@given(st.floats(0.0, 1.0), EVIDENCE)
def test_every_auto_band_has_an_identifier_or_an_exact_name_with_context_used_by_one_man(
    probability: float, evidence: list[Evidence]
) -> None:
    band = band_for(probability, evidence)

    if band is Band.AUTO:
        assert probability >= 0.98
        identified = any(e.kind in IDENTIFYING and _agrees(e) for e in evidence)
        name = any(
            e.kind in (EvidenceKind.FORENAME, EvidenceKind.NICKNAME) and e.outcome is Outcome.AGREE
            for e in evidence
        )
        context = any(
            (e.kind in CONTEXT or e.label in (COMPLAINANT, ALLEGATIONS))
            and _agrees(e)
            and e.weight > 0
            for e in evidence
        )
        use = [e.outcome for e in evidence if e.kind is EvidenceKind.NAME_USE]
        assert identified or (
            name and context and Outcome.AGREE in use and Outcome.DISAGREE not in use
        )
        assert EvidenceKind.FORENAME not in IDENTIFYING
        assert EvidenceKind.NICKNAME not in IDENTIFYING


@given(st.floats(0.98, 1.0), EVIDENCE)
def test_a_name_with_context_auto_links_only_with_the_finding_that_one_man_bears_it(
    probability: float, evidence: list[Evidence]
) -> None:
    without_use = [e for e in evidence if e.kind is not EvidenceKind.NAME_USE]
    if not any(e.kind in IDENTIFYING and _agrees(e) for e in evidence):
        assert band_for(probability, without_use) is not Band.AUTO
        assert band_for(probability, [*evidence, TWO_MEN]) is not Band.AUTO


@given(st.floats(0.0, 1.0), EVIDENCE)
def test_the_band_does_not_depend_on_the_order_of_the_evidence(
    probability: float, evidence: list[Evidence]
) -> None:
    assert band_for(probability, evidence) is band_for(probability, list(reversed(evidence)))


@given(EVIDENCE)
def test_recorded_evidence_identifies_as_the_evidence_did(evidence: list[Evidence]) -> None:
    recorded = [{"kind": e.kind.value, "outcome": e.outcome.value} for e in evidence]

    assert recorded_identifying_agreement(recorded) is has_identifying_agreement(evidence)


def test_a_recorded_kind_this_version_does_not_know_identifies_nobody() -> None:
    assert not recorded_identifying_agreement([{"kind": "shoe_size", "outcome": "agree"}])
    assert recorded_identifying_agreement([{"kind": "surname", "outcome": "partial"}])
