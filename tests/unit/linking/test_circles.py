"""Circles of statements, one complainant's sole mentions, and one statement's two different men."""

from __future__ import annotations

from tests.unit.linking.world import background
from tests.unit.linking.world import mention as _mention
from unburied.linking.candidates import CandidateLink, link_pair
from unburied.linking.circles import Circles
from unburied.linking.clusters import Clustering, Constraints, NameSet
from unburied.linking.explain import Band, Evidence, EvidenceKind, Outcome
from unburied.linking.features import compare_profiles
from unburied.linking.mentions import MentionLinker, _join_order, link_mentions
from unburied.linking.profiles import (
    MentionRecord,
    PersonRecord,
    profile_of_mention,
    profile_of_person,
)


def _circles(*records: MentionRecord) -> Circles:
    circles = Circles()
    for record in records:
        circles.add(profile_of_mention(record))
    return circles


def test_statements_of_one_complainant_are_in_one_circle() -> None:
    a, b = _mention("M-1", "ST-1", "CP-1"), _mention("M-2", "ST-2", "CP-1")
    circles = _circles(a, b)

    assert circles.same(profile_of_mention(a), profile_of_mention(b)) is True


def test_statements_are_in_one_circle_through_a_chain_of_shared_places() -> None:
    a = _mention("M-1", "ST-1", "CP-1", places=("the flat on Quenby Road",))
    link = _mention("M-2", "ST-2", "CP-2", places=("Quenby Road", "the garage on Arden Lane"))
    b = _mention("M-3", "ST-3", "CP-3", places=("a house on Arden Lane",))
    apart = _mention("M-4", "ST-4", "CP-4", places=("the park on Wendle Street",))
    circles = _circles(a, link, b, apart)
    pa, pb, p_apart = (profile_of_mention(r) for r in (a, b, apart))

    assert circles.same(pa, pb) is True
    assert circles.same(pa, p_apart) is False


def test_a_witness_statement_is_in_the_circle_of_the_case_it_was_taken_in() -> None:
    survivor = _mention("M-1", "ST-1", "CP-1", places=("the flat on Quenby Road",), case="C-1")
    witness = _mention("M-2", "ST-2", "WI-1", places=("the hotel by the ring road",), case="C-1")
    elsewhere = _mention("M-3", "ST-3", "WI-2", places=("the hotel by the ring road",), case="C-2")
    circles = _circles(survivor, witness, elsewhere)
    ps, pw, pe = (profile_of_mention(r) for r in (survivor, witness, elsewhere))

    assert circles.same(ps, pw) is True
    assert circles.same(ps, pe) is False  # a place without a proper name ties nothing


def _network(prefix: str, place: str, street_name: str, statements: int = 8) -> list[MentionRecord]:
    return [
        _mention(
            f"{prefix}-{i}", f"{prefix}-ST-{i}", f"{prefix}-CP-{i}", street_name, places=(place,)
        )
        for i in range(statements)
    ]


def test_a_small_circle_joins_the_one_circle_that_uses_her_street_names() -> None:
    network = _network("A", "the flat on Quenby Road", "Little Cam")
    other = _network("B", "the garage on Arden Lane", "Rocket")
    hers = [
        _mention("H-1", "H-ST-1", "H-CP", "Little Cam", places=("the hotel by the ring road",)),
        _mention("H-2", "H-ST-2", "H-CP", "Daniel"),
    ]
    circles = _circles(*network, *other, *hers)
    ph, pa, pb = (profile_of_mention(r) for r in (hers[1], network[0], other[0]))

    assert circles.same(ph, pa) is False
    assert circles.tie_small() == 1
    assert circles.same(ph, pa) is True  # her second statement comes with her
    assert circles.same(ph, pb) is False


def test_a_statement_linked_on_its_own_joins_the_circle_as_in_a_full_run() -> None:
    network = _network("A", "the flat on Quenby Road", "Little Cam")
    hers = [_mention("H-1", "H-ST-1", "H-CP", "Little Cam", places=("the park",))]
    linker, _ = link_mentions(background(60) + network)

    linker.link_new_statement(hers)

    assert linker._circles.same(linker.profile("H-1"), linker.profile("A-0")) is True
    full, _ = link_mentions(background(60) + network + hers)
    assert full._circles.same(full.profile("H-1"), full.profile("A-0")) is True


