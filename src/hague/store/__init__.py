"""The plan registry: accounts, drafts, immutable versioned submissions and a hash-chained audit log.

SQLAlchemy 2 models (:mod:`hague.store.models`), Alembic migrations shipped in the package
(:func:`hague.store.db.upgrade`), the service layer with authorization (:class:`hague.store.registry.Registry`) and
the audit chain (:mod:`hague.store.audit`). The core (data, rules, models) never imports this package.
"""

from __future__ import annotations

from hague.store.db import StoreError, default_database_url, make_engine, upgrade
from hague.store.registry import PUBLIC, Principal, Registry

__all__ = ["Registry", "Principal", "PUBLIC", "make_engine", "upgrade", "default_database_url", "StoreError",
           "open_registry"]


def open_registry(url: str | None = None, *, migrate: bool = True, settings=None) -> Registry:
    """A :class:`Registry` on ``url`` (default: SQLite in the data directory), migrated to the latest revision."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Registry(engine, settings)
