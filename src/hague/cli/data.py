"""``hague data import|editions|diff|export-nato-workbook`` and ``hague compare-sources``."""

from __future__ import annotations

import argparse
import sys

from hague.cli._common import add_export_options, emit
from hague.data import DEFAULT_DATASET


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="import NATO/SIPRI/IMF files, list editions, diff editions",
                       description="Keep the data current: import the next NATO, SIPRI or IMF WEO file into your "
                                   "data directory, list editions, and show what changed between two editions.")
    dsub = p.add_subparsers(dest="data_command", metavar="SUBCOMMAND", parser_class=type(p))
    dsub.required = True

    q = dsub.add_parser("import", help="import a NATO workbook, SIPRI Milex workbook or IMF WEO file",
                        description="Read the file, check its layout cell by cell, validate the data and store it "
                                    "(all-or-nothing) in the user data directory ($HAGUE_DATA_DIR or the platform "
                                    "default). Shipped data are never overwritten.")
    q.add_argument("kind", choices=("nato", "sipri", "weo"), help="which source the file is")
    q.add_argument("file", help="the file: def-exp-YYYY-en.xlsx, SIPRI-Milex-data-*.xlsx, WEO*all.xls/.xlsx/.csv")
    q.add_argument("--id", dest="dataset_id", metavar="ID", help="dataset id (default: nato-YYYY, sipri-YYYY, "
                                                                   "imf-weo-YYYY-MM)")
    q.add_argument("--edition", metavar="LABEL", help="edition label, e.g. 2027-07 (default: read from the file)")
    q.add_argument("--replace", action="store_true", help="replace an imported dataset of the same id")
    q.add_argument("--allow-findings", action="store_true",
                   help="import even if validation finds errors (they are recorded in the sidecar)")
    q.add_argument("--dry-run", action="store_true", help="read and check the file, write nothing")
    q.set_defaults(func=cmd_import)

    q = dsub.add_parser("editions", help="every embedded and imported dataset with its edition")
    add_export_options(q)
    q.set_defaults(func=cmd_editions)

    q = dsub.add_parser("diff", help="what changed between two editions (value, absolute and relative change)",
                        description="Compare two editions, e.g. NATO-2025 NATO-2026 (names) or dataset ids. "
                                    "The 2025 'defence_expenditure' series is matched with the 2026 "
                                    "'core_defence_expenditure' series (see docs/data-import.md).")
    q.add_argument("old", help="older edition, e.g. NATO-2025 or a dataset id")
    q.add_argument("new", help="newer edition, e.g. NATO-2026 or a dataset id")
    q.add_argument("--ally", help="one ally (ISO3, ISO2 or name)")
    q.add_argument("--indicator", help="one indicator (either edition's name)")
    q.add_argument("--year", type=int, help="one year")
    q.add_argument("--all", action="store_true", help="also list values present in only one edition")
    q.add_argument("--changed", action="store_true",
                   help="only values that moved; shares of GDP split into spending and GDP revisions")
    add_export_options(q)
    q.set_defaults(func=cmd_diff)

    q = dsub.add_parser("update", help="find the newest NATO, SIPRI and IMF WEO releases on their official pages, "
                                       "download, import and show what changed",
                        description="Reads each source's official page for its data file, downloads the newest "
                                    "(size limit, progress bar), records size and sha256 in <data dir>/updates.json, "
                                    "imports it with the same checks as 'hague data import' and prints the values "
                                    "that changed against the edition it follows.")
    q.add_argument("sources", nargs="*", choices=("nato", "sipri", "weo", []), metavar="SOURCE",
                   help="nato, sipri, weo (default: all three)")
    q.add_argument("--from", dest="pages", action="append", metavar="SOURCE=URL",
                   help="read SOURCE's links from URL instead of its official page (repeatable)")
    q.add_argument("--max-bytes", type=int, default=None, metavar="N",
                   help="largest file to download (default 64 MiB)")
    q.add_argument("--check", action="store_true", help="only find the newest releases; download nothing")
    q.add_argument("--no-progress", action="store_true", help="no progress bar (it only shows on a terminal)")
    q.set_defaults(func=cmd_update)

    q = dsub.add_parser("status", help="each source's edition in hague, its age, and whether a newer one is known")
    add_export_options(q)
    q.set_defaults(func=cmd_data_status)

    q = dsub.add_parser("export-nato-workbook", help="write a NATO dataset in NATO's workbook layout (Tables 1-8b)")
    q.add_argument("file", help="output .xlsx")
    q.add_argument("--dataset", default=DEFAULT_DATASET, metavar="ID", help=f"dataset id (default {DEFAULT_DATASET})")
    q.set_defaults(func=cmd_export_workbook)

    p = sub.add_parser("compare-sources", help="NATO vs SIPRI vs IMF-based shares of GDP side by side",
                       description="NATO's share of GDP, SIPRI's, and NATO spending over IMF GDP for one year, "
                                   "with the documented reasons for differences. Needs an imported SIPRI file.")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--nato", default=DEFAULT_DATASET, metavar="DATASET", help=f"NATO dataset (default {DEFAULT_DATASET})")
    p.add_argument("--sipri", metavar="DATASET", help="SIPRI dataset (default: the newest imported)")
    p.add_argument("--weo", default=None, metavar="DATASET", help="IMF WEO dataset (default imf-weo-2025-10)")
    add_export_options(p)
    p.set_defaults(func=cmd_compare)


