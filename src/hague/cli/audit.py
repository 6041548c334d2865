"""``hague audit verify``: the registry's hash-chained audit log (needs the ``[web]`` extra)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import click

from hague.cli._db import _db_errors, _registry, db_option, needs_web


@click.group("audit")
def command() -> None:
    """Audit log: verify the hash chain (needs the web extra)."""
    needs_web()


@command.command("verify")
@db_option
def verify_command(**kw) -> int:
    """Recompute the chain; exit 1 and list every altered or removed row."""
    return cmd_audit_verify(SimpleNamespace(**kw))


@_db_errors
def cmd_audit_verify(args) -> int:
    reg = _registry(args, migrate=False)
    r = reg.verify_audit(None)
    if r.ok:
        print(f"audit chain intact: {r.entries} entries, {r.submissions_checked} submissions checked; "
              f"head {r.head_hash}")
        return 0
    print(f"audit chain BROKEN: {len(r.problems)} problems", file=sys.stderr)
    for p in r.problems:
        print(f"  {p}", file=sys.stderr)
    return 1
