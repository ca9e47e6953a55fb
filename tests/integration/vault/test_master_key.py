"""The master key file: 32 random bytes, readable by its owner only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unburied.domain.errors import ConfigurationError, VaultError
from unburied.vault.keys import FileMasterKey


def test_a_new_key_file_holds_32_bytes_readable_by_its_owner_only(tmp_path: Path) -> None:
    key = FileMasterKey.create(tmp_path / "master.key")
    assert (tmp_path / "master.key").stat().st_mode & 0o777 == 0o600
    assert len((tmp_path / "master.key").read_bytes()) == 32
    assert key.key_id.startswith("mk-") and len(key.key_id) == 19


def test_an_existing_key_file_is_never_overwritten(tmp_path: Path) -> None:
    FileMasterKey.create(tmp_path / "master.key")
    before = (tmp_path / "master.key").read_bytes()
    with pytest.raises(ConfigurationError, match="exists; refusing to overwrite it"):
        FileMasterKey.create(tmp_path / "master.key")
    assert (tmp_path / "master.key").read_bytes() == before


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_key_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    FileMasterKey.create(tmp_path / "master.key")
    os.chmod(tmp_path / "master.key", mode)
    with pytest.raises(ConfigurationError, match=f"has mode {mode:04o}; others can read it"):
        FileMasterKey(tmp_path / "master.key")


def test_a_key_file_of_the_wrong_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_bytes(b"\x01" * 31)
    os.chmod(path, 0o600)
    with pytest.raises(ConfigurationError, match="holds 31 bytes, expected 32"):
        FileMasterKey(path)


def test_a_missing_key_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        FileMasterKey(tmp_path / "absent.key")


def test_the_key_is_never_shown(tmp_path: Path) -> None:
    key = FileMasterKey.create(tmp_path / "master.key")
    secret = (tmp_path / "master.key").read_bytes()
    assert secret.hex() not in repr(key) and str(secret) not in repr(key)


def test_a_wrapped_data_key_unwraps_only_under_its_own_id_and_unaltered(tmp_path: Path) -> None:
    key = FileMasterKey.create(tmp_path / "master.key")
    wrapped = key.wrap("dk-1", b"\x05" * 32)
    assert key.unwrap("dk-1", wrapped) == b"\x05" * 32
    with pytest.raises(VaultError, match="does not unwrap"):
        key.unwrap("dk-2", wrapped)
    altered = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    with pytest.raises(VaultError, match="does not unwrap"):
        key.unwrap("dk-1", altered)
    other = FileMasterKey.create(tmp_path / "other.key")
    with pytest.raises(VaultError, match="does not unwrap"):
        other.unwrap("dk-1", wrapped)
