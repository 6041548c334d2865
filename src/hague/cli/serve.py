"""``hague serve``: the dashboard, REST API and plan registry (needs the ``[web]`` extra)."""

from __future__ import annotations

import sys

import click

from hague.cli._db import _db_errors, _safe, _url, db_option, needs_web


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="worker processes (share the database)")
@db_option
def command(**kw) -> int:
    """Run the web app on http://127.0.0.1:8000: dashboard, REST API and plan registry.

    Zero configuration: SQLite in the user data directory, migrations applied, a first admin created (password
    from HAGUE_ADMIN_PASSWORD or printed once). `--database-url postgresql://...` runs the same on PostgreSQL
    with several --workers. Needs the web extra: pip install -e '.[web]'.
    """
    from types import SimpleNamespace

    from hague.errors import HagueError

    if not 1 <= kw["port"] <= 65535:
        raise HagueError(f"--port {kw['port']} is not a TCP port; accepted: 1 to 65535 (default 8000)")
    needs_web()
    return cmd_serve(SimpleNamespace(**kw))


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
    _check_port(args.host, args.port)
    engine = make_engine(url)
    rev = upgrade(engine)
    registry = Registry(engine)
    bootstrap_admin(registry, settings, announce=lambda m: print(m, file=sys.stderr, flush=True))
    engine.dispose()
    print(f"hague: database {_safe(url)} at revision {rev}; serving on http://{args.host}:{args.port}", file=sys.stderr,
          flush=True)
    # forwarded headers (X-Forwarded-For/-Proto) only from the proxies named in HAGUE_TRUSTED_PROXIES; by default
    # none, so a client cannot choose the address the sign-in throttle counts
    proxy = {"proxy_headers": bool(settings.trusted_proxies.strip()),
             "forwarded_allow_ips": settings.trusted_proxies.strip() or "", "server_header": False}
    if args.workers > 1:
        os.environ["HAGUE_DATABASE_URL"] = url
        os.environ["HAGUE_MIGRATE"] = "false"
        os.environ["HAGUE_SUPERVISOR_PID"] = str(os.getpid())  # workers exit when this process dies
        uvicorn.run("hague.web.app:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning", **proxy)
    else:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning", **proxy)
    return 0


def _check_port(host: str, port: int) -> None:
    """Refuse to start (one line, exit 2) when the address is taken, before saying "serving on"."""
    import socket

    from hague.errors import HagueError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HagueError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise HagueError(f"cannot serve on {host}:{port}: {exc.strerror} (is another hague serve still "
                             "running?)") from None
