"""Server-rendered SVG charts (no JavaScript), one style for every chart.

- **Reference lines** (2% floor, 3.5% core, 5% total) have a fixed colour each (:data:`REFERENCE_COLOURS`), never
  used for a series, and are drawn first: under the bars, lines and labels, and broken where a label sits on them.
- **Direct labels**: a line is named at its right end and a reference line at its end; labels that would collide
  are moved apart. A legend is drawn only for what a label cannot name (shaded ranges, hollow estimate points,
  marker shapes).
- **Titles and legends wrap**; nothing is cut with "…". Text is measured with the metrics of DejaVu Sans (the
  fallback sans-serif font of Linux browsers, wider than most), so it fits where it is placed.
- **Every chart is drawn twice**, wide (760 units, desktops) and narrow (360 units, phones, shown at about 360 px so
  11-unit text is 11 px); no text is smaller than 11 units.
- **Axes fit the observed data** (and the reference lines); a shaded range reaching beyond is clipped at the plot's
  edge and the clipping is said above the plot.
- **Every number is formatted by** :func:`hague.render.format_value` with the figure's column spec.

Projections and estimates differ from NATO figures by more than colour: NATO figures are solid lines with filled
points, NATO estimates hollow points drawn on top, required paths dotted, simulations dashed with shaded ranges.

>>> svg = bar_chart([("Poland", 4.48), ("Spain", 1.28)], lines=[(2.0, "2% floor")], title="Share of GDP")
>>> svg.startswith("<svg") and "Poland" in svg and "2% floor" in svg and "4.48" in svg
True
>>> nice_axis(5.33, 6)  # Lithuania 2026: an axis to 6, not 10
(6.0, 1.0)
>>> reference_colour(3.5) != reference_colour(2.0) and reference_colour(3.5) not in PALETTE
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from html import escape

from hague.render import format_value
from hague.results import Column

__all__ = ["bar_chart", "dot_chart", "line_chart", "stacked_bar_chart", "nice_axis", "nice_max", "PALETTE",
           "DASHES", "REFERENCE_COLOURS", "reference_colour", "text_width", "wrap"]

#: one colour per reference line, whatever the chart (never a series colour)
REFERENCE_COLOURS = {2.0: "#6b7280", 3.5: "#111827", 5.0: "#9f1239"}
_OTHER_REFERENCE = "#57534e"
#: series colours (none of them a reference line's) and dash patterns, so no two series differ by colour alone
PALETTE = ("#0b3d91", "#d97706", "#15803d", "#7c3aed", "#0891b2", "#c026d3", "#854d0e", "#65a30d")
DASHES = ("", "8 4", "2 3", "12 3 2 3", "5 5", "1 4", "10 2", "4 2 1 2")
_REF_DASH = "6 4"
FS = 11  # every text at least this many units (px on screen for the narrow drawing on a phone)
TITLE = 14


def reference_colour(value: float) -> str:
    """The fixed colour of the reference line at ``value`` (% of GDP)."""
    return REFERENCE_COLOURS.get(round(float(value), 2), _OTHER_REFERENCE)


@lru_cache(maxsize=4)
def _font(bold: bool, size: int):
    try:
        import importlib.util
        import os

        from PIL import ImageFont

        spec = importlib.util.find_spec("matplotlib")
        base = os.path.join(spec.submodule_search_locations[0], "mpl-data", "fonts", "ttf")
        return ImageFont.truetype(os.path.join(base, "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), size * 10)
    except Exception:  # no Pillow or matplotlib fonts: estimate instead
        return None


@lru_cache(maxsize=4096)
def text_width(text: str, size: float = FS, bold: bool = False) -> float:
    """Width of ``text`` in SVG units at ``size`` (DejaVu Sans metrics; an estimate without them)."""
    f = _font(bold, 10)
    if f is None:
        return len(text) * size * (0.68 if bold else 0.62)
    return f.getlength(text) / 100 * size


def wrap(text: str, width: float, size: float = FS, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` units (a word longer than that stands alone)."""
    lines, cur = [], ""
    for w in text.split():
        cand = f"{cur} {w}".strip()
        if cur and text_width(cand, size, bold) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def nice_axis(vmax: float, ticks: int = 5) -> tuple[float, float]:
    """A round top and tick step for an axis from 0 to at least ``vmax`` with about ``ticks`` intervals."""
    if not vmax or vmax <= 0 or not math.isfinite(vmax):
        return 1.0, 0.2
    raw = vmax / ticks
    p = 10 ** math.floor(math.log10(raw))
    step = next(m * p for m in (1, 2, 2.5, 5, 10) if m * p >= raw)
    top = math.ceil(vmax / step - 1e-9) * step
    if top < vmax * 1.02:  # leave room above the highest point
        top += step
    return round(top, 10), step


