"""Regenerate the ledger test vectors in this folder: ``python tests/vectors/generate.py``.

Deterministic: the log key comes from a fixed seed and Ed25519 signatures are deterministic
(RFC 8032), so running this again must leave git unchanged (``make vectors`` checks it).
Every negative vector is named by what is wrong with it; ``tests/unit/ledger/
test_ledger_vectors.py`` states the error and message each one must give.

The people and statements are synthetic.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unburied.domain.events import Event, encode_event
from unburied.ledger import _ed25519
from unburied.ledger._encoding import encode_b64
from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint
from unburied.ledger.merkle import MerkleTree, leaf_hash
from unburied.ledger.note import ED25519, NoteSigner, key_id, sign_note
from unburied.ledger.receipt import Receipt, ReceiptRefresh, field_commitment

HERE = Path(__file__).resolve().parent
ORIGIN = "test.unburied.example/log"
SEED = hashlib.sha256(b"unburied test vectors: log key").digest()
OTHER_SEED = hashlib.sha256(b"unburied test vectors: another key").digest()
SALT = hashlib.sha256(b"unburied test vectors: salt").digest()[:16]
STATEMENT = "I gave this statement to the independent review team on 1 May 2024."
OLD_SIZE, NEW_SIZE, INDEX = 13, 21, 5


def _flip(data: bytes, bit: int = 0) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


def _derived(label: str, n: int) -> bytes:
    return hashlib.sha256(b"unburied test vectors: " + label.encode()).digest()[:n]


def _event(seq: int) -> bytes:
    at = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    if seq != INDEX:
        return encode_event(seq, Event("concern.raised", f"person-{seq}", at, {"n": seq}, "C-7"))
    sealed = {
        "sealed": 1,
        "key": "survivor-key-1",
        "field": "statement.text",
        "commit": field_commitment(SALT, STATEMENT),
        "nonce": encode_b64(_derived("nonce", 12)),
        "ct_sha256": hashlib.sha256(_derived("ciphertext", 32)).hexdigest(),
        "ct_len": 32,
    }
    data: dict[str, Any] = {"text": sealed, "language": "en"}
    return encode_event(seq, Event("statement.recorded", "officer-3", at, data, "C-7", "S-1"))


def _write(name: str, text: str) -> None:
    (HERE / name).write_text(text, encoding="utf-8", newline="\n")


def _write_json(name: str, obj: dict[str, Any]) -> None:
    _write(name, json.dumps(obj, indent=2, sort_keys=True) + "\n")


def _vkey_of(name: str, public_key: bytes) -> str:
    """A vkey text with a correct key ID for any 32 bytes, sound or not."""
    return f"{name}+{key_id(name, public_key).hex()}+{encode_b64(bytes([ED25519]) + public_key)}"


def _encode_point(p: tuple[int, int, int, int]) -> bytes:
    x, y, z, _ = p
    inv = pow(z, -1, 2**255 - 19)
    x, y = x * inv % (2**255 - 19), y * inv % (2**255 - 19)
    return (y | (x & 1) << 255).to_bytes(32, "little")


def _mixed_order_key(good: bytes) -> bytes:
    """A valid key plus a point of order 8: on the curve, but with a low-order component."""
    point = _ed25519._decode(good)
    low = _ed25519._decode(
        bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
    )
    assert not isinstance(point, str) and not isinstance(low, str)
    return _encode_point(_ed25519._add(point, low))


def _receipts(signer: NoteSigner, other: NoteSigner, tree: MerkleTree) -> None:
    event = _event(INDEX)
    proof = tuple(tree.inclusion_proof(INDEX, OLD_SIZE))
    checkpoint = Checkpoint(ORIGIN, OLD_SIZE, tree.root(OLD_SIZE))
    note = sign_checkpoint(checkpoint, signer)
    good = Receipt(INDEX, proof, note, event)
    _write("receipt_valid.txt", good.to_text())
    _write("checkpoint_valid.txt", note)
    wrong_root = sign_checkpoint(Checkpoint(ORIGIN, OLD_SIZE, _flip(checkpoint.root)), signer)
    _write("receipt_wrong_root.txt", Receipt(INDEX, proof, wrong_root, event).to_text())
    altered = event.replace(b"officer-3", b"officer-4")
    _write("receipt_altered_event.txt", Receipt(INDEX, proof, note, altered).to_text())
    _write("receipt_index_not_event_seq.txt", Receipt(INDEX + 1, proof, note, event).to_text())
    beyond = Receipt(OLD_SIZE, proof, note, _event(OLD_SIZE)).to_text()
    _write("receipt_index_beyond_tree.txt", beyond)
    _write("receipt_proof_too_short.txt", Receipt(INDEX, proof[:-1], note, event).to_text())
    _write("receipt_proof_too_long.txt", Receipt(INDEX, (*proof, proof[0]), note, event).to_text())
    flipped = (proof[0], _flip(proof[1], 77), *proof[2:])
    _write("receipt_proof_hash_flipped.txt", Receipt(INDEX, flipped, note, event).to_text())
    sig_at = note.rindex(" ") + 1
    bad_sig = note[:sig_at] + encode_b64(_flip(_b64(note[sig_at:-1]), 300)) + "\n"
    _write("receipt_bad_signature.txt", Receipt(INDEX, proof, bad_sig, event).to_text())
    _write("checkpoint_bad_signature.txt", bad_sig)
    forged = sign_checkpoint(checkpoint, other)
    _write("receipt_signed_by_other_key.txt", Receipt(INDEX, proof, forged, event).to_text())
    other_log = sign_note(
        Checkpoint("other.example/log", OLD_SIZE, checkpoint.root).to_text(), signer
    )
    _write("receipt_other_origin.txt", Receipt(INDEX, proof, other_log, event).to_text())
    text = good.to_text()
    _write(
        "receipt_no_extra.txt",
        "\n".join(line for line in text.split("\n") if not line.startswith("extra ")),
    )
    _write(
        "receipt_bad_header.txt",
        text.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2", 1),
    )
    _write(
        "receipt_index_leading_zero.txt",
        text.replace(f"\nindex {INDEX}\n", f"\nindex 0{INDEX}\n", 1),
    )
    first = encode_b64(proof[0])
    assert first.endswith("=")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    nc = first[:-2] + alphabet[alphabet.index(first[-2]) | 1] + "="  # same bytes, padding bits set
    _write("receipt_non_canonical_base64.txt", text.replace(first, nc, 1))
    _write("receipt_crlf_line_endings.txt", text.replace("\n", "\r\n"))
    _write("receipt_truncated.txt", text[: len(text) - 40])


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _newer(signer: NoteSigner, tree: MerkleTree) -> None:
    root_old = tree.root(OLD_SIZE)
    newer = sign_checkpoint(Checkpoint(ORIGIN, NEW_SIZE, tree.root(NEW_SIZE)), signer)
    proof = tuple(tree.consistency_proof(OLD_SIZE, NEW_SIZE))
    _write("refresh_valid.txt", ReceiptRefresh(OLD_SIZE, proof, newer).to_text())
    _write("checkpoint_newer_without_proof.txt", newer)
    bad = (proof[0], _flip(proof[1], 9), *proof[2:])
    _write("refresh_wrong_proof.txt", ReceiptRefresh(OLD_SIZE, bad, newer).to_text())
    other_from = tuple(tree.consistency_proof(OLD_SIZE - 1, NEW_SIZE))
    _write("refresh_from_wrong_size.txt", ReceiptRefresh(OLD_SIZE - 1, other_from, newer).to_text())
    older = sign_checkpoint(Checkpoint(ORIGIN, OLD_SIZE - 3, tree.root(OLD_SIZE - 3)), signer)
    _write("refresh_to_smaller_tree.txt", ReceiptRefresh(OLD_SIZE, (), older).to_text())
    fork = sign_checkpoint(Checkpoint(ORIGIN, OLD_SIZE, _flip(root_old, 200)), signer)
    _write("checkpoint_fork_same_size.txt", fork)
    # A re-signed fork: a different history of the same length as the newer tree.
    forked = MerkleTree()
    for seq in range(NEW_SIZE):
        forked.append(_event(seq) if seq < OLD_SIZE - 1 else b"rewritten %d" % seq)
    fork_note = sign_checkpoint(Checkpoint(ORIGIN, NEW_SIZE, forked.root()), signer)
    fork_proof = tuple(forked.consistency_proof(OLD_SIZE, NEW_SIZE))
    _write(
        "refresh_rewritten_history.txt", ReceiptRefresh(OLD_SIZE, fork_proof, fork_note).to_text()
    )


def _checkpoints(signer: NoteSigner, tree: MerkleTree) -> None:
    root = encode_b64(tree.root(OLD_SIZE))
    bodies = {
        "checkpoint_size_leading_zero.txt": f"{ORIGIN}\n0{OLD_SIZE}\n{root}\n",
        "checkpoint_root_too_short.txt": f"{ORIGIN}\n{OLD_SIZE}\n{encode_b64(tree.root()[:31])}\n",
        "checkpoint_two_lines.txt": f"{ORIGIN}\n{OLD_SIZE}\n",
        "checkpoint_empty_extension_line.txt": f"{ORIGIN}\n{OLD_SIZE}\n{root}\n\n",
        "checkpoint_negative_size.txt": f"{ORIGIN}\n-{OLD_SIZE}\n{root}\n",
    }
    for name, body in bodies.items():
        _write(name, sign_note(body, signer))
    _write("checkpoint_unsigned.txt", f"{ORIGIN}\n{OLD_SIZE}\n{root}\n")


def _notes(signer: NoteSigner) -> None:
    text = "A note signed by the test log key.\n"
    good = sign_note(text, signer)
    _write("note_valid.txt", good)
    _write("note_no_blank_line.txt", good.replace("\n\n", "\n", 1))
    _write("note_control_character.txt", good.replace("A note", "A\tnote", 1))
    line = good[len(text) + 1 :]
    _write("note_too_many_signatures.txt", text + "\n" + line * 101)
    _write("note_signature_not_base64.txt", good[:-10] + "!!!!!!!!!\n")
    _write("note_signature_without_dash.txt", good.replace("— ", "- ", 1))


def _vkeys(signer: NoteSigner) -> None:
    vkey = signer.to_vkey()
    public = signer.verifier.public_key
    _write("vkey.txt", vkey + "\n")
    low = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    _write("vkey_low_order.txt", _vkey_of("low.example/log", low) + "\n")
    non_canonical = (2**255 - 19 + 3).to_bytes(32, "little")
    _write("vkey_non_canonical.txt", _vkey_of("nc.example/log", non_canonical) + "\n")
    _write("vkey_mixed_order.txt", _vkey_of("mixed.example/log", _mixed_order_key(public)) + "\n")
    name, hex_id, key = vkey.split("+", 2)
    wrong_id = f"{int(hex_id, 16) ^ 1:08x}"
    _write("vkey_wrong_key_id.txt", f"{name}+{wrong_id}+{key}\n")
    typed = encode_b64(bytes([0x02]) + public)
    _write("vkey_wrong_type.txt", f"{name}+{key_id(name, public).hex()}+{typed}\n")
    _write("vkey_name_with_space.txt", _vkey_of("test log", public) + "\n")
    _write("vkey_missing_part.txt", f"{name}+{key}\n")
    _write("vkey_short_key.txt", f"{name}+{hex_id}+{encode_b64(bytes([ED25519]) + public[:31])}\n")
    _write("vkey_upper_case_key_id.txt", f"{name}+{hex_id.upper()}+{key}\n")


def _proofs(tree: MerkleTree) -> None:
    size, index = OLD_SIZE, INDEX
    proof = tree.inclusion_proof(index, size)

    def inclusion(desc: str, **change: Any) -> dict[str, Any]:
        v = {
            "leafIdx": index,
            "treeSize": size,
            "root": encode_b64(tree.root(size)),
            "leafHash": encode_b64(leaf_hash(_event(index))),
            "proof": [encode_b64(p) for p in proof],
            "desc": desc,
            "wantErr": True,
        }
        return {**v, **change}

    _write_json("proof_valid.json", inclusion("valid inclusion proof", wantErr=False))
    _write_json(
        "proof_too_short.json",
        inclusion("last hash removed", proof=[encode_b64(p) for p in proof[:-1]]),
    )
    _write_json(
        "proof_too_long.json",
        inclusion("a hash appended", proof=[encode_b64(p) for p in [*proof, proof[0]]]),
    )
    _write_json(
        "proof_flipped_bit.json",
        inclusion(
            "one bit of hash 2 flipped",
            proof=[encode_b64(p) for p in [proof[0], _flip(proof[1], 5), *proof[2:]]],
        ),
    )
    _write_json(
        "proof_wrong_leaf.json",
        inclusion("leaf of another event", leafHash=encode_b64(leaf_hash(_event(index + 1)))),
    )
    _write_json("proof_index_beyond_size.json", inclusion("index equals the size", leafIdx=size))
    _write_json(
        "proof_hash_33_bytes.json",
        inclusion(
            "hash 1 has a trailing byte",
            proof=[encode_b64(proof[0] + b"\x00"), *(encode_b64(p) for p in proof[1:])],
        ),
    )
    cons = tree.consistency_proof(OLD_SIZE, NEW_SIZE)

    def consistency(desc: str, **change: Any) -> dict[str, Any]:
        v = {
            "size1": OLD_SIZE,
            "size2": NEW_SIZE,
            "root1": encode_b64(tree.root(OLD_SIZE)),
            "root2": encode_b64(tree.root(NEW_SIZE)),
            "proof": [encode_b64(p) for p in cons],
            "desc": desc,
            "wantErr": True,
        }
        return {**v, **change}

    _write_json("consistency_valid.json", consistency("valid consistency proof", wantErr=False))
    _write_json("consistency_from_zero.json", consistency("from the empty tree", size1=0, proof=[]))
    _write_json(
        "consistency_backwards.json", consistency("sizes swapped", size1=NEW_SIZE, size2=OLD_SIZE)
    )
    _write_json(
        "consistency_too_short.json",
        consistency("last hash removed", proof=[encode_b64(p) for p in cons[:-1]]),
    )
    _write_json(
        "consistency_swapped_roots.json",
        consistency(
            "roots swapped",
            root1=encode_b64(tree.root(NEW_SIZE)),
            root2=encode_b64(tree.root(OLD_SIZE)),
        ),
    )


def _holder_copies() -> None:
    copy = {"field": "text", "value": STATEMENT, "salt": encode_b64(SALT)}
    _write_json("holder_copy_valid.json", copy)
    _write_json(
        "holder_copy_altered_value.json", {**copy, "value": STATEMENT.replace("1 May", "2 May")}
    )
    _write_json("holder_copy_wrong_salt.json", {**copy, "salt": encode_b64(_flip(SALT))})
    _write_json("holder_copy_not_sealed.json", {**copy, "field": "language"})


def main() -> None:
    """Write every vector file into this folder."""
    signer = NoteSigner.from_seed(ORIGIN, SEED)
    other = NoteSigner.from_seed(ORIGIN, OTHER_SEED)
    tree = MerkleTree()
    for seq in range(NEW_SIZE):
        tree.append(_event(seq))
    _receipts(signer, other, tree)
    _newer(signer, tree)
    _checkpoints(signer, tree)
    _notes(signer)
    _vkeys(signer)
    _proofs(tree)
    _holder_copies()


if __name__ == "__main__":
    main()
