"""Server-rendered SVG charts (no JavaScript): axes with units, reference lines and legends.

>>> svg = bar_chart([("Poland", 4.48), ("Spain", 1.28)], lines=[(2.0, "2% floor")], title="Share of GDP")
>>> svg.startswith("<svg") and "Poland" in svg and "2% floor" in svg
True
"""

from __future__ import annotations

import math
from html import escape

__all__ = ["bar_chart", "line_chart", "nice_max"]

_REF_COLOURS = ("#b45309", "#1d4ed8", "#7c3aed", "#0f766e")


def nice_max(v: float) -> float:
    """A round axis maximum at or above ``v`` (1, 2, 2.5, 5 times a power of ten)."""
    if v <= 0:
        return 1.0
    p = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * p >= v:
            return m * p
    return 10 * p  # pragma: no cover


def _ticks(top: float, n: int = 5) -> list[float]:
    step = top / n
    return [round(i * step, 6) for i in range(n + 1)]


def bar_chart(items: list[tuple[str, float | None]], *, lines: list[tuple[float, str]] = (), title: str = "",
              unit: str = "% of GDP", width: int = 760, note_missing: str = "no data") -> str:
    """Horizontal bars (one per label) with vertical reference lines; ``None`` values are labelled, not drawn as 0."""
    bar_h, gap, left, right, top_pad = 16, 4, 150, 30, 48
    n = len(items)
    plot_w = width - left - right
    vals = [v for _, v in items if v is not None] + [v for v, _ in lines]
    top = nice_max(max(vals) if vals else 1.0)
    height = top_pad + n * (bar_h + gap) + 70 + 18 * len(lines)
    x = lambda v: left + plot_w * v / top  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{escape(title)}" class="chart">', f"<title>{escape(title)}</title>",
           f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>']
    axis_y = top_pad + n * (bar_h + gap)
    for t in _ticks(top):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 6}" x2="{x(t):.1f}" y2="{axis_y}" class="grid"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">{t:g}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 34}" text-anchor="middle" class="axis-label">'
               f"{escape(unit)}</text>")
    for i, (label, v) in enumerate(items):
        y = top_pad + i * (bar_h + gap)
        out.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end" class="bar-label">{escape(label)}</text>')
        if v is None:
            out.append(f'<text x="{left + 4}" y="{y + bar_h - 4}" class="missing">{escape(note_missing)}</text>')
            continue
        out.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(v) - left):.1f}" height="{bar_h}" class="bar">'
                   f"<title>{escape(label)}: {v:.2f} {escape(unit)}</title></rect>")
        out.append(f'<text x="{x(v) + 4:.1f}" y="{y + bar_h - 4}" class="value">{v:.2f}</text>')
    for j, (v, label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        out.append(f'<line x1="{x(v):.1f}" y1="{top_pad - 6}" x2="{x(v):.1f}" y2="{axis_y}" stroke="{c}" '
                   f'stroke-width="2" stroke-dasharray="6 4"/>'
                   f'<text x="{x(v):.1f}" y="{top_pad - 10}" text-anchor="middle" fill="{c}" class="ref">{v:g}%</text>')
        ly = axis_y + 52 + 18 * j
        out.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{c}" stroke-width="2" '
                   f'stroke-dasharray="6 4"/><text x="{left + 36}" y="{ly}" class="legend">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def line_chart(series: list[dict], *, lines: list[tuple[float, str]] = (), title: str = "", unit: str = "% of GDP",
               width: int = 760, height: int = 340, bands: list[dict] = ()) -> str:
    """Lines over years. Each series: ``label``, ``points`` [(year, value|None, estimate)], ``dashed`` (bool).

    Gaps (None) break the line; estimates are drawn as hollow points and named in the legend. ``bands``: shaded
    ranges (e.g. a Monte Carlo fan), each ``label``, ``points`` [(year, low, high)], ``colour``, ``opacity``.
    """
    left, right, top_pad, bottom = 56, 20, 36, 60 + 18 * (len(series) + len(lines) + len(bands))
    years = [p[0] for s in series for p in s["points"]] + [p[0] for b in bands for p in b["points"]]
    vals = ([p[1] for s in series for p in s["points"] if p[1] is not None] + [v for v, _ in lines]
            + [p[2] for b in bands for p in b["points"]])
    if not years:
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" class="chart"><text x="10" y="24">' \
               f"{escape(title)}: no data</text></svg>"
    y0, y1 = min(years), max(years)
    top = nice_max(max(vals) if vals else 1.0)
    h = height + bottom
    pw, ph = width - left - right, height - top_pad
    x = lambda yr: left + (pw * (yr - y0) / (y1 - y0) if y1 > y0 else pw / 2)  # noqa: E731
    y = lambda v: top_pad + ph * (1 - v / top)  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {h}" width="100%" role="img" '
           f'aria-label="{escape(title)}" class="chart">', f"<title>{escape(title)}</title>",
           f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>']
    for t in _ticks(top):
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" class="tick">{t:g}</text>')
    step = 1 if y1 - y0 <= 14 else 2 if y1 - y0 <= 28 else 5
    for yr in range(y0, y1 + 1, step):
        out.append(f'<text x="{x(yr):.1f}" y="{height + 16}" text-anchor="middle" class="tick">{yr}</text>')
    out.append(f'<text x="14" y="{top_pad + ph / 2:.1f}" transform="rotate(-90 14 {top_pad + ph / 2:.1f})" '
               f'text-anchor="middle" class="axis-label">{escape(unit)}</text>')
    out.append(f'<line x1="{left}" y1="{height}" x2="{left + pw}" y2="{height}" class="axis"/>')
    for b in bands:
        upper = " ".join(f"{x(yr):.1f},{y(hi):.1f}" for yr, _lo, hi in b["points"])
        lower = " ".join(f"{x(yr):.1f},{y(lo):.1f}" for yr, lo, _hi in reversed(b["points"]))
        out.append(f'<polygon points="{upper} {lower}" fill="{b.get("colour", "#0b3d91")}" '
                   f'fill-opacity="{b.get("opacity", 0.15)}" stroke="none"><title>{escape(b["label"])}</title></polygon>')
    for j, (v, _label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="{c}" stroke-width="1.5" '
                   f'stroke-dasharray="6 4"/>')
    palette = ("#0b3d91", "#be185d", "#15803d", "#0891b2")
    ly = height + 40
    for i, s in enumerate(series):
        c = s.get("colour") or palette[i % len(palette)]
        dash = ' stroke-dasharray="8 5"' if s.get("dashed") else ""
        seg: list[str] = []
        segs = []
        for yr, v, _est in s["points"]:
            if v is None:
                if seg:
                    segs.append(seg)
                seg = []
            else:
                seg.append(f"{x(yr):.1f},{y(v):.1f}")
        if seg:
            segs.append(seg)
        for sg in segs:
            out.append(f'<polyline points="{" ".join(sg)}" fill="none" stroke="{c}" stroke-width="2.5"{dash}/>')
        for yr, v, est in s["points"] if s.get("markers", True) else ():
            if v is not None:
                fill = "#fff" if est else c
                out.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3.5" fill="{fill}" stroke="{c}" '
                           f'stroke-width="1.5"><title>{yr}: {v:.2f} {escape(unit)}'
                           f'{" (estimate)" if est else ""}</title></circle>')
        out.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{c}" stroke-width="2.5"{dash}/>'
                   f'<text x="{left + 36}" y="{ly}" class="legend">{escape(s["label"])}</text>')
        ly += 18
    for j, (_v, label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        out.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{c}" stroke-width="1.5" '
                   f'stroke-dasharray="6 4"/><text x="{left + 36}" y="{ly}" class="legend">{escape(label)}</text>')
        ly += 18
    for b in bands:
        out.append(f'<rect x="{left}" y="{ly - 10}" width="28" height="10" fill="{b.get("colour", "#0b3d91")}" '
                   f'fill-opacity="{b.get("opacity", 0.15)}"/><text x="{left + 36}" y="{ly}" class="legend">'
                   f'{escape(b["label"])}</text>')
        ly += 18
    out.append("</svg>")
    return "".join(out)


