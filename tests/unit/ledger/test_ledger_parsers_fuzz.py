"""Fuzzing the parsers: any text gives a value or one of our errors, on one line, never a crash."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.errors import FormatError, ProofError, SignatureError
from unburied.ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from unburied.ledger.merkle import MerkleTree
from unburied.ledger.note import NoteSigner, NoteVerifier, SignedNote, open_note
from unburied.ledger.receipt import Receipt, ReceiptRefresh
from unburied.ledger.verify import verify_receipt

ORIGIN = "fuzz.example/log"
LOG = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"fuzz").digest())
VKEY = LOG.to_vkey()
_tree = MerkleTree()
for _i in range(5):
    _tree.append(b'{"seq":%d}' % _i)
NOTE = sign_checkpoint(Checkpoint(ORIGIN, 5, _tree.root()), LOG)
RECEIPT = Receipt(2, tuple(_tree.inclusion_proof(2)), NOTE, b'{"seq":2}').to_text()

# Pieces of the real formats, so random text often gets deep into the parsers.
PIECES = [
    "c2sp.org/tlog-proof@v1",
    "unburied/receipt-refresh@v1",
    "extra ",
    "index ",
    "from ",
    "— ",
    ORIGIN,
    "5",
    "0",
    "00",
    "18446744073709551616",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    "eyJzZXEiOjJ9",
    "+",
    " ",
    "\n",
    "\n\n",
    "\r",
    "\t",
    "=",
    "\u00a0",
    VKEY,
    NOTE,
]
texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=20).map("".join),
)
OURS = (FormatError, SignatureError, ProofError)


def _parses_or_refuses(parse: Callable[[str], object], text: str) -> None:
    try:
        parse(text)
    except OURS as exc:
        message = str(exc)
        assert message
        assert "\n" not in message


PARSERS: dict[str, Callable[[str], object]] = {
    "note": SignedNote.from_text,
    "open_note": lambda t: open_note(t, LOG.verifier),
    "vkey": NoteVerifier.from_vkey,
    "skey": NoteSigner.from_skey,
    "checkpoint": Checkpoint.from_text,
    "open_checkpoint": lambda t: open_checkpoint(t, LOG.verifier),
    "receipt": Receipt.from_text,
    "refresh": ReceiptRefresh.from_text,
    "verify": lambda t: verify_receipt(t, VKEY),
    "verify_newer": lambda t: verify_receipt(RECEIPT, VKEY, newer_checkpoint=t),
    "verify_key": lambda t: verify_receipt(RECEIPT, t),
}


@settings(max_examples=300)
@given(st.sampled_from(sorted(PARSERS)), texts)
def test_every_parser_returns_a_value_or_one_of_our_one_line_errors(name: str, text: str) -> None:
    _parses_or_refuses(PARSERS[name], text)


@settings(max_examples=200)
@given(st.sampled_from(sorted(PARSERS)), st.sampled_from([RECEIPT, NOTE, VKEY]), st.data())
def test_mangled_real_texts_never_crash_a_parser(name: str, base: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(base)))
    end = data.draw(st.integers(start, len(base)))
    insert = data.draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)))
    _parses_or_refuses(PARSERS[name], base[:start] + insert + base[end:])


def test_a_lone_surrogate_is_refused_as_not_utf8() -> None:
    for name in ("note", "checkpoint", "receipt"):
        try:
            PARSERS[name](
                RECEIPT.replace("index", "\ud800", 1) if name == "receipt" else "\ud800\n\n"
            )
        except FormatError as exc:
            assert "\n" not in str(exc)
        else:
            raise AssertionError(f"{name} accepted a lone surrogate")
