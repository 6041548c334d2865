"""Reader of the IMF World Economic Outlook database in its three current forms.

Layouts (docs/data-import.md):

- **Legacy tab-delimited** ``WEO{Mon}{YYYY}all.xls`` (to April 2025; a text file despite ".xls"): the encoding
  is detected (UTF-16LE with or without BOM, UTF-8, else Windows-1252); columns ``WEO Country Code``, ``ISO``,
  ``WEO Subject Code``, ``Country``, ..., ``Units``, ``Scale``, years, ``Estimates Start After``; numbers with
  thousands commas; ``n/a`` missing, ``--`` a non-zero value that rounds to zero (kept missing); the footer
  line "International Monetary Fund, World Economic Outlook Database, April 2020" gives the edition.
- **New Excel** ``WEOOct2025all.xlsx`` (October 2025 on): sheet ``Countries``, header on row 1 with
  ``COUNTRY.ID`` (or a ``SERIES_CODE`` ``USA.NGDPD.A``), ``INDICATOR.ID``, ``LATEST_ACTUAL_ANNUAL_DATA``
  (``2024`` or ``FY2023/24`` = 2024) and integer year headers.
- **Portal CSV** (data.imf.org / api.imf.org): long, ``COUNTRY.ID``/``COUNTRY``, ``INDICATOR.ID``/``INDICATOR``,
  ``SCALE`` (a power of ten), ``TIME_PERIOD``, ``OBS_VALUE`` in raw units (divided by 10**scale here); or wide
  with ``SERIES_CODE`` and year columns.

Only the allies' rows of five series are kept, in the embedded data's units: NGDPD (``gdp``, USD billion),
NGDP (``gdp``, national currency billion), NGDP_RPCH (``real_gdp_growth``, percent), NGDP_D (``gdp_deflator``,
index), LP (``population``, million). Years after the last actual year are IMF projections (estimate=true).

Long (over 500 lines): one reader for every IMF WEO format (legacy text, Excel, portal CSV, SDMX-CSV).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hague.data import Observation
from hague.sources._common import ImportResult, LayoutError, cell_ref

__all__ = ["read_weo", "SERIES", "detect_format", "decode_text"]

#: WEO code -> (indicator, unit, price basis, scale as power of ten of the unit)
SERIES = {
    "NGDPD": ("gdp", "USD billion", "current", 9),
    "NGDP": ("gdp", "national currency billion", "current", 9),
    "NGDP_RPCH": ("real_gdp_growth", "percent", "constant", 0),
    "NGDP_D": ("gdp_deflator", "index", "n/a", 0),
    "LP": ("population", "million", "n/a", 6),
    # general government finance, percent of GDP (the names of the embedded imf-weo-2025-10-fiscal)
    "GGXWDG_NGDP": ("general_government_gross_debt", "percent of GDP", "n/a", 0),
    "GGXCNL_NGDP": ("general_government_net_lending", "percent of GDP", "n/a", 0),
    "GGXONLB_NGDP": ("general_government_primary_balance", "percent of GDP", "n/a", 0),
    "GGR_NGDP": ("general_government_revenue", "percent of GDP", "n/a", 0),
    "GGX_NGDP": ("general_government_expenditure", "percent of GDP", "n/a", 0),
}
#: what hague calls the series it uses; any other WEO series is read too, as ``weo_<code>`` in the file's unit
SERIES_NAMES = {"NGDPD": "GDP (USD)", "NGDP": "GDP (national currency)", "NGDP_RPCH": "real GDP growth",
                "NGDP_D": "GDP deflator", "LP": "population", "GGXWDG_NGDP": "gross debt",
                "GGXCNL_NGDP": "net lending", "GGXONLB_NGDP": "primary balance", "GGR_NGDP": "revenue",
                "GGX_NGDP": "expenditure"}
_SCALE_WORDS = {0: "", 3: "thousand", 6: "million", 9: "billion"}


def generic_spec(code: str, unit_text: str, exp: int) -> tuple[str, str, str, int]:
    """Indicator, unit, price basis and scale of a WEO series hague has no name for: kept in the file's own
    unit and scale (``weo_pcpipch``, "Percent change"; ``weo_pppgdp``, "Purchasing power parity; international
    dollars, billion").

    >>> generic_spec("PPPGDP", "Purchasing power parity; international dollars", 9)
    ('weo_pppgdp', 'Purchasing power parity; international dollars, billion', 'n/a', 9)
    """
    unit = (unit_text or "").strip() or "as published"
    word = _SCALE_WORDS.get(exp, f"x10^{exp}")
    return (f"weo_{code.lower()}", f"{unit}, {word}" if word else unit, "n/a", exp)
LEGACY_SCALES = {"Billions": 9, "Millions": 6, "Units": 0, "": 0}
LEGACY_REQUIRED = ("WEO Country Code", "ISO", "WEO Subject Code", "Country", "Units", "Scale",
                   "Estimates Start After")
MISSING = {"n/a": "not available", "--": "rounds to zero (kept missing)", "": "empty", "NA": "not available"}
AREA_CODES = {"UVK": "KOS"}
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12, "january": 1, "april": 4, "october": 10, "september": 9, "july": 7}


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a WEO text file, detecting UTF-16 (BOM or NUL second byte), UTF-8 and Windows-1252.

    >>> decode_text("WEO Country Code\\tISO".encode("utf-16-le"))
    ('WEO Country Code\\tISO', 'utf-16-le')
    >>> decode_text("Türkiye".encode("cp1252"))[1]
    'cp1252'
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    if len(data) > 1 and data[1] == 0:
        return data.decode("utf-16-le"), "utf-16-le"
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict"), "cp1252"


def detect_format(path: Path, data: bytes) -> str:
    """``legacy``, ``excel`` or ``portal`` from the first bytes (and the sheets of an xlsx)."""
    if data[:2] == b"PK":
        return "excel"
    text, _ = decode_text(data[:4000] if data[1:2] != b"\x00" else data[:8000])
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith("WEO Country Code"):
        return "legacy"
    if first.startswith("WEO Country Group Code"):
        m = re.search(r"WEO([A-Za-z]{3}\d{4})alla", path.name)
        instead = f"WEO{m.group(1)}all.xls" if m else "WEO<Mon><YYYY>all.xls"
        raise LayoutError(f"{path.name} line 1: a WEO country-group file (aggregates such as 'World' and 'Euro "
                          f"area', one row per group, no allies); hague reads the by-country file: use {instead} "
                          f"from the same WEO release ('By Countries' on the IMF's WEO database page)")
    up = first.upper()
    if ("TIME_PERIOD" in up and "OBS_VALUE" in up) or "SERIES_CODE" in up:
        return "portal"
    raise LayoutError(f"{path.name} line 1: not a WEO file I know; expected a legacy tab-delimited file starting "
                      f"'WEO Country Code', an .xlsx with a 'Countries' sheet, or a portal CSV with TIME_PERIOD and "
                      f"OBS_VALUE (or SERIES_CODE) columns; got {first[:60]!r}")


def _ally_codes() -> set[str]:
    from hague.allies import all_allies

    return {a.iso3 for a in all_allies()}


def _number(text: str, where: str) -> float | None:
    t = text.strip().strip('"')
    if t in MISSING:
        return None
    try:
        return float(t.replace(",", ""))
    except ValueError:
        raise LayoutError(f"{where}: unknown value {text!r}; expected a number (thousands commas allowed) or "
                          f"'n/a', '--' or an empty cell") from None


def _last_actual(text, where: str) -> int | None:
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return int(text)
    t = str(text).strip()
    if not t or t.lower() in ("n/a", "na", "nan"):
        return None
    if re.fullmatch(r"\d{4}(\.0)?", t):
        return int(float(t))
    m = re.fullmatch(r"FY(\d{4})/(\d{2})", t)
    if m:  # a fiscal year is labelled by the calendar year in which it ends (FY2023/24 -> 2024)
        return int(m.group(1)[:2] + m.group(2))
    raise LayoutError(f"{where}: latest actual year {text!r}; expected a year such as 2024 or 'FY2023/24'")


def _edition_from_name(name: str) -> str | None:
    m = re.search(r"WEO[_ ]?([A-Za-z]{3})[a-z]*[_ ]?(\d{4})", name)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    m = re.search(r"WEO_(\d{4})_([A-Z]{3})", name)
    if m and m.group(2).lower() in _MONTHS:
        return f"{m.group(1)}-{_MONTHS[m.group(2).lower()]:02d}"
    return None


def read_weo(path: str | Path, *, dataset_id: str | None = None, edition: str | None = None) -> ImportResult:
    """Read an IMF WEO file (format detected) into hague's long format for the allies."""
    path = Path(path)
    if not path.is_file():
        raise LayoutError(f"{path}: no such file")
    data = path.read_bytes()
    if not data:
        raise LayoutError(f"{path.name}: empty file")
    notes: list[str] = []
    specs: dict[str, tuple] = {}
    try:
        fmt = detect_format(path, data)
        if fmt == "legacy":
            recs, ed, enc = _read_legacy(path, data, specs)
            notes.append(f"legacy tab-delimited file, encoding {enc}")
        elif fmt == "excel":
            recs, ed = _read_excel(path, specs)
            notes.append("new WEO Excel layout (sheet Countries)")
        else:
            recs, ed = _read_portal(path, data, notes, specs)
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{path.name}: byte {exc.object[exc.start:exc.start + 1]!r} at offset {exc.start} is not "
                          f"text in UTF-16, UTF-8 or Windows-1252: not a WEO file; expected a legacy tab-delimited "
                          f"WEO*all.xls, the WEO .xlsx or a portal/SDMX CSV") from None
    edition = edition or ed or _edition_from_name(path.name)
    if not edition:
        raise LayoutError(f"{path.name}: no edition found (no footer line, no month and year in the file name); "
                          f"pass --edition YYYY-MM, e.g. 2025-10")
    if not re.fullmatch(r"\d{4}-\d{2}", edition):
        raise LayoutError(f"{path.name}: edition {edition!r}; expected YYYY-MM such as 2025-10")
    _check_magnitudes(path.name, recs)
    found = {r[0] for r in recs}
    missing = sorted(_ally_codes() - found)
    if missing:
        raise LayoutError(f"{path.name}: no rows for {', '.join(missing)}; expected the 32 allies (by ISO3 code)")
    seen = set()
    obs = []
    counts: dict[str, int] = {}
    for iso3, code, year, value, last in recs:
        ind, unit, basis, _ = SERIES.get(code) or specs[code]
        key = (iso3, code, year)
        if key in seen:
            raise LayoutError(f"{path.name}: two values for {iso3} {code} {year}")
        seen.add(key)
        counts[code] = counts.get(code, 0) + 1
        obs.append(Observation(ally=iso3, year=year, indicator=ind, unit=unit, price_basis=basis,
                               estimate=last is not None and year > last, value=value,
                               source=f"imf_weo_{edition.replace('-', '')}", edition=edition,
                               extra=(("weo_code", code), ("last_actual_year", "" if last is None else str(last)))))
    obs.sort(key=lambda o: (o.ally, o.get("weo_code") or "", o.year))
    notes.append("series read (values): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    notes.append("years after the last actual year marked estimate=true (IMF projections)")
    dsid = dataset_id or f"imf-weo-{edition}"
    years = sorted({o.year for o in obs})
    series_text = ", ".join(f"{c} ({SERIES_NAMES.get(c, (SERIES.get(c) or specs[c])[0])})" for c in sorted(counts))
    absent = [f"{c} ({SERIES_NAMES[c]})" for c in SERIES if c not in counts]
    if absent:
        notes.append("not in this file: " + ", ".join(absent))
    meta = {
        "id": dsid, "file": f"{dsid}.csv", "role": "imported (economics)", "family": "weo",
        "producer": "International Monetary Fund",
        "title": f"World Economic Outlook database, {edition}",
        "edition": edition, "published": edition,
        "url": "https://data.imf.org/en/datasets/IMF.RES:WEO",
        "licence": "IMF copyright and terms of use (https://www.imf.org/external/terms.htm); reuse with attribution.",
        "attribution": f"Source: IMF, World Economic Outlook database, {edition}",
        "coverage": f"32 allies, {years[0]}-{years[-1]}; series: {series_text}",
        "series": {code: {"indicator": (SERIES.get(code) or specs[code])[0],
                          "unit": (SERIES.get(code) or specs[code])[1], "values": n}
                   for code, n in sorted(counts.items())},
        "series_absent": [f"{c} ({SERIES_NAMES[c]})" for c in SERIES if c not in counts],
        "estimates": "estimate=true marks IMF projections (years after last_actual_year)",
        "format": fmt, "secondary": False,
    }
    return ImportResult(kind="weo", dataset_id=dsid, rows=obs, meta=meta,
                        extra_columns=("weo_code", "last_actual_year"), notes=notes)


#: plausible range of the United States' values in hague's units (GDP in USD billion, population in million)
_USA_RANGES = {"NGDPD": (5_000, 100_000), "NGDP": (5_000, 100_000), "LP": (200, 600)}


def _check_magnitudes(name: str, recs: list[tuple]) -> None:
    for iso, code, year, value, _ in recs:
        if iso == "USA" and code in _USA_RANGES and year >= 2000:
            lo, hi = _USA_RANGES[code]
            if not lo <= value <= hi:
                unit = SERIES[code][1]
                raise LayoutError(f"{name}: United States {code} {year} is {value:,.3f} {unit} after scaling; "
                                  f"expected {lo:,}-{hi:,} {unit}: the file's scale is not the documented one")


def _read_legacy(path: Path, data: bytes, specs: dict):
    text, enc = decode_text(data)
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    reader = csv.reader(lines, delimiter="\t", quotechar='"')
    header = next(reader)
    while header and header[-1] == "":
        header = header[:-1]  # UTF-16 editions end the header with an empty column
    for c in LEGACY_REQUIRED:
        if c not in header:
            raise LayoutError(f"{path.name} line 1: missing column {c!r}; expected the legacy WEO header "
                              f"{', '.join(LEGACY_REQUIRED[:6])}, ..., years, 'Estimates Start After'")
    pos = {h: i for i, h in enumerate(header)}
    ycols = {i: int(h) for i, h in enumerate(header) if re.fullmatch(r"\d{4}", h)}
    if not ycols:
        raise LayoutError(f"{path.name} line 1: no year columns; expected 1980 ... the last projection year")
    allies = _ally_codes()
    edition = None
    recs = []
    for lineno, row in enumerate(reader, start=2):
        first = row[0].strip() if row else ""
        joined = " ".join(c for c in row if c.strip())
        m = re.search(r"World Economic Outlook Database,\s*([A-Za-z]+)\s+(\d{4})", joined)
        if m and m.group(1).lower() in _MONTHS:
            edition = f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
            continue
        if not first or len(row) < len(pos) - 1 or not row[pos["Country"]].strip():
            continue  # footer and blank rows (empty Country cell)
        iso = AREA_CODES.get(row[pos["ISO"]].strip(), row[pos["ISO"]].strip())
        code = row[pos["WEO Subject Code"]].strip()
        if iso not in allies or not code:
            continue
        scale_text = row[pos["Scale"]].strip()
        if scale_text not in LEGACY_SCALES:
            raise LayoutError(f"{path.name} line {lineno} column 'Scale': unknown scale {scale_text!r}; expected "
                              f"{', '.join(repr(s) for s in LEGACY_SCALES if s)} or empty")
        if code not in SERIES:
            specs.setdefault(code, generic_spec(code, row[pos["Units"]], LEGACY_SCALES[scale_text]))
        want = (SERIES.get(code) or specs[code])[3]
        if LEGACY_SCALES[scale_text] != want:
            raise LayoutError(f"{path.name} line {lineno} column 'Scale' ({iso} {code}): {scale_text!r}; expected "
                              f"{[k for k, v in LEGACY_SCALES.items() if v == want and k][0]!r} for {code}")
        last = _last_actual(row[pos["Estimates Start After"]] if pos["Estimates Start After"] < len(row) else "",
                            f"{path.name} line {lineno} column 'Estimates Start After'")
        for i, y in ycols.items():
            cell = row[i] if i < len(row) else ""
            v = _number(cell, f"{path.name} line {lineno} column {header[i]!r} ({iso} {code})")
            if v is not None:
                recs.append((iso, code, y, v, last))
    return recs, edition, enc


def _scale_factor(code: str, scale_value, where: str) -> float:
    """Divide by this to get the series into hague's unit (scale given as a power of ten or a word)."""
    want = SERIES[code][3] if code in SERIES else None
    if scale_value is None or str(scale_value).strip() in ("", "nan"):
        return None  # type: ignore[return-value]
    t = str(scale_value).strip()
    words = {"units": 0, "millions": 6, "billions": 9, "thousands": 3}
    if t.lower() in words:
        exp = words[t.lower()]
    else:
        try:
            exp = int(float(t))
        except ValueError:
            raise LayoutError(f"{where}: unknown scale {scale_value!r}; expected a power of ten (0, 6, 9) or "
                              f"Units/Millions/Billions") from None
    return 10.0 ** ((exp if want is None else want) - exp)


def _read_excel(path: Path, specs: dict):
    from hague.sources._common import open_workbook

    wb = open_workbook(path, read_only=True, what="the IMF's WEO workbook WEOOct2025all.xlsx")
    if "Countries" not in wb.sheetnames:
        raise LayoutError(f"{path.name}: missing sheet 'Countries'; expected the WEO Excel sheets Countries, "
                          f"Country Groups, Commodity Prices (found: {', '.join(wb.sheetnames)})")
    rows = [tuple(r) for r in wb["Countries"].iter_rows(values_only=True)]
    wb.close()
    if not rows:
        raise LayoutError(f"{path.name}: sheet 'Countries' is empty; expected a header on row 1")
    header = [("" if h is None else h) for h in rows[0]]
    recs = _wide(path.name, header, rows[1:], where_prefix=f"{path.name}: sheet 'Countries'", excel=True, specs=specs)
    return recs, None


def _norm_header(h) -> str:
    return re.sub(r"[^A-Z0-9]", "_", str(h).strip().upper())


def _wide(name: str, header: list, body: list, *, where_prefix: str, excel: bool, specs: dict) -> list[tuple]:
    hn = [_norm_header(h) for h in header]

    def col(*names):
        for n in names:
            if n in hn:
                return hn.index(n)
        return None

    c_series = col("SERIES_CODE")
    c_country = col("COUNTRY_ID", "COUNTRY")
    c_ind = col("INDICATOR_ID", "INDICATOR")
    c_last = col("LATEST_ACTUAL_ANNUAL_DATA")
    c_scale = col("SCALE_ID", "SCALE")
    c_unit = col("UNIT", "UNIT_ID", "UNITS")
    if c_series is None and (c_country is None or c_ind is None):
        raise LayoutError(f"{where_prefix} row 1: expected the columns SERIES_CODE or COUNTRY.ID and INDICATOR.ID "
                          f"(found: {', '.join(str(h) for h in header if h)})")
    if c_last is None:
        raise LayoutError(f"{where_prefix} row 1: missing column LATEST_ACTUAL_ANNUAL_DATA")
    ycols = {}
    for i, h in enumerate(header):
        if isinstance(h, int | float) and not isinstance(h, bool) and float(h).is_integer() and 1950 < h < 2100:
            ycols[i] = int(h)
        elif isinstance(h, str) and re.fullmatch(r"\d{4}", h.strip()):
            ycols[i] = int(h)
    if not ycols:
        raise LayoutError(f"{where_prefix} row 1: no year columns; expected 1980 ... 2030")
    allies = _ally_codes()
    recs = []
    unscaled: dict[str, list] = {}
    for rn, row in enumerate(body, start=2):
        def get(i, row=row):
            return row[i] if i is not None and i < len(row) else None

        if c_series is not None and get(c_series):
            parts = str(get(c_series)).split(".")
            iso, code = parts[0], parts[1] if len(parts) > 1 else ""
        else:
            iso, code = str(get(c_country) or ""), str(get(c_ind) or "")
        iso = AREA_CODES.get(iso.strip(), iso.strip())
        code = code.strip()
        if iso not in allies or not code:
            continue
        where = f"{where_prefix} row {rn}"
        if code not in SERIES and code not in specs:
            sc = get(c_scale) if c_scale is not None else None
            exp = 0 if sc is None or str(sc).strip() in ("", "nan") else _scale_factor_exp(sc, where)
            specs[code] = generic_spec(code, str(get(c_unit) or "") if c_unit is not None else "", exp)
        last = _last_actual(get(c_last), f"{where} column LATEST_ACTUAL_ANNUAL_DATA")
        factor = _scale_factor(code, get(c_scale), f"{where} column SCALE") if c_scale is not None else None
        for i, y in ycols.items():
            v = get(i)
            if v is None:
                continue
            if isinstance(v, str):
                num = _number(v, f"{where} {cell_ref(rn, i + 1) if excel else f'column {header[i]!r}'}")
            elif isinstance(v, bool):
                raise LayoutError(f"{where}: unexpected value {v!r}")
            else:
                num = float(v)
            if num is None:
                continue
            if factor is None:
                unscaled.setdefault(code, []).append(len(recs))
                recs.append((iso, code, y, num, last))
            else:
                recs.append((iso, code, y, num / factor, last))
    # no scale column: the unit of level series is not documented for this layout, so test magnitudes
    for code, idxs in unscaled.items():
        want = SERIES[code][3] if code in SERIES else 0
        if want == 0:
            continue
        usa = [recs[i][3] for i in idxs if recs[i][0] == "USA"]
        big = max(usa) if usa else max(abs(recs[i][3]) for i in idxs)
        # US GDP is about 30,000 USD billion; US population about 340 million
        exp = 0 if big > 10 ** (want - 1) * 1e3 else want
        if exp != want:
            for i in idxs:
                r = recs[i]
                recs[i] = (r[0], r[1], r[2], r[3] / 10 ** (want - exp), r[4])
    return recs


def _read_portal(path: Path, data: bytes, notes: list[str], specs: dict):
    text, enc = decode_text(data)
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    hn = [_norm_header(h) for h in header]
    if "SERIES_CODE" in hn and "TIME_PERIOD" not in hn:
        notes.append(f"portal CSV, one series per row (encoding {enc})")
        return _wide(path.name, header, list(reader), where_prefix=path.name, excel=False, specs=specs), None
    notes.append(f"portal CSV, one observation per row, OBS_VALUE divided by 10**SCALE (encoding {enc})")

    def col(*names, required=True):
        for n in names:
            if n in hn:
                return hn.index(n)
        if required:
            raise LayoutError(f"{path.name} line 1: missing column {names[0]!r}; expected COUNTRY.ID, INDICATOR.ID, "
                              f"SCALE, TIME_PERIOD, OBS_VALUE (found: {', '.join(header)})")
        return None

    c_country = col("COUNTRY_ID", "COUNTRY")
    c_ind = col("INDICATOR_ID", "INDICATOR")
    c_scale = col("SCALE_ID", "SCALE")
    c_time = col("TIME_PERIOD")
    c_val = col("OBS_VALUE")
    c_last = col("LATEST_ACTUAL_ANNUAL_DATA", required=False)
    c_pub = col("PUBLICATION_DATE", required=False)
    c_unit = col("UNIT_ID", "UNIT", required=False)
    allies = _ally_codes()
    recs, pending = [], []
    scales: dict[str, set] = {}
    edition = None
    for lineno, row in enumerate(reader, start=2):
        if not row or len(row) < len(header):
            if row and any(c.strip() for c in row):
                raise LayoutError(f"{path.name} line {lineno}: {len(row)} fields, expected {len(header)}")
            continue
        iso = AREA_CODES.get(row[c_country].strip(), row[c_country].strip())
        code = row[c_ind].strip()
        if c_pub is not None and row[c_pub].strip() and edition is None:
            m = re.match(r"(\d{4})-(\d{2})", row[c_pub].strip())
            edition = f"{m.group(1)}-{m.group(2)}" if m else None
        if iso not in allies or not code:
            continue
        where = f"{path.name} line {lineno}"
        if code not in SERIES and code not in specs:
            sc0 = row[c_scale].strip()
            exp = int(float(sc0)) if re.fullmatch(r"-?\d+(\.0)?", sc0) else 0
            specs[code] = generic_spec(code, row[c_unit].strip() if c_unit is not None else "", exp)
        y = row[c_time].strip()
        if not re.fullmatch(r"\d{4}", y):
            raise LayoutError(f"{where} column TIME_PERIOD: {y!r}; expected an annual period such as 2024")
        v = _number(row[c_val], f"{where} column OBS_VALUE")
        if v is None:
            continue
        last = _last_actual(row[c_last], f"{where} column LATEST_ACTUAL_ANNUAL_DATA") if c_last is not None else None
        sc = row[c_scale].strip()
        if sc in ("", "na", "NA"):
            pending.append((iso, code, int(y), v, last, where))
            continue
        _scale_factor(code, sc, f"{where} column SCALE")  # checks that the scale is a power of ten
        scales.setdefault(code, set()).add(sc)
        recs.append((iso, code, int(y), _apply(v, sc, code, specs), last))
    for iso, code, y, v, last, where in pending:
        known = scales.get(code)
        if not known or len(known) != 1:
            raise LayoutError(f"{where} column SCALE: empty, and the other rows of {code} do not give one scale; "
                              f"expected a power of ten (0, 6, 9)")
        recs.append((iso, code, y, _apply(v, next(iter(known)), code, specs), last))
    if pending:
        notes.append(f"{len(pending)} rows without a scale took the scale of the same indicator in other rows")
    return recs, edition


def _scale_factor_exp(scale_value, where: str) -> float:
    """10**-exp of a scale given as a power of ten or a word (so int(1 / this) is not used for exp > 0)."""
    t = str(scale_value).strip().lower()
    words = {"units": 0, "millions": 6, "billions": 9, "thousands": 3}
    try:
        exp = words[t] if t in words else int(float(t))
    except ValueError:
        raise LayoutError(f"{where}: unknown scale {scale_value!r}; expected a power of ten (0, 6, 9) or "
                          f"Units/Millions/Billions") from None
    return exp


def _apply(raw: float, scale: str, code: str, specs: dict | None = None) -> float:
    """OBS_VALUE is in raw units: divide by 10**scale for the declared scale, then express in hague's unit.

    >>> _apply(5674354000000.0, "9", "NGDPD")
    5674.354
    """
    exp = int(float(scale))
    in_scale = raw / 10.0 ** exp
    want = SERIES[code][3] if code in SERIES else (specs or {}).get(code, (None, None, None, exp))[3]
    return round(in_scale * 10.0 ** (exp - want), 9)
