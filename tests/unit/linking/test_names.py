"""Names as people give them: titles, ranks, collar numbers, nicknames, lone words."""

from __future__ import annotations

import pytest

from unburied.linking.names import ForenameRelation, forename_relation, normalise, parse_name


def test_a_rank_and_a_lone_word_make_a_police_officer_known_by_surname() -> None:
    parsed = parse_name("PC Ali")

    assert (parsed.rank, parsed.police, parsed.surname, parsed.forename) == (
        "pc",
        True,
        "ali",
        None,
    )


def test_a_spelled_out_rank_is_read_as_the_same_rank_as_its_abbreviation() -> None:
    assert (
        parse_name("Detective Sergeant Kowalczyk").rank == parse_name("DS Kowalczyk").rank == "ds"
    )


def test_a_title_with_a_number_gives_a_collar_number_not_a_name() -> None:
    parsed = parse_name("DC 3720")

    assert (parsed.number, parsed.surname, parsed.police) == ("3720", None, True)


def test_a_quoted_nickname_is_kept_apart_from_the_forename_and_surname() -> None:
    parsed = parse_name('Tony "Bash" Bashford')

    assert (parsed.forename, parsed.nickname, parsed.surname) == ("tony", "bash", "bashford")


def test_a_lone_word_without_a_title_may_be_any_part_of_a_name() -> None:
    parsed = parse_name("Bash")

    assert (parsed.single, parsed.forename, parsed.surname) == ("bash", None, None)


def test_a_street_name_like_big_dan_is_a_nickname_not_a_forename_and_surname() -> None:
    parsed = parse_name("Big Dan")

    assert (parsed.nickname, parsed.forename, parsed.surname) == ("big dan", None, None)


@pytest.mark.parametrize(
    ("text", "police"),
    [("a copper", True), ("the tall one with the silver Astra", False), ("the cop", True)],
)
def test_a_description_is_not_parsed_as_a_name(text: str, police: bool) -> None:
    parsed = parse_name(text)

    assert parsed.descriptive and not parsed.has_name
    assert parsed.police is police


def test_normalise_removes_accents_apostrophes_and_case() -> None:
    assert normalise("  O'Néill-Smythe ") == "oneill smythe"


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("william", "william", ForenameRelation.SAME),
        ("bill", "william", ForenameRelation.NICKNAME),
        ("bash", "bashir", ForenameRelation.NICKNAME),
        ("kate", "catherine", ForenameRelation.NICKNAME),
        ("gareth", "gareht", ForenameRelation.SIMILAR),
        ("garard", "gerard", ForenameRelation.SIMILAR),  # one letter wrong, early
        ("jason", "mason", ForenameRelation.DIFFERENT),  # one letter apart, not one sound
        ("j", "john", ForenameRelation.INITIAL),
        ("peter", "graham", ForenameRelation.DIFFERENT),
    ],
)
def test_forename_relation_tells_nicknames_short_forms_misspellings_and_initials(
    a: str, b: str, relation: ForenameRelation
) -> None:
    assert forename_relation(a, b) is relation
    assert forename_relation(b, a) is relation
