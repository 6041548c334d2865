"""Legacy table helpers, kept for callers that still pass ``(key, header, unit)`` tuples.

They build a :class:`hague.results.Result` and render it through :mod:`hague.render` (the one formatter), so the
output is the same as for commands that return results directly. New code uses :mod:`hague.render`.

>>> cols = [("code", "Code", ""), ("share", "% GDP", "percent")]
>>> print(render(cols, [{"code": "POL", "share": 4.25}], fmt="md", footer="Source: NATO"))
| Code | % GDP |
|---|---:|
| POL | 4.25 |
<BLANKLINE>
Source: NATO
"""

from __future__ import annotations

from hague.render import FORMATS, format_for, write
from hague.results import Column, Provenance, Result

__all__ = ["FORMATS", "render", "write", "format_for", "to_result"]


def to_result(cols, rows: list[dict], *, title: str = "", footer: str = "", meta: dict | None = None,
              sections=None) -> Result:
    """A :class:`Result` from ``(key, header, unit)`` columns, completed from the column dictionary
    (:func:`hague.columns.column_for`: kind, decimals, priority); the first column is always shown."""
    from hague.columns import column_for

    columns = []
    for i, c in enumerate(cols):
        col = c if isinstance(c, Column) else column_for(c[0], c[1], c[2], [r.get(c[0]) for r in rows])
        if i == 0 and col.priority:
            from dataclasses import replace

            col = replace(col, priority=0)
        columns.append(col)
    return Result(title, rows, columns, Provenance(statement=footer), [], sections, dict(meta or {}))


def render(cols, rows: list[dict], *, fmt: str = "table", title: str = "", footer: str = "",
           meta: dict | None = None, sections=None) -> str | bytes:
    """Render legacy columns and rows in one of :data:`FORMATS` (see :func:`hague.render.render`)."""
    from hague.render import render as _render

    # legacy callers get natural widths (no column dropping); commands ported to results fit the terminal
    return _render(to_result(cols, rows, title=title, footer=footer, meta=meta, sections=sections), fmt, wide=True)
