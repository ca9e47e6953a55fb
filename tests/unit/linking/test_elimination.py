"""Elimination within one complainant's statements; surnames on record; allegations; support."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.linking.world import background
from tests.unit.linking.world import mention as _mention
from unburied.linking.candidates import link_pair
from unburied.linking.clusters import Clustering, Constraints, NameSet
from unburied.linking.elimination import Elimination
from unburied.linking.explain import Band, has_identifying_agreement, rests_on_name_with_context
from unburied.linking.features import M_PROBABILITIES, compare_profiles, names_fit
from unburied.linking.mentions import OUTWEIGH, MentionLinker, _agglomerate, link_mentions
from unburied.linking.profiles import (
    MentionRecord,
    PersonRecord,
    profile_of_mention,
    profile_of_person,
)


def _elimination(*records: MentionRecord) -> Elimination:
    found = Elimination()
    for record in records:
        found.add(profile_of_mention(record))
    found.update(r.complainant for r in records)
    return found


def _profiles(*records: MentionRecord) -> dict[str, object]:
    return {r.id: profile_of_mention(r) for r in records}


# --- which names fit --------------------------------------------------------------------------


def test_a_street_name_fits_any_name_but_two_forenames_that_differ_do_not() -> None:
    bash = profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Bash"))
    kev = profile_of_mention(_mention("M-2", "ST-1", "CP-1", "Kev"))
    daniel = profile_of_mention(_mention("M-3", "ST-2", "CP-1", "Daniel Hewson"))
    danny = profile_of_mention(_mention("M-4", "ST-3", "CP-1", "Danny"))

    assert names_fit(bash, daniel)
    assert names_fit(danny, daniel)
    assert not names_fit(kev, daniel)


# --- elimination ------------------------------------------------------------------------------


def test_a_later_statement_naming_one_man_is_paired_with_the_only_earlier_name_that_fits() -> None:
    first = [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("Kev",)),
        _mention("M-2", "ST-1", "CP-1", "Kev", associates=("Bash",)),
    ]
    later = _mention("M-3", "ST-2", "CP-1", "Daniel Hewson")
    found = _elimination(*first, later)
    p = _profiles(*first, later)

    assert found.eliminated(p["M-3"], p["M-1"])  # type: ignore[arg-type]
    assert not found.eliminated(p["M-3"], p["M-2"])  # type: ignore[arg-type]
    levels = compare_profiles(p["M-3"], p["M-1"], eliminated=found.eliminated)  # type: ignore[arg-type]
    assert levels["complainant"] == (1, None)


def test_no_pair_when_more_than_one_earlier_name_fits() -> None:
    first = [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("the tall one",)),
        _mention("M-2", "ST-1", "CP-1", "the tall one", associates=("Bash",)),
    ]
    later = _mention("M-3", "ST-2", "CP-1", "Daniel Hewson")
    found = _elimination(*first, later)

    assert not found.partners("M-3")


def test_no_pair_across_complainants_or_roles() -> None:
    first = [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("Kev",)),
        _mention("M-2", "ST-1", "CP-1", "Kev", associates=("Bash",)),
    ]
    other_complainant = _mention("M-3", "ST-2", "CP-2", "Daniel Hewson")
    witness_role = _mention("M-4", "ST-3", "CP-1", "Daniel Hewson", role="witness")
    found = _elimination(*first, other_complainant, witness_role)

    assert not found.partners("M-3")
    assert not found.partners("M-4")


def test_two_mentions_sharing_a_name_word_in_one_statement_count_as_one_man() -> None:
    first = [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("Bash", "Kev")),
        _mention("M-2", "ST-1", "CP-1", "Bash", associates=("Bash", "Kev")),
        _mention("M-3", "ST-1", "CP-1", "Kev", associates=("Bash", "Bash")),
    ]
    later = _mention("M-4", "ST-2", "CP-1", "Daniel Hewson")
    found = _elimination(*first, later)

    assert found.partners("M-4") == {"M-1", "M-2"}


def test_elimination_alone_never_links_automatically() -> None:
    """The pair is evidence for a reviewer: no name identifies the man."""
    records = background(150) + [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("Kev",), places=("Quenby Road",)),
        _mention("M-2", "ST-1", "CP-1", "Kev", associates=("Bash",), places=("Quenby Road",)),
        _mention("M-3", "ST-2", "CP-1", "Daniel Hewson"),
    ]
    linker, run = link_mentions(records)
    link = linker.link_between("M-1", "M-3")

    assert link is not None
    assert link.band is not Band.AUTO
    assert "whom this name fits" in link.explanation
    assert run.entity_of("M-1") != run.entity_of("M-3")


# --- a lone word on record as a surname ----------------------------------------------------------

_REGISTER = [PersonRecord(f"SU-{i}", (f"Person{chr(65 + i % 26)} Reg{i}",)) for i in range(250)]


def test_a_lone_word_is_read_as_a_surname_only_when_it_is_one_on_record() -> None:
    people = [*_REGISTER, PersonRecord("SU-W", ("Francis Wrightson",))]
    linker = MentionLinker(people)
    linker._add(profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Wrightson")))
    linker._add(profile_of_mention(_mention("M-2", "ST-2", "CP-1", "Francis")))
    linker._add(profile_of_mention(_mention("M-3", "ST-3", "CP-1", "Wrightsen")))

    assert linker.profile("M-1").surnames == {"wrightson"}
    assert not linker.profile("M-1").lone
    assert linker.profile("M-2").lone == {"francis"}  # a forename on record stays a lone word
    assert linker.profile("M-3").lone == {"wrightsen"}  # not on record as spelt


def test_a_surname_that_is_also_a_forename_on_record_stays_a_lone_word() -> None:
    people = [
        *_REGISTER,
        PersonRecord("SU-A", ("Marsh Adley",)),
        PersonRecord("SU-B", ("Tom Marsh",)),
    ]
    linker = MentionLinker(people)
    linker._add(profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Marsh")))

    assert linker.profile("M-1").lone == {"marsh"}


# --- her allegation accuses him -------------------------------------------------------------------


def test_a_complainants_allegation_against_a_person_is_compared_only_when_she_accuses_someone() -> (
    None
):
    person = profile_of_person(PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",)))
    people = [PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",))]
    linker = MentionLinker(people)
    for record in (
        _mention("M-1", "ST-1", "CP-1", "Kaleem"),
        _mention("M-2", "ST-2", "CP-2", "Kaleem"),
    ):
        linker._add(profile_of_mention(record))

    accuser, other = linker.profile("M-1"), linker.profile("M-2")
    assert accuser.accuses and not other.accuses
    assert compare_profiles(accuser, person)["accused"] == (0, None)
    assert "accused" not in compare_profiles(other, person)


def test_a_description_is_compared_with_the_person_its_complainant_accuses() -> None:
    """A description shares no name with Bashir Kaleem; she accuses him, so they are
    compared; another survivor's "the tall one" is not."""
    people = [PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",))]
    linker = MentionLinker(people)
    for record in (
        _mention("M-1", "ST-1", "CP-1", "the tall one"),
        _mention("M-2", "ST-2", "CP-2", "the tall one"),
    ):
        linker._add(profile_of_mention(record))

    assert "SU-1" in linker._index.candidates("M-1", linker.max_block)
    assert "SU-1" not in linker._index.candidates("M-2", linker.max_block)


def test_the_allegation_lifts_a_surname_mention_towards_the_person_it_accuses() -> None:
    others = sorted({r.complainant for r in background(150)})[:60]
    people = [PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",))] + [
        PersonRecord(f"SU-X{i}", (f"Other{chr(65 + i % 26)} Accused{i}",), accused_by=(c,))
        for i, c in enumerate(others)
    ]
    records = background(150) + [
        _mention("M-1", "ST-1", "CP-1", "Kaleem"),
        _mention("M-2", "ST-2", "CP-2", "Kaleem"),
    ]
    linker, _ = link_mentions(records, people)
    accused = linker.link_between("M-1", "SU-1")
    other = linker.link_between("M-2", "SU-1")

    assert accused is not None
    assert other is None or other.probability < accused.probability
    assert "her allegation accuses him" in accused.explanation


# --- the named prior ------------------------------------------------------------------------------


def test_mentions_with_a_surname_have_their_own_prior_of_being_someone_on_record() -> None:
    linker, _ = link_mentions(background(150), [*_REGISTER])
    named = profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Jo Reg1"))
    street = profile_of_mention(_mention("M-2", "ST-2", "CP-1", "Bash"))
    person = linker.profile("SU-1")

    stats = linker.stats
    stats.on_record_named, stats.on_record, stats.on_record_accusing = 0.3, 0.05, 0.2

    assert stats.prior_for(named, person) == stats.on_record_named / stats.people
    assert stats.prior_for(street, person) == stats.on_record / stats.people
    accusing = replace(street, accuses=True)
    assert stats.prior_for(accusing, person) == stats.on_record_accusing / stats.people
    assert stats.on_record_for(accusing) == stats.on_record_accusing


# --- joining entities strongest first ------------------------------------------------------------


def _clustering(*ids: str, statements: dict[str, tuple[str, str]] | None = None) -> Clustering:
    """Ids as entities; ``statements`` gives an id its statement and name word."""
    clustering = Clustering(Constraints())
    for ident in ids:
        statement, word = (statements or {}).get(ident, (None, ident))
        clustering.add(ident, NameSet(), False, statement, frozenset({word}))
    return clustering


def test_two_groups_are_joined_on_three_links_and_not_on_one() -> None:
    one = _clustering("A1", "A2", "B1", "B2", "C1")
    one.join("A1", "A2")
    one.join("B1", "B2")
    _agglomerate(one, [link_pair("A1", "B1", 0.9, ()), link_pair("A1", "C1", 0.9, ())])

    assert one.find("A1") != one.find("B1")
    assert one.find("A1") == one.find("C1")  # a single reference joins on one link

    three = _clustering("A1", "A2", "B1", "B2")
    three.join("A1", "A2")
    three.join("B1", "B2")
    pairs = [("A1", "B1"), ("A1", "B2"), ("A2", "B1")]
    _agglomerate(three, [link_pair(a, b, 0.9, ()) for a, b in pairs])

    assert three.find("A1") == three.find("B1")


def test_the_strongest_bond_is_joined_before_a_single_link_can_claim_a_group() -> None:
    """M-1 has one strong link to P-1 and three to the group of P-2's mentions (together
    stronger); the two known people can't be one, so only the better-supported join happens."""
    ids = ["M-1", "M-2", "M-3", "M-4", "P-1", "P-2"]
    clustering = Clustering(Constraints())
    for ident in ids:
        clustering.add(ident, NameSet(), ident.startswith("P-"))
    for member in ("M-2", "M-3", "M-4"):
        clustering.join("P-2", member)
    links = [link_pair("M-1", "P-1", 0.99, ())] + [
        link_pair("M-1", m, 0.9, ()) for m in ("M-2", "M-3", "M-4")
    ]
    _agglomerate(clustering, links)

    assert clustering.find("M-1") == clustering.find("P-2")
    assert clustering.find("M-1") != clustering.find("P-1")


def test_one_statement_naming_both_differently_is_outweighed_only_by_many_links() -> None:
    statements = {"A1": ("ST-1", "rhys"), "B1": ("ST-1", "rocket")}
    group_a = [f"A{i}" for i in range(1, 6)]
    group_b = [f"B{i}" for i in range(1, 6)]
    for links_between, joined in ((OUTWEIGH - 1, False), (OUTWEIGH, True)):
        clustering = _clustering(*group_a, *group_b, statements=statements)
        for group in (group_a, group_b):
            for other in group[1:]:
                clustering.join(group[0], other)
        pairs = [(a, b) for a in group_a for b in group_b][:links_between]
        _agglomerate(clustering, [link_pair(a, b, 0.9, ()) for a, b in pairs])

        assert (clustering.find("A1") == clustering.find("B1")) is joined


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Bash", "Kev", "Danny", "Daniel Hewson", "the tall one"]),
        min_size=2,
        max_size=5,
    )
)
def test_elimination_pairs_are_always_of_one_complainant_and_never_of_one_statement(
    texts: list[str],
) -> None:
    first = [
        _mention(f"M-{i}", "ST-1", "CP-1", t, associates=tuple(x for x in texts if x is not t))
        for i, t in enumerate(texts)
    ]
    later = [_mention("N-1", "ST-2", "CP-1", texts[0]), _mention("N-2", "ST-3", "CP-2", texts[1])]
    found = _elimination(*first, *later)
    by_id = {r.id: r for r in (*first, *later)}

    for ident in by_id:
        for other in found.partners(ident):
            assert by_id[ident].complainant == by_id[other].complainant
            assert by_id[ident].statement != by_id[other].statement


