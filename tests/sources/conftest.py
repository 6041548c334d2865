"""Fixture files for the readers, built with openpyxl from the layouts in shared/reference/file-layouts.md.

No official workbook can be downloaded here, so each builder follows the documented layout (sheet names,
title and unit rows, block titles, year headers with ``e`` suffixes, English ally names with ``*`` and Table 1
currencies, markers) and fills it with real values: the embedded NATO and IMF data, and for SIPRI a small
extract (8 allies, 2023-2024, plus Bulgaria 2000 as a blue-font estimate) of the April 2025 release values
in ``fixtures/sipri_milex_2025_small.csv`` (SIPRI's licence allows no more here).
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.styles.colors import Color

FIXTURES = Path(__file__).parent / "fixtures"

#: ally order of a 2025-era NATO copy (file-layouts.md 1.4)
NATO_ORDER = ["Albania", "Belgium", "Bulgaria", "Canada", "Croatia", "Czechia", "Denmark", "Estonia", "Finland",
              "France", "Germany", "Greece", "Hungary", "Italy", "Latvia", "Lithuania", "Luxembourg", "Montenegro",
              "Netherlands", "North Macedonia", "Norway", "Poland", "Portugal", "Romania", "Slovak Republic",
              "Slovenia", "Spain", "Sweden", "Türkiye", "United Kingdom", "United States"]
NATO_ISO = dict(zip(NATO_ORDER, ["ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
                                 "HUN", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU",
                                 "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA"], strict=True))
#: Table 1 currency words of the 2025 edition (Bulgaria still in leva, Croatia in euros since 2023)
CURRENCY_2025 = {"ALB": "Leks", "BGR": "Leva", "CAN": "Canadian dollars", "CZE": "Koruny", "DNK": "Kroner",
                 "HUN": "Forint", "MKD": "Denars", "NOR": "Kroner", "POL": "Zlotys", "ROU": "New lei",
                 "SWE": "Kronor", "TUR": "Liras", "GBR": "Pounds", "USA": "US dollars"}

NATO_2025_BLOCKS = {
    "Table 1": ("Table 1: Defence expenditure", "Million national currency", ["Current prices", "Constant 2021 prices"]),
    "Table 2": ("Table 2: Defence expenditure", "Million US dollars",
                ["Current prices and exchange rates", "Constant 2021 prices and exchange rates"]),
    "Table 3": ("Table 3: Defence expenditure as a share of GDP and annual real change", "Percentage",
                ["Share of real GDP (%)", "Annual real change (%)"]),
    "Table 4": ("Table 4: (content unknown; not read)", "", []),
    "Table 5": ("Table 5: Gross domestic product", "Million US dollars",
                ["Current prices and exchange rates", "Constant 2021 prices and exchange rates"]),
    "Table 6": ("Table 6: GDP and defence expenditure per capita", "2021 prices and exchange rates",
                ["GDP per capita (thousand US dollars)", "Defence expenditure per capita (US dollars)"]),
    "Table 7": ("Table 7: Military personnel", "Thousands", ["Thousands"]),
    "Table 8a": ("Table 8a: Distribution of defence expenditure by main category", "Percentage of defence expenditure",
                 ["Equipment (a)", "Personnel (b)"]),
    "Table 8b": ("Table 8b: Distribution of defence expenditure by main category", "Percentage of defence expenditure",
                 ["Infrastructure (c)", "Other (d)"]),
}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty user data dir (HAGUE_DATA_DIR) for the test; caches cleared before and after."""
    from hague.data import dataset

    d = tmp_path / "hague-data"
    monkeypatch.setenv("HAGUE_DATA_DIR", str(d))
    dataset.cache_clear()
    yield d
    dataset.cache_clear()


def nato_2025_values() -> dict[tuple[str, int], float]:
    """Share of GDP of the 2025 edition: the embedded secondary copy (2014-2024e) and press values (2025e)."""
    from hague.data import dataset

    out = {}
    for o in dataset("nato-2025-secondary").rows:
        out[(o.ally, o.year)] = o.value
    for o in dataset("nato-2025-press").rows:
        if o.indicator == "defence_expenditure_share_gdp" and o.year == 2025:
            out[(o.ally, o.year)] = o.value
    return out