def nice_max(v: float) -> float:
    """A round axis maximum at or above ``v`` (kept for callers of the first version)."""
    return nice_axis(v)[0]


def _ticks(top: float, step: float) -> list[float]:
    n = int(round(top / step))
    return [round(i * step, 10) for i in range(n + 1)]


def _col(column: Column | None, unit: str, decimals: int | None) -> Column:
    return column or Column("value", "", unit, decimals, "number")


def _tick(t: float) -> str:
    """An axis tick with the fewest decimals that show it exactly (2, 2.5, 0.01)."""
    d = next((d for d in range(5) if abs(round(t, d) - t) < 1e-9), 4)
    return format_value(t, Column("tick", "", "", d, "number"))


def _svg_open(width: float, height: float, title: str, variant: str, extra: str = "") -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" width="100%" role="img" '
            f'aria-label="{escape(title)}" class="chart" data-variant="{variant}" font-family="system-ui, sans-serif" '
            f'font-size="{FS}">', f"<title>{escape(title)}</title>", extra]


def _title(title: str, width: float) -> tuple[list[str], float]:
    """The title's text elements (wrapped) and the y below them."""
    lines = wrap(title, width - 16, TITLE, True)
    out = [f'<text x="8" y="{18 + 18 * i}" class="chart-title" font-size="{TITLE}" font-weight="600">{escape(t)}</text>'
           for i, t in enumerate(lines)]
    return out, 18 + 18 * (len(lines) - 1) + 8


def _text(x: float, y: float, s: str, cls: str, anchor: str = "start", fill: str | None = None, tip: str = "",
          weight: str = "") -> str:
    f = f' fill="{fill}"' if fill else ""
    w = f' font-weight="{weight}"' if weight else ""
    t = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}"{f}{w}>{t}{escape(s)}</text>'


def _spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions near ``wanted`` (in order), at least ``gap`` apart, within [lo, hi] where possible."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    pos = [wanted[i] for i in order]
    for _ in range(50):
        moved = False
        for k in range(1, len(pos)):
            if pos[k] - pos[k - 1] < gap - 1e-6:
                mid = (pos[k] + pos[k - 1]) / 2
                pos[k - 1], pos[k] = mid - gap / 2, mid + gap / 2
                moved = True
        if pos and pos[0] < lo:
            shift = lo - pos[0]
            pos = [p + shift for p in pos]
            moved = True
        if pos and pos[-1] > hi and pos[0] - (pos[-1] - hi) >= lo - 1e-6:
            shift = pos[-1] - hi
            pos = [p - shift for p in pos]
            moved = True
        if not moved:
            break
    out = [0.0] * len(wanted)
    for k, i in enumerate(order):
        out[i] = pos[k]
    return out


def _vline_segments(x: float, y0: float, y1: float, boxes: list[tuple[float, float, float, float]]) -> list:
    """Pieces of a vertical line from y0 to y1 at x that avoid the label boxes (x0, y0, x1, y1) it would cross."""
    gaps = sorted((b[1] - 2, b[3] + 2) for b in boxes if b[0] - 2 <= x <= b[2] + 2)
    out, cur = [], y0
    for g0, g1 in gaps:
        if g1 <= cur or g0 >= y1:
            continue
        if g0 > cur:
            out.append((cur, g0))
        cur = max(cur, g1)
    if cur < y1:
        out.append((cur, y1))
    return out



