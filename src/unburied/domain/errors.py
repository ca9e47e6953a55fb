"""The one error tree of unburied.

Every error the system raises on purpose derives from :class:`UnburiedError`; faces turn it
into one line and an exit code (CLI) or one JSON error shape (API)::

    UnburiedError                      base; diagnostics() gives advice for a person
    ├── InvalidInput (ValueError)      a command or value that breaks a domain rule of form
    │   └── ImportRejected             an import file set with bad rows (every row listed)
    ├── FormatError (ValueError)       a malformed note, checkpoint, receipt, vkey or proof file
    ├── ProofError (ValueError)        an inclusion or consistency proof that does not verify
    ├── SignatureError (ValueError)    a note whose signature does not verify for the key
    ├── Refused (PermissionError)      a rule refused the command; carries the findings
    ├── NotFound (LookupError)         a case, person, event or key that does not exist
    ├── LogIntegrityError              the stored log does not verify (tampering, corruption)
    ├── VaultError                     a protected field cannot be sealed or opened
    │   └── KeyErased                  the survivor's data key was destroyed (crypto-shredding)
    └── ConfigurationError             missing data dir, key file, database, or unsafe setting
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "ConfigurationError",
    "FormatError",
    "ImportRejected",
    "InvalidInput",
    "KeyErased",
    "LogIntegrityError",
    "NotFound",
    "ProofError",
    "Refused",
    "RowProblem",
    "SignatureError",
    "UnburiedError",
    "VaultError",
]


class UnburiedError(Exception):
    """Base of every deliberate unburied error."""

    advice: str = ""

    def diagnostics(self) -> str:
        """Return the message with advice for a person on what to do next."""
        text = str(self)
        return f"{text}\n{self.advice}" if self.advice else text


class InvalidInput(UnburiedError, ValueError):
    """A command or value breaks a rule of form (missing field, unknown reference, bad date)."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of an import: where it is and what is wrong with it."""

    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field '{self.field}': {self.reason}"


class ImportRejected(InvalidInput):
    """An import was refused as a whole; ``problems`` lists every bad row, not just the first."""

    advice = "Nothing was written. Correct the rows listed and import the whole set again."

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        head = f"import rejected: {len(self.problems)} problem(s)"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class FormatError(UnburiedError, ValueError):
    """A note, checkpoint, receipt, vkey or proof file is malformed; the message names the field."""


class ProofError(UnburiedError, ValueError):
    """An inclusion or consistency proof does not verify; the message says what differs."""

    advice = (
        "Check that the receipt and checkpoint come from the same log, then run `unburied verify`."
    )


class SignatureError(UnburiedError, ValueError):
    """A signed note carries no valid signature from the expected key."""

    advice = "Check that the verifier key (vkey) is the log's key: `unburied vkey` prints it."


class Refused(UnburiedError, PermissionError):
    """A rule refused the command. ``findings`` holds each reason (conflicts, policy findings)."""

    def __init__(self, message: str, findings: Sequence[object] = ()) -> None:
        self.findings = tuple(findings)
        lines = [message, *(f"  - {f}" for f in self.findings)]
        super().__init__("\n".join(lines))


class NotFound(UnburiedError, LookupError):
    """The case, person, event or key asked for does not exist."""


class LogIntegrityError(UnburiedError):
    """The stored log does not verify: an event, tree node or checkpoint was altered or lost."""

    advice = (
        "Do not write to this data dir. Preserve a copy and report it to oversight; "
        "`unburied verify --verbose` names the first bad sequence number."
    )


class VaultError(UnburiedError):
    """A protected field cannot be sealed or opened."""


class KeyErased(VaultError):
    """The survivor's data key was destroyed by an authorised erasure; the value is gone."""


class ConfigurationError(UnburiedError):
    """The data dir, database, key files or a setting is missing or unsafe."""

    advice = "Run `unburied init` to create a data dir, or pass --data-dir / set UNBURIED_HOME."
