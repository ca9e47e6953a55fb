"""Tampering with a real SQLite data dir, then `unburied verify`: exit 2, first bad event named.

Each test records the same seven events (0: ``log.initialised``, 1–6: statements, one signed
checkpoint per commit), alters ``unburied.db`` with the ``sqlite3`` module as someone holding the
file could, and runs the audit through the console entry point.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Outcome, Sql, record_statements, run
from unburied.domain.errors import LogIntegrityError
from unburied.ledger.merkle import leaf_hash, node_hash

KEY_FILES = ("log-signing.key", "log.vkey", "master.key", "settings.json")


def _refused(outcome: Outcome) -> str:
    """The audit's verdict, unwrapped: it must be exit 2 with one error and no traceback."""
    assert outcome.code == 2, outcome
    assert outcome.stderr.startswith("error: "), outcome
    assert "Traceback" not in outcome.stderr
    return " ".join(outcome.stderr.split())


def _verify(data_dir: Path, *args: str | Path) -> Outcome:
    return run("--data-dir", data_dir, "verify", *args)


def _flip_a_payload_byte(sql: Sql, seq: int) -> bytes:
    (leaf,) = sql("SELECT leaf FROM events WHERE seq = ?", (seq,))[0]
    at = bytes(leaf).index(b'"statement":"ST-') + len(b'"statement":"S')
    altered = bytearray(leaf)
    altered[at] ^= 0x01  # "ST-0003" becomes "SU-0003"
    sql("UPDATE events SET leaf = ? WHERE seq = ?", (bytes(altered), seq))
    return bytes(altered)


def _rehash_everything(sql: Sql) -> None:
    """Recompute every leaf hash and tree node from the stored bytes, as the store would."""
    stack: list[bytes] = []
    for seq, leaf in sql("SELECT seq, leaf FROM events ORDER BY seq", ()):
        h = leaf_hash(bytes(leaf))
        own, built, m = h, b"", seq + 1
        while not m & 1:
            h = node_hash(stack.pop(), h)
            built += h
            m >>= 1
        stack.append(h)
        sql("UPDATE events SET leaf_hash = ?, nodes = ? WHERE seq = ?", (own, built, seq))