def _reference_lines(refs, x, y_title: float, axis_y: float, boxes: list, labels: list) -> list[str]:
    """The vertical reference lines of a bar chart, broken around every label box; their labels go to ``labels``
    (each label is first added to ``boxes``, so no line crosses another's label)."""
    out = []
    for _v, _label, s, x0, row in refs:  # a reference label is a box the other lines break around
        ly = y_title + 6 + 15 * row + 11
        boxes.append((x0, ly - 11, x0 + text_width(s, FS, True), ly + 3))
    for v, label, s, x0, row in refs:
        c = reference_colour(v)
        ly = y_title + 6 + 15 * row + 11
        for a, b in _vline_segments(x(v), ly + 4, axis_y, boxes):
            out.append(f'<line x1="{x(v):.1f}" y1="{a:.1f}" x2="{x(v):.1f}" y2="{b:.1f}" stroke="{c}" '
                       f'stroke-width="2" stroke-dasharray="{_REF_DASH}" class="ref-line"/>')
        labels.append(_text(x0, ly, s, "ref", fill=c, tip=label, weight="600"))
    return out

def _ref_label(label: str) -> str:
    """'3.5% core (The Hague 2025, by 2035)' -> '3.5% core' (the full text is the label's tooltip)."""
    return label.split(" (")[0]


# --- horizontal bars ----------------------------------------------------------------------------------------------
def bar_chart(items: list[tuple[str, float | None]], *, lines: list[tuple[float, str]] = (), title: str = "",
              unit: str = "% of GDP", width: int = 760, note_missing: str = "no data", decimals: int = 2,
              variant: str = "wide", column: Column | None = None) -> str:
    """Horizontal bars (one per label) over vertical reference lines labelled above the plot; ``None`` values are
    labelled (never drawn as 0). Value labels sit at the bar's end; a reference line is broken where one sits on
    it. The axis runs from 0 to a round number just above the largest bar or line."""
    narrow = variant == "narrow"
    col = _col(column, unit, decimals)
    bar_h, gap = 16, 5
    names = [label for label, _ in items]
    left = min(max((text_width(n) for n in names), default=40) + 12, 120 if narrow else 190)
    texts = {i: format_value(v, col) for i, (_, v) in enumerate(items) if v is not None}
    right = max((text_width(t) for t in texts.values()), default=20) + 10
    head, y_title = _title(title, width)
    ref_rows = 1
    plot_w = width - left - right
    vals = [v for _, v in items if v is not None] + [v for v, _ in lines]
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    x = lambda v: left + plot_w * v / top  # noqa: E731
    # reference labels above the plot, in rows so that neighbours never overlap
    refs, rows_end = [], []
    for v, label in sorted(lines):
        s = _ref_label(label)
        w = text_width(s, FS, True)
        x0 = min(max(x(v) - w / 2, 2), width - 2 - w)
        row = next((r for r, end in enumerate(rows_end) if x0 > end + 6), len(rows_end))
        if row == len(rows_end):
            rows_end.append(0)
        rows_end[row] = x0 + w
        refs.append((v, label, s, x0, row))
        ref_rows = len(rows_end)
    top_pad = y_title + 6 + 15 * ref_rows + 6
    n = len(items)
    axis_y = top_pad + n * (bar_h + gap)
    height = axis_y + 40
    out = _svg_open(width, height, title, variant) + head
    for t in _ticks(top, step):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 4}" x2="{x(t):.1f}" y2="{axis_y}" class="grid" '
                   f'stroke="#e4e7eb"/>')
        out.append(_text(x(t), axis_y + 15, _tick(t), "tick", "middle"))
    out.append(_text(left + plot_w / 2, axis_y + 32, unit, "axis-label", "middle", "#52606d"))
    labels, boxes = [], []
    bars = []
    for i, (label, v) in enumerate(items):
        y = top_pad + i * (bar_h + gap)
        base = y + bar_h - 4
        short = label if text_width(label) <= left - 10 else label.split(" (")[0]
        labels.append(_text(left - 6, base, short, "bar-label", "end", tip=label))
        if v is None:
            note = wrap(note_missing, plot_w + right - 8)[0] if text_width(note_missing) > plot_w + right - 8 \
                else note_missing
            labels.append(f'<text x="{left + 4}" y="{base}" class="missing" font-style="italic" fill="#52606d">'
                          f"<title>{escape(label)}: {escape(note_missing)}</title>{escape(note)}</text>")
            boxes.append((left, y, left + 4 + text_width(note), y + bar_h))
            continue
        bars.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(v) - left):.1f}" height="{bar_h}" class="bar" '
                    f'fill="#3e6fb0"><title>{escape(label)}: {texts[i]} {escape(unit)}</title></rect>')
        labels.append(_text(x(v) + 4, base, texts[i], "value"))
        boxes.append((x(v) + 2, y, x(v) + 6 + text_width(texts[i]), y + bar_h))
    ref_out = _reference_lines(refs, x, y_title, axis_y, boxes, labels)
    out += ref_out + bars + labels  # reference lines under everything
    out.append("</svg>")
    return "".join(out)


