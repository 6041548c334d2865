"""Server-rendered SVG charts (no JavaScript): fitted axes with units, reference lines labelled where they end.

Every chart is drawn twice, wide (760 units, for desktops) and narrow (360 units, for phones: fewer ticks, shorter
labels, the same text size on screen); the page shows one of them by CSS. Projections and estimates differ from
NATO figures by more than colour: NATO figures are solid lines with filled points, NATO estimates hollow points
drawn on top, required paths dotted, simulations dashed with shaded ranges.

>>> svg = bar_chart([("Poland", 4.48), ("Spain", 1.28)], lines=[(2.0, "2% floor")], title="Share of GDP")
>>> svg.startswith("<svg") and "Poland" in svg and "2% floor" in svg
True
>>> nice_axis(5.33, 6)  # Lithuania 2026: an axis to 6, not 10
(6.0, 1.0)
"""

from __future__ import annotations

import math
from html import escape

__all__ = ["bar_chart", "grouped_bar_chart", "line_chart", "nice_axis", "nice_max"]

_REF_COLOURS = ("#b45309", "#7c3aed", "#be123c", "#0f766e")
_PALETTE = ("#0b3d91", "#be185d", "#15803d", "#b45309", "#0891b2", "#7c3aed", "#4b5563", "#dc2626")
#: dash patterns (with the colours above) so that no two series differ by colour alone
_DASHES = ("", "8 4", "2 3", "12 3 2 3", "5 5", "1 4")


def nice_axis(vmax: float, ticks: int = 5) -> tuple[float, float]:
    """A round top and tick step for an axis from 0 to at least ``vmax`` with about ``ticks`` intervals."""
    if not vmax or vmax <= 0 or not math.isfinite(vmax):
        return 1.0, 0.2
    raw = vmax / ticks
    p = 10 ** math.floor(math.log10(raw))
    step = next(m * p for m in (1, 2, 2.5, 5, 10) if m * p >= raw)
    top = math.ceil(vmax / step - 1e-9) * step
    if top < vmax * 1.02:  # leave room for the value labels at the end of the longest bar
        top += step
    return round(top, 10), step


def nice_max(v: float) -> float:
    """A round axis maximum at or above ``v`` (kept for callers of the first version)."""
    return nice_axis(v)[0]


def _ticks(top: float, step: float) -> list[float]:
    n = int(round(top / step))
    return [round(i * step, 10) for i in range(n + 1)]


def _fmt(v: float, decimals: int = 2) -> str:
    return f"{v:,.{decimals}f}"


def _svg_open(width: float, height: float, title: str, variant: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="100%" role="img" '
            f'aria-label="{escape(title)}" class="chart" data-variant="{variant}" font-family="system-ui, sans-serif" '
            f'font-size="11">', f"<title>{escape(title)}</title>"]


def _title_lines(title: str, width: float, size: float = 7.4) -> list[str]:
    """Split a title into lines that fit ``width`` (about ``size`` units per character at 14 px bold)."""
    per = max(20, int(width / size))
    words, lines, cur = title.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > per and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return lines


