"""Documents: titled sections of :class:`hague.results.Result` tables, text and vector charts, and their renderers.

A :class:`Document` (a dossier, for instance) is a list of :class:`Section`; each holds Results (rounded at the
edge by :func:`hague.render.format_value`, like every other face), short paragraphs and :class:`Chart` specs
(data, not pictures). The renderers: :func:`render_markdown`, :func:`render_html` (one self-contained page with a
print stylesheet; charts as inline SVG, so a PDF keeps them as vectors) and :func:`write_pdf` (the HTML printed by a
real browser engine: Debian's chromium driven by Playwright). :func:`pdf_text` reads a PDF back as text.

>>> from hague.results import Column, Result
>>> r = Result("Shares", [{"code": "POL", "share": 4.4812}], [Column("code", "Code"), Column("share", "% GDP", "", 2, "percent")])
>>> doc = Document("Poland", [Section("s", "Share", [r], ["Poland's share."])])
>>> "| POL | 4.48 |" in render_markdown(doc), "<td class=\\"num\\">4.48</td>" in render_html(doc)
(True, True)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from hague.errors import ExportError
from hague.render import format_value
from hague.results import Result, Source

__all__ = ["Chart", "Section", "Document", "render_markdown", "render_html", "write_pdf", "pdf_text",
           "CHROMIUM", "DOCUMENT_FORMATS"]

#: Debian's chromium (apt install chromium): the engine that prints the PDF
CHROMIUM = os.environ.get("HAGUE_CHROMIUM", "/usr/bin/chromium")
DOCUMENT_FORMATS = ("md", "html", "pdf", "json")
_PALETTE = ("#0b3d91", "#be185d", "#15803d", "#b45309", "#7c3aed", "#4b5563")
_DASH = {"solid": "", "dashed": "7 4", "dotted": "2 3"}
_NUMCLS = ' class="num"'


@dataclass
class Chart:
    """A chart as data. ``kind``: ``line`` (``series``: ``{"label", "points": {year: value}, "style"}``, ``bands``:
    ``{"label", "lo": {year: v}, "hi": {year: v}}``, ``lines``: ``(value, label)`` reference lines) or ``tornado``
    (``bars``: ``{"label", "low", "high", "low_label", "high_label"}`` around ``base``)."""

    kind: str
    title: str
    unit: str = ""
    series: list[dict] = field(default_factory=list)
    bands: list[dict] = field(default_factory=list)
    lines: list[tuple[float, str]] = field(default_factory=list)
    bars: list[dict] = field(default_factory=list)
    base: float | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "unit": self.unit,
                "series": [{**s, "points": {str(k): v for k, v in s["points"].items()}} for s in self.series],
                "bands": [{"label": b["label"], "lo": {str(k): v for k, v in b["lo"].items()},
                           "hi": {str(k): v for k, v in b["hi"].items()}} for b in self.bands],
                "lines": [list(x) for x in self.lines], "bars": list(self.bars), "base": self.base}

    def svg(self) -> str:
        return _tornado_svg(self) if self.kind == "tornado" else _line_svg(self)


@dataclass
class Section:
    """One part of a document: its Results, paragraphs and charts."""

    id: str
    title: str
    results: list[Result] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "text": list(self.text),
                "results": [r.to_dict() for r in self.results], "charts": [c.to_dict() for c in self.charts]}


@dataclass
class Document:
    """A titled list of sections; ``meta`` holds facts about the whole (ally, edition, manifest)."""

    title: str
    sections: list[Section]
    subtitle: str = ""
    meta: dict = field(default_factory=dict)

    def section(self, id: str) -> Section:
        for s in self.sections:
            if s.id == id:
                return s
        raise KeyError(f"no section {id!r}; sections: {', '.join(s.id for s in self.sections)}")

    def sources(self) -> list[Source]:
        """Every dataset or ledger any result names, once, in order of first use."""
        seen: dict[tuple, Source] = {}
        for s in self.sections:
            for r in s.results:
                for src in r.provenance.sources:
                    seen.setdefault((src.dataset, src.edition), src)
        return list(seen.values())

    def to_dict(self) -> dict:
        return {"title": self.title, "subtitle": self.subtitle, "meta": self.meta,
                "sections": [s.to_dict() for s in self.sections],
                "sources": [s.to_dict() for s in self.sources()]}


# --- Markdown ------------------------------------------------------------------------------------------------


def _md_table(r: Result) -> list[str]:
    out = []
    if r.title:
        out += [f"**{r.title}**", ""]
    if not r.rows:
        out.append("_(no rows)_")
    else:
        out.append("| " + " | ".join(c.header for c in r.columns) + " |")
        out.append("|" + "|".join("---:" if c.numeric else "---" for c in r.columns) + "|")
        for row in r.rows:
            out.append("| " + " | ".join(format_value(row.get(c.key), c).replace("|", "\\|") for c in r.columns)
                       + " |")
    if r.footer():
        out += ["", f"_{r.footer()}_"]
    return out + [""]


def render_markdown(doc: Document) -> str:
    """The document as Markdown (charts listed by title; their data are in the tables and the JSON)."""
    out = [f"# {doc.title}", ""]
    if doc.subtitle:
        out += [doc.subtitle, ""]
    for s in doc.sections:
        out += [f"## {s.title}", ""]
        for p in s.text:
            out += [p, ""]
        for c in s.charts:
            out += [f"_Chart: {c.title}_ (in the HTML and PDF editions)", ""]
        for r in s.results:
            out += _md_table(r)
    return "\n".join(out).rstrip() + "\n"


# --- HTML ------------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:"DejaVu Sans",system-ui,sans-serif;font-size:13px;line-height:1.4;color:#111;max-width:1100px;
margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:2px solid #0b3d91;margin-top:1.6rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}.sub{color:#444}
table{border-collapse:collapse;width:100%;margin:.3rem 0 .2rem;font-size:11px;table-layout:auto}
th,td{border-bottom:1px solid #ddd;padding:2px 4px;vertical-align:top;text-align:left;overflow-wrap:break-word;
word-break:normal}td{max-width:28em}
th{background:#eef2f8;overflow-wrap:normal}td.num,th.num{text-align:right}td.num{white-space:nowrap}
.foot{font-size:10px;color:#555;margin:.1rem 0 .8rem}.chart{max-width:760px;display:block;margin:.4rem 0}
.wrap{overflow-x:auto}nav a{margin-right:.6rem}
@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:10px}
table{font-size:8px;page-break-inside:auto}tr{page-break-inside:avoid}h2{page-break-after:avoid}
.wrap{overflow:visible}nav,.noprint{display:none}a{color:#111;text-decoration:none}
.chart{max-width:170mm;page-break-inside:avoid}}
@media (max-width:480px){body{padding:.4rem}table{font-size:10px}}
"""


