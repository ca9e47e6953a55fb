"""The full audit of a stored log: every event, every tree node, every checkpoint.

:func:`verify_log` raises :class:`LogIntegrityError` at the first failure in sequence order,
naming the sequence number and what is wrong. For every row, in order:

1. the sequence has no gap (``event 17 missing: sequence jumps from 16 to 18``);
2. the leaf hash is SHA-256(0x00 ‖ stored bytes) (RFC 9162 §2.1.1);
3. the indexed columns (type, actor, time, case, subject) and the row's seq are the ones inside
   the bytes — canonical key order puts each before or after ``data``;
4. with ``deep=True``, the bytes are canonical: decoding and re-encoding gives them back
   (about 15 times slower);
5. the tree nodes stored with the row are the ones rebuilt from the leaf hashes (RFC 9162
   §2.1.1 node hash).

And for the log as a whole:

6. every stored checkpoint carries a valid signature of the log's key and says what its row
   says, and its root is the root of the rebuilt tree at its size; so is every checkpoint the
   caller kept from earlier. A fork re-signed with the log's own key is caught only so;
7. every event is covered by a stored checkpoint — each commit signs one in the same
   transaction, so a row beyond the latest checkpoint was written behind the log's back;
8. with ``deep=True``, the vault agrees with the log: every data key a sealed field names is
   in ``data_keys``, live, and every ciphertext it names is in ``sealed_blobs`` with the
   SHA-256 and length the event commits to — unless a ``survivor.erased`` event records the
   destruction of that key. A key or ciphertext deleted behind the log's back is caught so.

**Blocks.** The log is checked in aligned blocks of 2**14 events. Inside a block everything
above is local; the complete nodes above block level are the tree whose leaves are the block
roots, which the coordinating loop rebuilds in order. So a long log's blocks are checked by
several worker processes at once, and a short one's in this process, by the same code.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from unburied.domain.errors import FormatError, LogIntegrityError
from unburied.domain.events import ENCODING_VERSION, decode_event
from unburied.ledger.checkpoint import open_checkpoint
from unburied.ledger.merkle import EMPTY_ROOT, HASH_SIZE
from unburied.ledger.note import NoteVerifier
from unburied.store.checkpoints import CheckpointStore
from unburied.store.engine import engine_url, is_sqlite, make_engine, placeholder, raw_cursor
from unburied.store.leaves import encode_leaf, envelope, leaf_time
from unburied.store.rows import decode_row
from unburied.store.tree import stored_size

__all__ = ["BLOCK_LEVEL", "PARALLEL_FROM", "LogReport", "Progress", "verify_log"]

Progress = Callable[[int, int], None]

#: Blocks of 2**BLOCK_LEVEL events are checked on their own.
BLOCK_LEVEL = 14
#: Blocks per task handed to a worker process.
_TASK_BLOCKS = 4
#: Logs at least this long are checked by worker processes.
PARALLEL_FROM = 200_000
_PAGE = 16_384
# The indexed columns come back as UTF-8 bytes, so a row's envelope is built with one bytes
# formatting and no text decoding.
_TEXT_AS_BYTES = {"sqlite": "CAST({} AS BLOB)", "postgresql": "convert_to({}, 'UTF8')"}
_TEXT_COLUMNS = ("type", "actor", "at", "case_ref", "subject")
_PREFIX = b'{"actor":"%s","at":"%s","case":%s,"data":'
_SUFFIX = b',"seq":%d,"subject":%s,"type":"%s","v":' + str(ENCODING_VERSION).encode() + b"}"


@dataclass(frozen=True)
class LogReport:
    """What a successful audit checked."""

    size: int
    root: bytes
    checkpoints: int
    kept_checkpoints: int
    latest_checkpoint: int | None
    deep: bool


@dataclass(frozen=True, order=True)
class _Failure:
    """A problem, ordered by the first sequence number it concerns."""

    seq: int
    message: str


@dataclass(frozen=True)
class _Claim:
    """A root the tree must have at ``size``, and who claims it."""

    size: int
    root: bytes
    label: str


@dataclass
class _Span:
    """What checking the rows [start, stop) found (``start`` is block-aligned)."""

    start: int
    first: int | None = None  # the first sequence number seen
    done: int = 0  # rows checked: start + number of consecutive rows seen
    failure: _Failure | None = None
    roots: list[bytes] = field(default_factory=list)  # root of each full block
    tails: list[bytes] = field(default_factory=list)  # stored nodes above block level, per block
    parts: dict[int, tuple[bytes, ...]] = field(
        default_factory=dict
    )  # in-block frontier at a claim
    rest: tuple[bytes, ...] = ()  # in-block frontier of a final partial block
    sealed: list[_Sealed] = field(default_factory=list)  # deep: the sealed fields seen
    erased: set[str] = field(default_factory=set)  # deep: key ids of survivor.erased events


@dataclass(frozen=True)
class _Sealed:
    """A sealed field of event ``seq`` (deep audit): its key, ciphertext hash and length."""

    seq: int
    field: str
    key: str
    digest: str
    length: int


def verify_log(
    engine: Engine,
    verifier: NoteVerifier,
    progress: Progress | None = None,
    *,
    kept: Sequence[str] = (),
    deep: bool = False,
    workers: int = 2,
    block_level: int = BLOCK_LEVEL,
) -> LogReport:
    """Audit the whole log of ``engine``; return a report or raise :class:`LogIntegrityError`.

    ``verifier`` is the log's public key, from the operator's own copy of the vkey (never from
    the database). ``kept`` are signed checkpoint notes saved earlier by whoever verifies.
    ``progress(done, total)`` is called as rows are checked. A log of :data:`PARALLEL_FROM`
    events or more is checked by ``workers`` processes (0 or 1: in this process), in aligned
    blocks of ``2**block_level`` events (the verdict never depends on it; tests vary it).
    """
    with engine.connect() as conn:
        if not is_sqlite(conn):
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            stored = list(CheckpointStore(conn).all())
            for checkpoint in stored:
                checkpoint.open(verifier)  # signature, origin, and the row is the note
            claims = [_Claim(c.size, c.root, "checkpoint") for c in stored]
            claims += _kept(kept, verifier)
            total = stored_size(conn)
            sizes = frozenset(c.size for c in claims)
            spans_seen: list[_Span] = []
            if workers >= 2 and total >= PARALLEL_FROM:
                url = engine_url(engine)
                spans = _spans_in_workers(url, total, sizes, deep, workers, block_level)
                spans = _kept_spans(spans, spans_seen)
                size, root = _Upper(claims, total, block_level).check(spans, progress)
            else:
                span = _check_span(conn, 0, total, sizes, deep, block_level, progress)
                spans_seen.append(span)
                size, root = _Upper(claims, total, block_level).check(iter([span]), None)
            _check_all_signed(size, stored[-1].size if stored else 0)
            if deep:
                _check_vault(conn, spans_seen)
    return LogReport(
        size=size,
        root=root,
        checkpoints=len(stored),
        kept_checkpoints=len(kept),
        latest_checkpoint=stored[-1].size if stored else None,
        deep=deep,
    )


def _check_all_signed(size: int, covered: int) -> None:
    """(7): every event is covered by a stored checkpoint: each commit signs one with it."""
    if size > covered:
        raise LogIntegrityError(
            f"event {covered} is not covered by any signed checkpoint (the latest is at size "
            f"{covered:,}, the log holds {size:,} events): it was written behind the log's back"
        )


def _kept_spans(spans: Iterator[_Span], into: list[_Span]) -> Iterator[_Span]:
    for span in spans:
        into.append(span)
        yield span


def _check_vault(conn: Connection, spans: Sequence[_Span]) -> None:
    """(8): every key and ciphertext a sealed field names is stored, unless it was erased."""
    erased = set().union(*(span.erased for span in spans))
    rows = conn.exec_driver_sql("SELECT key_id, destroyed_at FROM data_keys").all()
    keys: dict[str, str | None] = {str(k): d for k, d in rows}
    blobs: dict[str, tuple[bool, int]] = {}
    with raw_cursor(conn) as cursor:
        cursor.execute("SELECT digest, ct FROM sealed_blobs")
        for digest, ct in cursor:
            digest, ct = bytes(digest), bytes(ct)
            blobs[digest.hex()] = (hashlib.sha256(ct).digest() == digest, len(ct))
    for ref in (r for span in spans for r in span.sealed):
        if ref.key in erased:
            continue
        where = f"event {ref.seq}: sealed field '{ref.field}'"
        if ref.key not in keys:
            raise LogIntegrityError(
                f"{where} names data key {ref.key}, which is not in the vault, and no "
                "survivor.erased event records its erasure: it was deleted behind the log's back"
            )
        if keys[ref.key] is not None:
            raise LogIntegrityError(
                f"{where} names data key {ref.key}, destroyed at {keys[ref.key]}, but no "
                "survivor.erased event records its erasure"
            )
        blob = blobs.get(ref.digest)
        if blob is None:
            raise LogIntegrityError(
                f"{where}: its ciphertext (SHA-256 {ref.digest}) is not stored, and its key "
                "was not erased"
            )
        if not blob[0] or blob[1] != ref.length:
            raise LogIntegrityError(
                f"{where}: the stored ciphertext (SHA-256 {ref.digest}) does not match the "
                f"hash and length ({ref.length} bytes) the event commits to"
            )


def _collect_sealed(span: _Span, seq: int, leaf: bytes) -> None:
    """Deep audit: note the sealed fields of an event, and the key a survivor.erased names."""
    obj = json.loads(leaf)
    data = obj.get("data")
    if obj.get("type") == "survivor.erased" and isinstance(data, dict):
        key = data.get("key")
        if isinstance(key, str):
            span.erased.add(key)
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            if node.get("sealed") == 1 and "ct_sha256" in node:
                span.sealed.append(
                    _Sealed(
                        seq,
                        str(node.get("field")),
                        str(node.get("key")),
                        str(node.get("ct_sha256")),
                        int(node["ct_len"]) if type(node.get("ct_len")) is int else -1,
                    )
                )
            else:
                todo.extend(node.values())


def _kept(notes: Sequence[str], verifier: NoteVerifier) -> list[_Claim]:
    claims = []
    for i, note in enumerate(notes):
        checkpoint = open_checkpoint(note, verifier)  # FormatError, SignatureError: bad input
        claims.append(_Claim(checkpoint.size, checkpoint.root, f"kept checkpoint {i + 1}"))
    return claims


def _spans_in_workers(
    url: str, total: int, sizes: frozenset[int], deep: bool, workers: int, level: int
) -> Iterator[_Span]:
    """Check the blocks in worker processes, a few blocks per task; yield results in order."""
    step = _TASK_BLOCKS << level
    starts = list(range(0, total, step))
    stops = [min(s + step, total) for s in starts]
    claims = [frozenset(c for c in sizes if s < c <= e) for s, e in zip(starts, stops, strict=True)]
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited handles
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        n = len(starts)
        yield from pool.map(
            _check_in_worker, [url] * n, starts, stops, claims, [deep] * n, [level] * n
        )


_WORKER_ENGINES: dict[str, Engine] = {}


def _check_in_worker(
    url: str, start: int, stop: int, sizes: frozenset[int], deep: bool, level: int
) -> _Span:
    engine = _WORKER_ENGINES.get(url)
    if engine is None:
        engine = _WORKER_ENGINES[url] = make_engine(url)
    with engine.connect() as conn, conn.begin():
        return _check_span(conn, start, stop, sizes, deep, level, None)


def _pages(conn: Connection, start: int, stop: int) -> Iterator[list[Any]]:
    """Rows ``start <= seq < stop`` in seq order, a page at a time, through a driver cursor."""
    mark = placeholder(conn)
    as_bytes = _TEXT_AS_BYTES[conn.dialect.name]
    texts = ", ".join(as_bytes.format(c) for c in _TEXT_COLUMNS)
    sql = (
        f"SELECT seq, leaf, leaf_hash, nodes, {texts} FROM events "
        f"WHERE seq >= {mark} AND seq < {mark} ORDER BY seq LIMIT {_PAGE}"
    )
    with raw_cursor(conn) as cursor:
        while start < stop:
            cursor.execute(sql, (start, stop))
            page = cursor.fetchall()
            if not page:
                return
            yield page
            start = int(page[-1][0]) + 1


# ------------------------------------------------------------------------ rows and blocks


def _check_span(
    conn: Connection,
    start: int,
    stop: int,
    sizes: frozenset[int],
    deep: bool,
    block_level: int,
    progress: Progress | None,
) -> _Span:
    """Checks 1–5 for rows [start, stop); the loop is the audit's hot path, kept flat."""
    span = _Span(start=start, done=start)
    block_mask = (1 << block_level) - 1
    sha256 = hashlib.sha256
    prefix_of, suffix_of = _PREFIX.__mod__, _SUFFIX.__mod__
    stack: list[bytes] = []  # the in-block right frontier, largest subtree first
    done = start
    for page in _pages(conn, start, stop):
        if span.first is None:
            span.first = int(page[0][0])
        for seq, leaf, lh, nodes, type_, actor, at, case, subject in page:
            # (1): no gap in the sequence.
            if seq != done:
                span.failure = _Failure(done, _gap(done, seq))
                return span
            # (2): the leaf hash is the hash of the bytes.
            if sha256(b"\x00" + leaf).digest() != lh:
                span.failure = _Failure(
                    seq, f"event {seq}: stored leaf hash does not match its bytes"
                )
                return span
            # (3): the indexed columns and the seq are the ones inside the bytes. A value with
            # no backslash is its own JSON text between quotes (nothing in it needs escaping,
            # or its JSON text would hold a backslash): one bytes formatting per row.
            prefix = prefix_of((actor, at, b"null" if case is None else b'"' + case + b'"'))
            suffix = suffix_of((seq, b"null" if subject is None else b'"' + subject + b'"', type_))
            if b"\\" in prefix or b"\\" in suffix:
                prefix, suffix = _escaped_envelope(seq, type_, actor, at, case, subject)
            if not (leaf.startswith(prefix) and leaf.endswith(suffix)):
                columns = (type_, actor, at, case, subject)
                span.failure = _Failure(seq, _column_problem(seq, leaf, _texts(columns)))
                return span
            # (4): optionally, the bytes are canonical.
            if deep:
                if (problem := _canonical_problem(seq, leaf)) is not None:
                    span.failure = _Failure(seq, problem)
                    return span
                _collect_sealed(span, seq, leaf)
            # (5): the nodes this leaf completes inside its block are the stored ones.
            h = lh
            done = m = seq + 1
            built = b""
            level = 0
            while not m & 1 and level < block_level:
                h = sha256(b"\x01" + stack.pop() + h).digest()
                built += h
                m >>= 1
                level += 1
            ours = nodes[: HASH_SIZE * block_level] if level == block_level else nodes
            if built != ours:
                span.failure = _node_failure(seq, bytes(ours), built, 0)
                return span
            if level == block_level:  # a full block: its root goes up, its frontier is empty
                span.roots.append(h)
                span.tails.append(bytes(nodes[HASH_SIZE * block_level :]))
            else:
                stack.append(h)
            if done in sizes and done & block_mask:
                span.parts[done] = tuple(stack)
        span.done = done
        if progress is not None:
            progress(done, stop)
    span.done = done
    span.rest = tuple(stack)
    return span


