"""The case commands as a person runs them: import, cases, case show, the review, reads.

Every command goes through the console entry point (``unburied.cli.main``) on a real data dir
holding the Northshire world (``tests/integration/services/northshire.py``). A refusal by a
rule exits 3 and names every rule and reason; a rejected import exits 1 and lists every
problem; both are recorded in the log where the rules say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from tests.e2e.conftest import Outcome, run
from tests.integration.services.northshire import (
    STATEMENT_TEXT,
    write_bad_northshire,
    write_northshire,
)
from unburied.cli import app

LEAD = ("--as", "P-0010", "--as-role", "review_lead")
INVESTIGATOR = ("--as", "P-0052", "--as-role", "investigator")
REVIEWER = ("--as", "P-0050", "--as-role", "reviewer")
OVERSIGHT = ("--as", "P-0900", "--as-role", "oversight")
RETIRED = "conduct:case_to_answer_no_proceedings_possible:retired"


def _in(data_dir: Path, *args: str | Path) -> Outcome:
    return run("--data-dir", data_dir, *args)


@pytest.fixture
def world(data_dir: Path, tmp_path: Path) -> Path:
    """A data dir with the Northshire world imported through the CLI."""
    outcome = _in(data_dir, "import", write_northshire(tmp_path / "world"), *LEAD)
    assert outcome.code == 0, outcome
    return data_dir


def _to_proposed(data_dir: Path) -> None:
    for args in (
        ("triage", "C-0001", *LEAD),
        ("assign", "C-0001", "P-0052", "--role", "investigator", *LEAD),
        ("assign", "C-0001", "P-0050", "--role", "reviewer", *LEAD),
        ("start", "C-0001", *INVESTIGATOR),
        ("propose", "C-0001", "--outcome", RETIRED, "--rationale", "he retired", *INVESTIGATOR),
    ):
        outcome = _in(data_dir, *args)
        assert outcome.code == 0, (args, outcome)


def _refused(outcome: Outcome, *phrases: str) -> None:
    assert outcome.code == 3, outcome
    assert "refused:" in outcome.said and "Traceback" not in outcome.said
    for phrase in phrases:
        assert phrase in outcome.said, (phrase, outcome.said)


# -- import -------------------------------------------------------------------------------------


def test_import_queues_the_cases_and_a_second_import_writes_nothing(data_dir: Path, tmp_path: Path):
    files = write_northshire(tmp_path / "world")

    first = _in(data_dir, "import", files, *LEAD)
    again = _in(data_dir, "import", files, *LEAD, "--json")

    assert first.code == 0 and "Imported 55 rows from 8 file(s) as 60 events" in first.said
    assert "2 historic case(s) queued for independent review" in first.said
    assert "1 allegation(s) routed to an independent body (IR-5)" in first.said
    data = json.loads(again.stdout)
    assert data["already_imported"] is True and data["events"] == 0
    assert len(data["files"]) == 8 and all(len(f["sha256"]) == 64 for f in data["files"])


def test_a_rejected_import_lists_every_problem_with_file_row_and_field_and_exits_1(
    data_dir: Path, tmp_path: Path
):
    outcome = _in(data_dir, "import", write_bad_northshire(tmp_path / "bad"), *LEAD)

    assert outcome.code == 1
    assert "import rejected: 2 problem(s); nothing was written" in outcome.said
    assert "affiliations.csv" in outcome.said and "1994-12-31 is before start" in outcome.said
    assert "allegations.csv" in outcome.said and "P-9999" in outcome.said
    assert "Imported" not in _in(data_dir, "cases").said


def test_a_command_without_an_actor_says_how_to_name_one(data_dir: Path, tmp_path: Path):
    outcome = _in(data_dir, "import", write_northshire(tmp_path / "world"))

    assert outcome.code == 1
    assert "who is acting? Give --as PERSON_ID --as-role ROLE" in outcome.said
    assert "not authentication" in outcome.said


def test_the_actor_may_come_from_the_environment(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("UNBURIED_ACTOR", "P-0010")
    monkeypatch.setenv("UNBURIED_ROLE", "review_lead")

    outcome = _in(data_dir, "import", write_northshire(tmp_path / "world"))

    assert outcome.code == 0, outcome


# -- looking ------------------------------------------------------------------------------------


def test_cases_lists_every_case_and_filters_by_state(world: Path):
    assert _in(world, "triage", "C-0003", *LEAD).code == 0

    listed = _in(world, "cases")
    received = json.loads(_in(world, "cases", "--state", "received", "--json").stdout)

    assert "C-0001" in listed.said and "C-0003" in listed.said and "2 case(s)" in listed.said
    assert [c["ref"] for c in received] == ["C-0001"]
    assert received[0]["referred"] is True


def test_case_show_prints_the_timeline_with_sequence_numbers(world: Path):
    outcome = _in(world, "case", "show", "C-0001")
    data = json.loads(_in(world, "case", "show", "C-0001", "--json").stdout)

    assert outcome.code == 0
    assert "Case C-0001 from U-01: received" in outcome.said
    types = [e["type"] for e in data["timeline"]]
    assert types[0] == "case.opened" and types[-1] == "case.queued"
    seqs = [e["seq"] for e in data["timeline"]]
    assert seqs == sorted(seqs) and str(seqs[-1]) in outcome.said
    assert "(text sealed)" in outcome.said and STATEMENT_TEXT[:30] not in outcome.said


def test_case_show_of_an_unknown_case_exits_1(world: Path):
    outcome = _in(world, "case", "show", "C-9999")

    assert outcome.code == 1 and "case C-9999 is not in the store" in outcome.said


def test_stalled_lists_cases_past_their_limit_with_who_holds_them(world: Path):
    outcome = _in(world, "stalled", "--on", "2099-01-01")
    none_yet = json.loads(_in(world, "stalled", "--json").stdout)

    assert outcome.code == 0 and "2 stalled case(s)" in outcome.said
    assert "review lead" in outcome.said
    assert none_yet == []


# -- the review ---------------------------------------------------------------------------------


def test_assign_refused_prints_every_conflict_with_its_rule_and_exits_3(world: Path):
    _in(world, "triage", "C-0001", *LEAD)

    outcome = _in(world, "assign", "C-0001", "P-0042", "--role", "investigator", *LEAD)

    _refused(outcome, "IR-6", "IR-7", "IR-7: P-0042 served in Northshire CID (U-01) 2001–2004")
    assert "assignment.refused" in _in(world, "case", "show", "C-0001").said


def test_assign_refusal_as_json_lists_the_findings(world: Path):
    _in(world, "triage", "C-0003", *LEAD)

    outcome = _in(world, "assign", "C-0003", "P-0007", "--role", "interviewer", *LEAD, "--json")

    assert outcome.code == 3
    findings = json.loads(outcome.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["CR-1"]


def test_a_whole_review_closes_only_after_the_independent_sign_off(world: Path):
    _to_proposed(world)

    early = _in(world, "close", "C-0001", "--rationale", "closing now", *LEAD)
    wrong = _in(world, "sign-off", "C-0001", "--as", "P-0051", "--as-role", "reviewer")
    signed = _in(world, "sign-off", "C-0001", *REVIEWER)
    closed = _in(world, "close", "C-0001", "--rationale", "signed off", *LEAD, "--json")

    _refused(early, "CL-2: case C-0001 cannot close without an independent sign-off")
    _refused(wrong, "CL-3: P-0051 is not the assigned reviewer of case C-0001")
    assert signed.code == 0 and "signed off" in signed.said
    assert closed.code == 0 and json.loads(closed.stdout)["types"][0] == "case.closed"
    assert _in(world, "cases", "--state", "closed").said.count("C-0001") == 1


def test_propose_by_someone_other_than_the_investigator_is_refused(world: Path):
    _in(world, "triage", "C-0001", *LEAD)
    _in(world, "assign", "C-0001", "P-0052", "--role", "investigator", *LEAD)
    _in(world, "start", "C-0001", *INVESTIGATOR)

    outcome = _in(
        world,
        "propose",
        "C-0001",
        "--outcome",
        RETIRED,
        "--rationale",
        "x",
        "--as",
        "P-0051",
        "--as-role",
        "investigator",
    )

    _refused(outcome, "LC-2: only the assigned investigator (P-0052)")


def test_start_triage_return_and_reopen_refuse_when_the_state_does_not_allow(world: Path):
    _refused(_in(world, "start", "C-0001", *INVESTIGATOR), "LC-1")
    _refused(_in(world, "return", "C-0001", "--reason", "more", *LEAD), "LC-1")
    _refused(_in(world, "reopen", "C-0001", "--reason", "new", *LEAD), "LC-1")
    assert _in(world, "triage", "C-0001", *LEAD).code == 0
    _refused(_in(world, "triage", "C-0001", *LEAD), "LC-1: case C-0001 is triaged")


def test_return_and_reopen_move_the_case_back(world: Path):
    _to_proposed(world)

    returned = _in(world, "return", "C-0001", "--reason", "statement found", *REVIEWER)
    assert returned.code == 0 and "returned to investigation" in returned.said
    _in(world, "propose", "C-0001", "--outcome", RETIRED, "--rationale", "same", *INVESTIGATOR)
    _in(world, "sign-off", "C-0001", *REVIEWER)
    _in(world, "close", "C-0001", "--rationale", "signed off", *LEAD)
    reopened = _in(world, "reopen", "C-0001", "--reason", "a new witness", *LEAD)

    assert reopened.code == 0 and "re-opened" in reopened.said


def test_a_concern_is_recorded_and_an_empty_one_is_refused(world: Path):
    survivor = ("--as", "P-0100", "--as-role", "survivor")

    raised = _in(world, "concern", "C-0001", "nobody has called me back", *survivor)
    empty = _in(world, "concern", "C-0001", "  ", *survivor)

    assert raised.code == 0 and "Concern recorded on case C-0001" in raised.said
    _refused(empty, "LC-5: a concern needs a written reason")


def test_an_absent_investigators_case_cannot_close_until_they_are_back(world: Path):
    _to_proposed(world)
    _in(world, "sign-off", "C-0001", *REVIEWER)

    away = _in(world, "absence", "P-0052", "--from", "--reason", "sick leave", *LEAD)
    refused = _in(world, "close", "C-0001", "--rationale", "signed off", *LEAD)
    back = _in(world, "absence", "P-0052", "--back", "--reason", "returned", *LEAD)

    assert away.code == 0 and "P-0052 recorded absent" in away.said
    _refused(refused, "LC-3: investigator P-0052 of case C-0001 is recorded absent")
    assert back.code == 0 and "recorded back" in back.said
    assert _in(world, "close", "C-0001", "--rationale", "signed off", *LEAD).code == 0


def test_only_some_roles_may_record_an_absence(world: Path):
    outcome = _in(world, "absence", "P-0052", "--reason", "leave", *INVESTIGATOR)

    _refused(outcome, "AC-6: the investigator role may not issue RecordAbsence")


def test_end_assignment_ends_it(world: Path):
    _in(world, "triage", "C-0001", *LEAD)
    made = _in(world, "assign", "C-0001", "P-0050", "--role", "reviewer", *LEAD, "--json")
    assignment = json.loads(made.stdout)["assignment"]

    ended = _in(world, "end-assignment", assignment, "--reason", "moved on", *LEAD)

    assert ended.code == 0 and f"Assignment {assignment} ended" in ended.said


def test_an_override_needs_two_oversight_approvers(world: Path):
    _in(world, "triage", "C-0001", *LEAD)
    reason = ("--reason", "sole specialist; left Northshire in 1995")

    alone = _in(
        world, "override", "C-0001", "P-0060", "--role", "reviewer", "--approver", "P-0900",
        *reason, *OVERSIGHT,
    )  # fmt: skip
    both = _in(
        world, "override", "C-0001", "P-0060", "--role", "reviewer", "--approver", "P-0900",
        "--approver", "P-0901", *reason, *OVERSIGHT,
    )  # fmt: skip
    assigned = _in(world, "assign", "C-0001", "P-0060", "--role", "reviewer", *LEAD)

    _refused(alone, "OV-2: an override needs two distinct approvers")
    assert both.code == 0 and "Override granted for P-0060" in both.said
    assert assigned.code == 0, assigned


# -- reading protected values ------------------------------------------------------------------


def test_read_prints_the_text_after_recording_the_access(world: Path):
    _in(world, "triage", "C-0001", *LEAD)
    _in(world, "assign", "C-0001", "P-0050", "--role", "reviewer", *LEAD)

    outcome = _in(world, "read", "S-0001", "--reason", "preparing the review", *REVIEWER)

    assert outcome.code == 0
    assert STATEMENT_TEXT in outcome.stdout
    assert "Read of statement.text recorded as event" in outcome.said
    timeline = json.loads(_in(world, "case", "show", "C-0001", "--json").stdout)["timeline"]
    assert timeline[-1]["type"] == "access.recorded"
    assert "preparing the review" in timeline[-1]["summary"]


def test_a_read_without_a_need_to_know_exits_3_and_is_recorded(world: Path):
    outcome = _in(world, "read", "S-0001", "--reason", "curious", *REVIEWER)

    _refused(outcome, "AC-3: P-0050 holds no active assignment on case C-0001")
    assert STATEMENT_TEXT not in outcome.said
    assert "access.refused" in _in(world, "case", "show", "C-0001").said


def test_a_conflicted_reader_is_told_an_alert_was_recorded(world: Path):
    outcome = _in(
        world,
        "read",
        "P-0100",
        "--field",
        "survivor.identity",
        "--case",
        "C-0001",
        "--reason",
        "checking",
        "--as",
        "P-0042",
        "--as-role",
        "oversight",
        "--json",
    )

    assert outcome.code == 0, outcome
    data = json.loads(outcome.stdout)
    assert data["alert_event"] == data["access_event"] + 1


def test_rebuild_views_replays_the_log(world: Path):
    before = _in(world, "cases", "--json").stdout

    outcome = _in(world, "rebuild-views")

    assert outcome.code == 0 and "Views rebuilt from" in outcome.said
    assert _in(world, "cases", "--json").stdout == before


# -- help ---------------------------------------------------------------------------------------

_CASE_COMMANDS = [
    "import", "cases", "stalled", "rebuild-views", "assign", "end-assignment", "override",
    "absence", "triage", "start", "propose", "return", "sign-off", "close", "reopen",
    "concern", "read",
]  # fmt: skip


@pytest.mark.parametrize("command", _CASE_COMMANDS)
def test_every_case_command_shows_an_example_in_its_help(command: str):
    group = typer.main.get_command(app)
    help_text = group.commands[command].help or ""  # type: ignore[attr-defined]

    assert "Example: unburied " in help_text, command


def test_case_show_help_has_an_example():
    group = typer.main.get_command(app)
    show = group.commands["case"].commands["show"]  # type: ignore[attr-defined]

    assert "Example: unburied case show" in (show.help or "")
