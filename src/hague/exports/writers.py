"""All-or-nothing output for the machine exports, and ``--format package|parquet|dta|long-csv`` of any Result.

A folder export is built in a temporary folder beside the target and renamed into place only when every file is
complete; a folder that already exists must be empty or a previous hague export (it is then replaced whole).
A single-file export (DuckDB, one Parquet or ``.dta`` file) goes to a temporary file renamed over the target.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hague.errors import ExportError

__all__ = ["export_dir", "export_file", "check_dir", "check_file", "needs_export", "EXPORT_MODULES", "MARKER"]

#: a file every folder export writes, so that a later export may replace the folder
MARKER = ".hague-export"
EXPORT_MODULES = {"parquet": "pyarrow", "duckdb": "duckdb", "dta": "pyreadstat"}


def needs_export(what: str) -> None:
    """Stop with one line when the library an export needs is missing (``pip install -e '.[export]'``)."""
    import importlib.util

    module = EXPORT_MODULES.get(what)
    if module and importlib.util.find_spec(module) is None:
        raise ExportError(f"{what} export needs {module}, which is not installed: pip install -e '.[export]'")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_dir(target: str | Path) -> Path:
    """Refuse, in one line, a folder target that cannot be written (before any work is done)."""
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {parent} does not exist")
    if target.exists() and not target.is_dir():
        raise ExportError(f"cannot write {target}: it is a file; name a folder (new, empty, or an earlier export)")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise ExportError(f"cannot write {target}: the folder is not empty and not an earlier hague export; "
                          "name a new or empty folder")
    return parent


def check_file(target: str | Path) -> Path:
    """Refuse, in one line, a file target that cannot be written (before any work is done)."""
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {parent} does not exist")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; name a file")
    return parent


@contextmanager
def export_dir(target: str | Path):
    """Yield a temporary folder; on success it replaces ``target`` (created, or an empty folder, or a previous
    hague export); on any error nothing is left behind and ``target`` is unchanged."""
    target = Path(target)
    parent = check_dir(target)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        yield tmp
        (tmp / MARKER).write_text("written by hague export; the folder is replaced whole by the next export\n",
                                  encoding="utf-8")
        mode = 0o777 & ~_umask()
        os.chmod(tmp, mode)
        for p in tmp.rglob("*"):
            os.chmod(p, mode if p.is_dir() else mode & 0o666)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.rmdir(old)
            os.rename(target, old)
        os.rename(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def export_file(target: str | Path):
    """Yield a temporary path beside ``target`` (not yet created); on success it is renamed over ``target``."""
    target = Path(target)
    parent = check_file(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
