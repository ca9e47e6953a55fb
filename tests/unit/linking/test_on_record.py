"""A mention refers to one person at most: its links to known people are weighed against each
other, and against the chance that the man it names is on no record at all."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.unit.linking.world import background
from unburied.linking.clusters import Constraints
from unburied.linking.features import compare_profiles
from unburied.linking.fellegi_sunter import estimate_share, weigh_candidates
from unburied.linking.mentions import MentionLinker, link_mentions
from unburied.linking.profiles import (
    MentionRecord,
    PersonRecord,
    profile_of_mention,
    profile_of_person,
)

weights = st.dictionaries(
    st.sampled_from([f"P-{n}" for n in range(12)]),
    st.floats(min_value=-20, max_value=40),
    min_size=1,
)
shares = st.floats(min_value=0.01, max_value=0.99)


@settings(max_examples=200, deadline=None)
@given(weights, shares, st.integers(min_value=1, max_value=5000))
def test_the_probabilities_of_one_mention_never_sum_past_one(
    candidates: dict[str, float], share: float, people: int
) -> None:
    weighed = weigh_candidates(candidates, share, people)
    assert set(weighed) == set(candidates)
    assert all(0.0 <= p <= 1.0 for p in weighed.values())
    assert sum(weighed.values()) < 1.0 + 1e-9


@settings(max_examples=200, deadline=None)
@given(weights, shares, st.floats(min_value=-20, max_value=40))
def test_a_rival_that_fits_lowers_everyone_else(
    candidates: dict[str, float], share: float, rival: float
) -> None:
    assume("P-99" not in candidates)
    before = weigh_candidates(candidates, share, 100)
    after = weigh_candidates(candidates | {"P-99": rival}, share, 100)
    assert all(after[q] <= before[q] + 1e-12 for q in candidates)


@settings(max_examples=200, deadline=None)
@given(weights, shares, st.floats(min_value=0.1, max_value=10))
def test_more_evidence_for_a_person_raises_his_probability(
    candidates: dict[str, float], share: float, more: float
) -> None:
    person = sorted(candidates)[0]
    before = weigh_candidates(candidates, share, 100)[person]
    after = weigh_candidates(candidates | {person: candidates[person] + more}, share, 100)[person]
    assert after >= before


def test_the_only_man_who_fits_is_as_likely_as_the_share_on_record_allows() -> None:
    # strong evidence, nobody else: what is left is the chance he is on no record
    weighed = weigh_candidates({"P-1": 40.0}, 0.8, 1000)
    assert weighed["P-1"] == pytest.approx(1.0, abs=1e-6)
    # ten equal rivals share what one would have had
    ten = weigh_candidates({f"P-{n}": 20.0 for n in range(10)}, 0.8, 1000)
    assert all(p == pytest.approx(0.1, rel=0.01) for p in ten.values())


@pytest.mark.parametrize("true_share", [0.1, 0.5, 0.9])
def test_the_share_on_record_is_recovered_from_the_evidence(true_share: float) -> None:
    rng = np.random.default_rng(3)
    mentions, people = 4000, 500
    on_record = rng.random(mentions) < true_share
    # a mention of somebody on record brings decisive evidence for him; others bring only the
    # weak evidence of random people who happen to share a name
    evidence = np.where(on_record, 2.0**20, 0.0) + rng.exponential(0.05, mentions)
    assert estimate_share(evidence, people, mentions) == pytest.approx(true_share, abs=0.03)


def test_the_share_stays_within_its_floor_and_ceiling() -> None:
    assert estimate_share(np.zeros(100), 50, 100) == 0.05
    assert estimate_share(np.full(100, 2.0**40), 50, 100) == 0.999
    assert estimate_share(np.zeros(0), 50, 0) == 0.5


def _named(ident: str, statement: str, complainant: str, text: str) -> MentionRecord:
    return MentionRecord(
        id=ident, text=text, statement=statement, complainant=complainant, role="suspect"
    )


def test_one_of_ten_men_of_a_surname_is_less_likely_than_the_only_man_of_a_full_name() -> None:
    forenames = ("Alder", "Brannock", "Corwin", "Dacey", "Elwin", "Fenwick", "Garrow", "Halden")
    register = [PersonRecord(f"SU-T{i}", (f"{f} Tansley",)) for i, f in enumerate(forenames)]
    register.append(PersonRecord("SU-Q", ("Ulric Quenby",)))
    records = [
        *background(150),
        _named("M-1", "ST-1", "CP-1", "Tansley"),
        _named("M-2", "ST-2", "CP-2", "Ulric Quenby"),
    ]
    linker, _ = link_mentions(records, register)

    lone = [linker.link_between("M-1", p.id) for p in register[:-1]]
    full = linker.link_between("M-2", "SU-Q")

    assert full is not None
    assert "others on record (nobody else on record fits as well)" in full.explanation
    assert all(link is None or link.probability < full.probability for link in lone)
    assert sum(link.probability for link in lone if link is not None) < 1.0


def test_a_man_a_person_said_it_is_not_no_longer_competes() -> None:
    forenames = ("Alder", "Brannock", "Corwin", "Dacey")
    register = [PersonRecord(f"SU-T{i}", (f"{f} Tansley",)) for i, f in enumerate(forenames)]
    records = [*background(150), _named("M-1", "ST-1", "CP-1", "Tansley")]
    linker, _ = link_mentions(records, register)
    share = linker.stats.on_record_named
    before = weigh_candidates(linker._person_weights["M-1"], share, linker.stats.people)

    rejected = Constraints.of(rejected=[("M-1", p.id) for p in register[1:]])
    again, _ = link_mentions(records, register, rejected)
    after = again.link_between("M-1", "SU-T0")

    assert set(before) == {p.id for p in register}  # four men fit, each as well
    assert after is not None
    assert after.probability > 2 * before["SU-T0"]
    assert "nobody else on record fits as well" in after.explanation


# --- a surname alone, and the forenames she uses --------------------------------------------------


def test_a_surname_alone_takes_the_forenames_its_complainant_uses_in_any_statement() -> None:
    records = [
        _named("M-1", "ST-1", "CP-1", "Tansley"),
        _named("M-2", "ST-2", "CP-1", "Big Bram"),
        _named("M-3", "ST-3", "CP-1", "Corwin"),
        _named("M-4", "ST-4", "CP-1", "Dacey Tansley"),  # gives a forename: takes none
        _named("M-5", "ST-5", "CP-2", "Tansley"),  # another complainant, no forename said
    ]
    linker = MentionLinker([PersonRecord("SU-1", ("Alder Tansley",))])  # "tansley": a surname
    linker.build_index(records)

    assert linker.profile("M-1").her_forenames >= {"bram", "corwin", "dacey"}
    assert linker.profile("M-4").her_forenames == frozenset()
    assert linker.profile("M-5").her_forenames == frozenset()


def test_her_forename_is_compared_with_his_only_for_a_surname_alone() -> None:
    person = profile_of_person(PersonRecord("SU-1", ("Brannock Tansley",)))
    said = profile_of_mention(_named("M-1", "ST-1", "CP-1", "Tansley"))
    surname = replace(said, surnames=frozenset({"tansley"}), lone=frozenset())  # as on record

    assert "forenamed" not in compare_profiles(surname, person)
    assert compare_profiles(replace(surname, her_forenames=frozenset({"bran"})), person)[
        "forenamed"
    ] == (0, None)
    assert compare_profiles(replace(surname, her_forenames=frozenset({"corwin"})), person)[
        "forenamed"
    ] == (1, None)


def test_of_men_sharing_a_surname_the_one_whose_forename_she_uses_is_likelier() -> None:
    forenames = ("Alder", "Brannock", "Corwin", "Dacey")
    register = [PersonRecord(f"SU-T{i}", (f"{f} Tansley",)) for i, f in enumerate(forenames)]
    records = [
        *background(150),
        _named("M-1", "ST-1", "CP-1", "Tansley"),
        _named("M-2", "ST-2", "CP-1", "Brannock"),
    ]
    linker, _ = link_mentions(records, register)

    link = linker.link_between("M-1", "SU-T1")
    others = [linker.link_between("M-1", f"SU-T{i}") for i in (0, 2, 3)]

    assert link is not None
    assert "her forenames (she names a man by his forename too)" in link.explanation
    assert all(o is None or o.probability < link.probability for o in others)
