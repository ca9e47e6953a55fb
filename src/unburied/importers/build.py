"""Turn one form-checked row into a domain entity, checking what a single row can show.

Each builder takes the row's values (already of the right JSON shape, see ``schema.py``) and
returns a :class:`Built`: the entity, its protected values, the references it makes to other
records (checked later against the whole batch and the store) and any problem with the row on
its own, such as an end date before a start date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unburied.domain.entities import (
    Accused,
    Affiliation,
    Allegation,
    Case,
    Declaration,
    EndReason,
    Mention,
    MentionKind,
    Organisation,
    OrgKind,
    OriginalHandling,
    Person,
    PersonKind,
    ReferralFlag,
    Statement,
)
from unburied.importers.batch import Accreditation
from unburied.importers.format import RecordKind

__all__ = ["ID_FIELD", "Built", "Reference", "build_record"]

#: The field that identifies a record of each kind (kinds without one cannot be referred to).
ID_FIELD: dict[RecordKind, str] = {
    RecordKind.ORGANISATIONS: "id",
    RecordKind.PEOPLE: "id",
    RecordKind.CASES: "ref",
    RecordKind.STATEMENTS: "id",
    RecordKind.MENTIONS: "id",
    RecordKind.ALLEGATIONS: "id",
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A field of a row that names another record, which must exist."""

    field: str
    kind: RecordKind
    id: str


@dataclass(slots=True)
class Built:
    """A row turned into an entity, with what still has to be checked against the batch."""

    entity: Any
    protected: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def refer(self, values: Mapping[str, Any], name: str, kind: RecordKind) -> None:
        """Note that ``values[name]`` (if given) must be a record of ``kind``."""
        if name in values:
            self.references.append(Reference(name, kind, values[name]))


def _day(values: Mapping[str, Any], name: str) -> date | None:
    text = values.get(name)
    return date.fromisoformat(text) if text else None


def _not_before(
    built: Built, later: str, later_day: date | None, earlier: str, day: date | None
) -> None:
    if later_day is not None and day is not None and later_day < day:
        built.problems.append((later, f"{later_day} is before {earlier} {day}"))


def _organisation(v: Mapping[str, Any]) -> Built:
    built = Built(Organisation(v["id"], v["name"], OrgKind(v["kind"]), v.get("parent")))
    built.refer(v, "parent", RecordKind.ORGANISATIONS)
    if v.get("parent") == v["id"]:
        built.problems.append(("parent", "an organisation cannot be its own parent"))
    return built


_PROTECTED_PERSON = ("identity_name", "date_of_birth", "address")


def _person(v: Mapping[str, Any]) -> Built:
    built = Built(Person(v["id"], PersonKind(v["kind"]), v["pseudonym"]))
    built.protected = {name: v[name] for name in _PROTECTED_PERSON if name in v}
    return built


def _affiliation(v: Mapping[str, Any]) -> Built:
    start, end = _day(v, "start"), _day(v, "end")
    reason = EndReason(v["end_reason"]) if "end_reason" in v else None
    built = Built(
        Affiliation(
            person=v["person"],
            organisation=v["organisation"],
            role=v["role"],
            start=start or date.min,
            end=end,
            rank=v.get("rank"),
            collar_number=v.get("collar_number"),
            line_manager=v.get("line_manager"),
            end_reason=reason,
        )
    )
    for name, kind in (("person", RecordKind.PEOPLE), ("organisation", RecordKind.ORGANISATIONS)):
        built.refer(v, name, kind)
    built.refer(v, "line_manager", RecordKind.PEOPLE)
    _not_before(built, "end", end, "start", start)
    if reason is not None and end is None:
        built.problems.append(("end_reason", "is given but the post has no end date"))
    if v.get("line_manager") == v["person"]:
        built.problems.append(("line_manager", "a person cannot be their own line manager"))
    return built


def _accreditation(v: Mapping[str, Any]) -> Built:
    awarded, expires = _day(v, "awarded_on"), _day(v, "expires_on")
    built = Built(Accreditation(v["person"], v["accreditation"], awarded, expires))
    built.refer(v, "person", RecordKind.PEOPLE)
    _not_before(built, "expires_on", expires, "awarded_on", awarded)
    return built


_HANDLERS = ("received_by", "recorded_by", "investigated_by", "decided_by")


def _case(v: Mapping[str, Any]) -> Built:
    start, end, decided = _day(v, "period_start"), _day(v, "period_end"), _day(v, "decided_on")
    original = OriginalHandling(
        **{name: v.get(name) for name in _HANDLERS}, outcome=v.get("outcome"), decided_on=decided
    )
    built = Built(
        Case(
            ref=v["ref"],
            originating_org=v["originating_org"],
            period_start=start or date.min,
            period_end=end,
            offence_categories=tuple(v.get("offence_categories", ())),
            historic=v.get("historic", True),
            original=original,
        )
    )
    built.refer(v, "originating_org", RecordKind.ORGANISATIONS)
    for name in _HANDLERS:
        built.refer(v, name, RecordKind.PEOPLE)
    _not_before(built, "period_end", end, "period_start", start)
    _not_before(built, "decided_on", decided, "period_start", start)
    return built


