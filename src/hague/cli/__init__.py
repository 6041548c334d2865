"""The ``hague`` command line (click): thin, parses options, calls the public API, renders a result.

One module per command, named like the command (``hague compare-sources`` lives in ``compare_sources.py``); each
defines a click command (or group) called ``command``. :data:`COMMANDS` maps names to modules, and a module is
imported only when its command runs, so ``hague status`` does not pay for the others.

Errors from hague (:class:`hague.errors.HagueError`) and bad options print one line ``hague: error: ...`` and exit 2;
no traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from hague.errors import HagueError

#: command name -> one-line summary (for ``hague --help`` without importing every module)
COMMANDS: dict[str, str] = {
    "status": "every ally against 2%, 20% and 3.5% in one year",
    "ally": "one ally's full history (all indicators, terminal chart)",
    "allies": "list the allies (codes, accession, currency)",
    "sources": "every dataset with producer, edition, URL, licence, processing",
    "validate": "run the load-time data checks and list the known outliers",
    "check": "every ally against each commitment: met / likely / as likely as not / unlikely, gap, pace",
    "rules": "list the dated rules (commitments, national targets, plan thresholds)",
    "plan": "annual plans: the credible-path test (assess) and a template",
    "plans": "national plans (targets, paths, budget laws, drafts) with sources; `plans compare` against NATO",
    "related": "the related (1.5%) spending ledger: what allies claim, by category; --five: core + related",
    "path": "year-by-year budget to reach a share of GDP by a deadline (one ally or --all)",
    "simulate": "Monte Carlo: probability of reaching 3.5% by 2029 and 2035, fans of share and money",
    "backtest": "score the forecasts from every past origin: interval coverage, PIT, CRPS, MAE",
    "gdp": "one ally's GDP path 2014-2035 (NATO history, IMF projection, extension rule)",
    "convert": "convert money: national currency, current / constant 2021 USD, EUR",
    "burden": "burden sharing: shares of NATO spending vs GDP and population",
    "targets": "capability-target ledger; `targets apportion` splits one across allies",
    "buys": "what a budget increment buys (default: an ally's gap to 3.5%)",
    "costs": "the unit-cost catalog (system, price, currency, price year, source)",
    "compare": "adversary vs allied production (ammunition: ratio, months, parity year)",
    "delivery": "money against delivery: orders, deliveries, investment, Ukraine support, dependence (SIPRI, Kiel)",
    "data": "import NATO/SIPRI/IMF files, list editions, diff editions",
    "compare-sources": "NATO vs SIPRI vs IMF-based shares of GDP side by side",
    "dossier": "one ally for the 2029 review: md/html/pdf/json, what-ifs, drivers, reproducible manifest",
    "verify": "check a published claim (share or amount) against every edition and source: match/close/mismatch",
    "mcp": "Model Context Protocol tool server (stdio or streamable HTTP) for AI assistants; read-only",
    "export": "every edition and table as a data package, Parquet, DuckDB, Stata .dta or long CSV for R",
    "serve": "run the dashboard, REST API and plan registry (needs the [web] extra)",
    "db": "registry database: upgrade, current (needs the [web] extra)",
    "users": "registry accounts: add, list, passwd, deactivate, activate, token (needs [web])",
    "audit": "registry audit log: verify the hash chain (needs [web])",
}
#: kept for older imports: command name -> module
COMMAND_MODULES: dict[str, str] = {name: name.replace("-", "_") for name in COMMANDS}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        return importlib.import_module(f"hague.cli.{COMMAND_MODULES[name]}").command

    def format_commands(self, ctx, formatter) -> None:  # short help without importing every module
        with formatter.section("Commands"):
            formatter.write_dl([(n, h) for n, h in COMMANDS.items()])

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            near = difflib.get_close_matches(args[0], list(COMMANDS), n=1) if args else []
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise click.UsageError(f"{exc.format_message().rstrip('.')}{hint} (commands: {', '.join(COMMANDS)})", ctx) from None


def _version(ctx, param, value) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        click.echo(f"hague {version('hague')}")
    except PackageNotFoundError:  # pragma: no cover
        click.echo("hague (not installed)")
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings=CONTEXT, name="hague")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="show hague's version and exit")
def cli() -> None:
    """NATO defence-investment tracker with sourced data.

    Every command prints one line `hague: error: ...` and exits 2 on bad input; exports name their source and
    edition. Table commands take --format table|csv|json|md|xlsx, --output FILE (format from the extension,
    written all-or-nothing; a CSV gets FILE.meta.json with the provenance), --columns KEY,KEY and --wide; the
    table fits the terminal (COLUMNS or the real width) by leaving out the least important columns and says
    which. Machine formats: --format package (a Frictionless data package folder), parquet, dta (Stata) or
    long-csv (for R), with --output; `hague export` writes every table at once.
    """


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a failed check, 2 an error, 130 interrupted)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        rv = cli.main(args=argv, prog_name="hague", standalone_mode=False)
    except HagueError as exc:
        print(f"hague: error: {exc}", file=sys.stderr)
        return 2
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return 0 if not argv else 2
    except click.ClickException as exc:
        msg = " ".join(exc.format_message().split()).replace(".;", ";")
        cmd = exc.ctx.command_path if getattr(exc, "ctx", None) else "hague"
        print(f"hague: error: {msg} (see `{cmd} --help`)", file=sys.stderr)
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        print("hague: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `hague status | head`: no traceback, and no flush error at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("hague: interrupted", file=sys.stderr)
        return 130
    return int(rv or 0) if isinstance(rv, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
