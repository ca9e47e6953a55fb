"""The demo: one synthetic operation reviewed end to end, on a fresh data dir.

Steps (each reported through ``on_step`` so a face can show progress):

1. generate a synthetic operation (``unburied.synth``, town scale by default) as import files;
2. import it: every historic case is queued for independent review;
3. allocate an investigator to every queued case through the independence rules, from a pool
   that mixes independent investigators with serving officers seconded from forces — the
   rules refuse the conflicted ones, and every refusal is recorded;
4. take a sample of cases through the only path to closure (investigation, proposal, an
   independent reviewer's sign-off, closure) and show that a closure without sign-off is
   refused;
5. list the cases that will be stalled if nothing moves;
6. record a new statement, issue its receipt and verify it offline with the holder's copy;
7. audit the whole log, then show that altering one stored byte (in a copy) is detected.

Event times come from a simulated clock that starts on ``DEMO_START`` and moves forward by
the step, so the stalled-case list means something; the demo says so when it runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from unburied.bootstrap import VKEY_FILE, Unburied, init_data_dir
from unburied.domain.commands import OutcomeSpec
from unburied.domain.entities import Actor, AssignmentRole, Role
from unburied.domain.errors import LogIntegrityError, Refused
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.ledger.verify import verify_receipt
from unburied.review import Stall
from unburied.services.allocation import Allocation, allocate
from unburied.services.assignments import assign
from unburied.services.cases import list_cases, stalled_cases
from unburied.services.imports import ImportResult, import_batch
from unburied.services.log import issue_receipt
from unburied.services.reviews import close_case, propose_decision, sign_off, start_investigation
from unburied.services.statements import record_statement
from unburied.store.audit import LogReport, verify_log
from unburied.store.case_views import view_affiliations, view_people
from unburied.store.engine import DATABASE_FILE, make_engine, sqlite_url
from unburied.synth import write_operation

__all__ = ["DEMO_START", "DemoReport", "SimulatedClock", "run_demo"]

DEMO_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
Step = Callable[[str], None]
Progress = Callable[[int, int], None]


class SimulatedClock:
    """A clock that stands still until told to move: the demo's weeks pass in seconds."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)  # strictly increasing, as real time would be
        return self.now

    def advance(self, days: int) -> None:
        """Move the clock ``days`` forward."""
        self.now += timedelta(days=days)


@dataclass
class DemoReport:
    """What the demo did, with the figures its summary table shows."""

    data_dir: Path
    scale: str
    seed: int
    imported: ImportResult | None = None
    allocation: Allocation | None = None
    closed: list[str] = field(default_factory=list)
    refused_closure: str = ""
    stalled: list[Stall] = field(default_factory=list)
    stalled_on: datetime | None = None
    receipt_file: Path | None = None
    receipt_bytes: int = 0
    audit: LogReport | None = None
    tamper_detected: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


def run_demo(
    data_dir: Path,
    *,
    scale: str = "town",
    seed: int = 1997,
    sample: int = 25,
    on_step: Step = lambda _: None,
    progress: Progress | None = None,
) -> DemoReport:
    """Run the whole demo in ``data_dir`` (which must not hold a log yet)."""
    clock = SimulatedClock(DEMO_START)
    report = DemoReport(data_dir, scale, seed)
    timer = _Timer(report)
    with timer("initialise"):
        app = init_data_dir(data_dir, origin="unburied.demo/synthetic-operation", clock=clock)
    try:
        lead = Actor("DEMO-REVIEW-LEAD", Role.REVIEW_LEAD)
        on_step(f"Generating a synthetic operation ({scale}, seed {seed})")
        with timer("generate"):
            source = write_operation(data_dir / "source", scale, seed, progress=progress)
        on_step(f"Importing {source.total_rows:,} rows, all or nothing")
        with timer("import"):
            report.imported = import_batch(app, lead, source.out_dir, progress=progress)
        clock.advance(7)
        on_step("Allocating an investigator to every queued case, through the independence rules")
        with timer("allocate"):
            report.allocation = _allocate_all(app, lead, progress)
        clock.advance(30)
        on_step(f"Taking {sample} cases through investigation, sign-off and closure")
        with timer("close"):
            _close_sample(app, lead, report, sample, clock)
        report.stalled_on = clock.now + timedelta(days=120)
        on_step(f"Listing cases that will be stalled on {report.stalled_on:%d %B %Y}")
        with timer("stalled"):
            report.stalled = stalled_cases(app, report.stalled_on)
        on_step("Recording a new statement and verifying its receipt offline")
        with timer("receipt"):
            _receipt(app, report)
        on_step("Auditing the whole log")
        with timer("verify"):
            report.audit = verify_log(app.engine, app.verifier, progress=progress)
        on_step("Altering one byte in a copy of the database, and auditing the copy")
        with timer("tamper"):
            report.tamper_detected = _tamper_copy(app)
    finally:
        app.close()
    return report


class _Timer:
    def __init__(self, report: DemoReport) -> None:
        self.report = report

    def __call__(self, name: str) -> _Timed:
        return _Timed(self.report, name)


class _Timed:
    def __init__(self, report: DemoReport, name: str) -> None:
        self.report, self.name = report, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.seconds[self.name] = time.perf_counter() - self.start


