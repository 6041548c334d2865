"""Reader of the Kiel Institute's Ukraine Support Tracker CSVs (the tracker website's ``data/`` folder).

A release folder holds ``release_info.csv`` (release number, period, date, label) and ``data_explorer.csv``:
one row per donor and month with ``total`` = ``financial`` + ``humanitarian`` + ``military`` **allocations**
(aid earmarked for Ukraine, EUR billion; not deliveries), ``commitments``, ``to_be_allocated``, the donor's
``gdp`` (EUR billion) and ``pct_gdp`` (the month's total, % of GDP). Optional files are read when present:
``total_allocations.csv`` (all donors per month), ``procurement_trends.csv`` (military aid by channel: stockpile,
procurement, unspecified, NATO PURL), ``weapons.csv`` (heavy weapons by donor, EUR) and ``eu_aid_shares.csv``.
Kiel counts no ammunition in ``weapons.csv``.

:func:`read_kiel` takes the folder or ``data_explorer.csv`` itself; every header and number is checked, and a
defect is a one-line :class:`~hague.sources.LayoutError` naming the file, line and column.

>>> text = ('"country","iso","year","month","total","financial","humanitarian","military","commitments",'
...         '"to_be_allocated","gdp","pct_gdp"\\n"Sweden","SWE",2024,3,0.5,0,0.1,0.4,0.5,0,537.45,0.093\\n')
>>> k = parse_data_explorer(text, name="data_explorer.csv")
>>> k.rows[0]["iso"], k.rows[0]["military"]
('SWE', 0.4)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from hague.sources._common import LayoutError

__all__ = ["KielRelease", "read_kiel", "parse_data_explorer", "FILES"]

#: file -> (text columns, numeric columns); data_explorer.csv is required, the others optional
FILES = {
    "data_explorer.csv": (("country", "iso"), ("year", "month", "total", "financial", "humanitarian", "military",
                                               "commitments", "to_be_allocated", "gdp", "pct_gdp")),
    "release_info.csv": (("release", "period", "date", "label"), ()),
    "total_allocations.csv": ((), ("year", "month", "total_allocations", "military", "financial", "humanitarian")),
    "procurement_trends.csv": ((), ("year", "month", "stockpile", "procurement", "unspecified", "nato_purl")),
    "weapons.csv": (("donor", "category", "weapons_list"), ("number_of_weapons", "monetary_value_eur")),
    "eu_aid_shares.csv": (("country", "iso"), ("bilateral_pct_gdp", "eu_share_pct_gdp", "total_pct_gdp",
                                               "eu_share_bn")),
}


@dataclass
class KielRelease:
    name: str
    release: str = ""
    period: str = ""
    date: str = ""
    label: str = ""
    rows: list[dict] = field(default_factory=list)  # data_explorer.csv
    tables: dict = field(default_factory=dict)  # other file name -> rows
    files: dict = field(default_factory=dict)  # file name -> bytes as read (stored verbatim on import)
    notes: list[str] = field(default_factory=list)


def _parse(text: str, name: str, text_cols: tuple, num_cols: tuple) -> list[dict]:
    rdr = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(rdr)]
    except StopIteration:
        raise LayoutError(f"{name}: line 1: empty; expected the header {', '.join(text_cols + num_cols)}") from None
    want = set(text_cols) | set(num_cols)
    missing = [c for c in (*text_cols, *num_cols) if c not in header]
    if missing:
        raise LayoutError(f"{name}: line 1: no column {missing[0]!r}; expected the columns "
                          f"{', '.join(text_cols + num_cols)} (Kiel Ukraine Support Tracker data folder)")
    pos = {c: header.index(c) for c in want}
    out = []
    for row in rdr:
        line = rdr.line_num
        if not row or not any(x.strip() for x in row):
            continue
        if len(row) != len(header):
            raise LayoutError(f"{name}: line {line}: {len(row)} fields; expected {len(header)}")
        rec: dict = {c: row[pos[c]] for c in text_cols}
        for c in num_cols:
            v = row[pos[c]].strip()
            if v in ("", "NA"):
                rec[c] = None
                continue
            try:
                rec[c] = int(v) if c in ("year", "month", "number_of_weapons") else float(v)
            except ValueError:
                raise LayoutError(f"{name}: line {line} column {pos[c] + 1} ({c}): {row[pos[c]]!r}; expected a "
                                  f"number" + (" (EUR billion)" if c not in ("year", "month") else "")) from None
        if "month" in rec and rec["month"] is not None and not 1 <= rec["month"] <= 12:
            raise LayoutError(f"{name}: line {line} column {pos['month'] + 1} (month): {rec['month']}; expected 1-12")
        out.append(rec)
    return out


def parse_data_explorer(text: str, *, name: str = "data_explorer.csv") -> KielRelease:
    rows = _parse(text, name, *FILES["data_explorer.csv"])
    if not rows:
        raise LayoutError(f"{name}: line 2: no rows after the header")
    return KielRelease(name=name, rows=rows)


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{name}: byte {exc.start}: not UTF-8; expected Kiel's UTF-8 CSV files") from None


def read_kiel(path: str | Path) -> KielRelease:
    """Read a Kiel release folder (or its ``data_explorer.csv``; ``release_info.csv`` beside it is read too)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    main = path / "data_explorer.csv" if path.is_dir() else path
    if not main.is_file():
        raise LayoutError(f"{main}: no such file; expected Kiel's data_explorer.csv (or the folder holding it)")
    data = main.read_bytes()
    k = parse_data_explorer(_text(data, main.name), name=main.name)
    k.name = folder.name if path.is_dir() else main.name
    k.files[main.name if not path.is_dir() else "data_explorer.csv"] = data
    for fn, (tc, nc) in FILES.items():
        if fn == "data_explorer.csv":
            continue
        p = folder / fn
        if not p.is_file():
            continue
        raw = p.read_bytes()
        rows = _parse(_text(raw, fn), fn, tc, nc)
        k.files[fn] = raw
        if fn == "release_info.csv":
            if rows:
                r = rows[0]
                k.release, k.period, k.date, k.label = r["release"], r["period"], r["date"], r["label"]
        else:
            k.tables[fn.removesuffix(".csv")] = rows
    if not k.release:
        k.notes.append("no release_info.csv beside data_explorer.csv: the release is not named")
    donors = {r["iso"] for r in k.rows}
    years = sorted({r["year"] for r in k.rows})
    k.notes.append(f"{len(k.rows)} donor-months, {len(donors)} donors, {years[0]}-{years[-1]}; files read: "
                   + ", ".join(sorted(k.files)))
    return k
