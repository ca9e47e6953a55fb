"""Case commands: import, list, show, assign, the review steps, overrides, absences, reads.

Who is acting is given by ``--as PERSON_ID --as-role ROLE`` (or ``UNBURIED_ACTOR`` and
``UNBURIED_ROLE``). It names who acts, for the record and for the role rules; it is **not**
authentication: anyone at this terminal can name anyone. Every command parses, calls one
service, and renders; the rules live in the services and the pure core.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from unburied.bootstrap import Unburied, open_data_dir
from unburied.cli.app import (
    _NOT_AUTH,
    AsOption,
    AsRoleOption,
    DataDirOption,
    JsonOption,
    app,
    console,
    data_dir_from,
    err_console,
)
from unburied.domain.commands import OutcomeSpec
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import ImportRejected, InvalidInput, Refused
from unburied.review import parse_limits
from unburied.services.access import read_protected
from unburied.services.assignments import (
    assign,
    end_assignment,
    grant_override,
    record_absence,
)
from unburied.services.cases import (
    case_summary,
    case_timeline,
    list_cases,
    rebuild_all_views,
    stalled_cases,
)
from unburied.services.commands import Recorded
from unburied.services.imports import ImportResult, import_batch
from unburied.services.reviews import (
    close_case,
    propose_decision,
    raise_concern,
    reopen,
    return_to_investigation,
    sign_off,
    start_investigation,
    triage,
)

__all__ = ["actor_from", "case_app"]

case_app = typer.Typer(
    help="One case: where its review stands, and its timeline.\n\n"
    "Example: unburied case show C-0001",
    no_args_is_help=True,
)
app.add_typer(case_app, name="case")

RoleOption = Annotated[
    str, typer.Option("--role", help="investigator, reviewer, interviewer or task.")
]
InvolvesOption = Annotated[
    list[str] | None,
    typer.Option("--involves", help="A person the task touches (repeat for several)."),
]


# -- shared -------------------------------------------------------------------------------------


def actor_from(ctx: typer.Context, person: str | None, role: str | None) -> Actor:
    """Who is acting: ``--as``/``--as-role``, else the root's, else $UNBURIED_ACTOR/_ROLE."""
    root = ctx.find_root().obj or {}
    person = person or root.get("actor")
    role = role or root.get("role")
    if not person or not role:
        raise InvalidInput(
            "who is acting? Give --as PERSON_ID --as-role ROLE, or set UNBURIED_ACTOR and "
            f"UNBURIED_ROLE (this {_NOT_AUTH})"
        )
    try:
        return Actor(person, Role(role))
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidInput(f"role {role!r} is not one of: {roles}") from None


def _open(ctx: typer.Context, data_dir: Path | None) -> Unburied:
    return open_data_dir(data_dir_from(ctx, data_dir))


def _table(*headers: str) -> Table:
    """A compact table whose cells wrap instead of being cut, so ids and reasons stay whole.
    A header ending in ``!`` marks a column kept on one line (case references, dates)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    for header in headers:
        keep = header.endswith("!")
        table.add_column(header.rstrip("!"), overflow="fold", no_wrap=keep)
    return table


def _emit(as_json: bool, data: dict[str, Any], text: str) -> None:
    if as_json:
        typer.echo(json.dumps(data, sort_keys=True, ensure_ascii=False))
    else:
        console.print(text, highlight=False)


# Exits are SystemExit, not typer.Exit: run with standalone_mode=False (as ``cli.main`` does),
# click returns typer.Exit's code instead of raising it, and the code would be lost.


def _refused(exc: Refused, as_json: bool) -> NoReturn:
    """Show every reason a rule gave, and exit 3."""
    head = str(exc).splitlines()[0]
    findings = [
        {"rule": getattr(f, "rule", ""), "reason": getattr(f, "reason", str(f))}
        for f in exc.findings
    ]
    if as_json:
        typer.echo(json.dumps({"refused": True, "message": head, "findings": findings}))
    else:
        err_console.print(f"[bold red]refused:[/] {escape(head)}", highlight=False)
        table = _table("rule!", "reason")
        for f in findings:
            table.add_row(escape(f["rule"]), escape(f["reason"]))
        err_console.print(table)
    raise SystemExit(3)


def _recorded_text(what: str, recorded: Recorded) -> str:
    seqs = recorded.seqs
    where = f"event {seqs[0]}" if len(seqs) == 1 else f"events {seqs[0]}–{seqs[-1]}"
    return f"{escape(what)} (recorded as {where})"


def _done(as_json: bool, what: str, recorded: Recorded, **extra: Any) -> None:
    data = {"ok": True, "events": list(recorded.seqs), "types": list(recorded.types), **extra}
    _emit(as_json, data, _recorded_text(what, recorded))


# -- import --------------------------------------------------------------------------------------


@app.command("import")
def import_files(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="A folder, a manifest.json, or files.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import historic records, all or nothing; every historic case is queued for review.

    One bad row and nothing is written: every problem is listed with file, row and field
    (exit 1). The same files imported again write nothing.

    Example: unburied import examples/ --as P-LEAD --as-role review_lead
    """
    actor = actor_from(ctx, as_, as_role)
    app_ = _open(ctx, data_dir)
    try:
        with _bar(as_json) as bar:
            task = bar.add_task("reading", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = import_batch(app_, actor, paths, progress)
    except ImportRejected as exc:
        _rejected(exc, as_json)
    except Refused as exc:
        _refused(exc, as_json)
    _imported(result, as_json)


def _bar(quiet: bool) -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet,
        transient=True,
    )


