"""The ground truth written beside a synthetic operation agrees with its data."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from unburied.importers import ImportBatch, parse_import
from unburied.synth import TruthKind, read_truth, write_operation
from unburied.synth.scenarios import TIES
from unburied.synth.tables import CLOSING_OUTCOMES


class Operation:
    """A tiny operation written once, its parsed batch, and its truth files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.summary = write_operation(folder, "tiny", seed=11)
        self.batch: ImportBatch = parse_import(folder)
        self.people = {r.entity.id: r for r in self.batch.people}
        self.cases = {r.entity.ref: r.entity for r in self.batch.cases}
        self.statements = {r.entity.id: r for r in self.batch.statements}
        self.mentions = {r.entity.id: r.entity for r in self.batch.mentions}

    def truth(self, kind: TruthKind) -> list[dict[str, Any]]:
        return list(read_truth(self.folder, kind))

    def refers(self) -> dict[str, str]:
        return {t["mention"]: t["refers_to"] for t in self.truth(TruthKind.MENTIONS)}


@pytest.fixture(scope="module")
def op(tmp_path_factory: pytest.TempPathFactory) -> Operation:
    return Operation(tmp_path_factory.mktemp("synth") / "op")


def test_every_mention_has_exactly_one_truth_line(op: Operation) -> None:
    truth = op.truth(TruthKind.MENTIONS)
    assert sorted(t["mention"] for t in truth) == sorted(op.mentions)


def test_every_mentions_true_referent_exists(op: Operation) -> None:
    places = {t["place"] for t in op.truth(TruthKind.PLACES)}
    vehicles = {t["vehicle"] for t in op.truth(TruthKind.VEHICLES)}
    for t in op.truth(TruthKind.MENTIONS):
        mention = op.mentions[t["mention"]]
        assert (mention.kind.value, mention.role, mention.case) == (t["kind"], t["role"], t["case"])
        known = {"person": op.people, "place": places, "vehicle": vehicles}[t["kind"]]
        assert t["refers_to"] in known, t


def test_every_mention_is_written_in_its_statement_as_given(op: Operation) -> None:
    for mention in op.mentions.values():
        assert mention.text in op.statements[mention.statement].protected["text"]


def test_no_statement_names_a_survivor_or_shows_her_real_name(op: Operation) -> None:
    survivors = [r for r in op.people.values() if r.entity.kind.value == "survivor"]
    texts = [r.protected.get("text", "") for r in op.statements.values()]
    assert all(
        t["refers_to"] not in {s.entity.id for s in survivors} for t in op.truth(TruthKind.MENTIONS)
    )
    for survivor in survivors:
        name = survivor.protected["identity_name"]
        assert survivor.entity.pseudonym != name
        assert not any(name in text for text in texts)


def test_every_kind_of_corrupt_officer_tie_is_in_the_data(op: Operation) -> None:
    kinds = {t["tie"] for t in op.truth(TruthKind.OFFICER_TIES)}
    assert set(TIES) <= kinds


def test_every_officer_tie_is_evidenced_by_mentions_and_cases_in_the_data(op: Operation) -> None:
    refers = op.refers()
    networks = {n["network"]: n for n in op.truth(TruthKind.NETWORKS)}
    for tie in op.truth(TruthKind.OFFICER_TIES):
        officer, evidence = tie["officer"], tie["evidence"]
        assert op.people[officer].entity.kind.value == "officer"
        assert evidence["mentions"] or evidence["cases"]
        if tie["tie"] != "closed_cases":  # closing cases is behaviour, seen only in the data
            assert {"officer": officer, "tie": tie["tie"]} in networks[tie["network"]]["officers"]
        for mention in evidence["mentions"]:
            referent = refers[mention]
            assert referent == officer or "-PL-S" in referent, tie  # or the leaked placement
        for ref in evidence["cases"]:
            original = op.cases[ref].original
            assert officer in {original.recorded_by, original.decided_by}, (tie, original)


def test_member_officers_are_accused_and_named_as_suspects(op: Operation) -> None:
    refers = op.refers()
    members = [t for t in op.truth(TruthKind.OFFICER_TIES) if t["tie"] == "member"]
    assert members
    accused_mentions = {
        a.mention for r in op.batch.allegations for a in r.entity.accused if a.mention
    }
    for tie in members:
        named = [m for m in tie["evidence"]["mentions"] if refers[m] == tie["officer"]]
        assert named and all(op.mentions[m].role == "suspect" for m in named)
        assert accused_mentions & set(named)


def test_every_conflicted_closure_names_its_decider_or_his_network_in_that_case(
    op: Operation,
) -> None:
    refers = op.refers()
    members: dict[str, set[str]] = defaultdict(set)
    for row in op.truth(TruthKind.MEMBERSHIP):
        members[row["network"]].add(row["person"])
    closures = op.truth(TruthKind.CONFLICTED_CLOSURES)
    assert closures
    for closure in closures:
        case = op.cases[closure["case"]]
        assert case.original.decided_by == closure["decided_by"]
        assert case.original.outcome == closure["outcome"] in CLOSING_OUTCOMES
        for reason in closure["reasons"]:
            assert all(op.mentions[m].case == case.ref for m in reason["mentions"])
            if reason["reason"] == "decider_named_in_case":
                assert {refers[m] for m in reason["mentions"]} == {closure["decided_by"]}
            else:
                assert {refers[m] for m in reason["mentions"]} <= members[reason["network"]]
        for lost in closure["lost_statements"]:
            assert op.statements[lost].extra["status"] == "lost"


def test_some_closures_were_decided_by_an_officer_named_in_the_case(op: Operation) -> None:
    reasons = {r["reason"] for c in op.truth(TruthKind.CONFLICTED_CLOSURES) for r in c["reasons"]}
    assert reasons == {"decider_named_in_case", "decider_tied_to_named_network"}


def test_repeat_perpetrators_are_named_as_suspects_by_every_listed_survivor(op: Operation) -> None:
    refers = op.refers()
    repeats = op.truth(TruthKind.REPEAT_PERPETRATORS)
    assert repeats
    for repeat in repeats:
        assert len(repeat["survivors"]) >= 2
        named_by = {
            _complainant(op, m.case)
            for mid, m in op.mentions.items()
            if refers[mid] == repeat["person"] and m.role == "suspect"
        }
        assert set(repeat["survivors"]) == named_by


def _complainant(op: Operation, case: str) -> str:
    return next(r.entity.complainant for r in op.batch.allegations if r.entity.case == case)


def test_survivors_truth_lists_cases_where_she_is_the_complainant(op: Operation) -> None:
    for survivor in op.truth(TruthKind.SURVIVORS):
        assert survivor["cases"]
        for ref in survivor["cases"]:
            assert _complainant(op, ref) == survivor["survivor"]
            assert op.cases[ref].period_start.isoformat() == survivor["abuse_from"]


def test_legacy_handling_has_closures_lost_statements_and_open_cases(op: Operation) -> None:
    outcomes = [c.original.outcome for c in op.cases.values()]
    assert sum(o in CLOSING_OUTCOMES for o in outcomes) >= len(outcomes) // 3
    assert any(r.extra.get("status") == "lost" for r in op.statements.values())


def test_every_suspect_belongs_to_exactly_one_network(op: Operation) -> None:
    membership = op.truth(TruthKind.MEMBERSHIP)
    suspects = {p for p, r in op.people.items() if r.entity.kind.value == "suspect"}
    assert sorted(m["person"] for m in membership if m["role"] != "officer") == sorted(suspects)
