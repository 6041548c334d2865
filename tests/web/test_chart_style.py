"""Every chart in Debian's chromium at 390 and 1366 px: no text under 11 px, no label crossing a reference line or a
plotted line, no two labels on each other, no text outside the drawing; one colour per reference line everywhere.

``HAGUE_SCREENSHOTS=DIR`` keeps a PNG of each chart as shown."""

from __future__ import annotations

import os
import re

import pytest

PAGES = ["/", "/ally/DEU", "/ally/ESP", "/ally/LTU", "/ally/USA", "/compare",
         "/compare?allies=POL,DEU,FRA,GBR,USA,ITA,ESP,LTU", "/burden", "/five-percent", "/burden?year=2014",
         "/?year=2014"]

MEASURE = r"""
(svg) => {
  const m = svg.getScreenCTM();
  const scale = Math.hypot(m.a, m.b);
  const box = svg.getBoundingClientRect();
  const pt = (x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; return p.matrixTransform(m); };
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  const small = [], rects = [], outside = [];
  for (const t of texts) {
    const own = [...t.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < 10.95) small.push([own, Math.round(px * 10) / 10]);
    const r = t.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
      outside.push(own);
    // the ink of a line of text: the box without the font's ascent and descent margins
    rects.push({t: own, x0: r.left + 1, x1: r.right - 1, y0: r.top + r.height * 0.22, y1: r.bottom - r.height * 0.2});
  }
  const segs = [];
  for (const l of svg.querySelectorAll('line.ref-line'))
    segs.push([pt(+l.getAttribute('x1'), +l.getAttribute('y1')), pt(+l.getAttribute('x2'), +l.getAttribute('y2')),
               'reference line']);
  for (const pl of svg.querySelectorAll('polyline.series')) {
    const P = pl.getAttribute('points').trim().split(/\s+/).map(s => s.split(',').map(Number));
    for (let i = 1; i < P.length; i++) segs.push([pt(...P[i - 1]), pt(...P[i]), 'line']);
  }
  const hits = (a, b, r) => {  // does segment a-b cross rectangle r? (sampled every 0.5 px)
    const n = Math.max(2, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 2));
    for (let i = 0; i <= n; i++) {
      const x = a.x + (b.x - a.x) * i / n, y = a.y + (b.y - a.y) * i / n;
      if (x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1) return true;
    }
    return false;
  };
  const crossed = [];
  for (const r of rects) for (const [a, b, kind] of segs) if (hits(a, b, r)) { crossed.push([r.t, kind]); break; }
  const stacked = [];
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i], b = rects[j];
    if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) stacked.push([a.t, b.t]);
  }
  const minPx = Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
  return {small, crossed, stacked, outside, texts: texts.length, minPx, variant: svg.dataset.variant};
}
"""


def _measure(browser, server, width: int) -> dict:
    out = {}
    shots = os.environ.get("HAGUE_SCREENSHOTS")
    page = browser.new_page(viewport={"width": width, "height": 900})
    for path in PAGES:
        page.goto(server.base + path)
        charts = [c for c in page.query_selector_all("svg.chart") if c.is_visible()]
        assert charts, f"no chart shown on {path} at {width} px"
        for k, c in enumerate(charts):
            out[(path, k)] = c.evaluate(MEASURE)
            if shots:
                name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "overview"
                c.screenshot(path=os.path.join(shots, f"chart-{name}-{k}-{width}.png"))
    page.close()
    return out


@pytest.mark.parametrize("width", [390, 1366])
def test_every_chart_has_readable_text_and_no_label_on_a_line(browser, server, width):
    found = _measure(browser, server, width)
    assert len(found) >= len(PAGES)
    for (path, _k), m in found.items():
        assert m["variant"] == ("narrow" if width == 390 else "wide"), path
        assert m["small"] == [], (path, width, m["small"][:5])
        assert m["crossed"] == [], (path, width, m["crossed"][:5])
        assert m["stacked"] == [], (path, width, m["stacked"][:5])
        assert m["outside"] == [], (path, width, m["outside"][:5])
    smallest = min(m["minPx"] for m in found.values())
    print(f"{width} px: {len(found)} charts, {sum(m['texts'] for m in found.values())} texts, smallest "
          f"{smallest:.1f} px, 0 overlaps")
    assert smallest >= 10.95


