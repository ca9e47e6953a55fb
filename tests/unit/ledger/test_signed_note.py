"""C2SP signed notes with Ed25519: formats, verification rules, and the key profile."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from unburied.domain.errors import FormatError, SignatureError
from unburied.ledger._encoding import encode_b64
from unburied.ledger.note import (
    MAX_SIGNATURES,
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    check_key_name,
    key_id,
    open_note,
    sign_note,
)

# The reference example of golang.org/x/mod/sumdb/note (note_test.go), reproduced by the
# Go, Rust and other implementations: our encoding must give the same bytes.
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKv"
    "qfqdngotpRZb6KE6RyyBwJnAM=\n"
)

CCTV = Path("/work/shared/data/merkle-vectors/cctv-ed25519/ed25519vectors.json")

LOG = NoteSigner.from_seed("review.example/log", hashlib.sha256(b"note tests").digest())
OTHER = NoteSigner.from_seed("review.example/log", hashlib.sha256(b"another key").digest())
WITNESS = NoteSigner.from_seed("witness.example", hashlib.sha256(b"witness").digest())


def test_signing_reproduces_the_go_reference_note_byte_for_byte() -> None:
    signer = NoteSigner.from_skey(GO_SKEY)
    assert signer.to_vkey() == GO_VKEY
    assert signer.to_skey() == GO_SKEY
    assert sign_note(GO_TEXT, signer) == GO_NOTE
    assert open_note(GO_NOTE, NoteVerifier.from_vkey(GO_VKEY)) == GO_TEXT


def test_key_id_is_the_first_four_bytes_of_the_hash_of_name_newline_type_and_key() -> None:
    public = LOG.verifier.public_key
    expected = hashlib.sha256(b"review.example/log\n\x01" + public).digest()[:4]
    assert key_id("review.example/log", public) == expected == LOG.key_id


def test_a_changed_note_text_fails_its_signature() -> None:
    with pytest.raises(SignatureError, match=r"signature by 'PeterNeumann' \(key ID c74f20a3\)"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), NoteVerifier.from_vkey(GO_VKEY))


def test_signatures_by_other_keys_are_ignored_and_ours_is_checked() -> None:
    text = "size 3\n"
    ours = SignedNote.from_text(sign_note(text, LOG)).signatures[0]
    witness = SignedNote.from_text(sign_note(text, WITNESS)).signatures[0]
    note = SignedNote(text, (witness, ours)).to_text()
    assert open_note(note, LOG.verifier) == text
    assert open_note(note, WITNESS.verifier) == text


def test_a_note_with_only_unknown_signatures_is_refused() -> None:
    # same name but another key (so another key ID): ignored as unknown, hence no signature
    note = sign_note("size 3\n", OTHER)
    with pytest.raises(SignatureError, match="no signature by 'review.example/log' with key ID"):
        open_note(note, LOG.verifier)


def test_one_bad_signature_from_our_key_fails_the_whole_note() -> None:
    text = "size 3\n"
    good = SignedNote.from_text(sign_note(text, LOG)).signatures[0]
    bad = NoteSignature(good.name, good.key_id, LOG.sign("size 4\n"))
    with pytest.raises(SignatureError, match="does not verify"):
        open_note(SignedNote(text, (good, bad)).to_text(), LOG.verifier)


def test_the_text_ends_at_the_last_blank_line_so_it_may_contain_blank_lines() -> None:
    text = "first\n\nsecond\n\n"
    assert open_note(sign_note(text, LOG), LOG.verifier) == text


def test_up_to_one_hundred_signatures_are_read_and_more_refused() -> None:
    note = sign_note("x\n", LOG)
    line = note[len("x\n\n") :]
    assert open_note("x\n\n" + line * MAX_SIGNATURES, LOG.verifier) == "x\n"
    with pytest.raises(FormatError, match="101 signatures, at most 100"):
        open_note("x\n\n" + line * (MAX_SIGNATURES + 1), LOG.verifier)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no newline", "must end in a newline"),
        ("tab\there\n", r"control character '\\t'"),
        ("carriage\r\n", r"control character '\\r'"),
        ("lone \ud800 surrogate\n", "not valid UTF-8"),
    ],
)
def test_sign_note_refuses_text_a_note_cannot_carry(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        sign_note(text, LOG)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "key name is empty"),
        ("a+b", "contains a space, '\\+'"),
        ("a b", "contains a space"),
        ("a\u00a0b", "contains a space"),
        ("a\u2003b", "contains a space"),
        ("a\x01b", "control character"),
    ],
)
def test_key_names_follow_the_signed_note_rules(name: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        check_key_name(name)


def test_a_url_like_key_name_is_accepted() -> None:
    check_key_name("example.com/logs/unburied-2024")


def test_signer_key_text_round_trips_and_checks_its_key_id() -> None:
    skey = LOG.to_skey()
    assert skey.startswith("PRIVATE+KEY+review.example/log+")
    again = NoteSigner.from_skey(skey)
    assert again.to_vkey() == LOG.to_vkey()
    name, hex_id, key = skey[len("PRIVATE+KEY+") :].split("+", 2)
    with pytest.raises(FormatError, match="signer key ID is 00000000, expected"):
        NoteSigner.from_skey(f"PRIVATE+KEY+{name}+00000000+{key}")
    with pytest.raises(FormatError, match="does not start with PRIVATE\\+KEY\\+"):
        NoteSigner.from_skey(LOG.to_vkey())


def test_a_signer_never_shows_its_private_key() -> None:
    seed_text = LOG.to_skey().rsplit("+", 1)[1]
    assert seed_text not in repr(LOG)
    assert "review.example/log" in repr(LOG)


def test_a_seed_must_be_32_bytes() -> None:
    with pytest.raises(FormatError, match="seed has 31 bytes, expected 32"):
        NoteSigner.from_seed("a", bytes(31))


def test_generated_keys_are_sound_and_verify_their_own_notes() -> None:
    signer = NoteSigner.generate("fresh.example/log")
    verifier = NoteVerifier.from_vkey(signer.to_vkey())
    assert verifier == signer.verifier
    assert open_note(sign_note("hello\n", signer), verifier) == "hello\n"


def test_a_signature_with_a_low_order_r_is_refused_before_verification() -> None:
    low_r = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
    with pytest.raises(SignatureError, match="has a low-order R"):
        LOG.verifier.verify("x\n", low_r + bytes(32))


def test_a_signature_with_s_above_the_group_order_is_refused() -> None:
    good = LOG.sign("x\n")
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(good[32:], "little") + order
    with pytest.raises(SignatureError, match="S not below the group order"):
        LOG.verifier.verify("x\n", good[:32] + s.to_bytes(32, "little"))


def test_a_signature_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(SignatureError, match="has 63 bytes, expected 64"):
        LOG.verifier.verify("x\n", bytes(63))


def test_a_vkey_with_a_plus_inside_its_base64_parses() -> None:
    # the base64 part may hold '+': the text splits on the first two only
    signers = (NoteSigner.from_seed("a", hashlib.sha256(b"%d" % i).digest()) for i in range(99))
    signer = next(s for s in signers if "+" in s.to_vkey().split("+", 2)[2])
    assert NoteVerifier.from_vkey(signer.to_vkey()) == signer.verifier
    assert NoteSigner.from_skey(signer.to_skey()).to_vkey() == signer.to_vkey()


def test_a_vkey_of_another_signature_type_is_refused() -> None:
    public = LOG.verifier.public_key
    text = f"a+{key_id('a', public).hex()}+{encode_b64(bytes([4]) + public)}"
    with pytest.raises(FormatError, match="starting 04, expected 33 starting 01"):
        NoteVerifier.from_vkey(text)


# ------------------------------------------------------------------ the verification profile

needs_cctv = pytest.mark.skipif(not CCTV.is_file(), reason=f"CCTV ed25519 vectors not at {CCTV}")


def _cctv() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads(CCTV.read_text())
    for v in vectors:
        v["flags"] = v["flags"] or []  # one vector has null flags: the clean case
    return vectors


@needs_cctv
def test_cryptography_alone_verifies_with_the_ref10_profile() -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    accepted = set()
    for v in _cctv():
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(str(v["key"])))
        try:
            key.verify(bytes.fromhex(str(v["sig"])), str(v["msg"]).encode())
            accepted.add(v["number"])
        except InvalidSignature:
            pass
    ref10 = {
        v["number"]
        for v in _cctv()
        if not {"non_canonical_R", "low_order_residue"} & set(v["flags"])
    }
    assert accepted == ref10
    assert len(accepted) == 208


@needs_cctv
def test_our_profile_accepts_only_signatures_with_no_edge_case_at_all() -> None:
    accepted = set()
    for v in _cctv():
        try:
            verifier = NoteVerifier("cctv.example", bytes.fromhex(str(v["key"])))
            verifier.verify(str(v["msg"]), bytes.fromhex(str(v["sig"])))
            accepted.add(v["number"])
        except (FormatError, SignatureError):
            pass
    clean = {v["number"] for v in _cctv() if not v["flags"]}
    assert accepted == clean
    assert len(accepted) == 1