def _copy_database(source: Path, target: Path) -> None:
    """Copy a log database page by page through SQLite (safe with WAL)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _sql_on(data_dir: Path) -> Sql:
    def execute(statement: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(data_dir / "unburied.db")) as db, db:
            return db.execute(statement, params).fetchall()

    return execute


def _re_signed_fork(data_dir: Path, where: Path, *, common: int, extra: int) -> Path:
    """A second log signed with the same key: events 0..common-1 shared, then different ones."""
    where.mkdir(mode=0o700)
    for name in KEY_FILES:
        shutil.copy2(data_dir / name, where / name)
    _copy_database(data_dir / "unburied.db", where / "unburied.db")
    fork_sql = _sql_on(where)
    fork_sql("DELETE FROM events WHERE seq >= ?", (common,))
    fork_sql("DELETE FROM checkpoints WHERE size > ?", (common,))
    record_statements(where, extra, first=100)
    return where


@pytest.fixture
def log(seven_event_log: Path) -> Path:
    """The seven-event data dir, its audit clean before anything is altered."""
    assert _verify(seven_event_log).code == 0
    return seven_event_log


# ---------------------------------------------------------------------- one altered row


def test_editing_one_byte_of_a_stored_payload_names_that_event(log: Path, sql: Sql) -> None:
    _flip_a_payload_byte(sql, 3)

    said = _refused(_verify(log))

    assert "error: event 3: stored leaf hash does not match its bytes" in said


def test_editing_a_payload_and_its_leaf_hash_is_caught_by_the_stored_tree_node(
    log: Path, sql: Sql
) -> None:
    altered = _flip_a_payload_byte(sql, 3)
    sql("UPDATE events SET leaf_hash = ? WHERE seq = 3", (leaf_hash(altered),))

    said = _refused(_verify(log))

    assert "error: events 2–3: the stored tree node (level 1, index 1) does not match" in said


def test_rewriting_a_payload_with_every_hash_and_node_recomputed_is_caught_by_the_checkpoints(
    log: Path, sql: Sql
) -> None:
    _flip_a_payload_byte(sql, 3)
    _rehash_everything(sql)

    said = _refused(_verify(log))

    assert "error: checkpoint at size 4: root differs from the tree rebuilt from events 0–3" in said


def test_changing_an_indexed_column_without_its_bytes_names_the_column(log: Path, sql: Sql) -> None:
    sql("UPDATE events SET case_ref = 'C-9999' WHERE seq = 5")

    said = _refused(_verify(log))

    assert "event 5: stored column does not match its bytes: case_ref 'C-9999'" in said


# ------------------------------------------------------------------ rows removed or moved


def test_deleting_a_row_names_the_missing_event(log: Path, sql: Sql) -> None:
    sql("DELETE FROM events WHERE seq = 4")

    said = _refused(_verify(log))

    assert "error: event 4 missing: sequence jumps from 3 to 5" in said


def test_deleting_the_first_row_names_event_zero(log: Path, sql: Sql) -> None:
    sql("DELETE FROM events WHERE seq = 0")

    said = _refused(_verify(log))

    assert "error: event 0 missing: the sequence starts at 1" in said


def _swap_leaves(sql: Sql, a: int, b: int) -> None:
    rows = dict(
        (seq, (leaf, lh)) for seq, leaf, lh in sql("SELECT seq, leaf, leaf_hash FROM events", ())
    )
    sql("UPDATE events SET leaf = ?, leaf_hash = ? WHERE seq = ?", (*rows[b], a))
    sql("UPDATE events SET leaf = ?, leaf_hash = ? WHERE seq = ?", (*rows[a], b))


def test_swapping_two_rows_leaves_names_the_first_and_whose_bytes_it_holds(
    log: Path, sql: Sql
) -> None:
    _swap_leaves(sql, 2, 5)

    said = _refused(_verify(log))

    assert re.search(r"error: event 2: stored bytes .*\b5\b", said.split(" Do not write")[0])


def test_truncating_the_tail_is_caught_by_the_stored_checkpoints(log: Path, sql: Sql) -> None:
    sql("DELETE FROM events WHERE seq >= 5")

    said = _refused(_verify(log))

    assert "error: event 5 missing: the checkpoint at size 6 covers events up to 5" in said
    assert "(its tail was removed)" in said


def test_truncating_the_tail_and_its_checkpoints_is_caught_by_a_witnessed_checkpoint(
    log: Path, sql: Sql
) -> None:
    assert run("--data-dir", log, "checkpoint").code == 0  # witnessed at size 7
    sql("DELETE FROM events WHERE seq >= 5")
    sql("DELETE FROM checkpoints WHERE size > 5")

    said = _refused(_verify(log))

    assert "error: event 5 missing: the kept checkpoint 1 at size 7 covers events up to 6" in said


def test_truncation_hidden_from_the_data_dir_is_caught_by_a_checkpoint_kept_elsewhere(
    log: Path, sql: Sql, tmp_path: Path
) -> None:
    kept = tmp_path / "kept-by-oversight.txt"
    assert run("--data-dir", log, "checkpoint", "-o", kept).code == 0
    sql("DELETE FROM events WHERE seq >= 5")
    sql("DELETE FROM checkpoints WHERE size > 5")
    shutil.rmtree(log / "witnessed-checkpoints")

    said = _refused(_verify(log, "--checkpoint", kept))

    assert "error: event 5 missing: the kept checkpoint 1 at size 7" in said


# ------------------------------------------------- a row added behind the log's back


def _forge_an_event_at_the_end(sql: Sql) -> int:
    """Insert a copy of the last event as a new one, with its leaf hash and tree nodes right."""
    rows = sql("SELECT seq, type, actor, at, case_ref, subject, leaf FROM events ORDER BY seq", ())
    last = rows[-1]
    seq = int(last[0]) + 1
    leaf = bytes(last[6]).replace(f'"seq":{seq - 1}'.encode(), f'"seq":{seq}'.encode())
    stack: list[bytes] = []
    for n, (*_, stored) in enumerate([*rows, (*last[:6], leaf)]):
        h = leaf_hash(bytes(stored))
        own, built, m = h, b"", n + 1
        while not m & 1:
            h = node_hash(stack.pop(), h)
            built += h
            m >>= 1
        stack.append(h)
    sql(
        "INSERT INTO events (seq, type, actor, at, case_ref, subject, leaf, leaf_hash, nodes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, *last[1:6], leaf, own, built),
    )
    return seq


def test_an_event_inserted_after_the_last_signed_checkpoint_is_caught(log: Path, sql: Sql) -> None:
    seq = _forge_an_event_at_the_end(sql)

    said = _refused(_verify(log))

    assert f"event {seq}" in said


def test_the_log_refuses_to_sign_over_an_event_inserted_behind_its_back(
    log: Path, sql: Sql
) -> None:
    _forge_an_event_at_the_end(sql)

    with pytest.raises(LogIntegrityError):
        record_statements(log, 1, first=50)


# ------------------------------------------------------------- the whole log replaced


def test_a_re_signed_fork_is_itself_a_clean_log_so_only_a_kept_checkpoint_can_catch_it(
    log: Path, tmp_path: Path
) -> None:
    fork = _re_signed_fork(log, tmp_path / "fork", common=3, extra=6)

    outcome = _verify(fork)

    assert outcome.code == 0, outcome
    assert "OK 9 events re-hashed" in " ".join(outcome.stdout.split())
    assert (fork / "log.vkey").read_bytes() == (log / "log.vkey").read_bytes()


def test_replacing_the_log_with_a_re_signed_fork_is_caught_by_the_witnessed_checkpoint(
    log: Path, tmp_path: Path
) -> None:
    assert run("--data-dir", log, "checkpoint").code == 0  # witnessed at size 7
    fork = _re_signed_fork(log, tmp_path / "fork", common=3, extra=6)
    _copy_database(fork / "unburied.db", log / "unburied.db")

    said = _refused(_verify(log))

    assert (
        "error: kept checkpoint 1 at size 7: root differs from the tree rebuilt from events 0–6"
        in said
    )


def test_a_fork_with_the_witness_folder_also_replaced_is_caught_by_a_checkpoint_kept_elsewhere(
    log: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "kept-by-oversight.txt"
    assert run("--data-dir", log, "checkpoint", "-o", kept).code == 0
    fork = _re_signed_fork(log, tmp_path / "fork", common=3, extra=6)
    _copy_database(fork / "unburied.db", log / "unburied.db")
    shutil.rmtree(log / "witnessed-checkpoints")

    assert _verify(log).code == 0  # nothing in the data dir remembers the old log
    said = _refused(_verify(log, "--checkpoint", kept))

    assert "error: kept checkpoint 1 at size 7: root differs" in said


def test_a_receipt_issued_before_a_fork_fails_against_the_forks_refresh(
    log: Path, tmp_path: Path
) -> None:
    receipt = tmp_path / "statement-5.tlog-proof"
    assert run("--data-dir", log, "receipt", "5", "-o", receipt).code == 0
    fork = _re_signed_fork(log, tmp_path / "fork", common=3, extra=6)
    _copy_database(fork / "unburied.db", log / "unburied.db")
    refresh = tmp_path / "refresh.txt"
    assert run("--data-dir", log, "receipt", "0", "--refresh-from", "7", "-o", refresh).code == 0

    outcome = run("receipt", "verify", receipt, "--key", log / "log.vkey", "--checkpoint", refresh)

    said = _refused(outcome)
    assert "consistency proof from size 7 to 9 gives first root" in said