def _short(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def bar_chart(items: list[tuple[str, float | None]], *, lines: list[tuple[float, str]] = (), title: str = "",
              unit: str = "% of GDP", width: int = 760, note_missing: str = "no data", decimals: int = 2,
              variant: str = "wide") -> str:
    """Horizontal bars (one per label) with vertical reference lines labelled at their top end; ``None`` values are
    labelled, not drawn as 0. The axis runs from 0 to a round number just above the largest bar or line."""
    narrow = variant == "narrow"
    bar_h, gap = 16, 4
    left = 104 if narrow else 150
    right = 34 if narrow else 40
    tl = _title_lines(title, width - 16)
    top_pad = 14 + 18 * len(tl) + 30
    n = len(items)
    plot_w = width - left - right
    vals = [v for _, v in items if v is not None] + [v for v, _ in lines]
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    axis_y = top_pad + n * (bar_h + gap)
    height = axis_y + 44
    x = lambda v: left + plot_w * v / top  # noqa: E731
    out = _svg_open(width, height, title, variant)
    out += [f'<text x="8" y="{20 + 18 * i}" class="chart-title" font-size="14" font-weight="600">{escape(t)}</text>'
            for i, t in enumerate(tl)]
    for t in _ticks(top, step):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 6}" x2="{x(t):.1f}" y2="{axis_y}" class="grid" '
                   f'stroke="#e4e7eb"/>')
        out.append(f'<text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">{t:g}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 34}" text-anchor="middle" class="axis-label" '
               f'fill="#52606d">{escape(unit)}</text>')
    for i, (label, v) in enumerate(items):
        y = top_pad + i * (bar_h + gap)
        out.append(f'<text x="{left - 6}" y="{y + bar_h - 4}" text-anchor="end" class="bar-label">'
                   f'<title>{escape(label)}</title>{escape(_short(label, 15 if narrow else 24))}</text>')
        if v is None:
            out.append(f'<text x="{left + 4}" y="{y + bar_h - 4}" class="missing" font-style="italic" fill="#52606d">'
                       f'{escape(_short(note_missing, 30 if narrow else 80))}</text>')
            continue
        out.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(v) - left):.1f}" height="{bar_h}" class="bar" '
                   f'fill="#3e6fb0"><title>{escape(label)}: {_fmt(v, decimals)} {escape(unit)}</title></rect>')
        out.append(f'<text x="{x(v) + 3:.1f}" y="{y + bar_h - 4}" class="value">{_fmt(v, decimals)}</text>')
    for j, (v, label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        ly = top_pad - 10 - (14 if j % 2 else 0)  # alternate rows so neighbouring labels never overlap
        anchor = "end" if x(v) > width - 60 else "middle"
        out.append(f'<line x1="{x(v):.1f}" y1="{ly + 3}" x2="{x(v):.1f}" y2="{axis_y}" stroke="{c}" '
                   f'stroke-width="2" stroke-dasharray="6 4"/>'
                   f'<text x="{x(v):.1f}" y="{ly}" text-anchor="{anchor}" fill="{c}" class="ref">'
                   f'<title>{escape(label)}</title>{escape(_ref_short(label))}</text>')
    out.append("</svg>")
    return "".join(out)


def _ref_short(label: str) -> str:
    """'3.5% core (The Hague 2025, by 2035)' -> '3.5% core' (the full text is the label's tooltip)."""
    return label.split(" (")[0]


def grouped_bar_chart(items: list[tuple[str, list[float | None]]], series: list[str], *, title: str = "",
                      unit: str = "%", width: int = 760, decimals: int = 1, variant: str = "wide") -> str:
    """Several bars per label (e.g. an ally's share of spending, of GDP and of population). The bars of each
    series differ in fill and outline, not only colour: solid, light with an outline, and hollow."""
    narrow = variant == "narrow"
    k = len(series)
    bar_h, gap = 9, 8
    left = 104 if narrow else 150
    right = 38 if narrow else 44
    tl = _title_lines(title, width - 16)
    legend_h = 18 * (k if narrow else 1)
    top_pad = 14 + 18 * len(tl) + legend_h + 10
    plot_w = width - left - right
    vals = [v for _, vs in items for v in vs if v is not None]
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    group_h = k * bar_h + gap
    axis_y = top_pad + len(items) * group_h
    height = axis_y + 44
    x = lambda v: left + plot_w * v / top  # noqa: E731
    styles = [('fill="#0b3d91"', ""), ('fill="#93b4e0" stroke="#0b3d91" stroke-width="1"', ""),
              ('fill="#fff" stroke="#be185d" stroke-width="1.5"', "")]
    out = _svg_open(width, height, title, variant)
    out += [f'<text x="8" y="{20 + 18 * i}" class="chart-title" font-size="14" font-weight="600">{escape(t)}</text>'
            for i, t in enumerate(tl)]
    lx, ly = 8, 14 + 18 * len(tl) + 12
    for s, name in enumerate(series):
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="18" height="10" {styles[s % 3][0]}/>'
                   f'<text x="{lx + 24}" y="{ly}" class="legend">{escape(name)}</text>')
        if narrow:
            ly += 18
        else:
            lx += 34 + 7 * len(name)
    for t in _ticks(top, step):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 4}" x2="{x(t):.1f}" y2="{axis_y}" class="grid" '
                   f'stroke="#e4e7eb"/><text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">'
                   f"{t:g}</text>")
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{axis_y + 34}" text-anchor="middle" class="axis-label" '
               f'fill="#52606d">{escape(unit)}</text>')
    for i, (label, vs) in enumerate(items):
        y0 = top_pad + i * group_h
        out.append(f'<text x="{left - 6}" y="{y0 + k * bar_h / 2 + 4:.1f}" text-anchor="end" class="bar-label">'
                   f'<title>{escape(label)}</title>{escape(_short(label, 15 if narrow else 24))}</text>')
        for s, v in enumerate(vs):
            y = y0 + s * bar_h
            if v is None:
                continue
            out.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(v) - left):.1f}" height="{bar_h - 1}" '
                       f'{styles[s % 3][0]}><title>{escape(label)}, {escape(series[s])}: {_fmt(v, decimals)} '
                       f'{escape(unit)}</title></rect>'
                       f'<text x="{x(v) + 3:.1f}" y="{y + bar_h - 1}" class="value" font-size="9">'
                       f"{_fmt(v, decimals)}</text>")
    out.append("</svg>")
    return "".join(out)


