"""Render tables for people and programs: ``table`` (terminal), ``csv``, ``json``, ``md`` and ``xlsx``.

A table is a list of column specs ``(key, header, unit)`` and a list of row dicts. Every output carries the
footer (source, edition); JSON puts it under ``"meta"``, CSV as ``#`` comment lines at the end, xlsx on a
``sources`` sheet. Writing a file is all-or-nothing: the output goes to a temporary file in the same folder and
is renamed into place only when complete.

>>> cols = [("code", "Code", ""), ("share", "% GDP", "percent")]
>>> print(render(cols, [{"code": "POL", "share": 4.25}], fmt="md", footer="Source: NATO"))
| Code | % GDP |
|---|---:|
| POL | 4.25 |
<BLANKLINE>
Source: NATO
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from pathlib import Path

from hague.errors import ExportError

__all__ = ["FORMATS", "render", "write", "fmt_value"]

FORMATS = ("table", "csv", "json", "md", "xlsx")

Column = tuple[str, str, str]


def fmt_value(v, key: str = "") -> str:
    """Human formatting: booleans as yes/no, missing as an em dash, numbers with sensible decimals."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10000 else str(v)
    if isinstance(v, float):
        if "per_capita" in key or abs(v) >= 1000:
            return f"{v:,.0f}"
        if abs(v) >= 100:
            return f"{v:,.1f}"
        return f"{v:.2f}"
    return str(v)


def _is_numeric(rows: list[dict], key: str) -> bool:
    vals = [r.get(key) for r in rows if r.get(key) is not None]
    return bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals)


def _table(cols: list[Column], rows: list[dict], title: str, footer: str, sections: list[tuple[str, list[dict]]] | None) -> str:
    groups = sections or [("", rows)]
    all_rows = [r for _, rs in groups for r in rs]
    cells = {id(r): [fmt_value(r.get(k), k) for k, _, _ in cols] for r in all_rows}
    widths = [max([len(h)] + [len(cells[id(r)][i]) for r in all_rows]) for i, (_, h, _) in enumerate(cols)]
    numeric = [_is_numeric(all_rows, k) for k, _, _ in cols]

    def line(vals: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, numeric)).rstrip()

    out = []
    if title:
        out.append(title)
    out.append(line([h for _, h, _ in cols]))
    out.append("  ".join("-" * w for w in widths))
    for i, (label, rs) in enumerate(groups):
        if i and rs:
            out.append("  ".join("-" * w for w in widths))
        if label:
            out.append(label)
        out.extend(line(cells[id(r)]) for r in rs)
    if footer:
        out.append("")
        out.append(footer)
    return "\n".join(out)


def _md(cols: list[Column], rows: list[dict], title: str, footer: str) -> str:
    num = [_is_numeric(rows, k) for k, _, _ in cols]
    out = []
    if title:
        out += [f"**{title}**", ""]
    out.append("| " + " | ".join(h for _, h, _ in cols) + " |")
    out.append("|" + "|".join("---:" if n else "---" for n in num) + "|")
    for r in rows:
        out.append("| " + " | ".join(fmt_value(r.get(k), k).replace("|", "\\|") for k, _, _ in cols) + " |")
    if footer:
        out += ["", footer]
    return "\n".join(out)


def _csv(cols: list[Column], rows: list[dict], footer: str) -> str:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([k for k, _, _ in cols])
    for r in rows:
        w.writerow(["" if r.get(k) is None else r.get(k) for k, _, _ in cols])
    if footer:
        buf.write(f"# {footer}\n")
    return buf.getvalue()


def _json(cols: list[Column], rows: list[dict], title: str, footer: str, meta: dict | None) -> str:
    doc = {
        "meta": {"title": title, "source": footer, "columns": {k: {"header": h, "unit": u} for k, h, u in cols},
                 **(meta or {})},
        "rows": [{k: r.get(k) for k, _, _ in cols} for r in rows],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str)


def _xlsx_bytes(cols: list[Column], rows: list[dict], title: str, footer: str, meta: dict | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append([h for _, h, _ in cols])
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([r.get(k) for k, _, _ in cols])
    units = wb.create_sheet("columns")
    units.append(["column", "header", "unit"])
    for k, h, u in cols:
        units.append([k, h, u])
    src = wb.create_sheet("sources")
    src.append(["title", title])
    src.append(["source", footer])
    for k, v in (meta or {}).items():
        src.append([k, str(v)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render(cols: list[Column], rows: list[dict], *, fmt: str = "table", title: str = "", footer: str = "",
           meta: dict | None = None, sections: list[tuple[str, list[dict]]] | None = None) -> str | bytes:
    """Render rows in one of :data:`FORMATS`; ``sections`` groups rows under labels in the terminal table."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    if fmt == "table":
        return _table(cols, rows, title, footer, sections)
    if fmt == "md":
        return _md(cols, rows, title, footer)
    if fmt == "csv":
        return _csv(cols, rows, footer)
    if fmt == "json":
        return _json(cols, rows, title, footer, meta)
    return _xlsx_bytes(cols, rows, title, footer, meta)


def write(content: str | bytes, path: str | Path) -> Path:
    """Write ``content`` to ``path`` atomically (temporary file + rename); nothing is left on failure."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
    return path


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The format from ``--format`` or else from the output file's extension (default ``table``)."""
    if fmt:
        return fmt
    if path:
        ext = Path(path).suffix.lower().lstrip(".")
        return {"csv": "csv", "json": "json", "md": "md", "xlsx": "xlsx", "txt": "table"}.get(ext, "table")
    return "table"
