"""The Typer application object, its global options and shared option types."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

__all__ = [
    "AsOption",
    "AsRoleOption",
    "DataDirOption",
    "JsonOption",
    "app",
    "console",
    "data_dir_from",
    "err_console",
]

app = typer.Typer(
    name="unburied",
    help=(
        "Independent review of historic cases on a tamper-evident event log.\n\n"
        "Example: unburied --data-dir ./review init && unburied --data-dir ./review verify"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console()
err_console = Console(stderr=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data directory (default: $UNBURIED_HOME, else ./unburied-data).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


_NOT_AUTH = "names who acts, for the record; it is not authentication"
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="UNBURIED_ACTOR",
        help=f"Person id of who is acting (default $UNBURIED_ACTOR); {_NOT_AUTH}.",
        show_default=False,
    ),
]
AsRoleOption = Annotated[
    str | None,
    typer.Option(
        "--as-role",
        envvar="UNBURIED_ROLE",
        help=(
            "Role the actor acts in: review_lead, investigator, reviewer, interviewer, "
            "oversight, survivor, solicitor, public, system (default $UNBURIED_ROLE)."
        ),
        show_default=False,
    ),
]


@app.callback()
def _global(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    actor: AsOption = None,
    role: AsRoleOption = None,
) -> None:
    """Independent review of historic cases on a tamper-evident event log."""
    ctx.obj = {"data_dir": data_dir, "actor": actor, "role": role}


def data_dir_from(ctx: typer.Context, local: Path | None) -> Path:
    """The data dir: the command's own --data-dir, else the global one, else UNBURIED_HOME."""
    if local is not None:
        return local
    root = ctx.find_root()
    if root.obj and root.obj.get("data_dir") is not None:
        return Path(root.obj["data_dir"])
    env = os.environ.get("UNBURIED_HOME")
    return Path(env) if env else Path("unburied-data")