def _html_table(r: Result) -> str:
    parts = []
    if r.title:
        parts.append(f"<h3>{escape(r.title)}</h3>")
    if r.rows:
        head = "".join(f'<th{_NUMCLS if c.numeric else ""} title="{escape(c.unit)}">{escape(c.header)}</th>'
                       for c in r.columns)
        body = []
        for row in r.rows:
            cells = []
            for c in r.columns:
                v = format_value(row.get(c.key), c)
                if c.key.endswith("url") and v.startswith("http"):
                    cells.append(f'<td><a href="{escape(v)}">{escape(v)}</a></td>')
                else:
                    cells.append(f'<td{_NUMCLS if c.numeric else ""}>{escape(v)}</td>')
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
                     "</table></div>")
    else:
        parts.append("<p><em>(no rows)</em></p>")
    if r.footer():
        parts.append(f'<p class="foot">{escape(r.footer())}</p>')
    return "\n".join(parts)


def render_html(doc: Document, *, standalone: bool = True, nav: str = "") -> str:
    """The document as HTML: a whole page with its stylesheet (screen and print) when ``standalone``, else the
    body for a site template."""
    body = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="sub">{escape(doc.subtitle)}</p>')
    if nav:
        body.append(nav)
    body.append('<nav class="noprint">' + "".join(f'<a href="#{escape(s.id)}">{escape(s.title)}</a>'
                                                 for s in doc.sections) + "</nav>")
    for s in doc.sections:
        body.append(f'<section id="{escape(s.id)}"><h2>{escape(s.title)}</h2>')
        body += [f"<p>{escape(p)}</p>" for p in s.text]
        body += [c.svg() for c in s.charts]
        body += [_html_table(r) for r in s.results]
        body.append("</section>")
    inner = "\n".join(body)
    if not standalone:
        return f"<style>{_CSS}</style>\n<article class=\"document\">{inner}</article>"
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(doc.title)}</title><style>{_CSS}</style>'
            f"</head><body>\n{inner}\n</body></html>\n")