def line_chart(series: list[dict], *, lines: list[tuple[float, str]] = (), title: str = "", unit: str = "% of GDP",
               width: int = 760, height: int = 340, bands: list[dict] = (), variant: str = "wide",
               decimals: int = 2) -> str:
    """Lines over years. Each series: ``label``, ``points`` [(year, value|None, estimate)], ``style`` ("data",
    "path" or "projection"), optional ``colour``.

    Gaps (None) break the line. ``data`` series are solid with filled points and hollow, larger points for NATO
    estimates, drawn last so nothing hides them; ``path`` series are dotted without points; ``projection`` series
    dashed. ``bands``: shaded ranges, each ``label``, ``points`` [(year, low, high)], ``colour``, ``opacity``.
    Reference lines are labelled at their right end. The y axis runs from 0 to a round number above the data.
    """
    narrow = variant == "narrow"
    if narrow:
        width, height = 360, 260
    left, right = (40, 70) if narrow else (56, 96)
    tl = _title_lines(title, width - 16)
    top_pad = 14 + 18 * len(tl) + 12
    legend_rows = len(series) + len(bands)
    bottom = 40 + 18 * legend_rows
    years = [p[0] for s in series for p in s["points"]] + [p[0] for b in bands for p in b["points"]]
    vals = ([p[1] for s in series for p in s["points"] if p[1] is not None] + [v for v, _ in lines]
            + [p[2] for b in bands for p in b["points"]])
    if not years:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" class="chart" data-variant="{variant}">'
                f'<text x="10" y="24">{escape(title)}: no data</text></svg>')
    y0, y1 = min(years), max(years)
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    h = top_pad + height + bottom
    pw, ph = width - left - right, height
    x = lambda yr: left + (pw * (yr - y0) / (y1 - y0) if y1 > y0 else pw / 2)  # noqa: E731
    y = lambda v: top_pad + ph * (1 - v / top)  # noqa: E731
    base = top_pad + ph
    out = _svg_open(width, h, title, variant)
    out += [f'<text x="8" y="{20 + 18 * i}" class="chart-title" font-size="14" font-weight="600">{escape(t)}</text>'
            for i, t in enumerate(tl)]
    for t in _ticks(top, step):
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" class="grid" stroke="#e4e7eb"/>'
                   f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" class="tick">{t:g}</text>')
    span = y1 - y0
    ystep = (1 if span <= 14 else 2 if span <= 28 else 5) if not narrow else (2 if span <= 12 else 5 if span <= 30
                                                                               else 10)
    first = y0 if ystep == 1 else y0 + (-y0) % ystep
    for yr in range(first, y1 + 1, ystep):
        out.append(f'<text x="{x(yr):.1f}" y="{base + 16}" text-anchor="middle" class="tick">{yr}</text>')
    out.append(f'<text x="12" y="{top_pad + ph / 2:.1f}" transform="rotate(-90 12 {top_pad + ph / 2:.1f})" '
               f'text-anchor="middle" class="axis-label" fill="#52606d">{escape(unit)}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + pw}" y2="{base}" class="axis" stroke="#7b8794"/>')
    for b in bands:
        upper = " ".join(f"{x(yr):.1f},{y(hi):.1f}" for yr, _lo, hi in b["points"])
        lower = " ".join(f"{x(yr):.1f},{y(lo):.1f}" for yr, lo, _hi in reversed(b["points"]))
        out.append(f'<polygon points="{upper} {lower}" fill="{b.get("colour", "#0b3d91")}" '
                   f'fill-opacity="{b.get("opacity", 0.15)}" stroke="none"><title>{escape(b["label"])}</title>'
                   f"</polygon>")
    for j, (v, label) in enumerate(lines):
        c = _REF_COLOURS[j % len(_REF_COLOURS)]
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="{c}" '
                   f'stroke-width="1.5" stroke-dasharray="6 4"/><text x="{left + pw + 4}" y="{y(v) + 4:.1f}" '
                   f'fill="{c}" class="ref"><title>{escape(label)}</title>{escape(_ref_short(label))}</text>')
    legend_y = base + 36
    marks: list[str] = []
    for i, s in enumerate(series):
        style = s.get("style", "data")
        c = s.get("colour") or _PALETTE[i % len(_PALETTE)]
        dash = {"data": s.get("dash", ""), "path": "2 3", "projection": "8 5"}.get(style, "")
        da = f' stroke-dasharray="{dash}"' if dash else ""
        segs, seg = [], []
        for yr, v, _est in s["points"]:
            if v is None:
                if seg:
                    segs.append(seg)
                seg = []
            else:
                seg.append(f"{x(yr):.1f},{y(v):.1f}")
        if seg:
            segs.append(seg)
        sw = "2.5" if style == "data" else "2"
        for sg in segs:
            out.append(f'<polyline points="{" ".join(sg)}" fill="none" stroke="{c}" stroke-width="{sw}"{da}/>')
        if style == "data":
            for yr, v, est in s["points"]:
                if v is None:
                    continue
                tip = f"<title>{escape(s['label'])}, {yr}: {_fmt(v, decimals)} {escape(unit)}" \
                      f"{' (NATO estimate)' if est else ''}</title>"
                if est:  # hollow and larger, drawn after every line so no path hides it
                    marks.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="5" fill="#fff" stroke="{c}" '
                                 f'stroke-width="2" class="estimate">{tip}</circle>')
                else:
                    out.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" fill="{c}">{tip}</circle>')
        swatch = (f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 28}" y2="{legend_y - 4}" stroke="{c}" '
                  f'stroke-width="{sw}"{da}/>')
        if style == "data" and any(p[2] for p in s["points"]):
            swatch += f'<circle cx="{left + 14}" cy="{legend_y - 4}" r="4" fill="#fff" stroke="{c}" stroke-width="2"/>'
        out.append(swatch + f'<text x="{left + 36}" y="{legend_y}" class="legend">'
                   f'{escape(_short(s["label"], 44 if narrow else 110))}</text>')
        legend_y += 18
    out += marks
    for b in bands:
        out.append(f'<rect x="{left}" y="{legend_y - 10}" width="28" height="10" fill="{b.get("colour", "#0b3d91")}" '
                   f'fill-opacity="{b.get("opacity", 0.15)}"/><text x="{left + 36}" y="{legend_y}" class="legend">'
                   f'{escape(_short(b["label"], 44 if narrow else 110))}</text>')
        legend_y += 18
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
    top, step = nice_axis(max(vals) if vals else 1.0)
    height = top_pad + n * (bar_h + gap) + 90 + 18 * len(lines)
    x = lambda v: left + plot_w * v / top  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="{escape(title)}" class="chart">', f"<title>{escape(title)}</title>",
           '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#c7d2fe"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#4338ca" stroke-width="2"/></pattern></defs>',
           f'<text x="{left}" y="20" class="chart-title">{escape(title)}</text>']
    axis_y = top_pad + n * (bar_h + gap)
    for t in _ticks(top, step):
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
