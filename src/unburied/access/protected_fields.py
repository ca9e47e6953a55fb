"""Protected fields: the values whose every read leaves an access event.

The vault encrypts them (``unburied.vault``); this module only names them, so the access
policy and the output schemas agree on one list.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PROTECTED_FIELDS", "ProtectedField", "is_protected"]


class ProtectedField(StrEnum):
    """A protected field, named ``<record>.<field>``."""

    SURVIVOR_IDENTITY = "survivor.identity"  # real name, date of birth, contact details
    ADDRESS = "person.address"  # home, safe-house or care-home address of anyone
    STATEMENT_TEXT = "statement.text"  # the words of a statement


#: Every protected field.
PROTECTED_FIELDS: frozenset[ProtectedField] = frozenset(ProtectedField)


def is_protected(field: str) -> bool:
    """True if ``field`` (e.g. ``"statement.text"``) is a protected field."""
    return field in {f.value for f in PROTECTED_FIELDS}
