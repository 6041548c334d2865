"""``hague db upgrade|current``: the registry database (needs the ``[web]`` extra)."""

from __future__ import annotations

from types import SimpleNamespace

import click

from hague.cli._db import _db_errors, _url, db_option, existing_database_url, needs_web


@click.group("db")
def command() -> None:
    """Registry database operations: upgrade, current (needs the web extra)."""
    needs_web()


@command.command("upgrade")
@db_option
def upgrade_command(**kw) -> int:
    """Apply the shipped migrations up to the latest revision."""
    return cmd_db_upgrade(SimpleNamespace(**kw))


@command.command("current")
@db_option
def current_command(**kw) -> int:
    """Print the database's revision and the latest shipped one (exit 1 when behind)."""
    return cmd_db_current(SimpleNamespace(**kw))


@_db_errors
def cmd_db_upgrade(args) -> int:
    from hague.store.db import make_engine, upgrade

    rev = upgrade(make_engine(_url(args)))
    print(f"database at revision {rev}")
    return 0


@_db_errors
def cmd_db_current(args) -> int:
    from hague.store.db import current_revision, head_revision, make_engine

    cur = current_revision(make_engine(existing_database_url(args)))  # read-only: never creates a file
    head = head_revision()
    print(f"database revision {cur or '(empty)'}; latest shipped {head}" + ("" if cur == head else
                                                                             " (run `hague db upgrade`)"))
    return 0 if cur == head else 1
