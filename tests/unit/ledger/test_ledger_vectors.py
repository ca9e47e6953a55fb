"""Our committed vectors (tests/vectors/, made by generate.py): each refused with its reason."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from unburied.domain.errors import FormatError, ProofError, SignatureError
from unburied.ledger.checkpoint import open_checkpoint
from unburied.ledger.merkle import verify_consistency, verify_inclusion
from unburied.ledger.note import NoteVerifier, open_note
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.ledger.verify import verify_receipt

VECTORS = Path(__file__).resolve().parents[2] / "vectors"
ORIGIN = "test.unburied.example/log"


def _read(name: str) -> str:
    # bytes, then decode: no newline translation, so CR LF reaches the parser as written
    return (VECTORS / name).read_bytes().decode("utf-8")


VKEY = _read("vkey.txt").strip()
RECEIPT = _read("receipt_valid.txt")


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _check(name: str) -> object:
    """Run the check a vector is for, chosen by its name prefix."""
    text = _read(name)
    if name.startswith("receipt_"):
        return verify_receipt(text, VKEY)
    if name.startswith(("refresh_", "checkpoint_newer", "checkpoint_fork")):
        return verify_receipt(RECEIPT, VKEY, newer_checkpoint=text)
    if name.startswith("checkpoint_"):
        return open_checkpoint(text, NoteVerifier.from_vkey(VKEY))
    if name.startswith("note_"):
        return open_note(text, NoteVerifier.from_vkey(VKEY))
    if name.startswith("vkey"):
        return NoteVerifier.from_vkey(text.strip())
    v: dict[str, Any] = json.loads(text)
    proof = [_b64(p) for p in v.get("proof", [])]
    if name.startswith("proof_"):
        verify_inclusion(_b64(v["leafHash"]), v["leafIdx"], v["treeSize"], proof, _b64(v["root"]))
    elif name.startswith("consistency_"):
        verify_consistency(v["size1"], v["size2"], proof, _b64(v["root1"]), _b64(v["root2"]))
    else:
        assert name.startswith("holder_copy_")
        check_holder_copy(Receipt.from_text(RECEIPT), v["field"], v["value"], _b64(v["salt"]))
    return None


VALID = [
    "receipt_valid.txt",
    "refresh_valid.txt",
    "checkpoint_valid.txt",
    "note_valid.txt",
    "vkey.txt",
    "proof_valid.json",
    "consistency_valid.json",
    "holder_copy_valid.json",
]

REFUSED: list[tuple[str, type[Exception], str]] = [
    # receipts
    ("receipt_wrong_root.txt", ProofError, "index 5 in tree of 13 gives root"),
    ("receipt_altered_event.txt", ProofError, "gives root"),
    ("receipt_index_not_event_seq.txt", ProofError, "say sequence number 5, receipt index is 6"),
    ("receipt_index_beyond_tree.txt", ProofError, "index 13 is not a leaf of a tree of 13"),
    ("receipt_proof_too_short.txt", ProofError, "has 3 hashes, expected 4 for index 5"),
    ("receipt_proof_too_long.txt", ProofError, "has 5 hashes, expected 4 for index 5"),
    ("receipt_proof_hash_flipped.txt", ProofError, "gives root"),
    ("receipt_bad_signature.txt", SignatureError, r"\(key ID d2ad50f0\) does not verify"),
    ("receipt_signed_by_other_key.txt", SignatureError, "no signature by 'test.unburied"),
    ("receipt_other_origin.txt", SignatureError, "from log 'other.example/log', expected"),
    ("receipt_no_extra.txt", FormatError, "no 'extra' line"),
    ("receipt_bad_header.txt", FormatError, "expected 'c2sp.org/tlog-proof@v1'"),
    ("receipt_index_leading_zero.txt", FormatError, "receipt index .* leading zeros: '05'"),
    ("receipt_non_canonical_base64.txt", FormatError, "proof line 1 is not in canonical base64"),
    ("receipt_crlf_line_endings.txt", FormatError, "Windows line endings"),
    ("receipt_truncated.txt", FormatError, "receipt checkpoint: note has no signature lines"),
    # a newer checkpoint or refresh
    ("refresh_wrong_proof.txt", ProofError, "from size 13 to 21 gives second root"),
    ("refresh_rewritten_history.txt", ProofError, "from size 13 to 21 gives first root"),
    ("refresh_from_wrong_size.txt", ProofError, "refresh is from tree size 12, receipt is for 13"),
    ("refresh_to_smaller_tree.txt", ProofError, "has 10 leaves, fewer than 13"),
    ("checkpoint_fork_same_size.txt", ProofError, "two different checkpoints for tree size 13"),
    ("checkpoint_newer_without_proof.txt", ProofError, "size 21 comes with no consistency proof"),
    # checkpoints
    ("checkpoint_bad_signature.txt", SignatureError, "does not verify"),
    ("checkpoint_size_leading_zero.txt", FormatError, "tree size .* leading zeros: '013'"),
    ("checkpoint_negative_size.txt", FormatError, "tree size .* '-13'"),
    ("checkpoint_root_too_short.txt", FormatError, "root hash has 31 bytes, expected 32"),
    ("checkpoint_two_lines.txt", FormatError, "has 2 lines, expected at least 3"),
    ("checkpoint_empty_extension_line.txt", FormatError, "extension line 1 is empty"),
    ("checkpoint_unsigned.txt", FormatError, "no blank line before its signatures"),
    # notes
    ("note_no_blank_line.txt", FormatError, "no blank line before its signatures"),
    ("note_control_character.txt", FormatError, r"control character '\\t'"),
    ("note_too_many_signatures.txt", FormatError, "101 signatures, at most 100"),
    ("note_signature_not_base64.txt", FormatError, "signature line 1 signature is not base64"),
    ("note_signature_without_dash.txt", FormatError, "does not start with an em dash"),
    # verifier keys
    ("vkey_low_order.txt", FormatError, "is a low-order point; refused"),
    ("vkey_non_canonical.txt", FormatError, r"not canonically encoded \(y ≥ p\)"),
    ("vkey_mixed_order.txt", FormatError, "has a low-order component"),
    ("vkey_wrong_key_id.txt", FormatError, "key ID is d2ad50f1, expected d2ad50f0"),
    ("vkey_wrong_type.txt", FormatError, "33 bytes starting 02, expected 33 starting 01"),
    ("vkey_name_with_space.txt", FormatError, "key name 'test log' contains a space"),
    ("vkey_missing_part.txt", FormatError, "not of the form name\\+keyid\\+key"),
    ("vkey_short_key.txt", FormatError, "vkey key has 32 bytes"),
    ("vkey_upper_case_key_id.txt", FormatError, "not 8 lower-case hex digits: 'D2AD50F0'"),
    # bare proofs (same JSON fields as the transparency-dev vectors)
    ("proof_too_short.json", ProofError, "has 3 hashes, expected 4 for index 5 in tree of 13"),
    ("proof_too_long.json", ProofError, "has 5 hashes, expected 4"),
    ("proof_flipped_bit.json", ProofError, "gives root"),
    ("proof_wrong_leaf.json", ProofError, "gives root"),
    ("proof_index_beyond_size.json", ProofError, "is not a leaf"),
    ("proof_hash_33_bytes.json", ProofError, "proof hash 0 has 33 bytes, expected 32"),
    ("consistency_from_zero.json", ProofError, "from a tree of size 0 proves nothing"),
    ("consistency_backwards.json", ProofError, "went backwards: 21 then 13"),
    ("consistency_too_short.json", ProofError, "has 5 hashes, expected 6 from size 13 to 21"),
    ("consistency_swapped_roots.json", ProofError, "gives first root"),
    # the holder's own copy of a protected value
    ("holder_copy_altered_value.json", ProofError, "copy of 'text' does not match the event"),
    ("holder_copy_wrong_salt.json", ProofError, "does not match the event"),
    ("holder_copy_not_sealed.json", FormatError, "field 'language' is not a sealed value"),
]


def test_every_vector_file_is_listed_here_as_valid_or_refused() -> None:
    on_disk = {p.name for p in VECTORS.iterdir() if p.suffix in {".txt", ".json"}}
    assert on_disk == set(VALID) | {name for name, _, _ in REFUSED}


@pytest.mark.parametrize("name", VALID)
def test_valid_vector_is_accepted(name: str) -> None:
    _check(name)


@pytest.mark.parametrize(("name", "error", "message"), REFUSED)
def test_broken_vector_is_refused_with_its_reason(
    name: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        _check(name)
    assert "\n" not in str(caught.value)


def test_valid_receipt_proves_event_5_of_13_and_the_refresh_extends_it_to_21() -> None:
    proven = verify_receipt(RECEIPT, VKEY, newer_checkpoint=_read("refresh_valid.txt"))
    assert (proven.origin, proven.index, proven.tree_size) == (ORIGIN, 5, 13)
    assert (proven.newer_size, len(proven.leaf_hash)) == (21, 32)
    assert b'"type":"statement.recorded"' in proven.event


def test_receipt_text_round_trips_byte_for_byte() -> None:
    assert Receipt.from_text(RECEIPT).to_text() == RECEIPT


def test_a_receipt_stays_under_two_kilobytes() -> None:
    assert len(RECEIPT.encode()) <= 2048
