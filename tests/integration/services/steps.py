"""Walking a case of the Northshire world through its review, step by step, via the services."""

from __future__ import annotations

from tests.integration.services.conftest import INVESTIGATOR, LEAD, REVIEWER
from unburied.bootstrap import Unburied
from unburied.domain.commands import OutcomeSpec
from unburied.services.assignments import assign
from unburied.services.reviews import propose_decision, sign_off, start_investigation, triage

#: A valid conduct outcome: a case to answer, but the officer retired.
RETIRED = OutcomeSpec("conduct", "case_to_answer_no_proceedings_possible", "retired")


def to_assigned(app: Unburied, case: str = "C-0001") -> None:
    """Triage the case and assign P-0052 to investigate and P-0050 to review it."""
    triage(app, LEAD, case)
    assign(app, LEAD, case, INVESTIGATOR.id, "investigator")
    assign(app, LEAD, case, REVIEWER.id, "reviewer")


def to_proposed(app: Unburied, case: str = "C-0001") -> None:
    """Up to a proposed decision by the investigator."""
    to_assigned(app, case)
    start_investigation(app, INVESTIGATOR, case)
    propose_decision(app, INVESTIGATOR, case, [RETIRED], "case to answer; he retired in 2006")


def to_signed_off(app: Unburied, case: str = "C-0001") -> None:
    """Up to the independent reviewer's sign-off."""
    to_proposed(app, case)
    sign_off(app, REVIEWER, case, "the outcome follows from the evidence")
