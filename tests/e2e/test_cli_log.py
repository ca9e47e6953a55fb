"""The log commands as a person runs them: init, vkey, checkpoint, verify, receipt.

Everything goes through the console entry point (``unburied.cli.main``); a few checks run the
installed ``unburied`` script in a subprocess so the exit codes are those a shell sees.
"""

from __future__ import annotations

import base64
import json
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import VECTORS, Outcome, record_statements, run
from unburied.bootstrap import open_data_dir
from unburied.domain.errors import FormatError, ProofError, SignatureError, UnburiedError
from unburied.ledger.note import NoteVerifier, sign_note
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.ledger.verify import verify_receipt

VKEY = VECTORS / "vkey.txt"
RECEIPT = VECTORS / "receipt_valid.txt"
EXIT_FOR = {FormatError: 1, ProofError: 2, SignatureError: 2}


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _error_line(outcome: Outcome) -> str:
    """The error as one line, Rich's wrapping undone; fails if there is no error at all."""
    assert outcome.stderr.startswith("error: "), outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return " ".join(outcome.stderr.split())


def _write_holder_copy(path: Path, copy: dict[str, object]) -> Path:
    path.write_text(json.dumps(copy), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------- init


def test_init_creates_the_database_keys_and_verifier_key_with_secrets_private(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review"

    outcome = run("--data-dir", path, "init", "--origin", "review.example/historic-log")

    assert outcome.code == 0
    assert "Initialised log review.example/historic-log" in outcome.said
    for name in ("unburied.db", "log-signing.key", "log.vkey", "master.key", "settings.json"):
        assert (path / name).is_file(), name
    for secret in ("log-signing.key", "master.key"):
        assert stat.S_IMODE((path / secret).stat().st_mode) == 0o600, secret
    assert not (path / "log.vkey").stat().st_mode & stat.S_IWOTH


def test_an_origin_with_square_brackets_is_printed_as_written_not_as_markup(
    tmp_path: Path,
) -> None:
    outcome = run("--data-dir", tmp_path / "r", "init", "--origin", "review.example/[/x]log")

    assert outcome.code == 0, outcome
    assert "Initialised log review.example/[/x]log in" in outcome.said


def test_init_refuses_to_overwrite_an_existing_log_and_leaves_its_key_alone(
    data_dir: Path,
) -> None:
    key_before = (data_dir / "log-signing.key").read_bytes()

    outcome = run("--data-dir", data_dir, "init")

    assert outcome.code == 1
    assert "already holds a log (found log-signing.key); refusing to overwrite it" in (
        _error_line(outcome)
    )
    assert (data_dir / "log-signing.key").read_bytes() == key_before


def test_commands_on_a_directory_that_is_not_a_data_dir_say_what_is_missing(
    tmp_path: Path,
) -> None:
    outcome = run("--data-dir", tmp_path / "nowhere", "verify")

    assert outcome.code == 1
    assert "is not an unburied data dir" in _error_line(outcome)


def test_a_signing_key_readable_by_others_is_refused(data_dir: Path) -> None:
    (data_dir / "log-signing.key").chmod(0o644)

    outcome = run("--data-dir", data_dir, "vkey")

    assert outcome.code == 1
    assert "is readable by other users; run `chmod 600" in _error_line(outcome)


# ------------------------------------------------------------------ vkey, checkpoint, verify


def test_vkey_prints_the_logs_verifier_key_as_parsable_c2sp_text(data_dir: Path) -> None:
    outcome = run("--data-dir", data_dir, "vkey")

    assert outcome.code == 0
    verifier = NoteVerifier.from_vkey(outcome.stdout.strip())
    assert verifier.name == "test.unburied.example/e2e-log"
    assert outcome.stdout == _text(data_dir / "log.vkey")


def test_checkpoint_prints_a_note_signed_by_the_log_and_witnesses_it(
    seven_event_log: Path, tmp_path: Path
) -> None:
    outcome = run("--data-dir", seven_event_log, "checkpoint", "-o", tmp_path / "cp.txt")

    assert outcome.code == 0
    receipt = run("--data-dir", seven_event_log, "receipt", "6", "-o", tmp_path / "r.txt")
    assert receipt.code == 0
    # a bare checkpoint of the receipt's own size is accepted as "newer" when the roots agree
    same = run(
        "receipt", "verify", tmp_path / "r.txt", "--key", seven_event_log / "log.vkey",
        "--checkpoint", tmp_path / "cp.txt",
    )  # fmt: skip
    assert same.code == 0, same
    assert _text(tmp_path / "cp.txt").splitlines()[:2] == ["test.unburied.example/e2e-log", "7"]
    witnessed = sorted((seven_event_log / "witnessed-checkpoints").iterdir())
    assert [p.name for p in witnessed] == ["checkpoint-000000000007.txt"]


def test_verify_of_an_untouched_log_re_hashes_every_event_and_exits_zero(
    seven_event_log: Path,
) -> None:
    outcome = run("--data-dir", seven_event_log, "verify", "--json")

    assert outcome.code == 0, outcome
    report = json.loads(outcome.stdout)
    assert report["ok"] is True
    assert report["size"] == 7
    assert report["checkpoints"] == 7
    assert len(bytes.fromhex(report["root"])) == 32


# ---------------------------------------------------------------------------- receipts


def test_a_receipt_for_a_recorded_statement_verifies_offline_with_the_vkey(
    seven_event_log: Path, tmp_path: Path
) -> None:
    receipt = tmp_path / "statement-3.tlog-proof"

    issued = run("--data-dir", seven_event_log, "receipt", "3", "-o", receipt)
    checked = run("receipt", "verify", receipt, "--key", seven_event_log / "log.vkey")

    assert issued.code == 0
    assert len(receipt.read_bytes()) <= 2048
    assert checked.code == 0, checked
    assert "OK event 3 is in log test.unburied.example/e2e-log (signed tree of 7 events)" in (
        checked.said
    )


def test_the_holder_copy_of_her_statement_matches_the_sealed_field_in_the_receipt(
    data_dir: Path, tmp_path: Path
) -> None:
    (recorded,) = record_statements(data_dir, 1)
    copy = _write_holder_copy(tmp_path / "my-copy.json", recorded.holder_copy.to_json())
    run("--data-dir", data_dir, "receipt", str(recorded.event.seq), "-o", tmp_path / "r.txt")

    outcome = run(
        "receipt", "verify", tmp_path / "r.txt", "--key", data_dir / "log.vkey",
        "--holder-copy", copy,
    )  # fmt: skip

    assert outcome.code == 0, outcome
    assert "the holder's copy of 'text' matches, unaltered" in outcome.said


def test_an_altered_holder_copy_fails_with_exit_two_and_says_it_does_not_match(
    data_dir: Path, tmp_path: Path
) -> None:
    (recorded,) = record_statements(data_dir, 1)
    altered = recorded.holder_copy.to_json() | {"value": recorded.holder_copy.value + " "}
    copy = _write_holder_copy(tmp_path / "altered.json", altered)
    run("--data-dir", data_dir, "receipt", str(recorded.event.seq), "-o", tmp_path / "r.txt")

    outcome = run(
        "receipt", "verify", tmp_path / "r.txt", "--key", data_dir / "log.vkey",
        "--holder-copy", copy,
    )  # fmt: skip

    assert outcome.code == 2
    assert "error: the copy of 'text' does not match the event: commitment" in (
        _error_line(outcome)
    )


def test_a_holder_copy_for_an_event_with_no_sealed_text_is_a_format_error(
    data_dir: Path, tmp_path: Path
) -> None:
    (recorded,) = record_statements(data_dir, 1)
    copy = _write_holder_copy(tmp_path / "copy.json", recorded.holder_copy.to_json())
    run("--data-dir", data_dir, "receipt", "0", "-o", tmp_path / "r0.txt")  # log.initialised

    outcome = run(
        "receipt", "verify", tmp_path / "r0.txt", "--key", data_dir / "log.vkey",
        "--holder-copy", copy,
    )  # fmt: skip

    assert outcome.code == 1
    assert "event data has no field 'text'" in _error_line(outcome)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json at all", "not a holder copy (field, value, salt)"),
        ('{"field": "text", "value": "x"}', "not a holder copy (field, value, salt): 'salt'"),
        ('{"field": "text", "value": "x", "salt": "***"}', "not a holder copy"),
    ],
    ids=["not-json", "no-salt", "salt-not-base64"],
)
def test_a_malformed_holder_copy_file_is_refused_in_one_message(
    tmp_path: Path, content: str, reason: str
) -> None:
    copy = tmp_path / "copy.json"
    copy.write_text(content, encoding="utf-8")

    outcome = run("receipt", "verify", RECEIPT, "--key", VKEY, "--holder-copy", copy)

    assert outcome.code == 1
    assert reason in _error_line(outcome)