def _declaration(v: Mapping[str, Any]) -> Built:
    built = Built(Declaration(v["person"], v["case"], v["reason"]))
    built.refer(v, "person", RecordKind.PEOPLE)
    built.refer(v, "case", RecordKind.CASES)
    return built


def _statement(v: Mapping[str, Any]) -> Built:
    taken = _day(v, "taken_on") or date.min
    built = Built(Statement(v["id"], v["case"], v["given_by"], v.get("recorded_by"), taken))
    built.refer(v, "case", RecordKind.CASES)
    built.refer(v, "given_by", RecordKind.PEOPLE)
    built.refer(v, "recorded_by", RecordKind.PEOPLE)
    status = v.get("status", "held")
    if status == "lost":
        built.extra["status"] = "lost"
        if "text" in v:
            built.problems.append(
                ("text", "a lost statement has no text; remove it or set status held")
            )
    elif "text" not in v:
        built.problems.append(("text", "is required unless status is lost"))
    else:
        built.protected["text"] = v["text"]
    return built


def _mention(v: Mapping[str, Any]) -> Built:
    mention = Mention(
        id=v["id"],
        statement=v["statement"],
        case=v.get("case", ""),
        text=v["text"],
        kind=MentionKind(v.get("kind", "person")),
        role=v.get("role", "named"),
    )
    built = Built(mention)
    built.refer(v, "statement", RecordKind.STATEMENTS)
    built.refer(v, "case", RecordKind.CASES)
    return built


def _allegation(v: Mapping[str, Any]) -> Built:
    as_officer = set(v.get("accused_described_as_officer", ()))
    accused = [
        *(
            Accused(person=p, described_as_officer=p in as_officer)
            for p in v.get("accused_persons", ())
        ),
        *(
            Accused(mention=m, described_as_officer=m in as_officer)
            for m in v.get("accused_mentions", ())
        ),
        *(
            Accused(description=d, described_as_officer=d in as_officer)
            for d in v.get("accused_descriptions", ())
        ),
    ]
    date_from, date_to = _day(v, "date_from"), _day(v, "date_to")
    built = Built(
        Allegation(
            id=v["id"],
            case=v["case"],
            complainant=v["complainant"],
            accused=tuple(accused),
            category=v["category"],
            date_from=date_from,
            date_to=date_to,
            places=tuple(v.get("places", ())),
            referral_flags=frozenset(ReferralFlag(f) for f in v.get("referral_flags", ())),
        )
    )
    _allegation_checks(built, v, as_officer, date_from, date_to)
    return built


def _allegation_checks(
    built: Built, v: Mapping[str, Any], as_officer: set[str], start: date | None, end: date | None
) -> None:
    built.refer(v, "case", RecordKind.CASES)
    built.refer(v, "complainant", RecordKind.PEOPLE)
    built.references.extend(
        Reference("accused_persons", RecordKind.PEOPLE, p) for p in v.get("accused_persons", ())
    )
    built.references.extend(
        Reference("accused_mentions", RecordKind.MENTIONS, m) for m in v.get("accused_mentions", ())
    )
    if not built.entity.accused:
        built.problems.append(
            (
                "accused_persons",
                "no accused: give accused_persons, accused_mentions or accused_descriptions",
            )
        )
    listed = {
        *v.get("accused_persons", ()),
        *v.get("accused_mentions", ()),
        *v.get("accused_descriptions", ()),
    }
    for item in sorted(as_officer - listed):
        built.problems.append(
            ("accused_described_as_officer", f"'{item}' is not among the accused listed")
        )
    _not_before(built, "date_to", end, "date_from", start)


_BUILDERS: dict[RecordKind, Callable[[Mapping[str, Any]], Built]] = {
    RecordKind.ORGANISATIONS: _organisation,
    RecordKind.PEOPLE: _person,
    RecordKind.AFFILIATIONS: _affiliation,
    RecordKind.ACCREDITATIONS: _accreditation,
    RecordKind.CASES: _case,
    RecordKind.DECLARATIONS: _declaration,
    RecordKind.STATEMENTS: _statement,
    RecordKind.MENTIONS: _mention,
    RecordKind.ALLEGATIONS: _allegation,
}


def build_record(kind: RecordKind, values: Mapping[str, Any]) -> Built:
    """Build the entity of a form-checked row of ``kind``."""
    return _BUILDERS[kind](values)