def test_a_small_circle_whose_names_point_two_ways_stays_apart() -> None:
    network = _network("A", "the flat on Quenby Road", "Little Cam")
    other = _network("B", "the garage on Arden Lane", "Rocket")
    hers = [_mention("H-1", "H-ST-1", "H-CP", "Little Cam", associates=("Rocket",))]
    hers.append(_mention("H-2", "H-ST-1", "H-CP", "Rocket", associates=("Little Cam",)))
    circles = _circles(*network, *other, *hers)

    assert circles.tie_small() == 0
    assert circles.same(profile_of_mention(hers[0]), profile_of_mention(network[0])) is False


def test_a_common_forename_or_a_name_used_seldom_ties_nothing() -> None:
    network = _network("A", "the flat on Quenby Road", "Andrew")  # a forename: not distinctive
    seldom = _network("C", "the car park on Butler Lane", "Kipper", statements=2)
    hers = [
        _mention("H-1", "H-ST-1", "H-CP", "Andrew"),
        _mention("H-2", "H-ST-2", "H-CP", "Kipper"),
    ]
    circles = _circles(*network, *seldom, *hers)

    assert circles.tie_small() == 0


def test_a_place_key_of_two_letters_does_not_tie_circles() -> None:
    a = _mention("M-1", "ST-1", "CP-1", places=("Mc",))
    b = _mention("M-2", "ST-2", "CP-2", places=("Mc",))
    circles = _circles(a, b)

    assert circles.same(profile_of_mention(a), profile_of_mention(b)) is False


def test_a_mention_the_circles_have_not_seen_is_neither_in_nor_out() -> None:
    a, b = _mention("M-1", "ST-1", "CP-1"), _mention("M-2", "ST-2", "CP-2")
    circles = _circles(a)

    assert circles.same(profile_of_mention(a), profile_of_mention(b)) is None


def test_places_are_linked_through_other_statements_when_the_circles_say_so() -> None:
    a = _mention("M-1", "ST-1", "CP-1", places=("the flat on Quenby Road",))
    link = _mention("M-2", "ST-2", "CP-2", places=("Quenby Road", "the garage on Arden Lane"))
    b = _mention("M-3", "ST-3", "CP-3", places=("a house on Arden Lane",))
    circles = _circles(a, link, b)
    pa, pb = profile_of_mention(a), profile_of_mention(b)

    assert compare_profiles(pa, pb, circles.same)["places"] == (1, None)
    assert compare_profiles(pa, pb)["places"] == (2, None)  # without circles: none in common


def _strong_context_corpus(role: str = "suspect", *others: MentionRecord) -> list[MentionRecord]:
    context = {
        "places": ("the flat above the takeaway on Quenby Road",),
        "vehicles": ("a silver Vauxhall Astra",),
        "associates": ("Merrick Ormerod", "Tobin Varley"),
    }
    story = [
        _mention("M-1", "ST-1", "CP-1", "Bash", role=role, **context),  # type: ignore[arg-type]
        _mention("M-2", "ST-2", "CP-2", "Bash", role=role, **context),  # type: ignore[arg-type]
        _mention("M-3", "ST-1", "CP-1", "Danny", role=role, **context),  # type: ignore[arg-type]
        _mention("M-4", "ST-2", "CP-2", "Danny", role=role, **context),  # type: ignore[arg-type]
    ]
    return story + list(others) + background(60)


def test_a_street_name_with_the_same_car_place_and_associates_auto_links_if_one_man_bears_it() -> (
    None
):
    _, run = link_mentions(_strong_context_corpus())
    links = {link.pair: link for link in run.links}

    link = links[frozenset({"M-1", "M-2"})]

    assert link.band is Band.AUTO
    assert "Linked automatically on a first name or nickname" in link.explanation
    assert "others known by the name (none among the men of these statements)" in (link.explanation)
    assert run.entity_of("M-1") == run.entity_of("M-2")


def test_a_first_name_two_men_of_the_statements_are_known_by_never_auto_links() -> None:
    # two Daniels are named in full in the same circle: "Danny" could be either
    two_daniels = (
        _mention("M-5", "ST-3", "CP-1", "Daniel Hewson", places=("Quenby Road",)),
        _mention("M-6", "ST-4", "CP-2", "Daniel Pryce", places=("Quenby Road",)),
    )
    _, run = link_mentions(_strong_context_corpus("suspect", *two_daniels))
    links = {link.pair: link for link in run.links}

    touching = [x for x in run.links if {"M-3", "M-4"} & {x.left, x.right}]
    link = links[frozenset({"M-3", "M-4"})]

    assert touching
    assert all(x.band is not Band.AUTO for x in touching)
    assert link.probability >= 0.98
    assert "2 men of these statements" in link.explanation
    assert "only a first name or nickname identifies the person" in link.explanation
    assert run.entity_of("M-1") == run.entity_of("M-2")  # "Bash" is still one man's


