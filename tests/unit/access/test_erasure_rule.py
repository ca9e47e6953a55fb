"""The erasure rule, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

from unburied.access import decide_erasure
from unburied.domain.commands import EraseSurvivor

NOW = datetime(2026, 3, 3, tzinfo=UTC)
KEY = {"key": "k-1", "destroyed_at": "2026-03-03T00:00:00.000000Z"}


def test_an_erasure_with_a_written_authority_of_a_survivor_records_the_authority() -> None:
    cmd = EraseSurvivor("S-1", "O-1", "Order of the court, 3 March 2026")
    decided = decide_erasure(cmd, "survivor", KEY, NOW)
    assert decided.accepted
    (event,) = decided.events
    assert event.type == "survivor.erased" and event.subject == "S-1" and event.actor == "O-1"
    assert event.data["authority"] == "Order of the court, 3 March 2026"


def test_an_erasure_without_authority_is_refused_with_er1() -> None:
    decided = decide_erasure(EraseSurvivor("S-1", "O-1", "ok"), "survivor", KEY, NOW)
    assert [f.rule for f in decided.refusals] == ["ER-1"]
    assert not decided.events
    assert "written authority" in decided.refusals[0].reason


def test_an_erasure_of_someone_not_a_survivor_is_refused_with_er2() -> None:
    cmd = EraseSurvivor("P-9", "O-1", "Order of the court, 3 March 2026")
    decided = decide_erasure(cmd, "officer", KEY, NOW)
    assert [f.rule for f in decided.refusals] == ["ER-2"]
    assert "P-9 is officer" in decided.refusals[0].reason
