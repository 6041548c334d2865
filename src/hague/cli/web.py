"""``hague serve``, ``hague db``, ``hague users``, ``hague audit``: the web app and its registry, for operators.

Thin: each command parses, calls :mod:`hague.store` / :mod:`hague.web`, prints. Heavy imports inside functions.
"""

from __future__ import annotations

import argparse
import sys


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database-url", metavar="URL",
                   help="sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default: $HAGUE_DATABASE_URL, else SQLite "
                        "in the user data directory, $HAGUE_DATA_DIR)")


def _url(args) -> str | None:
    import os

    return args.database_url or os.environ.get("HAGUE_DATABASE_URL") or None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the dashboard, REST API and plan registry (http://127.0.0.1:8000)",
                       description="Run the web app. Zero configuration: SQLite in the user data directory, "
                                   "migrations applied, a first admin created (password from HAGUE_ADMIN_PASSWORD "
                                   "or printed once).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="worker processes (share the database)")
    _db_arg(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("db", help="database operations: upgrade, current")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    q = dsub.add_parser("upgrade", help="apply the shipped migrations up to the latest revision")
    _db_arg(q)
    q.set_defaults(func=cmd_db_upgrade)
    q = dsub.add_parser("current", help="print the database's revision and the latest shipped one")
    _db_arg(q)
    q.set_defaults(func=cmd_db_current)

    p = sub.add_parser("users", help="manage registry accounts: add, list, passwd, deactivate, activate, token")
    usub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = usub.add_parser("add", help="add an account (password read from stdin with --password-stdin, else generated "
                                    "and printed once)")
    q.add_argument("username")
    q.add_argument("--role", choices=["admin", "delegate"], required=True)
    q.add_argument("--ally", help="ISO3 code of the delegate's ally, e.g. POL")
    q.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    _db_arg(q)
    q.set_defaults(func=cmd_users_add)
    q = usub.add_parser("list", help="list accounts")
    _db_arg(q)
    q.set_defaults(func=cmd_users_list)
    q = usub.add_parser("passwd", help="set a new password (ends the user's sessions and tokens)")
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true")
    _db_arg(q)
    q.set_defaults(func=cmd_users_passwd)
    for name, active in (("deactivate", False), ("activate", True)):
        q = usub.add_parser(name, help=f"{name} an account" + (" (ends its sessions and tokens)" if not active else ""))
        q.add_argument("username")
        _db_arg(q)
        q.set_defaults(func=cmd_users_active, active=active)
    q = usub.add_parser("token", help="create an API token for a user (printed once)")
    q.add_argument("username")
    q.add_argument("--name", default="cli")
    _db_arg(q)
    q.set_defaults(func=cmd_users_token)

    p = sub.add_parser("audit", help="audit log: verify the hash chain")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    q = asub.add_parser("verify", help="recompute the chain; exit 1 and list every altered or removed row")
    _db_arg(q)
    q.set_defaults(func=cmd_audit_verify)


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


def _registry(args, *, migrate: bool = True):
    from hague.store import Registry, open_registry
    from hague.store.db import StoreError, current_revision, default_database_url, head_revision, make_engine

    if migrate:
        return open_registry(_url(args), migrate=True)
    url = _url(args) or default_database_url()
    if url.startswith("sqlite:///"):
        from pathlib import Path

        path = url.removeprefix("sqlite:///")
        if path and not Path(path).exists():
            raise StoreError(f"no database at {path}; create it with `hague db upgrade` or `hague serve`")
    engine = make_engine(url)
    cur, head = current_revision(engine), head_revision()
    if cur != head:
        raise StoreError(f"database {_safe(url)} is at revision {cur or '(none)'}, this hague needs {head}: "
                         "run `hague db upgrade`")
    return Registry(engine)


@_db_errors
def cmd_serve(args) -> int:
    import os

    import uvicorn

    from hague.store.db import default_database_url, make_engine, upgrade
    from hague.store.registry import Registry
    from hague.web.app import bootstrap_admin, create_app
    from hague.web.settings import Settings

    url = _url(args) or default_database_url()
    settings = Settings(database_url=url, migrate=False)
    engine = make_engine(url)
    rev = upgrade(engine)
    registry = Registry(engine)
    bootstrap_admin(registry, settings, announce=lambda m: print(m, file=sys.stderr, flush=True))
    engine.dispose()
    print(f"hague: database {_safe(url)} at revision {rev}; serving on http://{args.host}:{args.port}", file=sys.stderr,
          flush=True)
    if args.workers > 1:
        os.environ["HAGUE_DATABASE_URL"] = url
        os.environ["HAGUE_MIGRATE"] = "false"
        uvicorn.run("hague.web.app:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning")
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


@_db_errors
def cmd_db_upgrade(args) -> int:
    from hague.store.db import make_engine, upgrade

    rev = upgrade(make_engine(_url(args)))
    print(f"database at revision {rev}")
    return 0


@_db_errors
def cmd_db_current(args) -> int:
    from hague.store.db import current_revision, head_revision, make_engine

    cur = current_revision(make_engine(_url(args)))
    head = head_revision()
    print(f"database revision {cur or '(empty)'}; latest shipped {head}" + ("" if cur == head else
                                                                             " (run `hague db upgrade`)"))
    return 0 if cur == head else 1


def _password(args) -> tuple[str, bool]:
    import secrets

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    return secrets.token_urlsafe(18), True


@_db_errors
def cmd_users_add(args) -> int:
    reg = _registry(args)
    pw, generated = _password(args)
    u = reg.create_user(None, args.username, pw, args.role, args.ally, must_change_password=generated)
    print(f"added {u['role']} {u['username']}" + (f" for {u['ally']}" if u["ally"] else ""))
    if generated:
        print(f"password (shown once; to be replaced at the first sign-in): {pw}")
    return 0


@_db_errors
def cmd_users_list(args) -> int:
    reg = _registry(args)
    from hague.store.registry import Principal

    op = Principal(0, "operator", "admin")
    users = reg.list_users(op)
    if not users:
        print("no users (add one with `hague users add NAME --role admin|delegate`)")
        return 0
    for u in users:
        print(f"{u['username']:<24} {u['role']:<9} {u['ally'] or '':<4} {'active' if u['active'] else 'deactivated'}")
    return 0


@_db_errors
def cmd_users_passwd(args) -> int:
    reg = _registry(args)
    pw, generated = _password(args)
    reg.update_user(None, args.username, password=pw)
    print(f"password of {args.username} changed (to be replaced at the next sign-in); its sessions and tokens are "
          "revoked")
    if generated:
        print(f"password (shown once): {pw}")
    return 0


@_db_errors
def cmd_users_active(args) -> int:
    reg = _registry(args)
    reg.update_user(None, args.username, active=args.active)
    print(f"{args.username} {'activated' if args.active else 'deactivated'}")
    return 0


@_db_errors
def cmd_users_token(args) -> int:
    reg = _registry(args)
    tok, pub = reg.create_token(reg.principal_for(args.username), args.name)
    print(f"token {pub['id']} ({pub['name']}) for {args.username} (shown once): {tok}")
    return 0


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