def test_a_first_name_of_a_witness_never_auto_links_however_strong_the_context() -> None:
    _, run = link_mentions(_strong_context_corpus("witness"))

    touching = [x for x in run.links if {"M-1", "M-2", "M-3", "M-4"} & {x.left, x.right}]

    assert touching
    assert all(x.band is not Band.AUTO for x in touching)


def _clustering() -> Clustering:
    clustering = Clustering(Constraints())
    clustering.add("M-1", NameSet(), False, "ST-1", frozenset({"bash"}))
    clustering.add("M-2", NameSet(), False, "ST-1", frozenset({"danny"}))
    clustering.add("M-3", NameSet(), False, "ST-2", frozenset({"bash"}))
    clustering.add("M-4", NameSet(), False, "ST-1", frozenset({"bash"}))
    return clustering


def test_two_men_named_differently_in_one_statement_are_never_joined() -> None:
    clustering = _clustering()
    clustering.join("M-1", "M-3")

    reason = clustering.why_not("M-3", "M-2")

    assert reason == "both are named, by different names, in statement ST-1"


def test_a_man_named_only_as_a_witness_is_not_joined_to_one_named_only_as_accused() -> None:
    clustering = Clustering(Constraints())
    clustering.add("M-1", NameSet(), False, "ST-1", frozenset({"gemma"}), "witness")
    clustering.add("M-2", NameSet(), False, "ST-2", frozenset({"gemma"}), "accused")
    clustering.add("M-3", NameSet(), False, "ST-3", frozenset({"gemma"}), "accused")
    clustering.add("M-4", NameSet(), False, "ST-4", frozenset({"gemma"}), None)

    assert clustering.why_not("M-1", "M-2") == (
        "one is named only as a witness, the other only as accused"
    )
    assert clustering.why_not("M-2", "M-3") is None
    assert clustering.why_not("M-1", "M-4") is None  # a part not given counts neither way
    clustering.confirm("M-1", "M-2")  # a person decided: the entity is now both
    assert clustering.why_not("M-1", "M-3") is None


def test_a_man_named_with_a_police_title_is_not_joined_to_a_civilian_on_record() -> None:
    clustering = Clustering(Constraints())
    clustering.add("P-1", NameSet({"pearson"}, {"reece"}), True, police=False)
    clustering.add("M-1", NameSet({"pearson"}), False, "ST-1", frozenset({"pearson"}), police=True)
    clustering.add("M-2", NameSet({"pearson"}), False, "ST-2", frozenset({"pearson"}))

    assert clustering.why_not("P-1", "M-2") is None  # "Pearson" may be him
    clustering.join("M-1", "M-2")  # "PC Pearson" and "Pearson" are one man
    assert clustering.why_not("P-1", "M-2") == (
        "one is named with a police title, the other is on record and not police"
    )


def test_a_described_group_is_not_joined_to_a_man_usually_described_otherwise() -> None:
    clustering = Clustering(Constraints())
    clustering.add("N-1", NameSet({"hewson"}, {"daniel"}), False, "ST-1", look=None)
    for i in (2, 3):
        clustering.add(f"N-{i}", NameSet(), False, f"ST-{i}", look=frozenset({"beard"}))
        clustering.join("N-1", f"N-{i}")
    clustering.add("N-4", NameSet(), False, "ST-4", look=frozenset({"tall"}))
    clustering.join("N-1", "N-4")  # once called tall, twice bearded
    clustering.add("D-1", NameSet(), False, "ST-5", look=frozenset({"tall"}))
    clustering.add("D-2", NameSet(), False, "ST-6", look=frozenset({"beard"}))
    clustering.add("D-3", NameSet(), False, "ST-7", look=frozenset({"tall"}))

    assert (
        clustering.why_not("D-1", "N-1")
        == "one is described as 'tall', the other most often as 'beard'"
    )
    assert clustering.why_not("D-2", "N-1") is None
    assert clustering.why_not("D-1", "D-3") is None  # neither has a look described twice


