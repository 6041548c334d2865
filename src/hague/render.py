"""One formatter and the renderers of a :class:`hague.results.Result`: table, csv, json, md, xlsx.

Every face (terminal, files, REST API, web templates through the ``fmt`` Jinja filter) shows a figure through
:func:`format_value` (text for people) or :func:`data_value` (a rounded number for programs). Both take the
column spec, so a cell reads the same everywhere: ``0.72`` in the terminal, ``0.72`` in the CSV, ``0.72`` in JSON.

Rules: decimals come from the column; a non-zero value that would round to zero keeps two significant digits
(a 155 mm shell at EUR 0.0044 m shows ``0.0044``, never ``0.00``; float noise below four extra digits
shows as zero); there is no ``-0.00``; a missing value
(None or NaN) shows as :data:`DASH`; thousands are grouped from 10,000 up in text (``124,660``), never in data.

>>> from hague.results import Column
>>> share = Column("share_gdp", "% GDP", "percent of GDP", 2, "percent")
>>> format_value(0.4541940000000001, share), data_value(0.4541940000000001, share)
('0.45', 0.45)
>>> price = Column("price", "Unit cost", "EUR million", 2, "money")
>>> format_value(0.0044, price), data_value(0.0044, price)
('0.0044', 0.0044)
>>> format_value(2.69 - 2.6900000000000004, share), format_value(None, share), format_value(float("nan"), share)
('0.00', '—', '—')
>>> format_value(124660.0, Column("eur", "EUR m", "EUR million", 0, "money"))
'124,660'

Columns without decimals (tables described only by key, header and unit) get them from the value's size, keeping
up to two more digits a source value has (``1.8645``) but not float noise (``3.861234567`` shows ``3.86``).

Long (over 500 lines): the one formatter and every renderer (table fitting, CSV, JSON, Markdown, xlsx) in one place by design.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hague.errors import ExportError

if TYPE_CHECKING:  # hague.results imports this module to round (Result.to_dict); the types only annotate here
    from hague.results import Column, Result

__all__ = ["DASH", "FORMATS", "EXTENSIONS", "format_value", "data_value", "effective_decimals", "render",
           "render_table", "render_csv", "render_json", "render_md", "render_xlsx", "write", "write_files",
           "write_result", "format_for", "terminal_width", "jinja_fmt"]

#: what a missing value looks like in text (stated in every table footer that shows one)
DASH = "—"
FORMATS = ("table", "csv", "json", "md", "xlsx")
#: file extension -> format
EXTENSIONS = {"csv": "csv", "json": "json", "md": "md", "xlsx": "xlsx", "txt": "table"}
_NUMERIC = ("number", "percent", "money")


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def effective_decimals(value: float, column: Column) -> int:
    """Digits after the point for ``value`` in ``column``: the column's decimals, or more when the value would
    otherwise show as zero (two significant digits), or an automatic choice for columns without decimals."""
    d = column.decimals
    if d is None:
        if column.kind in ("int", "year"):
            return 0
        a = abs(value)
        d = 0 if a >= 1000 else 1 if a >= 100 else 2
        for more in (1, 2):  # a source value with up to two more decimals (1.8645) keeps them; float noise does not
            if math.isfinite(value) and abs(round(value, d) - value) > 1e-9 > abs(round(value, d + more) - value):
                d += more
                break
    if value and math.isfinite(value) and abs(value) < 0.5 * 10 ** -d:
        sig = -math.floor(math.log10(abs(value))) + 1
        if sig <= d + 4:  # a small value, not float noise such as 4.4e-16 (that shows as zero)
            d = sig
    return d


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def data_value(value, column: Column):
    """The value for programs (CSV, JSON, API, xlsx): rounded to the column's decimals, ``-0.0`` as ``0.0``,
    NaN as None; integers for 0-decimal and int/year columns."""
    if _missing(value):
        return None
    if isinstance(value, bool) or not _is_number(value):
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
            return data_value(value.item(), column)
        return value
    if column.kind in ("int", "year"):
        return int(round(value))
    if column.kind not in _NUMERIC:
        return value
    if math.isinf(value):
        return None
    d = effective_decimals(float(value), column)
    r = round(float(value), d) + 0.0  # + 0.0 turns -0.0 into 0.0
    if r == 0:
        r = 0.0
    return int(r) if column.decimals == 0 and d == 0 else r


def format_value(value, column: Column) -> str:
    """The value as text for people (terminal, Markdown, web pages), from the column spec."""
    if _missing(value):
        return DASH
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not _is_number(value):
        return " ".join(str(value).split()) if column.kind == "text" else str(value)
    if column.kind == "year":
        return str(int(value))
    if column.kind == "int":
        n = int(round(value))
        return f"{n:,}" if abs(n) >= 10000 else str(n)
    if math.isinf(value):
        return DASH
    d = effective_decimals(float(value), column)
    v = round(float(value), d)
    text = f"{v:,.{d}f}" if abs(v) >= 10000 else f"{v:.{d}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]
    return text


class _Spec(NamedTuple):
    """What the formatter reads of a column: its decimals and kind (a :class:`Column` has both)."""

    decimals: int | None
    kind: str


def jinja_fmt(value, column=None, decimals: int | None = None) -> str:
    """The ``fmt`` Jinja filter: ``{{ row.share_gdp | fmt(col) }}`` with a :class:`Column` (or its dict), or
    ``{{ v | fmt("percent", 2) }}`` with a kind and decimals."""
    if isinstance(column, dict):
        col = _Spec(column.get("decimals", decimals), column.get("kind", "number"))
    elif hasattr(column, "decimals") and hasattr(column, "kind"):  # a Column
        col = column
    else:
        col = _Spec(decimals, column or ("number" if _is_number(value) else "text"))
    return format_value(value, col)


# --- terminal table ------------------------------------------------------------------------------


def terminal_width(default: int = 100) -> int:
    """``COLUMNS`` if set, else the real terminal width when stdout is a terminal, else ``default``."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return default


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _header_width(header: str, at_least: int, lines: int) -> int:
    """The narrowest width >= ``at_least`` at which ``header`` wraps into at most ``lines`` lines."""
    w = max(at_least, 1, *(len(word) for word in header.split()))
    while w < len(header) and len(_wrap(header, w)) > lines:
        w += 1
    return w