# --- SVG charts (vectors in the page and in the PDF) -----------------------------------------------------------


def _axis(vmin: float, vmax: float, ticks: int = 5) -> tuple[float, float, float]:
    if not math.isfinite(vmin) or not math.isfinite(vmax) or vmax <= vmin:
        vmin, vmax = (0.0, 1.0) if not math.isfinite(vmax) else (vmax - 1, vmax + 1)
    raw = (vmax - vmin) / ticks
    p = 10 ** math.floor(math.log10(raw))
    step = next(m * p for m in (1, 2, 2.5, 5, 10) if m * p >= raw)
    lo = math.floor(vmin / step) * step
    hi = math.ceil(vmax / step) * step
    return lo, hi, step


def _num(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e4 else f"{v:,.0f}"


def _line_svg(c: Chart) -> str:
    W, H, L, R, T, B = 760, 310, 56, 150, 38, 30
    years = sorted({int(y) for s in c.series for y in s["points"]} | {int(y) for b in c.bands for y in b["lo"]})
    vals = [v for s in c.series for v in s["points"].values() if v is not None]
    vals += [v for b in c.bands for d in (b["lo"], b["hi"]) for v in d.values() if v is not None]
    vals += [v for v, _ in c.lines]
    if not years or not vals:
        return f'<p class="foot">{escape(c.title)}: no data</p>'
    lo, hi, step = _axis(min(0.0, min(vals)), max(vals) * 1.05)
    x0, x1 = years[0], years[-1] if years[-1] > years[0] else years[0] + 1

    def X(y):
        return L + (y - x0) / (x1 - x0) * (W - L - R)

    def Y(v):
        return T + (hi - v) / (hi - lo) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart" role="img" '
           f'aria-label="{escape(c.title)}" font-family="DejaVu Sans, sans-serif" font-size="11">',
           f'<title>{escape(c.title)}</title><text x="8" y="14" font-weight="bold">{escape(c.title)}</text>']
    n = int(round((hi - lo) / step))
    for k in range(n + 1):
        v = lo + k * step
        out.append(f'<line x1="{L}" x2="{W - R}" y1="{Y(v):.1f}" y2="{Y(v):.1f}" stroke="#e5e7eb"/>'
                   f'<text x="{L - 4}" y="{Y(v) + 4:.1f}" text-anchor="end">{_num(round(v, 10))}</text>')
    every = max(1, len(years) // 11)
    for y in years[::every]:
        out.append(f'<text x="{X(y):.1f}" y="{H - 10}" text-anchor="middle">{y}</text>')
    out.append(f'<text x="8" y="{T - 10}" fill="#555">{escape(c.unit)}</text>')
    for k, b in enumerate(c.bands):
        ys = sorted(int(y) for y in b["lo"])
        pts = [f"{X(y):.1f},{Y(b['hi'][y]):.1f}" for y in ys] + [f"{X(y):.1f},{Y(b['lo'][y]):.1f}" for y in ys[::-1]]
        out.append(f'<polygon points="{" ".join(pts)}" fill="#0b3d91" fill-opacity="{0.12 + 0.08 * k:.2f}" '
                   f'stroke="none"><title>{escape(b["label"])}</title></polygon>')
    for v, label in c.lines:
        out.append(f'<line x1="{L}" x2="{W - R}" y1="{Y(v):.1f}" y2="{Y(v):.1f}" stroke="#b45309" '
                   f'stroke-dasharray="4 3"/><text x="{W - R + 4}" y="{Y(v) + 4:.1f}" fill="#b45309">'
                   f"{escape(label)}</text>")
    for k, s in enumerate(c.series):
        pts = [(int(y), v) for y, v in sorted(s["points"].items(), key=lambda kv: int(kv[0])) if v is not None]
        if not pts:
            continue
        colour = _PALETTE[k % len(_PALETTE)]
        dash = _DASH.get(s.get("style", "solid"), "")
        path = " ".join(f"{'M' if i == 0 else 'L'}{X(y):.1f},{Y(v):.1f}" for i, (y, v) in enumerate(pts))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        ly = Y(pts[-1][1])
        out.append(f'<text x="{W - R + 4}" y="{ly + 4 + 12 * k:.1f}" fill="{colour}">{escape(s["label"])}</text>')
    out.append("</svg>")
    return "".join(out)


def _tornado_svg(c: Chart) -> str:
    bars = c.bars
    W, L, R, T, row = 760, 230, 90, 40, 26
    H = T + row * max(1, len(bars)) + 30
    if not bars or c.base is None:
        return f'<p class="foot">{escape(c.title)}: no data</p>'
    vals = [c.base] + [b[k] for b in bars for k in ("low", "high")]
    lo, hi, step = _axis(min(vals), max(vals))

    def X(v):
        return L + (v - lo) / (hi - lo) * (W - L - R)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart" role="img" '
           f'aria-label="{escape(c.title)}" font-family="DejaVu Sans, sans-serif" font-size="11">',
           f'<title>{escape(c.title)}</title><text x="8" y="16" font-weight="bold">{escape(c.title)}</text>']
    n = int(round((hi - lo) / step))
    for k in range(n + 1):
        v = lo + k * step
        out.append(f'<line x1="{X(v):.1f}" x2="{X(v):.1f}" y1="{T - 6}" y2="{H - 26}" stroke="#e5e7eb"/>'
                   f'<text x="{X(v):.1f}" y="{H - 12}" text-anchor="middle">{_num(round(v, 10))}</text>')
    for i, b in enumerate(bars):
        y = T + i * row
        a, z = sorted((b["low"], b["high"]))
        out.append(f'<text x="{L - 6}" y="{y + 15}" text-anchor="end">{escape(b["label"])}</text>')
        out.append(f'<rect x="{X(min(a, c.base)):.1f}" y="{y + 4}" width="{max(0.5, X(c.base) - X(min(a, c.base))):.1f}"'
                   f' height="{row - 8}" fill="#be185d"/>' if a < c.base else "")
        out.append(f'<rect x="{X(c.base):.1f}" y="{y + 4}" width="{max(0.5, X(max(z, c.base)) - X(c.base)):.1f}" '
                   f'height="{row - 8}" fill="#0b3d91"/>' if z > c.base else "")
        out.append(f'<text x="{W - R + 4}" y="{y + 15}" fill="#555">{escape(b.get("range_label", ""))}</text>')
    out.append(f'<line x1="{X(c.base):.1f}" x2="{X(c.base):.1f}" y1="{T - 6}" y2="{H - 26}" stroke="#111"/>'
               f'<text x="{X(c.base):.1f}" y="{T - 10}" text-anchor="middle">baseline {c.base:.2f}'
               f" {escape(c.unit)}</text></svg>")
    return "".join(out)


