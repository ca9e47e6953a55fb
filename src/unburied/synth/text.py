"""Short, sober statement texts, with every mention written into the text exactly as given.

A :class:`StatementWriter` collects sentences and the mentions inside them; each mention's text
appears verbatim in the statement, so a reader (or a linker) finds it where the statement-taker
wrote it. The wording states what happened without graphic detail.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "Said",
    "StatementWriter",
    "closing",
    "follow_up",
    "leaked_address",
    "officer_abuser",
    "opening",
    "others",
    "places",
    "reopening",
    "season",
    "tip_off",
    "vehicle",
    "witness_named",
    "witness_statement",
]


@dataclass(frozen=True)
class Said:
    """A mention as written: its words, what kind of thing it names, its role, and the truth."""

    text: str
    kind: str  # person, place, vehicle
    role: str  # suspect, witness, named
    refers_to: str
    style: str


@dataclass
class StatementWriter:
    """Builds one statement's text and its mentions."""

    rng: random.Random
    sentences: list[str] = field(default_factory=list)
    mentions: list[Said] = field(default_factory=list)

    def name(self, text: str, kind: str, role: str, refers_to: str, style: str) -> str:
        """Record a mention and return its words for the sentence."""
        self.mentions.append(Said(text, kind, role, refers_to, style))
        return text

    def say(self, *options: str) -> None:
        """Add one of ``options`` (already filled in) as the next sentence."""
        self.sentences.append(self.rng.choice(options))

    def text(self) -> str:
        """The statement text."""
        return " ".join(self.sentences)


def season(day: date) -> str:
    """ "the spring of", "the summer of", ... for the month of ``day``."""
    return ("winter", "spring", "summer", "autumn")[(day.month % 12) // 3]


def opening(w: StatementWriter, suspect: str, place: str, met: date, age: int) -> None:
    """How she first met the man."""
    w.say(
        f"I first met a man I knew as {suspect} in the {season(met)} of {met.year}, near {place}.",
        f"In {met.year}, when I was {age}, an older girl introduced me to {suspect} at {place}.",
        f"I got to know {suspect} in {met.year}. He used to wait for girls near {place}.",
    )
    w.say(
        "He gave me lifts and bought me food and cigarettes.",
        "At first he was kind to me and said he was my boyfriend.",
        "He gave me a phone and told me to keep it secret.",
    )


def reopening(w: StatementWriter, first: date, last: date, earlier: date) -> None:
    """The opening of a later report about the same abuse."""
    w.say(
        f"I want to report again what happened to me between {first.year} and {last.year}.",
        "I am making this statement because I want what happened to me recorded properly.",
        f"I reported some of this before, in {earlier.year}. As far as I know nothing happened.",
    )


def follow_up(w: StatementWriter, earlier: date) -> None:
    """The opening of a further statement in the same case."""
    w.say(
        f"This statement adds to the one I gave on {earlier.isoformat()}.",
        "I have been asked to say more about the men I mentioned before.",
        f"Since my statement of {earlier.isoformat()} I have remembered more.",
    )


def vehicle(w: StatementWriter, words: str) -> None:
    """The car they used."""
    w.say(f"He drove {words}.", f"They picked me up in {words}.", f"They used {words}.")


def others(w: StatementWriter, names: list[str]) -> None:
    """The other men involved."""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "were" if len(names) > 1 else "was"
    w.say(f"{joined} {verb} often with him.", f"He introduced me to {joined}.")


def places(w: StatementWriter, words: str) -> None:
    """Where they took her, and what happened there, without detail."""
    w.say(f"They took me to {words}.", f"Most of the time we went to {words}.")
    w.say(
        "I was sexually abused there on more than one occasion.",
        "I was abused there by more than one man.",
        "What happened to me there was not my choice.",
    )


def officer_abuser(w: StatementWriter, officer: str) -> None:
    """A police officer among the men."""
    w.say(
        f"One of the men was a police officer. The others called him {officer}.",
        f"{officer}, who I knew was a police officer, was there as well.",
    )


def tip_off(w: StatementWriter, suspect: str, officer: str) -> None:
    """The network said a policeman would warn them."""
    w.say(
        f"{suspect} told me a policeman, {officer}, would warn them if anyone went to the police.",
        f"{suspect} said that if I went to the police, {officer} would tell him.",
    )


def leaked_address(
    w: StatementWriter, moved: date, placement: str, suspect: str, officer: str
) -> None:
    """She was found at an address only the police knew."""
    w.say(
        f"In {moved.year} I was moved to {placement} for my safety. Within a few weeks {suspect} "
        f"was waiting outside. Only the police and my social worker knew where I was. "
        f"I had given the address to {officer}."
    )


def witness_named(w: StatementWriter, relation: str, witness: str) -> None:
    """Someone who knew."""
    w.say(
        f"My {relation} {witness} knew I was going out with older men.",
        f"{witness} saw me get into the car once.",
    )


def closing(w: StatementWriter) -> None:
    """Why she did not tell, or what she wants now."""
    w.say(
        "I did not tell anyone at the time because I was frightened.",
        "I am willing to go to court.",
        "I did not think anyone would believe me.",
    )


def witness_statement(
    w: StatementWriter, relation: str, seen: date, suspect: str, place: str
) -> None:
    """A witness's statement: what they saw, with no detail about the abuse."""
    w.say(
        f"I am the complainant's {relation}.",
        f"I knew the complainant as her {relation}.",
    )
    w.say(
        f"In {seen.year} I saw her get into a car near {place} with a man she called {suspect}.",
        f"In the {season(seen)} of {seen.year} I saw her with {suspect} near {place}.",
    )
    w.say("I was worried about her.", "I told the police about my concerns at the time.")
