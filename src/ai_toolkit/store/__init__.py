"""Durable storage: one SQLite database per session, an append-only event log as the source of truth."""

from ai_toolkit.store.events import EventStore
from ai_toolkit.store.sessions import SessionsDir

__all__ = ["EventStore", "SessionsDir"]
