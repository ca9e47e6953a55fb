"""The historic import format (CSV, JSON, JSON Lines) and its all-or-nothing parser."""

from unburied.importers.batch import (
    Accreditation,
    ImportBatch,
    KnownIds,
    Record,
    RowRef,
    SourceFile,
    combined_source_hash,
)
from unburied.importers.format import (
    CSV_LIST_SEPARATOR,
    FORMAT_NAME,
    FORMAT_VERSION,
    IMPORT_ORDER,
    MANIFEST_NAME,
    FileFormat,
    Manifest,
    ManifestFile,
    RecordKind,
    kind_from_name,
    manifest_to_json,
)
from unburied.importers.parse import Progress, parse_import
from unburied.importers.schema import load_schema, row_schema

__all__ = [
    "CSV_LIST_SEPARATOR",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "IMPORT_ORDER",
    "MANIFEST_NAME",
    "Accreditation",
    "FileFormat",
    "ImportBatch",
    "KnownIds",
    "Manifest",
    "ManifestFile",
    "Progress",
    "Record",
    "RecordKind",
    "RowRef",
    "SourceFile",
    "combined_source_hash",
    "kind_from_name",
    "load_schema",
    "manifest_to_json",
    "parse_import",
    "row_schema",
]
