"""End-to-end fixtures: run the real console entry point in process, on a real data dir.

``run`` calls ``unburied.cli.main`` (the function the ``unburied`` script calls) inside
Typer's ``CliRunner`` isolation, so exit codes and the one-line error rendering are the ones
a person at a terminal gets. The terminal is 80 columns wide, as a console with no size is.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unburied.bootstrap import open_data_dir
from unburied.cli import main
from unburied.services.statements import RecordedStatement, record_statement

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


@dataclass(frozen=True)
class Outcome:
    """What one command did: its exit code and what it printed."""

    code: int
    stdout: str
    stderr: str

    @property
    def said(self) -> str:
        """stdout and stderr with Rich's line wrapping undone, for matching phrases."""
        return " ".join((self.stdout + " " + self.stderr).split())


def run(*args: str | Path) -> Outcome:
    """Run ``unburied ARGS`` through the console entry point and capture the result."""
    runner = CliRunner()
    with runner.isolation(env={"COLUMNS": "80", "UNBURIED_HOME": None}) as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Outcome(code, stdout, stderr)


def record_statements(data_dir: Path, count: int, *, first: int = 1) -> list[RecordedStatement]:
    """Record ``count`` synthetic statements, one commit (and one checkpoint) each."""
    app = open_data_dir(data_dir)
    try:
        return [
            record_statement(
                app,
                "investigator-0007",
                case=f"C-{n:04d}",
                statement=f"ST-{n:04d}",
                given_by=f"Survivor S-{n:04d}",
                text=f"Statement {n} as given by Survivor S-{n:04d} to the review team.",
                taken_on=date(2024, 5, 1),
            )
            for n in range(first, first + count)
        ]
    finally:
        app.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir made by ``unburied init``: event 0 is ``log.initialised``."""
    path = tmp_path / "review"
    outcome = run("--data-dir", path, "init", "--origin", "test.unburied.example/e2e-log")
    assert outcome.code == 0, outcome
    return path


@pytest.fixture
def seven_event_log(data_dir: Path) -> Path:
    """The data dir with six statements recorded after the first event: seven events."""
    record_statements(data_dir, 6)
    return data_dir


Sql = Callable[..., list[tuple[Any, ...]]]


@pytest.fixture
def sql(data_dir: Path) -> Iterator[Sql]:
    """Run SQL on the data dir's database directly, as someone with the file would."""

    def execute(statement: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(data_dir / "unburied.db")) as db, db:
            return db.execute(statement, params).fetchall()

    yield execute
