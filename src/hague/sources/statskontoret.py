"""Reader of Statskontoret's monthly budget outturn (Sweden, ``utgifter-YYYY-MM.csv``, CC0).

The file (Statskontoret's open data, "Utfall statens budget") has one row per appropriation item (anslagspost)
and year, months as columns: ``;``-separated, decimal comma, UTF-8, SEK million. Columns 1-11 name the expenditure
area (``Utgiftsområde`` 06 = defence and crisis preparedness), the appropriation (``Anslag`` 0601003 = 1:3
*Anskaffning av materiel och anläggningar*, materiel; 0601014 = 1:14 *Stöd till Ukraina*), the item, the
authority and the year (``År``); columns 12-23 are ``Utfall januari`` ... ``Utfall december`` (empty = not yet
published; a negative month is a correction); then the same codes as of the outturn year.

:func:`read_outturn` checks the header cell by cell and every number, naming the file, line and column.

>>> text = ("Utgiftsområde;Utgiftsområdesnamn;Anslag;Anslagsnamn;Anslagspost;Anslagspostsnamn;Anslagsdelpost;"
...         "Anslagsdelpostsnamn;Myndighet;Organisationsnummer;År;" + ";".join("Utfall " + m for m in MONTHS) + "\\n"
...         "06;Försvar;0601003;Anskaffning;001;Leverantörsutgifter;;;FMV;2021000340;2025;" + "1,5;" * 11 + "-0,5\\n")
>>> o = parse_outturn(text, name="x.csv")
>>> o.items[0].appropriation, o.items[0].months[11], o.total(year=2025, appropriation="1:3")
('1:3', -0.5, 16.0)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from hague.sources._common import LayoutError

__all__ = ["OutturnItem", "Outturn", "read_outturn", "parse_outturn", "MONTHS"]

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
HEADER = ("Utgiftsområde", "Utgiftsområdesnamn", "Anslag", "Anslagsnamn", "Anslagspost", "Anslagspostsnamn",
          "Anslagsdelpost", "Anslagsdelpostsnamn", "Myndighet", "Organisationsnummer", "År",
          *(f"Utfall {m}" for m in MONTHS))


@dataclass(frozen=True)
class OutturnItem:
    line: int
    area: str  # "06"
    area_name: str
    code: str  # "0601003"
    name: str
    item: str
    item_name: str
    authority: str
    year: int
    months: tuple  # 12 values, SEK million, None where not yet published

    @property
    def appropriation(self) -> str:
        """Sweden's short form: 0601003 -> '1:3' (area 6, appropriation 1:3)."""
        c = self.code
        return f"{int(c[2:4])}:{int(c[4:])}" if len(c) == 7 and c.isdigit() else c


@dataclass
class Outturn:
    name: str
    items: list[OutturnItem]
    years: tuple[int, ...]
    last_month: dict  # year -> last month (1-12) with any published value
    notes: list[str] = field(default_factory=list)

    def total(self, *, year: int, appropriation: str | None = None, area: str | None = "06",
              months: tuple[int, ...] | None = None, prefix: str | None = None) -> float:
        """Sum (SEK million) of the published months of ``year`` for an appropriation ('1:3'), an area, or a code
        prefix ('0601' = appropriations 1:x of area 6); ``months`` 1-12 to restrict."""
        t = 0.0
        for it in self.items:
            if it.year != year or (area and it.area != area) or (appropriation and it.appropriation != appropriation):
                continue
            if prefix and not it.code.startswith(prefix):
                continue
            for m, v in enumerate(it.months, start=1):
                if v is not None and (months is None or m in months):
                    t += v
        return t


def read_outturn(path: str | Path) -> Outturn:
    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise LayoutError(f"{path.name}: the file is empty; expected Statskontoret's outturn CSV (utgifter-YYYY-MM.csv)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return parse_outturn(text, name=path.name)


def parse_outturn(text: str, *, name: str) -> Outturn:
    rows = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = next(rows)
    except StopIteration:
        raise LayoutError(f"{name}: line 1: empty; expected Statskontoret's header 'Utgiftsområde;...'") from None
    if len(header) == 1 and "," in header[0]:
        raise LayoutError(f"{name}: line 1: comma-separated; expected Statskontoret's ';'-separated file")
    for j, want in enumerate(HEADER):
        got = header[j].strip() if j < len(header) else None
        if got != want:
            raise LayoutError(f"{name}: line 1 column {j + 1}: header {got!r}; expected {want!r}")
    items = []
    last: dict[int, int] = {}
    for row in rows:
        line = rows.line_num
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < len(HEADER):
            raise LayoutError(f"{name}: line {line}: {len(row)} fields; expected at least {len(HEADER)}")
        y = row[10].strip()
        if not (y.isdigit() and len(y) == 4):
            raise LayoutError(f"{name}: line {line} column 11 (År): {y!r}; expected a year such as 2025")
        months = []
        for j in range(11, 23):
            c = row[j].strip().replace("\u2212", "-").replace(" ", "")
            if not c:
                months.append(None)
                continue
            try:
                months.append(float(c.replace(",", ".")))
            except ValueError:
                raise LayoutError(f"{name}: line {line} column {j + 1} ({HEADER[j]}): {row[j]!r}; expected SEK million "
                                  f"with a decimal comma, e.g. 17596,66") from None
            last[int(y)] = max(last.get(int(y), 0), j - 10)
        items.append(OutturnItem(line, row[0].strip(), row[1].strip(), row[2].strip(), row[3].strip(), row[4].strip(),
                                 row[5].strip(), row[8].strip(), int(y), tuple(months)))
    if not items:
        raise LayoutError(f"{name}: line 2: no rows after the header")
    years = tuple(sorted({i.year for i in items}))
    out = Outturn(name=name, items=items, years=years, last_month=last)
    out.notes.append(f"{len(items)} appropriation items, years {', '.join(map(str, years))}; last published month "
                     + ", ".join(f"{y}: {MONTHS[m - 1]}" for y, m in sorted(last.items())))
    return out