def build_nato_2025(path: Path) -> Path:
    """A 2025-edition workbook (recipe of file-layouts.md 1.6): every table laid out, Table 3 share of GDP filled
    with the 2025 edition's values (other cells '..'; Germany 2025e '..' as NATO published none; one '-')."""
    shares = nato_2025_values()
    years = [*range(2014, 2024), "2024e", "2025e"]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, (title, unit, blocks) in NATO_2025_BLOCKS.items():
        ws = wb.create_sheet(sheet)
        ws["A1"] = title
        ws["A2"] = unit
        r = 3
        for bi, block in enumerate(blocks):
            ws.cell(r, 1, block)
            for j, y in enumerate(years):
                ws.cell(r + 1, 2 + j, y)
            r += 2
            for name in NATO_ORDER + ["NATO Europe and Canada", "NATO Total"]:
                iso = NATO_ISO.get(name, {"NATO Europe and Canada": "NATO_EUROPE_CANADA",
                                          "NATO Total": "NATO_TOTAL"}.get(name))
                label = name + ("*" if name == "Sweden" else "")
                if sheet == "Table 1" and name in NATO_ISO:
                    label += f" ({CURRENCY_2025.get(iso, 'Euros')})"
                ws.cell(r, 1, label)
                for j, y in enumerate(years):
                    yr = int(str(y).rstrip("e"))
                    v = shares.get((iso, yr)) if sheet == "Table 3" and bi == 0 else None
                    ws.cell(r, 2 + j, ".." if v is None else v)
                r += 1
            r += 1
        if sheet == "Table 7":
            ws["L5"] = "-"  # a nil cell
        ws.cell(r, 1, "Notes: Figures for 2024 and 2025 are estimates.")
    wb.save(path)
    return path


# --- SIPRI ----------------------------------------------------------------------------------------------------

#: SIPRI row labels of the allies, by region heading (file-layouts.md 2.4), plus non-allies kept for realism
SIPRI_REGIONS = [
    ("Americas", []), ("North America", ["Canada", "United States of America"]),
    ("Asia & Oceania", []), ("East Asia", ["Korea, South"]),
    ("Europe", []),
    ("Central Europe", ["Albania", "Bulgaria", "Croatia", "Czechia", "Czechoslovakia", "Estonia", "Hungary", "Latvia",
                        "Lithuania", "North Macedonia", "Montenegro", "Poland", "Romania", "Slovakia", "Slovenia"]),
    ("Eastern Europe", ["Russia", "USSR"]),
    ("Western Europe", ["Belgium", "Denmark", "Finland", "France", "German Democratic Republic", "Germany", "Greece",
                        "Iceland", "Italy", "Luxembourg", "Netherlands", "Norway", "Portugal", "Spain", "Sweden",
                        "United Kingdom", "European Union"]),
    ("Middle East", ["Türkiye"]),
]
SIPRI_ISO = {"Canada": "CAN", "United States of America": "USA", "Albania": "ALB", "Bulgaria": "BGR",
             "Croatia": "HRV", "Czechia": "CZE", "Estonia": "EST", "Hungary": "HUN", "Latvia": "LVA",
             "Lithuania": "LTU", "North Macedonia": "MKD", "Montenegro": "MNE", "Poland": "POL", "Romania": "ROU",
             "Slovakia": "SVK", "Slovenia": "SVN", "Belgium": "BEL", "Denmark": "DNK", "Finland": "FIN",
             "France": "FRA", "Germany": "DEU", "Greece": "GRC", "Iceland": "ISL", "Italy": "ITA",
             "Luxembourg": "LUX", "Netherlands": "NLD", "Norway": "NOR", "Portugal": "PRT", "Spain": "ESP",
             "Sweden": "SWE", "United Kingdom": "GBR", "Türkiye": "TUR"}
