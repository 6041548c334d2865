"""``hague data import|editions|diff|export-nato-workbook``: keeping the data current."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, emit, export_options
from hague.data import DEFAULT_DATASET


@click.group("data")
def command() -> None:
    """Keep the data current: import the next NATO, SIPRI or IMF WEO file into your data directory, list
    editions, and show what changed between two editions (docs/data-import.md).
    """


@command.command("import")
@click.argument("kind", type=click.Choice(["nato", "sipri", "weo", "sipri-trade", "sipri-deliveries", "eurostat", "kiel",
                                          "statskontoret"]))
@click.argument("file")
@click.option("--id", "dataset_id", metavar="ID",
              help="dataset id (default: nato-YYYY, sipri-YYYY, imf-weo-YYYY-MM, sipri-trade-YYYY-MM, ...)")
@click.option("--edition", metavar="LABEL", help="edition label, e.g. 2027-07 (default: read from the file)")
@click.option("--published", metavar="YYYY-MM-DD",
              help="the day the edition was published (default: read from the file); forecasts from it use only "
                   "plans and targets published by then, and without any date those by 31 December of its last year")
@click.option("--replace", is_flag=True, help="replace an imported dataset of the same id")
@click.option("--allow-findings", is_flag=True,
              help="import even if validation finds errors (they are recorded in the sidecar)")
@click.option("--dry-run", is_flag=True, help="run every check of the import (id, layout, validation), write nothing")
def import_command(**kw) -> int:
    """Import a NATO workbook, SIPRI Milex workbook or IMF WEO FILE; or, for money against delivery, SIPRI's
    trade register (sipri-trade, any export shape), SIPRI deliveries per year (sipri-deliveries, JSON), a
    Eurostat JSON-stat file (eurostat, gov_ev), Kiel's Ukraine Support Tracker folder or data_explorer.csv (kiel)
    or Statskontoret's monthly outturn CSV (statskontoret).

    Reads the file, checks its layout cell by cell, validates the data and stores it (all-or-nothing) in the
    user data directory ($HAGUE_DATA_DIR or the platform default), with a sidecar naming its SHA-256. Shipped data
    are never overwritten.
    """
    from types import SimpleNamespace

    return cmd_import(SimpleNamespace(**kw))


@command.command("editions")
@export_options
def editions_command(**kw) -> int:
    """Every embedded and imported dataset with its family, edition and origin."""
    return cmd_editions(args_of(kw))


@command.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--ally", help="one ally (ISO3, ISO2 or name)")
@click.option("--indicator", help="one indicator (either edition's name)")
@click.option("--year", type=int, help="one year")
@click.option("--all", "all", is_flag=True, help="also list values present in only one edition")
@click.option("--changed", is_flag=True,
              help="only values that moved; shares of GDP split into the spending and the GDP revision")
@export_options
def diff_command(**kw) -> int:
    """What changed between two editions OLD and NEW (names such as NATO-2025 NATO-2026, or dataset ids): value,
    absolute and relative change. The 2025 'defence_expenditure' series is matched with the 2026
    'core_defence_expenditure' series (see docs/data-import.md).
    """
    return cmd_diff(args_of(kw))


@command.command("update")
@click.argument("sources", nargs=-1, type=click.Choice(["nato", "sipri", "weo"]))
@click.option("--from", "pages", multiple=True, metavar="SOURCE=URL",
              help="read SOURCE's links from URL instead of its official page (repeatable)")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="largest file to download (default 64 MiB)")
@click.option("--check", is_flag=True, help="only find the newest releases; download nothing")
@click.option("--no-progress", is_flag=True, help="no progress bar (it only shows on a terminal anyway)")
@click.option("--replace", is_flag=True, help="replace your own import of the same dataset id (never without it)")
def update_command(**kw) -> int:
    """Find the newest NATO, SIPRI and IMF WEO releases on their official pages (SOURCES: default all three),
    download each one hague does not hold (size limit, progress bar), record its size and sha256 in
    <data dir>/updates.json, import it with the same checks as 'hague data import' and print the values that
    changed against the edition it follows.
    """
    from types import SimpleNamespace

    return cmd_update(SimpleNamespace(**kw))


@command.command("status")
@export_options
def status_command(**kw) -> int:
    """Each source's edition in hague (embedded or imported), its age, and whether a newer release is known."""
    return cmd_data_status(args_of(kw))


@command.command("export-nato-workbook")
@click.argument("file")
@click.option("--edition", "--dataset", "dataset", default=None, metavar="EDITION",
              help=f"dataset id or edition name (default {DEFAULT_DATASET})")
def export_workbook_command(**kw) -> int:
    """Write a NATO dataset to FILE (.xlsx) in NATO's workbook layout (Tables 1-8b)."""
    from types import SimpleNamespace

    from hague.data import resolve_edition

    return cmd_export_workbook(SimpleNamespace(file=kw["file"], dataset=resolve_edition(kw["dataset"])))