def _rejected(exc: ImportRejected, as_json: bool) -> NoReturn:
    problems = [
        {"file": p.file, "row": p.row, "field": p.field, "reason": p.reason} for p in exc.problems
    ]
    if as_json:
        typer.echo(json.dumps({"rejected": True, "problems": problems}, ensure_ascii=False))
        raise SystemExit(1)
    err_console.print(
        f"[bold red]import rejected:[/] {len(problems)} problem(s); nothing was written",
        highlight=False,
    )
    table = _table("file", "row!", "field", "reason")
    for p in exc.problems:
        table.add_row(escape(p.file), str(p.row), escape(p.field), escape(p.reason))
    err_console.print(table)
    err_console.print(escape(exc.advice), highlight=False)
    raise SystemExit(1)


def _imported(result: ImportResult, as_json: bool) -> None:
    data = {
        "source_hash": result.source_hash,
        "already_imported": result.already_imported,
        "import_event": result.import_seq,
        "files": [{"name": n, "sha256": h} for n, h in result.files],
        "counts": dict(result.counts),
        "events": result.events,
        "queued": result.queued,
        "referred": result.referred,
    }
    if result.already_imported:
        text = (
            f"These files were imported already (event {result.import_seq}, source hash "
            f"{result.source_hash[:16]}…); nothing was written."
        )
    else:
        rows = sum(result.counts.values())
        text = (
            f"Imported {rows:,} rows from {len(result.files)} file(s) as {result.events:,} "
            f"events from event {result.import_seq} (source hash {result.source_hash[:16]}…).\n"
            f"{result.queued:,} historic case(s) queued for independent review; "
            f"{result.referred:,} allegation(s) routed to an independent body (IR-5)."
        )
    _emit(as_json, data, escape(text))


# -- looking at cases -----------------------------------------------------------------------------