def _texts(columns: tuple[Any, ...]) -> tuple[str | None, ...]:
    return tuple(None if c is None else bytes(c).decode("utf-8", "replace") for c in columns)


def _escaped_envelope(
    seq: int, type_: bytes, actor: bytes, at: bytes, case: bytes | None, subject: bytes | None
) -> tuple[bytes, bytes]:
    """The envelope of a row some column of which needs JSON escapes (the slow, exact path)."""
    t, a, w, c, s = _texts((type_, actor, at, case, subject))
    return envelope(seq, str(t), str(a), str(w), c, s)


def _column_problem(seq: int, leaf: bytes, row: tuple[Any, ...]) -> str:
    try:
        recorded = decode_row(seq, leaf)
    except FormatError as exc:
        return f"{exc}" if str(exc).startswith(f"event {seq}") else f"event {seq}: {exc}"
    event = recorded.event
    inside = (event.type, event.actor, leaf_time(event.at), event.case, event.subject)
    names = ("type", "actor", "at", "case_ref", "subject")
    pairs = zip(names, row, inside, strict=True)
    wrong = [f"{n} {r!r}, bytes say {b!r}" for n, r, b in pairs if r != b]
    if not wrong:
        return f"event {seq}: stored bytes are not in canonical form"
    return f"event {seq}: stored column does not match its bytes: {'; '.join(wrong)}"