def cmd_import(args) -> int:
    from hague.sources.delivery_store import KINDS

    if args.kind in KINDS:
        return cmd_import_delivery(args)
    from hague.sources.store import import_file

    # --dry-run runs every check of the import (id, clash, layout, validation, aggregates); it only writes nothing
    out = import_file(args.kind, args.file, dataset_id=args.dataset_id, edition=args.edition, replace=args.replace,
                      allow_findings=args.allow_findings, published=args.published, dry_run=args.dry_run)
    m = out.meta
    if out.written:
        print(f"imported {out.dataset_id}: {out.rows} rows, edition {m.get('edition')}, {m.get('coverage', '')}")
    else:
        print(f"{args.file}: layout and validation OK; {out.rows} rows for {out.dataset_id} (edition "
              f"{m.get('edition')}); nothing written (--dry-run)")
    print(f"  published {m.get('published') or 'not stated (forecasts use plans published by the end of its last year)'}")
    if out.written:
        print(f"  written to {out.csv_path} (+ {out.csv_path.with_suffix('.yaml').name})")
    else:
        print(f"  would be written to {out.csv_path} (+ {out.csv_path.with_suffix('.yaml').name})")
    for n in out.notes:
        print(f"  note: {n}")
    for w in m.get("warnings", []):
        print(f"warning: {w}", file=sys.stderr)
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
    if out.written:
        print(f"  use it with --edition {out.dataset_id}; list editions with: hague data editions")
    return 0


def cmd_import_delivery(args) -> int:
    from hague.sources.delivery_store import import_delivery

    if args.edition or args.allow_findings:
        from hague.errors import HagueError

        raise HagueError(f"--edition and --allow-findings do not apply to {args.kind}: its edition is read from the "
                         f"file and every cell must pass")
    out = import_delivery(args.kind, args.file, dataset_id=args.dataset_id, replace=args.replace, dry_run=args.dry_run)
    m = out.meta
    if not out.written:
        print(f"{args.file}: layout OK; {m['coverage']} for {out.dataset_id} (edition {m['edition']}); nothing "
              f"written (--dry-run)")
    else:
        print(f"imported {out.dataset_id}: {m['coverage']}, edition {m['edition']}")
        print(f"  written to {out.path} ({', '.join(f['file'] for f in m['files'])} verbatim + source.yaml, sha256 "
              f"{m['files'][0]['sha256'][:16]}...)")
    for n in out.notes:
        print(f"  note: {n}")
    for w in out.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def cmd_editions(args) -> int:
    from hague.sources.store import editions_result

    return emit(args, editions_result())


def cmd_diff(args) -> int:
    from hague.sources.diff import diff_editions, diff_result

    changed = getattr(args, "changed", False)
    d = diff_editions(args.old, args.new, ally=args.ally, indicator=args.indicator, year=args.year,
                      include_unmatched=args.all, changed=changed)
    if not d.rows:
        what = ", ".join(f"{k} {v}" for k, v in (("ally", args.ally), ("indicator", args.indicator),
                                                   ("year", args.year)) if v is not None) or "no filter"
        if d.compared and d.compared == d.unchanged:
            print(f"nothing changed: all {d.compared} values in both {args.old} and {args.new} ({what}) are equal")
        else:
            print(f"no values match ({what}) in both {args.old} and {args.new}; {' '.join(d.notes)}".rstrip("; "))
        return 0
    data_columns = args.format in ("csv", "json", "xlsx") or bool(args.output and not args.output.endswith((".txt", ".md")))
    return emit(args, diff_result(args.old, args.new, changed=changed, data_columns=data_columns, diff=d))


def cmd_export_workbook(args) -> int:
    from hague.sources.nato_writer import write_nato_workbook

    path = write_nato_workbook(args.dataset, args.file)
    print(f"wrote {path} (NATO workbook layout, dataset {args.dataset})", file=sys.stderr)
    return 0


def cmd_update(args) -> int:
    from hague.sources.update import DEFAULT_MAX_BYTES, ProgressBar, parse_from, update

    show = (not args.no_progress) and sys.stderr.isatty()
    bars: list[ProgressBar] = []

    def progress(label):
        b = ProgressBar(label, sys.stderr, show)
        bars.append(b)
        return b

    results = update(list(args.sources) or None, pages=parse_from(list(args.pages)),
                     max_bytes=args.max_bytes or DEFAULT_MAX_BYTES, check_only=args.check, progress=progress,
                     replace=getattr(args, "replace", False))
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
            print("  no earlier edition of this source in hague: nothing to compare with")
    return 0


def cmd_data_status(args) -> int:
    from hague.sources.update import data_status_result

    return emit(args, data_status_result())