def test_a_man_described_so_once_only_has_no_usual_look_yet() -> None:
    clustering = Clustering(Constraints())
    clustering.add("N-1", NameSet({"hewson"}, {"daniel"}), False, "ST-1", look=None)
    clustering.add("N-2", NameSet(), False, "ST-2", look=frozenset({"beard"}))
    clustering.join("N-1", "N-2")
    clustering.add("D-1", NameSet(), False, "ST-3", look=frozenset({"tall"}))

    assert clustering.why_not("D-1", "N-1") is None


_FLAT = ("the flat on Quenby Road",)


def test_an_automatic_link_between_a_witness_and_an_accused_man_is_held() -> None:
    records = [
        _mention("M-1", "ST-1", "CP-1", "Gemma Rowntree", role="witness", places=_FLAT),
        _mention("M-2", "ST-2", "CP-2", "Gemma Rowntree", role="suspect", places=_FLAT),
    ]
    _, run = link_mentions(background() + records)

    held = {frozenset((h.link.left, h.link.right)): h.reason for h in run.held}
    assert held.get(frozenset(("M-1", "M-2"))) == (
        "one is named only as a witness, the other only as accused"
    )
    assert run.entity_of("M-1") != run.entity_of("M-2")


def test_the_same_name_twice_in_one_statement_may_be_joined() -> None:
    clustering = _clustering()

    assert clustering.why_not("M-1", "M-4") is None


def test_a_proposed_entity_never_holds_two_differently_named_men_of_one_statement() -> None:
    linker, _ = link_mentions(_strong_context_corpus())

    proposed = linker.entities_at(0.5)

    assert proposed["M-1"] != proposed["M-3"]
    assert proposed["M-2"] != proposed["M-4"]


def test_comparison_with_circles_is_the_same_both_ways() -> None:
    records = _strong_context_corpus()[:10]
    circles = _circles(*records)
    profiles = [profile_of_mention(r) for r in records]

    for a in profiles:
        for b in profiles:
            assert compare_profiles(a, b, circles.same) == compare_profiles(b, a, circles.same)


def _sole_corpus() -> list[MentionRecord]:
    places = ("the flat above the takeaway on Quenby Road",)
    return [
        _mention("M-1", "ST-1", "CP-1", "Bash", places=places),
        _mention("M-2", "ST-2", "CP-1", "Daniel Hewson"),
        *background(60),
    ]


def test_one_complainant_naming_one_man_in_each_statement_is_offered_for_review_only() -> None:
    linker, run = link_mentions(_sole_corpus())

    link = linker.link_between("M-1", "M-2")

    assert link is not None and link.band is Band.REVIEW
    assert "each the only person named in the statement" in link.explanation
    assert run.entity_of("M-1") != run.entity_of("M-2")


def test_a_complainant_naming_two_men_gives_no_sole_person_evidence() -> None:
    records = [
        _mention("M-1", "ST-1", "CP-1", "Bash", associates=("Kev",)),
        _mention("M-2", "ST-2", "CP-1", "Daniel Hewson"),
    ]
    pa, pb = (profile_of_mention(r) for r in records)

    assert compare_profiles(pa, pb)["complainant"] == (2, None)


def _link(left: str, probability: float, *evidence: Evidence) -> CandidateLink:
    return link_pair(left, "M-0", probability, evidence)


def test_links_on_which_a_name_agreed_are_joined_before_links_on_context_alone() -> None:
    named = _link("M-1", 0.6, Evidence(EvidenceKind.NICKNAME, Outcome.AGREE, 3.0))
    context = _link("M-2", 0.9, Evidence(EvidenceKind.PLACE, Outcome.AGREE, 4.0))
    stronger = _link("M-3", 0.8, Evidence(EvidenceKind.SURNAME, Outcome.PARTIAL, 2.0))

    ordered = sorted([context, named, stronger], key=_join_order)

    assert [x.left for x in ordered] == ["M-3", "M-1", "M-2"]


def test_the_name_inside_a_street_name_meets_a_first_name_as_a_nickname_for_review() -> None:
    big_dan = profile_of_mention(_mention("M-1", "ST-1", "CP-1", "Big Dan"))
    daniel = profile_of_mention(_mention("M-2", "ST-2", "CP-2", "Daniel"))
    hewson = profile_of_mention(_mention("M-3", "ST-3", "CP-3", "Daniel Hewson"))
    little_kev = profile_of_mention(_mention("M-4", "ST-4", "CP-4", "Little Kev"))

    assert compare_profiles(big_dan, daniel)["nickname"] == (1, None)
    assert compare_profiles(big_dan, hewson)["forename"] == (1, None)
    assert compare_profiles(little_kev, daniel)["nickname"] == (2, None)
    assert "surname" not in compare_profiles(big_dan, hewson)