# --- dots on a log scale (burden sharing) -------------------------------------------------------------------------
_MARKS = (("circle", "#0b3d91", True), ("square", "#d97706", False), ("triangle", "#15803d", False))


def _mark(shape: str, cx: float, cy: float, colour: str, filled: bool, tip: str = "") -> str:
    fill = colour if filled else "#fff"
    t = f"<title>{escape(tip)}</title>" if tip else ""
    if shape == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="{fill}" stroke="{colour}" stroke-width="1.8">{t}</circle>'
    if shape == "square":
        return (f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{fill}" stroke="{colour}" '
                f'stroke-width="1.8">{t}</rect>')
    return (f'<polygon points="{cx:.1f},{cy - 5:.1f} {cx + 5:.1f},{cy + 4:.1f} {cx - 5:.1f},{cy + 4:.1f}" '
            f'fill="{fill}" stroke="{colour}" stroke-width="1.8">{t}</polygon>')


def dot_chart(items: list[tuple[str, list[float | None]]], series: list[str], *, title: str = "",
              unit: str = "% of the alliance total", width: int = 760, variant: str = "wide",
              column: Column | None = None, value_header: str = "") -> str:
    """One row per label with a marker per series (filled circle, hollow square, hollow triangle) on a
    **logarithmic** axis, so that a 0.1% share and a 57% share are both readable; the first series' value is
    written in a column at the right. A legend names the markers."""
    narrow = variant == "narrow"
    col = _col(column, unit, 1)
    row_h = 17
    names = [label for label, _ in items]
    left = min(max((text_width(n) for n in names), default=40) + 12, 118 if narrow else 190)
    firsts = {i: format_value(vs[0], col) for i, (_, vs) in enumerate(items) if vs and vs[0] is not None}
    vcol = max([text_width(t) for t in firsts.values()] + [text_width(value_header, FS, True) if value_header
                                                             else 0], default=20) + 12
    head, y_title = _title(title, width)
    # legend (wraps): a marker and its series name
    legend, lx, ly = [], 8.0, y_title + 18
    for (shape, c, filled), name in zip(_MARKS, series):
        w = 16 + text_width(name)
        if lx > 8 and lx + w > width - 8:
            lx, ly = 8.0, ly + 17
        legend.append(_mark(shape, lx + 5, ly - 4, c, filled) + _text(lx + 14, ly, name, "legend"))
        lx += w + 16
    top_pad = ly + 22
    plot_w = width - left - vcol - 10
    vals = [v for _, vs in items for v in vs if v is not None and v > 0]
    lo = min(vals) / 1.4 if vals else 0.1  # the smallest dot clear of the axis's edge
    hi = max(vals) * 1.15 if vals else 100
    lx0, lx1 = math.log10(lo), math.log10(hi)
    x = lambda v: left + plot_w * (math.log10(v) - lx0) / (lx1 - lx0)  # noqa: E731
    axis_y = top_pad + len(items) * row_h
    height = axis_y + 40
    out = _svg_open(width, height, title, variant) + head + legend
    if value_header:
        out.append(_text(width - 8, top_pad - 6, value_header, "legend", "end", weight="600"))
    k = math.floor(lx0)
    ticks = []
    while 10 ** k <= hi:
        for m in ((1,) if narrow else (1, 2, 5)):
            t = m * 10 ** k
            if lo <= t <= hi:
                ticks.append(t)
        k += 1
    for t in ticks:
        major = abs(math.log10(t) - round(math.log10(t))) < 1e-9
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 2}" x2="{x(t):.1f}" y2="{axis_y}" class="grid" '
                   f'stroke="{"#d9e2ec" if major else "#eef1f4"}"/>')
        out.append(_text(x(t), axis_y + 15, _tick(t), "tick", "middle"))
    out.append(_text(left + plot_w / 2, axis_y + 32, f"{unit} (logarithmic scale)", "axis-label", "middle",
                     "#52606d"))
    for i, (label, vs) in enumerate(items):
        cy = top_pad + i * row_h + row_h / 2
        out.append(f'<line x1="{left}" y1="{cy:.1f}" x2="{left + plot_w}" y2="{cy:.1f}" stroke="#f0f2f5"/>')
        out.append(_text(left - 6, cy + 4, label, "bar-label", "end"))
        present = [(s, v) for s, v in enumerate(vs) if v is not None and v > 0]
        if len(present) > 1:
            xs = [x(v) for _, v in present]
            out.append(f'<line x1="{min(xs):.1f}" y1="{cy:.1f}" x2="{max(xs):.1f}" y2="{cy:.1f}" stroke="#9aa5b1" '
                       f'stroke-width="1.5"/>')
        for s, v in reversed(present):
            shape, c, filled = _MARKS[s % 3]
            out.append(_mark(shape, x(v), cy, c, filled, f"{label}, {series[s]}: {format_value(v, col)}"))
        if i in firsts:
            out.append(_text(width - 8, cy + 4, firsts[i], "value", "end"))
        else:
            out.append(_text(width - 8, cy + 4, "–", "value", "end", tip="no figure"))
    out.append("</svg>")
    return "".join(out)