def test_a_refresh_proves_an_old_receipt_is_still_in_the_grown_log(
    seven_event_log: Path, tmp_path: Path
) -> None:
    run("--data-dir", seven_event_log, "receipt", "2", "-o", tmp_path / "r.txt")
    record_statements(seven_event_log, 4, first=7)

    issued = run(
        "--data-dir", seven_event_log, "receipt", "0", "--refresh-from", "7",
        "-o", tmp_path / "refresh.txt",
    )  # fmt: skip
    checked = run(
        "receipt", "verify", tmp_path / "r.txt", "--key", seven_event_log / "log.vkey",
        "--checkpoint", tmp_path / "refresh.txt",
    )  # fmt: skip

    assert issued.code == 0
    assert checked.code == 0, checked
    assert "OK and is still there in the later tree of 11" in checked.said


def test_a_refresh_from_another_tree_size_than_the_receipts_fails_with_exit_two(
    seven_event_log: Path, tmp_path: Path
) -> None:
    run("--data-dir", seven_event_log, "receipt", "2", "-o", tmp_path / "r.txt")
    record_statements(seven_event_log, 2, first=7)
    run(
        "--data-dir", seven_event_log, "receipt", "0", "--refresh-from", "6",
        "-o", tmp_path / "refresh.txt",
    )  # fmt: skip

    outcome = run(
        "receipt", "verify", tmp_path / "r.txt", "--key", seven_event_log / "log.vkey",
        "--checkpoint", tmp_path / "refresh.txt",
    )  # fmt: skip

    assert outcome.code == 2
    assert "refresh is from tree size 6, receipt is for 7" in _error_line(outcome)


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (("receipt", "99"), 1, "event 99 is not in the log (it holds 7 events)"),
        (("receipt", "first"), 1, "'first' is neither an event number nor 'verify'"),
        (("receipt", "0", "--refresh-from", "0"), 1, "tree size 0 is not between 1 and"),
        (("receipt", "0", "--refresh-from", "8"), 1, "tree size 8 is not between 1 and"),
        (("receipt", "verify", "r.txt"), 1, "needs the receipt file and --key VKEY_FILE"),
    ],
    ids=["no-such-event", "not-a-number", "refresh-from-zero", "refresh-beyond", "no-key"],
)
def test_a_receipt_that_cannot_be_issued_says_why(
    seven_event_log: Path, args: tuple[str, ...], code: int, reason: str
) -> None:
    outcome = run("--data-dir", seven_event_log, *args)

    assert outcome.code == code
    assert reason in _error_line(outcome)


