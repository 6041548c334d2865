"""``hague status``, ``hague ally``, ``hague allies``, ``hague sources``, ``hague validate``."""

from __future__ import annotations

import argparse

from hague.cli._common import add_edition_option, add_export_options, emit
from hague.data import DEFAULT_DATASET


def register(sub: argparse._SubParsersAction) -> None:
    from hague.models.status import COLUMNS

    p = sub.add_parser("status", help="every ally against 2%%, 20%% and 3.5%% in one year",
                       description="Where each ally stands in one year (default: the latest of the NATO edition).")
    p.add_argument("--year", type=int, help="year (default: latest)")
    p.add_argument("--sort", metavar="COLUMN", help=f"sort allies by a column: {', '.join(COLUMNS)}")
    p.add_argument("--ascending", action="store_true", help="sort ascending (numbers sort descending by default)")
    add_edition_option(p)
    add_export_options(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("ally", help="one ally's full history (all indicators, terminal chart)",
                       description="One ally's history in the NATO edition: every indicator, every year.")
    p.add_argument("code", help="ISO3 / ISO2 code or English name, e.g. POL")
    add_edition_option(p)
    p.add_argument("--no-chart", action="store_true", help="omit the terminal chart")
    add_export_options(p)
    p.set_defaults(func=cmd_ally)

    p = sub.add_parser("allies", help="list the allies (codes, accession, currency)")
    add_export_options(p)
    p.set_defaults(func=cmd_allies)

    p = sub.add_parser("sources", help="every embedded dataset with producer, edition, URL, licence, processing")
    add_export_options(p)
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("validate", help="run the load-time data checks and list the known outliers")
    add_export_options(p)
    p.set_defaults(func=cmd_validate)


def cmd_status(args) -> int:
    from hague.models.status import COLUMNS, status_table
    from hague.sources.store import primary_dataset

    t = status_table(args.year, source=primary_dataset(args.edition))
    if args.sort:
        t = t.sorted(args.sort, descending=False if args.ascending else None)
    cols = [(k, h, u) for k, (h, u) in COLUMNS.items()]
    est = " (estimate)" if t.estimate else ""
    title = f"Core defence expenditure of NATO allies, {t.year}{est}"
    rows = t.rows + t.aggregates
    sections = [("", t.rows), ("", t.aggregates)]
    meta = {"year": t.year, "estimate": t.estimate, "dataset": t.source, "edition": t.edition}
    return emit(args, cols, rows, title=title, footer=t.footer(), meta=meta, sections=sections)


INDICATORS = [
    ("core_defence_expenditure_share_gdp", None, None, "% GDP"),
    ("core_defence_expenditure", "USD million", "current", "USD m cur"),
    ("core_defence_expenditure", "USD million", "constant_2021", "USD m 2021"),
    ("core_defence_expenditure", "NC", "current", "{nc} m cur"),
    ("core_defence_expenditure", "NC", "constant_2021", "{nc} m 2021"),
    ("core_defence_expenditure_real_change", None, None, "Real chg %"),
    ("core_defence_expenditure_per_capita", None, None, "Per cap USD"),
    ("core_defence_expenditure|equipment_share", None, None, "Equip %"),
    ("core_defence_expenditure|personnel_share", None, None, "Pers %"),
    ("core_defence_expenditure|infrastructure_share", None, None, "Infra %"),
    ("core_defence_expenditure|other_share", None, None, "Other %"),
    ("gdp", "USD million", "current", "GDP USD m"),
    ("gdp", "USD million", "constant_2021", "GDP USD m 2021"),
    ("gdp_per_capita", None, None, "GDP/cap USD k"),
    ("military_personnel", None, None, "Personnel k"),
]


def _ally_indicators(currency: str | None) -> list[tuple[str, str, str | None, str | None, str]]:
    """(column key, indicator, unit, price basis, header) for one ally; national currency only if not USD."""
    out = []
    for ind, unit, basis, header in INDICATORS:
        if unit == "NC":
            if currency in (None, "USD"):
                continue
            unit = f"{currency} million"
        key = f"{ind}[{unit},{basis}]" if unit else ind
        out.append((key, ind, unit, basis, header.format(nc=currency or "")))
    return out


def ally_history(code: str, edition: str = DEFAULT_DATASET) -> tuple[object, list, list[dict]]:
    """The ally, its columns and one row per year of every indicator in the NATO edition."""
    from hague.allies import resolve
    from hague.data import dataset

    a = resolve(code)
    ds = dataset(edition)
    specs = _ally_indicators(a.currency)
    cols = [("year", "Year", ""), ("estimate", "Est.", "")]
    for key, ind, unit, basis, header in specs:
        o = next((o for o in ds.rows if o.ally == a.iso3 and o.indicator == ind and (unit is None or o.unit == unit)
                  and (basis is None or o.price_basis == basis)), None)
        unit_text = (o.unit + (f", {o.price_basis}" if o.price_basis != "n/a" else "")) if o else (unit or "")
        cols.append((key, header, unit_text))
    estimates = ds.estimate_years()
    rows = []
    for y in ds.years():
        r: dict = {"year": y, "estimate": "e" if y in estimates else ""}
        for key, ind, unit, basis, _ in specs:
            r[key] = ds.value(a.iso3, ind, y, unit=unit, price_basis=basis) if a.has_armed_forces else None
        rows.append(r)
    return a, cols, rows


def bar_chart(points: dict[int, float | None], *, width: int = 40, marks: tuple[float, ...] = (2.0, 3.5),
              unit: str = "% GDP") -> str:
    """A small horizontal bar chart for the terminal, with reference marks (e.g. 2% and 3.5%)."""
    vals = [v for v in points.values() if v is not None]
    if not vals:
        return "(no data to chart)"
    top = max(vals + list(marks)) * 1.05
    lines = []
    for y, v in points.items():
        if v is None:
            lines.append(f"{y}  {'':{width}}  —")
            continue
        n = round(v / top * width)
        bar = ["█"] * n + [" "] * (width - n)
        for m in marks:
            i = min(width - 1, round(m / top * width))
            if bar[i] == " ":
                bar[i] = "┆"
        lines.append(f"{y}  {''.join(bar)}  {v:.2f}")
    legend = "  ".join(f"┆ {m:g}" for m in marks)
    return "\n".join(lines) + f"\n      {unit}; marks: {legend}"


def cmd_ally(args) -> int:
    from hague.sources.store import primary_dataset

    args.edition = primary_dataset(args.edition)
    a, cols, rows = ally_history(args.code, args.edition)
    from hague.data import dataset

    ds = dataset(args.edition)
    footer = f"{ds.meta.get('attribution', ds.title)}; dataset {ds.id}, edition {ds.edition}. Est. = NATO estimate."
    if not a.has_armed_forces:
        footer = f"{a.name} is a NATO member without armed forces: NATO reports no defence expenditure. " + footer
    title = f"{a.name} ({a.iso3}), member since {a.accession_year}; national currency {a.currency or 'n/a'}"
    fmt = args.format or ("table" if not args.output else None)
    code = emit(args, cols, rows, title=title, footer=footer, meta={"ally": a.iso3, "dataset": ds.id, "edition": ds.edition})
    if fmt == "table" and not args.output and not args.no_chart and a.has_armed_forces:
        print()
        print("Core defence expenditure, share of GDP")
        print(bar_chart({r["year"]: r["core_defence_expenditure_share_gdp"] for r in rows}))
    return code


def cmd_allies(args) -> int:
    from hague.allies import all_allies

    cols = [("iso3", "ISO3", ""), ("iso2", "ISO2", ""), ("nato_code", "NATO code", ""), ("name", "Name", ""),
            ("accession_year", "Joined", ""), ("currency", "Currency (NATO Table 1)", ""), ("has_armed_forces", "Armed forces", "")]
    rows = [a.to_dict() for a in all_allies()]
    return emit(args, cols, rows, title="NATO allies", footer="Accession years: nato.int member countries; see hague sources.")


def cmd_sources(args) -> int:
    from hague.data import provenance

    keys = ["id", "role", "producer", "title", "edition", "published", "url", "licence", "attribution", "coverage",
            "processing"]
    rows = [{k: " ".join(str(m.get(k, "")).split()) for k in keys} for m in provenance()]
    if (args.format or "table") == "table" and not args.output:
        out = []
        for r in rows:
            out.append(f"{r['id']}  [{r['role']}]")
            for k in keys[2:]:
                out.append(f"  {k:<12} {r[k]}")
            out.append("")
        print("\n".join(out).rstrip())
        return 0
    return emit(args, [(k, k, "") for k in keys], rows, title="Embedded datasets")


def cmd_validate(args) -> int:
    from hague.data.validate import validate

    rep = validate()
    cols = [("status", "Status", ""), ("check", "Check", ""), ("dataset", "Dataset", ""), ("ally", "Ally", ""),
            ("year", "Year", ""), ("message", "Finding", ""), ("reason", "Reason (known outlier)", "")]
    rows = [{"status": "ERROR", **f.__dict__} for f in rep.errors] + [{"status": "known", **f.__dict__} for f in rep.known]
    footer = (f"{rep.checked['rows']} rows and {rep.checked['ally_years']} ally-years checked: "
              f"{len(rep.errors)} errors, {len(rep.known)} known outliers (listed with their reason).")
    emit(args, cols, rows, title="Data validation", footer=footer)
    return 1 if rep.errors else 0
