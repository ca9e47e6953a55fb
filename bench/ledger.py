"""Benchmark of the event log on SQLite: append, proofs, audit, receipts.

One command: ``.venv/bin/python bench/ledger.py [--n 1000000]``. Every figure is printed
beside its target, the raw limit measured in the same run where one exists (plain sqlite3
inserting the same rows in one transaction; hashlib hashing the same bytes), and PASS or MISS.
Events are synthetic (fixed seed); statements carry a sealed text of 200–1,200 characters,
whose ciphertext goes to ``sealed_blobs`` (and each new data key to ``data_keys``) in the same
transaction as the events — in our append and in the raw SQLite insert alike.
The machine has 2 cores: figures are noisy when other work runs.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, Engine

from unburied.domain.events import Event, JSONValue
from unburied.ledger.merkle import leaf_hash, verify_consistency, verify_inclusion
from unburied.ledger.note import NoteSigner, SignedNote
from unburied.store.audit import PARALLEL_FROM, verify_log
from unburied.store.checkpoints import CheckpointStore
from unburied.store.engine import DATABASE_FILE, make_engine, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.store.schema import view_event_counts
from unburied.store.tree import StoredTree
from unburied.store.uow import SqlUnitOfWork
from unburied.store.views import ALL_EVENTS, REGISTRY, ViewRegistry, count_event_types
from unburied.vault.envelope import seal
from unburied.vault.keys import DataKey, FakeKeyStore

ORIGIN = "bench.unburied.example/log"

#: The log's own view only: what the store itself costs, apart from the application's views.
LOG_VIEWS = ViewRegistry()
LOG_VIEWS.view_table(view_event_counts)
LOG_VIEWS.projector(ALL_EVENTS)(count_event_types)
T0 = datetime(2024, 1, 1, tzinfo=UTC)
WORDS = "the statement records what was said at the interview about the events of".split()


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    measure: str
    figure: str
    raw: str
    ratio: str
    target: str
    ok: bool | None


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print the table; exit 1 if any target is missed."""
    args = _parse(argv)
    console = Console(width=max(Console().width, 175))
    work = (
        Path(tempfile.mkdtemp(prefix="unburied-bench-")) if args.data_dir is None else args.data_dir
    )
    work.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()[0]
    try:
        rows = _run(args, work, console)
    finally:
        if args.data_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    _print(console, rows, args.n, (load_at_start, os.getloadavg()[0]))
    return 0 if all(r.ok is not False for r in rows) else 1


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000, help="events in the log (default 10^6)")
    p.add_argument(
        "--group",
        type=int,
        default=None,
        help="events per bulk commit (default: all in one transaction, as the raw insert and "
        "an import do)",
    )
    p.add_argument(
        "--commit-size",
        type=int,
        default=10_000,
        help="events per commit for the group-commit throughput figure",
    )
    p.add_argument("--commits", type=int, default=200, help="commits for the latency figure")
    p.add_argument("--per-commit", type=int, default=100, help="events per latency commit")
    p.add_argument("--proofs", type=int, default=2_000, help="proofs per proof figure")
    p.add_argument("--no-deep", action="store_true", help="skip the deep (canonical) audit")
    p.add_argument("--data-dir", type=Path, help="keep the database here instead of a temp dir")
    p.add_argument(
        "--all-views-n", type=int, default=50_000, help="events for the every-view append figure"
    )
    return p.parse_args(argv)


def _run(args: argparse.Namespace, work: Path, console: Console) -> list[Row]:
    engine = make_engine(sqlite_url(work))
    upgrade_to_head(engine)
    signer = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"bench log key").digest())
    keys = _BenchKeys(lambda: T0)
    factory = _events(args.n + args.commits * args.per_commit, keys)
    rows: list[Row] = []
    with console.status("bulk append") as status:
        group = args.group or args.n
        rate = _bulk_append(engine, signer, factory, keys, args.n, group, LOG_VIEWS)
        status.update("raw SQLite insert of the same rows")
        raw = _raw_insert(work / DATABASE_FILE, work / "raw.db")
        rows += _append_rows(rate, raw, group, args.n)
        status.update(f"group commits of {args.commit_size:,}")
        rows += _group_commit_rows(work / "grouped", signer, args.n, args.commit_size, raw)
        status.update("bulk append with every registered view")
        rows += _all_views_rows(work / "all-views", signer, args.all_views_n, args.commit_size, raw)
        status.update("proofs")
        rows += _proof_rows(engine, args.n, args.proofs)
        status.update("receipt")
        rows += _receipt_rows(engine, signer, args.n, keys)
        status.update("full audit")
        rows += _audit_rows(engine, signer, work / DATABASE_FILE, args.n, not args.no_deep)
        status.update("group-commit latency")
        rows += _latency_rows(engine, signer, factory, keys, args.commits, args.per_commit)
    engine.dispose()
    return rows


