"""Offline verification of a receipt: the one function a survivor's solicitor or expert runs.

Example, with the three files a holder has (her receipt, the log's public key, and optionally
a refresh or newer checkpoint the log published later)::

    from pathlib import Path
    from unburied.ledger.verify import verify_receipt

    proven = verify_receipt(
        Path("statement.tlog-proof").read_text(encoding="utf-8"),
        Path("log.vkey").read_text(encoding="utf-8").strip(),
        newer_checkpoint=Path("refresh.txt").read_text(encoding="utf-8"),  # optional
    )
    print(proven.origin, proven.index, proven.tree_size, proven.newer_size)

A complete, runnable example that builds a one-entry log, issues a receipt and checks it:

>>> from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint
>>> from unburied.ledger.merkle import MerkleTree
>>> from unburied.ledger.note import NoteSigner
>>> from unburied.ledger.receipt import Receipt
>>> from unburied.ledger.verify import verify_receipt
>>> log_key = NoteSigner.from_seed("example.org/review-log", bytes(32))
>>> event = (b'{"actor":"clerk-1","at":"2024-05-01T09:00:00.000000Z","case":"C-1",'
...          b'"data":{},"seq":0,"subject":null,"type":"case.opened","v":1}')
>>> tree = MerkleTree()
>>> tree.append(event)
0
>>> checkpoint = Checkpoint("example.org/review-log", tree.size, tree.root())
>>> note = sign_checkpoint(checkpoint, log_key)
>>> receipt = Receipt(0, tuple(tree.inclusion_proof(0)), note, event).to_text()
>>> proven = verify_receipt(receipt, log_key.to_vkey())
>>> (proven.origin, proven.index, proven.tree_size, proven.event == event)
('example.org/review-log', 0, 1, True)

What is checked, in order (each step raises its own one-line error):

1. the receipt parses (C2SP tlog-proof@v1);                                   FormatError
2. the verifier key parses and is a sound Ed25519 key (C2SP signed-note);     FormatError
3. the checkpoint is signed by that key, and is of that key's log;            SignatureError
4. the leaf hash is recomputed from the event bytes (RFC 9162 §2.1.1), and
   the event's own sequence number is the index proven;                       ProofError
5. the inclusion proof leads from that leaf to the checkpoint's root
   (RFC 9162 §2.1.3.2);                                                       ProofError
6. if a newer checkpoint is given: it is signed by the same key for the same
   log, no smaller, and consistent with the receipt's (RFC 9162 §2.1.4.2).    all three

A newer checkpoint of a *larger* tree needs a consistency proof: pass a refresh file
(``unburied.ledger.receipt.ReceiptRefresh``: header, ``from <size>``, proof lines, blank line,
the newer signed checkpoint). A bare signed checkpoint is accepted only for the same tree size,
where the roots must be equal. One argument keeps the solicitor's job to one extra file.

No database, no network: everything needed is in the arguments.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, replace

from unburied.domain.errors import FormatError, ProofError
from unburied.ledger._encoding import shown
from unburied.ledger.checkpoint import Checkpoint, open_checkpoint
from unburied.ledger.merkle import leaf_hash, verify_consistency, verify_inclusion
from unburied.ledger.note import NoteVerifier
from unburied.ledger.receipt import REFRESH_HEADER, Receipt, ReceiptRefresh

__all__ = ["VerifiedReceipt", "verify_receipt"]


@dataclass(frozen=True)
class VerifiedReceipt:
    """What a receipt proved: this event is leaf ``index`` of ``origin``'s signed tree."""

    origin: str
    index: int
    tree_size: int
    root: bytes
    leaf_hash: bytes
    event: bytes
    newer_size: int | None = None
    newer_root: bytes | None = None


def verify_receipt(
    receipt_text: str, vkey: str, newer_checkpoint: str | None = None
) -> VerifiedReceipt:
    """Verify a receipt offline against the log's vkey; return what it proved, or raise.

    ``vkey`` may carry surrounding white space (a vkey file ends in a newline).
    ``newer_checkpoint`` is a refresh file, or a signed checkpoint of the same size.
    """
    # (1): parse the receipt.
    receipt = Receipt.from_text(receipt_text)
    # (2): parse the log's verifier key.
    verifier = NoteVerifier.from_vkey(vkey.strip())
    # (3): the checkpoint is signed by that key and names its log.
    checkpoint = open_checkpoint(receipt.checkpoint, verifier)
    # (4): recompute the leaf from the event bytes; the event says it is that leaf.
    leaf = leaf_hash(receipt.event)
    seq = _event_seq(receipt.event)
    if seq != receipt.index:
        raise ProofError(f"event bytes say sequence number {seq}, receipt index is {receipt.index}")
    # (5): the inclusion proof leads to the signed root.
    verify_inclusion(leaf, receipt.index, checkpoint.size, receipt.proof, checkpoint.root)
    result = VerifiedReceipt(
        checkpoint.origin, receipt.index, checkpoint.size, checkpoint.root, leaf, receipt.event
    )
    if newer_checkpoint is None:
        return result
    # (6): today's tree still contains the receipt's tree.
    newer = _check_newer(checkpoint, newer_checkpoint, verifier)
    return replace(result, newer_size=newer.size, newer_root=newer.root)


def _event_seq(event: bytes) -> int:
    """The ``seq`` field of canonical event bytes (``unburied.domain.events``)."""
    try:
        obj = json.loads(event.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FormatError("receipt event bytes are not UTF-8 JSON") from None
    seq = obj.get("seq") if isinstance(obj, dict) else None
    if type(seq) is not int:
        raise FormatError("receipt event bytes have no integer 'seq' field")
    return seq


def _check_newer(old: Checkpoint, text: str, verifier: NoteVerifier) -> Checkpoint:
    """Open the newer checkpoint (bare or in a refresh) and check it extends ``old``."""
    # (6a): a refresh carries a consistency proof; a bare checkpoint carries none.
    if text.startswith(REFRESH_HEADER + "\n"):
        refresh = ReceiptRefresh.from_text(text)
        note, proof, from_size = refresh.checkpoint, refresh.proof, refresh.old_size
    else:
        note, proof, from_size = text, (), old.size
    # (6b): signed by the same key, for the same log.
    newer = open_checkpoint(note, verifier, origin=old.origin)
    # (6c): the proof starts at the receipt's tree size and the log did not shrink.
    if from_size != old.size:
        raise ProofError(f"refresh is from tree size {from_size:,}, receipt is for {old.size:,}")
    if newer.size < old.size:
        raise ProofError(f"newer checkpoint has {newer.size:,} leaves, fewer than {old.size:,}")
    if newer.size == old.size:
        if proof:
            raise ProofError(f"refresh between equal sizes {old.size:,} has {len(proof)} hashes")
        if not hmac.compare_digest(newer.root, old.root):
            raise ProofError(
                f"two different checkpoints for tree size {old.size:,} of log {shown(old.origin)}"
            )
        return newer
    if not proof:
        raise ProofError(
            f"newer checkpoint of size {newer.size:,} comes with no consistency proof from "
            f"{old.size:,}; pass the refresh file the log issues"
        )
    # (6d): RFC 9162 §2.1.4.2.
    verify_consistency(old.size, newer.size, proof, old.root, newer.root)
    return newer
