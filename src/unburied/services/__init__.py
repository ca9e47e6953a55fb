"""Use cases: one function per thing a user does, each taking the app and an actor."""

__all__: list[str] = []
