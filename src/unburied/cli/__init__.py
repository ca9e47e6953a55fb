"""The command line: parse, call a service, render with Rich. No rule lives here."""

from __future__ import annotations

import sys as _sys

import typer as _typer
from rich.markup import escape as _escape
from typer._click.exceptions import ClickException as _ClickException
from typer._click.exceptions import NoArgsIsHelpError as _NoArgsIsHelpError

from unburied.cli.app import app
from unburied.cli.app import err_console as _err_console
from unburied.domain.errors import (
    LogIntegrityError as _LogIntegrityError,
)
from unburied.domain.errors import (
    ProofError as _ProofError,
)
from unburied.domain.errors import (
    Refused as _Refused,
)
from unburied.domain.errors import (
    SignatureError as _SignatureError,
)
from unburied.domain.errors import (
    UnburiedError as _UnburiedError,
)

# Command modules register themselves on ``app`` when imported.
from unburied.cli import log_commands as _log_commands  # noqa: E402,F401  isort: skip
from unburied.cli import demo as _demo  # noqa: E402,F401  isort: skip
from unburied.cli import erasure as _erasure  # noqa: E402,F401  isort: skip
from unburied.cli import cases as _cases  # noqa: E402,F401  isort: skip
from unburied.cli import links as _links  # noqa: E402,F401  isort: skip

__all__ = ["EXIT_CODES", "app", "exit_code_for", "main"]

#: Exit codes: 0 success, 1 an error, 2 a verification failed, 3 a rule refused the command.
EXIT_CODES = {"error": 1, "verification": 2, "refused": 3}


def exit_code_for(exc: _UnburiedError) -> int:
    """Map an error to the documented exit code."""
    if isinstance(exc, _LogIntegrityError | _ProofError | _SignatureError):
        return EXIT_CODES["verification"]
    if isinstance(exc, _Refused):
        return EXIT_CODES["refused"]
    return EXIT_CODES["error"]


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning unburied errors into a message and exit code."""
    try:
        # With standalone_mode=False click returns a typer.Exit's code instead of raising it.
        code = app(args=argv, standalone_mode=False)
    except _UnburiedError as exc:
        _err_console.print(
            f"[bold red]error:[/] {_escape(exc.diagnostics())}", highlight=False, soft_wrap=True
        )
        _sys.exit(exit_code_for(exc))
    except _typer.Exit as exc:
        _sys.exit(exc.exit_code)
    except _typer.Abort:
        _err_console.print("aborted")
        _sys.exit(EXIT_CODES["error"])
    except _NoArgsIsHelpError as exc:
        exc.show()
        _sys.exit(0)
    except _ClickException as exc:
        # A usage error is an error (1): exit 2 is reserved for a failed verification.
        exc.show()
        _sys.exit(EXIT_CODES["error"])
    _sys.exit(code if isinstance(code, int) else 0)
