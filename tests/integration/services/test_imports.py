"""Importing historic records through the service: all or nothing, sealed, idempotent, queued."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.services.conftest import INVESTIGATOR, LEAD
from tests.integration.services.northshire import (
    STATEMENT_TEXT,
    SURVIVOR_NAME,
    write_bad_northshire,
)
from unburied.bootstrap import Unburied
from unburied.domain.errors import ImportRejected, Refused
from unburied.services.assignments import assign
from unburied.services.cases import list_cases
from unburied.services.imports import import_batch
from unburied.services.reviews import triage
from unburied.store.case_views import CASE_VIEW_TABLES, view_allegations
from unburied.store.schema import events


def _log_size(app: Unburied) -> int:
    with app.uow() as uow:
        return uow.events.size


def test_an_import_records_the_sha256_of_every_source_file(app: Unburied, world_files: Path):
    result = import_batch(app, LEAD, world_files)

    with app.uow() as uow:
        recorded = uow.events.get(result.import_seq)
    assert recorded.type == "import.recorded"
    files = {f["name"]: f["sha256"] for f in recorded.data["files"]}  # type: ignore[union-attr,index]
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in world_files.iterdir()}
    assert files == on_disk
    assert recorded.data["source_hash"] == result.source_hash
    assert result.counts["people"] == 17 and result.counts["allegations"] == 2


def test_importing_the_same_files_again_appends_nothing_and_says_so(
    app: Unburied, world_files: Path
):
    first = import_batch(app, LEAD, world_files)
    size = _log_size(app)

    again = import_batch(app, LEAD, world_files)

    assert again.already_imported and not first.already_imported
    assert again.import_seq == first.import_seq and again.events == 0
    assert again.counts == first.counts
    assert _log_size(app) == size


def test_an_import_with_bad_rows_writes_nothing_and_lists_every_problem(
    app: Unburied, tmp_path: Path
):
    folder = write_bad_northshire(tmp_path / "bad")
    size = _log_size(app)

    with pytest.raises(ImportRejected) as rejected:
        import_batch(app, LEAD, folder)

    where = {(p.file, p.row, p.field) for p in rejected.value.problems}
    assert ("affiliations.csv", 3, "end") in where
    assert ("allegations.csv", 3, "accused_persons") in where
    assert _log_size(app) == size
    with app.uow() as uow:
        for table in CASE_VIEW_TABLES:
            assert uow.connection.execute(select(table)).first() is None, table.name


def test_only_a_role_that_may_queue_cases_may_import(app: Unburied, world_files: Path):
    with pytest.raises(Refused, match="AC-6: the investigator role may not issue"):
        import_batch(app, INVESTIGATOR, world_files)
    assert _log_size(app) == 1


def test_every_historic_case_is_queued_with_its_original_handlers_conflicted(world: Unburied):
    assert [(c.ref, c.state) for c in list_cases(world)] == [
        ("C-0001", "received"),
        ("C-0003", "received"),
    ]
    with world.uow() as uow:
        (queued,) = uow.events.find(case="C-0001", type="case.queued")
    assert queued.data["conflicted"] == ["P-0002", "P-0003", "P-0004"]


def test_the_original_decision_maker_is_refused_as_reviewer_of_the_review(world: Unburied):
    triage(world, LEAD, "C-0001")

    with pytest.raises(Refused) as refused:
        assign(world, LEAD, "C-0001", "P-0003", "reviewer")

    reasons = [f.reason for f in refused.value.findings]
    assert "IR-2: P-0003 decided the original matter in case C-0001" in reasons


def test_every_allegation_gets_a_referral_decision(world: Unburied):
    with world.uow() as uow:
        modes = dict(
            uow.connection.execute(
                select(view_allegations.c.id, view_allegations.c.referral_mode)
            ).all()
        )
    assert modes == {"A-0001": "independent", "A-0031": "not_required"}


def test_protected_values_are_sealed_never_in_clear_in_the_log_or_the_views(world: Unburied):
    secrets = [SURVIVOR_NAME, "1988-04-02", "1 Example Street", STATEMENT_TEXT[:40]]
    with world.uow() as uow:
        leaves = b"".join(uow.connection.execute(select(events.c.leaf)).scalars())
        rows = [
            str(row) for table in CASE_VIEW_TABLES for row in uow.connection.execute(select(table))
        ]
    for secret in secrets:
        assert secret.encode() not in leaves, secret
        assert not any(secret in row for row in rows), secret
