"""The story of one force: its officers, networks, corrupt officers, survivors and their cases.

A force's story is generated on its own, from its own seeded ``random.Random``, and streamed
row by row; only the force's officers, networks and a few counters are held in memory, so a
nation of 43 forces never has to fit at once.

Scenarios planted in every force with survivors, so each kind of wrong exists in the data:

* corrupt officers, at most one per network: a **member** of a network who abuses survivors
  himself; one who **tips off** the network; one who **leaks a safe-house address** he was given
  when he recorded a survivor's statement; one who **protects** the network by closing cases;
* the first survivor of each network names every officer tied to it, and her first case is
  recorded by the leaker and decided by the protector (if the network has them);
* other survivors name the same men in their own words, years apart and without knowing each
  other; many cases are closed with no further action, some by officers named in them, and some
  follow-up statements are recorded as lost.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Iterator
from datetime import date

from unburied.importers.format import RecordKind
from unburied.synth.casefile import (
    CaseFile,
    Corrupt,
    Duties,
    Handling,
    allegation_rows,
    case_truth,
)
from unburied.synth.names import NameBank, birth_date
from unburied.synth.people import Network, Survivor, make_networks, make_survivor
from unburied.synth.statements import StatementTaker
from unburied.synth.tables import CLOSING_OUTCOMES, OUTCOMES
from unburied.synth.truth import Emitted, ForceTruth, TruthKind
from unburied.synth.world import Force, Officer, Posting, Roster, World, days, officer_career

__all__ = ["TIES", "ForceStory"]

#: The ways a corrupt officer is tied to a network.
TIES = ("member", "tip_off", "leaked_address", "protection")
_TIE_WEIGHTS = (0.35, 0.3, 0.15, 0.2)
#: chances that a survivor reports a second, third and fourth time over the years
_REPORT_AGAIN = (0.5, 0.25, 0.1)
_CLOSING = tuple(o for o, _ in OUTCOMES if o in CLOSING_OUTCOMES)
_DECLARATIONS = (
    "I know the complainant's family.",
    "I worked with the original investigating officer for several years.",
    "A relative of mine lives on the same street as one of the places named.",
)


class ForceStory:
    """Generates one force's officers, networks, survivors and cases, with their truth."""

    def __init__(self, world: World, force: Force, seed: int, names: NameBank) -> None:
        self.world, self.force, self.scale, self.names = world, force, world.scale, names
        self.rng = random.Random(f"unburied-synth:{seed}:force:{force.code}")
        self.roster = Roster(force, until=self.scale.end_year + 1)
        self.truth = ForceTruth()
        self.corrupt: list[Corrupt] = []
        self.corrupt_by_id: dict[str, Corrupt] = {}
        self.horizon = date(self.scale.end_year, 12, 31)
        self._counts: dict[str, int] = {}
        self.taker = StatementTaker(
            self.rng, names, self.roster, self._next, force.code, self.horizon
        )

    def _next(self, prefix: str, width: int = 6) -> str:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        return f"{self.force.code}-{prefix}-{self._counts[prefix]:0{width}d}"

    # -- the whole story --------------------------------------------------------------------------

    def run(self) -> Iterator[Emitted]:
        """Every row and truth object of this force, in an order the import can read."""
        for officer in self.world.supervisors:
            self.roster.add(officer)
        survivors = self.scale.survivors_in(self.force.index)
        yield from self._rank_and_file(self.scale.officers_in(survivors))
        if survivors == 0:
            return
        suspects = self.scale.suspects_in(survivors)
        span = (self.scale.start_year, self.scale.end_year)
        town = (self.force.town, self.force.area)
        count = self.scale.networks_in(survivors, suspects)
        networks = make_networks(self.force.code, count, suspects, span, town, self.rng, self.names)
        for network in networks:
            for member in network.members:
                yield RecordKind.PEOPLE, member.person_row()
        yield from self._corrupt_officers(networks, self.scale.corrupt_in(survivors, count))
        weights = [len(n.members) for n in networks]
        for i in range(survivors):
            planted = i < len(networks)
            network = networks[i] if planted else self.rng.choices(networks, weights=weights)[0]
            yield from self._survivor(i, network, planted)
        yield from self._network_truth(networks)

    def _network_truth(self, networks: list[Network]) -> Iterator[Emitted]:
        membership: dict[str, str] = {}
        for network in networks:
            yield TruthKind.NETWORKS, network.truth(self.force.code)
            for member in network.members:
                membership[member.id] = network.id
                yield (
                    TruthKind.MEMBERSHIP,
                    {"person": member.id, "network": network.id, "role": member.role},
                )
                for vehicle in member.vehicles:
                    yield TruthKind.VEHICLES, vehicle.truth()
            for officer, tie in network.officers:
                if tie == "member":
                    membership[officer] = network.id
                    yield (
                        TruthKind.MEMBERSHIP,
                        {"person": officer, "network": network.id, "role": "officer"},
                    )
            for place in network.places:
                yield TruthKind.PLACES, place.truth()
        yield from self.truth.repeat_perpetrators(membership)
        yield from self.truth.officer_ties()

    # -- officers ---------------------------------------------------------------------------------

    def _rank_and_file(self, count: int) -> Iterator[Emitted]:
        start, end = self.scale.start_year, self.scale.end_year
        for _ in range(count):
            officer = self._new_officer()
            joined = date(
                self.rng.randint(start - 22, end - 2),
                self.rng.randint(1, 12),
                self.rng.randint(1, 28),
            )
            roll = self.rng.random()
            if roll < 0.1:
                leave, reason = joined + days(365 * self.rng.randint(2, 15)), "resigned"
            elif roll < 0.11:
                leave, reason = joined + days(365 * self.rng.randint(2, 20)), "dismissed"
            else:
                leave, reason = joined + days(365 * self.rng.randint(18, 34)), "retired"
            officer_career(
                officer,
                self.force,
                self.world.forces,
                self.scale,
                self.rng,
                joined=joined,
                leave=leave,
                leave_reason=reason,
            )
            yield from self._officer_rows(officer)

    def _new_officer(self) -> Officer:
        female = self.rng.random() < 0.3
        return Officer(
            self.force.next_officer_id(),
            self.names.first(self.rng, female),
            self.names.last(self.rng),
            female,
            self.force.code,
        )

    def _officer_rows(self, officer: Officer) -> Iterator[Emitted]:
        detective = next((p for p in officer.postings if p.role == "detective"), None)
        if detective is not None and self.rng.random() < 0.5:
            officer.accreditations.append(
                ("interview_training", detective.start + days(self.rng.randint(60, 700)))
            )
        self.roster.add(officer)
        yield RecordKind.PEOPLE, officer.person_row()
        for posting in officer.postings:
            yield RecordKind.AFFILIATIONS, posting.row()
        for name, awarded in officer.accreditations:
            yield (
                RecordKind.ACCREDITATIONS,
                {"person": officer.id, "accreditation": name, "awarded_on": awarded.isoformat()},
            )

    def _corrupt_officers(self, networks: list[Network], count: int) -> Iterator[Emitted]:
        start, end = self.scale.start_year, self.scale.end_year
        for i, network in enumerate(self.rng.sample(networks, count)):
            tie = TIES[i] if i < len(TIES) else self.rng.choices(TIES, weights=_TIE_WEIGHTS)[0]
            officer = self._new_officer()
            joined = date(self.rng.randint(start - 15, start - 3), self.rng.randint(1, 12), 1)
            leave = None if self.rng.random() < 0.5 else date(end + self.rng.randint(1, 3), 6, 30)
            officer_career(
                officer,
                self.force,
                self.world.forces,
                self.scale,
                self.rng,
                joined=joined,
                leave=leave,
                mobile=False,
            )
            closes = tie == "protection" or i == 0 or self.rng.random() < 0.4
            self.corrupt.append(Corrupt(officer, network, tie, closes))
            self.corrupt_by_id[officer.id] = self.corrupt[-1]
            network.officers.append((officer.id, tie))
            yield from self._officer_rows(officer)

    def _pick(self, unit_types: tuple[str, ...], day: date) -> Posting | None:
        return self.roster.pick(self.rng, unit_types, day)

    # -- survivors --------------------------------------------------------------------------------

    def _survivor(self, index: int, network: Network, planted: bool) -> Iterator[Emitted]:
        ident = f"{self.force.code}-SV-{index + 1:05d}"
        town = (self.force.town, self.force.area)
        survivor = make_survivor(ident, network, self.rng, self.names, town, self.scale.end_year)
        if planted:  # early enough that every planted case is reported and decided in the period
            survivor.abuse_from = network.active_from + days(self.rng.randrange(200))
            survivor.abuse_to = survivor.abuse_from + days(self.rng.randint(200, 900))
            survivor.dob = birth_date(self.rng, self.rng.randint(11, 15), survivor.abuse_from)
        yield RecordKind.PEOPLE, survivor.person_row()
        duties = self._duties(network, planted)
        refs: list[str] = []
        reports = self._report_dates(survivor, planted, duties)
        for n, day in enumerate(reports):
            case_duties = duties[n] if n < len(duties) else self._chance_duties(network)
            refs.append((yield from self._case(survivor, n, day, case_duties, reports[0])))
        yield (
            TruthKind.SURVIVORS,
            {
                "survivor": survivor.id,
                "network": network.id,
                "abusers": [a.id for a in survivor.abusers],
                "abuse_from": survivor.abuse_from.isoformat(),
                "abuse_to": survivor.abuse_to.isoformat(),
                "cases": refs,
            },
        )

    def _duties(self, network: Network, planted: bool) -> list[Duties]:
        mine = [c for c in self.corrupt if c.network is network]
        if not planted or not mine:
            return []
        first = Duties(
            members=[c for c in mine if c.tie == "member"],
            tip_offs=[c for c in mine if c.tie == "tip_off"],
            recorder=next((c for c in mine if c.tie == "leaked_address"), None),
            closer=next(
                (c for c in sorted(mine, key=lambda c: c.tie != "protection") if c.closes), None
            ),
        )
        if first.recorder is None:
            return [first]
        return [first, Duties(leak=first.recorder)]

    def _chance_duties(self, network: Network) -> Duties:
        mine = [c for c in self.corrupt if c.network is network]
        closers = [c for c in mine if c.closes]
        return Duties(
            members=[c for c in mine if c.tie == "member" and self.rng.random() < 0.3],
            tip_offs=[c for c in mine if c.tie == "tip_off" and self.rng.random() < 0.15],
            closer=self.rng.choice(closers) if closers and self.rng.random() < 0.35 else None,
        )

    def _report_dates(self, survivor: Survivor, planted: bool, duties: list[Duties]) -> list[date]:
        latest = date(self.scale.end_year, 12, 1)
        first = survivor.abuse_from + days(self.rng.randint(60, 700))
        cap = date(self.scale.end_year - 3, 6, 30) if planted else latest
        first = max(min(first, cap), survivor.abuse_from + days(30))
        again = sum(self.rng.random() < p for p in _REPORT_AGAIN)
        wanted = max(len(duties), 1 + again)
        dates = [first]
        while len(dates) < wanted:
            following = dates[-1] + days(self.rng.randint(365, 700 if planted else 2200))
            if following > latest:
                break
            dates.append(following)
        return dates

    # -- a case -----------------------------------------------------------------------------------

    def _case(
        self, survivor: Survivor, n: int, day: date, duties: Duties, first_report: date
    ) -> Generator[Emitted, None, str]:
        """Yield one case's rows; return its reference."""
        handling = self._handling(day, duties)
        case = CaseFile(self._case_ref(day), survivor, handling, day, first_report)
        yield from self.taker.survivor_statement(case, n, duties)
        yield from self.taker.further_statements(case, duties)
        yield RecordKind.CASES, self._case_row(case)
        yield from case.rows
        yield from allegation_rows(case, self.rng, self._next)
        if self.rng.random() < 0.015 and self.world.investigators:
            investigator = self.rng.choice(self.world.investigators)
            reason = self.rng.choice(_DECLARATIONS)
            yield (
                RecordKind.DECLARATIONS,
                {"person": investigator.id, "case": case.ref, "reason": reason},
            )
        yield from case_truth(case, self.corrupt_by_id, self.truth)
        return case.ref

    def _case_ref(self, day: date) -> str:
        self._counts["case"] = self._counts.get("case", 0) + 1
        return f"{self.force.code}/{day.year}/{self._counts['case']:06d}"

    def _handling(self, day: date, duties: Duties) -> Handling:
        received = self._pick(("response", "neighbourhood", "ppu", "cse", "cid"), day)
        recorded = self._pick(("ppu", "cse", "cid"), day)
        investigator = self._pick(("cid", "ppu", "cse", "major"), day)
        unit = investigator.org if investigator else self.force.units[-3].id
        recorder = (
            duties.recorder.officer.id
            if duties.recorder
            else (recorded.person if recorded else None)
        )
        decided_on = day + days(self.rng.randint(30, 420))
        if decided_on > self.horizon or (duties.closer is None and self.rng.random() < 0.06):
            return Handling(unit, _who(received), recorder, _who(investigator), None, None, None)
        if duties.closer is not None:
            decider: str | None = duties.closer.officer.id
            outcome = self.rng.choice(_CLOSING)
        else:
            decider = self._decider(investigator, decided_on)
            outcome = self.rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[
                0
            ]
        return Handling(
            unit, _who(received), recorder, _who(investigator), decider, outcome, decided_on
        )

    def _decider(self, investigator: Posting | None, day: date) -> str | None:
        if investigator is None or self.rng.random() < 0.55:
            return _who(investigator)
        return (
            self.force.holder(investigator.org, self.rng.choice(("sergeant", "inspector")), day)
            or investigator.person
        )

    def _case_row(self, case: CaseFile) -> dict[str, object]:
        h, s = case.handling, case.survivor
        categories = ["child_sexual_exploitation"]
        if self.rng.random() < 0.3:
            categories.append(
                self.rng.choice(("rape_of_a_child", "trafficking", "supply_of_controlled_drugs"))
            )
        if any(said.role == "named" and "-OF-" in said.refers_to for _, said in case.said):
            categories.append("misconduct_in_public_office")
        return {
            "ref": case.ref,
            "originating_org": h.unit,
            "period_start": s.abuse_from.isoformat(),
            "period_end": min(s.abuse_to, case.opened).isoformat(),
            "offence_categories": categories,
            "historic": True,
            "received_by": h.received_by,
            "recorded_by": h.recorded_by,
            "investigated_by": h.investigated_by,
            "decided_by": h.decided_by,
            "outcome": h.outcome,
            "decided_on": h.decided_on.isoformat() if h.decided_on else None,
        }


def _who(posting: Posting | None) -> str | None:
    return posting.person if posting else None
