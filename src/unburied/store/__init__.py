"""The store: the append-only event log on SQLite or PostgreSQL, its tree, views and checkpoints."""

from unburied.store.audit import LogReport, verify_log
from unburied.store.checkpoints import CheckpointStore, StoredCheckpoint
from unburied.store.engine import make_engine, scrub_freed_pages, sqlite_url
from unburied.store.event_log import EventLog
from unburied.store.migrate import upgrade_to_head
from unburied.store.tree import StoredTree
from unburied.store.uow import SqlUnitOfWork
from unburied.store.views import ALL_EVENTS, ViewRegistry, projector, rebuild_views, view_table

__all__ = [
    "ALL_EVENTS",
    "CheckpointStore",
    "EventLog",
    "LogReport",
    "SqlUnitOfWork",
    "StoredCheckpoint",
    "StoredTree",
    "ViewRegistry",
    "make_engine",
    "projector",
    "rebuild_views",
    "scrub_freed_pages",
    "sqlite_url",
    "upgrade_to_head",
    "verify_log",
    "view_table",
]
