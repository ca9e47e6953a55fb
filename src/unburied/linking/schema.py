"""What two records are compared on: the fields, how each is compared, and the blocking rules.

A :class:`RecordSchema` is the one description of a structured linking job that both our
linker (:mod:`unburied.linking.structured`) and the Splink model (:mod:`unburied.linking.model`)
read. :func:`prepare_frame` cleans the columns it names the same way for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from unburied.domain.errors import InvalidInput
from unburied.linking.candidates import BlockingRule
from unburied.linking.explain import EvidenceKind
from unburied.linking.names import normalise

__all__ = ["LEVELS", "FieldKind", "FieldSpec", "RecordSchema", "prepare_frame"]


class FieldKind(StrEnum):
    """How a field is compared."""

    FORENAME = "forename"
    SURNAME = "surname"
    DATE = "date"
    YEAR = "year"
    IDENTIFIER = "identifier"
    IDENTIFIER_SET = "identifier_set"
    CODE = "code"
    TEXT = "text"


#: The comparison levels of each kind, best first; the last is "different".
LEVELS: dict[FieldKind, tuple[str, ...]] = {
    FieldKind.FORENAME: ("exact", "nickname or short form", "similar spelling", "initial only",
                         "different"),
    FieldKind.SURNAME: ("exact", "similar spelling", "sounds alike", "different"),
    FieldKind.DATE: ("exact", "one digit differs", "day and month swapped", "two digits differ",
                     "different"),
    FieldKind.YEAR: ("exact", "one year apart", "two or three years apart", "different"),
    FieldKind.IDENTIFIER: ("exact", "one character differs", "two characters differ",
                           "different"),
    FieldKind.IDENTIFIER_SET: ("one in common", "none in common"),
    FieldKind.CODE: ("exact", "different"),
    FieldKind.TEXT: ("exact", "similar", "somewhat similar", "different"),
}  # fmt: skip

_DEFAULT_EVIDENCE = {
    FieldKind.FORENAME: EvidenceKind.FORENAME,
    FieldKind.SURNAME: EvidenceKind.SURNAME,
    FieldKind.DATE: EvidenceKind.DATE,
    FieldKind.YEAR: EvidenceKind.DATE,
    FieldKind.IDENTIFIER: EvidenceKind.IDENTIFIER,
    FieldKind.IDENTIFIER_SET: EvidenceKind.IDENTIFIER,
    FieldKind.CODE: EvidenceKind.OTHER,
    FieldKind.TEXT: EvidenceKind.OTHER,
}


@dataclass(frozen=True)
class FieldSpec:
    """One compared column. ``label`` is the reviewer's word for it ("appointment date").

    ``term_frequency`` adjusts exact agreement by how common the value is (agreeing on a rare
    surname says more than agreeing on a common one). For ``IDENTIFIER_SET`` the column holds
    values joined by ``|`` (e.g. all the collar numbers an officer has held).
    """

    column: str
    kind: FieldKind
    label: str = ""
    evidence: EvidenceKind | None = None
    term_frequency: bool = False

    @property
    def evidence_kind(self) -> EvidenceKind:
        """The kind of evidence an agreement on this field gives."""
        return self.evidence or _DEFAULT_EVIDENCE[self.kind]

    @property
    def levels(self) -> tuple[str, ...]:
        """The comparison levels, best first."""
        return LEVELS[self.kind]


@dataclass(frozen=True)
class RecordSchema:
    """What to compare and how to block. ``training`` blocks are unused by our linker (it trains
    on the blocked pairs) but are given to Splink for its EM sessions."""

    id_column: str
    fields: tuple[FieldSpec, ...]
    blocking: tuple[BlockingRule, ...]
    training: tuple[BlockingRule, ...] = ()

    def __post_init__(self) -> None:
        if not self.fields:
            raise InvalidInput("a record schema needs at least one compared field")
        if not self.blocking:
            raise InvalidInput("a record schema needs at least one blocking rule")
        names = [f.column for f in self.fields]
        if len(set(names)) != len(names):
            raise InvalidInput(f"fields {names} name a column twice")

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the schema reads, id first."""
        seen = [self.id_column, *(f.column for f in self.fields)]
        seen += [c for rule in (*self.blocking, *self.training) for c in rule.columns]
        return tuple(dict.fromkeys(seen))


def _clean_names(values: pd.Series) -> pd.Series:
    uniques = {v: normalise(str(v)) or None for v in values.dropna().unique()}
    return values.map(uniques)


def _clean_dates(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y%m%d")
    text = values.astype("string").str.replace(r"[^0-9]", "", regex=True)
    return text.where(text.str.len() == 8)


def _clean_text(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower()
    text = text.str.replace(r"\.0$", "", regex=True)  # floats read from CSV: "1234.0" -> "1234"
    return text.where(text.str.len() > 0)


def prepare_frame(frame: pd.DataFrame, schema: RecordSchema) -> pd.DataFrame:
    """A copy with every schema column cleaned: names normalised, dates as YYYYMMDD, ids as text."""
    missing = [c for c in schema.columns if c not in frame.columns]
    if missing:
        raise InvalidInput(f"records lack column(s) {missing}; the schema reads {schema.columns}")
    out = pd.DataFrame({schema.id_column: frame[schema.id_column].astype(str).to_numpy()})
    kinds = {f.column: f.kind for f in schema.fields}
    for column in schema.columns[1:]:
        kind = kinds.get(column, FieldKind.CODE)
        values = frame[column].reset_index(drop=True)
        if kind in (FieldKind.FORENAME, FieldKind.SURNAME, FieldKind.TEXT):
            out[column] = _clean_names(values).astype("string")
        elif kind is FieldKind.DATE:
            out[column] = _clean_dates(values).astype("string")
        else:
            out[column] = _clean_text(values)
    if out[schema.id_column].duplicated().any():
        raise InvalidInput(f"record ids in column {schema.id_column!r} are not unique")
    return out
