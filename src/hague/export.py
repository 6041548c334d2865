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


def _kind(rows: list[dict], key: str) -> str:
    vals = [r.get(key) for r in rows if r.get(key) is not None]
    if vals and all(isinstance(v, bool) for v in vals):
        return "bool"
    if vals and all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "year" if key == "year" else "int"
    if vals and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "number"
    return "text"


def to_result(cols, rows: list[dict], *, title: str = "", footer: str = "", meta: dict | None = None,
              sections=None) -> Result:
    """A :class:`Result` from legacy ``(key, header, unit)`` columns (kinds inferred, decimals automatic)."""
    columns = [c if isinstance(c, Column) else Column(c[0], c[1], c[2], None, _kind(rows, c[0]),
                                                      priority=0 if i == 0 else 5)
               for i, c in enumerate(cols)]
    return Result(title, rows, columns, Provenance(statement=footer), [], sections, dict(meta or {}))


def render(cols, rows: list[dict], *, fmt: str = "table", title: str = "", footer: str = "",
           meta: dict | None = None, sections=None) -> str | bytes:
    """Render legacy columns and rows in one of :data:`FORMATS` (see :func:`hague.render.render`)."""
    from hague.render import render as _render

    # legacy callers get natural widths (no column dropping); commands ported to results fit the terminal
    return _render(to_result(cols, rows, title=title, footer=footer, meta=meta, sections=sections), fmt, wide=True)
