"""``hague burden``: shares of alliance spending against shares of GDP and population."""

from __future__ import annotations

import click

from hague.cli._common import args_of, edition_option, emit_table, export_options, with_kind


@click.command("burden")
@click.option("--year", type=int, help="year (default: latest of the edition)")
@click.option("--trend", is_flag=True, help="year-by-year US / Europe-and-Canada shares and HHI")
@edition_option
@export_options
def command(**kw) -> int:
    """Burden sharing: each member's share of alliance core defence spending against its share of alliance GDP
    and population, the ratio, spending per head, the United States against Europe and Canada, and the
    concentration index (HHI). With --trend: the same summary year by year from 2014.
    """
    return cmd_burden(args_of(kw))


def records(df, keys) -> list[dict]:
    """DataFrame rows as plain dicts (index as ``code``/``year``), NaN as None."""
    out = []
    for idx, r in df.iterrows():
        d = {df.index.name or "code": idx}
        for k in keys:
            if k in r.index:
                v = r[k]
                d[k] = None if isinstance(v, float) and v != v else (v.item() if hasattr(v, "item") else v)
        out.append(d)
    return out


def cmd_burden(args) -> int:
    from hague.models.burden import COLUMNS, burden_groups, burden_table, burden_trend

    if args.trend:
        tr = burden_trend(end=args.year, source=args.edition)
        cols = [("year", "Year", ""), ("members", "Members", ""),
                ("nato_spend_usd_bn", "NATO USD bn", "USD billion, current"),
                ("usa_spend_share", "US % spend", "percent of alliance core defence expenditure"),
                ("euca_spend_share", "EU+CA % spend", "percent of alliance core defence expenditure"),
                ("usa_gdp_share", "US % GDP", "percent of alliance GDP"),
                ("euca_gdp_share", "EU+CA % GDP", "percent of alliance GDP"),
                ("hhi", "HHI", "0-10,000"), ("hhi_equivalent", "Equiv. allies", "10,000 / HHI"),
                ("estimate", "Estimate", "")]
        rows = records(tr, [k for k, _, _ in cols if k != "year"])
        for r in rows:
            r["estimate"] = "e" if r["estimate"] else ""
        first, last = rows[0], rows[-1]
        title = f"Burden sharing trend {first['year']}-{last['year']}"
        footer = (f"US share of alliance spending {first['usa_spend_share']:.1f}% in {first['year']} -> "
                  f"{last['usa_spend_share']:.1f}% in {last['year']}; HHI {first['hhi']:,.0f} -> {last['hhi']:,.0f}. "
                  + tr.attrs["source"])
        return emit_table(args, cols, rows, title=title, footer=footer, meta={"dataset": args.edition})

    t = burden_table(args.year, source=args.edition)
    g = burden_groups(t.attrs["year"], source=args.edition)
    tr = burden_trend(end=t.attrs["year"], source=args.edition)
    keys = [k for k in COLUMNS if k != "code"]
    cols = [(k, h, u) for k, (h, u) in COLUMNS.items()]
    ally_rows = records(t, keys)
    group_rows = records(g, keys)
    y = t.attrs["year"]
    est = " (estimate)" if t.attrs["estimate"] else ""
    y0 = int(tr.index[0])
    footer = (f"Concentration: HHI of spending shares {t.attrs['hhi']:,.0f} (= {t.attrs['hhi_equivalent']:.2f} "
              f"equal-sized allies; HHI of GDP shares {t.attrs['hhi_gdp']:,.0f}). Trend {y0}->{y}: US share of "
              f"alliance spending {tr.loc[y0, 'usa_spend_share']:.1f}% -> {tr.loc[y, 'usa_spend_share']:.1f}%, "
              f"Europe and Canada {tr.loc[y0, 'euca_spend_share']:.1f}% -> {tr.loc[y, 'euca_spend_share']:.1f}%, "
              f"HHI {tr.loc[y0, 'hhi']:,.0f} -> {tr.loc[y, 'hhi']:,.0f}. " + t.attrs["source"])
    meta = {"year": y, "estimate": t.attrs["estimate"], "dataset": args.edition, "hhi": t.attrs["hhi"]}
    cols, rows, sections = with_kind(cols, [("ally", ally_rows), ("aggregate", group_rows)])
    return emit_table(args, cols, rows, title=f"Burden sharing, {y}{est}", footer=footer, meta=meta,
                      sections=sections)
