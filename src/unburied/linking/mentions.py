"""Mentions in statements linked to people: the name, and everything said around it.

A survivor names the same man as "Bashir Khan", "Bash", "Khan", "the tall one with the silver
Astra"; officers appear as "PC Ali", "Sgt Kowalski", "a copper". Names alone are not enough, so
each mention is compared with the context of its statement: who else was named in it, places,
vehicles, how the man looked, whether he was police, who gave the statement and when
(:mod:`unburied.linking.features`).

    linker, run = link_mentions(records, people=officers, constraints=decisions)
    run.review                      # candidate links for a person to confirm or reject
    run.entity_of("M-17")           # the person (or provisional entity) a mention belongs to
    new = linker.link_new_statement(records_of_one_new_statement)   # incremental
    again = linker.apply_constraints(new_decisions)                 # re-cluster, no re-scoring

A link joins two references: two mentions, or a mention and a known person. People are the
connected entities of confirmed and auto-band links (:mod:`unburied.linking.clusters`): a
confirmed link is never undone by a later run, and a rejected one is never made.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import jellyfish
import numpy as np

from unburied.domain.errors import InvalidInput
from unburied.linking.candidates import CandidateLink, link_pair
from unburied.linking.circles import Circles
from unburied.linking.clusters import ACCUSED, WITNESS, Clustering, Constraints, pair
from unburied.linking.elimination import Elimination
from unburied.linking.explain import (
    NAME_USE_LABEL,
    Band,
    Evidence,
    EvidenceKind,
    Outcome,
    Thresholds,
    has_identifying_agreement,
    name_agrees_exactly,
)
from unburied.linking.features import CorpusStatistics, Levels, compare_profiles, evidence_of
from unburied.linking.fellegi_sunter import estimate_prior, estimate_share, weigh_candidates
from unburied.linking.names import forename_forms, nickname_core, phonetic
from unburied.linking.profiles import (
    MentionRecord,
    PersonRecord,
    Profile,
    profile_of_mention,
    profile_of_person,
)

__all__ = [
    "HeldLink",
    "LinkRun",
    "MentionLinker",
    "link_mentions",
    "link_new_statement",
]


@dataclass(frozen=True)
class HeldLink:
    """An auto-band link that was not applied, and why (a rejection, two people, names)."""

    link: CandidateLink
    reason: str


@dataclass(frozen=True)
class LinkRun:
    """What one run decided.

    ``links``: every candidate scored at or above the review threshold (for an incremental run,
    only the new statement's); ``applied``: auto links that joined two entities; ``review``: the
    queue for a person (review band, not already decided); ``held``: auto-band links refused by
    a constraint; ``entities``: the entity of every reference the run touched (all of them for
    a full run); ``conflicts``: confirmed links that contradict rejected ones.
    """

    links: tuple[CandidateLink, ...]
    applied: tuple[CandidateLink, ...]
    review: tuple[CandidateLink, ...]
    held: tuple[HeldLink, ...]
    entities: Mapping[str, str]
    conflicts: tuple[str, ...] = ()

    def entity_of(self, ident: str) -> str:
        """The entity of a reference (a known person's id, or ``entity:<first mention id>``)."""
        return self.entities[ident]

    def members(self) -> dict[str, list[str]]:
        """Every entity with its references, sorted."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for ident, entity in sorted(self.entities.items()):
            grouped[entity].append(ident)
        return dict(grouped)


#: The version of :meth:`MentionLinker.parameters`: raised whenever a feature or its levels change.
PARAMETERS_FORMAT = 4


@cache
def _forms(name: str) -> frozenset[str]:
    return forename_forms(name) | {name}


def _surnames_only(people: Iterable[Profile]) -> frozenset[str]:
    """Surnames of known people that are nobody's forename and no form in the nickname table."""
    surnames: set[str] = set()
    forenames: set[str] = set()
    for person in people:
        surnames |= person.surnames
        forenames |= person.forenames
    return frozenset(s for s in surnames - forenames if len(s) > 1 and forename_forms(s) == {s})


def _lone_as_surname(profile: Profile, surnames: frozenset[str]) -> Profile:
    """Read a lone word as a surname when it is one on record ("Wright", not "Stanley")."""
    found = profile.lone & surnames
    return replace(profile, surnames=profile.surnames | found, lone=profile.lone - found)


def _said(mentions: Iterable[Profile]) -> tuple[tuple[str, str], ...]:
    """The words each associate was said in, over several mentions (the first mention's win)."""
    said: dict[str, str] = {}
    for mention in mentions:
        for key, words in mention.associate_names:
            said.setdefault(key, words)
    return tuple(sorted(said.items()))


def _queue_order(link: CandidateLink) -> tuple[int, str, str]:
    """The review queue's order: best first (to the part per million a link is recorded
    with, so a link read back from the log sorts as it did when it was made), then by ids."""
    return (-round(link.probability * 1_000_000), link.left, link.right)


def _log_odds(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def _surname_keys(name: str) -> set[str]:
    return {
        f"s:{name}",
        f"x:{phonetic(name)}",
        f"m:{jellyfish.metaphone(name)}",
        f"p:{name[:4]}",
        f"q:{''.join(sorted(name))}",
    }


def _forename_keys(name: str) -> set[str]:
    return {f"f:{g}" for g in _forms(name)} | ({f"f3:{name[:3]}"} if len(name) >= 3 else set())


def _keys_and_probes(p: Profile) -> tuple[set[str], set[str]]:
    """Blocking: a pair is compared when one side's probe is among the other side's keys.

    Surnames are found by their spelling, sound (Soundex, Metaphone) and first four letters;
    forenames by their nickname-table forms and first three letters. A full name probes only
    by surname (else every "John" meets every other); a lone word or nickname probes both.
    """
    keys: set[str] = set()
    probes: set[str] = set()
    for s in p.surnames:
        keys |= _surname_keys(s)
        probes |= _surname_keys(s)
    for f in p.forenames:
        keys |= _forename_keys(f)
        if not p.surnames:
            probes |= _forename_keys(f)
    for t in p.lone | p.nicknames:
        found = _surname_keys(t) | _forename_keys(t) | {f"n:{t}"}
        core = nickname_core(t)
        if core is not None:  # "big max" meets "Max" and "Max Doyle" by the name inside
            found |= _forename_keys(core)
        keys |= found
        probes |= found
    for number in p.numbers:
        keys.add(f"c:{number}")
        probes.add(f"c:{number}")
    for v in p.vehicles:
        keys.add(f"v:{v}")
        if not p.has_name():
            probes.add(f"v:{v}")
    for complainant in p.accused_by:  # a known person meets the mentions of his accusers
        keys.add(f"a:{complainant}")
    if p.accuses and p.complainant:
        probes.add(f"a:{p.complainant}")
    if p.alone and p.complainant:  # a complainant's statements that each name one person
        keys.add(f"k:{p.complainant}")
        probes.add(f"k:{p.complainant}")
    if not p.has_name():
        for w in p.appearance:
            keys.add(f"d:{w}")
            probes.add(f"d:{w}")
    return keys, probes


@dataclass
class _Index:
    """Inverted indexes from blocking keys and probes to reference ids."""

    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_probe: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    probes_of: dict[str, set[str]] = field(default_factory=dict)
    keys_of: dict[str, set[str]] = field(default_factory=dict)

    def add(self, profile: Profile) -> None:
        keys, probes = _keys_and_probes(profile)
        self.keys_of[profile.id], self.probes_of[profile.id] = keys, probes
        for key in keys:
            self.by_key[key].append(profile.id)
        for probe in probes:
            self.by_probe[probe].append(profile.id)

    def candidates(self, ident: str, max_block: int) -> set[str]:
        found: set[str] = set()
        for probe in self.probes_of[ident]:
            hits = self.by_key.get(probe, ())
            if len(hits) <= max_block:
                found.update(hits)
        for key in self.keys_of[ident]:
            hits = self.by_probe.get(key, ())
            if len(hits) <= max_block:
                found.update(hits)
        found.discard(ident)
        return found


class MentionLinker:
    """Links mentions to each other and to known people; keeps its index for new statements."""

    def __init__(
        self,
        people: Iterable[PersonRecord] = (),
        constraints: Constraints | None = None,
        thresholds: Thresholds | None = None,
        max_block: int = 5000,
        u_sample: int = 20_000,
        fit_m: bool = True,
        review_per_mention: int | None = 3,
    ) -> None:
        self.review_per_mention = review_per_mention
        self.constraints = constraints or Constraints()
        self.thresholds = thresholds or Thresholds()
        self.max_block = max_block
        self.u_sample = u_sample
        self.fit_m = fit_m
        self.stats = CorpusStatistics()
        self._profiles: dict[str, Profile] = {}
        self._index = _Index()
        self._links: dict[frozenset[str], CandidateLink] = {}
        self._scored: dict[frozenset[str], CandidateLink] | None = None
        # mention -> known person -> weight of the pair, for weighing people against each other
        self._person_weights: dict[str, dict[str, float]] = defaultdict(dict)
        self._scored_weights: dict[str, dict[str, float]] | None = None
        self._registered: dict[str, Profile] = {}
        self._clustering = Clustering(self.constraints)
        self._circles = Circles()
        self._elimination = Elimination()
        self._surnames_on_record: frozenset[str] = frozenset()
        self._forenames_on_record: frozenset[str] = frozenset()
        self._accusers: frozenset[str] = frozenset()
        for person in people:
            profile = profile_of_person(person)
            self._registered[profile.id] = profile
            self._add(profile)
        self._surnames_on_record = _surnames_only(self._registered.values())
        self._forenames_on_record = frozenset().union(
            *(p.forenames for p in self._registered.values())
        )
        self._accusers = frozenset().union(*(p.accused_by for p in self._registered.values()))

    # -- building ---------------------------------------------------------------------------------

    def _add(self, profile: Profile, count: bool = True) -> None:
        """Index a reference; ``count`` its names too (else the caller counts them, once
        the circles are final)."""
        if profile.id in self._profiles:
            return
        if not profile.is_person and profile.lone & self._surnames_on_record:
            profile = _lone_as_surname(profile, self._surnames_on_record)
        if not profile.is_person and profile.lone & self._forenames_on_record:
            profile = replace(profile, forename_on_record=profile.lone & self._forenames_on_record)
        if not profile.is_person and profile.complainant in self._accusers:
            profile = replace(profile, accuses=True)
        self._profiles[profile.id] = profile
        self._index.add(profile)
        self._circles.add(profile)
        self._elimination.add(profile)
        if count:
            self.stats.count(profile, self._circles.of(profile))
        _add_to(self._clustering, profile)

    def _give_her_forenames(self, idents: Iterable[str]) -> None:
        """A mention that gives a surname alone ("Hall") takes the forenames its complainant
        uses for anyone, in any of her statements ("Jake", "Big Jak"): of ten men called Hall
        on record, the one whose forename she uses is likelier."""
        for ident in idents:
            profile = self._profiles[ident]
            if profile.is_person or not profile.surnames or profile.forenames:
                continue
            if not profile.complainant:
                continue
            names: set[str] = set()
            for other in self._elimination.mentions_of(profile.complainant):
                names |= other.forenames | (other.lone - other.surnames)
                names |= {nickname_core(n) or n for n in other.nicknames}
            if names:
                self._profiles[ident] = replace(profile, her_forenames=frozenset(names))

    def __len__(self) -> int:
        return len(self._profiles)

    def profile(self, ident: str) -> Profile:
        """The profile of a reference."""
        return self._profiles[ident]

    # -- scoring ----------------------------------------------------------------------------------

    def _levels(self, pairs: Iterable[tuple[str, str]]) -> list[Levels]:
        profiles = self._profiles
        same, eliminated = self._circles.same, self._elimination.eliminated
        return [compare_profiles(profiles[a], profiles[b], same, eliminated) for a, b in pairs]

    def _score_pairs(
        self, pairs: list[tuple[str, str]], levels: list[Levels] | None = None
    ) -> list[CandidateLink]:
        """Score pairs; a mention's links to known people are weighed against each other
        (:meth:`_person_links`), so every link of a mention whose pairs are among ``pairs``
        to a known person is returned anew (and dropped from the links kept)."""
        review = math.log2(self.thresholds.review / (1 - self.thresholds.review))
        out = []
        weighed: set[str] = set()
        for (a, b), compared in zip(pairs, levels or self._levels(pairs), strict=True):
            pa, pb = self._profiles[a], self._profiles[b]
            weight = self.stats.total_weight(compared)
            if pa.is_person != pb.is_person:
                mention = b if pa.is_person else a
                self._person_weights[mention][a if pa.is_person else b] = weight
                weighed.add(mention)
                continue
            prior = _log_odds(self.stats.prior_for(pa, pb))
            if weight + prior < review:
                continue
            probability = 1.0 / (1.0 + 2.0 ** (-min(weight + prior, 60.0)))
            evidence = self._name_use(
                pa, pb, probability, evidence_of(pa, pb, compared, self.stats)
            )
            out.append(link_pair(a, b, probability, evidence, self.thresholds))
        return out + self._person_links(weighed)

    def _person_links(self, mentions: Iterable[str]) -> list[CandidateLink]:
        """A mention's links to known people, each weighed against the others.

        A mention refers to one person at most: to one of the people on record or to nobody on
        record. A known person a person said it is not (a rejected link) is not among them.
        So the probability that it refers to P is P's share of everything that could
        explain it: P(P) = a_P / ((1 - s) + sum of a_Q over every candidate Q), where
        a_Q = (s / N) * 2^weight(Q), N is the number of people on record and s the share of
        such mentions that refer to somebody on record (fitted by EM in training). The only
        man on record whose full name fits gains; one of ten men called "Hall" loses. What the
        weighing did is one more item of the evidence ("others on record").
        """
        review = self.thresholds.review
        people = self.stats.people
        out = []
        for mention in sorted(set(mentions)):
            weights = self._person_weights.get(mention)
            if not weights:
                continue
            share = self.stats.on_record_for(self._profiles[mention])
            rejected = {p for p in weights if self.constraints.is_rejected(mention, p)}
            # a man a person said it is not does not compete; his own link is still weighed
            # as the linker sees it, so a run can report it held as rejected
            kept = weigh_candidates(
                {p: w for p, w in weights.items() if p not in rejected}, share, people
            )
            seen = weigh_candidates(weights, share, people) if rejected else kept
            for person in sorted(weights):
                self._links.pop(pair(mention, person), None)
                weighed = seen if person in rejected else kept
                probability = weighed[person]
                if probability < review:
                    continue
                a, b = sorted((mention, person))
                pa, pb = self._profiles[a], self._profiles[b]
                compared = self._levels([(a, b)])[0]
                alone = weigh_candidates({person: weights[person]}, share, people)[person]
                evidence = [*evidence_of(pa, pb, compared, self.stats)]
                evidence.append(self._rivals(weighed, person, alone))
                evidence = self._name_use(pa, pb, probability, evidence)
                out.append(link_pair(a, b, probability, evidence, self.thresholds))
        return out

    def _name_use(
        self, a: Profile, b: Profile, probability: float, evidence: list[Evidence]
    ) -> list[Evidence]:
        """The evidence, with whether the first name or nickname that agreed belongs to one man
        only among the men of the two mentions' circles (:meth:`Circles.men_known_as`).

        Asked only where it can decide the band: a link of two men named as accused (or of
        one and a person on record) at the auto threshold, on an exactly agreeing first name
        or nickname and nothing that identifies him. Two men of a network called Andrew, known
        as "Andrew Shaw" and "Andrew Kaur" in its statements, keep "Andrew" and "Big Andy" out
        of the auto band there (:func:`~unburied.linking.explain.rests_on_name_with_context`).
        """
        if (
            probability < self.thresholds.auto
            or not (_named_as_accused(a) and _named_as_accused(b))
            or has_identifying_agreement(evidence)
            or not name_agrees_exactly(evidence)
        ):
            return evidence
        words = _name_words(a) | _name_words(b)
        men: dict[str, set[str]] = defaultdict(set)
        for side in (a, b):
            for word, known in self._circles.men_known_as(side, words).items():
                men[word] |= known
        shared = sorted((word, len(known)) for word, known in men.items() if len(known) > 1)
        if shared:
            word, count = shared[0]
            detail = f"'{word}': {count} men of these statements"
            outcome = Outcome.DISAGREE
        else:
            detail, outcome = "none among the men of these statements", Outcome.AGREE
        return [*evidence, Evidence(EvidenceKind.NAME_USE, outcome, 0.0, detail, NAME_USE_LABEL)]

    @staticmethod
    def _rivals(weighed: Mapping[str, float], person: str, alone: float) -> Evidence:
        """What weighing the people against each other did, as an item of evidence."""
        probability = weighed[person]
        rivals = sum(1 for q, p in weighed.items() if q != person and p >= 0.01 * probability)
        shift = _log_odds(min(probability, 1 - 1e-12)) - _log_odds(min(alone, 1 - 1e-12))
        detail = (
            "nobody else on record fits as well"
            if rivals == 0
            else f"{rivals} other(s) on record fit as well"
        )
        outcome = Outcome.AGREE if rivals == 0 else Outcome.DISAGREE
        return Evidence(EvidenceKind.OTHER, outcome, shift, detail, "others on record")

    def _pairs_for(self, idents: Iterable[str]) -> Iterator[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        for ident in idents:
            found = self._index.candidates(ident, self.max_block)
            for other in found | self._elimination.partners(ident):
                key = (ident, other) if ident < other else (other, ident)
                if key not in seen:
                    seen.add(key)
                    yield key

    def _train(
        self,
        pairs: list[tuple[str, str]],
        levels: list[Levels],
        trained_on: set[str],
        scale: float = 1.0,
    ) -> None:
        """u from random pairs, m by EM, the priors; ``pairs`` are ``scale`` of the blocked,
        those of the mentions ``trained_on`` (every mention, or a sample)."""
        mentions = [p for p in self._profiles.values() if not p.is_person]
        pair_profiles = [(self._profiles[a], self._profiles[b]) for a, b in pairs]
        self.stats.estimate_u(
            mentions,
            self.u_sample,
            same_circle=self._circles.same,
            eliminated=self._elimination.eliminated,
            people=[self._profiles[ident] for ident in sorted(self._registered)],
        )
        if self.fit_m:
            self.stats.fit_m(levels)
        weights = np.asarray([self.stats.total_weight(compared) for compared in levels])
        with_person = np.asarray([a.is_person or b.is_person for a, b in pair_profiles], bool)
        size = len(mentions)
        mention_pairs = max(int(size * (size - 1) // 2 * scale), 1)
        self.stats.prior = estimate_prior(
            weights[~with_person], mention_pairs, 1.0 / max(size - 1, 1)
        )
        self._train_shares(pairs, weights, trained_on)

    def _train_shares(
        self, pairs: list[tuple[str, str]], weights: np.ndarray, trained_on: set[str]
    ) -> None:
        """The share of mentions that refer to somebody on record, for mentions that give a
        surname, for mentions that give none by a complainant whose allegations accuse somebody
        on record, and for the rest (EM, :func:`estimate_share`); each person's prior is that
        share over the number of people on record."""
        evidence: dict[str, float] = defaultdict(float)
        for (a, b), weight in zip(pairs, weights.tolist(), strict=True):
            pa, pb = self._profiles[a], self._profiles[b]
            if pa.is_person != pb.is_person:
                mention = b if pa.is_person else a
                if mention in trained_on:
                    evidence[mention] += 2.0 ** min(weight, 60.0)
        people = max(self.stats.people, 1)
        trained = [self._profiles[m] for m in sorted(trained_on) if not self._profiles[m].is_person]
        groups = {
            "named": [m.id for m in trained if m.surnames],
            "accusing": [m.id for m in trained if not m.surnames and m.accuses],
            "other": [m.id for m in trained if not m.surnames and not m.accuses],
        }
        shares = {}
        for group, kind in groups.items():
            found = np.asarray([evidence[m] for m in kind if m in evidence], dtype=float)
            shares[group] = estimate_share(found, people, len(kind))
        stats = self.stats
        stats.on_record_named = shares["named"]
        stats.on_record_accusing = shares["accusing"]
        stats.on_record = shares["other"]

    # -- linking ----------------------------------------------------------------------------------

    def link_all(self, mentions: Iterable[MentionRecord]) -> LinkRun:
        """Link a whole corpus: train on it, score every blocked pair, build the entities."""
        for record in mentions:
            self._add(profile_of_mention(record))
        self._elimination.update(p.complainant for p in self._profiles.values())
        self._give_her_forenames(list(self._profiles))
        self._circles.tie_small()
        self.stats.recount(self._profiles.values(), self._circles.of)
        pairs = list(self._pairs_for(sorted(self._profiles)))
        levels = self._levels(pairs)
        self._train(pairs, levels, set(self._profiles))
        self._links = {link.pair: link for link in self._score_pairs(pairs, levels)}
        self._scored = dict(self._links)
        self._scored_weights = {m: dict(w) for m, w in self._person_weights.items()}
        return self._settle()

    def relink(self, constraints: Constraints) -> LinkRun:
        """What :meth:`link_all` on the same corpus under ``constraints`` finds, without
        training or scoring again: training and scores do not depend on people's decisions;
        the people's context (from the links now confirmed) and the entities do."""
        if self._scored is None:
            raise ValueError("relink needs a corpus linked with link_all first")
        self.constraints = constraints
        self._links = dict(self._scored)
        self._person_weights = defaultdict(
            dict, {m: dict(w) for m, w in (self._scored_weights or {}).items()}
        )
        for ident, base in self._registered.items():
            self._profiles[ident] = base
        return self._settle()

    def _settle(self) -> LinkRun:
        self._cluster_all(tuple(self._links.values()))
        self._rescore(self._enrich_people())
        return self._cluster_all(tuple(self._links.values()))

    def _enrich_people(self) -> set[str]:
        """Give each known person the context of the mentions already linked to him.

        A registered person has a name but no statement; once mentions are linked to him
        (confirmed or auto), the people, places and vehicles named with him become his
        context, so that "Kaleem" named beside his car and his associates can meet him. The
        statements of the complainants whose allegations accuse him are his context too: the
        places and people she named are where he was and whom he was with.
        Returns the people whose context changed.
        """
        changed = set()
        for ident, base in self._registered.items():
            members = [self._profiles[m] for m in self._clustering.members(ident)]
            mentions = [m for m in members if not m.is_person]
            for complainant in sorted(base.accused_by):
                mentions += self._elimination.mentions_of(complainant)
            if not mentions:
                continue
            enriched = replace(
                base,
                associates=frozenset().union(*(m.associates for m in mentions)),
                associate_names=_said(mentions),
                places=frozenset().union(*(m.places for m in mentions)),
                vehicles=frozenset().union(*(m.vehicles for m in mentions)),
                vehicle_colours=frozenset().union(*(m.vehicle_colours for m in mentions)),
            )
            if enriched != self._profiles[ident]:
                self._profiles[ident] = enriched
                changed.add(ident)
        return changed

    def _rescore(self, people: set[str]) -> None:
        """Score again every candidate pair of the given references."""
        if not people:
            return
        pairs = list(self._pairs_for(sorted(people)))
        for a, b in pairs:
            self._links.pop(pair(a, b), None)
        for link in self._score_pairs(pairs):
            self._links[link.pair] = link

    def parameters(self) -> dict[str, Any]:
        """What training fitted, to link later statements with the same model without
        training again (:meth:`build_index`): u, m and the priors, the version of the
        features they fit and how many mentions they were fitted on. It holds no name."""
        mentions = sum(1 for p in self._profiles.values() if not p.is_person)
        return {"format": PARAMETERS_FORMAT, "mentions": mentions} | self.stats.parameters()

    def build_index(
        self,
        mentions: Iterable[MentionRecord],
        train_on: int = 2000,
        max_pairs: int = 300_000,
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        """Index a corpus too large to score in full, training on the pairs of a sample of it,
        or taking the ``parameters`` a full run fitted (:meth:`parameters`) instead.

        Nothing is linked: the entities are those of confirmed links alone. New statements are
        then linked incrementally with :meth:`link_new_statement`. :class:`InvalidInput` when
        ``parameters`` are of another format or do not fit the features; nothing is indexed.
        """
        if parameters is not None and parameters.get("format") != PARAMETERS_FORMAT:
            raise InvalidInput(
                f"linking parameters are of format {parameters.get('format')!r}; this version "
                f"reads format {PARAMETERS_FORMAT}"
            )
        if parameters is not None:
            self.stats.use_parameters(parameters)  # checks them before anything is indexed
        for record in mentions:
            self._add(profile_of_mention(record))
        self._elimination.update(p.complainant for p in self._profiles.values())
        self._give_her_forenames(list(self._profiles))
        self._circles.tie_small()
        self.stats.recount(self._profiles.values(), self._circles.of)
        if parameters is not None:
            self._cluster_all(())
            self._enrich_people()
            return
        sample = sorted(self._profiles)[:: max(1, len(self._profiles) // train_on)]
        pairs = list(self._pairs_for(sample))
        share = min(1.0, max_pairs / max(len(pairs), 1))
        pairs = pairs[:: max(1, round(1 / share))]
        touched = 1.0 - (1.0 - len(sample) / len(self._profiles)) ** 2  # pairs with a sampled end
        self._train(pairs, self._levels(pairs), set(sample), scale=touched * share)
        self._cluster_all(())
        self._enrich_people()

    def link_new_statement(
        self,
        mentions: Iterable[MentionRecord],
        queued: Mapping[str, Sequence[CandidateLink]] | None = None,
    ) -> LinkRun:
        """Link a new statement's mentions against everything already indexed (no re-run).

        ``queued`` gives, for a reference, the links already waiting for review that touch it
        (their sides and probability); the queue then keeps a new link to it only if it is
        among its ``review_per_mention`` best counting those, as a full run would.
        """
        new = []
        for record in mentions:
            if record.id not in self._profiles:
                self._add(profile_of_mention(record), count=False)
                new.append(record.id)
        self._circles.tie_small({s for i in new if (s := self._profiles[i].statement)})
        for ident in new:
            self.stats.count(self._profiles[ident], self._circles.of(self._profiles[ident]))
        self._elimination.update(self._profiles[ident].complainant for ident in new)
        self._give_her_forenames(new)
        links = self._score_pairs(list(self._pairs_for(new)))
        for link in links:
            self._links[link.pair] = link
        touched = set(new)
        for decided in self.constraints.confirmed:
            if decided & touched:
                a, b = sorted(decided)
                if a in self._clustering and b in self._clustering:
                    self._clustering.confirm(a, b)
        applied, held = self._apply_auto(links)
        for link in links:
            touched |= {link.left, link.right}
        return self._run(tuple(links), applied, held, touched, queued or {})

    def apply_constraints(self, constraints: Constraints) -> LinkRun:
        """Re-cluster every scored link under new decisions, without scoring again."""
        self.constraints = constraints
        return self._cluster_all(tuple(self._links.values()))

    def _cluster_all(self, links: tuple[CandidateLink, ...]) -> LinkRun:
        self._clustering = Clustering(self.constraints)
        for profile in self._profiles.values():
            _add_to(self._clustering, profile)
        for decided in sorted(self.constraints.confirmed, key=sorted):
            a, b = sorted(decided)
            if a in self._clustering and b in self._clustering:
                self._clustering.confirm(a, b)
        applied, held = self._apply_auto(links)
        return self._run(links, applied, held, set(self._profiles))

    def _apply_auto(
        self, links: Iterable[CandidateLink]
    ) -> tuple[list[CandidateLink], list[HeldLink]]:
        applied, held = [], []
        auto = [link for link in links if link.band is Band.AUTO]
        auto.sort(key=lambda link: (-link.probability, link.left, link.right))
        for link in auto:
            if self.constraints.is_confirmed(link.left, link.right):
                continue
            reason = self._clustering.why_not(link.left, link.right)
            if reason is not None:
                held.append(HeldLink(link, reason))
            elif self._clustering.join(link.left, link.right):
                applied.append(link)
        return applied, held

    def _run(
        self,
        links: tuple[CandidateLink, ...],
        applied: list[CandidateLink],
        held: list[HeldLink],
        touched: set[str],
        queued: Mapping[str, Sequence[CandidateLink]] | None = None,
    ) -> LinkRun:
        review = [
            link
            for link in links
            if link.band is Band.REVIEW
            and not self.constraints.is_rejected(link.left, link.right)
            and not self.constraints.is_confirmed(link.left, link.right)
            and self._clustering.find(link.left) != self._clustering.find(link.right)
        ]
        review.sort(key=_queue_order)
        review = self._best_per_mention(review, queued or {})
        ordered = sorted(links, key=lambda link: (-link.probability, link.left, link.right))
        return LinkRun(
            links=tuple(ordered),
            applied=tuple(applied),
            review=tuple(review),
            held=tuple(held),
            entities=self._entities(touched),
            conflicts=tuple(self._clustering.conflicts),
        )

    def _best_per_mention(
        self, review: list[CandidateLink], queued: Mapping[str, Sequence[CandidateLink]]
    ) -> list[CandidateLink]:
        """The queue keeps, for each mention, its ``review_per_mention`` best candidates.

        A link stays if it is among the best of either of its mentions (a known person is
        not capped: a much-named man has many mentions to be reviewed against him), counting
        the links already ``queued`` for it that are better. ``review`` is sorted best first.
        """
        if self.review_per_mention is None:
            return review
        counts: dict[str, int] = defaultdict(int)
        kept = []
        for link in review:
            sides = [s for s in (link.left, link.right) if not self._profiles[s].is_person]
            order = _queue_order(link)
            better = {
                s: sum(1 for q in queued.get(s, ()) if _queue_order(q) < order) for s in sides
            }
            if any(counts[s] + better[s] < self.review_per_mention for s in sides):
                kept.append(link)
            for side in sides:
                counts[side] += 1
        return kept

    def _entities(self, touched: set[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        out: dict[str, str] = {}
        for ident in sorted(touched):
            root = self._clustering.find(ident)
            if root not in names:
                members = self._clustering.members(root)
                people = sorted(m for m in members if self._profiles[m].is_person)
                names[root] = people[0] if people else f"entity:{min(members)}"
            out[ident] = names[root]
        return out

    def entities_at(self, threshold: float) -> dict[str, str]:
        """What the entities would be if every link at or above ``threshold`` were confirmed.

        Decisions and conflicts are respected as in a real run. This is the linker's best
        guess for a reviewer (and for measuring the model); only ``entities()`` counts.
        Entities are joined strongest first (:func:`_agglomerate`), first on the links on
        which a name agreed, then on all (so the names of the groups built from names can
        refuse a link on context alone: a survivor's "Shaun" in one statement and "Frosty" in
        the next are two men when others name them Shaun Butler and Henry Bull); then groups
        that only describe a man join the one named man of their circle described so
        (:meth:`_join_described`).
        """
        saved = self._clustering
        try:
            self._clustering = Clustering(self.constraints)
            for profile in self._profiles.values():
                _add_to(self._clustering, profile)
            for decided in sorted(self.constraints.confirmed, key=sorted):
                a, b = sorted(decided)
                if a in self._clustering and b in self._clustering:
                    self._clustering.confirm(a, b)
            chosen = [link for link in self._links.values() if link.probability >= threshold]
            chosen.sort(key=_join_order)
            _agglomerate(self._clustering, [link for link in chosen if _names_agree(link)])
            _agglomerate(self._clustering, chosen)
            self._join_described()
            return self._entities(set(self._profiles))
        finally:
            self._clustering = saved

    def _join_described(self) -> None:
        """Join a group of mentions that only describe a man ("the tall one") to the named man
        of its circle who is described so.

        How often a named entity is described by the group's words is the least number of
        its mentions using any one of them. The group may join a named entity of its circle
        that is not a man named beside it in one of its statements, nor one a person said it
        is not. Two ways, in this order:

        * **her man**: the one such entity that the group's complainants name (by a name,
          in any of their statements) and that at least :data:`HER_MAN_DESCRIBED` of its
          mentions describe so. A survivor describes the men she also names: of the men of a
          network who are tall, the one she names elsewhere is likelier her "tall one".
        * **the circle's man**: of the entities that are described so more often than any
          other way (a man has one look that survivors remember; the odd other word in his
          entity is more likely a mention joined to him wrongly), the best-described one when
          at least :data:`DESCRIBED_MIN` of his mentions describe him so and they are more
          than :data:`DESCRIBED_SHARE` of the times these men are described so. (Ten
          descriptions are shared by every man of a town: "the tall one" names a man only
          among the few of one network, and only if most of the times a man of the network is
          called tall, it is him.)
        """
        clustering = self._clustering
        described: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {}
        named: dict[str, list[tuple[str, Counter[str], frozenset[str]]]] = defaultdict(list)
        for root in clustering.roots():
            members = [self._profiles[m] for m in clustering.members(root)]
            mentions = [m for m in members if not m.is_person]
            most = Counter(self._circles.of(m) for m in mentions).most_common(1)
            where = most[0][0] if most else None
            if where is None:
                continue
            words = Counter(w for m in mentions for w in m.appearance)
            if any(m.surnames or m.forenames or m.is_person for m in members):
                naming = frozenset(m.complainant for m in mentions if m.name_keys and m.complainant)
                named[where].append((root, words, naming))
            elif words and all(not m.name_keys for m in mentions):
                hers = frozenset(m.complainant for m in mentions if m.complainant)
                described[root] = (where, frozenset(words), hers)
        for root, (circle, group_words, hers) in described.items():
            counted = [
                (min(words[w] for w in group_words), r, max(words.values(), default=0), naming)
                for r, words, naming in named[circle]
            ]
            her_men = [
                r
                for n, r, _, naming in counted
                if n >= HER_MAN_DESCRIBED and naming & hers and clustering.why_not(root, r) is None
            ]
            if len(her_men) == 1:
                clustering.join(root, her_men[0])
                continue
            ranked = sorted(
                (
                    (n, r)
                    for n, r, most, _ in counted
                    if n and n == most and clustering.why_not(root, r) is None
                ),
                reverse=True,
            )
            if not ranked or ranked[0][0] < DESCRIBED_MIN:
                continue
            if ranked[0][0] > DESCRIBED_SHARE * sum(n for n, _ in ranked):
                clustering.join(root, ranked[0][1])

    def entities(self) -> dict[str, str]:
        """The entity of every reference."""
        return self._entities(set(self._profiles))

    def link_between(self, a: str, b: str) -> CandidateLink | None:
        """The scored link between two references, if it reached the review band."""
        return self._links.get(pair(a, b))


_NAME_KINDS = frozenset(
    {
        EvidenceKind.SURNAME,
        EvidenceKind.FORENAME,
        EvidenceKind.NICKNAME,
        EvidenceKind.FULL_NAME,
        EvidenceKind.INITIAL,
        EvidenceKind.IDENTIFIER,
    }
)


def _names_agree(link: CandidateLink) -> bool:
    """True if a name (or a number) agreed at least in part: such links are joined first."""
    return any(
        e.kind in _NAME_KINDS and e.outcome in (Outcome.AGREE, Outcome.PARTIAL)
        for e in link.evidence
    )


def _join_order(link: CandidateLink) -> tuple[bool, float, str, str]:
    """Links on which a name agreed first, then the rest; best first within each."""
    return (not _names_agree(link), -link.probability, link.left, link.right)


#: A described group joins the one man its complainants name elsewhere whom this many of his
#: mentions describe so; else ...
HER_MAN_DESCRIBED = 2
#: ... the named man of its circle whom this many of his mentions describe so,
DESCRIBED_MIN = 1
#: ... when they are more than this share of the times the men of the circle it may join are
#: described so.
DESCRIBED_SHARE = 0.5

#: Two entities of at least this many references each are joined by links that are proposed,
#: not confirmed, only when at least :data:`SUPPORT` links join them (see ``entities_at``).
SUPPORT_SIZE = 2
SUPPORT = 3
#: One statement naming both by different names keeps two entities apart unless this many
#: links join them: a survivor may call one man "Rhys" and "Rocket" in one statement.
OUTWEIGH = 20


def _agglomerate(clustering: Clustering, links: Iterable[CandidateLink]) -> None:
    """Join entities strongest first: the two with the most evidence between them.

    The evidence between two entities is the sum of the log-odds of the links between them,
    so a group bridged by ninety links is joined before one link can tie it to another man,
    whatever the order of single links. Two entities of :data:`SUPPORT_SIZE` references or
    more need :data:`SUPPORT` links between them. The clustering's refusals hold (a
    rejection, two known people, names that conflict), except that one statement naming both
    by different names is outweighed by :data:`OUTWEIGH` links.
    """
    score: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    count: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for link in links:
        a, b = clustering.find(link.left), clustering.find(link.right)
        if a == b:
            continue
        weight = _log_odds(min(link.probability, 1 - 1e-12))
        for x, y in ((a, b), (b, a)):
            score[x][y] += weight
            count[x][y] += 1
    heap = [(-w, a, b) for a, row in score.items() for b, w in row.items() if a < b]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if clustering.find(a) != a or clustering.find(b) != b:
            continue
        if abs(score[a].get(b, 0.0) + negative) > 1e-9:
            continue  # stale: one of the two has grown since
        if not _may_join(clustering, a, b, count[a][b]):
            continue
        clustering.join(a, b)
        keep = clustering.find(a)
        gone = b if keep == a else a
        for other, weight in score.pop(gone).items():
            if other == keep:
                continue
            links_between = count[gone][other]
            score[other].pop(gone, None)
            count[other].pop(gone, None)
            score[keep][other] += weight
            score[other][keep] = score[keep][other]
            count[keep][other] += links_between
            count[other][keep] = count[keep][other]
            x, y = sorted((keep, other))
            heapq.heappush(heap, (-score[keep][other], x, y))
        count.pop(gone, None)
        score[keep].pop(gone, None)
        count[keep].pop(gone, None)


def _may_join(clustering: Clustering, a: str, b: str, links_between: int) -> bool:
    """Whether the entities rooted at ``a`` and ``b`` may be joined on ``links_between`` links."""
    if clustering.why_never(a, b) is not None:
        return False
    against = clustering.what_speaks_against(a, b)
    if against is not None and not (
        against.startswith("both are named") and links_between >= OUTWEIGH
    ):
        return False
    smaller = min(len(clustering.members(a)), len(clustering.members(b)))
    return smaller < SUPPORT_SIZE or links_between >= SUPPORT


def _add_to(clustering: Clustering, profile: Profile) -> None:
    """Give the clustering what it keeps of a reference: names, person or not, statement,
    name words, its part in the statement (accused or witness), whether it is police, and
    its words of appearance (None if it names somebody)."""
    clustering.add(
        profile.id,
        profile.name_set,
        profile.is_person,
        profile.statement,
        profile.name_keys | profile.appearance,
        part=_PARTS.get(profile.role or "") if not profile.is_person else None,
        police=profile.police,
        look=None if profile.is_person or profile.name_keys else profile.appearance,
    )


def _named_as_accused(profile: Profile) -> bool:
    """A person on record, or a mention of a man named as a suspect in his statement."""
    return profile.is_person or _PARTS.get(profile.role or "") == ACCUSED


def _name_words(profile: Profile) -> set[str]:
    """The words of a reference's forenames, lone names and nicknames ("big", "andy")."""
    words = set(profile.forenames | profile.lone)
    for nickname in profile.nicknames:
        words.update(nickname.split())
    return words


#: A mention's role in its statement as the clustering counts its part; other roles
#: ("named") are not counted.
_PARTS = {"suspect": ACCUSED, "witness": WITNESS}


def link_mentions(
    mentions: Iterable[MentionRecord],
    people: Iterable[PersonRecord] = (),
    constraints: Constraints | None = None,
    thresholds: Thresholds | None = None,
) -> tuple[MentionLinker, LinkRun]:
    """Link a corpus of mentions (and known people); return the linker for later statements."""
    linker = MentionLinker(people, constraints, thresholds)
    return linker, linker.link_all(mentions)


def link_new_statement(linker: MentionLinker, mentions: Iterable[MentionRecord]) -> LinkRun:
    """Link one new statement's mentions against an existing index, without re-running."""
    return linker.link_new_statement(mentions)
