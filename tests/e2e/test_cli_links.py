"""The link commands as a person runs them: link, review-links, alerts, graph.

A tiny synthetic operation (seed 7) is imported and linked once through the CLI; each test
works on its own copy of that data dir. Decisions from a file are all or nothing; a decision
taken twice exits 3 at the terminal and 1 from a file, naming LK-1; the graph exports parse.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from tests.e2e.conftest import Outcome, run
from unburied.cli import main
from unburied.synth import write_operation

LEAD = ("--as", "P-LEAD", "--as-role", "review_lead")
REVIEWER = ("--as", "P-REVIEWER", "--as-role", "reviewer")


def _in(data_dir: Path, *args: str | Path) -> Outcome:
    return run("--data-dir", data_dir, *args)


def _typed(data_dir: Path, keys: str, *args: str) -> Outcome:
    """Run a command with ``keys`` typed at the terminal."""
    runner = CliRunner()
    env = {"COLUMNS": "100", "UNBURIED_HOME": None}
    with runner.isolation(input=keys, env=env) as (out, err, _):
        try:
            main(["--data-dir", str(data_dir), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Outcome(code, stdout, stderr)


@pytest.fixture(scope="module")
def linked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the operation imported and linked once, through the CLI."""
    root = tmp_path_factory.mktemp("linked")
    data_dir = root / "review"
    write_operation(root / "op", scale="tiny", seed=7)
    for args in (
        ("init", "--origin", "test.unburied.example/links"),
        ("import", root / "op", *LEAD),
    ):
        outcome = _in(data_dir, *args)
        assert outcome.code == 0, outcome
    first = _in(data_dir, "link", *LEAD)
    assert first.code == 0, first
    (root / "first-run.txt").write_text(first.said)
    return data_dir


@pytest.fixture
def linked(linked_template: Path, tmp_path: Path) -> Path:
    """A copy of the linked data dir for one test."""
    return Path(shutil.copytree(linked_template, tmp_path / "review"))


def _queue(data_dir: Path) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = json.loads(
        _in(data_dir, "review-links", "--list", "--json").stdout
    )
    return listed


# -- link ----------------------------------------------------------------------------------------


def test_link_prints_its_counts_and_a_second_run_records_nothing(
    linked_template: Path, linked: Path
):
    first = (linked_template.parent / "first-run.txt").read_text()

    again = _in(linked, "link", *LEAD, "--json")

    assert "proposed for review (new)" in first and "auto-linked (new)" in first
    assert "corroboration alerts (new)" in first and "Recorded as events" in first
    data = json.loads(again.stdout)
    assert (data["proposed"], data["auto_linked"], data["alerts"], data["events"]) == (0, 0, 0, [])
    assert data["queued"] == len(_queue(linked)) > 0


def test_only_the_review_lead_or_the_system_runs_linking(linked: Path):
    outcome = _in(linked, "link", *REVIEWER)

    assert outcome.code == 3
    assert "refused:" in outcome.said
    assert "AC-6: the reviewer role may not run linking" in outcome.said


# -- review-links --------------------------------------------------------------------------------


def _write_decisions(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["link_id", "decision", "reason"])
        writer.writerows(rows)
    return path


def test_review_links_applies_a_file_of_decisions(linked: Path, tmp_path: Path):
    first, second = (str(q["id"]) for q in _queue(linked)[:2])
    decisions = _write_decisions(
        tmp_path / "decisions.csv",
        [(first, "accept", "same street name and car"), (second, "reject", "ages differ")],
    )

    outcome = _in(linked, "review-links", "--file", decisions, *REVIEWER)

    assert outcome.code == 0, outcome
    assert "Recorded 1 confirmation(s) and 1 rejection(s)" in outcome.said
    assert {first, second}.isdisjoint(str(q["id"]) for q in _queue(linked))


def test_a_file_deciding_a_link_already_decided_records_no_decision_and_names_lk_1(
    linked: Path, tmp_path: Path
):
    first, second = (str(q["id"]) for q in _queue(linked)[:2])
    decided = _write_decisions(tmp_path / "one.csv", [(first, "accept", "same man")])
    assert _in(linked, "review-links", "--file", decided, *REVIEWER).code == 0
    again = _write_decisions(
        tmp_path / "two.csv", [(second, "accept", "same man"), (first, "reject", "no")]
    )

    outcome = _in(linked, "review-links", "--file", again, *REVIEWER)

    assert outcome.code == 1
    assert "1 decision(s) refused; no decision was recorded, 1 refusal was recorded" in (
        outcome.said
    )
    assert f"two.csv, row 3, field 'link_id': LK-1: link {first} was already confirmed" in (
        outcome.said
    )
    assert second in {str(q["id"]) for q in _queue(linked)}


def test_a_file_with_an_unknown_decision_word_is_refused_by_row(linked: Path, tmp_path: Path):
    link = str(_queue(linked)[0]["id"])
    decisions = _write_decisions(tmp_path / "d.csv", [(link, "maybe", "not sure")])

    outcome = _in(linked, "review-links", "--file", decisions, *REVIEWER)

    assert outcome.code == 1
    assert "d.csv, row 2, field 'decision': decision 'maybe' is not accept or reject" in (
        outcome.said
    )


