"""A small named world of statements and mentions for the linking tests (every name invented).

Known people (link targets)::

    OF-1  Stanislaw Kowalczyk   officer, collar 4417
    OF-2  Imran Ashby           officer
    SU-1  Bashir Kaleem         suspect (street name "Bash", drives a silver Vauxhall Astra)
    SU-2  Daniel Hewson         suspect ("Danny")

The story (statement: complainant, date, recorder): mentions in order.

    ST-1  CP-1 2004-03-02 OF-9   M-1 "Bashir Kaleem" (suspect), M-2 "Sgt Kowalczyk" (named),
                                 M-3 "Danny Hewson" (suspect); a silver Vauxhall Astra; the flat
                                 above the takeaway on Quenby Road
    ST-2  CP-2 2006-07-11 OF-8   M-4 "Kaleem" (suspect), M-5 "Daniel Hewsen" (suspect);
                                 the silver Astra; the takeaway on Quenby Road
    ST-3  CP-3 2009-01-20 OF-8   M-6 "Bash" (suspect), M-7 "Danny" (suspect), the silver Astra
    ST-4  CP-4 2010-05-05 OF-8   M-8 "Bash" (suspect), M-9 "Danny" (suspect), Quenby Road
    ST-5  CP-5 2011-09-09 OF-7   M-10 "PC 4417" (named)
    ST-6  CP-1 2012-02-02 OF-7   M-11 "Bashir Kaleem" (suspect): the first complainant again
    ST-7  CP-6 2013-04-04 OF-6   M-12 "Bashir Kaleem" (suspect)
    ST-8  CP-7 2013-04-04 OF-6   M-13 "Bashir Kaleem" (suspect): taken with ST-7

Around it, :func:`background` adds 300 statements naming 600 other people once each, so that
names have realistic frequencies (a corpus of twenty mentions makes every name look common).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from unburied.linking.profiles import MentionRecord, PersonRecord

FIRST = (
    "Alder", "Brannock", "Corwin", "Dacey", "Elwin", "Fenwick", "Garrow", "Halden", "Iver",
    "Jarrod", "Kester", "Lorcan", "Merrick", "Norris", "Osric", "Perrin", "Quill", "Roderick",
    "Selwyn", "Tobin", "Ulric", "Varian", "Wystan", "Yardley", "Zephan", "Ansel", "Bram",
    "Cadell", "Derwin", "Emrys",
)  # fmt: skip
LAST = (
    "Ashcombe", "Blakemore", "Carrow", "Dunmore", "Ellery", "Fairleigh", "Gorsuch", "Hartwell",
    "Ingleby", "Jessop", "Kettering", "Lathbury", "Marlowe", "Nettleton", "Ormerod", "Pelham",
    "Quarrie", "Rushworth", "Stainton", "Thackray", "Underhill", "Varley", "Whitlock",
    "Yelland", "Abernethy", "Brockbank", "Cottam", "Dewhirst", "Eastwood", "Fothergill",
    "Gledhill", "Haworth", "Illingworth", "Jowett", "Kershaw", "Lumb", "Mitchinson", "Naylor",
)  # fmt: skip

PEOPLE = (
    PersonRecord("OF-1", ("Stanislaw Kowalczyk",), police=True, collar_numbers=("4417",)),
    PersonRecord("OF-2", ("Imran Ashby",), police=True),
    PersonRecord("SU-1", ("Bashir Kaleem",)),
    PersonRecord("SU-2", ("Daniel Hewson",)),
)

_STATEMENTS = {
    "ST-1": ("CP-1", date(2004, 3, 2), "OF-9"),
    "ST-2": ("CP-2", date(2006, 7, 11), "OF-8"),
    "ST-3": ("CP-3", date(2009, 1, 20), "OF-8"),
    "ST-4": ("CP-4", date(2010, 5, 5), "OF-8"),
    "ST-5": ("CP-5", date(2011, 9, 9), "OF-7"),
    "ST-6": ("CP-1", date(2012, 2, 2), "OF-7"),
    "ST-7": ("CP-6", date(2013, 4, 4), "OF-6"),
    "ST-8": ("CP-7", date(2013, 4, 4), "OF-6"),
}
_MENTIONS = (
    ("M-1", "ST-1", "Bashir Kaleem", "suspect"),
    ("M-2", "ST-1", "Sgt Kowalczyk", "named"),
    ("M-3", "ST-1", "Danny Hewson", "suspect"),
    ("M-4", "ST-2", "Kaleem", "suspect"),
    ("M-5", "ST-2", "Daniel Hewsen", "suspect"),
    ("M-6", "ST-3", "Bash", "suspect"),
    ("M-7", "ST-3", "Danny", "suspect"),
    ("M-8", "ST-4", "Bash", "suspect"),
    ("M-9", "ST-4", "Danny", "suspect"),
    ("M-10", "ST-5", "PC 4417", "named"),
    ("M-11", "ST-6", "Bashir Kaleem", "suspect"),
    ("M-12", "ST-7", "Bashir Kaleem", "suspect"),
    ("M-13", "ST-8", "Bashir Kaleem", "suspect"),
)
_CONTEXT = {
    "ST-1": (
        ("the flat above the takeaway on Quenby Road",),
        ("a silver Vauxhall Astra",),
    ),
    "ST-2": (("the takeaway on Quenby Road",), ("the silver Astra",)),
    "ST-3": ((), ("the silver Astra",)),
    "ST-4": (("a flat on Quenby Road",), ()),
}

#: Which known person (or which story person) each story mention truly refers to.
TRUTH = {
    "M-1": "SU-1", "M-4": "SU-1", "M-6": "SU-1", "M-8": "SU-1", "M-11": "SU-1", "M-12": "SU-1",
    "M-13": "SU-1", "M-3": "SU-2", "M-5": "SU-2", "M-7": "SU-2", "M-9": "SU-2",
    "M-2": "OF-1", "M-10": "OF-1",
}  # fmt: skip


def _record(ident: str, statement: str, text: str, role: str) -> MentionRecord:
    complainant, day, recorder = _STATEMENTS[statement]
    others = tuple(t for i, s, t, _ in _MENTIONS if s == statement and i != ident)
    places, vehicles = _CONTEXT.get(statement, ((), ()))
    return MentionRecord(
        id=ident,
        text=text,
        statement=statement,
        complainant=complainant,
        taken_on=day,
        recorded_by=recorder,
        role=role,
        associates=others,
        places=places,
        vehicles=vehicles,
    )


def story() -> list[MentionRecord]:
    """The story's mentions, in order."""
    return [_record(*row) for row in _MENTIONS]