def test_each_reference_line_has_one_colour_never_a_series_colour(web):
    from hague.web import charts, figures

    svgs = [figures.overview(2026, "nato-2026"), figures.ally("DEU", "nato-2026"), figures.ally("ESP", "nato-2026"),
            figures.compare(["POL", "DEU", "FRA", "GBR", "USA", "ITA", "ESP", "LTU"], "nato-2026"),
            figures.five(2026, "nato-2026")]
    for fig in svgs:
        for svg in (fig["wide"], fig["narrow"]):
            for colour, title in re.findall(r'<line [^>]*stroke="(#[0-9a-f]{6})"[^>]*class="ref-line"><title>([^<]+)',
                                             svg):
                value = float(title.split("%")[0])
                assert colour == charts.reference_colour(value), (fig["name"], title)
            series = set(re.findall(r'<polyline [^>]*stroke="(#[0-9a-f]{6})"', svg))
            assert not series & set(charts.REFERENCE_COLOURS.values()), fig["name"]
    assert charts.reference_colour(3.5) == "#111827" and charts.reference_colour(2.0) == "#6b7280"
    assert charts.reference_colour(5.0) == "#9f1239"


def test_the_fan_starts_at_the_last_nato_figure_and_the_axis_fits_the_observed(web):
    from hague.web import figures

    fig = figures.ally("DEU", "nato-2026")
    svg = fig["wide"]
    # Germany 2026: 2.69% of GDP (NATO estimate); the median starts there
    median = re.search(r'<polyline points="([^"]+)"[^>]*stroke-dasharray="8 5"', svg).group(1).split()
    estimate = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="5"[^>]*class="estimate"><title>Germany[^<]*2026: 2.69',
                         svg)
    assert median[0] == f"{estimate.group(1)},{estimate.group(2)}"
    ticks = [float(t) for t in re.findall(r'class="tick">([\d.]+)</text>', svg) if float(t) < 100]
    assert max(ticks) == 4  # the axis fits the figures and paths (3.5% by 2035), not the 95th percentile (7.1%)
    assert re.search(r"Shaded range cut at 4: it reaches [\d.]+ in 20\d\d", svg)
    assert 'clip-path="url(#plot-wide-' in svg


def test_burden_is_a_log_scale_with_every_ally(web):
    from hague.web import figures

    fig = figures.burden(2026, "nato-2026")
    assert len(fig["rows"]) == 32 and fig["rows"][0][0] == "USA"
    assert "(logarithmic scale)" in fig["wide"]
    ticks = re.findall(r'class="tick">([\d.]+)</text>', fig["wide"])
    assert "0.01" in ticks and "10" in ticks and "1" in ticks
    # Montenegro's 0.01% of alliance spending is written beside its row; the United States' 57.07%
    assert ">57.07</text>" in fig["wide"] and ">0.01</text>" in fig["narrow"]


def test_chart_labels_come_from_the_one_formatter():
    import hague.web.charts as charts

    assert not hasattr(charts, "_fmt")
    svg = charts.bar_chart([("Albania", 0.004)], title="t")
    assert ">0.0040</text>" in svg  # format_value's small-value rule, as in the table and the CSV


def test_capabilities_tables_fit_at_1366_and_audit_rows_stay_short_at_390(browser, server):
    from tests.conftest import PASSWORD

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(server.base + "/capabilities")
    widths = page.evaluate("[...document.querySelectorAll('.table-wrap')].map(d => [d.querySelector('table').id, "
                           "d.scrollWidth, d.clientWidth])")
    assert all(sw <= cw for _id, sw, cw in widths), widths  # nothing clipped: no sideways scrolling on a laptop
    page.close()
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(server.base + "/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(server.base + "/admin/audit")
    heights = page.evaluate("[...document.querySelectorAll('table.audit tbody tr')].map(r => r.offsetHeight)")
    assert heights and max(heights) <= 140, heights  # were up to 500 px tall
    page.close()
