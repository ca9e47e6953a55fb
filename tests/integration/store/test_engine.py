"""Engines: SQLite durable and in WAL mode; unsafe or unknown settings refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from unburied.domain.errors import ConfigurationError
from unburied.store.engine import make_engine, sqlite_url


def test_sqlite_runs_in_wal_mode_with_durable_commits(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    with engine.connect() as conn:
        settings = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete")
        }
    engine.dispose()
    assert settings == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "secure_delete": 1,
    }
    assert (tmp_path / "unburied.db").exists()


def test_a_missing_data_dir_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        make_engine(sqlite_url(tmp_path / "absent"))


def test_an_unknown_database_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="'mysql' is not supported"):
        make_engine("mysql://localhost/unburied")


def test_a_schema_for_sqlite_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="PostgreSQL only"):
        make_engine(sqlite_url(tmp_path), schema="s1")


def test_a_schema_name_that_is_not_an_identifier_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="not a plain identifier"):
        make_engine("postgresql+psycopg://postgres@127.0.0.1/test", schema="a; DROP")