# -------------------------------------------------- malformed files: one line, never a crash


def _cli_args(name: str) -> list[str | Path]:
    """The command that feeds vector ``name`` to the offline verifier in its role."""
    vector = VECTORS / name
    if name.startswith("receipt_"):
        return ["receipt", "verify", vector, "--key", VKEY]
    if name.startswith("vkey"):
        return ["receipt", "verify", RECEIPT, "--key", vector]
    if name.startswith("holder_copy_"):
        return ["receipt", "verify", RECEIPT, "--key", VKEY, "--holder-copy", vector]
    return ["receipt", "verify", RECEIPT, "--key", VKEY, "--checkpoint", vector]


def _library_verdict(name: str) -> UnburiedError | None:
    """What the ledger itself says about the same input: the CLI must print exactly that."""
    text = _text(VECTORS / name)
    try:
        if name.startswith("receipt_"):
            verify_receipt(text, _text(VKEY))
        elif name.startswith("vkey"):
            verify_receipt(_text(RECEIPT), text)
        elif name.startswith("holder_copy_"):
            copy = json.loads(text)
            salt = base64.b64decode(copy["salt"])
            check_holder_copy(Receipt.from_text(_text(RECEIPT)), copy["field"], copy["value"], salt)
        else:
            verify_receipt(_text(RECEIPT), _text(VKEY), newer_checkpoint=text)
    except UnburiedError as exc:
        return exc
    return None


CLI_VECTORS = sorted(
    p.name
    for p in VECTORS.iterdir()
    if p.name.startswith(("receipt_", "vkey", "holder_copy_", "refresh_", "checkpoint_", "note_"))
)


@pytest.mark.parametrize("name", CLI_VECTORS)
def test_each_committed_vector_gives_the_verifiers_verdict_through_the_cli(name: str) -> None:
    verdict = _library_verdict(name)

    outcome = run(*_cli_args(name))

    if verdict is None:
        assert outcome.code == 0, outcome
        assert outcome.stderr == ""
        return
    assert outcome.code == EXIT_FOR[type(verdict)]
    assert _error_line(outcome).startswith(" ".join(f"error: {verdict}".split()))
    assert outcome.stderr.count("error:") == 1