def stacked_bar_chart(items: list[tuple[str, float | None, float | None, str]], *, lines: list[tuple[float, str]] = (),
                      title: str = "", unit: str = "% of GDP", width: int = 760, note_missing: str = "no data",
                      first: str = "core", second: str = "related") -> str:
    """Horizontal bars of two parts: ``(label, first, second, second_note)``. The second part (None: not reported)
    is drawn hatched after the first and labelled with ``second_note`` (e.g. an evidence grade); a bar with no
    second part says so instead of pretending it is complete."""
    bar_h, gap, left, right, top_pad = 16, 4, 150, 150, 48
    n = len(items)
    plot_w = width - left - right
    vals = [(a or 0) + (b or 0) for _, a, b, _ in items] + [v for v, _ in lines]
    top = nice_max(max(vals) if vals else 1.0)
    height = top_pad + n * (bar_h + gap) + 90 + 18 * len(lines)
    x = lambda v: left + plot_w * v / top  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{escape(title)}" class="chart">', f"<title>{escape(title)}</title>",
           '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#c7d2fe"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#4338ca" stroke-width="2"/></pattern></defs>',
           f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>']
    axis_y = top_pad + n * (bar_h + gap)
    for t in _ticks(top):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 6}" x2="{x(t):.1f}" y2="{axis_y}" class="grid"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">{t:g}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 34}" text-anchor="middle" class="axis-label">'
               f"{escape(unit)}</text>")
    for i, (label, a, b, note) in enumerate(items):
        y = top_pad + i * (bar_h + gap)
        out.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end" class="bar-label">{escape(label)}</text>')
        if a is None:
            out.append(f'<text x="{left + 4}" y="{y + bar_h - 4}" class="missing">{escape(note_missing)}</text>')
            continue
        out.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(a) - left):.1f}" height="{bar_h}" class="bar">'
                   f"<title>{escape(label)}: {first} {a:.2f} {escape(unit)}</title></rect>")
        end = x(a)
        if b is not None:
            out.append(f'<rect x="{end:.1f}" y="{y}" width="{max(0.5, x(a + b) - end):.1f}" height="{bar_h}" '
                       f'fill="url(#hatch)" class="bar-related"><title>{escape(label)}: {second} {b:.2f} '
                       f"{escape(unit)} ({escape(note)})</title></rect>")
            end = x(a + b)
            tail = f"{a:.2f} + {b:.2f} {second} ({note})"
        else:
            tail = f"{a:.2f} ({second} not reported)"
        out.append(f'<text x="{end + 4:.1f}" y="{y + bar_h - 4}" class="value">{escape(tail)}</text>')
    for j, (v, label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        out.append(f'<line x1="{x(v):.1f}" y1="{top_pad - 6}" x2="{x(v):.1f}" y2="{axis_y}" stroke="{c}" '
                   f'stroke-width="2" stroke-dasharray="6 4"/>'
                   f'<text x="{x(v):.1f}" y="{top_pad - 10}" text-anchor="middle" fill="{c}" class="ref">{v:g}%</text>')
        ly = axis_y + 52 + 18 * j
        out.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{c}" stroke-width="2" '
                   f'stroke-dasharray="6 4"/><text x="{left + 36}" y="{ly}" class="legend">{escape(label)}</text>')
    ly = axis_y + 52 + 18 * len(lines)
    out.append(f'<rect x="{left}" y="{ly - 12}" width="28" height="12" fill="url(#hatch)"/>'
               f'<text x="{left + 36}" y="{ly}" class="legend">{escape(second)}: claimed by the ally, not a NATO figure '
               "(evidence grade in brackets)</text>")
    out.append("</svg>")
    return "".join(out)