def _fit(cols: list[Column], headers: list[str], cells: list[list[str]], width: int | None,
         droppable: bool) -> tuple[list[int], list[int]]:
    """Indexes of the columns kept and their widths so that lines fit ``width`` (None: natural widths).

    Each column has a comfortable width (numbers whole with the header on at most two lines; text cells wrapped
    at 24-28 characters or more; key columns, priority 0, whole) and a minimum (headers on three lines, text
    at 12). Columns are dropped by priority until the comfortable widths fit; if the kept columns still do not
    fit, they shrink towards their minimums. Spare width goes to text columns, then to one-line headers.
    """
    n = len(cols)
    natural = [max([len(headers[i])] + [len(c[i]) for c in cells]) for i in range(n)]
    if width is None:
        return list(range(n)), natural
    comfortable, minimum = [], []
    for i, c in enumerate(cols):
        cell_max = max([len(row[i]) for row in cells] or [0])
        words = max([len(w) for w in " ".join([headers[i]] + [row[i] for row in cells]).split()] or [1])
        if c.kind == "text" and c.priority > 0:
            comfortable.append(min(natural[i], max(24 if c.priority > 1 else 28, _header_width(headers[i], 1, 2))))
            minimum.append(min(natural[i], max(12, min(words, 24))))
        elif c.kind == "text":  # key columns (priority 0) keep their width
            comfortable.append(natural[i])
            minimum.append(natural[i])
        else:  # numbers never wrap
            comfortable.append(_header_width(headers[i], cell_max, 2))
            minimum.append(_header_width(headers[i], cell_max, 3))
    keep = list(range(n))

    def need(ix: list[int], w: list[int]) -> int:
        return sum(w[i] for i in ix) + 2 * (len(ix) - 1)

    if droppable:
        order = sorted((i for i in keep if cols[i].priority > 0), key=lambda i: (-cols[i].priority, -i))
        for i in order:
            if need(keep, comfortable) <= width:
                break
            keep.remove(i)
        for i in sorted((i for i in range(n) if i not in keep), key=lambda i: (cols[i].priority, i)):
            trial = sorted(keep + [i])  # a less important but narrow column may still fit
            if need(trial, comfortable) <= width:
                keep = trial
    widths = {i: comfortable[i] for i in keep}
    over = need(keep, comfortable) - width
    for i in sorted(keep, key=lambda i: -cols[i].priority):  # still too wide: shrink, least important first
        if over <= 0:
            break
        cut = min(over, widths[i] - minimum[i])
        widths[i] -= cut
        over -= cut
    spare = width - sum(widths.values()) - 2 * (len(keep) - 1)
    for group in ([i for i in keep if cols[i].kind == "text"], [i for i in keep if cols[i].kind != "text"]):
        for i in sorted(group, key=lambda i: cols[i].priority):
            if spare <= 0:
                break
            add = min(spare, natural[i] - widths[i])
            widths[i] += add
            spare -= add
    return keep, [widths[i] for i in keep]