def test_review_links_at_the_terminal_asks_for_a_reason_and_records_each_decision(linked: Path):
    first, second = (str(q["id"]) for q in _queue(linked)[:2])

    outcome = _typed(
        linked, "a\nsame nickname and flat\nr\n\nnot the same man\nq\n", "review-links", *REVIEWER
    )

    assert outcome.code == 0, outcome
    assert "Agreed:" in outcome.said and "probability" in outcome.said
    assert "A decision needs a reason (LK-3)" in outcome.said
    assert f"Link {first} confirmed" in outcome.said and f"Link {second} rejected" in outcome.said
    assert "2 decision(s) recorded" in outcome.said


def test_a_role_that_may_not_decide_links_is_stopped_at_its_first_decision(linked: Path):
    system = ("--as", "job-7", "--as-role", "system")

    outcome = _typed(linked, "a\nlooks right\na\nlooks right\n", "review-links", *system)

    assert outcome.code == 3
    assert "AC-6: the system role may not decide links" in outcome.said
    assert outcome.said.count("probability") == 1


def test_review_links_needs_an_actor_to_decide(linked: Path, tmp_path: Path):
    decisions = _write_decisions(tmp_path / "d.csv", [("L-1", "accept", "same man")])

    outcome = _in(linked, "review-links", "--file", decisions)

    assert outcome.code == 1
    assert "who is acting? Give --as PERSON_ID --as-role ROLE" in outcome.said


# -- alerts and graph ----------------------------------------------------------------------------


def test_alerts_lists_each_alert_with_its_reason(linked: Path):
    listed = json.loads(_in(linked, "alerts", "--json").stdout)
    shown = _in(linked, "alerts")

    assert listed and all(a["independent_complainants"] >= 2 for a in listed)
    assert all(len(a["complainants"]) >= a["independent_complainants"] for a in listed)
    assert listed[0]["reason"].startswith(f"{listed[0]['person']} is named by")
    assert f"{len(listed)} alert(s)" in shown.said and listed[0]["id"] in shown.said


def test_graph_exports_json_and_graphml_that_parse(linked: Path, tmp_path: Path):
    person = json.loads(_in(linked, "alerts", "--json").stdout)[0]["person"]
    target = tmp_path / "around.graphml"

    as_json = _in(linked, "graph", person)
    written = _in(linked, "graph", person, "--format", "graphml", "-o", target)

    assert as_json.code == 0 and written.code == 0, (as_json, written)
    from_json = nx.node_link_graph(json.loads(as_json.stdout), edges="links")
    from_graphml = nx.read_graphml(target)
    assert f"person:{person}" in from_json and set(from_graphml.nodes) == set(from_json.nodes)
    assert str(target) in written.said


def test_graph_of_an_unknown_person_or_format_exits_1(linked: Path):
    unknown = _in(linked, "graph", "P-NOBODY")
    bad = _in(linked, "graph", "P-NOBODY", "--format", "dot")

    assert unknown.code == 1 and "person 'P-NOBODY' is not in the link graph" in unknown.said
    assert bad.code == 1 and "--format is 'dot'; expected json or graphml" in bad.said


# -- the links an alert rests on -----------------------------------------------------------------


def _alert_on_a_name(data_dir: Path) -> dict[str, object]:
    listed = json.loads(_in(data_dir, "alerts", "--json").stdout)
    resting = [a for a in listed if "It rests on" in a["reason"]]
    assert resting, "the tiny operation should have an alert that rests on a first name"
    return dict(resting[0])


def test_review_links_for_an_alert_lists_the_automatic_links_on_a_name_it_rests_on(linked: Path):
    alert = _alert_on_a_name(linked)

    listed = json.loads(
        _in(linked, "review-links", "--alert", alert["id"], "--list", "--json").stdout
    )

    assert listed
    assert f"It rests on {len(listed)} automatic link" in str(alert["reason"])
    for link in listed:
        assert (link["state"], link["decided_by"]) == ("confirmed", "auto")
        assert "Linked automatically on a first name or nickname" in link["explanation"]
    assert all(f"{x['left']} and {x['right']}" in str(alert["reason"]) for x in listed[:3])


def test_a_reviewer_rejects_a_link_an_alert_rests_on_and_it_is_recorded(linked: Path):
    alert = _alert_on_a_name(linked)
    first = json.loads(
        _in(linked, "review-links", "--alert", alert["id"], "--list", "--json").stdout
    )[0]

    outcome = _typed(
        linked,
        "r\nnot the same man: the car and the flat are the network's\n",
        "review-links", "--alert", str(alert["id"]), "--limit", "1", *REVIEWER,
    )  # fmt: skip

    assert outcome.code == 0, outcome
    assert "Linked automatically; no person has decided it yet." in outcome.stdout
    assert f"Link {first['id']} rejected" in outcome.stdout
    after = json.loads(
        _in(linked, "review-links", "--alert", alert["id"], "--list", "--json").stdout
    )
    decided = next(x for x in after if x["id"] == first["id"])
    assert (decided["state"], decided["decided_by"]) == ("rejected", "P-REVIEWER")


def test_review_links_for_an_unknown_alert_says_so(linked: Path):
    outcome = _in(linked, "review-links", "--alert", "A-0", "--list")

    assert outcome.code != 0
    assert "alert A-0 is not in the store" in outcome.said
