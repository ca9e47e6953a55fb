"""Corroboration: a person named by independent complainants, and only them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.unit.linking.world import PEOPLE, corpus
from unburied.domain.errors import InvalidInput
from unburied.linking.clusters import Constraints
from unburied.linking.corroboration import (
    Naming,
    corroboration_alerts,
    independent_groups,
    namings_from_allegations,
    namings_from_links,
    stands_without,
    with_links_on_a_name,
)
from unburied.linking.mentions import link_mentions


def _named(complainant: str, statement: str, day: date, recorder: str = "OF-8") -> Naming:
    return Naming(
        person="SU-1",
        complainant=complainant,
        via="link",
        statement=statement,
        mention=f"M-{statement}",
        taken_on=day,
        recorded_by=recorder,
    )


def test_two_complainants_interviewed_separately_raise_an_alert_with_their_evidence() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]

    (alert,) = corroboration_alerts(namings)

    assert alert.person == "SU-1" and alert.complainants == ("CP-1", "CP-2")
    assert "SU-1 is named by 2 independent complainants" in alert.reason
    assert [e["statement"] for e in alert.to_event_data()["evidence"]] == ["ST-1", "ST-2"]


def test_an_alert_names_the_automatic_links_on_a_first_name_that_join_its_mentions() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]
    entities = {"M-ST-1": "SU-1", "M-ST-2": "SU-1", "M-ST-9": "entity:M-ST-9"}
    links = [("M-ST-2", "M-ST-1"), ("M-ST-1", "M-ST-9")]  # the second joins another entity

    (alert,) = with_links_on_a_name(corroboration_alerts(namings), entities, links)

    assert alert.on_a_name == (("M-ST-1", "M-ST-2"),)
    assert alert.reason.endswith(
        "It rests on 1 automatic link made on a first name or street name with context, not on "
        "a surname or an identifier (M-ST-1 and M-ST-2): without it it would not be raised, so "
        "a person's decision on it in the review queue settles it."
    )
    assert alert.to_event_data()["links_on_a_name"] == [["M-ST-1", "M-ST-2"]]


def test_an_alert_without_links_on_a_first_name_says_nothing_of_them() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]

    (alert,) = with_links_on_a_name(corroboration_alerts(namings), {}, [])

    assert alert.on_a_name == ()
    assert "first name" not in alert.reason
    assert alert.to_event_data()["links_on_a_name"] == []


def test_the_same_complainant_naming_someone_twice_raises_no_alert() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-1", "ST-6", date(2012, 2, 2))]

    assert corroboration_alerts(namings) == []


def test_statements_taken_together_count_once() -> None:
    day = date(2013, 4, 4)
    namings = [_named("CP-6", "ST-7", day, "OF-6"), _named("CP-7", "ST-8", day, "OF-6")]

    assert corroboration_alerts(namings) == []
    assert independent_groups(namings) == [frozenset({"CP-6", "CP-7"})]


def test_a_joint_interview_is_named_in_the_reason_when_others_still_corroborate() -> None:
    day = date(2013, 4, 4)
    namings = [
        _named("CP-6", "ST-7", day, "OF-6"),
        _named("CP-7", "ST-8", day, "OF-6"),
        _named("CP-1", "ST-1", date(2004, 3, 2)),
    ]

    (alert,) = corroboration_alerts(namings)

    assert len(alert.groups) == 2
    assert "taken together: CP-6 and CP-7" in alert.reason


def test_k_is_configurable_and_below_two_is_refused() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]

    assert corroboration_alerts(namings, k=3) == []
    with pytest.raises(InvalidInput, match="k >= 2 independent complainants, got 1"):
        corroboration_alerts(namings, k=1)


def test_an_allegation_accusing_a_known_person_counts_as_a_naming() -> None:
    namings = namings_from_allegations([("AL-1", "CP-1", "SU-1"), ("AL-2", "CP-2", "SU-1")])

    (alert,) = corroboration_alerts(namings)

    assert "allegation AL-1 accuses the person directly" in alert.namings[0].describe()


def test_only_auto_and_confirmed_links_count_never_review_candidates() -> None:
    records = corpus()
    _, run = link_mentions(records, PEOPLE)
    counted = {n.mention for n in namings_from_links(records, run.entities)}
    bash = [n for n in namings_from_links(records, run.entities) if n.mention in {"M-6", "M-8"}]

    # "Bash" (M-6, M-8) is only a review candidate for SU-1: it must not be counted for SU-1.
    assert {"M-6", "M-8"} <= counted
    assert all(n.person != "SU-1" for n in bash)


def test_a_confirmed_link_makes_a_naming_count() -> None:
    records = corpus()
    decided = Constraints.of(confirmed=[("M-6", "SU-1"), ("M-8", "SU-1")])
    _, run = link_mentions(records, PEOPLE, decided)

    namings = [n for n in namings_from_links(records, run.entities) if n.person == "SU-1"]

    assert {"CP-3", "CP-4"} <= {n.complainant for n in namings}


def test_statements_by_someone_who_is_not_a_complainant_are_left_out() -> None:
    records = corpus()
    _, run = link_mentions(records, PEOPLE)

    namings = namings_from_links(records, run.entities, complainants={"CP-1"})

    assert {n.complainant for n in namings} == {"CP-1"}


def test_an_alert_names_three_links_on_a_first_name_and_counts_the_rest() -> None:
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]
    links = [(f"M-{n}", f"M-{n + 1}") for n in range(5)]
    entities = {f"M-{n}": "SU-1" for n in range(6)}

    (alert,) = with_links_on_a_name(corroboration_alerts(namings), entities, links)

    assert "It rests on 5 automatic links made on a first name" in alert.reason
    assert "without them it would not be raised" in alert.reason
    assert "(M-0 and M-1; M-1 and M-2; M-2 and M-3; 2 more)" in alert.reason
    assert len(alert.to_event_data()["links_on_a_name"]) == 5  # type: ignore[arg-type]


def test_an_alert_stands_without_some_links_when_an_alert_is_raised_for_the_man_without_them() -> (
    None
):
    namings = [_named("CP-1", "ST-1", date(2004, 3, 2)), _named("CP-2", "ST-2", date(2006, 7, 11))]
    (alert,) = corroboration_alerts(namings)
    split = [replace(n, person=f"entity:{n.mention}") for n in namings]  # the links left out

    assert stands_without(alert, corroboration_alerts(namings))
    assert not stands_without(alert, corroboration_alerts(split))  # no alert without them
    later = date(2009, 1, 20)
    third = [
        *split,
        replace(split[0], complainant="CP-3", statement="ST-3", mention="M-ST-3", taken_on=later),
    ]
    assert stands_without(alert, corroboration_alerts(third))  # CP-1 and CP-3 still name him
