"""The docs name everything a reader looks up: event types, CLI commands, independence rules.

After Datasette's ``test_docs.py``: adding an event type, a command or a rule without
documenting it fails here, and so does documenting one the code does not have.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from unburied.cli import app
from unburied.domain.events import EVENT_TYPES
from unburied.independence.rules import RULES

REPO = Path(__file__).resolve().parents[1]
EVENTS_MD = REPO / "docs" / "events.md"
README = REPO / "README.md"
INDEPENDENCE_MD = REPO / "docs" / "independence.md"
#: The rule ids the issue names, and any the code adds later.
RULE_IDS = sorted({*(f"IR-{n}" for n in range(1, 8)), "CR-1", *RULES})

# a table row whose first cell is a code span: | `case.opened` | ... |
_TABLE_TYPE = re.compile(r"^\|\s*`([a-z_]+\.[a-z_]+)`\s*\|", re.MULTILINE)


def _documented_event_types() -> list[str]:
    return _TABLE_TYPE.findall(EVENTS_MD.read_text(encoding="utf-8"))


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_every_event_type_has_a_row_in_docs_events_md(event_type: str) -> None:
    assert event_type in _documented_event_types(), f"docs/events.md has no row for {event_type}"


def test_docs_events_md_names_no_event_type_the_code_does_not_know() -> None:
    documented = _documented_event_types()

    assert sorted(set(documented) - set(EVENT_TYPES)) == []
    assert len(documented) == len(set(documented)), "an event type has two rows"


def test_the_cli_registers_the_log_commands_the_issue_asks_for() -> None:
    assert {"init", "vkey", "checkpoint", "verify", "receipt"} <= set(_command_names())


@pytest.mark.skipif(not README.exists(), reason="README not written yet")
@pytest.mark.parametrize("command", _command_names())
def test_every_cli_command_is_shown_in_the_readme(command: str) -> None:
    shown = re.compile(rf"\bunburied\b.*\s{re.escape(command)}\b")

    lines = README.read_text(encoding="utf-8").splitlines()

    assert any(shown.search(line) for line in lines), f"README.md never shows `unburied {command}`"


@pytest.mark.skipif(not INDEPENDENCE_MD.exists(), reason="docs/independence.md not written yet")
@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_independence_rule_id_is_in_docs_independence_md(rule: str) -> None:
    text = INDEPENDENCE_MD.read_text(encoding="utf-8")

    assert re.search(rf"\b{re.escape(rule)}\b", text), f"docs/independence.md never names {rule}"