# ------------------------------------------------------------------------------- workload


class _BenchKeys(FakeKeyStore):
    """Data keys in memory; new keys and ciphertexts wait until a transaction writes them."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        super().__init__(clock)
        self.new_blobs: list[tuple[bytes, str, bytes]] = []
        self.new_keys: list[tuple[str, str, bytes, str, str]] = []

    def key_for(self, subject: str) -> DataKey:
        known = subject in self._by_subject
        key = super().key_for(subject)
        if not known:
            self.new_keys.append(
                (key.key_id, subject, b"bench", "mk-bench", "2024-01-01T00:00:00Z")
            )
        return key

    def put_blob(self, key_id: str, digest: bytes, ct: bytes) -> None:
        self.new_blobs.append((digest, key_id, ct))


def _write_vault(conn: Connection, keys: _BenchKeys) -> None:
    """Insert the keys and ciphertexts sealed since the last call, in ``conn``'s transaction."""
    if keys.new_keys:
        conn.exec_driver_sql(
            "INSERT INTO data_keys (key_id, subject, wrapped, master_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            keys.new_keys,
        )
    if keys.new_blobs:
        conn.exec_driver_sql(
            "INSERT INTO sealed_blobs (digest, key_id, ct) VALUES (?, ?, ?)", keys.new_blobs
        )
    keys.new_keys, keys.new_blobs = [], []


def _events(total: int, keys: FakeKeyStore) -> Iterator[Event]:
    """Synthetic events, seeded: statements with sealed text, transitions, assignments, reads."""
    rnd = random.Random(42)
    for i in range(total):
        at = T0 + timedelta(seconds=i)
        case = f"C-{rnd.randrange(20_000):05d}"
        actor = f"staff-{rnd.randrange(400):03d}"
        kind = i % 4
        if kind == 0:
            person = f"P-{rnd.randrange(30_000):05d}"
            text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(40, 200)))
            data: dict[str, JSONValue] = {
                "statement": f"S-{i:07d}",
                "text": seal(keys, person, "text", text),
                "language": "en",
            }
            yield Event("statement.recorded", actor, at, data, case=case, subject=person)
        elif kind == 1:
            data = {"from": "under_review", "to": "investigating", "reason": "assigned"}
            yield Event("case.transitioned", actor, at, data, case=case)
        elif kind == 2:
            data = {"person": f"staff-{rnd.randrange(400):03d}", "role": "investigator"}
            yield Event("assignment.made", actor, at, data, case=case)
        else:
            data = {"field": "statement.text", "reason": "review of the interview record"}
            yield Event("access.recorded", actor, at, data, case=case)


def _take(events: Iterator[Event], count: int) -> list[Event]:
    return [next(events) for _ in range(count)]


def _clock() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------------------- appending


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Rate:
    """Items per wall-clock second, and CPU seconds per item (less sensitive to other load)."""

    per_second: float
    cpu_each: float

    def text(self, unit: str) -> str:
        return f"{self.per_second:,.0f} {unit}/s (CPU {self.cpu_each * 1e6:.0f} µs each)"


def _bulk_append(
    engine: Engine,
    signer: NoteSigner,
    events: Iterator[Event],
    keys: _BenchKeys,
    n: int,
    group: int,
    views: ViewRegistry,
) -> Rate:
    """Events per second through SqlUnitOfWork, group commits of ``group``, durable.

    The events are made (and their fields sealed) before the clock starts; writing their new
    keys and ciphertexts is timed, in the same transaction, as sealing in a service would be.
    """
    spent = cpu = 0.0
    done = 0
    while done < n:
        batch = _take(events, min(group, n - done))
        start, start_cpu = time.perf_counter(), _cpu()
        with SqlUnitOfWork(engine, signer=signer, clock=_clock, views=views) as uow:
            _write_vault(uow.connection, keys)
            uow.events.append(batch)
            uow.commit()
        spent += time.perf_counter() - start
        cpu += _cpu() - start_cpu
        done += len(batch)
    return Rate(n / spent, cpu / n)