def render_table(result: Result, *, width: int | None = None, columns: list[str] | None = None,
                 wide: bool = False) -> str:
    """The result as a terminal table that fits ``width`` (default :func:`terminal_width`).

    Columns are dropped by priority (highest number first) until the table fits, and the footer says which;
    text cells and headers wrap. ``columns`` picks and orders columns; ``wide`` keeps every column unwrapped.
    """
    res = result.select(columns) if columns else result
    cols = list(res.columns)
    total_width = terminal_width() if width is None else width
    groups = res.sections or [("", res.rows)]
    all_rows = [r for _, g in groups for r in g]
    cells = {id(r): [format_value(r.get(c.key), c) for c in cols] for r in all_rows}
    headers = [c.header for c in cols]
    keep, widths = _fit(cols, headers, list(cells.values()), None if wide else total_width,
                        droppable=not columns)
    kept = [cols[i] for i in keep]
    left_out = [c for c in cols if c not in kept]

    def block(values: list[str]) -> list[str]:
        parts = [_wrap(values[i], w) if len(values[i]) > w else [values[i]]
                 for i, w in zip(keep, widths)]
        height = max(len(p) for p in parts)
        lines = []
        for k in range(height):
            segs = []
            for (i, w), p in zip(zip(keep, widths), parts):
                v = p[k] if k < len(p) else ""
                segs.append(v.rjust(w) if cols[i].numeric else v.ljust(w))
            lines.append("  ".join(segs).rstrip())
        return lines

    def header_block() -> list[str]:
        parts = [_wrap(headers[i], w) for i, w in zip(keep, widths)]
        height = max(len(p) for p in parts)
        parts = [[""] * (height - len(p)) + p for p in parts]  # bottom-aligned
        out = []
        for k in range(height):
            out.append("  ".join(p[k].rjust(w) if cols[i].numeric else p[k].ljust(w)
                                 for (i, w), p in zip(zip(keep, widths), parts)).rstrip())
        return out

    rule = "  ".join("-" * w for w in widths)
    wrap_width = max(20, total_width)
    out: list[str] = []
    if res.title:
        out += _wrap(res.title, wrap_width)
    out += header_block()
    out.append(rule)
    first = True
    for label, rows in groups:
        if not rows:
            continue
        if not first:
            out.append(rule)
        first = False
        if label:
            out += _wrap(label, wrap_width)
        for r in rows:
            out += block([cells[id(r)][i] for i in range(len(cols))])
    if not all_rows:
        out.append("(no rows)")
    footer = []
    if res.footer():
        footer.append(res.footer())
    if any(DASH in cells[id(r)][i] for r in all_rows for i in keep):
        footer.append(f"{DASH} = no value in the source.")
    key = kept[0] if kept and kept[0].priority == 0 else None
    for c in left_out:  # a left-out text column with few entries is given below the table
        vals = [(r, cells[id(r)][cols.index(c)]) for r in all_rows]
        vals = [(r, v) for r, v in vals if v and v != DASH]
        if key is not None and c.kind == "text" and 0 < len(vals) <= 8:
            footer.append(f"{c.header}: " + "; ".join(f"{format_value(r.get(key.key), key)}: {v}" for r, v in vals)
                          + ".")
    if left_out:
        footer.append(f"Not shown at width {total_width}: " + ", ".join(f"{c.header} ({c.key})" for c in left_out)
                      + ". Use --wide or --columns KEY,KEY to choose.")
    if footer:
        out.append("")
        for f in footer:
            out += _wrap(f, wrap_width)
    return "\n".join(out)


# --- files -----------------------------------------------------------------------------------------