def background(statements: int = 300, seed: int = 5) -> list[MentionRecord]:
    """Statements naming two other people each, every name pair distinct."""
    rng = random.Random(seed)
    names = [f"{f} {s}" for f in FIRST for s in LAST]
    rng.shuffle(names)
    out = []
    for n in range(statements):
        pair = names[2 * n : 2 * n + 2]
        day = date(1998, 1, 1) + timedelta(days=rng.randrange(6000))
        for k, text in enumerate(pair):
            out.append(
                MentionRecord(
                    id=f"B-{n:03d}-{k}",
                    text=text,
                    statement=f"BS-{n:03d}",
                    complainant=f"BC-{n:03d}",
                    taken_on=day,
                    recorded_by=f"OF-{rng.randrange(20, 40)}",
                    role="suspect",
                    associates=(pair[1 - k],),
                )
            )
    return out


def corpus() -> list[MentionRecord]:
    """The story inside its background."""
    return story() + background()


def mention(
    ident: str,
    statement: str,
    complainant: str,
    text: str = "Bash",
    *,
    associates: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    vehicles: tuple[str, ...] = (),
    role: str = "suspect",
    case: str = "",
) -> MentionRecord:
    """One mention in a statement of 2008, with the statement's other names, places, vehicles."""
    return MentionRecord(
        id=ident,
        text=text,
        statement=statement,
        complainant=complainant,
        case=case,
        taken_on=date(2008, 1, 1),
        role=role,
        associates=associates,
        places=places,
        vehicles=vehicles,
    )
