"""Link commands: link, review-links, alerts, graph.

``unburied link`` runs the linker and records what is new; ``unburied review-links`` shows
the review queue and records people's decisions (one by one at the terminal, or from a CSV
file); ``unburied alerts`` lists corroboration alerts; ``unburied graph`` exports the link
graph around a person. Who is acting is given as for the case commands: ``--as PERSON_ID
--as-role ROLE`` (or ``UNBURIED_ACTOR`` / ``UNBURIED_ROLE``); it is not authentication.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from unburied.bootstrap import Unburied, open_data_dir
from unburied.cli.app import (
    AsOption,
    AsRoleOption,
    DataDirOption,
    JsonOption,
    app,
    console,
    data_dir_from,
    err_console,
)
from unburied.cli.cases import actor_from
from unburied.domain.entities import Actor
from unburied.domain.errors import InvalidInput, Refused
from unburied.services.commands import Recorded
from unburied.services.links import (
    AUTO,
    LinkSummary,
    StoredLink,
    alerts,
    decide_link,
    decide_links,
    link_statement,
    links_of_alert,
    person_graph,
    read_decisions,
    review_queue,
    run_linking,
)

__all__ = ["alerts_command", "graph", "link", "review_links"]

KOption = Annotated[
    int,
    typer.Option("--k", help="Independent complainants that raise a corroboration alert (>= 2)."),
]


def _open(ctx: typer.Context, data_dir: Path | None) -> Unburied:
    return open_data_dir(data_dir_from(ctx, data_dir))


def _table(*headers: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    for header in headers:
        keep = header.endswith("!")
        table.add_column(header.rstrip("!"), overflow="fold", no_wrap=keep)
    return table


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, sort_keys=True, ensure_ascii=False))


def _refused(exc: Refused, as_json: bool) -> NoReturn:
    """Show every reason, and exit 3 (a rule refused the command)."""
    head = str(exc).splitlines()[0]
    reasons = [getattr(f, "reason", str(f)) for f in exc.findings]
    if as_json:
        _echo_json({"refused": True, "message": head, "reasons": reasons})
    else:
        err_console.print(f"[bold red]refused:[/] {escape(head)}", highlight=False)
        for reason in reasons:
            err_console.print(f"  - {escape(reason)}", highlight=False)
    raise SystemExit(3)


_RECOUNT = "Run `unburied link` to count new confirmations towards corroboration alerts."


def _probability(link: StoredLink) -> str:
    return f"{link.probability:.3f}" if link.probability is not None else "-"


# -- link ----------------------------------------------------------------------------------------


@app.command()
def link(
    ctx: typer.Context,
    statement: Annotated[
        str | None,
        typer.Option(help="Link only this statement's mentions against everything else."),
    ] = None,
    k: KOption = 2,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Link mentions to people and to each other; record new proposals, auto-links, alerts.

    Only what is new is recorded; a second run with nothing new records nothing.

    A confirmed link always holds, and a rejected pair is never proposed again.

    Example: unburied link --as P-LEAD --as-role review_lead
    """
    actor = actor_from(ctx, as_, as_role)
    app_ = _open(ctx, data_dir)
    try:
        if statement:
            summary = link_statement(app_, actor, statement, k=k)
        else:
            summary = run_linking(app_, actor, k=k)
    except Refused as exc:
        _refused(exc, as_json)
    _linked(summary, as_json)


def _linked(summary: LinkSummary, as_json: bool) -> None:
    if as_json:
        _echo_json(summary.to_data())
        return
    console.print(
        f"Linked {summary.mentions:,} person mention(s) against {summary.people:,} known "
        f"people; {summary.candidates:,} candidate link(s) at or above the review threshold.",
        highlight=False,
    )
    table = _table("", "count!")
    table.add_row("proposed for review (new)", f"{summary.proposed:,}")
    table.add_row("  of which auto-band, held back", f"{summary.held:,}")
    table.add_row("auto-linked (new)", f"{summary.auto_linked:,}")
    table.add_row("corroboration alerts (new)", f"{summary.alerts:,}")
    table.add_row("waiting in the review queue", f"{summary.queued:,}")
    console.print(table)
    if summary.model:
        console.print(f"Model: {escape(summary.model)}.", highlight=False)
    for conflict in summary.conflicts:
        console.print(f"[bold]conflict:[/] {escape(conflict)}", highlight=False)
    if not summary.recorded.seqs:
        console.print("Nothing new to record.")
        return
    seqs = summary.recorded.seqs
    console.print(f"Recorded as events {seqs[0]}–{seqs[-1]}.", highlight=False)


# -- review-links --------------------------------------------------------------------------------