@app.command("cases")
def cases_list(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Option(help="Only cases in this state (e.g. received, closed, not_in_review)."),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List cases with where their review stands and who holds them.

    Example: unburied cases --state received
    """
    found = list_cases(_open(ctx, data_dir), state)
    if as_json:
        typer.echo(json.dumps([c.__dict__ for c in found], sort_keys=True))
        return
    table = _table("case!", "state", "since!", "from", "period!", "held by", "IR-5")
    for c in found:
        period = f"{c.period_start[:4]}–{(c.period_end or '')[:4]}"
        table.add_row(
            escape(c.ref),
            c.state,
            (c.since or "")[:10],
            escape(c.originating_org),
            period,
            escape(c.holder or "review lead"),
            "referred" if c.referred else "",
        )
    console.print(table)
    console.print(f"{len(found):,} case(s)")


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The case reference.")],
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a case and its timeline: every event with its sequence number.

    Example: unburied case show KP/2003/0412
    """
    app_ = _open(ctx, data_dir)
    summary = case_summary(app_, ref)
    timeline = case_timeline(app_, ref)
    if as_json:
        typer.echo(
            json.dumps(
                {"case": summary.__dict__, "timeline": [e.__dict__ for e in timeline]},
                sort_keys=True,
                ensure_ascii=False,
            )
        )
        return
    holder = summary.holder or "review lead"
    console.print(
        f"[bold]Case {escape(ref)}[/] from {escape(summary.originating_org)}: "
        f"{summary.state} since {(summary.since or '—')[:10]}, held by {escape(holder)}",
        highlight=False,
    )
    table = _table("seq!", "when!", "event", "by", "what")
    for e in timeline:
        table.add_row(str(e.seq), e.at[:10], e.type, escape(e.actor), escape(e.summary))
    console.print(table)


@app.command("stalled")
def stalled(
    ctx: typer.Context,
    on: Annotated[
        datetime | None,
        typer.Option(help="Judge as of this date (YYYY-MM-DD); default now.", formats=["%Y-%m-%d"]),
    ] = None,
    limit: Annotated[
        list[str] | None,
        typer.Option("--limit", help="Override one state's limit: STATE=DAYS (repeatable)."),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List cases past their state's time limit, most overdue first, with who holds them.

    Default limits: received, triaged, assigned, independently reviewed 14 days; under
    investigation 180; decision proposed 28; re-opened 7.

    Example: unburied stalled --on 2025-03-31 --limit under_investigation=90
    """
    when = on.replace(tzinfo=UTC) if on is not None else None
    policy = parse_limits(limit or [])
    found = stalled_cases(_open(ctx, data_dir), when, policy)
    if as_json:
        rows = [
            {
                "case": s.case,
                "state": s.state.value,
                "since": s.since.isoformat(),
                "limit_days": s.limit.days,
                "overdue_days": s.overdue.days,
                "holder": s.holder,
            }
            for s in found
        ]
        typer.echo(json.dumps(rows))
        return
    table = _table("case!", "state", "since!", "limit", "overdue", "held by")
    for s in found:
        table.add_row(
            escape(s.case),
            s.state.value,
            f"{s.since:%Y-%m-%d}",
            f"{s.limit.days} d",
            f"{s.overdue.days} d",
            escape(s.holder or "review lead"),
        )
    console.print(table)
    console.print(f"{len(found):,} stalled case(s)")


@app.command("rebuild-views")
def rebuild_views_command(ctx: typer.Context, data_dir: DataDirOption = None) -> None:
    """Empty every view and rebuild it from the log (the log is the record; views derive).

    Example: unburied rebuild-views --data-dir ./review
    """
    replayed = rebuild_all_views(_open(ctx, data_dir))
    console.print(f"Views rebuilt from {replayed:,} events.")


# -- assignments ---------------------------------------------------------------------------------


@app.command("assign")
def assign_command(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help="The case reference.")],
    person: Annotated[str, typer.Argument(help="The person to assign.")],
    role: RoleOption,
    task: Annotated[str | None, typer.Option(help="What the task is (role task).")] = None,
    involves: InvolvesOption = None,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Assign a person to a role or task on a case, if the independence rules allow.

    Refused (exit 3) with every conflict and its rule if they find any; the refusal is
    recorded in the log.

    Example: unburied assign C-0001 P-0050 --role reviewer --as P-LEAD --as-role review_lead
    """
    actor = actor_from(ctx, as_, as_role)
    try:
        made = assign(
            _open(ctx, data_dir), actor, case, person, role, task=task, involves=involves or ()
        )
    except Refused as exc:
        _refused(exc, as_json)
    text = f"Assigned {person} as {role} on case {case}: {made.assignment}"
    _done(as_json, text, made.recorded, assignment=made.assignment)


@app.command("end-assignment")
def end_assignment_command(
    ctx: typer.Context,
    assignment: Annotated[str, typer.Argument(help="The assignment id (AS-…).")],
    reason: Annotated[str, typer.Option(help="Why it ends.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """End an assignment. Ending an absent investigator's is refused (LC-3).

    Example: unburied end-assignment AS-42 --reason "moved to another operation"
    """
    actor = actor_from(ctx, as_, as_role)
    try:
        recorded = end_assignment(_open(ctx, data_dir), actor, assignment, reason)
    except Refused as exc:
        _refused(exc, as_json)
    _done(as_json, f"Assignment {assignment} ended", recorded)


@app.command("override")
def override_command(
    ctx: typer.Context,
    case: Annotated[str, typer.Argument(help="The case reference.")],
    person: Annotated[str, typer.Argument(help="The person whose conflicts are overridden.")],
    role: RoleOption,
    approver: Annotated[
        list[str],
        typer.Option(
            help="An approver's person id, twice for two people (ID or ID:ROLE; the role "
            f"defaults to oversight). Like --as, this {_NOT_AUTH}."
        ),
    ],
    reason: Annotated[str, typer.Option(help="The written reason.")],
    involves: InvolvesOption = None,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Two people of oversight rank override the conflicts of one assignment, with a reason.

    The override covers exactly the conflicts found now; it is counted in every report.
    IR-5 and CR-1 are never overridden.

    Example: unburied override C-0001 P-0060 --role reviewer
      --approver P-0900 --approver P-0901
      --reason "sole specialist; 1985–95 posting unrelated"
      --as P-0900 --as-role oversight
    """
    actor = actor_from(ctx, as_, as_role)
    approvers = [_approver(a) for a in approver]
    try:
        recorded = grant_override(
            _open(ctx, data_dir),
            actor,
            case,
            person,
            role,
            approvers=approvers,
            reason=reason,
            involves=involves or (),
        )
    except Refused as exc:
        _refused(exc, as_json)
    _done(as_json, f"Override granted for {person} as {role} on case {case}", recorded)


def _approver(text: str) -> Actor:
    person, _, role = text.partition(":")
    try:
        return Actor(person, Role(role or Role.OVERSIGHT.value))
    except ValueError:
        raise InvalidInput(f"approver {text!r}: {role!r} is not a role") from None


@app.command("absence")
def absence_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The person.")],
    away: Annotated[
        bool, typer.Option("--from/--back", help="Absent from now (default), or back.")
    ] = True,
    reason: Annotated[str, typer.Option(help="Why (leave, sickness, return).")] = "",
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a person absent from now, or back.

    While an investigator is absent their case cannot be closed or abandoned.

    Example: unburied absence P-0052 --from --reason "long-term sick leave"
    """
    actor = actor_from(ctx, as_, as_role)
    try:
        recorded = record_absence(_open(ctx, data_dir), actor, person, reason, absent=away)
    except Refused as exc:
        _refused(exc, as_json)
    what = "absent" if away else "back"
    _done(as_json, f"{person} recorded {what}", recorded)


# -- the review ---------------------------------------------------------------------------------


def _step(
    ctx: typer.Context,
    data_dir: Path | None,
    as_json: bool,
    as_: str | None,
    as_role: str | None,
    what: str,
    run: Any,
) -> None:
    actor = actor_from(ctx, as_, as_role)
    try:
        recorded = run(_open(ctx, data_dir), actor)
    except Refused as exc:
        _refused(exc, as_json)
    _done(as_json, what, recorded)


CaseArg = Annotated[str, typer.Argument(help="The case reference.")]


@app.command("triage")
def triage_command(
    ctx: typer.Context,
    case: CaseArg,
    note: Annotated[str, typer.Option(help="A triage note.")] = "",
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Triage a received or re-opened case, ready for an investigator.

    Example: unburied triage C-0001 --note "priority: named officer still serving"
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Case {case} triaged",
        lambda a, who: triage(a, who, case, note),
    )


@app.command("start")
def start_command(
    ctx: typer.Context,
    case: CaseArg,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """The assigned investigator starts the investigation.

    Example: unburied start C-0001 --as P-0052 --as-role investigator
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Investigation of case {case} started",
        lambda a, who: start_investigation(a, who, case),
    )


@app.command("propose")
def propose_command(
    ctx: typer.Context,
    case: CaseArg,
    outcome: Annotated[
        list[str],
        typer.Option(
            help="KIND:CODE[:REASON], e.g. criminal:no_further_action:evidential_difficulties "
            "or conduct:case_to_answer_no_proceedings_possible:retired (repeat for several)."
        ),
    ],
    rationale: Annotated[str, typer.Option(help="The written rationale.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """The investigator proposes the outcome(s) with a written rationale.

    Example: unburied propose C-0001
      --outcome conduct:case_to_answer_no_proceedings_possible:retired
      --rationale "case to answer; the officer retired in 2006"
      --as P-0052 --as-role investigator
    """
    specs = [_outcome(o) for o in outcome]
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Decision proposed on case {case}",
        lambda a, who: propose_decision(a, who, case, specs, rationale),
    )


def _outcome(text: str) -> OutcomeSpec:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise InvalidInput(f"outcome {text!r} is not KIND:CODE or KIND:CODE:REASON")
    return OutcomeSpec(parts[0], parts[1], parts[2] if len(parts) == 3 else None)


@app.command("return")
def return_command(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str, typer.Option(help="Why it goes back.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send a proposed or reviewed decision back to the investigator, with the reason.

    Example: unburied return C-0001 --reason "the 2003 statement was never put to him"
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Case {case} returned to investigation",
        lambda a, who: return_to_investigation(a, who, case, reason),
    )


@app.command("sign-off")
def sign_off_command(
    ctx: typer.Context,
    case: CaseArg,
    note: Annotated[str, typer.Option(help="A note with the sign-off.")] = "",
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """The assigned independent reviewer signs off the proposed decision.

    Refused (exit 3, recorded) unless the actor is the case's assigned reviewer, did not
    investigate or propose it, and has no independence conflict with the case.

    Example: unburied sign-off C-0001 --as P-0050 --as-role reviewer
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Proposed decision on case {case} signed off",
        lambda a, who: sign_off(a, who, case, note),
    )


@app.command("close")
def close_command(
    ctx: typer.Context,
    case: CaseArg,
    rationale: Annotated[str, typer.Option(help="The written rationale for closing.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close a case. Only a signed-off case closes; otherwise exit 3, recorded.

    Example: unburied close C-0001 --rationale "outcome signed off by the independent reviewer"
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Case {case} closed",
        lambda a, who: close_case(a, who, case, rationale),
    )


@app.command("reopen")
def reopen_command(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str, typer.Option(help="Why it is re-opened.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-open a closed case, with the reason.

    Example: unburied reopen C-0001 --reason "new statement names a second officer"
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Case {case} re-opened",
        lambda a, who: reopen(a, who, case, reason),
    )


@app.command("concern")
def concern_command(
    ctx: typer.Context,
    case: CaseArg,
    text: Annotated[str, typer.Argument(help="The concern, in your words.")],
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Raise a concern about a case (anyone may). On a closed case it re-opens the review.

    Example: unburied concern C-0001 "this case was closed under pressure"
    """
    _step(
        ctx,
        data_dir,
        as_json,
        as_,
        as_role,
        f"Concern recorded on case {case}",
        lambda a, who: raise_concern(a, who, case, text),
    )


# -- protected reads ----------------------------------------------------------------------------


@app.command("read")
def read_command(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(help="A statement id, or a person id with --field.")],
    reason: Annotated[str, typer.Option(help="Why you need to read it (recorded).")],
    field: Annotated[
        str,
        typer.Option(help="statement.text, survivor.identity or person.address."),
    ] = "statement.text",
    case: Annotated[str | None, typer.Option(help="The case a person's field is read for.")] = None,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a protected value; the read is recorded in the log before it is shown.

    The record names you and your stated reason. A reader the independence rules conflict
    out of the case also raises an alert to oversight. Without a need to know the read is
    refused (exit 3), and the refusal is recorded.

    Example: unburied read S-001 --reason "preparing the second interview"
    """
    actor = actor_from(ctx, as_, as_role)
    statement = target if field == "statement.text" else None
    subject = None if statement else target
    try:
        read = read_protected(
            _open(ctx, data_dir),
            actor,
            field,
            stated_reason=reason,
            statement=statement,
            subject=subject,
            case=case,
        )
    except Refused as exc:
        _refused(exc, as_json)
    if as_json:
        data = {
            "field": read.field,
            "subject": read.subject,
            "case": read.case,
            "access_event": read.access_seq,
            "alert_event": read.alert_seq,
            "values": read.values,
        }
        typer.echo(json.dumps(data, ensure_ascii=False, sort_keys=True))
        return
    _show_read(read.field, read.access_seq, read.alert_seq, read.values)


def _show_read(field: str, seq: int, alert: int | None, values: dict[str, str]) -> None:
    err_console.print(f"Read of {field} recorded as event {seq}.", highlight=False)
    if alert is not None:
        err_console.print(
            f"[bold yellow]An alert to oversight was recorded as event {alert}:[/] the rules "
            "find a conflict between you and this case.",
            highlight=False,
        )
    for name, value in values.items():
        if len(values) > 1:
            typer.echo(f"{name}: {value}")
        else:
            typer.echo(value)
