"""The outcome vocabulary, and the reason codes it requires."""

from __future__ import annotations

from unburied.domain.commands import OutcomeSpec
from unburied.review import ConductOutcome, CriminalOutcome, outcome_findings


def reasons(*outcomes: OutcomeSpec) -> list[str]:
    return [f.reason for f in outcome_findings(outcomes)]


def test_every_criminal_and_conduct_outcome_of_the_issue_is_in_the_vocabulary():
    assert {o.value for o in CriminalOutcome} == {
        "charged",
        "convicted",
        "acquitted",
        "no_further_action",
    }
    assert {o.value for o in ConductOutcome} == {
        "no_case_to_answer",
        "reflective_practice",
        "management_action",
        "written_warning",
        "final_written_warning",
        "reduction_in_rank",
        "dismissal",
        "case_to_answer_no_proceedings_possible",
    }


def test_valid_outcomes_have_no_findings():
    assert (
        reasons(
            OutcomeSpec("criminal", "convicted"),
            OutcomeSpec("criminal", "no_further_action", "evidential_difficulties"),
            OutcomeSpec("conduct", "case_to_answer_no_proceedings_possible", "retired"),
        )
        == []
    )


def test_a_decision_needs_an_outcome():
    assert reasons() == ["OC-1: a decision needs at least one outcome; none given"]


def test_no_further_action_needs_a_reason_code():
    (reason,) = reasons(OutcomeSpec("criminal", "no_further_action"))
    assert reason.startswith("OC-3: outcome no_further_action needs a reason code, one of: ")
    assert reason.endswith("given None")


def test_no_proceedings_possible_needs_a_reason_code_like_retired():
    (reason,) = reasons(OutcomeSpec("conduct", "case_to_answer_no_proceedings_possible", "bored"))
    assert "retired" in reason and "given 'bored'" in reason


def test_unknown_kind_and_code_are_refused():
    assert reasons(OutcomeSpec("civil", "settled"))[0].startswith(
        "OC-2: outcome kind 'civil' is not one of: criminal, conduct"
    )
    assert reasons(OutcomeSpec("criminal", "dismissal"))[0].startswith(
        "OC-2: 'dismissal' is not a criminal outcome"
    )


def test_a_reason_code_on_an_outcome_that_takes_none_is_refused():
    assert reasons(OutcomeSpec("criminal", "charged", "retired")) == [
        "OC-4: outcome charged takes no reason code (given 'retired')"
    ]
