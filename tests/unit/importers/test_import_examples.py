"""The example file set parses cleanly into the records a person reading it would expect."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from unburied.domain.entities import Accused, OrgKind, ReferralFlag
from unburied.importers import IMPORT_ORDER, ImportBatch, KnownIds, RecordKind, parse_import

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="module")
def batch() -> ImportBatch:
    return parse_import(EXAMPLES)


def test_example_set_parses_with_every_kind_present(batch: ImportBatch) -> None:
    counts = batch.counts()
    assert list(counts) == [k.value for k in IMPORT_ORDER]
    assert counts == {
        "organisations": 6,
        "people": 11,
        "affiliations": 8,
        "accreditations": 3,
        "cases": 3,
        "declarations": 1,
        "statements": 5,
        "mentions": 14,
        "allegations": 3,
    }
    assert batch.manifest is not None
    assert batch.manifest.source_organisation == "Kingsmoor Police (example data)"


def test_organisations_come_parents_first(batch: ImportBatch) -> None:
    placed: set[str] = set()
    for record in batch.organisations:
        assert record.entity.parent is None or record.entity.parent in placed
        placed.add(record.entity.id)
    assert batch.organisations[0].entity.kind is OrgKind.POLICE_FORCE


def test_survivor_identity_is_held_apart_as_protected_values(batch: ImportBatch) -> None:
    survivor = next(r for r in batch.people if r.entity.id == "P-007")
    assert survivor.entity.pseudonym == "Survivor A"
    assert dict(survivor.protected) == {
        "identity_name": "Leanne Walsh",
        "date_of_birth": "1987-03-14",
        "address": "14 Holloway Road, Kingsmoor KM4 2PL",
    }
    officer = next(r for r in batch.people if r.entity.id == "P-002")
    assert dict(officer.protected) == {}


def test_statement_text_is_protected_and_a_lost_statement_has_none(batch: ImportBatch) -> None:
    by_id = {r.entity.id: r for r in batch.statements}
    assert by_id["S-001"].protected["text"].startswith("I met a man who called himself Kez")
    assert dict(by_id["S-002"].protected) == {}
    assert dict(by_id["S-002"].extra) == {"status": "lost"}
    assert by_id["S-001"].entity.taken_on == date(2003, 3, 5)


def test_statements_list_their_mentions_and_mentions_carry_their_case(batch: ImportBatch) -> None:
    by_id = {r.entity.id: r.entity for r in batch.statements}
    assert by_id["S-001"].mentions == ("M-001", "M-002", "M-003", "M-004")
    mention = next(r.entity for r in batch.mentions if r.entity.id == "M-004")
    assert (mention.case, mention.text, mention.role) == ("KP/2003/0412", "PC Ali", "suspect")


def test_allegation_accused_keep_persons_mentions_and_officer_description(
    batch: ImportBatch,
) -> None:
    allegation = next(r.entity for r in batch.allegations if r.entity.id == "A-003")
    assert allegation.accused == (
        Accused(person="P-009"),
        Accused(mention="M-009"),
        Accused(mention="M-011", described_as_officer=True),
    )
    assert ReferralFlag.ABUSE_OF_POSITION_SEXUAL in allegation.referral_flags


def test_case_keeps_its_original_handling(batch: ImportBatch) -> None:
    case = next(r.entity for r in batch.cases if r.entity.ref == "KP/2003/0412")
    assert case.original.decided_by == "P-002"
    assert case.original.outcome == "nfa_evidential"
    assert case.offence_categories == ("child_sexual_exploitation",)
    open_case = next(r.entity for r in batch.cases if r.entity.ref == "KP/2011/0033")
    assert open_case.original.decided_by is None


def test_each_record_says_where_it_came_from(batch: ImportBatch) -> None:
    first_person = batch.people[0]
    assert (first_person.source.file, first_person.source.row) == ("people.csv", 2)
    first_allegation = batch.allegations[0]
    assert (first_allegation.source.file, first_allegation.source.row) == ("allegations.json", 1)
    first_statement = batch.statements[0]
    assert (first_statement.source.file, first_statement.source.row) == ("statements.jsonl", 1)


def test_source_files_are_listed_with_their_sha256(batch: ImportBatch) -> None:
    names = [name for name, _ in batch.source_files]
    assert names[0] == "organisations.csv" and "allegations.json" in names
    assert all(len(digest) == 64 for _, digest in batch.source_files)
    assert len(batch.source_hash) == 64


def test_same_files_given_one_by_one_have_the_same_source_hash(batch: ImportBatch) -> None:
    data = {".csv", ".json", ".jsonl"}
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in data and p.name != "manifest.json")
    again = parse_import(list(reversed(files)))
    assert again.source_hash == batch.source_hash
    assert again.manifest is None


def test_a_changed_file_changes_the_source_hash(batch: ImportBatch, tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    with (copy / "declarations.csv").open("a") as handle:
        handle.write(
            "P-005,KP/2003/0412,I served in the same force as the original investigator.\n"
        )
    assert parse_import(copy).source_hash != batch.source_hash


def test_progress_reports_bytes_read_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    parse_import(EXAMPLES, progress=lambda done, total: calls.append((done, total)))
    total = sum(p.stat().st_size for p in EXAMPLES.iterdir() if p.is_file() and p.suffix != ".md")
    total -= (EXAMPLES / "manifest.json").stat().st_size
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_records_may_refer_to_ids_already_in_the_store(tmp_path: Path) -> None:
    (tmp_path / "cases.csv").write_text(
        "ref,originating_org,period_start,decided_by\nKP/2014/0001,KPOL,2010-01-01,P-004\n"
    )
    known = KnownIds(organisations=frozenset({"KPOL"}), people=frozenset({"P-004"}))
    batch = parse_import(tmp_path / "cases.csv", known_ids=known)
    assert batch.cases[0].entity.original.decided_by == "P-004"
    flat = parse_import(tmp_path / "cases.csv", known_ids={"KPOL", "P-004"})
    assert flat.counts()[RecordKind.CASES.value] == 1
