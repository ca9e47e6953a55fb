"""Pure domain: entities, events and their canonical encoding, commands, errors. No I/O."""

from unburied.domain import entities, errors, events

__all__ = ["entities", "errors", "events"]