@app.command("review-links")
def review_links(
    ctx: typer.Context,
    list_only: Annotated[
        bool, typer.Option("--list", help="Print the review queue and decide nothing.")
    ] = False,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="CSV of decisions with columns link_id, decision (accept or reject), reason.",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many links.")] = None,
    alert: Annotated[
        str | None,
        typer.Option(
            "--alert",
            help="Instead of the queue: the automatic links made on a first name that this "
            "alert rests on (from `unburied alerts`).",
        ),
    ] = None,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Confirm or reject proposed links: at the terminal, one by one, or from a file.

    Each link is shown with what agreed and what did not. Every decision needs a reason.

    A file is all or nothing: one bad row and no decision in it is recorded.

    With --alert, the links are those an alert rests on that were made automatically on a
    first name or street name: a person's decision on them settles the alert.

    Example: unburied review-links --file decisions.csv --as P-0050 --as-role reviewer
    """
    app_ = _open(ctx, data_dir)
    queue = None
    if alert is not None:
        chosen = links_of_alert(app_, alert)
        if not chosen and not as_json:
            console.print(f"Alert {escape(alert)} rests on no automatic link made on a first name.")
            return
        queue = chosen[:limit] if limit is not None else chosen
    if list_only:
        _list_queue(queue if queue is not None else review_queue(app_, limit), as_json)
        return
    actor = actor_from(ctx, as_, as_role)
    if file is not None:
        try:
            recorded = decide_links(app_, actor, read_decisions(file), source=file.name)
        except Refused as exc:
            _refused(exc, as_json)
        _decided_file(recorded, as_json)
        return
    _interactive(app_, actor, queue if queue is not None else review_queue(app_, limit), as_json)


def _list_queue(queue: list[StoredLink], as_json: bool) -> None:
    if as_json:
        _echo_json([q.to_data() for q in queue])
        return
    table = _table("link!", "p!", "one side", "other side")
    for q in queue:
        table.add_row(escape(q.id), _probability(q), escape(q.left_label), escape(q.right_label))
    console.print(table)
    console.print(f"{len(queue):,} link(s) waiting for a decision")


def _decided_file(recorded: Recorded, as_json: bool) -> None:
    confirmed = recorded.types.count("link.confirmed")
    rejected = recorded.types.count("link.rejected")
    if as_json:
        data = {"confirmed": confirmed, "rejected": rejected, "events": list(recorded.seqs)}
        _echo_json(data)
        return
    seqs = recorded.seqs
    console.print(
        f"Recorded {confirmed} confirmation(s) and {rejected} rejection(s) "
        f"as events {seqs[0]}–{seqs[-1]}. {_RECOUNT}",
        highlight=False,
    )


def _show(link: StoredLink, position: int, total: int) -> None:
    lines = [
        f"[bold]one side:[/]   {escape(link.left_label or link.left)}",
        f"[bold]other side:[/] {escape(link.right_label or link.right)}",
        "",
        escape(link.explanation or "No explanation was recorded."),
    ]
    if link.held_reason:
        lines.append(f"Held back from auto-linking: {escape(link.held_reason)}")
    if link.state == "confirmed" and link.decided_by == AUTO:
        lines.append("Linked automatically; no person has decided it yet.")
    title = f"link {escape(link.id)} ({position} of {total}), probability {_probability(link)}"
    console.print(Panel("\n".join(lines), title=title, title_align="left"), highlight=False)


def _ask_reason() -> str:
    while True:
        reason = str(
            typer.prompt("Reason (recorded with the decision)", default="", show_default=False)
        ).strip()
        if reason:
            return reason
        console.print("A decision needs a reason (LK-3).")


def _interactive(app_: Unburied, actor: Actor, queue: list[StoredLink], as_json: bool) -> None:
    done: list[dict[str, Any]] = []
    for position, item in enumerate(queue, start=1):
        _show(item, position, len(queue))
        choice = typer.prompt("accept, reject, skip or quit [a/r/s/q]", default="s")
        choice = str(choice).strip().lower()[:1]
        if choice == "q":
            break
        if choice not in ("a", "r"):
            continue
        try:
            recorded = decide_link(app_, actor, item.id, choice == "a", _ask_reason())
        except Refused as exc:
            if any(getattr(f, "rule", "") == "AC-6" for f in exc.findings):
                _refused(exc, as_json)  # the role may decide no link at all: stop here
            # the message says the refusal was recorded, and as which event
            err_console.print(f"[bold red]decision refused:[/] {escape(str(exc))}", highlight=False)
            continue
        except InvalidInput as exc:
            err_console.print(f"[bold red]not recorded:[/] {escape(str(exc))}", highlight=False)
            continue
        verb = "confirmed" if choice == "a" else "rejected"
        done.append({"link": item.id, "decision": verb, "event": recorded.seqs[0]})
        console.print(f"Link {item.id} {verb} (recorded as event {recorded.seqs[0]}).")
    if as_json:
        _echo_json({"decisions": done})
    elif not queue:
        console.print("No links wait for a decision.")
    else:
        console.print(f"{len(done)} decision(s) recorded." + (f" {_RECOUNT}" if done else ""))


# -- alerts and graph ----------------------------------------------------------------------------


@app.command("alerts")
def alerts_command(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List corroboration alerts: people named by several independent complainants.

    Only confirmed links, auto-links and allegations naming a registered person count.

    Complainants whose statements were taken together count once.

    Example: unburied alerts --json
    """
    found = alerts(_open(ctx, data_dir))
    if as_json:
        _echo_json([a.to_data() for a in found])
        return
    table = _table("alert!", "person", "complainants!", "reason")
    for a in found:
        who = f"{a.label} ({a.person})" if a.label else a.person
        table.add_row(escape(a.id), escape(who), str(a.independent_complainants), escape(a.reason))
    console.print(table)
    console.print(f"{len(found):,} alert(s)")


@app.command()
def graph(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(help="A person id, an entity id (entity:…) or a mention id.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="json (node-link data) or graphml.")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    depth: Annotated[int, typer.Option(help="Hops around the person.")] = 2,
    data_dir: DataDirOption = None,
) -> None:
    """Export the link graph around a person: people, organisations, places, vehicles.

    Drawn from confirmed links, auto-links, co-mentions and posts; never from proposals.

    Example: unburied graph F01-SU-00003 --format graphml -o suspect.graphml
    """
    if fmt not in ("json", "graphml"):
        raise InvalidInput(f"--format is {fmt!r}; expected json or graphml")
    text = person_graph(_open(ctx, data_dir), person, "json" if fmt == "json" else "graphml", depth)
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"Wrote the graph around {escape(person)} to {escape(str(output))}")
