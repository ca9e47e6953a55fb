"""Log commands: init, vkey, checkpoint, verify, receipt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from unburied.bootstrap import VKEY_FILE, init_data_dir, open_data_dir
from unburied.cli.app import DataDirOption, JsonOption, app, console, data_dir_from
from unburied.domain.errors import FormatError, InvalidInput
from unburied.ledger.note import NoteVerifier
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.ledger.verify import verify_receipt
from unburied.services.log import issue_receipt, issue_refresh, latest_checkpoint
from unburied.store.audit import verify_log

__all__ = ["checkpoint", "init", "receipt", "verify", "vkey"]

WITNESS_DIR = "witnessed-checkpoints"


@app.command()
def init(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    origin: Annotated[
        str | None, typer.Option(help="Log origin (first checkpoint line); default: generated.")
    ] = None,
) -> None:
    """Create a data dir: database, log signing key, vault master key.

    Example: unburied init --data-dir ./review --origin review.example/historic-log
    """
    path = data_dir_from(ctx, data_dir)
    app_ = init_data_dir(path, origin=origin)
    console.print(f"Initialised log [bold]{escape(app_.origin)}[/] in {escape(str(path))}")
    console.print(
        "Verifier key (give this to anyone who must check receipts): "
        f"{escape(str(path / VKEY_FILE))}"
    )


@app.command()
def vkey(ctx: typer.Context, data_dir: DataDirOption = None) -> None:
    """Print the log's public verifier key (C2SP vkey text).

    Example: unburied vkey --data-dir ./review > log.vkey
    """
    app_ = open_data_dir(data_dir_from(ctx, data_dir))
    typer.echo(app_.signer.to_vkey())


@app.command()
def checkpoint(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the latest signed checkpoint (every commit signs one).

    Example: unburied checkpoint -o checkpoint-today.txt
    """
    path = data_dir_from(ctx, data_dir)
    stored = latest_checkpoint(open_data_dir(path))
    _witness(path, stored.note, stored.size)
    if output:
        output.write_text(stored.note, encoding="utf-8")
        console.print(f"Checkpoint at size {stored.size:,} written to {escape(str(output))}")
    else:
        typer.echo(stored.note, nl=False)


@app.command()
def verify(
    ctx: typer.Context,
    data_dir: DataDirOption = None,
    key: Annotated[
        Path | None, typer.Option("--key", help="The log's vkey file (default: data dir's).")
    ] = None,
    kept: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="A checkpoint saved earlier; may repeat."),
    ] = None,
    deep: Annotated[bool, typer.Option(help="Also check every event is canonical.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    as_json: JsonOption = False,
) -> None:
    """Re-hash every event, rebuild the tree, check every checkpoint. Exit 2 on any failure.

    Checkpoints this data dir witnessed earlier (`unburied checkpoint`) are checked too, so a
    log replaced by a re-signed fork is caught.

    Example: unburied verify --checkpoint checkpoint-last-month.txt
    """
    path = data_dir_from(ctx, data_dir)
    app_ = open_data_dir(path)
    verifier = NoteVerifier.from_vkey(_read_file(key or path / VKEY_FILE, "vkey").strip())
    notes = [_read_file(p, "checkpoint") for p in (kept or [])] + _witnessed(path)
    with _progress(as_json) as bar:
        task = bar.add_task("verifying", total=None)
        report = verify_log(
            app_.engine,
            verifier,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            kept=notes,
            deep=deep,
        )
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": True,
                    "size": report.size,
                    "root": report.root.hex(),
                    "checkpoints": report.checkpoints,
                }
            )
        )
        return
    console.print(
        f"[green]OK[/] {report.size:,} events re-hashed, tree rebuilt, root {report.root.hex()}; "
        f"{report.checkpoints:,} stored and {report.kept_checkpoints:,} kept checkpoint(s) "
        "consistent."
    )
    if verbose:
        console.print(f"latest checkpoint at size {report.latest_checkpoint}")


