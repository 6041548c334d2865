"""Generate docs/cli.md from the click commands themselves (help texts, usage, options).

    python tools/cli_docs.py          # rewrite docs/cli.md
    python tools/cli_docs.py --check  # exit 1 if docs/cli.md differs from the commands (tests/cli/test_cli_docs.py)
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"

INTRO = """# Command reference

*Generated from the commands by `python tools/cli_docs.py`; a test checks that it matches. Edit the commands' help
texts, not this file.*

Every command prints one line `hague: error: ...` and exits 2 on bad input or a bad option, without a traceback.
Commands that read data take `--edition` (a dataset id such as `nato-2026`, an edition name such as `NATO-2025`, or
a NATO year such as `2025`; `hague data editions` lists them); an unknown edition is an error listing what exists.

## Output: tables, files and pandas

Table commands take `--format table|csv|json|md|xlsx`, `--output FILE`, `--columns KEY,KEY` and `--wide`:

- **table** fits the terminal (`COLUMNS`, else the real width on a terminal, else 100 characters): the least
  important columns are left out and the footer names them (`--wide` shows every column; `--columns` picks and
  orders them by their CSV keys). Text cells and footers wrap. A missing value shows as `—`, stated in the footer.
- **csv** is a header of column keys and one line per row, nothing else: numbers are rounded to the column's decimals
  and not formatted, so pandas reads them as numbers. Rows that mix allies and aggregates carry `kind`
  (`ally` / `aggregate`). Written with `--output FILE.csv`, the provenance (sources, edition, licence, units, which
  columns hague computed and from what) goes to the sidecar `FILE.csv.meta.json`; on the terminal it goes to stderr.
- **json** holds `rows`, `columns` (key, header, unit, decimals, kind), `provenance` and `notes` inline; **xlsx**
  has `data`, `columns` and `sources` sheets; **md** is a Markdown table with the source line.
- The format comes from `--format` or the file's extension; a contradiction (`--format xlsx --output x.csv`) is an
  error. Files are written all-or-nothing and get the usual permissions (0666 minus your umask).

Every cell shows the same figure in every face (terminal, CSV, JSON, REST API, web page): one formatter,
`hague.render.format_value`, with the decimals of the column (docs/architecture.md).

```python
import pandas as pd

# hague status --year 2025 --output status-2025.csv
df = pd.read_csv("status-2025.csv")
pol = df[(df.code == "POL") & (df.kind == "ally")]
print(pol.share_gdp.item(), df.share_gdp.dtype)   # 4.25 float64
```

## Exit status

0 success; 1 a check that failed (`hague validate` with errors, `hague audit verify` on a broken chain, `hague db
current` when behind, `hague plan assess` when the plan is not credible or incomplete); 2 an error (bad input, bad
option, unreadable file); 130 interrupted.
"""


def _help(cmd) -> str:
    text = inspect.cleandoc(cmd.help or "")
    return text.replace("\b\n", "")


EXPORT = {"format", "output", "columns", "wide"}


def _options(ctx, cmd) -> list[str]:
    import click

    out = []
    params = [p for p in cmd.get_params(ctx) if isinstance(p, click.Option) and "--help" not in p.opts]
    if EXPORT <= {p.name for p in params}:
        params = [p for p in params if p.name not in EXPORT]
        out.append("- output options: `--format`, `--output FILE`, `--columns KEY,KEY`, `--wide` (see above)")
    for p in params:
        rec = p.get_help_record(ctx)
        if rec is None:
            continue
        opts, text = rec
        out.append(f"- `{opts}`: {' '.join(text.split())}" if text else f"- `{opts}`")
    return out


def _section(cmd, path: list[str], level: int, parent=None) -> list[str]:
    import click

    ctx = click.Context(cmd, info_name=path[-1], parent=parent)
    usage = " ".join(cmd.collect_usage_pieces(ctx))
    out = [f"{'#' * level} `{' '.join(path)}`", "", _help(cmd), "", f"Usage: `{' '.join(path)} {usage}`".rstrip()]
    opts = _options(ctx, cmd)
    if opts:
        out += ["", *opts]
    out.append("")
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            out += _section(cmd.get_command(ctx, name), path + [name], level + 1, ctx)
    return out


def generate() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    import click

    from hague.cli import COMMANDS, CONTEXT, cli

    root = click.Context(cli, info_name="hague", **CONTEXT)
    lines = [INTRO]
    for name in COMMANDS:
        lines += _section(cli.get_command(root, name), ["hague", name], 2, root)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    args = ap.parse_args()
    text = generate()
    if args.check:
        if DOC.read_text(encoding="utf-8") != text:
            print("docs/cli.md differs from the commands: run python tools/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
