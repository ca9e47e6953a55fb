"""C2SP tlog-checkpoint bodies and signed checkpoints."""

from __future__ import annotations

import base64
import hashlib

import pytest

from unburied.domain.errors import FormatError, SignatureError
from unburied.ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from unburied.ledger.merkle import EMPTY_ROOT
from unburied.ledger.note import NoteSigner, SignedNote, sign_note

ORIGIN = "review.example/log"
LOG = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"checkpoint tests").digest())
WITNESS = NoteSigner.from_seed("witness.example", hashlib.sha256(b"witness").digest())
ROOT = hashlib.sha256(b"root").digest()

# The example body of the C2SP tlog-checkpoint spec.
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"


def test_the_spec_example_body_parses_and_prints_back_identically() -> None:
    cp = Checkpoint.from_text(SPEC_BODY)
    assert (cp.origin, cp.size, cp.extensions) == ("example.com/behind-the-sofa", 20852163, ())
    assert cp.root == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert cp.to_text() == SPEC_BODY


def test_extension_lines_are_kept_in_order() -> None:
    cp = Checkpoint(ORIGIN, 7, ROOT, ("first ext", "second ext"))
    assert cp.to_text().endswith("\nfirst ext\nsecond ext\n")
    assert Checkpoint.from_text(cp.to_text()) == cp


def test_the_empty_tree_has_size_zero_and_the_empty_root() -> None:
    cp = Checkpoint(ORIGIN, 0, EMPTY_ROOT)
    assert cp.to_text().split("\n")[1] == "0"
    assert Checkpoint.from_text(cp.to_text()) == cp


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT).decode()}", "does not end in a newline"),
        (f"\n5\n{base64.b64encode(ROOT).decode()}\n", "origin is empty"),
        (f"{ORIGIN}\n+5\n{base64.b64encode(ROOT).decode()}\n", "tree size is not a decimal"),
        (f"{ORIGIN}\n5 \n{base64.b64encode(ROOT).decode()}\n", "tree size is not a decimal"),
        (f"{ORIGIN}\n١٢\n{base64.b64encode(ROOT).decode()}\n", "tree size is not a decimal"),
        (f"{ORIGIN}\n{2**64}\n{base64.b64encode(ROOT).decode()}\n", "larger than 2\\*\\*64 - 1"),
        (
            f"{ORIGIN}\n5\n{base64.b64encode(ROOT).decode().rstrip('=')}\n",
            "root hash is not base64",
        ),
        (f"{ORIGIN}\n5\n{base64.b64encode(ROOT + b'x').decode()}\n", "has 33 bytes, expected 32"),
    ],
)
def test_a_malformed_body_is_refused_naming_the_field(body: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        Checkpoint.from_text(body)


def test_a_checkpoint_value_is_checked_when_built() -> None:
    with pytest.raises(FormatError, match="root hash has 31 bytes"):
        Checkpoint(ORIGIN, 1, ROOT[:31])
    with pytest.raises(FormatError, match="tree size -1 is not between 0"):
        Checkpoint(ORIGIN, -1, ROOT)
    with pytest.raises(FormatError, match="extension line 1 contains a newline"):
        Checkpoint(ORIGIN, 1, ROOT, ("a\nb",))


def test_a_signed_checkpoint_opens_with_the_log_key() -> None:
    cp = Checkpoint(ORIGIN, 42, ROOT)
    assert open_checkpoint(sign_checkpoint(cp, LOG), LOG.verifier) == cp


def test_a_witness_cosignature_beside_the_log_signature_is_ignored() -> None:
    cp = Checkpoint(ORIGIN, 42, ROOT)
    log_sig = SignedNote.from_text(sign_checkpoint(cp, LOG)).signatures[0]
    witness_sig = SignedNote.from_text(sign_note(cp.to_text(), WITNESS)).signatures[0]
    note = SignedNote(cp.to_text(), (log_sig, witness_sig)).to_text()
    assert open_checkpoint(note, LOG.verifier) == cp


def test_the_log_signs_only_checkpoints_of_its_own_origin() -> None:
    with pytest.raises(FormatError, match="is not the checkpoint origin 'other.example/log'"):
        sign_checkpoint(Checkpoint("other.example/log", 1, ROOT), LOG)


def test_a_checkpoint_of_another_origin_is_refused_even_if_the_key_signed_it() -> None:
    note = sign_note(Checkpoint("other.example/log", 1, ROOT).to_text(), LOG)
    with pytest.raises(SignatureError, match="from log 'other.example/log', expected"):
        open_checkpoint(note, LOG.verifier)
    assert open_checkpoint(note, LOG.verifier, origin="other.example/log").size == 1


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    with pytest.raises(SignatureError, match="no signature by 'review.example/log'"):
        open_checkpoint(sign_note(Checkpoint(ORIGIN, 1, ROOT).to_text(), WITNESS), LOG.verifier)
