"""Engines, durability settings and migrations.

SQLite (the zero-configuration default, in the user data directory) runs in WAL mode with
``synchronous=FULL`` so an acknowledged commit survives a crash or power cut; every transaction starts with
``BEGIN IMMEDIATE`` so concurrent writers queue on the database lock instead of failing half-way.
PostgreSQL is reached with psycopg 3 (``postgresql://...`` URLs are rewritten to ``postgresql+psycopg://``).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from hague.errors import HagueError

__all__ = ["StoreError", "default_database_url", "data_dir", "make_engine", "upgrade", "current_revision",
           "session_factory"]


class StoreError(HagueError):
    """A database URL that cannot be used, or a database that is not at the expected revision."""


def data_dir() -> Path:
    """The user data directory: ``$HAGUE_DATA_DIR`` or the platform's (``platformdirs.user_data_dir('hague')``)."""
    env = os.environ.get("HAGUE_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("hague", appauthor=False))


def default_database_url() -> str:
    """``sqlite:///<data dir>/hague.sqlite3`` (the directory is created)."""
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{d / 'hague.sqlite3'}"


def normalise_url(url: str) -> str:
    try:
        u = make_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError
        raise StoreError(f"database URL {url!r} cannot be parsed; accepted: sqlite:///PATH or postgresql://USER@HOST:PORT/DB") from exc
    if u.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if u.drivername == "sqlite":
        return url
    raise StoreError(f"database URL scheme {u.drivername!r} is not supported; accepted: sqlite, postgresql")


def make_engine(url: str | None = None, *, pool_size: int = 10) -> Engine:
    """An engine for ``url`` (default: SQLite in the data directory) with hague's durability settings."""
    url = normalise_url(url or default_database_url())
    if url.startswith("sqlite"):
        path = make_url(url).database
        args = {"timeout": 60, "check_same_thread": False}
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args=args, pool_size=pool_size, max_overflow=20)
        else:  # in-memory: one shared connection (examples and doctests only)
            from sqlalchemy.pool import StaticPool

            engine = create_engine(url, connect_args=args, poolclass=StaticPool)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record):  # pragma: no cover - trivial
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # readers take no write lock (WAL lets them run beside the writer); writers queue up front
            conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("hague_read_only") else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=20, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Apply the shipped Alembic migrations up to ``revision``; returns the revision now current."""
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(__file__).parent / "migrations")).get_current_head() or ""
