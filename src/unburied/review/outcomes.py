"""The outcome vocabulary: what a case can end in, criminal and conduct.

A proposed decision carries one or more outcomes (one per allegation or accused, if needed).
"No further action" and "case to answer but no proceedings possible" each need a reason code,
so the figures can say *why* nothing happened, not just that nothing did.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from unburied.domain.commands import Finding, OutcomeSpec

__all__ = [
    "OUTCOME_FINDINGS",
    "ConductOutcome",
    "CriminalOutcome",
    "NfaReason",
    "NoProceedingsReason",
    "OutcomeKind",
    "outcome_findings",
]


class OutcomeKind(StrEnum):
    """Which vocabulary an outcome comes from."""

    CRIMINAL = "criminal"
    CONDUCT = "conduct"


class CriminalOutcome(StrEnum):
    """Criminal outcomes."""

    CHARGED = "charged"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    NO_FURTHER_ACTION = "no_further_action"


class NfaReason(StrEnum):
    """Why no further action was taken (required with ``no_further_action``)."""

    EVIDENTIAL_DIFFICULTIES = "evidential_difficulties"
    COMPLAINANT_WITHDREW_SUPPORT = "complainant_withdrew_support"
    SUSPECT_NOT_IDENTIFIED = "suspect_not_identified"
    SUSPECT_DECEASED = "suspect_deceased"
    SUSPECT_UNFIT = "suspect_unfit"
    NOT_IN_PUBLIC_INTEREST = "not_in_public_interest"
    PROSECUTION_DECLINED = "prosecution_declined"
    NO_OFFENCE_DISCLOSED = "no_offence_disclosed"


class ConductOutcome(StrEnum):
    """Conduct (misconduct) outcomes for police officers and staff."""

    NO_CASE_TO_ANSWER = "no_case_to_answer"
    REFLECTIVE_PRACTICE = "reflective_practice"
    MANAGEMENT_ACTION = "management_action"
    WRITTEN_WARNING = "written_warning"
    FINAL_WRITTEN_WARNING = "final_written_warning"
    REDUCTION_IN_RANK = "reduction_in_rank"
    DISMISSAL = "dismissal"
    NO_PROCEEDINGS_POSSIBLE = "case_to_answer_no_proceedings_possible"


class NoProceedingsReason(StrEnum):
    """Why there is a case to answer but no proceedings are possible."""

    RETIRED = "retired"
    RESIGNED = "resigned"
    DECEASED = "deceased"
    ALREADY_DISMISSED = "already_dismissed"
    OUT_OF_TIME = "out_of_time"


_VOCABULARY: dict[str, type[StrEnum]] = {
    OutcomeKind.CRIMINAL.value: CriminalOutcome,
    OutcomeKind.CONDUCT.value: ConductOutcome,
}
_REASONS: dict[str, type[StrEnum]] = {
    CriminalOutcome.NO_FURTHER_ACTION.value: NfaReason,
    ConductOutcome.NO_PROCEEDINGS_POSSIBLE.value: NoProceedingsReason,
}

#: Every outcome finding id with its meaning.
OUTCOME_FINDINGS: dict[str, str] = {
    "OC-1": "a decision needs at least one outcome",
    "OC-2": "the outcome kind or code is not in the vocabulary",
    "OC-3": "no further action, and no proceedings possible, need a valid reason code",
    "OC-4": "only those two outcomes take a reason code",
}


def _codes(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)


def outcome_findings(outcomes: Sequence[OutcomeSpec]) -> list[Finding]:
    """Return why these outcomes are not a valid decision (empty list: they are)."""
    if not outcomes:
        return [Finding("OC-1", "OC-1: a decision needs at least one outcome; none given")]
    return [finding for outcome in outcomes for finding in _one_outcome(outcome)]


def _one_outcome(outcome: OutcomeSpec) -> list[Finding]:
    vocabulary = _VOCABULARY.get(outcome.kind)
    if vocabulary is None:
        text = f"OC-2: outcome kind {outcome.kind!r} is not one of: {_codes(OutcomeKind)}"
        return [Finding("OC-2", text)]
    if outcome.code not in {m.value for m in vocabulary}:
        text = (
            f"OC-2: {outcome.code!r} is not a {outcome.kind} outcome; "
            f"expected one of: {_codes(vocabulary)}"
        )
        return [Finding("OC-2", text)]
    reasons = _REASONS.get(outcome.code)
    if reasons is None:
        if outcome.reason_code is None:
            return []
        text = f"OC-4: outcome {outcome.code} takes no reason code (given {outcome.reason_code!r})"
        return [Finding("OC-4", text)]
    if outcome.reason_code not in {m.value for m in reasons}:
        text = (
            f"OC-3: outcome {outcome.code} needs a reason code, one of: {_codes(reasons)}; "
            f"given {outcome.reason_code!r}"
        )
        return [Finding("OC-3", text)]
    return []
