"""The ``hague`` command's entry point: ``hague status`` answered from the start-up cache, else the full CLI.

``hague status`` (any options that only change what is printed) is the command people run most, and its output
depends only on what this module puts in its key: the arguments, the environment variables that change output
(``HAGUE_*``, ``COLUMNS``, ``NO_COLOR``, ``TERM``, locale...), whether stdout is a terminal and its size, the
Python interpreter, today's date, and the size and modification time of every file of the ``hague`` package
(code, embedded data, rules) and of the user's imported datasets. When an earlier run with the same key printed
the table, the same bytes are written without importing hague, click or NumPy (this module imports only ``os``
and ``sys``). Otherwise the full CLI runs and :func:`record` keeps what it printed for next time.

The cache lives in the start-up cache directory (``$HAGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/hague`` or
``~/.cache/hague``), ``out/`` inside it; ``HAGUE_CACHE_DIR=off`` turns it off (and the data cache with it),
``HAGUE_OUTPUT_CACHE=off`` this one alone. Entries are written to a
temporary file and renamed into place. Output to a file (``--output``), ``--rules DIR`` (a folder this key
does not cover), CSV (which writes its footer to stderr) and ``--help`` always run the full CLI.
"""

from __future__ import annotations

import os
import sys

#: the commands answered from the cache
FAST = ("status",)
#: options after which the output depends on more than the key covers, or goes elsewhere than stdout
_NEVER = ("--output", "-o", "--rules", "--help", "-h", "--format=csv", "--format=xlsx", "csv", "xlsx")
_ENV_PREFIXES = ("HAGUE_", "LC_", "XDG_")
_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "LANG", "LANGUAGE",
        "PYTHONIOENCODING", "PYTHONUTF8", "HOME")

_key: str | None = None  # set while the full CLI runs an invocation that may be recorded


def _cache_dir() -> str | None:
    if os.environ.get("HAGUE_OUTPUT_CACHE", "").strip().lower() in ("off", "0", "no"):
        return None
    env = os.environ.get("HAGUE_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else env
    if not sys.platform.startswith("linux"):
        return None  # elsewhere the cache directory comes from platformdirs: not worth importing here
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "hague")


def _data_dir() -> str:
    env = os.environ.get("HAGUE_DATA_DIR")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "hague")


def _tree(root: str, out: list) -> None:
    """(path, size, mtime) of every file under ``root`` (bytecode caches left out)."""
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            it = os.scandir(d)
        except OSError:
            continue
        with it:
            for e in it:
                try:
                    if e.is_dir(follow_symlinks=True):
                        if e.name != "__pycache__":
                            stack.append(e.path)
                    else:
                        st = e.stat()
                        out.append(f"{e.path}\0{st.st_size}\0{st.st_mtime_ns}")
                except OSError:
                    continue


def key(argv: list[str]) -> str | None:
    """The cache key of this invocation, or None when it must run in full."""
    if not argv or argv[0] not in FAST or any(a in _NEVER or a.startswith(("--output=", "--rules=")) for a in argv):
        return None
    import time

    parts = ["1", sys.version, sys.executable, time.strftime("%Y-%m-%d"), "\0".join(argv)]
    parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES) or k in _ENV)
    tty = os.isatty(1)
    parts.append(f"tty={tty}")
    if tty:
        try:
            parts.append(str(os.get_terminal_size(1)))
        except OSError:
            pass
    files: list[str] = []
    _tree(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hague"), files)
    _tree(_data_dir(), files)
    files.sort()
    parts += files
    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _path(k: str) -> str | None:
    d = _cache_dir()
    return None if d is None else os.path.join(d, "out", k)


def record(content: str) -> None:
    """Keep ``content`` (what the full CLI wrote to stdout, all of it) under the running invocation's key."""
    global _key
    k, _key = _key, None
    p = _path(k) if k else None
    if p is None:
        return
    try:
        os.makedirs(os.path.dirname(p), exist_ok=True)
        tmp = f"{p}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(content.encode(sys.stdout.encoding or "utf-8", "strict"))
        os.replace(tmp, p)
    except (OSError, UnicodeError, LookupError):
        pass


def main() -> int:
    global _key
    argv = sys.argv[1:]
    try:
        k = key(argv)
    except OSError:
        k = None
    p = _path(k) if k else None
    if p is not None:
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError:
            data = None
        if data is not None:
            try:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            except BrokenPipeError:  # `hague status | head`
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        _key = k
    from hague.cli import main as cli_main

    try:
        return cli_main(argv)
    finally:
        _key = None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