def render_csv(result: Result) -> str:
    """Header (column keys) + rows only; numbers rounded to the column's decimals but not formatted."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.keys)
    for r in result.rows:
        w.writerow(["" if (v := data_value(r.get(c.key), c)) is None else v for c in result.columns])
    return buf.getvalue()


def sidecar(result: Result) -> str:
    """The provenance sidecar of a CSV export (``FILE.meta.json``): title, columns, provenance, notes, meta."""
    import json

    doc = {"title": result.title, "columns": [c.to_dict() for c in result.columns],
           "provenance": result.provenance.to_dict(), "notes": list(result.notes), "meta": dict(result.meta)}
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"


def json_doc(result: Result) -> dict:
    """The JSON document: rows (rounded), columns, provenance and notes inline; ``meta`` repeats the scalar facts
    with the footer and column units (the shape older hague versions wrote)."""
    doc = result.to_dict()
    doc["meta"] = {"title": result.title, "source": result.footer(),
                   "dataset": result.provenance.dataset, "edition": result.provenance.edition,
                   "columns": {c.key: {"header": c.header, "unit": c.unit, "decimals": c.decimals, "kind": c.kind}
                               for c in result.columns},
                   **result.meta}
    return doc


def render_json(result: Result) -> str:
    import json

    return json.dumps(json_doc(result), indent=2, ensure_ascii=False, default=str)


def render_md(result: Result) -> str:
    out = []
    if result.title:
        out += [f"**{result.title}**", ""]
    out.append("| " + " | ".join(c.header for c in result.columns) + " |")
    out.append("|" + "|".join("---:" if c.numeric else "---" for c in result.columns) + "|")
    for r in result.rows:
        out.append("| " + " | ".join(format_value(r.get(c.key), c).replace("|", "\\|") for c in result.columns) + " |")
    if result.footer():
        out += ["", result.footer()]
    return "\n".join(out)


def render_xlsx(result: Result) -> bytes:
    """A workbook: ``data`` (rounded numbers with a number format per column), ``columns`` and ``sources``."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append([c.header for c in result.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in result.rows:
        ws.append([data_value(r.get(c.key), c) for c in result.columns])
    for j, c in enumerate(result.columns, start=1):
        if c.kind in _NUMERIC and c.decimals is not None:
            fmt = "#,##0" + ("." + "0" * c.decimals if c.decimals else "")
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                for cell in row:
                    v = cell.value
                    if isinstance(v, float) and v and abs(v) >= 0.5 * 10 ** -c.decimals:
                        cell.number_format = fmt
    meta = wb.create_sheet("columns")
    meta.append(["column", "header", "unit", "decimals", "kind", "origin", "inputs", "description"])
    for c in result.columns:
        meta.append([c.key, c.header, c.unit, c.decimals, c.kind, c.origin, ", ".join(c.inputs), c.description])
    src = wb.create_sheet("sources")
    src.append(["title", result.title])
    for s in result.provenance.sources:
        src.append(["dataset", s.dataset, s.edition, s.producer, s.title, s.url, s.licence, s.attribution])
    if result.provenance.statement:
        src.append(["statement", result.provenance.statement])
    for n in result.notes:
        src.append(["note", n])
    for k, v in result.meta.items():
        src.append([k, str(v)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render(result: Result, fmt: str = "table", *, width: int | None = None, columns: list[str] | None = None,
           wide: bool = False) -> str | bytes:
    """Render ``result`` in one of :data:`FORMATS` (``columns`` applies to every format)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    if fmt == "table":
        return render_table(result, width=width, columns=columns, wide=wide)
    res = result.select(columns) if columns else result
    return {"csv": render_csv, "json": render_json, "md": render_md, "xlsx": render_xlsx}[fmt](res)


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The format from ``--format`` and/or the output file's extension; a contradiction is an error.

    >>> format_for("x.csv", None), format_for(None, None), format_for("x.csv", "csv")
    ('csv', 'table', 'csv')
    >>> format_for("x.csv", "xlsx")
    Traceback (most recent call last):
    hague.errors.ExportError: --format xlsx contradicts the file extension of x.csv (.csv means csv); ...
    """
    ext = Path(path).suffix.lower().lstrip(".") if path else ""
    implied = EXTENSIONS.get(ext)
    if fmt and fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    if fmt and implied and fmt != implied:
        raise ExportError(f"--format {fmt} contradicts the file extension of {path} (.{ext} means {implied}); "
                          f"drop --format or name the file .{'txt' if fmt == 'table' else fmt}")
    return fmt or implied or "table"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_files(files: list[tuple[str | Path, str | bytes]]) -> list[Path]:
    """Write several files all-or-nothing: each goes to a temporary file in its folder, and all are renamed into
    place only when every one is complete. Files get the usual mode (0666 minus the umask)."""
    import tempfile

    temps: list[tuple[str, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for path, content in files:
            path = Path(path)
            parent = path.parent if str(path.parent) else Path(".")
            if not parent.is_dir():
                raise ExportError(f"cannot write {path}: folder {parent} does not exist")
            if path.is_dir():
                raise ExportError(f"cannot write {path}: it is a folder; name a file")
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, mode)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {files[len(temps) - 1][0] if temps else files[0][0]}: "
                          f"{exc.strerror or exc}") from None
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [p for _, p in temps]


def write(content: str | bytes, path: str | Path) -> Path:
    """Write one file atomically (temporary file + rename), honouring the umask; nothing is left on failure."""
    return write_files([(path, content)])[0]


def write_result(result: Result, path: str | Path, fmt: str | None = None, *, columns: list[str] | None = None,
                 wide: bool = False) -> tuple[str, list[Path]]:
    """Write ``result`` to ``path`` in ``fmt`` (default from the extension); a CSV gets ``FILE.meta.json`` with the
    provenance. Returns the format and the paths written."""
    fmt = format_for(path, fmt)
    content = render(result, fmt, columns=columns, wide=True if fmt == "table" and wide else wide,
                     width=None if fmt != "table" else (None if not wide else 10**6))
    files = [(path, content if isinstance(content, bytes) or content.endswith("\n") else content + "\n")]
    if fmt == "csv":
        res = result.select(columns) if columns else result
        files.append((f"{path}.meta.json", sidecar(res)))
    return fmt, write_files(files)