# --- lines over years ---------------------------------------------------------------------------------------------
def line_chart(series: list[dict], *, lines: list[tuple[float, str]] = (), title: str = "", unit: str = "% of GDP",
               width: int = 760, height: int = 340, bands: list[dict] = (), variant: str = "wide",
               decimals: int = 2, column: Column | None = None, legend: list[str] = ()) -> str:
    """Lines over years. Each series: ``label`` (its tooltip and, unless ``short`` is given, its direct label),
    ``short`` (the direct label at the line's end), ``points`` [(year, value|None, estimate)], ``style`` ("data",
    "path" or "projection"), optional ``colour`` and ``dash``.

    Gaps (None) break the line. ``data`` series are solid with filled points and hollow, larger points for NATO
    estimates, drawn last so nothing hides them; ``path`` series are dotted; ``projection`` series dashed.
    ``bands``: shaded ranges, each ``label``, ``points`` [(year, low, high)], ``colour``, ``opacity``; they are
    clipped to the plot (the axis fits the lines, not the bands' tails) and the clipping is said above the plot.
    Reference lines and series are labelled at their right end. ``legend``: extra lines of explanation under the
    plot (wrapped)."""
    narrow = variant == "narrow"
    col = _col(column, unit, decimals)
    if narrow:
        width, height = 360, 250
    years = [p[0] for s in series for p in s["points"]] + [p[0] for b in bands for p in b["points"]]
    if not years:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" class="chart" data-variant="{variant}">'
                f'<text x="10" y="24">{escape(title)}: no data</text></svg>')
    head, y_title = _title(title, width)
    vals = [p[1] for s in series for p in s["points"] if p[1] is not None] + [v for v, _ in lines]
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    over = [(yr, hi) for b in bands for yr, _lo, hi in b["points"] if hi is not None and hi > top]
    clip_note = ""
    if over:
        yr_max, v_max = max(over, key=lambda p: p[1])
        clip_note = (f"Shaded range cut at {_tick(top)}: it reaches {format_value(v_max, col)} in {yr_max}"
                     if not narrow else f"Range cut at {_tick(top)} (reaches {format_value(v_max, col)} in {yr_max})")
    # direct labels: series ends and reference lines, in the right margin
    ends = []
    for i, s in enumerate(series):
        pts = [(yr, v) for yr, v, _e in s["points"] if v is not None]
        if pts and s.get("short", s["label"]):  # short="" : no direct label (e.g. the ally a chart is about)
            c = s.get("colour") or PALETTE[i % len(PALETTE)]
            ends.append((pts[-1][1], s.get("short") or s["label"], c, s["label"], pts[-1][0]))
    for v, label in lines:
        ends.append((v, _ref_label(label), reference_colour(v), label, None))
    y_ticks = [t for t in _ticks(top, step)]
    left = max(text_width(_tick(t)) for t in y_ticks) + 24
    right = min(max((text_width(e[1], FS, e[4] is None) for e in ends), default=30) + 14, 150 if narrow else 260)
    top_pad = y_title + 10 + (16 if clip_note else 0)
    pw, ph = width - left - right, height
    y0, y1 = min(years), max(years)
    x = lambda yr: left + (pw * (yr - y0) / (y1 - y0) if y1 > y0 else pw / 2)  # noqa: E731
    y = lambda v: top_pad + ph * (1 - v / top)  # noqa: E731
    base = top_pad + ph
    # legend under the plot: bands, the estimate marker, and explanation lines (all wrapped)
    leg_items: list[tuple[str, str]] = []
    if any(st.get("style", "data") == "data" and any(p[2] for p in st["points"]) for st in series):
        leg_items.append(("estimate", "Hollow points: NATO estimates"))
    for b in bands:
        leg_items.append(("band:" + b.get("colour", "#0b3d91") + ":" + str(b.get("opacity", 0.15)), b["label"]))
    for t in legend:
        leg_items.append(("text", t))
    leg_lines = []
    for kind, text in leg_items:
        for k, ln in enumerate(wrap(text, width - left - 40)):
            leg_lines.append((kind if k == 0 else "more-" + ("text" if kind == "text" else "mark"), ln))
    h = base + 40 + 16 * len(leg_lines)
    out = _svg_open(width, h, title, variant, f'<defs><clipPath id="plot-{variant}-{id(series) % 100000}">'
                    f'<rect x="{left}" y="{top_pad}" width="{pw}" height="{ph}"/></clipPath></defs>') + head
    clip_id = f"plot-{variant}-{id(series) % 100000}"
    if clip_note:
        out.append(_text(left, top_pad - 6, "▲ " + clip_note, "clip-note", fill="#52606d"))
    for t in y_ticks:
        out.append(f'<line x1="{left}" y1="{y(t):.1f}" x2="{left + pw}" y2="{y(t):.1f}" class="grid" stroke="#e4e7eb"/>'
                   + _text(left - 6, y(t) + 4, _tick(t), "tick", "end"))
    span = y1 - y0
    lab_w = text_width("2026") + 8
    ystep = next(s for s in (1, 2, 5, 10, 20, 50) if pw * s / max(span, 1) >= lab_w)
    first = y0 if ystep == 1 else y0 + (-y0) % ystep
    for yr in range(first, y1 + 1, ystep):
        out.append(_text(x(yr), base + 15, str(yr), "tick", "middle"))
    out.append(f'<text x="12" y="{top_pad + ph / 2:.1f}" transform="rotate(-90 12 {top_pad + ph / 2:.1f})" '
               f'text-anchor="middle" class="axis-label" fill="#52606d">{escape(unit)}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + pw}" y2="{base}" class="axis" stroke="#7b8794"/>')
    for v, label in lines:  # reference lines first: under the ranges, lines and labels
        c = reference_colour(v)
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="{c}" '
                   f'stroke-width="1.5" stroke-dasharray="{_REF_DASH}" class="ref-line"><title>{escape(label)}'
                   f"</title></line>")
    for b in bands:
        pts = [(yr, lo, hi) for yr, lo, hi in b["points"] if lo is not None and hi is not None]
        upper = " ".join(f"{x(yr):.1f},{y(hi):.1f}" for yr, _lo, hi in pts)
        lower = " ".join(f"{x(yr):.1f},{y(lo):.1f}" for yr, lo, _hi in reversed(pts))
        out.append(f'<polygon points="{upper} {lower}" fill="{b.get("colour", "#0b3d91")}" '
                   f'fill-opacity="{b.get("opacity", 0.15)}" stroke="none" clip-path="url(#{clip_id})">'
                   f'<title>{escape(b["label"])}</title></polygon>')
    marks: list[str] = []
    for i, s in enumerate(series):
        style = s.get("style", "data")
        c = s.get("colour") or PALETTE[i % len(PALETTE)]
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
            out.append(f'<polyline points="{" ".join(sg)}" fill="none" stroke="{c}" stroke-width="{sw}"{da} '
                       f'class="series" clip-path="url(#{clip_id})"><title>{escape(s["label"])}</title></polyline>')
        if style == "data":
            for yr, v, est in s["points"]:
                if v is None:
                    continue
                tip = f"<title>{escape(s['label'])}, {yr}: {format_value(v, col)} {escape(unit)}" \
                      f"{' (NATO estimate)' if est else ''}</title>"
                if est:  # hollow and larger, drawn after every line so no path hides it
                    marks.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="5" fill="#fff" stroke="{c}" '
                                 f'stroke-width="2" class="estimate">{tip}</circle>')
                else:
                    out.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="3" fill="{c}">{tip}</circle>')
    out += marks
    # direct labels, moved apart where they would collide
    ys = _spread([y(min(e[0], top)) + 4 for e in ends], 14, top_pad + 4, base + 4)
    for (v, text, c, tip, _yr), ly in zip(ends, ys):
        is_ref = _yr is None
        lx = left + pw + 6
        if abs(ly - (y(min(v, top)) + 4)) > 3:  # moved: a short leader from the line's end to its label
            out.append(f'<line x1="{left + pw + 1}" y1="{y(min(v, top)):.1f}" x2="{lx - 1}" y2="{ly - 4:.1f}" '
                       f'stroke="{c}" stroke-width="1"/>')
        out.append(_text(lx + 2, ly, text, "ref" if is_ref else "direct", fill=c, tip=tip,
                         weight="600" if is_ref else ""))
    ly = base + 36
    for kind, text in leg_lines:
        if kind == "estimate":
            out.append(f'<circle cx="{left + 14}" cy="{ly - 4}" r="4.5" fill="#fff" stroke="#1f2933" '
                       f'stroke-width="2"/>')
        elif kind.startswith("band:"):
            _, c, op = kind.split(":")
            out.append(f'<rect x="{left}" y="{ly - 11}" width="28" height="11" fill="{c}" fill-opacity="{op}"/>')
        out.append(_text(left + (0 if kind == "text" else 12 if kind == "more-text" else 36), ly, text, "legend"))
        ly += 16
    out.append("</svg>")
    return "".join(out)


