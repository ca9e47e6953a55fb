"""All or nothing: one bad row and nothing is returned; every problem is listed with its place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from unburied.domain.errors import ImportRejected, InvalidInput, RowProblem
from unburied.importers import parse_import

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def rejected(*paths: Path | str, **kwargs: object) -> list[RowProblem]:
    with pytest.raises(ImportRejected) as caught:
        parse_import(list(paths), **kwargs)  # type: ignore[arg-type]
    return list(caught.value.problems)


def places(problems: list[RowProblem]) -> list[tuple[str, int, str]]:
    return [(p.file, p.row, p.field) for p in problems]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_example_set_lists_every_problem_with_file_row_and_field() -> None:
    problems = rejected(EXAMPLES / "bad")
    assert places(problems) == [
        ("organisations.csv", 3, "parent"),
        ("organisations.csv", 4, "kind"),
        ("people.csv", 4, "id"),
        ("people.csv", 5, "date_of_birth"),
        ("people.csv", 6, "pseudonym"),
        ("affiliations.csv", 2, "end"),
        ("affiliations.csv", 3, "person"),
        ("cases.csv", 2, "historic"),
        ("cases.csv", 3, "decided_on"),
        ("cases.csv", 3, "originating_org"),
        ("statements.jsonl", 2, "text"),
        ("statements.jsonl", 3, "(row)"),
        ("mentions.csv", 3, "kind"),
        ("mentions.csv", 4, "statement"),
        ("allegations.csv", 2, "referral_flags"),
        ("allegations.csv", 3, "accused_persons"),
    ]


@pytest.mark.parametrize(
    ("where", "fragment"),
    [
        (("organisations.csv", 3), "refers to organisation 'KPOL-CEN'"),
        (("organisations.csv", 4), "'independent body' is not one of"),
        (("people.csv", 4), "duplicate id 'P-002': already given in people.csv, row 3"),
        (("people.csv", 5), "'1987-02-30' is not a real calendar date"),
        (("people.csv", 6), "is required but missing"),
        (("affiliations.csv", 2), "1999-09-01 is before start 2006-03-31"),
        (("cases.csv", 2), "expected true or false, got 'yes'"),
        (("statements.jsonl", 2), "is required unless status is lost"),
        (("statements.jsonl", 3), "not valid JSON"),
        (("allegations.csv", 3), "no accused"),
    ],
)
def test_each_bad_row_gives_its_reason(where: tuple[str, int], fragment: str) -> None:
    problems = [p for p in rejected(EXAMPLES / "bad") if (p.file, p.row) == where]
    assert any(fragment in p.reason for p in problems), problems


def test_rejection_message_names_every_problem_and_says_nothing_was_written() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_import(EXAMPLES / "bad")
    text = caught.value.diagnostics()
    assert text.startswith("import rejected: 16 problem(s)")
    assert "people.csv, row 5, field 'date_of_birth'" in text
    assert "Nothing was written" in text
    assert isinstance(caught.value, InvalidInput)


def test_csv_header_problems_are_reported_once_on_row_one(tmp_path: Path) -> None:
    path = write(tmp_path, "people.csv", "id,pseudonym,nickname\nP-1,A,x\nP-2,B,y\n")
    assert places(rejected(path)) == [("people.csv", 1, "nickname"), ("people.csv", 1, "kind")]


def test_csv_row_with_more_cells_than_the_header_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "organisations.csv", "id,name,kind\nF1,Force,police_force,extra\n")
    problems = rejected(path)
    assert places(problems) == [("organisations.csv", 2, "(row)")]
    assert "has 4 cells but the header has 3 columns" in problems[0].reason


def test_spreadsheet_row_numbers_count_a_multi_line_cell_as_one_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "organisations.csv",
        'id,name,kind\nF1,"Force\nwith a long name",police_force\nF2,Other,nonsense\n',
    )
    assert places(rejected(path)) == [("organisations.csv", 3, "kind")]


def test_json_array_items_that_are_not_objects_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "organisations.json", '[{"id": "F1", "name": "F", "kind": "unit"}, [1]]')
    problems = rejected(path)
    assert places(problems) == [("organisations.json", 2, "(row)")]
    assert "expected an object, got a list" in problems[0].reason


def test_json_file_that_is_not_json_is_a_whole_file_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "organisations.json", '[{"id": "F1",')
    assert places(rejected(path)) == [("organisations.json", 0, "(row)")]


def test_json_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cases.json",
        '[{"ref": "C1", "originating_org": "F1", "period_start": "2001-01-01", '
        '"offence_categories": "cse", "historic": "true"}]',
    )
    problems = rejected(path, known_ids={"F1"})
    assert places(problems) == [
        ("cases.json", 1, "offence_categories"),
        ("cases.json", 1, "historic"),
    ]


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes("id,name,kind\nF1,Caf\u00e9,unit\n".encode("latin-1"))
    problems = rejected(path)
    assert places(problems) == [("organisations.csv", 0, "(row)")]
    assert "not UTF-8" in problems[0].reason


def test_file_named_for_no_kind_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "suspects.csv", "id\n")
    problems = rejected(path)
    assert places(problems) == [("suspects.csv", 0, "(row)")]
    assert "does not say the kind of record" in problems[0].reason


def test_the_same_file_given_twice_is_refused(tmp_path: Path) -> None:
    first = write(tmp_path, "organisations.csv", "id,name,kind\nF1,Force,police_force\n")
    second = write(tmp_path, "organisations-copy.csv", first.read_text())
    problems = rejected(first, second)
    assert "same content as organisations.csv" in problems[0].reason


def test_an_id_already_in_the_store_is_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path, "people.csv", "id,kind,pseudonym\nP-1,officer,A\n")
    problems = rejected(path, known_ids={"P-1"})
    assert places(problems) == [("people.csv", 2, "id")]
    assert "already exists in the store" in problems[0].reason


def test_organisation_parents_that_loop_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "organisations.csv", "id,name,kind,parent\nA,A,unit,B\nB,B,command,A\n")
    problems = rejected(path)
    assert places(problems) == [
        ("organisations.csv", 2, "parent"),
        ("organisations.csv", 3, "parent"),
    ]
    assert "parents form a loop: A → B → A" in problems[0].reason


def test_mention_whose_case_differs_from_its_statement_is_refused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "set")
    mentions = tmp_path / "set" / "mentions.csv"
    lines = mentions.read_text().splitlines()
    lines[0] += ",case"
    lines[1:] = [line + "," for line in lines[1:]]
    lines[1] = lines[1][:-1] + ",KP/2008/0107"
    mentions.write_text("\n".join(lines) + "\n")
    problems = rejected(tmp_path / "set")
    assert places(problems) == [("mentions.csv", 2, "case")]
    assert "statement 'S-001' is in case 'KP/2003/0412'" in problems[0].reason


def test_allegation_may_not_accuse_a_mention_from_another_case(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "set")
    path = tmp_path / "set" / "allegations.json"
    allegations = json.loads(path.read_text())
    allegations[1]["accused_mentions"].append("M-001")
    path.write_text(json.dumps(allegations))
    problems = rejected(tmp_path / "set")
    assert places(problems) == [("allegations.json", 2, "accused_mentions")]
    assert "mention 'M-001' is in case 'KP/2003/0412', not 'KP/2008/0107'" in problems[0].reason


def test_accused_described_as_officer_must_be_among_the_accused(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "set")
    path = tmp_path / "set" / "allegations.json"
    allegations = json.loads(path.read_text())
    allegations[1]["accused_described_as_officer"] = ["M-999"]
    path.write_text(json.dumps(allegations))
    problems = rejected(tmp_path / "set")
    assert places(problems) == [("allegations.json", 2, "accused_described_as_officer")]


def test_lost_statement_with_text_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "statements.jsonl",
        '{"id": "S1", "case": "C1", "given_by": "P1", "taken_on": "2001-01-01", '
        '"status": "lost", "text": "x"}\n',
    )
    problems = rejected(path, known_ids={"C1", "P1"})
    assert places(problems) == [("statements.jsonl", 1, "text")]
    assert "a lost statement has no text" in problems[0].reason


def test_mention_of_a_stored_statement_must_name_its_case(tmp_path: Path) -> None:
    path = write(tmp_path, "mentions.csv", "id,statement,text\nM1,S-OLD,Bash\n")
    problems = rejected(path, known_ids={"S-OLD"})
    assert places(problems) == [("mentions.csv", 2, "case")]
    assert "give the case too" in problems[0].reason


def test_end_reason_without_an_end_date_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "affiliations.csv",
        "person,organisation,role,start,end_reason\nP1,F1,officer,2001-01-01,retired\n",
    )
    problems = rejected(path, known_ids={"P1", "F1"})
    assert places(problems) == [("affiliations.csv", 2, "end_reason")]


# -- manifest -------------------------------------------------------------------------------------


def manifest(folder: Path, **changes: object) -> Path:
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("bad"))
    path = folder / "manifest.json"
    obj = json.loads(path.read_text())
    obj.update(changes)
    path.write_text(json.dumps(obj))
    return folder


def test_manifest_of_another_format_version_is_refused(tmp_path: Path) -> None:
    problems = rejected(manifest(tmp_path / "set", format_version=2))
    assert places(problems) == [("manifest.json", 0, "format_version")]


def test_manifest_entry_with_a_wrong_sha256_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    obj = json.loads((EXAMPLES / "manifest.json").read_text())
    obj["files"][0]["sha256"] = "0" * 64
    problems = rejected(manifest(folder, files=obj["files"]))
    assert places(problems) == [("organisations.csv", 0, "sha256")]
    assert "but the manifest says 000" in problems[0].reason


def test_manifest_path_outside_the_folder_is_refused(tmp_path: Path) -> None:
    files = [{"path": "../cases.csv", "kind": "cases"}]
    problems = rejected(manifest(tmp_path / "set", files=files))
    assert places(problems) == [("manifest.json", 0, "files[0].path")]


def test_manifest_listing_a_missing_file_is_refused(tmp_path: Path) -> None:
    files = [{"path": "nowhere.csv", "kind": "cases"}]
    problems = rejected(manifest(tmp_path / "set", files=files))
    assert places(problems) == [("nowhere.csv", 0, "(row)")]
    assert "listed in manifest.json but not found" in problems[0].reason


def test_manifest_with_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    files = [{"path": "cases.csv", "kind": "suspects"}]
    problems = rejected(manifest(tmp_path / "set", files=files))
    assert places(problems) == [("manifest.json", 0, "files[0].kind")]


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    problems = rejected(tmp_path)
    assert problems[0].reason == "no import files found"


def test_an_empty_csv_file_is_refused_for_want_of_a_header(tmp_path: Path) -> None:
    path = write(tmp_path, "cases.csv", "")
    problems = rejected(path)
    assert places(problems) == [("cases.csv", 0, "(row)")]
    assert "expected a header row" in problems[0].reason
