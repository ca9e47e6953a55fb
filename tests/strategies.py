"""Hypothesis strategies for the domain: synthetic people, posts, cases and command sequences.

Every id is synthetic ("P-0007", "F-01"); no strategy produces anything like a real name.
Pools are small on purpose, so that generated people collide: the same person turns up as
accused, colleague and candidate, which is where the independence rules have work to do.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from unburied.domain.commands import (
    AssignPerson,
    CloseCase,
    Command,
    EndAssignment,
    OutcomeSpec,
    ProposeDecision,
    QueueForReview,
    RaiseConcern,
    RecordAbsence,
    ReopenCase,
    ReturnToInvestigation,
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
from unburied.review import CaseState, CaseStatus, absent_after, decide, evolve

__all__ = [
    "ORGANISATION_TREE",
    "affiliations",
    "allegations",
    "assignment_roles",
    "case_commands",
    "command_walks",
    "independence_contexts",
    "person_ids",
]

CASE_REF = "C-0001"

#: Two forces (one with a command and two units), an independent body with a team, a council.
ORGANISATION_TREE = (
    Organisation("F-01", "Northshire Police", OrgKind.POLICE_FORCE),
    Organisation("CMD-01", "Northshire Central Division", OrgKind.COMMAND, "F-01"),
    Organisation("U-01", "Northshire CID", OrgKind.UNIT, "CMD-01"),
    Organisation("U-02", "Northshire Public Protection Unit", OrgKind.UNIT, "CMD-01"),
    Organisation("F-02", "Westshire Police", OrgKind.POLICE_FORCE),
    Organisation("IB-01", "Independent Review Operation", OrgKind.INDEPENDENT_BODY),
    Organisation("U-91", "Review Team A", OrgKind.UNIT, "IB-01"),
    Organisation("CO-01", "Northshire Council", OrgKind.COUNCIL),
)
_ORG_IDS = [org.id for org in ORGANISATION_TREE]


def person_ids(pool: int = 12) -> st.SearchStrategy[str]:
    """A person id from a small pool.

    >>> person_ids().example()  # doctest: +SKIP
    'P-0007'
    """
    return st.integers(1, pool).map(lambda n: f"P-{n:04d}")


def assignment_roles() -> st.SearchStrategy[AssignmentRole]:
    """Any assignment role.

    >>> assignment_roles().example()  # doctest: +SKIP
    <AssignmentRole.REVIEWER: 'reviewer'>
    """
    return st.sampled_from(list(AssignmentRole))


@st.composite
def _years(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(st.integers(1980, 2022))
    end = draw(st.one_of(st.none(), st.integers(start, 2024)))
    return date(start, draw(st.integers(1, 12)), 1), None if end is None else date(end, 12, 31)


@st.composite
def affiliations(draw: st.DrawFn) -> Affiliation:
    """A post of a pool person in one of :data:`ORGANISATION_TREE`, maybe with a line manager.

    >>> affiliations().example()  # doctest: +SKIP
    Affiliation(person='P-0003', organisation='U-01', role='officer',
                start=datetime.date(1998, 4, 1), end=datetime.date(2006, 12, 31),
                rank='DS', collar_number=None, line_manager='P-0009', end_reason=None)
    """
    start, end = draw(_years())
    return Affiliation(
        person=draw(person_ids()),
        organisation=draw(st.sampled_from(_ORG_IDS)),
        role=draw(st.sampled_from(["officer", "staff", "reviewer"])),
        start=start,
        end=end,
        rank=draw(st.sampled_from([None, "PC", "DS", "DCI", "Ch Supt", "ACC", "Chief Constable"])),
        line_manager=draw(st.one_of(st.none(), person_ids())),
    )


@st.composite
def allegations(draw: st.DrawFn, index: int = 1) -> Allegation:
    """An allegation in case C-0001 by a pool person against one or two others.

    >>> allegations().example()  # doctest: +SKIP
    Allegation(id='A-0001', case='C-0001', complainant='P-0011',
               accused=(Accused(person='P-0004', mention=None, description=None,
                                described_as_officer=False),),
               category='sexual_offence', date_from=datetime.date(2002, 1, 1),
               date_to=None, places=(), referral_flags=frozenset({...}))
    """
    accused = draw(st.lists(person_ids(), min_size=1, max_size=2, unique=True))
    year = draw(st.integers(1990, 2010))
    return Allegation(
        id=f"A-{index:04d}",
        case=CASE_REF,
        complainant=draw(person_ids()),
        accused=tuple(Accused(person=p) for p in accused),
        category="sexual_offence",
        date_from=date(year, 1, 1),
        date_to=draw(st.one_of(st.none(), st.just(date(year + 1, 12, 31)))),
        referral_flags=draw(st.frozensets(st.sampled_from(list(ReferralFlag)), max_size=2)),
    )


@st.composite
def independence_contexts(draw: st.DrawFn) -> IndependenceContext:
    """A whole context for case C-0001: posts, allegations, statements, mentions, declarations,
    cross-case suspect namings and associates, all among a pool of twelve people.

    >>> ctx = independence_contexts().example()  # doctest: +SKIP
    >>> len(ctx.affiliations), ctx.accused_people  # doctest: +SKIP
    (9, frozenset({'P-0004', 'P-0010'}))
    """
    n_allegations = draw(st.integers(1, 3))
    found_allegations = tuple(draw(allegations(i)) for i in range(1, n_allegations + 1))
    statements = tuple(
        Statement(
            id=f"S-{i:04d}",
            case=CASE_REF,
            given_by=draw(person_ids()),
            recorded_by=draw(st.one_of(st.none(), person_ids())),
            taken_on=date(2003, 1, 1),
            in_review=draw(st.booleans()),
        )
        for i in range(1, draw(st.integers(0, 2)) + 1)
    )
    mentions = tuple(
        Mention(
            id=f"M-{i:04d}",
            statement=s.id,
            case=CASE_REF,
            text="as given",
            role=draw(st.sampled_from(["suspect", "witness", "named"])),
            person=draw(st.one_of(st.none(), person_ids())),
        )
        for i, s in enumerate(statements, start=1)
    )
    people = tuple(
        Person(p, PersonKind.OTHER, f"Pseudonym {p[-2:]}", frozenset({"abe"}))
        for p in draw(st.lists(person_ids(), max_size=6, unique=True))
    )
    return IndependenceContext(
        case=Case(
            ref=CASE_REF,
            originating_org="F-01",
            period_start=date(1995, 1, 1),
            period_end=draw(st.one_of(st.none(), st.just(date(2005, 12, 31)))),
            original=OriginalHandling(decided_by=draw(st.one_of(st.none(), person_ids()))),
        ),
        as_of=date(2024, 6, 1),
        allegations=found_allegations,
        statements=statements,
        mentions=mentions,
        affiliations=tuple(draw(st.lists(affiliations(), max_size=14))),
        organisations=ORGANISATION_TREE,
        people=people,
        declarations=tuple(
            Declaration(p, CASE_REF, "declared")
            for p in draw(st.lists(person_ids(), max_size=2, unique=True))
        ),
        suspect_namings=tuple(
            SuspectNaming(s, c, "C-0009", "allegation:A-0090")
            for s, c in draw(st.lists(st.tuples(person_ids(), person_ids()), max_size=3))
        ),
        associated_with_accused=draw(st.frozensets(person_ids(), max_size=2)),
    )


# -- command sequences for the lifecycle -----------------------------------------------------

#: The people commands are drawn from: P-0050/51/52 are clean reviewers in the property world,
#: P-0042 is a colleague of the accused, P-0007 the accused.
LIFECYCLE_PEOPLE = ("P-0007", "P-0042", "P-0050", "P-0051", "P-0052")

_VALID_OUTCOME = OutcomeSpec("criminal", "charged")
_OUTCOMES = st.sampled_from(
    [
        (_VALID_OUTCOME,),
        (OutcomeSpec("conduct", "case_to_answer_no_proceedings_possible", "retired"),),
        (OutcomeSpec("criminal", "no_further_action"),),  # invalid: no reason code
        (),
    ]
)
_TEXT = st.sampled_from(["", "  ", "rationale recorded in full"])


@st.composite
def case_commands(draw: st.DrawFn, case: str = CASE_REF) -> Command:
    """One command on the case, from any of the pool people, sensible or not.

    >>> case_commands().example()  # doctest: +SKIP
    SignOff(case='C-0001', actor='P-0042', note='')
    """
    who = draw(st.sampled_from(LIFECYCLE_PEOPLE))
    other = draw(st.sampled_from(LIFECYCLE_PEOPLE))
    text = draw(_TEXT)
    role = draw(st.sampled_from([AssignmentRole.INVESTIGATOR, AssignmentRole.REVIEWER]))
    n = draw(st.integers(1, 99))
    choices: list[Command] = [
        QueueForReview(case, "P-0800"),
        TriageCase(case, "P-0800"),
        AssignPerson(f"AS-{n:04d}", case, other, role, "P-0800"),
        EndAssignment(f"AS-{n:04d}", case, other, role, "P-0800", text),
        StartInvestigation(case, who),
        ProposeDecision(case, who, draw(_OUTCOMES), text),
        ReturnToInvestigation(case, who, text),
        SignOff(case, who),
        CloseCase(case, "P-0800", text),
        RaiseConcern(case, "P-0100", text),
        ReopenCase(case, "P-0800", text),
        RecordAbsence(other, "P-0800", draw(st.booleans()), "leave"),
    ]
    return draw(st.sampled_from(choices))


def _mostly(draw: st.DrawFn, usual: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> Any:
    """Seven times in ten the usual choice, else the other (so walks get somewhere)."""
    return draw(usual) if draw(st.integers(0, 9)) < 7 else draw(other)


def _plausible(draw: st.DrawFn, status: CaseStatus | None, case: str) -> Command:
    """A command that fits the state, usually from the right actor, sometimes not."""
    anyone = st.sampled_from(LIFECYCLE_PEOPLE)
    investigator = _mostly(draw, st.just(status.investigator if status else None), anyone)
    reviewer = _mostly(draw, st.just(status.reviewer if status else None), anyone)
    investigator = investigator or draw(anyone)
    reviewer = reviewer or draw(anyone)
    other = draw(anyone)
    text = _mostly(draw, st.just("rationale recorded in full"), _TEXT)
    outcomes = _mostly(draw, st.just((_VALID_OUTCOME,)), _OUTCOMES)
    n = draw(st.integers(1, 99))
    inv, rev = AssignmentRole.INVESTIGATOR, AssignmentRole.REVIEWER
    state = status.state if status else None
    assign_reviewer = AssignPerson(f"AS-{n:04d}", case, other, rev, "P-0800")
    by_state: dict[CaseState | None, list[Command]] = {
        None: [QueueForReview(case, "P-0800")],
        CaseState.RECEIVED: [TriageCase(case, "P-0800")],
        CaseState.REOPENED: [TriageCase(case, "P-0800")],
        CaseState.TRIAGED: [AssignPerson(f"AS-{n:04d}", case, other, inv, "P-0800")],
        CaseState.ASSIGNED: [StartInvestigation(case, investigator), assign_reviewer],
        CaseState.UNDER_INVESTIGATION: [
            ProposeDecision(case, investigator, outcomes, text),
            assign_reviewer,
            RecordAbsence(investigator, "P-0800", draw(st.booleans()), "leave"),
        ],
        CaseState.DECISION_PROPOSED: [
            SignOff(case, reviewer),
            SignOff(case, reviewer),
            assign_reviewer,
            ReturnToInvestigation(case, reviewer, text),
        ],
        CaseState.INDEPENDENTLY_REVIEWED: [
            CloseCase(case, "P-0800", text),
            CloseCase(case, "P-0800", text),
            RecordAbsence(investigator, "P-0800", draw(st.booleans()), "leave"),
        ],
        CaseState.CLOSED: [RaiseConcern(case, "P-0100", text), ReopenCase(case, "P-0800", text)],
    }
    return draw(st.sampled_from(by_state[state]))


@st.composite
def command_walks(draw: st.DrawFn, ctx: IndependenceContext, max_steps: int = 40) -> list[Command]:
    """A walk of commands through the lifecycle of ``ctx.case``: mostly what fits the current
    state (from a likely actor, who may be the wrong one), sometimes anything at all. The
    walk is steered with the real deciders; tests replay it and check what they must.

    >>> command_walks(ctx_c0001()).example()[:3]  # doctest: +SKIP
    [QueueForReview(case='C-0001', actor='P-0800', reason='imported for independent review'),
     TriageCase(case='C-0001', actor='P-0800', note=''),
     AssignPerson(assignment='AS-0012', case='C-0001', person='P-0050', ...)]
    """
    case = ctx.case.ref
    status: CaseStatus | None = None
    walk: list[Command] = []
    absent: frozenset[str] = frozenset()
    for _ in range(draw(st.integers(1, max_steps))):
        if draw(st.integers(0, 9)) < 9:
            command = _plausible(draw, status, case)
        else:
            command = draw(case_commands(case))
        walk.append(command)
        now = _walk_time(len(walk))
        events: tuple[Event, ...] = decide(command, status, ctx, now, absent=absent).events
        absent = absent_after(absent, events)
        for event in events:
            status = evolve(status, event)
    return walk


def _walk_time(step: int) -> datetime:
    return datetime(2024, 6, 1, tzinfo=UTC) + timedelta(days=step)
