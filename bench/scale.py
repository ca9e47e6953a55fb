"""How the cost of a synthetic operation grows with its size: generate, parse, (import).

For each size (10^3, 10^4, 10^5 cases; 10^6 with ``--max 1000000``) a fresh child process
generates an operation into a temporary folder, then parses and checks it with
``parse_import``; each step's wall time and the child's peak memory (``ru_maxrss``) are
reported, with the growth per decade: the exponent k in cost ∝ size^k (1.0 is linear).

    python bench/scale.py                 # 10^3 .. 10^5 cases
    python bench/scale.py --max 1000000   # also 10^6 (minutes, several GB of disk)
    python bench/scale.py --json          # one JSON object per size, for scripts

Parsing holds the whole batch in memory, so it is measured only up to ``--parse-max`` cases
(default 10^5); generation streams and is measured at every size.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess  # nosec B404: runs this same script as a child, with fixed arguments
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (1_000, 10_000, 100_000, 1_000_000)


def import_timing(folder: Path) -> dict[str, float] | None:
    """Import ``folder`` through the import service into a fresh SQLite data dir.

    Returns the import's wall time (parsing, sealing, event log, views, one commit and one
    checkpoint), the events written, and the peak memory of the process afterwards. Runs in
    the child, after the parse measurement.
    """
    from unburied.bootstrap import init_data_dir
    from unburied.domain.entities import Actor, Role
    from unburied.services.imports import import_batch

    with tempfile.TemporaryDirectory(prefix="unburied-bench-import-") as tmp:
        app = init_data_dir(Path(tmp) / "data", origin="unburied.bench/scale")
        try:
            started = time.perf_counter()
            result = import_batch(app, Actor("BENCH-LEAD", Role.REVIEW_LEAD), folder)
            seconds = time.perf_counter() - started
        finally:
            app.close()
    return {
        "import_s": round(seconds, 2),
        "events": float(result.events),
        "import_MB": _peak_mb(),
    }


def measure(cases: int, parse: bool, seed: int) -> dict[str, Any]:
    """Generate (and parse) an operation of about ``cases`` cases; return the figures."""
    from unburied.importers import parse_import
    from unburied.synth import scale_for_cases, write_operation

    with tempfile.TemporaryDirectory(prefix="unburied-bench-") as tmp:
        folder = Path(tmp) / "op"
        started = time.perf_counter()
        summary = write_operation(folder, scale_for_cases(cases), seed)
        result: dict[str, Any] = {
            "target_cases": cases,
            "cases": summary.cases,
            "rows": summary.total_rows,
            "generate_s": round(time.perf_counter() - started, 3),
            "disk_mb": round(
                sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1
            ),
            "generate_peak_mb": _peak_mb(),
        }
        if parse:
            started = time.perf_counter()
            batch = parse_import(folder)
            result["parse_s"] = round(time.perf_counter() - started, 3)
            result["parse_peak_mb"] = _peak_mb()
            del batch
        timing = import_timing(folder)
        if timing:
            result.update(timing)
    return result


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child(cases: int, parse: bool, seed: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", str(cases), "--seed", str(seed)]
    if not parse:
        command.append("--no-parse")
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # nosec B603
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def growth(previous: dict[str, Any], current: dict[str, Any], key: str) -> str:
    """The exponent k in cost ∝ cases^k between two sizes, as text."""
    if key not in previous or key not in current or previous[key] <= 0:
        return "-"
    k = math.log(current[key] / previous[key]) / math.log(current["cases"] / previous["cases"])
    return f"{k:.2f}"


_KNOWN = {"target_cases", "cases", "rows", "disk_mb", "generate_s", "generate_peak_mb"}
_KNOWN |= {"parse_s", "parse_peak_mb"}


def report(results: list[dict[str, Any]]) -> None:
    """Print a table of the figures and how they grow per decade of cases."""
    extra = sorted({k for r in results for k in r} - _KNOWN)  # columns from import_timing
    heads = ["cases", "rows", "disk MB", "gen s", "k", "gen MB", "parse s", "k", "parse MB"]
    heads += ["rows/s", *extra]
    table = [_cells(r, results[i - 1] if i else {}, extra) for i, r in enumerate(results)]
    widths = [max(len(h), *(len(row[c]) for row in table)) for c, h in enumerate(heads)]
    print("  ".join(h.rjust(w) for h, w in zip(heads, widths, strict=True)))
    for row in table:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
    print("k: growth exponent since the row above (cost ∝ cases^k; 1.00 is linear).")


def _cells(r: dict[str, Any], before: dict[str, Any], extra: list[str]) -> list[str]:
    def shown(key: str, form: str) -> str:
        return form.format(r[key]) if key in r else "-"

    rate = f"{r['rows'] / r['parse_s']:,.0f}" if r.get("parse_s") else "-"
    return [
        f"{r['cases']:,}",
        f"{r['rows']:,}",
        f"{r['disk_mb']:.0f}",
        f"{r['generate_s']:.2f}",
        growth(before, r, "generate_s"),
        f"{r['generate_peak_mb']:.0f}",
        shown("parse_s", "{:.2f}"),
        growth(before, r, "parse_s"),
        shown("parse_peak_mb", "{:.0f}"),
        rate,
        *(str(r.get(key, "-")) for key in extra),
    ]


def main() -> None:
    """Parse arguments; run each size in a fresh child process so peak memory is its own."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max", type=int, default=100_000, help="largest size in cases (default 10^5)"
    )
    parser.add_argument(
        "--parse-max", type=int, default=100_000, help="parse only up to this many cases"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-parse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, not args.no_parse, args.seed)))
        return
    results = []
    for cases in (s for s in SIZES if s <= args.max):
        result = _child(cases, cases <= args.parse_max, args.seed)
        results.append(result)
        if args.json:
            print(json.dumps(result), flush=True)
    if not args.json:
        report(results)


if __name__ == "__main__":
    main()