def test_an_initial_may_join_a_surname_it_fits_but_never_bridges_two_surnames() -> None:
    initial = NameSet({"h"}, {"daniel"})
    hewson = NameSet({"hewson"}, {"daniel"})
    harris = NameSet({"harris"}, {"daniel"})
    both = NameSet({"h", "hewson"}, {"daniel"})

    assert initial.conflicts_with(hewson) is None
    assert initial.conflicts_with(NameSet({"barker"}, {"daniel"})) is not None
    assert both.conflicts_with(harris) == "different surnames (h, hewson vs harris)"


def test_a_circle_knows_the_men_its_statements_name_in_full_by_every_form_of_the_forename() -> None:
    shaw = _mention("M-1", "ST-1", "CP-1", "Andrew Shaw")
    kaur = _mention("M-2", "ST-2", "CP-1", "Andy Kaur")
    elsewhere = _mention("M-3", "ST-3", "CP-2", "Andrew Pryce")
    lone = _mention("M-4", "ST-4", "CP-1", "Andrew")
    circles = _circles(shaw, kaur, elsewhere, lone)

    known = circles.men_known_as(profile_of_mention(lone), ["andrew", "andy", "big", "pryce"])

    assert known == {"andrew": {"shaw", "kaur"}, "andy": {"shaw", "kaur"}}
    assert circles.men_known_as(profile_of_mention(elsewhere), ["andrew"]) == {"andrew": {"pryce"}}


def test_a_circle_knows_men_by_surname_and_by_a_misspelt_forename() -> None:
    rhys = _mention("M-1", "ST-1", "CP-1", "Rhys Smith")
    andy = _mention("M-2", "ST-2", "CP-1", "Andy Smith")
    andrew = _mention("M-3", "ST-3", "CP-1", "Andrew Smyth")  # Andy Smith again
    lone = _mention("M-4", "ST-4", "CP-1", "Smith")
    circles = _circles(rhys, andy, andrew, lone)
    where = profile_of_mention(lone)

    assert circles.men_known_as(where, ["smith"]) == {"smith": {"rhys", "andrew"}}  # 2 men
    assert circles.men_known_as(where, ["adnrew"]) == {"adnrew": {"smith"}}  # one man
    assert circles.men_known_as(where, ["rhsy", "bash"]) == {"rhsy": {"smith"}}


def test_a_circle_knows_the_men_on_record_its_complainants_accuse() -> None:
    lone = _mention("M-1", "ST-1", "CP-1", "Bashir")
    circles = _circles(lone)
    circles.add(profile_of_person(PersonRecord("SU-1", ("Bashir Kaleem",), accused_by=("CP-1",))))
    circles.add(profile_of_person(PersonRecord("SU-2", ("Bashir Rahman",), accused_by=("CP-9",))))

    assert circles.men_known_as(profile_of_mention(lone), ["bashir"]) == {"bashir": {"kaleem"}}


def test_a_statement_linked_on_its_own_checks_the_name_against_the_men_already_indexed() -> None:
    two_daniels = (
        _mention("M-5", "ST-3", "CP-1", "Daniel Hewson", places=("Quenby Road",)),
        _mention("M-6", "ST-4", "CP-2", "Daniel Pryce", places=("Quenby Road",)),
    )
    records = _strong_context_corpus("suspect", *two_daniels)
    full, _ = link_mentions(records)
    late = [r for r in records if r.statement == "ST-2"]  # "Bash" and "Danny" of CP-2
    linker = MentionLinker()
    linker.build_index([r for r in records if r.statement != "ST-2"], parameters=full.parameters())

    run = linker.link_new_statement(late)
    links = {link.pair: link for link in run.links}

    assert links[frozenset({"M-1", "M-2"})].band is Band.AUTO
    danny = links[frozenset({"M-3", "M-4"})]
    assert danny.band is Band.REVIEW
    assert "2 men of these statements" in danny.explanation
    assert run.entity_of("M-2") == run.entity_of("M-1")
    assert run.entity_of("M-4") != run.entity_of("M-3")
