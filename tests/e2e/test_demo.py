"""The demo, end to end on a tiny synthetic operation: what it claims is what the log holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unburied.bootstrap import open_data_dir
from unburied.cli import app
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.ledger.verify import verify_receipt
from unburied.services.cases import list_cases
from unburied.services.demo import run_demo
from unburied.store.audit import verify_log


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_demo(tmp_path_factory.mktemp("demo") / "data", scale="tiny", seed=7, sample=5)


def test_demo_queues_every_imported_historic_case_and_allocates_through_the_rules(demo) -> None:  # type: ignore[no-untyped-def]
    assert demo.imported.queued > 0
    alloc = demo.allocation
    assert alloc.made + len(alloc.unallocated) == demo.imported.queued
    # Every refusal the summary counts is an assignment.refused event in the log.
    app = open_data_dir(demo.data_dir)
    with app.uow() as uow:
        refused = uow.events.find(type="assignment.refused")
    assert len(refused) >= alloc.refusals
    assert sum(alloc.by_rule.values()) >= alloc.refusals


def test_demo_closes_cases_only_with_an_independent_sign_off(demo) -> None:  # type: ignore[no-untyped-def]
    app = open_data_dir(demo.data_dir)
    closed = {c.ref for c in list_cases(app, "closed")}
    assert closed == set(demo.closed)
    with app.uow() as uow:
        for ref in closed:
            types = [e.type for e in uow.events.find(case=ref)]
            assert types.index("closure.signed_off") < types.index("case.closed")
    assert "CL-2" in demo.refused_closure


def test_demo_receipt_verifies_offline_with_the_holder_copy(demo) -> None:  # type: ignore[no-untyped-def]
    text = demo.receipt_file.read_text(encoding="utf-8")
    vkey = (demo.data_dir / "log.vkey").read_text(encoding="utf-8").strip()
    proven = verify_receipt(text, vkey)
    copy = json.loads(next(demo.receipt_file.parent.glob("*.holder-copy.json")).read_text())
    import base64

    salt = base64.b64decode(copy["salt"])
    check_holder_copy(Receipt.from_text(text), copy["field"], copy["value"], salt)
    assert proven.index == copy["event"]
    assert demo.receipt_bytes <= 2048


def test_demo_log_verifies_and_the_altered_copy_is_detected(demo) -> None:  # type: ignore[no-untyped-def]
    app = open_data_dir(demo.data_dir)
    report = verify_log(app.engine, app.verifier)
    assert report.size == demo.audit.size
    assert demo.tamper_detected.startswith("altered event")
    assert "does not match" in demo.tamper_detected


def test_demo_lists_stalled_cases_with_their_holder(demo) -> None:  # type: ignore[no-untyped-def]
    assert demo.stalled, "cases left assigned for months must surface as stalled"
    assert all(s.overdue.days > 0 for s in demo.stalled)


def test_demo_command_prints_a_summary_and_where_the_data_is(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--data-dir", str(tmp_path / "d"), "--scale", "tiny", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "Summary" in result.output
    assert "events in the log, all verified" in result.output
    assert str(tmp_path / "d") in result.output.replace("\n", "")


def test_demo_refuses_a_data_dir_that_already_holds_a_log(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(app, ["init", "--data-dir", str(tmp_path / "d")])
    result = runner.invoke(app, ["demo", "--data-dir", str(tmp_path / "d"), "--scale", "tiny"])
    assert result.exit_code != 0
