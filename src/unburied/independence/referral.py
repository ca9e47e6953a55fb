"""Mandatory referral (IR-5): which allegations no police force may investigate.

An allegation against a serving or former member of a police force that meets a referral
criterion (a :class:`~unburied.domain.entities.ReferralFlag`: serious sexual offence, serious
corruption including abuse of position for a sexual purpose, …) is routed to an independent
body. The decision and its reason are recorded as a ``referral.decided`` event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from unburied.domain.commands import Decided
from unburied.domain.entities import Allegation
from unburied.domain.events import Event
from unburied.independence.context import IndependenceContext

__all__ = ["Referral", "ReferralMode", "decide_referral", "referral_decision"]


class ReferralMode(StrEnum):
    """How an allegation is to be investigated."""

    INDEPENDENT = "independent"  # by an independent body; no police force investigates
    NOT_REQUIRED = "not_required"  # no mandatory referral (the other rules still apply)


@dataclass(frozen=True)
class Referral:
    """The referral decision for one allegation, with its reason in plain English."""

    allegation: str
    mode: ReferralMode
    reason: str
    flags: tuple[str, ...] = ()
    officers: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()


def _flag_text(flags: tuple[str, ...]) -> str:
    return ", ".join(flag.replace("_", " ") for flag in flags)


def referral_decision(allegation: Allegation, ctx: IndependenceContext) -> Referral:
    """Decide whether ``allegation`` must go to an independent body, and say why.

    An accused counts as police if any post of theirs was in a police force (or one of its
    commands or units), or, before anyone is linked, if the complainant described them as
    police.
    """
    flags = tuple(sorted(flag.value for flag in allegation.referral_flags))
    officers = sorted({p for p, _ in ctx.accused_of(allegation) if ctx.forces_of(p)})
    forces = sorted({f for p in officers for f in ctx.forces_of(p)})
    described = any(a.described_as_officer for a in allegation.accused)
    if not flags:
        reason = f"allegation {allegation.id} meets no mandatory referral criterion"
        return Referral(allegation.id, ReferralMode.NOT_REQUIRED, reason)
    if not officers and not described:
        reason = (
            f"no accused in allegation {allegation.id} is a serving or former member "
            "of a police force"
        )
        return Referral(allegation.id, ReferralMode.NOT_REQUIRED, reason, flags)
    who = [f"{p} ({', '.join(sorted(ctx.forces_of(p)))})" for p in officers]
    if described:
        who.append("an accused described as police")
    reason = (
        f"allegation {allegation.id} accuses serving or former police {', '.join(who)} and "
        f"meets the mandatory referral criteria ({_flag_text(flags)}); "
        "it is routed to an independent body"
    )
    return Referral(
        allegation.id, ReferralMode.INDEPENDENT, reason, flags, tuple(officers), tuple(forces)
    )


def decide_referral(
    allegation: Allegation, ctx: IndependenceContext, actor: str, now: datetime
) -> Decided:
    """Record the referral decision for an allegation as a ``referral.decided`` event.

    Payload of ``referral.decided`` (``case`` = the case, ``subject`` = the allegation id)::

        {"allegation": "A-0001", "mode": "independent" | "not_required",
         "reason": "<plain English>", "flags": ["serious_sexual_offence", ...],
         "officers": ["P-0007", ...], "forces": ["F-01", ...]}
    """
    referral = referral_decision(allegation, ctx)
    event = Event(
        type="referral.decided",
        actor=actor,
        at=now,
        case=allegation.case,
        subject=allegation.id,
        data={
            "allegation": referral.allegation,
            "mode": referral.mode.value,
            "reason": referral.reason,
            "flags": list(referral.flags),
            "officers": list(referral.officers),
            "forces": list(referral.forces),
        },
    )
    return Decided(events=(event,))