@app.command(
    context_settings={"allow_interspersed_args": True},
)
def receipt(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(help="An event sequence number, or 'verify'.")],
    file: Annotated[Path | None, typer.Argument(help="With 'verify': the receipt file.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Receipt file.")] = None,
    key: Annotated[Path | None, typer.Option("--key", help="With 'verify': vkey file.")] = None,
    newer: Annotated[
        Path | None,
        typer.Option("--checkpoint", help="With 'verify': a refresh (or checkpoint) issued later."),
    ] = None,
    holder_copy: Annotated[
        Path | None,
        typer.Option("--holder-copy", help="With 'verify': the holder's copy (field, salt, text)."),
    ] = None,
    refresh_from: Annotated[
        int | None, typer.Option("--refresh-from", help="Issue a refresh from this tree size.")
    ] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Issue a receipt for an event, or verify one offline.

    Examples:
      unburied receipt 42 -o statement-42.tlog-proof
      unburied receipt verify statement-42.tlog-proof --key log.vkey
      unburied receipt 0 --refresh-from 43 -o refresh.txt
      unburied receipt verify statement-42.tlog-proof --key log.vkey --checkpoint refresh.txt
    """
    if target == "verify":
        _verify_receipt_file(file, key, newer, holder_copy)
        return
    try:
        seq = int(target)
    except ValueError:
        raise InvalidInput(f"receipt: {target!r} is neither an event number nor 'verify'") from None
    app_ = open_data_dir(data_dir_from(ctx, data_dir))
    if refresh_from is not None:
        text = issue_refresh(app_, refresh_from).to_text()
    else:
        text = issue_receipt(app_, seq).to_text()
    if output:
        output.write_text(text, encoding="utf-8")
        console.print(f"Written to {escape(str(output))} ({len(text.encode()):,} bytes)")
    else:
        typer.echo(text, nl=False)


def _verify_receipt_file(
    file: Path | None, key: Path | None, newer: Path | None, holder_copy: Path | None
) -> None:
    if file is None or key is None:
        raise InvalidInput("receipt verify needs the receipt file and --key VKEY_FILE")
    text = _read_file(file, "receipt")
    proven = verify_receipt(
        text,
        _read_file(key, "vkey").strip(),
        newer_checkpoint=_read_file(newer, "checkpoint") if newer else None,
    )
    console.print(
        f"[green]OK[/] event {proven.index} is in log {escape(proven.origin)} "
        f"(signed tree of {proven.tree_size:,} events)"
    )
    if proven.newer_size is not None:
        console.print(f"[green]OK[/] and is still there in the later tree of {proven.newer_size:,}")
    if holder_copy is not None:
        copy = _read_holder_copy(holder_copy)
        check_holder_copy(Receipt.from_text(text), copy["field"], copy["value"], copy["salt"])
        console.print(
            f"[green]OK[/] the holder's copy of '{escape(copy['field'])}' matches, unaltered"
        )


def _read_holder_copy(path: Path) -> dict[str, Any]:
    import base64

    text = _read_file(path, "holder copy")
    try:
        raw = json.loads(text)
        return {
            "field": str(raw["field"]),
            "value": str(raw["value"]),
            "salt": base64.b64decode(raw["salt"], validate=True),
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise FormatError(f"{path}: not a holder copy (field, value, salt): {exc}") from None


def _progress(quiet: bool) -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    )


def _witness(data_dir: Path, note: str, size: int) -> None:
    folder = data_dir / WITNESS_DIR
    folder.mkdir(exist_ok=True)
    (folder / f"checkpoint-{size:012d}.txt").write_text(note, encoding="utf-8")


def _witnessed(data_dir: Path) -> list[str]:
    folder = data_dir / WITNESS_DIR
    if not folder.is_dir():
        return []
    return [_read_file(p, "witnessed checkpoint") for p in sorted(folder.glob("checkpoint-*.txt"))]


def _read_file(path: Path, what: str) -> str:
    """A file's text exactly as written: no newline translation, one-line errors.

    Receipts, checkpoints and vkeys are byte formats (LF only), so CR LF must reach the
    parser and be refused there rather than be silently repaired by universal newlines.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{what} file {path} does not exist") from None
    except OSError as exc:
        raise InvalidInput(f"{what} file {path} cannot be read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{what} file {path} is not UTF-8 text (byte {exc.start})") from None
