"""Helpers of the registry commands (serve, db, users, audit): database URL, errors, the web-extra check."""

from __future__ import annotations

import click


def db_option(f):
    return click.option("--database-url", metavar="URL",
                        help="sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default: $HAGUE_DATABASE_URL, else "
                             "SQLite in the user data directory, $HAGUE_DATA_DIR)")(f)


from hague.extras import needs_web  # noqa: E402,F401  (re-exported for the registry commands)


def _url(args) -> str | None:
    import os

    return args.database_url or os.environ.get("HAGUE_DATABASE_URL") or None


def _safe(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for display
        return "(unparseable URL)"


def _db_errors(fn):
    """Database errors become one ``hague: error:`` line naming the database (no traceback)."""
    import functools

    @functools.wraps(fn)
    def wrapper(args):
        from sqlalchemy.exc import SQLAlchemyError

        from hague.store.db import StoreError, default_database_url

        try:
            return fn(args)
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"database {_safe(_url(args) or default_database_url())}: {first}") from None

    return wrapper


def existing_database_url(args) -> str:
    """The database URL of a read-only command; a SQLite file that does not exist is an error (opening it would
    create the file and its folders)."""
    from hague.store.db import StoreError, default_database_url

    url = _url(args) or default_database_url()
    if url.startswith("sqlite:"):
        from pathlib import Path

        from sqlalchemy.engine import make_url

        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).exists():
            raise StoreError(f"no database at {path}; create it with `hague db upgrade` or `hague serve` (accepted: an "
                             "existing SQLite file or a PostgreSQL URL)")
    return url


def _registry(args, *, migrate: bool = True):
    from hague.store import Registry, open_registry
    from hague.store.db import StoreError, current_revision, head_revision, make_engine

    if migrate:
        return open_registry(_url(args), migrate=True)
    url = existing_database_url(args)
    engine = make_engine(url)
    cur, head = current_revision(engine), head_revision()
    if cur != head:
        raise StoreError(f"database {_safe(url)} is at revision {cur or '(none)'}, this hague needs {head}: "
                         "run `hague db upgrade`")
    return Registry(engine)
