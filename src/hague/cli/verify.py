"""``hague verify CLAIM``: check a published claim against every NATO edition, SIPRI edition (imported) and the
national plans ledger: match / close / mismatch / cannot verify, with the reasons and every source used."""

from __future__ import annotations

import sys

import click

from hague.cli._common import args_of, emit, export_options


@click.command("verify")
@click.argument("claim", nargs=-1, required=True)
@click.option("--unit", metavar="UNIT", help="for ALLY YEAR VALUE: pct_GDP, fraction_GDP, or CUR_bn / CUR_m "
                                             "(USD_bn, EUR_m, PLN_bn)")
@click.option("--price-basis", type=click.Choice(["current", "constant_2021"]), default="current", show_default=True,
              help="prices of an amount")
@export_options
def command(**kw) -> int:
    """Check a claim, as a sentence ("Poland spent 4.48% of GDP on defence in 2025") or structured (POL 2025 4.48
    --unit pct_GDP). The answer is match (a source states it: which edition, "since revised" where NATO revised it,
    a national budget's basis, SIPRI's definition), close (within 0.1 pp or 3%, or once a slip is undone: percent
    vs fraction, millions vs billions, current vs constant prices), mismatch (the sources disagree; "wrong year"
    where it is another year's figure) or cannot verify (no source has it), with every source consulted. Exit 0 for
    match and close, 1 for mismatch and cannot verify.
    """
    from hague.errors import HagueError
    from hague.models.verify import read_number, verify, verify_result

    args = args_of(kw)
    words = list(args.claim)
    if args.unit:
        if len(words) != 3:
            raise HagueError("with --unit, give ALLY YEAR VALUE (e.g. POL 2025 4.48 --unit pct_GDP)")
        ally, year, value = words
        try:
            y = int(year)
        except ValueError:
            raise HagueError(f"year must be a whole number, got {year!r}") from None
        v = read_number(value)
        res = verify(ally, year=y, value=v, unit=args.unit, price_basis=args.price_basis)
    else:
        res = verify(" ".join(words))
    code = emit(args, verify_result(res))
    if sys.stdout.isatty():
        print(f"{res.verdict.upper()}: " + "; ".join(res.reasons), file=sys.stderr)
    return code or (0 if res.verdict in ("match", "close") else 1)
