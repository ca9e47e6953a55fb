"""Domain values: ranks, periods of posts, findings and decisions."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.worlds import NOW
from unburied.domain.commands import Decided, Finding, json_strings
from unburied.domain.entities import Affiliation, rank_level
from unburied.domain.events import Event


@pytest.mark.parametrize(
    ("rank", "level"),
    [
        ("PC", 1),
        ("Detective Constable", 1),
        ("D.S.", 2),
        ("Acting Inspector", 3),
        ("DCI", 4),
        ("Det Supt", 5),
        ("Detective Chief Superintendent", 6),
        ("Ch Supt", 6),
        ("Commander", 7),
        ("Assistant Chief Constable", 7),
        ("Temporary Deputy Chief Constable", 8),
        ("Chief Constable", 9),
        ("Commissioner", 11),
    ],
)
def test_ranks_as_written_map_to_their_seniority(rank, level):
    assert rank_level(rank) == level


def test_unknown_or_missing_rank_has_no_level():
    assert rank_level("clerk") is None
    assert rank_level(None) is None


def _post(start: date, end: date | None) -> Affiliation:
    return Affiliation("P-0001", "U-01", "officer", start, end)


def test_a_post_overlaps_a_period_it_shares_a_day_with():
    assert _post(date(2000, 1, 1), date(2003, 12, 31)).overlaps(date(2003, 12, 31), None)
    assert not _post(date(2000, 1, 1), date(2003, 12, 31)).overlaps(date(2004, 1, 1), None)


def test_posts_compared_by_year_overlap_within_the_same_calendar_year():
    ended_march = _post(date(2000, 1, 1), date(2006, 3, 31))
    assert ended_march.overlaps_years(date(2006, 11, 1), date(2009, 1, 1))
    assert not ended_march.overlaps_years(date(2007, 1, 1), None)


def test_an_open_post_is_held_today_and_an_ended_one_is_not():
    assert _post(date(2000, 1, 1), None).held_on(date(2024, 6, 1))
    assert _post(date(2000, 1, 1), date(2024, 6, 1)).held_on(date(2024, 6, 1))
    assert not _post(date(2000, 1, 1), date(2024, 5, 31)).held_on(date(2024, 6, 1))


def test_a_decision_with_refusals_is_not_accepted():
    event = Event("concern.raised", "P-0100", NOW, {"text": "x"}, "C-0001")
    assert Decided(events=(event,)).accepted
    assert not Decided(events=(event,), refusals=(Finding("LC-5", "LC-5: …"),)).accepted


def test_a_finding_reads_as_its_reason():
    finding = Finding("CL-1", "CL-1: case C-0001 cannot close without a written rationale")
    assert str(finding) == finding.reason


def test_payload_string_lists_are_sorted():
    assert json_strings({"P-0002", "P-0001"}) == ["P-0001", "P-0002"]
