"""A small named world for the pure core's tests: two forces, an independent body, three cases.

Every person is synthetic ("P-0007", "DC Example"); no name belongs to anyone real.

Northshire Police (F-01)
  └── Northshire Central Division (CMD-01)
        ├── Northshire CID (U-01)
        └── Northshire Public Protection Unit (U-02)
Westshire Police (F-02)
  └── Westshire Major Crime Unit (U-21)
Independent Review Operation (IB-01)
  └── Review Team A (U-91)

Case C-0001 (historic, Northshire, 2001–2003): complainant P-0100 accuses DC Example (P-0007),
an officer of Northshire CID 1998–2006, of a serious sexual offence in 2002–2003. The original
matter was received and recorded by P-0002, investigated by P-0004 and closed with no further
action by P-0003.

Case C-0003 (2019, Westshire): P-0100 is also the complainant, against a civilian P-0200.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from unburied.domain.commands import (
    AssignPerson,
    Command,
    OutcomeSpec,
    ProposeDecision,
    QueueForReview,
    SignOff,
    StartInvestigation,
    TriageCase,
)
from unburied.domain.entities import (
    Accused,
    Affiliation,
    Allegation,
    AssignmentRole,
    Case,
    Declaration,
    Mention,
    Organisation,
    OrgKind,
    OriginalHandling,
    Person,
    PersonKind,
    ReferralFlag,
    Statement,
)
from unburied.domain.events import Event
from unburied.independence import IndependenceContext, SuspectNaming
from unburied.review import CaseStatus, absent_after, decide, evolve

AS_OF = date(2024, 6, 1)
NOW = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)

ORGANISATIONS = (
    Organisation("F-01", "Northshire Police", OrgKind.POLICE_FORCE),
    Organisation("CMD-01", "Northshire Central Division", OrgKind.COMMAND, "F-01"),
    Organisation("U-01", "Northshire CID", OrgKind.UNIT, "CMD-01"),
    Organisation("U-02", "Northshire Public Protection Unit", OrgKind.UNIT, "CMD-01"),
    Organisation("F-02", "Westshire Police", OrgKind.POLICE_FORCE),
    Organisation("U-21", "Westshire Major Crime Unit", OrgKind.UNIT, "F-02"),
    Organisation("IB-01", "Independent Review Operation", OrgKind.INDEPENDENT_BODY),
    Organisation("U-91", "Review Team A", OrgKind.UNIT, "IB-01"),
    Organisation("CO-01", "Northshire Council", OrgKind.COUNCIL),
)


def d(year: int, month: int = 1, day: int = 1) -> date:
    """A date, briefly."""
    return date(year, month, day)


def post(person: str, org: str, start: date, end: date | None = None, **kw: Any) -> Affiliation:
    """A post with the role "officer" unless told otherwise."""
    kw.setdefault("role", "officer")
    return Affiliation(person=person, organisation=org, start=start, end=end, **kw)


AFFILIATIONS = (
    # the accused and his line-management chain in Northshire CID
    post("P-0007", "U-01", d(1998), d(2006, 3, 31), rank="DC", line_manager="P-0030"),
    post("P-0030", "U-01", d(1995), d(2008), rank="DS", line_manager="P-0031"),
    post("P-0031", "U-01", d(1990), d(2010), rank="DI"),
    # a detective in the same unit 2001–2004, then Westshire
    post("P-0042", "U-01", d(2001), d(2004, 6, 30), rank="DC", line_manager="P-0031"),
    post("P-0042", "U-21", d(2004, 7, 1), None, rank="DS"),
    # a former Northshire officer in another unit, years before
    post("P-0060", "U-02", d(1985), d(1995), rank="PC"),
    # reviewers of the independent operation
    post("P-0050", "U-91", d(2015), None, role="reviewer"),
    post("P-0051", "F-02", d(1990), d(2010), rank="DCI"),
    post("P-0051", "U-91", d(2012), None, role="reviewer"),
    post("P-0052", "U-91", d(2016), None, role="reviewer"),
    # oversight
    post("P-0900", "IB-01", d(2010), None, role="oversight"),
    post("P-0901", "IB-01", d(2011), None, role="oversight"),
    # the original handlers
    post("P-0002", "U-02", d(1999), d(2005), rank="PC"),
    post("P-0003", "CMD-01", d(1996), d(2009), rank="Superintendent"),
    post("P-0004", "U-02", d(2000), d(2007), rank="DS"),
)

PEOPLE = (
    Person("P-0007", PersonKind.OFFICER, "DC Example", frozenset({"abe"})),
    Person("P-0042", PersonKind.OFFICER, "DC Colleague", frozenset({"interview_training"})),
    Person("P-0050", PersonKind.INVESTIGATOR, "Reviewer One", frozenset({"interview_training"})),
    Person("P-0051", PersonKind.INVESTIGATOR, "Reviewer Two"),
    Person("P-0052", PersonKind.INVESTIGATOR, "Reviewer Three", frozenset({"abe"})),
    Person("P-0100", PersonKind.SURVIVOR, "Survivor A"),
)

C0001 = Case(
    ref="C-0001",
    originating_org="F-01",
    period_start=d(2001),
    period_end=d(2003, 12, 31),
    offence_categories=("sexual_offence",),
    historic=True,
    original=OriginalHandling(
        received_by="P-0002",
        recorded_by="P-0002",
        investigated_by="P-0004",
        decided_by="P-0003",
        outcome="no_further_action",
        decided_on=d(2004, 5, 1),
    ),
)

A0001 = Allegation(
    id="A-0001",
    case="C-0001",
    complainant="P-0100",
    accused=(Accused(person="P-0007"),),
    category="sexual_offence",
    date_from=d(2002),
    date_to=d(2003, 6, 30),
    referral_flags=frozenset({ReferralFlag.SERIOUS_SEXUAL_OFFENCE}),
)

S0001 = Statement(
    id="S-0001",
    case="C-0001",
    given_by="P-0100",
    recorded_by="P-0004",
    taken_on=d(2003, 7, 1),
    mentions=("M-0001", "M-0002"),
)

MENTIONS = (
    Mention("M-0001", "S-0001", "C-0001", "DC Ex", role="suspect", person="P-0007"),
    Mention("M-0002", "S-0001", "C-0001", "the tall one with the silver Astra", role="suspect"),
)


def ctx_c0001(**changes: Any) -> IndependenceContext:
    """The context of case C-0001, with any field replaced."""
    ctx = IndependenceContext(
        case=C0001,
        as_of=AS_OF,
        allegations=(A0001,),
        statements=(S0001,),
        mentions=MENTIONS,
        affiliations=AFFILIATIONS,
        organisations=ORGANISATIONS,
        people=PEOPLE,
        declarations=(),
    )
    return replace(ctx, **changes)


C0003 = Case(
    ref="C-0003",
    originating_org="F-02",
    period_start=d(2019),
    period_end=d(2019, 12, 31),
    historic=False,
)

A0031 = Allegation(
    id="A-0031",
    case="C-0003",
    complainant="P-0100",
    accused=(Accused(person="P-0200"),),
    category="harassment",
)

#: P-0100 named P-0007 as a suspect in case C-0001: a pair from another case.
NAMED_IN_C0001 = SuspectNaming("P-0007", "P-0100", "C-0001", "allegation:A-0001")


def ctx_c0003(**changes: Any) -> IndependenceContext:
    """The context of case C-0003 (P-0100's complaint against a civilian), cross-case pairs in."""
    ctx = IndependenceContext(
        case=C0003,
        as_of=AS_OF,
        allegations=(A0031,),
        affiliations=AFFILIATIONS,
        organisations=ORGANISATIONS,
        people=PEOPLE,
        suspect_namings=(NAMED_IN_C0001,),
    )
    return replace(ctx, **changes)


def declared(person: str, case: str = "C-0001") -> Declaration:
    """A declaration of interest (its reason is not shown in conflicts)."""
    return Declaration(person=person, case=case, reason="family connection")


# -- driving a case through its lifecycle -------------------------------------------------------


def run(
    ctx: IndependenceContext,
    commands: list[Command],
    status: CaseStatus | None = None,
    absent: frozenset[str] = frozenset(),
):
    """Decide each command in turn, folding its events; every command must be accepted.

    Returns the final status and every event made.
    """
    events: list[Event] = []
    for step, command in enumerate(commands, start=1):
        now = NOW + timedelta(days=step)
        decided = decide(command, status, ctx, now, absent=absent_after(absent, events))
        assert decided.accepted, f"step {step} {command} refused: {decided.refusals}"
        for event in decided.events:
            status = evolve(status, event)
            events.append(event)
    return status, events


LEAD = "P-0800"  # the review lead


def to_proposed(case: str = "C-0001", investigator: str = "P-0051", reviewer: str = "P-0050"):
    """Commands that take a case from nothing to a proposed decision with a reviewer assigned."""
    return [
        QueueForReview(case, LEAD),
        TriageCase(case, LEAD),
        AssignPerson("AS-0001", case, investigator, AssignmentRole.INVESTIGATOR, LEAD),
        StartInvestigation(case, investigator),
        AssignPerson("AS-0002", case, reviewer, AssignmentRole.REVIEWER, LEAD),
        ProposeDecision(
            case,
            investigator,
            (OutcomeSpec("conduct", "case_to_answer_no_proceedings_possible", "retired"),),
            "the officer retired in 2006; the evidence would have justified a hearing",
        ),
    ]


def to_signed_off(case: str = "C-0001", investigator: str = "P-0051", reviewer: str = "P-0050"):
    """Commands that take a case to an independent sign-off."""
    return [*to_proposed(case, investigator, reviewer), SignOff(case, reviewer, "agreed")]
