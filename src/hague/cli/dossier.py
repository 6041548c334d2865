"""``hague dossier ALLY``: everything hague knows about one ally for the 2029 review, with what-ifs, the drivers
of its forecast and a manifest that reproduces it; ``--overview``: every ally's review line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hague.cli._common import args_of, edition_option, emit

DOC_FORMATS = ("md", "html", "pdf", "json")


@click.command("dossier")
@click.argument("ally", required=False)
@click.option("--all", "all_allies", is_flag=True, help="a dossier for every ally (needs --output DIR)")
@click.option("--overview", is_flag=True, help="every ally's review line on one page (a table: --format table|csv|json|md)")
@click.option("--format", "format", type=click.Choice([*DOC_FORMATS, "table", "csv"]), default=None,
              help="md (default on a terminal), html, pdf (needs --output), json; from --output's extension")
@click.option("--output", "-o", metavar="FILE|DIR", help="write to FILE (or DIR with --all); a manifest is written "
                                                         "beside it as FILE.manifest.json")
@click.option("--draws", type=int, default=20_000, show_default=True, help="Monte Carlo draws")
@click.option("--seed", type=int, default=20250625, show_default=True, help="random seed")
@edition_option
@click.option("--economics", default=None, metavar="DATASET", help="IMF WEO vintage of the baseline "
                                                                    "(default imf-weo-2025-10)")
@click.option("--without-ukraine-aid", is_flag=True, help="what-if: take the military aid to Ukraine (Kiel "
                                                          "allocations, latest full year) out of the core share")
@click.option("--related-cap", metavar="PCT", help="what-if: related spending counts toward the 5% up to PCT of GDP")
@click.option("--weo", metavar="VINTAGE", help="what-if: GDP from another IMF WEO vintage (e.g. 2025-04)")
@click.option("--recession", metavar="YEAR", help="what-if: a GDP shock like YEAR's (2009) in the first forecast year")
@click.option("--cost-growth", is_flag=False, flag_value="historical", default=None, metavar="[RATE]",
              help="what-if: defence prices outrun the GDP deflator at the ally's historical rate, or RATE pp a year")
@click.option("--sensitivity", type=click.Choice(["none", "tornado", "full"]), default="tornado", show_default=True,
              help="what drives the probabilities: one at a time (tornado), or variance-based (full)")
@click.option("--scheduler", metavar="URL", help="Dask scheduler for --sensitivity full (tcp://host:8786, or 'local')")
@click.option("--manifest", "manifest_file", metavar="FILE", help="reproduce the dossier a manifest describes and "
                                                                  "check its numbers bit for bit")
def command(**kw) -> int:
    """One document per ally for the 2029 review: the review line; the trajectory against every dated pledge
    (Wales, Vilnius, The Hague, national targets, laws and budgets); core and related with evidence grades; the
    money path in national currency with fiscal space; the forecast (central path, fan, probabilities); burden
    share; what changed since the previous NATO edition; the what-ifs asked for, beside the baseline; and what
    drives the probabilities. Every section names its sources. A manifest (hague version, datasets with sha256,
    rule-tree hash, seed, draws, toggles, sha256 of every number) is written beside the output; `--manifest
    FILE` re-runs it and says whether the numbers are the same, bit for bit (exit 1 if not).
    """
    from hague.document import render_html, render_markdown, write_pdf
    from hague.errors import HagueError
    from hague.models.dossier import dossier, overview, reproduce, write_manifest

    args = args_of(kw)
    toggles = {"without_ukraine_aid": args.without_ukraine_aid, "related_cap": args.related_cap, "weo": args.weo,
               "recession": args.recession, "cost_growth": args.cost_growth}
    if args.manifest_file:
        if args.ally or args.all_allies or args.overview:
            raise HagueError("--manifest names the ally and every input itself; leave out ALLY, --all and --overview")
        doc, diffs = reproduce(args.manifest_file, scheduler=args.scheduler)
        if diffs:
            for d in diffs:
                print(f"hague: not reproduced: {d}", file=sys.stderr)
            return 1
        m = doc.meta["manifest"]
        print(f"reproduced bit for bit: {m['ally']} dossier, seed {m['seed']}, {m['draws']:,} draws, what-ifs "
              f"{m['toggles'] or 'none'}; figures sha256 {m['figures_sha256']}")
        return 0
    common = {"draws": args.draws, "seed": args.seed, "edition": args.edition, "economics": args.economics}
    if args.overview:
        if args.ally or args.all_allies:
            raise HagueError("--overview covers every ally; leave out ALLY and --all")
        fmt = args.format or _fmt_from(args.output) or "table"
        if fmt in ("html", "pdf"):
            raise HagueError("--overview is a table: --format table, csv, json or md (the web page /dossier shows it "
                             "as HTML)")
        args.format = fmt
        return emit(args, overview(**common))
    fmt = args.format or _fmt_from(args.output) or "md"
    if fmt in ("table", "csv"):
        raise HagueError(f"a dossier is a document: --format md, html, pdf or json (not {fmt}); --overview is a table")
    if args.all_allies:
        if args.ally:
            raise HagueError("--all makes a dossier for every ally; leave out ALLY")
        if not args.output:
            raise HagueError("--all needs --output DIR (one file per ally)")
        out = Path(args.output)
        if not out.is_dir():
            raise HagueError(f"--output {out}: not a folder (with --all, give an existing folder)")
        from hague.allies import all_allies as allies

        codes = [a.iso3 for a in allies() if a.has_armed_forces]
        docs = [dossier(c, toggles=toggles, sensitivity=args.sensitivity, scheduler=args.scheduler, **common)
                for c in codes]
        targets = [(d, out / f"dossier-{c.lower()}.{fmt}") for c, d in zip(codes, docs, strict=True)]
        _write_all(targets, fmt, render_html, render_markdown, write_pdf)
        for d, p in targets:
            write_manifest(d, p.with_name(p.name + ".manifest.json"))
        print(f"wrote {len(targets)} dossiers ({fmt}) and their manifests to {out}", file=sys.stderr)
        return 0
    if not args.ally:
        raise HagueError("name an ally (e.g. hague dossier POL), or use --all or --overview")
    doc = dossier(args.ally, toggles=toggles, sensitivity=args.sensitivity, scheduler=args.scheduler, **common)
    if not args.output:
        if fmt == "pdf":
            raise HagueError("format pdf needs --output FILE.pdf (it is a binary file)")
        text = _text(doc, fmt, render_html, render_markdown)
        sys.stdout.write(text)
        return 0
    p = Path(args.output)
    _write_all([(doc, p)], fmt, render_html, render_markdown, write_pdf)
    mp = write_manifest(doc, p.with_name(p.name + ".manifest.json"))
    print(f"wrote {p} ({fmt}) and its manifest {mp}", file=sys.stderr)
    return 0


def _fmt_from(output: str | None) -> str | None:
    if not output:
        return None
    ext = Path(output).suffix.lower().lstrip(".")
    return {"md": "md", "html": "html", "htm": "html", "pdf": "pdf", "json": "json", "csv": "csv",
            "txt": "table"}.get(ext)


def _text(doc, fmt: str, render_html, render_markdown) -> str:
    import json

    if fmt == "json":
        return json.dumps(doc.to_dict(), indent=1, default=str) + "\n"
    return render_html(doc) if fmt == "html" else render_markdown(doc)


def _write_all(targets, fmt: str, render_html, render_markdown, write_pdf) -> None:
    """All-or-nothing: every file is rendered first, then written through temporary files."""
    import os

    from hague.errors import HagueError

    for _, p in targets:
        if not p.parent.is_dir():
            raise HagueError(f"cannot write {p}: folder {p.parent} does not exist")
    if fmt == "pdf":
        write_pdf(targets)
        return
    texts = [(_text(d, fmt, render_html, render_markdown), p) for d, p in targets]
    tmps = []
    try:
        for text, p in texts:
            tmp = p.with_name(f".{p.name}.part")
            tmp.write_text(text, encoding="utf-8")
            tmps.append((tmp, p))
        for tmp, p in tmps:
            os.replace(tmp, p)
    finally:
        for tmp, _ in tmps:
            if tmp.exists():
                tmp.unlink()
