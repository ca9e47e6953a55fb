"""Mention linking: who is who across statements, under people's decisions, incrementally."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.linking.world import PEOPLE, background, corpus, story
from unburied.linking.candidates import CandidateLink
from unburied.linking.clusters import Constraints
from unburied.linking.explain import (
    Band,
    EvidenceKind,
    Outcome,
    has_identifying_agreement,
    rests_on_name_with_context,
)
from unburied.linking.features import compare_profiles
from unburied.linking.mentions import LinkRun, MentionLinker, link_mentions, link_new_statement
from unburied.linking.profiles import MentionRecord


@pytest.fixture(scope="module")
def linked() -> tuple[MentionLinker, LinkRun]:
    return link_mentions(corpus(), PEOPLE)


def _touching(run: LinkRun, ident: str) -> list:
    return [link for link in run.links if ident in (link.left, link.right)]


def test_a_full_name_with_a_nickname_forename_links_automatically_to_the_known_person(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    _, run = linked

    assert run.entity_of("M-3") == "SU-2"  # "Danny Hewson"
    assert run.entity_of("M-5") == "SU-2"  # "Daniel Hewsen"


def test_a_street_name_with_nothing_else_in_common_is_never_linked_automatically(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    _, run = linked

    for ident in ("M-6", "M-8"):  # "Bash" beside the Astra, "Bash" on Quenby Road
        assert all(link.band is not Band.AUTO for link in _touching(run, ident))
        assert run.entity_of(ident) == f"entity:{ident}"


def test_a_first_name_with_a_place_in_common_links_automatically_when_one_man_bears_it(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    _, run = linked
    links = {link.pair: link for link in run.links}

    link = links[frozenset({"M-3", "M-9"})]  # "Danny Hewson" and "Danny", both on Quenby Road

    assert link.band is Band.AUTO
    assert "places (in common: 'quenby road')" in link.explanation
    assert "others known by the name (none among the men of these statements)" in (link.explanation)
    assert run.entity_of("M-9") == "SU-2"  # Daniel Hewson, whom the story knows by name


def test_a_nickname_that_fits_a_known_person_is_queued_for_review_with_its_reason(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    _, run = linked
    queued = {link.pair: link for link in run.review}

    link = queued[frozenset({"M-6", "SU-1"})]

    assert "nickname" in link.explanation and "(for review)" in link.explanation


def test_every_auto_link_rests_on_more_than_a_first_name_or_nickname(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    _, run = linked

    autos = [link for link in run.links if link.band is Band.AUTO]
    on_a_name = [x for x in autos if not has_identifying_agreement(x.evidence)]

    assert autos
    assert all(rests_on_name_with_context(x.evidence) for x in on_a_name)
    names = {EvidenceKind.FORENAME, EvidenceKind.NICKNAME}
    for link in on_a_name:  # the name and at least one other thing that spoke for the match
        agreed = {e.kind for e in link.evidence if e.outcome is Outcome.AGREE}
        spoke_for = {
            e.kind
            for e in link.evidence
            if e.outcome in (Outcome.AGREE, Outcome.PARTIAL) and e.weight > 0
        }
        assert agreed & names
        assert spoke_for - names - {EvidenceKind.TIME}


def test_a_rejected_link_is_respected_when_the_entities_are_rebuilt() -> None:
    linker, run = link_mentions(corpus(), PEOPLE)
    assert run.entity_of("M-3") == "SU-2"

    again = linker.apply_constraints(Constraints.of(rejected=[("M-3", "SU-2")]))

    assert again.entity_of("M-3") != "SU-2"
    assert frozenset({"M-3", "SU-2"}) not in {link.pair for link in again.review}


def test_a_rejected_link_is_respected_by_a_fresh_run_and_reported_as_held() -> None:
    _, run = link_mentions(corpus(), PEOPLE, Constraints.of(rejected=[("M-3", "SU-2")]))

    assert run.entity_of("M-3") != "SU-2"
    assert any(
        held.link.pair == frozenset({"M-3", "SU-2"}) and "rejected" in held.reason
        for held in run.held
    )


def test_a_rejection_separates_people_even_through_a_chain_of_other_links() -> None:
    _, run = link_mentions(corpus(), PEOPLE, Constraints.of(rejected=[("M-5", "M-3")]))

    assert run.entity_of("M-3") != run.entity_of("M-5")


def test_a_confirmed_link_is_kept_by_every_later_run() -> None:
    decisions = Constraints.of(confirmed=[("M-6", "SU-1")])
    linker, run = link_mentions(corpus(), PEOPLE, decisions)
    assert run.entity_of("M-6") == "SU-1"

    new = linker.link_new_statement([_new("N-1", "Bash", "NS-1")])
    rebuilt = linker.apply_constraints(decisions)

    assert linker.entities()["M-6"] == "SU-1"
    assert rebuilt.entity_of("M-6") == "SU-1"
    assert new.entities["N-1"]  # the new mention has an entity of its own or a link


def test_a_confirmed_link_that_contradicts_a_rejection_is_reported_not_hidden() -> None:
    decisions = Constraints.of(
        confirmed=[("M-6", "SU-1"), ("M-8", "SU-1")], rejected=[("M-6", "M-8")]
    )

    _, run = link_mentions(corpus(), PEOPLE, decisions)

    assert run.entity_of("M-6") == run.entity_of("M-8") == "SU-1"
    assert any("M-6" in c and "M-8" in c for c in run.conflicts)


def _new(ident: str, text: str, statement: str, **context: object) -> MentionRecord:
    return MentionRecord(
        id=ident, text=text, statement=statement, complainant="CP-9", role="suspect", **context
    )  # type: ignore[arg-type]


def test_a_new_statement_is_linked_against_the_index_without_scoring_the_corpus_again() -> None:
    linker, _ = link_mentions(corpus(), PEOPLE)

    run = link_new_statement(linker, [_new("N-1", "Daniel Hewson", "NS-1")])

    assert run.entity_of("N-1") == "SU-2"
    assert all("N-1" in (link.left, link.right) for link in run.links)


def test_linking_in_two_steps_reaches_the_same_entity_as_linking_at_once() -> None:
    records = corpus()
    late = [r for r in records if r.id == "M-5"]
    linker, _ = link_mentions([r for r in records if r.id != "M-5"], PEOPLE)

    step = linker.link_new_statement(late)
    _, whole = link_mentions(records, PEOPLE)

    assert step.entity_of("M-5") == whole.entity_of("M-5") == "SU-2"


def test_a_collar_number_links_an_officer_named_only_by_number_for_review_or_better(
    linked: tuple[MentionLinker, LinkRun],
) -> None:
    linker, _ = linked

    link = linker.link_between("M-10", "OF-1")

    assert link is not None and "collar number (same: '4417')" in link.explanation


def test_two_runs_on_the_same_corpus_decide_the_same() -> None:
    _, first = link_mentions(corpus(), PEOPLE)
    _, second = link_mentions(corpus(), PEOPLE)

    assert [(x.pair, x.band, x.probability) for x in first.links] == [
        (x.pair, x.band, x.probability) for x in second.links
    ]
    assert first.entities == second.entities


REFERENCES = [r.id for r in story()] + [r.id for r in background(20)]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(REFERENCES), st.sampled_from(REFERENCES + [p.id for p in PEOPLE]))
def test_comparison_is_symmetric(a: str, b: str) -> None:
    linker = _symmetric_linker()
    pa, pb = linker.profile(a), linker.profile(b)

    forward, backward = compare_profiles(pa, pb), compare_profiles(pb, pa)

    assert {f: level for f, (level, _) in forward.items()} == {
        f: level for f, (level, _) in backward.items()
    }
    assert linker.stats.total_weight(forward) == pytest.approx(linker.stats.total_weight(backward))


_LINKER: list[MentionLinker] = []


def _symmetric_linker() -> MentionLinker:
    if not _LINKER:
        _LINKER.append(link_mentions(story() + background(20), PEOPLE)[0])
    return _LINKER[0]


def test_a_statement_linked_on_its_own_counts_its_names_once_per_circle_as_a_full_run_does() -> (
    None
):
    linker, _ = link_mentions(corpus(), PEOPLE)
    before = linker.stats.mentioned["surname"]["kaleem"]

    # CP-1 gave ST-1 and ST-6, which name "Kaleem": her new statement is in their circle
    linker.link_new_statement(
        [MentionRecord(id="N-1", text="Kaleem", statement="NS-1", complainant="CP-1")]
    )
    same_circle = linker.stats.mentioned["surname"]["kaleem"]
    # a complainant nobody has heard from, naming no place: a circle of her own
    linker.link_new_statement(
        [MentionRecord(id="N-2", text="Kaleem", statement="NS-2", complainant="CP-99")]
    )

    assert same_circle == before
    assert linker.stats.mentioned["surname"]["kaleem"] == before + 1


def _at(ident: str, text: str, statement: str, complainant: str) -> MentionRecord:
    return MentionRecord(
        id=ident,
        text=text,
        statement=statement,
        complainant=complainant,
        role="suspect",
        places=("the flat above the launderette on Tallis Row",),
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Big Bram", "Bram"),  # a street name and the forename inside it
        ("Little Ulric", "Ulric Tansley"),
        ("Tansley", "Tasnley"),  # two letters swapped: no sound or prefix key is shared
    ],
)
def test_two_ways_of_writing_one_name_are_compared(one: str, other: str) -> None:
    records = [*background(), _at("X-1", one, "XS-1", "CP-A"), _at("X-2", other, "XS-2", "CP-B")]
    linker, _ = link_mentions(records, PEOPLE)

    link = linker.link_between("X-1", "X-2")

    assert link is not None, f"{one!r} and {other!r} were never compared"


def test_the_explanation_names_shared_associates_as_they_were_said() -> None:
    linker, _ = link_mentions(corpus(), PEOPLE)

    link = linker.link_between("M-1", "M-4")  # "Bashir Kaleem" and "Kaleem", both beside Hewson

    assert link is not None
    assert "others named (one in common: 'Danny Hewson')" in link.explanation or (
        "others named (one in common: 'Daniel Hewsen')" in link.explanation
    )
    assert "'HSN'" not in link.explanation  # never the sound key


def test_a_statement_linked_on_its_own_counts_the_links_already_queued_towards_the_cap() -> None:
    records = corpus()
    late = [r for r in records if r.statement == "ST-4"]  # "Bash" and "Danny"
    fresh = MentionLinker(PEOPLE)
    fresh.build_index([r for r in records if r.statement != "ST-4"])
    run = fresh.link_new_statement(late)
    between = [x for x in run.review if not ({x.left, x.right} & {"SU-1", "SU-2"})]
    assert between, "the story should queue a link between two mentions"
    link = between[0]

    # three better links already wait for each side: a full run would not queue this one
    queued = {
        side: [CandidateLink(side, f"X-{side}-{n}", 1.0, (), Band.REVIEW) for n in range(3)]
        for side in (link.left, link.right)
    }
    capped = MentionLinker(PEOPLE)
    capped.build_index([r for r in records if r.statement != "ST-4"])
    again = capped.link_new_statement(late, queued)

    assert link.pair not in {x.pair for x in again.review}
    assert link.pair in {x.pair for x in again.links}  # still scored, only not queued
