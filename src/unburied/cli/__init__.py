"""The command line: parse, call a service, render with Rich. No rule lives here."""

from __future__ import annotations

import sys

from unburied.cli.app import app, console, err_console
from unburied.domain.errors import (
    LogIntegrityError,
    ProofError,
    Refused,
    SignatureError,
    UnburiedError,
)

# Command modules register themselves on ``app`` when imported.
from unburied.cli import log_commands as _log_commands  # noqa: E402,F401  isort: skip
from unburied.cli import demo as _demo  # noqa: E402,F401  isort: skip

__all__ = ["EXIT_CODES", "app", "main"]

#: Exit codes: 0 success, 1 an error, 2 a verification failed, 3 a rule refused the command.
EXIT_CODES = {"error": 1, "verification": 2, "refused": 3}


def exit_code_for(exc: UnburiedError) -> int:
    """Map an error to the documented exit code."""
    if isinstance(exc, LogIntegrityError | ProofError | SignatureError):
        return EXIT_CODES["verification"]
    if isinstance(exc, Refused):
        return EXIT_CODES["refused"]
    return EXIT_CODES["error"]


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning unburied errors into a message and exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except UnburiedError as exc:
        err_console.print(f"[bold red]error:[/] {exc.diagnostics()}", highlight=False)
        sys.exit(exit_code_for(exc))
    except SystemExit:
        raise
    except Exception as exc:  # click's own usage errors come through here
        import click

        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            err_console.print("aborted")
            sys.exit(1)
        raise
