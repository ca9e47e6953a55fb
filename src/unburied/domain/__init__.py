"""Pure domain: entities, events and their canonical encoding, commands, errors. No I/O."""

from unburied.domain import commands, entities, errors, events

__all__ = ["commands", "entities", "errors", "events"]
