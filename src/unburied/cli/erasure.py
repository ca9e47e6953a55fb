"""`unburied erase`: destroy a survivor's data key on a written authority."""

from __future__ import annotations

from typing import Annotated

import typer

from unburied.cli.app import AsOption, AsRoleOption, DataDirOption, JsonOption, app
from unburied.cli.cases import _emit, _open, _refused, actor_from
from unburied.domain.errors import Refused
from unburied.services.erasure import erase_survivor

__all__ = ["erase"]


@app.command("erase")
def erase(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help="The survivor's person id.")],
    authority: Annotated[
        str, typer.Option("--authority", help="The written authority, e.g. a court order.")
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_: AsOption = None,
    as_role: AsRoleOption = None,
    data_dir: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase a survivor's protected data by destroying her data key. This cannot be undone.

    Her identity and statement texts become unreadable for everyone; the log keeps proving
    they were recorded, and records this erasure with its authority. Oversight rank only.

    Example: unburied erase S-0042 --authority "Court order, 3 March 2026" --as-role oversight
    """
    actor = actor_from(ctx, as_, as_role)
    if not yes and not typer.confirm(f"Destroy {person}'s data key? This cannot be undone."):
        raise SystemExit(1)
    try:
        erased = erase_survivor(_open(ctx, data_dir), actor, person, authority)
    except Refused as exc:
        _refused(exc, as_json)
    _emit(
        as_json,
        {"ok": True, "event": erased.seq, "key": erased.key_id},
        f"{person}'s data key {erased.key_id} destroyed (recorded as event {erased.seq})",
    )