# --- PDF -------------------------------------------------------------------------------------------------------


def write_pdf(items: list[tuple[Document, str | Path]]) -> list[Path]:
    """Print each document's HTML to its PDF path with a real browser engine (Debian chromium through Playwright;
    one browser for all of them). All-or-nothing: the PDFs are written to temporary files and moved into place
    only when every one has printed."""
    if not Path(CHROMIUM).exists():
        raise ExportError(f"PDF needs a browser engine: {CHROMIUM} not found (apt install chromium, or set "
                          "HAGUE_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ExportError("PDF needs Playwright: pip install -e '.[pdf]' (it drives the installed chromium; no "
                          "browser is downloaded)") from None
    paths = [Path(p) for _, p in items]
    for p in paths:
        if not p.parent.is_dir():
            raise ExportError(f"cannot write {p}: folder {p.parent} does not exist")
    tmps = [p.with_name(f".{p.name}.part") for p in paths]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            try:
                page = browser.new_page()
                for (doc, _), tmp in zip(items, tmps, strict=True):
                    page.set_content(render_html(doc), wait_until="load")
                    page.pdf(path=str(tmp), format="A4", print_background=True,
                             margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
            finally:
                browser.close()
        for tmp, p in zip(tmps, paths, strict=True):
            os.replace(tmp, p)
    finally:
        for tmp in tmps:
            if tmp.exists():
                tmp.unlink()
    return paths


def pdf_text(path: str | Path) -> str:
    """The text of a PDF (pypdf), pages joined by newlines, ligatures unfolded: how the tests read a dossier back."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise ExportError("reading a PDF needs pypdf: pip install -e '.[pdf]'") from None
    import unicodedata

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text)  # the fonts' ligatures (fi, fl) back to letters