def _raw_insert(source: Path, target: Path) -> Rate:
    """Event rows per second for plain sqlite3 inserting the same rows (events, and the keys
    and ciphertexts beside them), same schema and indexes, one transaction."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    tables = ("events", "data_keys", "sealed_blobs")
    for (sql,) in src.execute(
        f"SELECT sql FROM sqlite_master WHERE tbl_name IN {tables} AND sql IS NOT NULL"
    ):
        dst.execute(sql)
    rows = src.execute(
        "SELECT seq, type, actor, at, case_ref, subject, leaf, leaf_hash, nodes FROM events"
    ).fetchall()
    key_rows = src.execute("SELECT * FROM data_keys").fetchall()
    blob_rows = src.execute("SELECT * FROM sealed_blobs").fetchall()
    start, start_cpu = time.perf_counter(), _cpu()
    dst.execute("BEGIN")
    dst.executemany("INSERT INTO data_keys VALUES (?, ?, ?, ?, ?, ?)", key_rows)
    dst.executemany("INSERT INTO sealed_blobs VALUES (?, ?, ?)", blob_rows)
    dst.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    dst.execute("COMMIT")
    spent, cpu = time.perf_counter() - start, _cpu() - start_cpu
    src.close()
    dst.close()
    return Rate(len(rows) / spent, cpu / len(rows))


def _all_views_rows(work: Path, signer: NoteSigner, n: int, group: int, raw: Rate) -> list[Row]:
    """The same append with every view the application registers (case, review, …)."""
    work.mkdir()
    engine = make_engine(sqlite_url(work))
    upgrade_to_head(engine)
    label = f"bulk append with every registered view ({n:,} events)"
    try:
        keys = _BenchKeys(lambda: T0)
        rate = _bulk_append(engine, signer, _events(n, keys), keys, n, group, REGISTRY)
    except Exception as exc:  # a view's projector refused the synthetic events: say so
        return [Row(label, f"n/a: {type(exc).__name__}: {exc}"[:60], "", "", "", None)]
    finally:
        engine.dispose()
    ratio = rate.per_second / raw.per_second
    return [
        Row(
            label,
            rate.text("events"),
            raw.text("rows"),
            f"{ratio:.2f}",
            "≥ 20,000 events/s",
            rate.per_second >= 20_000,
        )
    ]


def _group_commit_rows(folder: Path, signer: NoteSigner, n: int, size: int, raw: Rate) -> list[Row]:
    """The same kind of append in commits of ``size`` (each signs a checkpoint): informational,
    beside the one-transaction bulk figure that is compared with the raw insert."""
    folder.mkdir()
    engine = make_engine(sqlite_url(folder))
    upgrade_to_head(engine)
    keys = _BenchKeys(lambda: T0)
    count = min(n, 200_000)
    rate = _bulk_append(engine, signer, _events(count, keys), keys, count, size, LOG_VIEWS)
    engine.dispose()
    ratio = rate.per_second / raw.per_second
    return [
        Row(
            f"append in commits of {size:,} ({count:,} events, a checkpoint per commit)",
            rate.text("events"),
            raw.text("rows"),
            f"{ratio:.2f}",
            "(no target)",
            None,
        )
    ]


def _append_rows(rate: Rate, raw: Rate, group: int, n: int) -> list[Row]:
    ratio = rate.per_second / raw.per_second
    where = f"{n:,} in one transaction" if group >= n else f"{group:,} per commit"
    return [
        Row(
            f"bulk append, durable, {where} (log + event-count view)",
            rate.text("events"),
            raw.text("rows"),
            f"{ratio:.2f}",
            "≥ 20,000 events/s",
            rate.per_second >= 20_000,
        ),
        Row(
            "bulk append vs raw SQLite",
            f"{ratio:.2f} of raw",
            raw.text("rows"),
            f"{ratio:.2f}",
            "≥ 0.50 of raw",
            ratio >= 0.5,
        ),
    ]


def _latency_rows(
    engine: Engine,
    signer: NoteSigner,
    events: Iterator[Event],
    keys: _BenchKeys,
    commits: int,
    per: int,
) -> list[Row]:
    times = []
    for _ in range(commits):
        batch = _take(events, per)
        start = time.perf_counter()
        with SqlUnitOfWork(engine, signer=signer, clock=_clock, views=LOG_VIEWS) as uow:
            _write_vault(uow.connection, keys)
            uow.events.append(batch)
            uow.commit()
        times.append(time.perf_counter() - start)
    p50, p99 = _percentile(times, 50), _percentile(times, 99)
    return [
        Row(
            f"group commit of {per} events: latency p50 / p99",
            f"{p50 * 1e3:.1f} / {p99 * 1e3:.1f} ms",
            "",
            "",
            "(no target)",
            None,
        )
    ]


# ----------------------------------------------------------------------------------- proofs


def _timed(calls: Sequence[Callable[[], object]]) -> float:
    """Median wall-clock seconds per call."""
    return _timed_both(calls)[0]


def _timed_both(calls: Sequence[Callable[[], object]]) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds per call."""
    spent, cpu = [], []
    for call in calls:
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        spent.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(spent), statistics.median(cpu)


