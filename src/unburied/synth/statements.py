"""Taking a case's statements: the survivor's, further ones over the months, a witness's.

A survivor names the men who abused her the way she knows them — the same way in most of her
statements, sometimes differently — and the places and cars. Planted duties add what a corrupt
officer's tie needs in the data: naming a member officer, a tip-off, a leaked placement
address. Further and witness statements are sometimes recorded as lost, more often in cases a
corrupt officer recorded or decided.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator, Iterator
from datetime import date

from unburied.importers.format import RecordKind
from unburied.synth import text
from unburied.synth.casefile import CaseFile, Corrupt, Duties
from unburied.synth.names import NameBank, misspell, nicknames_of
from unburied.synth.people import (
    Place,
    Survivor,
    Suspect,
    Witness,
    make_witness,
    pick_style,
    placement,
    suspect_reference,
)
from unburied.synth.text import StatementWriter
from unburied.synth.truth import Emitted, TruthKind
from unburied.synth.world import Officer, Posting, Roster, days

__all__ = ["StatementTaker", "officer_title"]

_TAKERS = ("ppu", "cse", "cid")
_OFFICER_STYLES = ("title_surname", "title_full", "collar", "first", "misspelt", "surname")
_OFFICER_WEIGHTS = (35, 15, 10, 15, 15, 10)


class StatementTaker:
    """Writes statements and their mentions into a :class:`CaseFile`."""

    def __init__(
        self,
        rng: random.Random,
        names: NameBank,
        roster: Roster,
        next_id: Callable[..., str],
        force_code: str,
        horizon: date,
    ) -> None:
        self.rng, self.names, self.roster = rng, names, roster
        self.next_id, self.force_code, self.horizon = next_id, force_code, horizon

    def record(
        self,
        case: CaseFile,
        given_by: str,
        recorded_by: str | None,
        day: date,
        w: StatementWriter | None,
    ) -> None:
        """Add a statement (lost if ``w`` is None) and its mentions to the case's rows."""
        ident = self.next_id("ST")
        row: dict[str, object] = {
            "id": ident,
            "case": case.ref,
            "given_by": given_by,
            "recorded_by": recorded_by,
            "taken_on": day.isoformat(),
        }
        if w is None:
            row["status"] = "lost"
            case.lost.append(ident)
            case.rows.append((RecordKind.STATEMENTS, row))
            return
        row["text"] = w.text()
        case.rows.append((RecordKind.STATEMENTS, row))
        for said in w.mentions:
            mention = self.next_id("MN", 7)
            case.said.append((mention, said))
            values = {"id": mention, "statement": ident, "case": case.ref, "text": said.text}
            case.rows.append(
                (RecordKind.MENTIONS, {**values, "kind": said.kind, "role": said.role})
            )

    def survivor_statement(self, case: CaseFile, n: int, duties: Duties) -> Iterator[Emitted]:
        """The statement that opens the survivor's ``n``-th report, with its planted duties."""
        s, rng = case.survivor, self.rng
        named = list(s.abusers) if n == 0 else rng.sample(s.abusers, rng.randint(1, len(s.abusers)))
        w = StatementWriter(rng)
        lead = self.name_suspect(w, s, named[0])
        place = self.name_place(w, rng.choice(s.network.places))
        if n == 0:
            text.opening(w, lead, place, s.abuse_from, s.abuse_from.year - s.dob.year)
        else:
            text.reopening(w, s.abuse_from, s.abuse_to, case.first_report)
            w.say(f"The man I knew as {lead} used to take me to {place}.")
        vehicles = [v for a in named for v in a.vehicles]
        if vehicles and rng.random() < 0.4:
            vehicle = rng.choice(vehicles)
            text.vehicle(
                w, w.name(vehicle.reference(rng), "vehicle", "named", vehicle.id, "vehicle")
            )
        if len(named) > 1:
            text.others(w, [self.name_suspect(w, s, a) for a in named[1:]])
        text.places(w, self.name_place(w, rng.choice(s.network.places)))
        self._duties(w, case, duties, named[0])
        if rng.random() < 0.3:
            witness = yield from self._witness(s)
            words = w.name(witness.first, "person", "witness", witness.id, "first")
            text.witness_named(w, witness.relation, words)
        text.closing(w)
        self.record(case, s.id, case.handling.recorded_by, case.opened, w)

    def _duties(self, w: StatementWriter, case: CaseFile, duties: Duties, lead: Suspect) -> None:
        for member in duties.members:
            text.officer_abuser(w, self.name_officer(w, member.officer, case.opened, "suspect"))
        for tipper in duties.tip_offs:
            suspect = self.name_suspect(w, case.survivor, lead)
            text.tip_off(w, suspect, self.name_officer(w, tipper.officer, case.opened, "named"))
        if duties.leak is not None:
            self._leak(w, case, duties.leak)

    def _leak(self, w: StatementWriter, case: CaseFile, leaker: Corrupt) -> None:
        s = case.survivor
        safe = placement(self.force_code, int(s.id.rsplit("-", 1)[1]), self.rng, self.names)
        moved = case.opened - days(self.rng.randint(100, 300))
        words = w.name(safe.reference(self.rng), "place", "named", safe.id, "placement")
        lead = self.name_suspect(w, s, s.abusers[0])
        officer = self.name_officer(w, leaker.officer, moved, "named")
        text.leaked_address(w, moved, words, lead, officer)
        case.rows.append((TruthKind.PLACES, safe.truth()))

    def further_statements(self, case: CaseFile, duties: Duties) -> Iterator[Emitted]:
        """Follow-up statements over the next months, and perhaps a witness's."""
        s, rng = case.survivor, self.rng
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            day = case.opened + days(rng.randint(20, 300))
            if day > self.horizon:
                break
            recorder = _who(self.roster.pick(rng, _TAKERS, day))
            if rng.random() < (0.25 if duties.suspicious else 0.06):
                self.record(case, s.id, recorder, day, None)
                continue
            w = StatementWriter(rng)
            text.follow_up(w, case.opened)
            lead = self.name_suspect(w, s, rng.choice(s.abusers), fresh=0.5)
            w.say(
                f"{lead} was the one who usually arranged things.",
                f"I saw {lead} again later that year.",
            )
            self.record(case, s.id, recorder, day, w)
        if rng.random() < 0.35:
            yield from self._witness_statement(case, duties.suspicious)

    def _witness_statement(self, case: CaseFile, suspicious: bool) -> Iterator[Emitted]:
        s, rng = case.survivor, self.rng
        witness = yield from self._witness(s)
        day = case.opened + days(rng.randint(10, 200))
        if day > self.horizon:
            return
        recorder = _who(self.roster.pick(rng, _TAKERS, day))
        if rng.random() < (0.2 if suspicious else 0.05):
            self.record(case, witness.id, recorder, day, None)
            return
        w = StatementWriter(rng)
        suspect = rng.choice(s.abusers)
        style = rng.choice(("first", "description", "street", "misspelt"))
        said = w.name(
            suspect_reference(rng, suspect, style), "person", "suspect", suspect.id, style
        )
        place = self.name_place(w, rng.choice(s.network.places))
        seen = s.abuse_from + days(rng.randrange(max(1, (s.abuse_to - s.abuse_from).days)))
        text.witness_statement(w, witness.relation, seen, said, place)
        self.record(case, witness.id, recorder, day, w)

    def _witness(self, survivor: Survivor) -> Generator[Emitted, None, Witness]:
        """The survivor's witness, created (and its row yielded) the first time; returns it."""
        if survivor.witnesses:
            return survivor.witnesses[0]
        witness = make_witness(self.next_id("WI", 5), self.rng, self.names)
        survivor.witnesses.append(witness)
        yield RecordKind.PEOPLE, witness.person_row()
        return witness

    # -- how people are named -------------------------------------------------------------------

    def name_suspect(
        self, w: StatementWriter, s: Survivor, suspect: Suspect, fresh: float = 0.25
    ) -> str:
        """Name a suspect the way this survivor usually does (sometimes another way)."""
        if suspect.id not in s.styles or self.rng.random() < fresh:
            s.styles[suspect.id] = pick_style(self.rng, suspect)
        style = s.styles[suspect.id]
        words = suspect_reference(self.rng, suspect, style)
        return w.name(words, "person", "suspect", suspect.id, style)

    def name_place(self, w: StatementWriter, place: Place) -> str:
        """Name one of the network's places."""
        return w.name(place.reference(self.rng), "place", "named", place.id, "place")

    def name_officer(self, w: StatementWriter, officer: Officer, day: date, role: str) -> str:
        """Name an officer as a survivor would: "PC Hughes", "DC 2231", "Dan", "PC Hughs"."""
        posting = officer.posting_on(day) or officer.postings[-1]
        title = officer_title(posting)
        style = self.rng.choices(_OFFICER_STYLES, weights=_OFFICER_WEIGHTS)[0]
        words = {
            "title_surname": f"{title} {officer.last}",
            "title_full": f"{title} {officer.name}",
            "collar": f"{title} {posting.collar}" if posting.collar else f"{title} {officer.last}",
            "first": (nicknames_of(officer.first) or (officer.first,))[0],
            "misspelt": f"{title} {misspell(self.rng, officer.last)}",
            "surname": officer.last,
        }[style]
        return w.name(words, "person", role, officer.id, f"officer_{style}")


def _who(posting: Posting | None) -> str | None:
    return posting.person if posting else None


def officer_title(posting: Posting) -> str:
    """How an officer in this post is addressed: PC, DC, Sgt, Inspector, ..."""
    rank = posting.rank or "constable"
    if rank == "constable":
        return "DC" if posting.role == "detective" else "PC"
    if rank == "sergeant":
        return "Sgt"
    return rank.title()
