"""Receipts (C2SP tlog-proof@v1), refreshes, and field commitments."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unburied.domain.errors import FormatError, ProofError
from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint
from unburied.ledger.note import NoteSigner
from unburied.ledger.receipt import (
    RECEIPT_HEADER,
    Receipt,
    ReceiptRefresh,
    check_holder_copy,
    field_commitment,
)

ORIGIN = "review.example/log"
LOG = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"receipt tests").digest())
NOTE = sign_checkpoint(Checkpoint(ORIGIN, 9, hashlib.sha256(b"r").digest()), LOG)
SALT = bytes(range(16))


def _event(data: dict[str, object]) -> bytes:
    return json.dumps({"seq": 3, "data": data}, sort_keys=True).encode()


def _sealed(value: str, salt: bytes = SALT) -> dict[str, object]:
    return {
        "sealed": 1,
        "key": "k1",
        "field": "statement.text",
        "commit": field_commitment(salt, value),
    }


hashes = st.binary(min_size=32, max_size=32)


@given(
    st.integers(min_value=0, max_value=2**64 - 1),
    st.lists(hashes, max_size=64),
    st.binary(min_size=1, max_size=200),
)
def test_any_receipt_round_trips_through_its_text(
    index: int, proof: list[bytes], event: bytes
) -> None:
    receipt = Receipt(index, tuple(proof), NOTE, event)
    text = receipt.to_text()
    assert Receipt.from_text(text) == receipt
    assert Receipt.from_text(text).to_text() == text


def test_receipt_text_has_the_tlog_proof_layout() -> None:
    text = Receipt(3, (b"\x01" * 32,), NOTE, b"{}").to_text()
    head, checkpoint = text.split("\n\n", 1)
    assert head.split("\n") == [
        RECEIPT_HEADER,
        "extra e30=",
        "index 3",
        "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    ]
    assert checkpoint == NOTE


def test_a_receipt_for_a_one_leaf_tree_has_no_proof_lines() -> None:
    text = Receipt(0, (), NOTE, b"{}").to_text()
    assert "index 0\n\n" in text
    assert Receipt.from_text(text).proof == ()


def test_a_receipt_value_is_checked_when_built() -> None:
    with pytest.raises(FormatError, match="receipt proof hash 2 has 31 bytes"):
        Receipt(1, (bytes(32), bytes(31)), NOTE, b"{}")
    with pytest.raises(FormatError, match="event bytes are empty"):
        Receipt(1, (), NOTE, b"")
    with pytest.raises(FormatError, match="receipt index -1"):
        Receipt(-1, (), NOTE, b"{}")
    with pytest.raises(FormatError, match="receipt checkpoint: note has no blank line"):
        Receipt(1, (), "not a note\n", b"{}")
    with pytest.raises(FormatError, match="65 hashes, at most 64"):
        Receipt(1, (bytes(32),) * 65, NOTE, b"{}")


def test_the_checkpoint_inside_is_readable_but_named_unverified() -> None:
    receipt = Receipt(0, (), NOTE, b"{}")
    assert receipt.unverified_checkpoint.size == 9


def test_a_refresh_round_trips_and_starts_from_a_non_empty_tree() -> None:
    refresh = ReceiptRefresh(4, (bytes(32), b"\xff" * 32), NOTE)
    assert ReceiptRefresh.from_text(refresh.to_text()) == refresh
    assert refresh.unverified_checkpoint.size == 9
    with pytest.raises(FormatError, match="'from' size 0 is not between 1"):
        ReceiptRefresh(0, (), NOTE)
    with pytest.raises(FormatError, match="refresh has no 'from' line"):
        ReceiptRefresh.from_text("unburied/receipt-refresh@v1\nindex 4\n\n" + NOTE)


def test_field_commitment_is_the_domain_separated_salted_hash() -> None:
    expected = hashlib.sha256(
        b"unburied/field-commitment/v1\x00" + SALT + "Zoë".encode()
    ).hexdigest()
    assert field_commitment(SALT, "Zoë") == expected


def test_field_commitment_refuses_a_short_salt() -> None:
    with pytest.raises(FormatError, match="salt has 8 bytes, expected at least 16"):
        field_commitment(bytes(8), "text")


def test_the_holder_copy_matches_the_sealed_commitment() -> None:
    receipt = Receipt(3, (), NOTE, _event({"statement": {"text": _sealed("My account.")}}))
    check_holder_copy(receipt, "statement.text", "My account.", SALT)
    with pytest.raises(ProofError, match="copy of 'statement.text' does not match the event"):
        check_holder_copy(receipt, "statement.text", "My account", SALT)
    with pytest.raises(ProofError, match="does not match"):
        check_holder_copy(receipt, "statement.text", "My account.", bytes(16))


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"text": "clear"}, "text", "'text' is not a sealed value"),
        ({"text": {"sealed": True, "commit": "0" * 64}}, "text", "is not a sealed value"),
        ({}, "text", "event data has no field 'text'"),
        ({"a": "b"}, "a.text", "event data has no field 'a.text'"),
        ({"text": {"sealed": 1, "commit": "ABC"}}, "text", "has no 64-hex-digit 'commit'"),
    ],
)
def test_the_holder_copy_check_names_what_is_missing(
    data: dict[str, object], path: str, message: str
) -> None:
    receipt = Receipt(3, (), NOTE, _event(data))
    with pytest.raises(FormatError, match=message):
        check_holder_copy(receipt, path, "clear", SALT)


def test_the_holder_copy_check_refuses_event_bytes_that_are_not_json() -> None:
    with pytest.raises(FormatError, match="not UTF-8 JSON"):
        check_holder_copy(Receipt(3, (), NOTE, b"\xff"), "text", "v", SALT)