def _proof_rows(engine: Engine, n: int, count: int) -> list[Row]:
    rnd = random.Random(7)
    with engine.connect() as conn:
        tree = StoredTree(conn)
        size = tree.size
        root = tree.root()
        leaves = dict(
            conn.exec_driver_sql("SELECT seq, leaf_hash FROM events WHERE seq % 97 = 0").all()
        )
        indices = [rnd.choice(list(leaves)) for _ in range(count)]
        olds = [rnd.randrange(1, size) for _ in range(count)]
        incl_gen, incl_cpu = _timed_both([lambda i=i: tree.inclusion_proof(i) for i in indices])
        cons_gen, cons_cpu = _timed_both([lambda s=s: tree.consistency_proof(s) for s in olds])
        incl = [(i, tree.inclusion_proof(i)) for i in indices]
        cons = [(s, tree.root(s), tree.consistency_proof(s)) for s in olds]
    incl_ver = _timed(
        [lambda i=i, p=p: verify_inclusion(leaves[i], i, size, p, root) for i, p in incl]
    )
    cons_ver = _timed(
        [lambda s=s, r=r, p=p: verify_consistency(s, size, p, r, root) for s, r, p in cons]
    )
    raw_chain = _timed([lambda p=p: _hash_chain(p) for _, p in incl])
    us = 1e6
    label = f"at {size:,} entries"
    return [
        Row(
            f"inclusion proof generation {label}",
            f"{incl_gen * us:.0f} µs (CPU {incl_cpu * us:.0f})",
            "",
            "",
            "≤ 100 µs",
            incl_gen <= 100e-6,
        ),
        Row(
            f"inclusion proof verification {label}",
            f"{incl_ver * us:.1f} µs",
            f"{raw_chain * us:.1f} µs hashlib",
            f"{raw_chain / incl_ver:.2f}",
            "≤ 50 µs",
            incl_ver <= 50e-6,
        ),
        Row(
            f"consistency proof generation {label}",
            f"{cons_gen * us:.0f} µs (CPU {cons_cpu * us:.0f})",
            "",
            "",
            "≤ 100 µs",
            cons_gen <= 100e-6,
        ),
        Row(
            f"consistency proof verification {label}",
            f"{cons_ver * us:.1f} µs",
            "",
            "",
            "≤ 50 µs",
            cons_ver <= 50e-6,
        ),
    ]


def _hash_chain(proof: Sequence[bytes]) -> bytes:
    """The raw limit of a proof check: one SHA-256 per proof hash."""
    h = b"\x00" * 32
    for p in proof:
        h = hashlib.sha256(b"\x01" + p + h).digest()
    return h


# ---------------------------------------------------------------------------------- receipts


