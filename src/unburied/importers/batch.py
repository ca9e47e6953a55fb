"""What a successful parse returns: validated records grouped by kind, with their sources.

An :class:`ImportBatch` holds only records that passed every check; a parse with any bad row
returns nothing and raises :class:`~unburied.domain.errors.ImportRejected` instead. The batch
carries the SHA-256 of every source file and one combined ``source_hash`` so the import service
can record the files in the log and skip a re-import of the same files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from unburied.domain.entities import (
    Affiliation,
    Allegation,
    Case,
    Declaration,
    Mention,
    Organisation,
    Person,
    Statement,
)
from unburied.importers.format import IMPORT_ORDER, Manifest, RecordKind

__all__ = [
    "Accreditation",
    "ImportBatch",
    "KnownIds",
    "Record",
    "RowRef",
    "SourceFile",
    "combined_source_hash",
]

E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class RowRef:
    """Where a record came from: the file (as the import names it) and the row number."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}"


@dataclass(frozen=True, slots=True)
class Accreditation:
    """An accreditation a person holds (``interview_training``), with optional dates."""

    person: str
    accreditation: str
    awarded_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True, slots=True)
class Record(Generic[E]):
    """One validated row: the entity, where it came from, and its protected values in clear.

    ``protected`` maps a protected field (``identity_name``, ``date_of_birth``, ``address``,
    ``text``) to its clear value; the import service seals each in the vault before any event is
    written. ``extra`` holds fields of the import format the entity does not carry, e.g.
    ``{"status": "lost"}`` for a statement the source records say was taken but cannot be found.
    """

    entity: E
    source: RowRef
    protected: Mapping[str, str] = field(default_factory=dict, hash=False, compare=True)
    extra: Mapping[str, str] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A source file as the import names it, its kind and the SHA-256 of its bytes (hex)."""

    name: str
    kind: RecordKind
    sha256: str
    rows: int


@dataclass(frozen=True)
class KnownIds:
    """Ids already in the store, by kind; records in a batch may refer to them.

    A new record whose id is already known is refused as a duplicate.
    """

    organisations: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    cases: frozenset[str] = frozenset()
    statements: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()
    allegations: frozenset[str] = frozenset()

    @classmethod
    def from_flat(cls, ids: Collection[str]) -> KnownIds:
        """Treat one flat set of ids as known for every kind (ids unique across kinds)."""
        frozen = frozenset(ids)
        return cls(frozen, frozen, frozen, frozen, frozen, frozen)

    def of(self, kind: RecordKind) -> frozenset[str]:
        """The known ids of ``kind`` (empty for kinds without ids)."""
        known: frozenset[str] = getattr(self, kind.value, frozenset())
        return known


def combined_source_hash(file_hashes: Iterable[str]) -> str:
    """SHA-256 (hex) over the sorted, concatenated 32-byte digests of the source files.

    Order- and name-independent: the same files give the same hash however they are listed.
    """
    digests = sorted(bytes.fromhex(h) for h in file_hashes)
    return hashlib.sha256(b"".join(digests)).hexdigest()


@dataclass(frozen=True)
class ImportBatch:
    """Every record of an accepted import, grouped by kind in :data:`IMPORT_ORDER`.

    Within a kind, records keep their file and row order, except organisations, which come
    parents first. Statement entities list their mentions; mention entities carry their case.
    """

    files: tuple[SourceFile, ...]
    source_hash: str
    manifest: Manifest | None
    organisations: tuple[Record[Organisation], ...] = ()
    people: tuple[Record[Person], ...] = ()
    affiliations: tuple[Record[Affiliation], ...] = ()
    accreditations: tuple[Record[Accreditation], ...] = ()
    cases: tuple[Record[Case], ...] = ()
    declarations: tuple[Record[Declaration], ...] = ()
    statements: tuple[Record[Statement], ...] = ()
    mentions: tuple[Record[Mention], ...] = ()
    allegations: tuple[Record[Allegation], ...] = ()

    @property
    def source_files(self) -> tuple[tuple[str, str], ...]:
        """``(name, sha256)`` of every source file, as the ``import.recorded`` event lists them."""
        return tuple((f.name, f.sha256) for f in self.files)

    def records_of(self, kind: RecordKind) -> tuple[Record[Any], ...]:
        """The records of one kind."""
        records: tuple[Record[Any], ...] = getattr(self, kind.value)
        return records

    def groups(self) -> Iterator[tuple[RecordKind, tuple[Record[Any], ...]]]:
        """``(kind, records)`` in dependency order: each kind refers only to kinds before it."""
        for kind in IMPORT_ORDER:
            yield kind, self.records_of(kind)

    def counts(self) -> dict[str, int]:
        """How many records of each kind, in dependency order."""
        return {kind.value: len(records) for kind, records in self.groups()}

    @property
    def row_count(self) -> int:
        """All records in the batch."""
        return sum(self.counts().values())
