"""The docs pages name every rule id, finding, state, role, protected field and event we emit."""

from __future__ import annotations

from pathlib import Path

import pytest

from unburied.access import ACCESS_FINDINGS, PROTECTED_FIELDS, Role
from unburied.independence import OVERRIDE_FINDINGS, RULES
from unburied.review import CLOSURE_FINDINGS, LIFECYCLE_FINDINGS, OUTCOME_FINDINGS, CaseState
from unburied.review.outcomes import ConductOutcome, CriminalOutcome

DOCS = Path(__file__).resolve().parents[3] / "docs"

EMITTED_EVENTS = {
    "independence.md": [
        "assignment.refused",
        "override.granted",
        "override.refused",
        "referral.decided",
    ],
    "lifecycle.md": [
        "case.queued",
        "case.transitioned",
        "assignment.made",
        "assignment.refused",
        "assignment.ended",
        "absence.recorded",
        "decision.proposed",
        "closure.signed_off",
        "closure.refused",
        "case.closed",
        "case.reopened",
        "concern.raised",
    ],
    "access.md": ["access.recorded", "access.refused", "access.alert"],
}

NAMES = {
    "independence.md": [*RULES, *OVERRIDE_FINDINGS],
    "lifecycle.md": [
        *LIFECYCLE_FINDINGS,
        *CLOSURE_FINDINGS,
        *OUTCOME_FINDINGS,
        *(s.value for s in CaseState),
        *(o.value for o in CriminalOutcome),
        *(o.value for o in ConductOutcome),
    ],
    "access.md": [*ACCESS_FINDINGS, *(r.value for r in Role), *(f.value for f in PROTECTED_FIELDS)],
}


@pytest.mark.parametrize("page", sorted(NAMES))
def test_every_id_is_explained_on_its_docs_page(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    missing = [name for name in [*NAMES[page], *EMITTED_EVENTS[page]] if f"`{name}`" not in text]
    assert missing == [], f"docs/{page} does not mention {missing}"