def _statement(keys: FakeKeyStore, chars: int) -> Event:
    text = (" ".join(WORDS) + " ") * (chars // 60 + 1)
    data: dict[str, JSONValue] = {
        "statement": f"S-long-{chars}",
        "text": seal(keys, "P-long", "text", text[:chars]),
        "language": "en",
    }
    return Event("statement.recorded", "staff-001", _clock(), data, "C-00001", "P-long")


def _receipt_rows(engine: Engine, signer: NoteSigner, n: int, keys: _BenchKeys) -> list[Row]:
    from unburied.ledger.receipt import Receipt
    from unburied.ledger.verify import verify_receipt

    with SqlUnitOfWork(engine, signer=signer, clock=_clock, views=LOG_VIEWS) as uow:
        long = uow.events.append([_statement(keys, 1_000), _statement(keys, 10_000)])
        _write_vault(uow.connection, keys)
        uow.commit()
    texts = {}
    cases = (
        (n // 3 // 4 * 4, "a statement"),
        (n // 3 // 4 * 4 + 1, "a case event"),
        (long[0].seq, "a 1,000-character statement"),
        (long[1].seq, "a 10,000-character statement"),
    )
    for seq, what in cases:
        with engine.connect() as conn:
            checkpoint = CheckpointStore(conn).at_least(seq + 1)
            assert checkpoint is not None
            proof = tuple(StoredTree(conn).inclusion_proof(seq, checkpoint.size))
            (leaf,) = conn.exec_driver_sql("SELECT leaf FROM events WHERE seq = ?", (seq,)).one()
        texts[what] = (Receipt(seq, proof, checkpoint.note, leaf).to_text(), len(leaf))
    vkey = signer.to_vkey()
    text = texts["a statement"][0]
    spent = _timed([lambda: verify_receipt(text, vkey) for _ in range(200)])
    note = SignedNote.from_text(checkpoint.note)
    public = Ed25519PublicKey.from_public_bytes(signer.verifier.public_key)
    message, signature = note.text.encode("utf-8"), note.signatures[0].signature
    raw = _timed([lambda: public.verify(signature, message) for _ in range(200)])
    rows = [
        Row(
            f"receipt size: {what} ({event:,}-byte event), tree of {checkpoint.size:,}",
            f"{len(receipt.encode()):,} bytes",
            "",
            "",
            "≤ 2,048 bytes",
            len(receipt.encode()) <= 2048,
        )
        for what, (receipt, event) in texts.items()
    ]
    rows.append(
        Row(
            "receipt verification, offline (proof + Ed25519 note)",
            f"{spent * 1e6:.0f} µs",
            f"{raw * 1e6:.0f} µs Ed25519 alone",
            f"{raw / spent:.2f}",
            "(no target)",
            None,
        )
    )
    return rows


# ------------------------------------------------------------------------------------ audit


def _audit_rows(engine: Engine, signer: NoteSigner, db: Path, n: int, deep: bool) -> list[Row]:
    with sqlite3.connect(db) as conn:
        leaves = [leaf for (leaf,) in conn.execute("SELECT leaf FROM events ORDER BY seq")]
    start = time.perf_counter()
    for leaf in leaves:
        leaf_hash(leaf)
    raw = time.perf_counter() - start
    del leaves
    target = 5.0 * n / 1_000_000
    results = []
    # At PARALLEL_FROM events and above the audit shares the rows among worker processes.
    modes = (
        [(2, "2 worker processes"), (1, "in one process")]
        if n >= PARALLEL_FROM
        else [(1, "in one process")]
    )
    for workers, label in modes:
        start, start_cpu = time.perf_counter(), _cpu()
        verify_log(engine, signer.verifier, workers=workers)
        spent, cpu = time.perf_counter() - start, _cpu() - start_cpu
        results.append(
            Row(
                f"full re-audit of {n:,} events ({label})",
                f"{spent:.2f} s (CPU {cpu:.2f} s)",
                f"{raw:.2f} s hashlib",
                f"{raw / spent:.2f}",
                f"≤ {target:.1f} s" if label == modes[0][1] else "(see above)",
                spent <= target if label == modes[0][1] else None,
            )
        )
    if deep:
        start = time.perf_counter()
        verify_log(engine, signer.verifier, deep=True)
        spent = time.perf_counter() - start
        results.append(
            Row(
                f"deep re-audit (canonical re-encoding) of {n:,}",
                f"{spent:.2f} s",
                "",
                "",
                "(no target)",
                None,
            )
        )
    return results


# ------------------------------------------------------------------------------------ output


def _percentile(values: Sequence[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _print(console: Console, rows: Sequence[Row], n: int, load: tuple[float, float]) -> None:
    table = Table(title=f"unburied event log on SQLite (WAL, synchronous=FULL), n = {n:,}")
    for name in ("measure", "figure", "raw limit (same run)", "ratio", "target", "result"):
        table.add_column(name)
    for r in rows:
        verdict = "" if r.ok is None else ("[green]PASS[/]" if r.ok else "[red]MISS[/]")
        table.add_row(r.measure, r.figure, r.raw, r.ratio, r.target, verdict)
    console.print(table)
    console.print(
        f"Load average (1 min) at start {load[0]:.2f}, at end {load[1]:.2f}, on "
        f"{os.cpu_count()} cores: figures from a loaded machine are lower than its capacity."
    )


if __name__ == "__main__":
    sys.exit(main())