def cmd_import(args) -> int:
    from hague.sources.store import import_file, read_source

    if args.dry_run:
        res = read_source(args.kind, args.file, dataset_id=args.dataset_id, edition=args.edition)
        print(f"{args.file}: layout OK; {len(res.rows)} rows for {res.dataset_id} (edition {res.meta['edition']}); "
              f"nothing written (--dry-run)")
        for n in res.notes:
            print(f"  {n}")
        return 0
    out = import_file(args.kind, args.file, dataset_id=args.dataset_id, edition=args.edition, replace=args.replace,
                      allow_findings=args.allow_findings)
    m = out.meta
    print(f"imported {out.dataset_id}: {out.rows} rows, edition {m.get('edition')}, {m.get('coverage', '')}")
    print(f"  written to {out.csv_path} (+ {out.csv_path.with_suffix('.yaml').name})")
    for n in out.notes:
        print(f"  note: {n}")
    v = m.get("validation", {})
    if v.get("errors"):
        print(f"  validation: {len(v['errors'])} finding(s) imported with --allow-findings:")
        for e in v["errors"]:
            print(f"    {e}")
    else:
        print(f"  validation: no errors; known outliers: {', '.join(v.get('known_outliers', [])) or 'none'}")
    if "aggregate_check" in m:
        ac = m["aggregate_check"]
        print(f"  aggregates: {ac['compared']} of the workbook's NATO rows recomputed from the allies: "
              f"{ac['agree']} agree, {len(ac['differ'])} differ")
        for d in ac["differ"]:
            print(f"    differs: {d}")
    print(f"  use it with --edition {out.dataset_id}; list editions with: hague data editions")
    return 0


def cmd_editions(args) -> int:
    from hague.sources.store import editions

    cols = [("family", "Family", ""), ("id", "Dataset", ""), ("edition", "Edition", ""), ("origin", "Origin", ""),
            ("years", "Years", ""), ("rows", "Rows", ""), ("published", "Published", "")]
    rows = editions()
    return emit(args, cols, rows, title="Editions (embedded and imported)",
                footer="Select one with --edition ID (or a name such as NATO-2025 in hague data diff). "
                       "Imported editions live in the user data dir (hague data import).")