def _canonical_problem(seq: int, leaf: bytes) -> str | None:
    # Fast path: parse, rebuild the event and encode it again (encode_leaf is encode_event,
    # faster); equal bytes are canonical. Only a mismatch pays for decode_event's message.
    try:
        recorded = decode_row(seq, leaf)
        if encode_leaf(seq, recorded.event, leaf_time(recorded.event.at)) == leaf:
            return None
    except FormatError:
        pass
    try:
        decoded = decode_event(leaf)
    except FormatError as exc:
        return f"event {seq}: stored bytes are not a canonical event ({exc})"
    return f"event {seq}: stored bytes are those of event {decoded.seq}"


def _gap(expected: int, seq: object) -> str:
    if expected == 0:
        return f"event 0 missing: the sequence starts at {seq}"
    return f"event {expected} missing: sequence jumps from {expected - 1} to {seq}"


def _node_failure(seq: int, stored: bytes, built: bytes, above: int) -> _Failure:
    """The first stored node that differs; ``above`` is the level of the hashes' bottom."""
    for i in range(max(len(stored), len(built)) // HASH_SIZE + 1):
        part = slice(HASH_SIZE * i, HASH_SIZE * (i + 1))
        if stored[part] != built[part]:
            level = above + i + 1
            first = seq + 1 - (1 << level)
            return _Failure(
                first,
                f"events {first}–{seq}: the stored tree node (level {level}, index "
                f"{seq >> level}) does not match these events' hashes; one of them, or the "
                "node, was altered after it was logged",
            )
    return _Failure(seq, f"event {seq}: stored tree nodes do not match the rebuilt tree")


# ------------------------------------------------------------------ above the block level


class _Upper:
    """Rebuilds the tree above block level from the block roots, in order, and checks claims."""

    def __init__(self, claims: list[_Claim], total: int, block_level: int) -> None:
        self._pending = sorted(claims, key=lambda c: c.size)
        self._total = total
        self._level = block_level
        self._block = 1 << block_level
        self._stack: list[bytes] = []  # frontier of full blocks, largest subtree first
        self._blocks = 0

    def check(self, spans: Iterator[_Span], progress: Progress | None) -> tuple[int, bytes]:
        """Consume the spans in order; raise at the first failure; return (size, root)."""
        rest: tuple[bytes, ...] = ()
        done = 0
        self._claims_at(0, EMPTY_ROOT)
        for span in spans:
            if span.start != done:  # the previous span ended early: rows are missing there
                self._fail(_Failure(done, _gap(done, span.first)))
            for root, tail in zip(span.roots, span.tails, strict=True):
                self._claims_within(self._blocks, span.parts)
                self._add_block(root, tail)
            done, rest = span.done, span.rest
            if span.failure is not None:
                self._fail(span.failure)
            self._claims_within(self._blocks, span.parts)
            if progress is not None:
                progress(done, self._total)
        if done != self._total:
            self._fail(_Failure(done, f"event {done} missing: the log ends after {self._total:,}"))
        self._claims_beyond(done)
        return done, _fold([*self._stack, *rest])

    def _add_block(self, root: bytes, tail: bytes) -> None:
        index = self._blocks
        h = root
        built = b""
        m = index + 1
        while not m & 1:
            h = hashlib.sha256(b"\x01" + self._stack.pop() + h).digest()
            built += h
            m >>= 1
        self._stack.append(h)
        self._blocks = index + 1
        if built != tail:
            self._fail(_node_failure(self._blocks * self._block - 1, tail, built, self._level))
        self._claims_at(self._blocks * self._block, _fold(self._stack))

    def _claims_within(self, block: int, parts: dict[int, tuple[bytes, ...]]) -> None:
        """Claims inside block ``block`` (not at its edges) whose frontier this span found."""
        while self._pending and self._pending[0].size // self._block == block:
            size = self._pending[0].size
            if size % self._block == 0 or size not in parts:
                return
            self._claims_at(size, _fold([*self._stack, *parts[size]]))

    def _claims_at(self, size: int, root: bytes) -> None:
        while self._pending and self._pending[0].size <= size:
            claim = self._pending.pop(0)
            if claim.size == size and claim.root != root:
                self._fail(
                    _Failure(
                        max(size - 1, 0),
                        f"{claim.label} at size {size:,}: root differs from the tree rebuilt "
                        f"from events 0–{size - 1} (the log was altered or replaced after it "
                        "was signed)",
                    )
                )

    def _claims_beyond(self, size: int) -> None:
        for claim in self._pending:
            if claim.size > size:
                self._fail(
                    _Failure(
                        size,
                        f"event {size} missing: the {claim.label} at size {claim.size:,} covers "
                        f"events up to {claim.size - 1}, but the log ends after {size:,} events "
                        "(its tail was removed)",
                    )
                )

    def _fail(self, failure: _Failure) -> None:
        raise LogIntegrityError(failure.message)


def _fold(stack: Sequence[bytes]) -> bytes:
    if not stack:
        return EMPTY_ROOT
    h = stack[-1]
    for left in reversed(stack[:-1]):
        h = hashlib.sha256(b"\x01" + left + h).digest()
    return h
