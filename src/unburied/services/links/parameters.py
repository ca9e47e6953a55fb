"""The linking model a full run fitted, kept in the data dir for statements linked one by one.

``unburied link`` trains the mention linker on the whole corpus (u, m, the priors) and scores
every pair. ``unburied link --statement ST`` links one new statement against the corpus
without scoring the rest; it links it with the model of the last full run, read from
``linking-parameters.json`` in the data dir, so that a statement linked on its own is scored
as the full run would score it, and in a fraction of the time (no training).

The file is derived data, like the views: it holds no name and no event, only what training
fitted (see :meth:`unburied.linking.MentionLinker.parameters`), when, and on how many
mentions. Deleting it loses nothing: without it (or when it cannot be read, or is of another
format) the statement is linked with a model trained on a sample of the corpus, as before, and
the summary says so.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from unburied.domain.errors import InvalidInput
from unburied.linking.features import CorpusStatistics
from unburied.linking.mentions import PARAMETERS_FORMAT

__all__ = ["PARAMETERS_FILE", "load_parameters", "save_parameters"]

PARAMETERS_FILE = "linking-parameters.json"

_SAMPLE = "trained on a sample of the corpus"


def save_parameters(data_dir: Path, parameters: Mapping[str, Any], when: datetime) -> str:
    """Write the parameters of a full run (atomically: a reader sees the old file or the new);
    return what the summary says about them. A file that cannot be written is reported, not
    raised: the run's events are committed already, and the file only saves time later."""
    path = Path(data_dir) / PARAMETERS_FILE
    data = dict(parameters) | {"fitted_at": when.isoformat()}
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".linking-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return f"fitted on {parameters.get('mentions', 0):,} mentions; not saved ({exc})"
    return f"fitted on {parameters.get('mentions', 0):,} mentions; saved to {path.name}"


def load_parameters(data_dir: Path) -> tuple[dict[str, Any] | None, str]:
    """The parameters of the last full run, or None; and what the summary says about them."""
    path = Path(data_dir) / PARAMETERS_FILE
    if not path.exists():
        return None, f"{_SAMPLE} (no full run has saved its parameters)"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"{_SAMPLE} ({path.name} cannot be read: {exc})"
    if not isinstance(data, dict) or data.get("format") != PARAMETERS_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        return None, (
            f"{_SAMPLE} ({path.name} is of format {found!r}, this version reads "
            f"{PARAMETERS_FORMAT}; run `unburied link` to fit it again)"
        )
    try:
        CorpusStatistics().use_parameters(data)
    except InvalidInput as exc:
        return None, f"{_SAMPLE} ({path.name}: {exc})"
    return data, (
        f"the full run's, fitted on {data.get('mentions', 0):,} mentions "
        f"at {data.get('fitted_at', 'an unknown time')}"
    )