#: (sheet, header row, columns before the years, first year, indicator, price basis, fraction)
SIPRI_SHEETS = [
    ("Constant (2023) US$", 6, ["Country", "", "Notes"], 1949, "military_expenditure", "constant_2023", False),
    ("Current US$", 6, ["Country", "Notes"], 1949, "military_expenditure", "current", False),
    ("Share of GDP", 6, ["Country", "Notes"], 1949, "military_expenditure_share_gdp", "current", True),
    ("Per capita", 7, ["Country", "Notes"], 1988, "military_expenditure_per_capita", "current", False),
    ("Share of Govt. spending", 8, ["Country", "Notes", "Reporting year"], 1988,
     "military_expenditure_share_gov_spending", "current", True),
]
SIPRI_NOTES = {"ALB": "§¶3", "MKD": "†77", "EST": "‖73", "USA": "44", "ISL": "86", "TUR": "‖"}


def sipri_values() -> dict[tuple, tuple[float, str]]:
    out = {}
    with open(FIXTURES / "sipri_milex_2025_small.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[(r["ally_iso3"], int(r["year"]), r["indicator"], r["price_basis"])] = (float(r["value"]), r["flag"])
    return out


def build_sipri(path: Path) -> Path:
    """A SIPRI Milex workbook in the April 2025 layout holding the small extract; every other cell '...'
    ('xxx' for Slovenia before independence), shares as fractions with format 0.00%, estimates in blue."""
    vals = sipri_values()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ["Front page", "Regional totals", "Local currency financial years", "Local currency calendar years"]:
        wb.create_sheet(name)
    wb["Regional totals"]["A1"] = "Military expenditure by region in constant US$ b. (2023), 1988-2024 © SIPRI 2024"
    for sheet, hr, before, first, ind, basis, fraction in SIPRI_SHEETS:
        ws = wb.create_sheet(sheet)
        ws["A1"] = f"{sheet}: military expenditure by country, 1949-2024 © SIPRI 2024"
        ws["A2"] = "Figures in blue are SIPRI estimates. Figures in red are highly uncertain."
        ws["A3"] = '". ." = data unavailable. "xxx" = country did not exist or was not independent.'
        for i, h in enumerate(before, start=1):
            ws.cell(hr, i, h)
        c0 = len(before) + 1
        years = list(range(first, 2025))
        for j, y in enumerate(years):
            ws.cell(hr, c0 + j, y)
        r = hr + (1 if sheet == "Per capita" else 2)
        for region, countries in SIPRI_REGIONS:
            ws.cell(r, 1, region).font = Font(bold=True)
            r += 1
            for country in countries:
                iso = SIPRI_ISO.get(country)
                ws.cell(r, 1, country)
                ws.cell(r, before.index("Notes") + 1, SIPRI_NOTES.get(iso, ""))
                for j, y in enumerate(years):
                    hit = vals.get((iso, y, ind, basis)) if iso else None
                    cell = ws.cell(r, c0 + j)
                    if hit:
                        v, flag = hit
                        cell.value = v / 100 if fraction else v
                        if fraction:
                            cell.number_format = "0.00%"
                        if "sipri_estimate" in flag:
                            cell.font = Font(color=Color(indexed=12))
                    elif iso == "SVN" and y < 1992:
                        cell.value = "xxx"
                    else:
                        cell.value = "..."
                r += 1
    fn = wb.create_sheet("Footnotes")
    fn["A1"] = "†"
    fn["B1"] = "Excludes military pensions."
    fn["A12"] = 86
    fn["C12"] = "Iceland: Iceland has no standing army/military and thus no military expenditure."
    wb.save(path)
    return path


# --- IMF WEO --------------------------------------------------------------------------------------------------

WEO_NAMES = {"TUR": "Türkiye", "CZE": "Czech Republic", "SVK": "Slovak Republic", "NLD": "Netherlands"}
WEO_CODES = {"USA": 111, "GBR": 112, "BEL": 124, "DNK": 128, "FRA": 132, "DEU": 134, "ITA": 136, "LUX": 137,
             "NLD": 138, "NOR": 142, "SWE": 144, "CAN": 156, "FIN": 172, "GRC": 174, "ISL": 176, "PRT": 182,
             "ESP": 184, "TUR": 186, "ALB": 914, "BGR": 918, "CZE": 935, "SVK": 936, "EST": 939, "LVA": 941,
             "MNE": 943, "HUN": 944, "LTU": 946, "HRV": 960, "SVN": 961, "MKD": 962, "POL": 964, "ROU": 968}
WEO_SERIES = [("NGDPD", "Gross domestic product, current prices", "U.S. dollars", "Billions"),
              ("NGDP", "Gross domestic product, current prices", "National currency", "Billions"),
              ("NGDP_RPCH", "Gross domestic product, constant prices", "Percent change", "Units"),
              ("NGDP_D", "Gross domestic product, deflator", "Index", "Units"),
              ("LP", "Population", "Persons", "Millions")]


def weo_table(dataset_id: str) -> dict[tuple[str, str], tuple[dict[int, float], int | None]]:
    """(ISO3, WEO code) -> ({year: value}, last actual year) from an embedded WEO dataset."""
    from hague.data import dataset

    out: dict = {}
    for o in dataset(dataset_id).rows:
        key = (o.ally, o.get("weo_code"))
        vals, _ = out.get(key, ({}, None))
        vals[o.year] = o.value
        last = o.get("last_actual_year")
        out[key] = (vals, int(last) if last else None)
    return out


def _legacy_number(v: float, code: str) -> str:
    return f"{v:,.3f}"


def build_weo_legacy(path: Path, *, encoding: str = "utf-16-le", edition_line: str = "April 2025") -> Path:
    """A legacy tab-delimited WEO file (1980-2030) from the embedded April 2025 values: UTF-16LE without BOM,
    CRLF and a trailing empty header column (as Oct 2020/Apr 2022), or cp1252 with quoted comma numbers."""
    table = weo_table("imf-weo-2025-04")
    years = list(range(1980, 2031))
    header = ["WEO Country Code", "ISO", "WEO Subject Code", "Country", "Subject Descriptor", "Subject Notes", "Units",
              "Scale", "Country/Series-specific Notes", *map(str, years), "Estimates Start After"]
    utf16 = encoding.startswith("utf-16")
    lines = ["\t".join(header + ([""] if utf16 else []))]
    from hague.allies import all_allies

    for a in all_allies():
        for code, desc, units, scale in WEO_SERIES:
            vals, last = table.get((a.iso3, code), ({}, None))
            cells = []
            for y in years:
                v = vals.get(y)
                if v is None:
                    cells.append("n/a")
                else:
                    t = _legacy_number(v, code)
                    cells.append(f'"{t}"' if "," in t and not utf16 else t)
            lines.append("\t".join([str(WEO_CODES[a.iso3]), a.iso3, code, WEO_NAMES.get(a.iso3, a.name), desc,
                                    "See notes", units, scale, f"Latest actual data: {last}", *cells,
                                    str(last) if last else ""]))
    # a non-ally row with '--' and a blank-scale percent series, as in real files
    lines.append("\t".join(["642", "GNQ", "NGDP_RPCH", "Equatorial Guinea", "Gross domestic product, constant prices",
                            "", "Percent change", "", "", *(["--"] * len(years)), "2023"]))
    lines.append("\t" * (len(header) - 1))
    lines.append(f"International Monetary Fund, World Economic Outlook Database, {edition_line}")
    nl = "\r\n" if utf16 else "\n"
    path.write_bytes((nl.join(lines) + nl).encode(encoding))
    return path


def build_weo_excel(path: Path) -> Path:
    """The October 2025 Excel layout (sheet Countries, header row 1, SERIES_CODE etc., integer years), from the
    embedded October 2025 values; a group row (G001) without a latest actual year."""
    from hague.allies import all_allies

    table = weo_table("imf-weo-2025-10")
    years = list(range(1980, 2031))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Countries"
    ws.append(["SERIES_CODE", "COUNTRY.ID", "COUNTRY", "INDICATOR.ID", "INDICATOR", "FREQUENCY", "SCALE",
               "LATEST_ACTUAL_ANNUAL_DATA", "COUNTRY_UPDATE_DATE", *years])
    scale = {"NGDPD": "Billions", "NGDP": "Billions", "NGDP_RPCH": "Units", "NGDP_D": "Units", "LP": "Millions"}
    ws.append(["G001.NGDPD.A", "G001", "World", "NGDPD", "GDP, current prices", "Annual", "Billions", None, None,
               *[None] * len(years)])
    for a in all_allies():
        for code, *_ in WEO_SERIES:
            vals, last = table[(a.iso3, code)]
            ws.append([f"{a.iso3}.{code}.A", a.iso3, a.name, code, code, "Annual", scale[code],
                       str(last) if last else None, "2025-09-18", *[vals.get(y) for y in years]])
    wb.create_sheet("Country Groups")
    wb.create_sheet("Commodity Prices")
    wb.save(path)
    return path


def build_weo_portal(path: Path) -> Path:
    """The data.imf.org long CSV (Oct 2025): OBS_VALUE in raw units with SCALE exponents; one row without scale."""
    from hague.allies import all_allies

    table = weo_table("imf-weo-2025-10")
    exps = {"NGDPD": 9, "NGDP": 9, "NGDP_RPCH": 0, "NGDP_D": 0, "LP": 6}
    out = ["COUNTRY.ID,COUNTRY,INDICATOR.ID,INDICATOR,FREQUENCY.ID,SCALE.ID,UNIT.ID,LATEST_ACTUAL_ANNUAL_DATA,"
           "TIME_PERIOD,OBS_VALUE"]
    for a in all_allies():
        for code, *_ in WEO_SERIES:
            vals, last = table[(a.iso3, code)]
            for y, v in sorted(vals.items()):
                sc = "" if (a.iso3, code, y) == ("ALB", "NGDPD", 2010) else str(exps[code])
                raw = repr(round(v * 10 ** exps[code], 6))
                name = f'"{a.name}, Republic of"' if a.iso3 == "POL" else a.name
                out.append(f"{a.iso3},{name},{code},{code},A,{sc},XDC,{last or ''},{y},{raw}")
    out.append("G163,Euro Area (EA),NGDPD,GDP,A,9,USD,,2024,16000000000000")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def build_weo_sdmx_csv(path: Path) -> Path:
    """An api.imf.org SDMX 3.0 CSV (file-layouts.md 3.C: COUNTRY, INDICATOR, FREQUENCY, UNIT, SCALE, TIME_PERIOD,
    OBS_VALUE in raw units, LATEST_ACTUAL_ANNUAL_DATA, PUBLICATION_DATE) holding the five government-finance
    series of the embedded WEO October 2025 copy (percent of GDP, scale 0) and NGDPD (scale 9, raw USD).
    No such file could be obtained here: the layout follows the note; the values are the real embedded ones."""
    from hague.data import dataset

    fiscal = dataset("imf-weo-2025-10-fiscal")
    gdp = dataset("imf-weo-2025-10")
    out = ["DATAFLOW,COUNTRY,INDICATOR,FREQUENCY,UNIT,SCALE,TIME_PERIOD,OBS_VALUE,LATEST_ACTUAL_ANNUAL_DATA,"
           "COUNTRY_UPDATE_DATE,PUBLICATION_DATE"]
    for o in fiscal.rows:
        out.append(f"IMF.RES:WEO(9.0.0),{o.ally},{o.get('weo_code')},A,PT,0,{o.year},{o.value},"
                   f"{o.get('last_actual_year')},9/19/2025,2025-10-14")
    for o in gdp.rows:
        if o.indicator == "gdp" and o.unit == "USD billion":
            out.append(f"IMF.RES:WEO(9.0.0),{o.ally},NGDPD,A,USD,9,{o.year},{repr(round(o.value * 1e9, 3))},"
                       f"{o.get('last_actual_year')},9/19/2025,2025-10-14")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def build():
    """The fixture builders (pytest runs with --import-mode=importlib, so tests cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(nato_2025=build_nato_2025, sipri=build_sipri, weo_legacy=build_weo_legacy,
                           weo_excel=build_weo_excel, weo_portal=build_weo_portal, sipri_values=sipri_values,
                           weo_sdmx_csv=build_weo_sdmx_csv)