# --- two-part bars (the 5%) ---------------------------------------------------------------------------------------
def stacked_bar_chart(items: list[tuple[str, float | None, float | None, str]], *, lines: list[tuple[float, str]] = (),
                      title: str = "", unit: str = "% of GDP", width: int = 760, note_missing: str = "no data",
                      first: str = "core", second: str = "related", variant: str = "wide",
                      column: Column | None = None) -> str:
    """Horizontal bars of two parts: ``(label, first, second, second_note)``. The second part (None: not reported)
    is drawn hatched after the first; a column right of the plot gives both parts (wide) or the total (narrow), and
    a bar with no second part says so instead of pretending it is complete."""
    narrow = variant == "narrow"
    col = _col(column, unit, 2)
    bar_h, gap = 16, 5
    names = [label for label, *_ in items]
    left = min(max((text_width(n) for n in names), default=40) + 12, 118 if narrow else 190)
    tails = {}
    for i, (_label, a, b, note) in enumerate(items):
        if a is None:
            continue
        if narrow:
            tails[i] = format_value(a + (b or 0), col) + ("" if b is not None else " core")
        elif b is not None:
            tails[i] = f"{format_value(a, col)} + {format_value(b, col)} {second} ({note})"
        else:
            tails[i] = f"{format_value(a, col)} ({second} not reported)"
    right = max((text_width(t) for t in tails.values()), default=20) + 16
    head, y_title = _title(title, width)
    plot_w = width - left - right
    vals = [(a or 0) + (b or 0) for _, a, b, _ in items] + [v for v, _ in lines]
    top, step = nice_axis(max(vals) if vals else 1.0, 4 if narrow else 6)
    x = lambda v: left + plot_w * v / top  # noqa: E731
    refs, rows_end = [], []
    for v, label in sorted(lines):
        s = _ref_label(label)
        w = text_width(s, FS, True)
        x0 = min(max(x(v) - w / 2, 2), width - 2 - w)
        row = next((r for r, end in enumerate(rows_end) if x0 > end + 6), len(rows_end))
        if row == len(rows_end):
            rows_end.append(0)
        rows_end[row] = x0 + w
        refs.append((v, label, s, x0, row))
    top_pad = y_title + 6 + 15 * max(1, len(rows_end)) + 6
    axis_y = top_pad + len(items) * (bar_h + gap)
    legend = [f"Solid: {first} (NATO). Hatched: {second}, claimed by the ally, not a NATO figure"
              + (" (evidence grade in brackets)." if not narrow else "; evidence grades in the table.")]
    leg_lines = wrap(legend[0], width - 16 - 36)
    height = axis_y + 44 + 16 * len(leg_lines)
    pid = f"hatch-{variant}"
    out = _svg_open(width, height, title, variant,
                    f'<defs><pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#c7d2fe"/>'
                    '<line x1="0" y1="0" x2="0" y2="6" stroke="#4338ca" stroke-width="2"/></pattern></defs>') + head
    for t in _ticks(top, step):
        out.append(f'<line x1="{x(t):.1f}" y1="{top_pad - 4}" x2="{x(t):.1f}" y2="{axis_y}" class="grid" '
                   f'stroke="#e4e7eb"/>' + _text(x(t), axis_y + 15, _tick(t), "tick", "middle"))
    out.append(_text(left + plot_w / 2, axis_y + 32, unit, "axis-label", "middle", "#52606d"))
    bars, labels, boxes = [], [], []
    for i, (label, a, b, note) in enumerate(items):
        y = top_pad + i * (bar_h + gap)
        base = y + bar_h - 4
        labels.append(_text(left - 6, base, label, "bar-label", "end"))
        if a is None:
            note_t = note_missing if text_width(note_missing) <= plot_w + right - 8 else wrap(
                note_missing, plot_w + right - 8)[0]
            labels.append(f'<text x="{left + 4}" y="{base}" class="missing" font-style="italic" fill="#52606d">'
                          f"<title>{escape(label)}: {escape(note_missing)}</title>{escape(note_t)}</text>")
            boxes.append((left, y, left + 4 + text_width(note_t), y + bar_h))
            continue
        bars.append(f'<rect x="{left}" y="{y}" width="{max(0.5, x(a) - left):.1f}" height="{bar_h}" class="bar" '
                    f'fill="#3e6fb0"><title>{escape(label)}: {first} {format_value(a, col)} {escape(unit)}</title>'
                    "</rect>")
        end = x(a)
        if b is not None:
            bars.append(f'<rect x="{end:.1f}" y="{y}" width="{max(0.5, x(a + b) - end):.1f}" height="{bar_h}" '
                        f'fill="url(#{pid})" class="bar-related"><title>{escape(label)}: {second} '
                        f"{format_value(b, col)} {escape(unit)} ({escape(note)})</title></rect>")
            end = x(a + b)
        # the figures in a column right of the plot: they never sit on a bar's neighbour or a reference line
        labels.append(_text(left + plot_w + 8, base, tails[i], "value"))
    ref_out = _reference_lines(refs, x, y_title, axis_y, boxes, labels)
    out += ref_out + bars + labels
    ly = axis_y + 52
    out.append(f'<rect x="8" y="{ly - 11}" width="28" height="12" fill="url(#{pid})"/>')
    for k, ln in enumerate(leg_lines):
        out.append(_text(44, ly + 16 * k, ln, "legend"))
    out.append("</svg>")
    return "".join(out)
