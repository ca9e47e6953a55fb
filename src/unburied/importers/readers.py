"""Read CSV, JSON and JSON Lines files into plain row objects, one row at a time.

Every reader yields :class:`RawRow` values: the row number a person would look for, the values
as the schema's JSON shape (CSV cells converted: empty cell = absent, ``;``-separated lists,
``true``/``false``), and any problem found while reading. Row numbers:

* CSV: the header is row 1, the first data row is row 2, as a spreadsheet numbers them
  (a quoted cell spanning several lines is still one row);
* JSON array: the first object is row 1;
* JSON Lines: the line number (blank lines are skipped but counted);
* row 0 means the file as a whole (cannot be read, is not UTF-8, is not JSON).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from unburied.importers.format import CSV_LIST_SEPARATOR, FileFormat
from unburied.importers.schema import RowSchema

__all__ = ["FILE_ROW", "ROW_FIELD", "RawRow", "RowReader", "open_reader"]

FILE_ROW = 0
#: the field name used for a problem with a row as a whole (wrong shape, too many cells)
ROW_FIELD = "(row)"

Counter = Callable[[int], None]


@dataclass(slots=True)
class RawRow:
    """One row as read: its number, its values (None if unusable), problems found reading it."""

    number: int
    values: dict[str, Any] | None
    problems: list[tuple[str, str]] = field(default_factory=list)


class _CountingReader(io.RawIOBase):
    """A binary file that reports how many bytes have been read (for a progress bar)."""

    def __init__(self, raw: BinaryIO, on_bytes: Counter) -> None:
        self._raw = raw
        self._on_bytes = on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        if data:
            self._on_bytes(len(data))
        return len(data)


class RowReader:
    """Reads one file of one kind.

    After the header is read, ``missing_columns`` lists required CSV columns it lacks (reported
    once, on row 1, rather than on every row).
    """

    def __init__(self, path: Path, fmt: FileFormat, schema: RowSchema, on_bytes: Counter) -> None:
        self.path = path
        self.format = fmt
        self.schema = schema
        self.missing_columns: frozenset[str] = frozenset()
        self._on_bytes = on_bytes

    def rows(self) -> Iterator[RawRow]:
        """Every row of the file, in order; a file-level problem comes as row 0."""
        try:
            with self.path.open("rb") as raw:
                text = io.TextIOWrapper(
                    io.BufferedReader(_CountingReader(raw, self._on_bytes)),
                    encoding="utf-8-sig",
                    newline="",
                )
                if self.format is FileFormat.CSV:
                    yield from self._csv_rows(text)
                else:
                    yield from self._json_rows(text)
        except UnicodeDecodeError as exc:
            yield RawRow(
                FILE_ROW, None, [(ROW_FIELD, f"the file is not UTF-8 text ({exc.reason})")]
            )
        except OSError as exc:
            yield RawRow(FILE_ROW, None, [(ROW_FIELD, f"the file cannot be read: {exc.strerror}")])
        except csv.Error as exc:
            yield RawRow(FILE_ROW, None, [(ROW_FIELD, f"the file is not valid CSV: {exc}")])

    # -- CSV -----------------------------------------------------------------------------------

    def _csv_rows(self, text: io.TextIOWrapper) -> Iterator[RawRow]:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            yield RawRow(FILE_ROW, None, [(ROW_FIELD, "the file is empty; expected a header row")])
            return
        columns = [c.strip() for c in header]
        header_problems = self._header_problems(columns)
        if header_problems:
            yield RawRow(1, None, header_problems)
        known = [c if c in self.schema.fields else None for c in columns]
        for number, cells in enumerate(reader, start=2):
            if not cells or all(not c.strip() for c in cells):
                continue
            yield self._csv_row(number, known, cells)

    def _header_problems(self, columns: list[str]) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        seen: set[str] = set()
        for name in columns:
            if name in seen:
                problems.append((name, "column appears twice in the header"))
            elif name not in self.schema.fields:
                allowed = ", ".join(self.schema.columns)
                problems.append(
                    (name, f"is not a column of {self.schema.kind}; expected {allowed}")
                )
            seen.add(name)
        missing = [name for name in self.schema.required if name not in seen]
        problems.extend((name, "required column is missing from the header") for name in missing)
        self.missing_columns = frozenset(missing)
        return problems

    def _csv_row(self, number: int, columns: list[str | None], cells: list[str]) -> RawRow:
        values: dict[str, Any] = {}
        for name, cell in zip(columns, cells, strict=False):
            value = cell.strip()
            if name is not None and value:
                values[name] = self._cell_value(name, value)
        row = RawRow(number, values)
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            reason = f"has {len(cells)} cells but the header has {len(columns)} columns"
            row.problems.append((ROW_FIELD, reason))
        return row

    def _cell_value(self, name: str, value: str) -> Any:
        json_type = self.schema.fields[name].json_type
        if json_type == "array":
            return [item.strip() for item in value.split(CSV_LIST_SEPARATOR) if item.strip()]
        if json_type == "boolean":
            lowered = value.lower()
            return {"true": True, "false": False}.get(lowered, value)
        return value

    # -- JSON and JSON Lines -----------------------------------------------------------------

    def _json_rows(self, text: io.TextIOWrapper) -> Iterator[RawRow]:
        if self.format is FileFormat.JSONL:
            yield from self._jsonl_rows(text)
            return
        content = text.read()
        if not content.lstrip().startswith("["):
            yield from self._jsonl_rows(io.StringIO(content))
            return
        try:
            items = json.loads(content)
        except json.JSONDecodeError as exc:
            yield RawRow(FILE_ROW, None, [(ROW_FIELD, f"the file is not valid JSON: {exc}")])
            return
        for number, item in enumerate(items, start=1):
            yield _json_row(number, item)

    def _jsonl_rows(self, lines: Any) -> Iterator[RawRow]:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RawRow(number, None, [(ROW_FIELD, f"the line is not valid JSON: {exc.msg}")])
                continue
            yield _json_row(number, item)


def _json_row(number: int, item: object) -> RawRow:
    if not isinstance(item, dict):
        kind = "a list" if isinstance(item, list) else type(item).__name__
        return RawRow(number, None, [(ROW_FIELD, f"expected an object, got {kind}")])
    return RawRow(number, {k: v for k, v in item.items() if v is not None})


def open_reader(path: Path, fmt: FileFormat, schema: RowSchema, on_bytes: Counter) -> RowReader:
    """A reader for one file of one kind; ``on_bytes(n)`` is called as bytes are read."""
    return RowReader(path, fmt, schema, on_bytes)
