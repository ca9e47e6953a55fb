"""Envelope encryption of protected fields: a data key per survivor, crypto-shredding."""

from unburied.vault.envelope import Opened, is_sealed, open_sealed, seal
from unburied.vault.erasure import ErasureRecord, erase_subject
from unburied.vault.keys import (
    DataKey,
    DestroyedKey,
    FakeKeyStore,
    FileMasterKey,
    KeyStore,
    MasterKey,
    SqlKeyStore,
    rotate_master,
)

__all__ = [
    "DataKey",
    "DestroyedKey",
    "ErasureRecord",
    "FakeKeyStore",
    "FileMasterKey",
    "KeyStore",
    "MasterKey",
    "Opened",
    "SqlKeyStore",
    "erase_subject",
    "is_sealed",
    "open_sealed",
    "rotate_master",
    "seal",
]