def test_the_cli_reads_files_byte_for_byte_so_crlf_receipts_are_refused() -> None:
    outcome = run(*_cli_args("receipt_crlf_line_endings.txt"))

    assert outcome.code == 1
    assert "Windows line endings" in _error_line(outcome)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing.txt", "receipt file {p}/missing.txt does not exist"),
        (lambda p: p, "receipt file {p} cannot be read"),
        (lambda p: _bytes(p / "latin1.txt", b"caf\xe9\n"), "is not UTF-8 text (byte 3)"),
        (lambda p: _bytes(p / "empty.txt", b""), "receipt"),
    ],
    ids=["missing", "a-directory", "not-utf8", "empty"],
)
def test_a_receipt_file_that_cannot_be_read_gives_one_error_not_a_traceback(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    receipt = make(tmp_path)

    outcome = run("receipt", "verify", receipt, "--key", VKEY)

    assert outcome.code == 1
    assert reason.format(p=tmp_path) in _error_line(outcome)


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_missing_vkey_or_kept_checkpoint_file_is_named_in_the_error(
    data_dir: Path, tmp_path: Path
) -> None:
    no_key = run("receipt", "verify", RECEIPT, "--key", tmp_path / "log.vkey")
    no_checkpoint = run("--data-dir", data_dir, "verify", "--checkpoint", tmp_path / "cp.txt")

    assert (no_key.code, no_checkpoint.code) == (1, 1)
    assert f"vkey file {tmp_path}/log.vkey does not exist" in _error_line(no_key)
    assert f"checkpoint file {tmp_path}/cp.txt does not exist" in _error_line(no_checkpoint)


ROOT = "tfQo5Jm2c+HYFGbRlC9eJGbuWk/MOlgn7pI4gdHdJcQ="


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{origin}\n7\n", "has 2 lines, expected at least 3"),
        ("{origin}\n07\n" + ROOT + "\n", "leading zeros: '07'"),
        ("{origin}\n7\n" + ROOT[:-4] + "\n", "root hash has"),
        (None, "no blank line before its signatures"),
    ],
    ids=["two-lines", "size-leading-zero", "root-too-short", "not-a-note"],
)
def test_verify_with_a_malformed_kept_checkpoint_names_the_field(
    data_dir: Path, tmp_path: Path, body: str | None, reason: str
) -> None:
    app = open_data_dir(data_dir)
    signer = app.signer
    app.close()
    kept = tmp_path / "kept.txt"
    text = (
        "a checkpoint I kept\n"
        if body is None
        else sign_note(body.format(origin=signer.name), signer)
    )
    kept.write_text(text, encoding="utf-8")

    outcome = run("--data-dir", data_dir, "verify", "--checkpoint", kept)

    assert outcome.code == 1
    assert reason in _error_line(outcome)


def test_a_checkpoint_of_another_log_passed_to_verify_is_a_signature_failure(
    data_dir: Path,
) -> None:
    outcome = run(
        "--data-dir", data_dir, "verify", "--checkpoint", VECTORS / "checkpoint_valid.txt"
    )

    assert outcome.code == 2
    assert "note has no signature by 'test.unburied.example/e2e-log'" in _error_line(outcome)


# ------------------------------------------------------------ how errors are printed


def test_a_short_error_is_exactly_one_line_of_stderr() -> None:
    outcome = run("receipt", "verify", RECEIPT, "--key", VECTORS / "vkey_wrong_key_id.txt")

    assert outcome.stderr == "error: vkey key ID is d2ad50f1, expected d2ad50f0\n"
    assert outcome.stdout == ""


def test_a_long_error_is_still_one_line_of_stderr() -> None:
    outcome = run(*_cli_args("receipt_bad_header.txt"))

    assert outcome.stderr.splitlines() == [
        "error: receipt starts with 'c2sp.org/tlog-proof@v2', expected 'c2sp.org/tlog-proof@v1'"
    ]


def test_square_brackets_from_a_malformed_file_are_printed_not_interpreted(
    tmp_path: Path,
) -> None:
    receipt = _bytes(tmp_path / "r.txt", b"[/x]\nextra AAAA\n\nfoo\n")

    outcome = run("receipt", "verify", receipt, "--key", VKEY)

    assert outcome.code == 1
    assert "receipt starts with '[/x]'" in _error_line(outcome)


def test_an_unknown_option_is_a_usage_error_with_exit_one_and_no_traceback() -> None:
    # Exit 2 is kept for a failed verification, so a usage error is an ordinary error (1).
    outcome = run("verify", "--no-such-option")

    assert outcome.code == 1
    assert "No such option: --no-such-option" in outcome.stderr
    assert "Traceback" not in outcome.stderr


# ------------------------------------------------------------------ the installed script

SCRIPT = Path(sys.executable).with_name("unburied")


@pytest.mark.skipif(not SCRIPT.exists(), reason="the unburied script is not installed in this venv")
@pytest.mark.parametrize(
    ("vector", "code"),
    [("receipt_valid.txt", 0), ("receipt_truncated.txt", 1), ("receipt_wrong_root.txt", 2)],
)
def test_the_installed_script_exits_zero_one_or_two_as_documented(vector: str, code: int) -> None:
    done = subprocess.run(
        [SCRIPT, "receipt", "verify", VECTORS / vector, "--key", VKEY],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
