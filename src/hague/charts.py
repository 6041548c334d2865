"""Charts (PNG or SVG) for spending paths and simulation fans: history solid, projection dashed.

Matplotlib is imported only when a chart is drawn. Files are written all-or-nothing (:func:`hague.export.write`).
"""

from __future__ import annotations

import io
from pathlib import Path

from hague.errors import ExportError

__all__ = ["check_chart_file", "chart_path", "chart_alliance", "chart_fan", "chart_delivery", "CHART_FORMATS"]

CHART_FORMATS = ("png", "svg")


def _fmt(file: str | Path) -> str:
    ext = Path(file).suffix.lower().lstrip(".")
    if ext not in CHART_FORMATS:
        raise ExportError(f"chart file {file} must end in .png or .svg")
    return ext


def check_chart_file(file: str | Path) -> str:
    """Validate a chart file name before any work is done (extension and folder); returns the format."""
    fmt = _fmt(file)
    parent = Path(file).parent
    if str(parent) and not parent.is_dir():
        raise ExportError(f"cannot write chart {file}: folder {parent} does not exist")
    return fmt


def _plt():
    try:
        import matplotlib
    except ImportError:  # pragma: no cover - a runtime dependency
        raise ExportError("charts need matplotlib: pip install matplotlib") from None

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, file: str | Path, fmt: str) -> Path:
    from hague.export import write

    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=120, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
    _plt().close(fig)
    return write(buf.getvalue(), file)


def chart_path(p, file: str | Path) -> Path:
    """Share of GDP of one :class:`hague.models.projection.SpendingPath`: history solid, projection dashed."""
    fmt = _fmt(file)
    plt = _plt()
    hist = [r for r in p.rows if r["kind"] == "history" and r["share_gdp"] is not None]
    proj = [hist[-1]] + [r for r in p.rows if r["kind"] == "projection"]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot([r["year"] for r in hist], [r["share_gdp"] for r in hist], "-", color="#1f4e79", label="NATO data")
    ax.plot([r["year"] for r in proj], [r["share_gdp"] for r in proj], "--", color="#1f4e79",
            label=f"path ({p.shape}) to {p.target}% by {p.by}")
    if p.related:
        rel = [r for r in p.rows if r.get("related_share_gdp") is not None]
        ax.plot([r["year"] for r in rel], [r["share_gdp"] + r["related_share_gdp"] for r in rel], "--",
                color="#c55a11", label="core + related")
    ax.axhline(p.target, color="grey", lw=0.8, ls=":")
    ax.set_ylabel("% of GDP")
    ax.set_title(f"{p.name}: core defence expenditure, share of GDP")
    ax.legend(loc="upper left", fontsize=8)
    fig.text(0.01, -0.02, "Source: NATO (2026 edition), IMF WEO; projection by hague", fontsize=7)
    return _save(fig, file, fmt)


def chart_alliance(ap, file: str | Path) -> Path:
    """Europe and Canada vs the United States, USD bn at constant 2021 prices: history solid, projection dashed."""
    fmt = _fmt(file)
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    y0 = next(iter(ap.paths.values())).last_data_year
    for grp, color in (("EUCA", "#1f4e79"), ("USA", "#c55a11")):
        t = ap.totals[grp]
        ys = sorted(t)
        h = [y for y in ys if y <= y0]
        f = [y for y in ys if y >= y0]
        ax.plot(h, [t[y]["budget_usd_2021"] / 1000 for y in h], "-", color=color, label=t[ys[0]]["name"])
        ax.plot(f, [t[y]["budget_usd_2021"] / 1000 for y in f], "--", color=color)
    ax.set_ylabel("USD bn, constant 2021 prices")
    ax.set_title(f"Core defence expenditure on paths to {ap.target}% of GDP by {ap.by}")
    ax.legend(loc="upper left", fontsize=8)
    fig.text(0.01, -0.02, "Source: NATO (2026 edition), IMF WEO; projection by hague", fontsize=7)
    return _save(fig, file, fmt)


def chart_fan(result, ally: str, file: str | Path) -> Path:
    """Percentile fan (5/25/50/75/95) of one ally's simulated share of GDP, with its NATO history solid."""
    fmt = _fmt(file)
    plt = _plt()
    from hague.data import dataset

    nato = dataset(result.source)
    hist = nato.series(ally, "core_defence_expenditure_share_gdp")
    fan = result.fan(ally, "share")
    years = sorted(fan)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(sorted(hist), [hist[y] for y in sorted(hist)], "-", color="#1f4e79", label="NATO data")
    ax.fill_between(years, [fan[y][5] for y in years], [fan[y][95] for y in years], color="#9dc3e6", alpha=0.5,
                    label="5-95%")
    ax.fill_between(years, [fan[y][25] for y in years], [fan[y][75] for y in years], color="#2e75b6", alpha=0.5,
                    label="25-75%")
    ax.plot(years, [fan[y][50] for y in years], "--", color="#1f4e79", label="median")
    ax.axhline(result.threshold, color="grey", lw=0.8, ls=":")
    ax.set_ylabel("% of GDP")
    ax.set_title(f"{ally}: simulated share of GDP ({result.scenario}, {result.draws:,} draws, seed {result.seed})")
    ax.legend(loc="upper left", fontsize=8)
    fig.text(0.01, -0.02, "Source: NATO (2026 edition), IMF WEO; simulation by hague (docs/economics.md)", fontsize=7)
    return _save(fig, file, fmt)


def chart_delivery(result, file: str | Path) -> Path:
    """Ordered against delivered to date, per year, from :func:`hague.models.money_delivery.capability_history`:
    units for a system, SIPRI TIV for a capability area (units of different systems do not add up)."""
    fmt = _fmt(file)
    plt = _plt()
    units = bool(result.meta.get("system"))
    o, d = ("ordered_cum", "delivered_cum") if units else ("tiv_order_cum", "tiv_delivered_cum")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ys = [r["year"] for r in result.rows if r[o] is not None]
    ax.plot(ys, [r[o] for r in result.rows if r[o] is not None], "-", color="#1f4e79", label="ordered to date")
    yd = [r["year"] for r in result.rows if r[d] is not None]
    if yd:
        ax.plot(yd, [r[d] for r in result.rows if r[d] is not None], "-", color="#c55a11", label="delivered to date")
    ax.set_ylabel("units" if units else "SIPRI TIV million (volume, not money)")
    t = result.meta.get("target")
    ax.set_title(result.title + (f"\nTarget: {t['statement']} ({t['change']}, {t['source']})" if t else ""),
                 fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    src = "; ".join(f"{s.attribution}" for s in result.provenance.sources)
    fig.text(0.01, -0.04, f"{src}. SIPRI counts major weapons only (no ammunition).", fontsize=6, wrap=True)
    return _save(fig, file, fmt)
