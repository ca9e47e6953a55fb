"""Sealed fields: every value round-trips; any altered byte, id or field name fails to open."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.errors import KeyErased, VaultError
from unburied.domain.events import Event, encode_event
from unburied.ledger.receipt import Receipt, check_holder_copy, field_commitment
from unburied.vault.envelope import SEALED_KEYS, is_sealed, open_sealed, seal
from unburied.vault.keys import FakeKeyStore

T0 = datetime(2024, 5, 1, tzinfo=UTC)
texts = st.text(st.characters(codec="utf-8"), max_size=300)


def _keys() -> FakeKeyStore:
    return FakeKeyStore(lambda: T0)


@settings(max_examples=60)
@given(value=texts, field=st.sampled_from(["text", "survivor.name", "address"]))
def test_every_sealed_value_opens_to_itself(value: str, field: str) -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", field, value)
    opened = open_sealed(keys, sealed)
    assert opened.value == value
    assert field_commitment(opened.salt, value) == sealed["commit"]
    assert is_sealed(sealed) and set(sealed) == SEALED_KEYS and sealed["field"] == field


def test_the_clear_value_never_appears_in_the_sealed_object_or_the_leaf() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "the interview took place at the station")
    event = Event("statement.recorded", "staff-1", T0, {"text": sealed}, case="C-1", subject="P-1")
    assert b"station" not in encode_event(0, event)
    assert "station" not in json.dumps(sealed)


def test_the_same_value_seals_differently_each_time() -> None:
    keys = _keys()
    a, b = seal(keys, "P-1", "text", "same"), seal(keys, "P-1", "text", "same")
    assert a["ct_sha256"] != b["ct_sha256"] and a["commit"] != b["commit"]
    assert a["nonce"] != b["nonce"]


def _flip(b64: str, position: int) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[position % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@settings(max_examples=40)
@given(
    value=texts,
    member=st.sampled_from(["blob", "nonce", "key", "field", "ct_sha256"]),
    position=st.integers(0, 10_000),
)
def test_any_one_byte_change_fails_to_open(value: str, member: str, position: int) -> None:
    keys = _keys()
    keys.key_for("P-2")  # another survivor's key exists: a changed id may point at it
    sealed = seal(keys, "P-1", "text", value)
    altered = dict(sealed)
    if member == "blob":  # the stored ciphertext itself, edited in place
        digest = bytes.fromhex(str(sealed["ct_sha256"]))
        key_id, ct = keys.blobs[digest]
        raw = bytearray(ct)
        raw[position % len(raw)] ^= 0x01
        keys.blobs[digest] = (key_id, bytes(raw))
    elif member == "nonce":
        altered[member] = _flip(str(sealed[member]), position)
    else:
        text = str(sealed[member])
        i = position % len(text)
        altered[member] = text[:i] + ("0" if text[i] != "0" else "1") + text[i + 1 :]
    with pytest.raises(VaultError):
        open_sealed(keys, altered)


def test_a_ciphertext_moved_to_another_field_does_not_open() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "a statement")
    with pytest.raises(VaultError, match="field name was altered"):
        open_sealed(keys, {**sealed, "field": "address"})


def test_a_swapped_commitment_is_refused() -> None:
    keys = _keys()
    a, b = seal(keys, "P-1", "text", "one"), seal(keys, "P-1", "text", "two")
    with pytest.raises(VaultError, match="does not match its commitment"):
        open_sealed(keys, {**a, "commit": b["commit"]})


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"sealed": 2}, "version is 2"),
        ({"sealed": True}, "version is True"),
        ({"nonce": "AAAA"}, "nonce has 3 bytes"),
        ({"nonce": "not base64!"}, "'nonce' is not base64"),
        ({"ct_sha256": "QQ"}, "'ct_sha256' is not 64 lower-case hex digits"),
        ({"ct_len": 3}, "ct_len 3 is not a length"),
        ({"ct_len": "40"}, "ct_len '40' is not a length"),
        ({"ct_sha256": "0" * 64}, r"its ciphertext \(SHA-256 0{64}\) is not stored"),
        ({"key": ""}, "'key' is not a non-empty text"),
        ({"extra": 1}, "expected"),
    ],
)
def test_a_malformed_sealed_object_is_refused_naming_the_member(
    change: dict[str, object], reason: str
) -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "a statement")
    with pytest.raises(VaultError, match=reason):
        open_sealed(keys, {**sealed, **change})


def test_a_stored_ciphertext_of_another_length_is_refused() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "a statement")
    digest = bytes.fromhex(str(sealed["ct_sha256"]))
    key_id, ct = keys.blobs[digest]
    keys.blobs[digest] = (key_id, ct + b"\x00")
    with pytest.raises(
        VaultError, match=f"stored ciphertext has {len(ct) + 1} bytes, the event says {len(ct)}"
    ):
        open_sealed(keys, sealed)


def test_a_stored_ciphertext_swapped_for_another_is_refused() -> None:
    keys = _keys()
    a, b = seal(keys, "P-1", "text", "one"), seal(keys, "P-1", "text", "two")
    digest_a, digest_b = (bytes.fromhex(str(s["ct_sha256"])) for s in (a, b))
    keys.blobs[digest_a] = keys.blobs[digest_b]
    with pytest.raises(VaultError, match="does not match the SHA-256 the event commits to"):
        open_sealed(keys, a)


def test_the_ciphertext_is_kept_beside_the_event_not_in_it() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "x" * 10_000)
    key_id, ct = keys.blobs[bytes.fromhex(str(sealed["ct_sha256"]))]
    assert key_id == sealed["key"] and len(ct) == sealed["ct_len"]
    assert len(json.dumps(sealed)) < 300


def test_erasure_deletes_the_subjects_ciphertexts_only() -> None:
    keys = _keys()
    mine, theirs = seal(keys, "P-1", "text", "mine"), seal(keys, "P-2", "text", "theirs")
    keys.destroy("P-1")
    assert [k for k, _ in keys.blobs.values()] == [theirs["key"]]
    assert open_sealed(keys, theirs).value == "theirs"
    with pytest.raises(KeyErased):
        open_sealed(keys, mine)


def test_something_that_is_not_a_sealed_object_is_refused() -> None:
    with pytest.raises(VaultError, match="expected a sealed field, got str"):
        open_sealed(_keys(), "the clear text")


def test_an_unknown_key_id_is_a_vault_error() -> None:
    sealed = seal(_keys(), "P-1", "text", "a statement")
    with pytest.raises(VaultError, match="is not in this vault"):
        open_sealed(_keys(), sealed)


def test_after_erasure_the_value_cannot_be_opened() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "a statement")
    keys.destroy("P-1")
    with pytest.raises(KeyErased):
        open_sealed(keys, sealed)


def test_the_holder_proves_her_copy_against_the_sealed_field_in_a_receipt() -> None:
    keys = _keys()
    sealed = seal(keys, "P-1", "text", "what I said")
    salt = open_sealed(keys, sealed).salt
    event = encode_event(0, Event("statement.recorded", "staff-1", T0, {"text": sealed}))
    note = "log\n1\n" + base64.b64encode(b"\x00" * 32).decode() + "\n\n— log AAAAAAAA\n"
    receipt = Receipt(0, (), note, event)
    check_holder_copy(receipt, "text", "what I said", salt)


def test_a_ciphertext_claimed_for_another_survivors_key_does_not_open() -> None:
    keys = _keys()
    other = keys.key_for("P-2")
    sealed = seal(keys, "P-1", "text", "a statement")
    with pytest.raises(VaultError, match="does not open"):
        open_sealed(keys, {**sealed, "key": other.key_id})