def _pool(app: Unburied) -> list[str]:
    """Independent investigators, and detectives seconded from the forces (still serving)."""
    with app.engine.connect() as conn:
        independent = conn.execute(
            select(view_people.c.id).where(view_people.c.kind == "investigator")
        ).scalars()
        seconded = conn.execute(
            select(view_affiliations.c.person)
            .where(view_affiliations.c.end.is_(None))
            .where(view_affiliations.c.role == "detective")
            .distinct()
        ).scalars()
        ids = sorted(independent)
        return ids + sorted(seconded)[: max(4, len(ids) // 2)]


def _allocate_all(app: Unburied, lead: Actor, progress: Progress | None) -> Allocation:
    queued = [c.ref for c in list_cases(app, "received")]
    return allocate(app, lead, queued, _pool(app), AssignmentRole.INVESTIGATOR, progress=progress)


def _close_sample(
    app: Unburied, lead: Actor, report: DemoReport, sample: int, clock: SimulatedClock
) -> None:
    assigned = [(c.ref, c.investigator) for c in list_cases(app, "assigned") if c.investigator]
    pool = _pool(app)
    for ref, person in assigned[:sample]:
        investigator = Actor(person, Role.INVESTIGATOR)
        start_investigation(app, investigator, ref)
        outcome = OutcomeSpec("criminal", "no_further_action", "evidential_difficulties")
        propose_decision(
            app,
            investigator,
            ref,
            [outcome],
            "Synthetic demo rationale: the original evidence was re-examined; it does not "
            "meet the evidential test, and the reasons are recorded for the complainant.",
        )
        reviewer = _first_allowed_reviewer(app, lead, ref, pool, person)
        if reviewer is None:
            continue
        sign_off(app, Actor(reviewer, Role.REVIEWER), ref, "Reviewed independently.")
        close_case(app, lead, ref, "Closed after independent review and sign-off.")
        report.closed.append(ref)
    clock.advance(1)
    _refused_closure(app, lead, report, assigned[sample:])


def _first_allowed_reviewer(
    app: Unburied, lead: Actor, case: str, pool: list[str], investigator: str
) -> str | None:
    for person in pool:
        if person == investigator:
            continue
        try:
            assign(app, lead, case, person, AssignmentRole.REVIEWER)
        except Refused:
            continue  # recorded as an assignment.refused event; try the next
        return person
    return None


def _refused_closure(
    app: Unburied, lead: Actor, report: DemoReport, rest: list[tuple[str, str]]
) -> None:
    if not rest:
        return
    ref = rest[0][0]
    try:
        close_case(app, lead, ref, "Closing without a review.")
    except Refused as exc:
        report.refused_closure = str(exc)


def _receipt(app: Unburied, report: DemoReport) -> None:
    with app.engine.connect() as conn:
        survivor = conn.execute(
            select(view_people.c.id).where(view_people.c.kind == "survivor").limit(1)
        ).scalar_one()
    case = report.closed[0] if report.closed else list_cases(app)[0].ref
    made = record_statement(
        app,
        "DEMO-REVIEW-LEAD",
        case=case,
        statement=f"ST-DEMO-{survivor}",
        given_by=survivor,
        text="A synthetic further statement, given to the independent review in the demo.",
        taken_on=date(2026, 2, 20),
    )
    folder = report.data_dir / "receipts"
    folder.mkdir(exist_ok=True)
    text = issue_receipt(app, made.event.seq).to_text()
    report.receipt_file = folder / f"statement-{made.event.seq}.tlog-proof"
    report.receipt_file.write_text(text, encoding="utf-8")
    copy_file = folder / f"statement-{made.event.seq}.holder-copy.json"
    copy_file.write_text(json.dumps(made.holder_copy.to_json(), indent=2), encoding="utf-8")
    report.receipt_bytes = len(text.encode("utf-8"))
    # Offline: only the receipt, the vkey file and her own copy.
    vkey = (report.data_dir / VKEY_FILE).read_text(encoding="utf-8").strip()
    verify_receipt(text, vkey)
    hc = made.holder_copy
    check_holder_copy(Receipt.from_text(text), hc.field, hc.value, hc.salt)


def _tamper_copy(app: Unburied) -> str:
    db = app.data_dir / DATABASE_FILE
    if not db.exists():
        return "skipped: the log is not in SQLite"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / DATABASE_FILE
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        with sqlite3.connect(copy) as conn:
            seq = conn.execute("SELECT max(seq) / 2 FROM events").fetchone()[0]
            leaf = bytearray(
                conn.execute("SELECT leaf FROM events WHERE seq = ?", (seq,)).fetchone()[0]
            )
            leaf[len(leaf) // 2] ^= 0x01
            conn.execute("UPDATE events SET leaf = ? WHERE seq = ?", (bytes(leaf), seq))
        engine = make_engine(sqlite_url(Path(tmp)))
        try:
            verify_log(engine, app.verifier)
        except LogIntegrityError as exc:
            return f"altered event {seq}: {exc}"
        finally:
            engine.dispose()
        shutil.rmtree(tmp, ignore_errors=True)
    return "NOT DETECTED"


def refusal_summary(allocation: Allocation) -> list[tuple[str, int]]:
    """Conflicts found while allocating, by rule id, most frequent first."""
    return Counter(allocation.by_rule).most_common()
