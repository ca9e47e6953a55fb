"""`unburied demo`: a synthetic operation reviewed end to end (see ``services.demo``)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from unburied.cli.app import DataDirOption, app, console
from unburied.services.demo import DemoReport, refusal_summary, run_demo

__all__ = ["demo"]


@app.command()
def demo(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    scale: Annotated[str, typer.Option(help="tiny, small or town.")] = "town",
    seed: Annotated[int, typer.Option(help="Seed of the synthetic operation.")] = 1997,
) -> None:
    """Review a synthetic operation end to end: import, allocate, close, receipt, audit.

    Without --data-dir it works in a new temporary directory and tells you where; with it, the
    directory (which must not hold a log yet) is kept. All people are synthetic.

    Example: unburied demo --data-dir ./demo-review --scale town
    """
    root = ctx.find_root().obj or {}
    chosen = data_dir or root.get("data_dir")
    path = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="unburied-demo-")) / "data"
    console.print(
        "[bold]unburied demo[/]: a synthetic operation. Event times come from a simulated "
        "clock starting 5 January 2026, so that weeks pass in seconds."
    )
    started = time.perf_counter()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_step(text: str) -> None:
            console.print(f"• {escape(text)}")
            bar.reset(task, description=text[:40], total=None)

        report = run_demo(
            path,
            scale=scale,
            seed=seed,
            on_step=on_step,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _render(report, time.perf_counter() - started)


def _render(report: DemoReport, seconds: float) -> None:
    alloc, imported, audit = report.allocation, report.imported, report.audit
    assert alloc is not None and imported is not None and audit is not None
    if alloc.by_rule:
        rules = Table(title="Conflicts found while allocating investigators", box=None)
        rules.add_column("rule")
        rules.add_column("conflicts", justify="right")
        for rule, count in refusal_summary(alloc):
            rules.add_row(rule, f"{count:,}")
        console.print(rules)
    if report.refused_closure:
        first = report.refused_closure.splitlines()
        console.print(f"A closure without sign-off was refused, as it must be: {escape(first[0])}")
        for line in first[1:3]:
            console.print(f"  {escape(line.strip())}")
    if report.stalled:
        console.print(f"First stalled cases on {report.stalled_on:%d %B %Y}:")
        for stall in report.stalled[:5]:
            console.print(f"  {escape(str(stall))}")
    console.print(f"Tamper check on a copy: {escape(report.tamper_detected)}")
    table = Table(title="Summary", show_header=False, box=None)
    table.add_column()
    table.add_column(justify="right")
    for label, value in [
        ("rows imported", f"{sum(imported.counts.values()):,}"),
        ("historic cases queued for independent review", f"{imported.queued:,}"),
        ("allegations referred to an independent body", f"{imported.referred:,}"),
        ("investigators assigned", f"{alloc.made:,}"),
        ("assignments refused (each recorded)", f"{alloc.refusals:,}"),
        ("cases left unallocated", f"{len(alloc.unallocated):,}"),
        ("cases closed with independent sign-off", f"{len(report.closed):,}"),
        ("cases stalled if nothing moves", f"{len(report.stalled):,}"),
        ("receipt size", f"{report.receipt_bytes:,} bytes"),
        ("events in the log, all verified", f"{audit.size:,}"),
        ("signed checkpoints", f"{audit.checkpoints:,}"),
        ("time taken", f"{seconds:.1f} s"),
    ]:
        table.add_row(label, value)
    console.print(table)
    d = report.data_dir
    console.print(f"\nThe data dir is [bold]{escape(str(d))}[/]. Try:")
    for command in [
        f"unburied --data-dir {d} cases --state assigned",
        f"unburied --data-dir {d} stalled",
        f"unburied --data-dir {d} verify",
        f"unburied receipt verify {report.receipt_file} --key {d / 'log.vkey'}",
    ]:
        console.print(f"  {escape(command)}")