def test_an_auto_link_needs_an_identifying_agreement_or_a_name_with_context() -> None:
    people = [PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",))]
    records = background(150) + [_mention("M-1", "ST-1", "CP-1", "Bashir")]
    _, run = link_mentions(records, people)

    for link in run.links:
        if link.band is Band.AUTO:
            assert has_identifying_agreement(link.evidence) or rests_on_name_with_context(
                link.evidence
            )
    link = next(x for x in run.links if {x.left, x.right} == {"M-1", "SU-1"})
    assert link.band is Band.AUTO  # her allegation accuses the one Bashir she knows
    assert "her allegation accuses him" in link.explanation


def test_a_first_name_her_allegations_give_two_men_on_record_is_not_auto_linked() -> None:
    people = [
        PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",)),
        PersonRecord("SU-2", ("Bashir Rahman",), accused_by=("CP-1",)),
    ]
    seen = {"places": ("the flat on Quenby Road",), "vehicles": ("a silver Vauxhall Astra",)}
    records = background(150) + [
        _mention("M-1", "ST-1", "CP-1", "Bashir", **seen),  # type: ignore[arg-type]
        _mention("M-2", "ST-2", "CP-1", "Bashir", **seen),  # type: ignore[arg-type]
    ]
    _, run = link_mentions(records, people)
    links = {link.pair: link for link in run.links}

    touching = [x for x in run.links if {"M-1", "M-2"} & {x.left, x.right}]
    between = links[frozenset({"M-1", "M-2"})]

    assert all(x.band is not Band.AUTO for x in touching)
    assert between.probability >= 0.98  # her two statements, the same flat and car
    assert "'bashir': 2 men of these statements" in between.explanation
    assert run.entity_of("M-1") not in ("SU-1", "SU-2")


# --- police or not, and the context of a man's accusers -------------------------------------------


def _officers_and_suspects() -> list[PersonRecord]:
    officers = [
        PersonRecord(f"OF-{i}", (f"Officer{chr(65 + i % 26)} Polis{i}",), police=True)
        for i in range(120)
    ]
    return officers + list(_REGISTER)


def test_a_police_title_against_a_man_who_never_served_weighs_against_a_link() -> None:
    records = background(150) + [
        _mention(f"M-{i}", f"ST-{i}", f"CP-{i}", f"PC Polis{i}", role="named") for i in range(40)
    ]
    linker, _ = link_mentions(records, _officers_and_suspects())

    assert linker.stats.weight("role", 2, None) < -3.0
    assert linker.stats.m["role"] == M_PROBABILITIES["role"]


def test_a_known_person_takes_the_context_of_the_statements_of_those_accusing_him() -> None:
    people = [*_REGISTER, PersonRecord("SU-R", ("Roy Armitage",), accused_by=("CP-1",))]
    records = background(150) + [
        _mention(
            "M-1", "ST-1", "CP-1", "Roy", places=("the flat above the takeaway on Quenby Road",)
        ),
        _mention("M-2", "ST-2", "CP-2", "Armitage", places=("the takeaway on Quenby Road",)),
    ]
    linker, _ = link_mentions(records, people)

    assert linker.profile("SU-R").places & linker.profile("M-2").places
    link = linker.link_between("M-2", "SU-R")
    assert link is not None
    assert "places (in common" in link.explanation


# --- a group that only describes a man ---------------------------------------------------------


def _described_world(
    tall: int = 2, other_tall: int = 0, beside: bool = False, bearded: int = 0
) -> MentionLinker:
    """N is described as tall ``tall`` times (and bearded ``bearded`` times), K ``other_tall``
    times; D-1, D-2 only say "the tall one". With ``beside``, K is named in D-1's statement."""
    linker = MentionLinker()
    texts = {
        "N-1": "Daniel Hewson",
        **{f"N-{i}": "the tall one with the silver Astra" for i in range(2, tall + 2)},
        **{f"N-{i}": "the man with the beard" for i in range(tall + 2, tall + bearded + 2)},
        "K-1": "Kev Jones",
        "K-2": "the man with the beard",
        **{f"K-{i}": "the tall one" for i in range(3, other_tall + 3)},
        "D-1": "the tall one",
        "D-2": "the tall one",
    }
    for i, (ident, text) in enumerate(texts.items()):
        statement = "ST-D1" if beside and ident in ("K-1", "D-1") else f"ST-{i}"
        linker._add(profile_of_mention(_mention(ident, statement, "CP-1", text)))
    named = tuple(f"N-{i}" for i in range(1, tall + bearded + 2))
    kev = tuple(f"K-{i}" for i in range(1, other_tall + 3))
    for group in (named, kev, ("D-1", "D-2")):
        for other in group[1:]:
            linker._clustering.join(group[0], other)
    return linker


def test_a_described_group_joins_the_one_named_man_of_its_circle_described_so() -> None:
    linker = _described_world()
    linker._join_described()

    assert linker._clustering.find("D-1") == linker._clustering.find("N-1")
    assert linker._clustering.find("D-1") != linker._clustering.find("K-1")


def test_a_described_group_stays_apart_when_another_named_man_is_described_so_as_often() -> None:
    linker = _described_world(tall=2, other_tall=2)
    linker._join_described()

    assert linker._clustering.find("D-1") != linker._clustering.find("N-1")
    assert linker._clustering.find("D-1") != linker._clustering.find("K-1")


def test_a_described_group_joins_a_man_described_so_more_often_than_all_others() -> None:
    linker = _described_world(tall=3, other_tall=2)
    linker._join_described()

    assert linker._clustering.find("D-1") == linker._clustering.find("N-1")


def test_entities_are_built_on_names_first_so_names_can_refuse_a_link_on_context_alone() -> None:
    """One survivor names "Shaun" alone in one statement and "Henry" alone in the next: a
    strong link on her alone (context), though others name Shaun Butler and Henry Bull. The
    groups built from names refuse it: Henry stays with Henry Bull."""
    from unburied.linking.clusters import pair
    from unburied.linking.explain import Evidence, EvidenceKind, Outcome

    linker = MentionLinker()
    texts = {
        "S-1": ("Shaun Butler", "CP-2"),
        "S-2": ("Shaun", "CP-3"),
        "H-1": ("Henry Bull", "CP-4"),
        "H-2": ("Henry", "CP-5"),
        "X": ("Shaun", "CP-1"),
        "Y": ("Henry", "CP-1"),
    }
    for i, (ident, (text, complainant)) in enumerate(texts.items()):
        linker._add(profile_of_mention(_mention(ident, f"ST-{i}", complainant, text)))
    name = Evidence(EvidenceKind.NICKNAME, Outcome.AGREE, 6.0, "same")
    alone = Evidence(EvidenceKind.OTHER, Outcome.AGREE, 8.0, "same complainant", "complainant")
    for a, b, p, evidence in (
        ("S-1", "S-2", 0.9, name),
        ("H-1", "H-2", 0.9, name),
        ("X", "S-2", 0.9, name),
        ("Y", "H-2", 0.9, name),
        ("X", "Y", 0.99, alone),
    ):
        linker._links[pair(a, b)] = link_pair(a, b, p, [evidence])

    entities = linker.entities_at(0.5)

    assert entities["Y"] == entities["H-1"] != entities["S-1"] == entities["X"]


def test_a_described_group_never_joins_a_man_more_often_described_another_way() -> None:
    """Daniel is called "the man with the beard" three times and tall twice: "the tall one"
    is more likely somebody else, and two mentions of his are more likely joined wrongly."""
    linker = _described_world(tall=2, bearded=3)
    linker._join_described()

    assert linker._clustering.find("D-1") != linker._clustering.find("N-1")


def test_a_described_group_never_joins_a_man_named_beside_it_nor_counts_him() -> None:
    """Kev is named in D-1's statement: he is not the tall one there, so the tall one is
    Daniel, though Kev is called tall as often."""
    linker = _described_world(tall=2, other_tall=2, beside=True)
    linker._join_described()

    assert linker._clustering.find("D-1") == linker._clustering.find("N-1")
    assert linker._clustering.find("D-1") != linker._clustering.find("K-1")


def _her_world(
    her_names: tuple[str, ...] = ("Daniel Hewson",), daniel_tall: int = 2
) -> MentionLinker:
    """One circle (one flat): Daniel Hewson and Kev Jones, each named by his own complainant
    and described as tall by others (Daniel ``daniel_tall`` times, Kev twice); CP-1 names
    ``her_names`` in one statement and says "the tall one" in two others (D-1, D-2)."""
    linker = MentionLinker()
    flat = ("the flat on Quenby Road",)
    rows = [
        ("N-1", "CP-2", "Daniel Hewson"),
        *((f"N-{i}", f"CP-{i + 1}", "the tall one") for i in range(2, daniel_tall + 2)),
        ("K-1", "CP-7", "Kev Jones"),
        ("K-2", "CP-8", "the tall one"),
        ("K-3", "CP-9", "the tall one"),
        *((f"H-{i}", "CP-1", name) for i, name in enumerate(her_names)),
        ("D-1", "CP-1", "the tall one"),
        ("D-2", "CP-1", "the tall one"),
    ]
    for i, (ident, complainant, text) in enumerate(rows):
        linker._add(profile_of_mention(_mention(ident, f"ST-{i}", complainant, text, places=flat)))
    daniel = ("N-1", *(f"N-{i}" for i in range(2, daniel_tall + 2)))
    kev = ("K-1", "K-2", "K-3")
    hers = {"Daniel Hewson": "N-1", "Kev Jones": "K-1"}
    for group in (daniel, kev, ("D-1", "D-2")):
        for other in group[1:]:
            linker._clustering.join(group[0], other)
    for i, name in enumerate(her_names):
        linker._clustering.join(hers[name], f"H-{i}")
    return linker


def test_a_described_group_joins_the_one_man_its_complainant_names_elsewhere() -> None:
    """Daniel and Kev are each called tall twice, so the circle cannot say which is "the tall
    one"; she names Daniel in another statement, so hers is Daniel."""
    linker = _her_world()
    linker._join_described()

    assert linker._clustering.find("D-1") == linker._clustering.find("N-1")
    assert linker._clustering.find("D-1") != linker._clustering.find("K-1")


def test_a_described_group_stays_apart_when_she_names_two_men_described_so() -> None:
    linker = _her_world(her_names=("Daniel Hewson", "Kev Jones"))
    linker._join_described()

    assert linker._clustering.find("D-1") not in {
        linker._clustering.find("N-1"),
        linker._clustering.find("K-1"),
    }


def test_a_described_group_does_not_join_her_man_described_so_once_only() -> None:
    linker = _her_world(daniel_tall=1)  # one "tall one" in Daniel's entity may be a wrong join
    linker._join_described()

    assert linker._clustering.find("D-1") != linker._clustering.find("N-1")


# --- how common a name is -------------------------------------------------------------------------


def test_a_street_name_used_by_many_complainants_of_one_circle_counts_once() -> None:
    """Thirty survivors of one network calling one man "Little Cam" do not make it common."""
    place = ("the flat on Quenby Road",)
    one_circle = [
        _mention(f"M-{i}", f"ST-{i}", f"CP-{i}", "Little Cam", places=place) for i in range(30)
    ]
    other = [
        _mention(f"X-{i}", f"SX-{i}", f"CX-{i}", f"Little Name{chr(65 + i)}", places=(f"Road {i}",))
        for i in range(20)
    ]
    linker, _ = link_mentions(one_circle + other + background(100))

    counted = linker.stats.mentioned["nickname"]
    assert counted["little cam"] == 1
    link = linker.link_between("M-0", "M-1")
    assert link is not None and link.probability >= 0.5


# --- linking again under new decisions, without training again -----------------------------------


def test_relinking_under_new_decisions_finds_what_a_fresh_run_finds() -> None:
    from tests.unit.linking.world import PEOPLE, story

    records = story() + background(150)
    linker, first = link_mentions(records, PEOPLE)
    decided = Constraints.of(
        confirmed=[(link.left, link.right) for link in first.applied],
        rejected=[(link.left, link.right) for link in first.review[:2]],
    )
    assert decided.confirmed and decided.rejected
    again = linker.relink(decided)
    _, fresh = link_mentions(records, PEOPLE, decided)

    assert again.entities == fresh.entities
    assert [(x.left, x.right, x.probability) for x in again.links] == [
        (x.left, x.right, x.probability) for x in fresh.links
    ]
    assert [x.pair for x in again.applied] == [x.pair for x in fresh.applied]
    assert [x.pair for x in again.review] == [x.pair for x in fresh.review]


def test_a_lone_word_somebody_on_record_has_as_forename_is_no_surname_agreement() -> None:
    """A lone "Cameron" may be Cameron Wallis's forename as well as Ian Cameron's surname."""
    people = [
        *_REGISTER,
        PersonRecord("SU-C", ("Ian Cameron",)),
        PersonRecord("SU-W", ("Cameron Wallis",)),
    ]
    linker = MentionLinker(people)
    linker._add(profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Cameron")))
    linker._add(profile_of_mention(_mention("M-2", "ST-2", "CP-2", "Reg7")))
    lone = linker.profile("M-1")

    assert lone.forename_on_record == {"cameron"}
    assert "surname" not in compare_profiles(lone, linker.profile("SU-C"))
    assert compare_profiles(lone, linker.profile("SU-W"))["forename"][0] == 0
    assert compare_profiles(linker.profile("M-2"), linker.profile("SU-7"))["surname"][0] == 0
