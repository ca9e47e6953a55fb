"""A small named world as import files: two forces, an independent body, two cases.

Every person is synthetic ("P-0007", "DC Example"); no name belongs to anyone real. It is the
world of ``tests/unit/worlds.py``, written in the import format so the services can import it.

Northshire Police (F-01)                      Westshire Police (F-02)
  └── Northshire Central Division (CMD-01)      └── Westshire Major Crime Unit (U-21)
        ├── Northshire CID (U-01)             Independent Review Operation (IB-01)
        └── Northshire Public Protection (U-02)   └── Review Team A (U-91)

Case C-0001 (historic, Northshire CID, 2001–2003): complainant P-0100 accuses DC Example
(P-0007, Northshire CID 1998–2006, line-managed by P-0030, who reported to P-0031) of a
serious sexual offence in 2002–2003. The matter was received and recorded by P-0002,
investigated by P-0004 and closed with no further action by P-0003. One of her statements
is recorded as lost.

Case C-0003 (historic, Westshire, 2019): P-0100 again complains, against a civilian P-0200.

Who is who in the review: P-0010 review lead, P-0050/P-0051/P-0052 reviewers and an
investigator of the independent operation (P-0051 served in Westshire 1990–2010), P-0060 a
former Northshire constable (1985–1995) now a reviewer, P-0061 a serving Northshire
constable, P-0042 a detective in Northshire CID 2001–2004, P-0900/P-0901 oversight.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["STATEMENT_TEXT", "SURVIVOR_NAME", "write_bad_northshire", "write_northshire"]

SURVIVOR_NAME = "Example Survivor Name"
STATEMENT_TEXT = (
    "In 2002 a detective who called himself Ex drove me to a flat. The tall one with the "
    "silver Astra was there. I was abused there more than once."
)

ORGANISATIONS = """id,name,kind,parent
F-01,Northshire Police,police_force,
CMD-01,Northshire Central Division,command,F-01
U-01,Northshire CID,unit,CMD-01
U-02,Northshire Public Protection Unit,unit,CMD-01
F-02,Westshire Police,police_force,
U-21,Westshire Major Crime Unit,unit,F-02
IB-01,Independent Review Operation,independent_body,
U-91,Review Team A,unit,IB-01
"""

PEOPLE = f"""id,kind,pseudonym,identity_name,date_of_birth,address
P-0007,officer,DC Example,,,
P-0030,officer,DS Chain,,,
P-0031,officer,DI Chain,,,
P-0042,officer,DC Colleague,,,
P-0060,investigator,Reviewer Formerly Northshire,,,
P-0061,officer,PC Serving,,,
P-0002,officer,PC Receiver,,,
P-0003,officer,Supt Decider,,,
P-0004,officer,DS Original,,,
P-0010,other,Review Lead,,,
P-0050,investigator,Reviewer One,,,
P-0051,investigator,Reviewer Two,,,
P-0052,investigator,Investigator Three,,,
P-0900,other,Oversight One,,,
P-0901,other,Oversight Two,,,
P-0100,survivor,Survivor A,{SURVIVOR_NAME},1988-04-02,"1 Example Street, Northtown"
P-0200,suspect,Civilian Suspect,,,
"""

AFFILIATIONS = """person,organisation,role,rank,collar_number,start,end,line_manager,end_reason
P-0007,U-01,officer,DC,2231,1998-01-01,2006-03-31,P-0030,retired
P-0030,U-01,supervisor,DS,,1995-01-01,2008-12-31,P-0031,
P-0031,U-01,supervisor,DI,,1990-01-01,2010-12-31,,
P-0042,U-01,detective,DC,,2001-01-01,2004-06-30,P-0031,transferred
P-0042,U-21,detective,DS,,2004-07-01,,,
P-0060,U-02,officer,PC,,1985-01-01,1995-12-31,,resigned
P-0060,U-91,reviewer,,,2012-01-01,,,
P-0061,U-02,officer,PC,,2010-01-01,,,
P-0002,U-02,officer,PC,,1999-01-01,2005-12-31,,
P-0003,CMD-01,officer,Superintendent,,1996-01-01,2009-12-31,,
P-0004,U-02,detective,DS,,2000-01-01,2007-12-31,,
P-0010,IB-01,review lead,,,2014-01-01,,,
P-0050,U-91,reviewer,,,2015-01-01,,,
P-0051,U-21,officer,DCI,,1990-01-01,2010-12-31,,
P-0051,U-91,reviewer,,,2012-01-01,,,
P-0052,U-91,investigator,,,2016-01-01,,,
P-0900,IB-01,oversight,,,2010-01-01,,,
P-0901,IB-01,oversight,,,2011-01-01,,,
"""

ACCREDITATIONS = """person,accreditation,awarded_on,expires_on
P-0007,abe,2000-01-01,
P-0042,interview_training,2002-01-01,
P-0050,interview_training,2015-06-01,
P-0052,abe,2016-06-01,
"""

CASES = """ref,originating_org,period_start,period_end,offence_categories,historic,\
received_by,recorded_by,investigated_by,decided_by,outcome,decided_on
C-0001,U-01,2001-01-01,2003-12-31,sexual_offence,true,\
P-0002,P-0002,P-0004,P-0003,no_further_action,2004-05-01
C-0003,U-21,2019-01-01,2019-12-31,harassment,true,,,,,,
"""

MENTIONS = """id,statement,text,kind,role
M-0001,S-0001,Ex,person,suspect
M-0002,S-0001,the tall one with the silver Astra,person,suspect
"""

ALLEGATIONS = """id,case,complainant,accused_persons,accused_mentions,accused_descriptions,\
category,date_from,date_to,places,referral_flags
A-0001,C-0001,P-0100,P-0007,M-0002,,sexual_offence,2002-01-01,2003-06-30,a flat,\
serious_sexual_offence
A-0031,C-0003,P-0100,P-0200,,,harassment,2019-02-01,2019-06-30,,
"""


def _statements() -> str:
    rows = [
        {
            "id": "S-0001",
            "case": "C-0001",
            "given_by": "P-0100",
            "recorded_by": "P-0004",
            "taken_on": "2003-07-01",
            "text": STATEMENT_TEXT,
        },
        {
            "id": "S-0002",
            "case": "C-0001",
            "given_by": "P-0100",
            "recorded_by": "P-0002",
            "taken_on": "2003-08-01",
            "status": "lost",
        },
    ]
    return "".join(json.dumps(row) + "\n" for row in rows)


def write_northshire(folder: Path) -> Path:
    """Write the world's import files (named by kind, no manifest) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "organisations.csv": ORGANISATIONS,
        "people.csv": PEOPLE,
        "affiliations.csv": AFFILIATIONS,
        "accreditations.csv": ACCREDITATIONS,
        "cases.csv": CASES,
        "statements.jsonl": _statements(),
        "mentions.csv": MENTIONS,
        "allegations.csv": ALLEGATIONS,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_bad_northshire(folder: Path) -> Path:
    """The world with two bad rows: an affiliation ending before it starts (row 3) and an
    allegation against a person nobody registered (row 3)."""
    write_northshire(folder)
    posts = folder / "affiliations.csv"
    lines = posts.read_text(encoding="utf-8").splitlines()
    lines[2] = "P-0030,U-01,supervisor,DS,,1995-01-01,1994-12-31,P-0031,"
    posts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    allegations = folder / "allegations.csv"
    lines = allegations.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("P-0200", "P-9999")
    allegations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
