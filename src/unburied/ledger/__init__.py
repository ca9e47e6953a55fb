"""The transparency log: RFC 9162 Merkle proofs, C2SP signed checkpoints, receipts, verifier."""

from unburied.domain.errors import ProofError
from unburied.ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from unburied.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    NodeId,
    completed_nodes,
    consistency_plan,
    hash_from_plan,
    inclusion_plan,
    leaf_hash,
    node_hash,
    plan_nodes,
    proof_from_plan,
    root_hash,
    root_plan,
    verify_consistency,
    verify_inclusion,
)
from unburied.ledger.note import NoteSigner, NoteVerifier, SignedNote, open_note, sign_note
from unburied.ledger.receipt import Receipt, ReceiptRefresh, check_holder_copy, field_commitment
from unburied.ledger.verify import VerifiedReceipt, verify_receipt

__all__ = [
    "EMPTY_ROOT",
    "Checkpoint",
    "CompactRange",
    "MerkleTree",
    "NodeId",
    "NoteSigner",
    "NoteVerifier",
    "ProofError",
    "Receipt",
    "ReceiptRefresh",
    "SignedNote",
    "VerifiedReceipt",
    "check_holder_copy",
    "completed_nodes",
    "consistency_plan",
    "field_commitment",
    "hash_from_plan",
    "inclusion_plan",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "open_note",
    "plan_nodes",
    "proof_from_plan",
    "root_hash",
    "root_plan",
    "sign_checkpoint",
    "sign_note",
    "verify_consistency",
    "verify_inclusion",
    "verify_receipt",
]