def cmd_diff(args) -> int:
    from hague.sources.diff import diff_editions

    d = diff_editions(args.old, args.new, ally=args.ally, indicator=args.indicator, year=args.year,
                      include_unmatched=args.all, changed=args.changed)
    if not d.rows:
        what = ", ".join(f"{k} {v}" for k, v in (("ally", args.ally), ("indicator", args.indicator),
                                                   ("year", args.year)) if v is not None) or "no filter"
        if d.compared and d.compared == d.unchanged:
            print(f"nothing changed: all {d.compared} values in both {args.old} and {args.new} ({what}) are equal")
        else:
            print(f"no values match ({what}) in both {args.old} and {args.new}; {' '.join(d.notes)}".rstrip("; "))
        return 0
    for r in d.rows:
        flags = (r["estimate_old"], r["estimate_new"])
        r["est"] = "/".join("e" if x else ("-" if x is None else "") for x in flags) if any(flags) or None in flags else ""
    cols = [("ally", "Ally", ""), ("year", "Year", ""), ("indicator", "Indicator", ""), ("unit", "Unit", ""),
            ("old", args.old, ""), ("new", args.new, ""), ("change", "Change", ""), ("change_pct", "Change %", ""),
            ("est", "Est. old/new", "")]
    if args.changed:
        cols += [("from_spending", "From spending pp", ""), ("from_gdp", "From GDP pp", ""), ("other", "Other pp", "")]
    if args.format in ("csv", "json", "xlsx") or (args.output and not args.output.endswith((".txt", ".md"))):
        cols += [("price_basis", "price_basis", ""), ("indicator_old", "indicator_old", ""),
                 ("edition_old", "edition_old", ""), ("edition_new", "edition_new", "")]
    footer = (f"{args.old} = {', '.join(d.old_ids)}; {args.new} = {', '.join(d.new_ids)}. Change = new - old; "
              f"Change % relative to old. e = estimate in that edition. " + " ".join(d.notes))
    return emit(args, cols, d.rows, title=f"Revisions {args.old} -> {args.new}", footer=footer,
                meta={"old": list(d.old_ids), "new": list(d.new_ids), "notes": d.notes})


def cmd_export_workbook(args) -> int:
    from hague.sources.nato import write_nato_workbook

    path = write_nato_workbook(args.dataset, args.file)
    print(f"wrote {path} (NATO workbook layout, dataset {args.dataset})", file=sys.stderr)
    return 0


def cmd_compare(args) -> int:
    from hague.sources.compare import COLUMNS, compare_sources

    c = compare_sources(args.year, nato=args.nato, sipri=args.sipri, weo=args.weo)
    return emit(args, COLUMNS, c.rows, title=c.title, footer=c.footer(), meta=c.meta)


def cmd_update(args) -> int:
    from hague.errors import HagueError
    from hague.sources.update import DEFAULT_MAX_BYTES, ProgressBar, parse_from, update

    if args.max_bytes is not None and args.max_bytes < 1:
        raise HagueError(f"--max-bytes {args.max_bytes}; expected a positive number of bytes")
    show = (not args.no_progress) and sys.stderr.isatty()
    bars: list[ProgressBar] = []

    def progress(label):
        b = ProgressBar(label, sys.stderr, show)
        bars.append(b)
        return b

    results = update(args.sources or None, pages=parse_from(args.pages),
                     max_bytes=args.max_bytes or DEFAULT_MAX_BYTES, check_only=args.check, progress=progress)
    for b in bars:
        b.done()
    for r in results:
        rel = r["release"]
        head = f"{r['source']}: " + (f"newest release {rel['file']} (edition {rel['edition']})" if rel else "none")
        print(f"{head}; {r['action']}")
        if "sha256" in r:
            print(f"  downloaded {r['url']}: {r['bytes']:,} bytes, sha256 {r['sha256']}")
        d = r.get("diff")
        if d and d.get("against"):
            print(f"  changed against {d['against']}: {d['changed']} of {d['compared']} values in both moved; "
                  f"{d['only_new']} new, {d['only_old']} no longer published")
            for x in d["largest"]:
                pct = f"{x['change_pct']:+.1f}%" if x["change_pct"] is not None else "n/a"
                print(f"    {x['ally']} {x['year']} {x['indicator']} [{x['unit']}]: {x['old']:.6g} -> "
                      f"{x['new']:.6g} ({pct})")
        elif d is not None:
            print("  first edition of this source in hague: nothing to compare with")
    return 0


def cmd_data_status(args) -> int:
    from hague.sources.update import source_status

    rows = source_status()
    for r in rows:
        r["newer"] = "yes: update with hague data update" if r["newer_known"] else "no"
    cols = [("source", "Source", ""), ("dataset", "Dataset", ""), ("edition", "Edition", ""),
            ("age_days", "Age (days)", "days since the edition's publication month"),
            ("newest_known", "Newest known", ""), ("newer", "Newer known", ""), ("newest_known_from", "Known from", "")]
    return emit(args, cols, rows, title="Data sources: editions in hague and newest known releases",
                footer="Newest known: from the last 'hague data update' (or --check), else the releases listed in "
                       "hague.sources.update.KNOWN_RELEASES (shared/reference/file-layouts.md).")
