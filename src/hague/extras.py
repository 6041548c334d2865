"""Optional parts of hague and the one-line message when they are missing.

``pip install -e .`` gives the core, the CLI and the Python API; ``pip install -e '.[web]'`` adds the web stack
(FastAPI, uvicorn, SQLAlchemy, Alembic, argon2, psycopg) for ``hague serve``, ``hague db|users|audit``,
:func:`hague.create_app` and :func:`hague.open_registry`.
"""

from __future__ import annotations

__all__ = ["needs_web", "WEB_MODULES"]

WEB_MODULES = ("fastapi", "uvicorn", "sqlalchemy", "alembic", "argon2")


def needs_web() -> None:
    """Stop with one line when the web extra (FastAPI, SQLAlchemy, ...) is not installed."""
    import importlib.util

    def absent(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is None
        except ImportError:
            return True

    missing = [m for m in WEB_MODULES if absent(m)]
    if missing:
        from hague.errors import HagueError

        raise HagueError(f"this command needs the web extra ({', '.join(missing)} not installed): "
                         "pip install -e '.[web]'")
