"""Fixed vocabularies of the generator: invented place names, units, vehicles, outcomes.

Every name here is invented for synthetic data. People's names come from Faker's en_GB tables
(``names.py``); nothing is taken from news reports or real cases.
"""

from __future__ import annotations

__all__ = [
    "ACCREDITATIONS",
    "BODIES",
    "CLOSING_OUTCOMES",
    "COLOURS",
    "CRIME_UNITS",
    "DESCRIPTIONS",
    "DETECTIVE_UNITS",
    "DISTRICT_UNITS",
    "OUTCOMES",
    "PLACE_KINDS",
    "STREET_NICKNAMES",
    "STREET_SUFFIXES",
    "TOWN_PREFIXES",
    "TOWN_ROOTS",
    "VEHICLES",
    "WITNESS_RELATIONS",
]

# Invented town names are a prefix and a root ("Kelbrook", "Vardene").
TOWN_PREFIXES = (
    "Bel", "Cor", "Dram", "Elm", "Fen", "Gal", "Hol", "Ind", "Kel", "Lor", "Mor", "Nor",
    "Orl", "Pel", "Quen", "Rav", "Sel", "Tor", "Ul", "Var", "Wen", "Yel",
)  # fmt: skip
TOWN_ROOTS = ("brook", "mere", "stow", "wold", "garth", "haven", "crest", "thorpe", "dene", "ridge")

# (short name, full name, unit type)
DISTRICT_UNITS = (
    ("CID", "Criminal Investigation Department", "cid"),
    ("Response", "Response Team", "response"),
    ("NPT", "Neighbourhood Policing Team", "neighbourhood"),
)
CRIME_UNITS = (
    ("PPU", "Public Protection Unit", "ppu"),
    ("CSE Team", "Child Sexual Exploitation Team", "cse"),
    ("Major Crime", "Major Crime Unit", "major"),
)
DETECTIVE_UNITS = frozenset({"cid", "ppu", "cse", "major"})

# (id suffix, name); the first is the national agency, the second the complaints body.
BODIES = (
    ("NCU", "National Crime Unit"),
    ("OPC", "Office for Police Complaints"),
)

ACCREDITATIONS = (
    ("interview_training", 0.75),
    ("vulnerable_witness_interview", 0.4),
    ("senior_investigator", 0.3),
    ("disclosure_training", 0.5),
)

STREET_SUFFIXES = (
    "Road", "Street", "Lane", "Close", "Avenue", "Drive", "Crescent", "Grove", "Terrace",
    "Way", "Walk", "Place", "Row", "Gardens", "Hill",
)  # fmt: skip

# Street names people are known by; neutral words, not tied to any group.
STREET_NICKNAMES = (
    "Bash", "Smiler", "Dodge", "Tiny", "Shorty", "Ginge", "Tank", "Spider", "Flash", "Boss",
    "Chips", "Lucky", "Moz", "Jay", "Deano", "Robbo", "Sully", "Gaz", "Taz", "Mack", "Dizzy",
    "Ozzy", "Skinny", "Pops", "Bugsy", "Wheels", "Sparky", "Beano", "Bones", "Cuz", "Digger",
    "Frosty", "Jester", "Kipper", "Mouse", "Nudge", "Rocket", "Slim", "Stretch", "Tubs",
)  # fmt: skip

COLOURS = ("silver", "black", "blue", "red", "white", "grey", "green", "dark blue", "maroon")
# (make, model, short name people use)
VEHICLES = (
    ("Vauxhall", "Astra", "Astra"),
    ("Vauxhall", "Corsa", "Corsa"),
    ("Ford", "Escort", "Escort"),
    ("Ford", "Mondeo", "Mondeo"),
    ("Ford", "Transit", "van"),
    ("Peugeot", "306", "Peugeot"),
    ("Renault", "Clio", "Clio"),
    ("Toyota", "Corolla", "Corolla"),
    ("Volkswagen", "Golf", "Golf"),
    ("BMW", "3 Series", "BMW"),
    ("Nissan", "Micra", "Micra"),
    ("Honda", "Civic", "Civic"),
    ("Audi", "A4", "Audi"),
    ("Mercedes-Benz", "Vito", "van"),
)

# (kind, templates for how a person names it; {street} is filled in)
PLACE_KINDS = (
    ("takeaway", ("the takeaway on {street}", "the flat above the takeaway on {street}")),
    ("flat", ("a flat on {street}", "the flat on {street}", "the top flat on {street}")),
    (
        "house",
        (
            "a house on {street}",
            "the house on {street}",
            "the house with the blue door on {street}",
        ),
    ),
    ("park", ("the park off {street}", "the park")),
    ("car_park", ("the car park behind {street}", "the car park on {street}")),
    ("garage", ("the garage on {street}", "the lock-up garages off {street}")),
    ("hotel", ("a hotel near {street}", "the hotel by the ring road")),
)

# Sober descriptions of appearance; never of ethnicity.
DESCRIPTIONS = (
    "the tall one",
    "the older man",
    "the short one",
    "the man with the beard",
    "the one with glasses",
    "the one with the shaved head",
    "the man with the scar on his hand",
    "the heavy-set man",
    "the younger one",
    "the man with the tattoo on his arm",
)

WITNESS_RELATIONS = (
    "friend",
    "mother",
    "father",
    "aunt",
    "teacher",
    "youth worker",
    "foster carer",
)

# Original outcomes and their weights. Closing outcomes end a case without charge.
OUTCOMES = (
    ("nfa_evidential", 30),
    ("nfa_victim_declined", 25),
    ("no_crime", 10),
    ("filed_undetected", 12),
    ("nfa_public_interest", 5),
    ("charged", 8),
    ("convicted", 7),
    ("acquitted", 3),
)
CLOSING_OUTCOMES = frozenset(
    {"nfa_evidential", "nfa_victim_declined", "no_crime", "filed_undetected", "nfa_public_interest"}
)
