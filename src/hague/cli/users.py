"""``hague users``: registry accounts (needs the ``[web]`` extra)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import click

from hague.cli._db import _db_errors, _registry, db_option, needs_web


@click.group("users")
def command() -> None:
    """Manage registry accounts: add, list, passwd, deactivate, activate, token (needs the web extra)."""
    needs_web()


@command.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "delegate"]), required=True)
@click.option("--ally", help="ISO3 code of the delegate's ally, e.g. POL")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@db_option
def add_command(**kw) -> int:
    """Add an account (password read from stdin with --password-stdin, else generated and printed once)."""
    return cmd_users_add(SimpleNamespace(**kw))


@command.command("list")
@db_option
def list_command(**kw) -> int:
    """List accounts."""
    return cmd_users_list(SimpleNamespace(**kw))


@command.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@db_option
def passwd_command(**kw) -> int:
    """Set a new password (ends the user's sessions and tokens)."""
    return cmd_users_passwd(SimpleNamespace(**kw))


@command.command("deactivate")
@click.argument("username")
@db_option
def deactivate_command(**kw) -> int:
    """Deactivate an account (ends its sessions and tokens)."""
    return cmd_users_active(SimpleNamespace(active=False, **kw))


@command.command("activate")
@click.argument("username")
@db_option
def activate_command(**kw) -> int:
    """Activate an account."""
    return cmd_users_active(SimpleNamespace(active=True, **kw))


@command.command("token")
@click.argument("username")
@click.option("--name", default="cli", show_default=True)
@db_option
def token_command(**kw) -> int:
    """Create an API token for a user (printed once)."""
    return cmd_users_token(SimpleNamespace(**kw))


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
