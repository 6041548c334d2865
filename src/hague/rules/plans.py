"""Annual national plans and the credible-path test.

A plan is a table of years (the plan year to 2035) for one ally with the planned core defence expenditure and
defence- and security-related spending as % of GDP, and optionally amounts in national currency (million), the
GDP path behind them (national currency million) and the split of core expenditure into NATO's four categories.

Columns (CSV and XLSX: first row; YAML: keys of each item of ``rows``):

=====================  ========  ==========================================================================
column                 required  meaning
=====================  ========  ==========================================================================
``ally``               CSV/XLSX  ISO3 code (the same on every row); in YAML a top-level ``ally:`` key
``year``               yes       calendar year, 2025 (The Hague) to 2035 (its deadline), no gaps
``core_share_gdp``     yes       core defence expenditure, % of GDP, NATO definition
``related_share_gdp``  yes       defence- and security-related spending, % of GDP (counts up to 1.5)
``core_amount``        no        core defence expenditure, national currency million, current prices
``related_amount``     no        related spending, national currency million, current prices
``gdp``                no        GDP behind the plan, national currency million, current prices
``equipment_share``,   no        split of core expenditure, % of core (all four or none; they add to 100)
``personnel_share``,
``infrastructure_share``,
``other_share``
=====================  ========  ==========================================================================

>>> plan = read_plan('''ally,year,core_share_gdp,related_share_gdp
... DEU,2026,2.69,0.5
... DEU,2027,2.9,0.8
... DEU,2028,3.1,1.0
... DEU,2029,3.5,1.5
... DEU,2030,3.5,1.5
... DEU,2031,3.5,1.5
... DEU,2032,3.5,1.5
... DEU,2033,3.5,1.5
... DEU,2034,3.5,1.5
... DEU,2035,3.5,1.5
... ''', name="deu.csv")
>>> result = assess(plan)
>>> result.verdict, [f.code for f in result.findings if f.severity != "info"]
('credible', [])
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from hague.errors import HagueError

__all__ = ["Plan", "PlanRow", "PlanError", "Finding", "Assessment", "read_plan", "assess", "template", "COLUMNS",
           "REQUIRED",
           "VERDICTS", "FINDING_COLUMNS", "CATEGORY_COLUMNS"]

REQUIRED = ("year", "core_share_gdp", "related_share_gdp")
CATEGORY_COLUMNS = ("equipment_share", "personnel_share", "infrastructure_share", "other_share")
OPTIONAL = ("core_amount", "related_amount", "gdp") + CATEGORY_COLUMNS
COLUMNS = ("ally",) + REQUIRED + OPTIONAL
_SHARES = ("core_share_gdp", "related_share_gdp") + CATEGORY_COLUMNS
VERDICTS = ("credible", "not credible", "incomplete")
_YAML_KEYS = ("ally", "plan_year", "title", "illustrative", "currency", "source", "note", "rows")

FINDING_COLUMNS = [("severity", "Severity", "error: fails the test; warning: flagged; info"),
                   ("year", "Year", ""), ("code", "Code", ""), ("message", "Finding", "")]


class PlanError(HagueError, ValueError):
    """A plan file that cannot be read. ``.errors`` lists every problem as ``{row, column, message}``."""

    def __init__(self, message: str, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class PlanRow:
    """One year of a plan. Shares in % of GDP (categories in % of core); amounts in national currency million."""

    year: int
    core_share_gdp: float
    related_share_gdp: float
    core_amount: float | None = None
    related_amount: float | None = None
    gdp: float | None = None
    equipment_share: float | None = None
    personnel_share: float | None = None
    infrastructure_share: float | None = None
    other_share: float | None = None

    @property
    def core(self) -> float:
        return self.core_share_gdp

    @property
    def related(self) -> float:
        return self.related_share_gdp

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in REQUIRED + OPTIONAL}


@dataclass(frozen=True)
class Plan:
    """One ally's plan: ``ally`` (ISO3), ``plan_year``, ``rows`` (one :class:`PlanRow` per year, sorted)."""

    ally: str
    plan_year: int
    rows: tuple[PlanRow, ...]
    name: str = ""
    title: str | None = None
    illustrative: bool = False
    currency: str | None = None
    source: str | None = None
    note: str | None = None

    @property
    def ally_name(self) -> str:
        from hague.allies import resolve

        return resolve(self.ally).name

    @property
    def first_year(self) -> int:
        return self.rows[0].year

    @property
    def last_year(self) -> int:
        return self.rows[-1].year

    def row(self, year: int) -> PlanRow | None:
        return next((r for r in self.rows if r.year == year), None)

    def core(self) -> dict[int, float]:
        return {r.year: r.core_share_gdp for r in self.rows}

    def to_dict(self) -> dict:
        return {"ally": self.ally, "plan_year": self.plan_year, "name": self.name, "title": self.title,
                "illustrative": self.illustrative, "currency": self.currency, "source": self.source,
                "note": self.note, "rows": [r.to_dict() for r in self.rows]}


# --------------------------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------------------------


def _year_range() -> tuple[int, int]:
    """Accepted plan years: from The Hague's adoption to its deadline (both from the shipped rule tree)."""
    from hague.rules.loader import _shipped

    core = _shipped().parameter("hague-2025.core")
    return core.adopted.year, int(core.target_year)


class _Collector:
    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[dict] = []

    def add(self, row, column, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        def where(e):
            parts = [f"row {e['row']}" if e["row"] is not None else None,
                     f"column {e['column']}" if e["column"] else None]
            return ", ".join(p for p in parts if p)
        shown = "; ".join(f"{where(e)}: {e['message']}" if where(e) else e["message"] for e in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        n = len(self.errors)
        raise PlanError(f"{self.name}: {n} error{'s' if n > 1 else ''} in the plan: {shown}{more}", self.errors)


def _number(raw, row, col: str, errs: _Collector, *, required: bool) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errs.add(row, col, "missing value")
        return None
    if isinstance(raw, bool):
        errs.add(row, col, f"must be a number, got {raw!r}")
        return None
    if isinstance(raw, (int, float)):
        v = float(raw)
    else:
        text = str(raw).strip().replace(",", "") if str(raw).count(",") and "." in str(raw) else str(raw).strip()
        try:
            v = float(text.rstrip("%"))
        except ValueError:
            errs.add(row, col, f"must be a number, got {raw!r}")
            return None
    if math.isnan(v) or math.isinf(v):
        errs.add(row, col, f"must be a finite number, got {raw!r} (leave the column out instead of NaN)")
        return None
    if v < 0:
        errs.add(row, col, f"must not be negative, got {v:g}")
        return None
    if col in _SHARES and v > 100:
        errs.add(row, col, f"is a percentage; {v:g} is over 100")
        return None
    if col == "gdp" and v == 0:
        errs.add(row, col, "GDP must be positive")
        return None
    return v


def _rows_to_plan(records: list[tuple[object, dict]], header: list[str] | None, *, name: str, errs: _Collector,
                  ally: str | None, meta: dict, header_row=1) -> Plan:
    """Validate records ``(row label, {column: raw})`` into a Plan; all problems collected, then raised."""
    from hague.allies import resolve
    from hague.rules.loader import _shipped

    lo, hi = _year_range()
    if header is not None:
        seen = set()
        for col in header:
            if col in seen:
                errs.add(header_row, col, "duplicate column")
            seen.add(col)
            if col not in COLUMNS:
                import difflib

                near = difflib.get_close_matches(col, COLUMNS, n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                errs.add(header_row, col, f"unknown column; {hint}accepted: {', '.join(COLUMNS)}")
        need = list(REQUIRED) + (["ally"] if ally is None else [])
        for col in need:
            if col not in header:
                errs.add(header_row, col, f"missing column (required: {', '.join(need)})")
        errs.raise_if_any()
    if not records:
        errs.add(None, None, f"the plan has no rows; expected one row per year from the plan year to {hi}")
        errs.raise_if_any()

    tol = _shipped().threshold("category_sum_tolerance")
    allies_seen: dict[str, object] = {}
    rows: list[PlanRow] = []
    years_at: dict[int, object] = {}
    for label, rec in records:
        code = ally if ally is not None else rec.get("ally")
        if code is not None and str(code).strip():
            try:
                a = resolve(str(code).strip())
                allies_seen.setdefault(a.iso3, label)
            except HagueError as exc:
                errs.add(label, "ally", str(exc))
        elif ally is None:
            errs.add(label, "ally", "missing value")
        raw_year = rec.get("year")
        year = None
        try:
            if isinstance(raw_year, bool):
                raise ValueError
            f = float(str(raw_year).strip()) if raw_year is not None and str(raw_year).strip() else None
            if f is None:
                errs.add(label, "year", "missing value")
            elif f != int(f):
                raise ValueError
            else:
                year = int(f)
        except (ValueError, OverflowError):
            errs.add(label, "year", f"must be a whole year, got {raw_year!r}")
        if year is not None and not lo <= year <= hi:
            errs.add(label, "year", f"year {year} out of range; accepted: {lo}-{hi} (The Hague 2025 to its deadline)")
            year = None
        if year is not None and year in years_at:
            errs.add(label, "year", f"duplicate year {year} (first at row {years_at[year]})")
            year = None
        vals = {c: _number(rec.get(c), label, c, errs, required=c in REQUIRED[1:]) for c in REQUIRED[1:] + OPTIONAL}
        cats = [vals[c] for c in CATEGORY_COLUMNS]
        if any(v is not None for v in cats):
            missing = [c for c, v in zip(CATEGORY_COLUMNS, cats, strict=True) if v is None and rec.get(c) in (None, "")]
            if missing:
                errs.add(label, missing[0], f"category split needs all four columns ({', '.join(CATEGORY_COLUMNS)})")
            elif all(v is not None for v in cats) and abs(sum(cats) - 100) > tol:
                errs.add(label, "equipment_share", f"the four category shares add up to {sum(cats):g}; "
                                                   f"expected 100 (± {tol:g})")
        if year is not None:
            years_at[year] = label
            if vals["core_share_gdp"] is not None and vals["related_share_gdp"] is not None:
                rows.append(PlanRow(year=year, **vals))
    if len(allies_seen) > 1:
        (_, first), *rest = allies_seen.items()
        errs.add(rest[0][1], "ally", f"a plan is for one ally; found {', '.join(allies_seen)}")
    if years_at:
        ys = sorted(years_at)
        gaps = [y for y in range(ys[0], ys[-1] + 1) if y not in years_at]
        if gaps:
            nxt = min(y for y in ys if y > gaps[0])
            errs.add(years_at[nxt], "year", f"missing year(s) {', '.join(map(str, gaps))} between {ys[0]} and {ys[-1]}; "
                                            "a plan has one row per year")
    errs.raise_if_any()
    iso3 = next(iter(allies_seen))
    rows.sort(key=lambda r: r.year)
    plan_year = meta.pop("plan_year", None)
    if plan_year is None:
        plan_year = rows[0].year
    elif plan_year > rows[0].year:
        errs.add(None, "plan_year", f"plan_year {plan_year} is after the first year of the table ({rows[0].year})")
    currency = meta.pop("currency", None)
    a = resolve(iso3)
    if currency is not None and a.currency and currency != a.currency:
        errs.add(None, "currency", f"{a.name} reports to NATO in {a.currency}; amounts in {currency} are not accepted")
    errs.raise_if_any()
    return Plan(ally=iso3, plan_year=int(plan_year), rows=tuple(rows), name=name, currency=currency or a.currency,
                **meta)


def _read_csv(text: str, name: str, errs: _Collector) -> Plan:
    lines = text.splitlines()
    numbered = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not numbered:
        errs.add(None, None, f"empty file; expected a header with {', '.join(REQUIRED)} and ally")
        errs.raise_if_any()
    parsed = []  # one record per line: a plan has no multi-line cells, so an unbalanced quote is an error of its line
    for lineno, ln in numbered:
        try:
            parsed.append(next(csv.reader([ln], strict=True)))
        except csv.Error as exc:
            errs.add(lineno, None, f"malformed CSV ({exc}); quote a cell whole, e.g. \"a, b\", or not at all")
            parsed.append(None)
    errs.raise_if_any()
    header_row, header = numbered[0][0], [h.strip() for h in parsed[0]]
    records = []
    for (lineno, _), cells in zip(numbered[1:], parsed[1:], strict=True):
        if len(cells) != len(header):
            errs.add(lineno, None, f"{len(cells)} fields, expected {len(header)} ({', '.join(header)})")
            continue
        records.append((lineno, dict(zip(header, cells, strict=True))))
    comments = " ".join(ln for ln in lines if ln.lstrip().startswith("#")).lower()
    meta = {"illustrative": True} if "illustrative" in comments else {}
    return _rows_to_plan(records, header, name=name, errs=errs, ally=None, meta=meta, header_row=header_row)


def _read_xlsx(data: bytes, name: str, errs: _Collector) -> Plan:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a broken file
        raise PlanError(f"{name}: not a readable .xlsx workbook ({type(exc).__name__})",
                        [{"row": None, "column": None, "message": "not a readable .xlsx workbook"}]) from None
    ws = wb["plan"] if "plan" in wb.sheetnames else wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header_row, header = None, None
    records = []
    for i, cells in enumerate(it, start=1):
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if isinstance(cells[0], str) and cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header_row = i
            header = [str(c).strip() if c is not None else "" for c in cells]
            while header and header[-1] == "":
                header.pop()
            continue
        records.append((i, {h: c for h, c in zip(header, cells, strict=False) if h}))
    wb.close()
    if header is None:
        errs.add(None, None, f"empty sheet {ws.title!r}; expected a header row with {', '.join(REQUIRED)} and ally")
        errs.raise_if_any()
    return _rows_to_plan(records, header, name=f"{name} (sheet {ws.title})", errs=errs, ally=None, meta={},
                         header_row=header_row)


def _read_yaml(text: str, name: str, errs: _Collector) -> Plan:
    from hague.rules.loader import RuleError, _Map, _parse_yaml, _Seq

    try:
        doc = _parse_yaml(text, name)
    except RuleError as exc:
        raise PlanError(str(exc), [{"row": None, "column": None, "message": str(exc)}]) from None
    if not isinstance(doc, _Map):
        errs.add(None, None, "a YAML plan is a mapping with ally and rows")
        errs.raise_if_any()
    for k in doc:
        if k not in _YAML_KEYS:
            errs.add(None, k, f"unknown key (line {doc.lines[k]}); accepted: {', '.join(_YAML_KEYS)}")
    for k in ("ally", "rows"):
        if k not in doc:
            errs.add(None, k, "missing key")
    errs.raise_if_any()
    rows = doc["rows"]
    if not isinstance(rows, _Seq):
        errs.add(None, "rows", f"must be a list of mappings (line {doc.lines['rows']})")
        errs.raise_if_any()
    header = set()
    records = []
    for i, (item, line) in enumerate(zip(rows, rows.lines, strict=True), start=1):
        if not isinstance(item, _Map):
            errs.add(i, None, f"row {i} (line {line}) must be a mapping of column: value")
            continue
        header |= set(item)
        records.append((i, dict(item)))
    unknown = sorted(header - set(COLUMNS) - {"ally"})
    for col in unknown:
        errs.add(None, col, f"unknown column; accepted: {', '.join(c for c in COLUMNS if c != 'ally')}")
    for col in REQUIRED:
        if records and col not in header:
            errs.add(None, col, "missing column")
    errs.raise_if_any()
    meta = {}
    for k in ("title", "source", "note"):
        if doc.get(k) is not None:
            meta[k] = " ".join(str(doc[k]).split())
    if "illustrative" in doc:
        if not isinstance(doc["illustrative"], bool):
            errs.add(None, "illustrative", "must be true or false")
        meta["illustrative"] = bool(doc["illustrative"])
    if doc.get("plan_year") is not None:
        py = doc["plan_year"]
        if isinstance(py, bool) or not isinstance(py, int):
            errs.add(None, "plan_year", f"must be a year, got {py!r}")
        else:
            meta["plan_year"] = py
    if doc.get("currency") is not None:
        meta["currency"] = str(doc["currency"]).strip().upper()
    return _rows_to_plan(records, None, name=name, errs=errs, ally=str(doc["ally"]), meta=meta)


def read_plan(source, *, name: str | None = None) -> Plan:
    """Read a plan from a path, or from ``bytes``/``str`` content with ``name`` giving the file name.

    The format follows the extension: ``.csv``, ``.xlsx``, ``.yaml``/``.yml``. Every problem (missing or
    duplicate years, negative, NaN or over-100% values, years out of range, unknown ally, wrong columns) is
    collected and raised as one :class:`PlanError` whose ``.errors`` lists ``{row, column, message}``.

    >>> read_plan("ally,year,core_share_gdp,related_share_gdp\\nGER,2026,2.7,0.5\\n", name="p.csv")
    Traceback (most recent call last):
    ...
    hague.rules.plans.PlanError: p.csv: 1 error in the plan: row 2, column ally: unknown ally 'GER'; did you mean DEU (Germany)?
    """
    if isinstance(source, (bytes, bytearray)) or (isinstance(source, str) and name is not None):
        if name is None:
            raise PlanError("plan content given without name=; pass the file name (e.g. plan.csv) to set the format")
        data = bytes(source) if isinstance(source, (bytes, bytearray)) else source.encode("utf-8")
        label = name
    else:
        path = Path(source)
        label = name or str(path)
        if not path.is_file():
            raise PlanError(f"{path}: no such plan file", [{"row": None, "column": None, "message": "no such file"}])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PlanError(f"{path}: cannot read: {exc.strerror}") from None
    ext = Path(label).suffix.lower()
    errs = _Collector(label)
    if ext == ".xlsx":
        return _read_xlsx(data, label, errs)
    if ext not in (".csv", ".yaml", ".yml"):
        raise PlanError(f"{label}: unknown plan format {ext or '(no extension)'!r}; accepted: .csv, .xlsx, .yaml",
                        [{"row": None, "column": None, "message": "unknown format"}])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{label}: not UTF-8 text (byte {exc.start})") from None
    return _read_csv(text, label, errs) if ext == ".csv" else _read_yaml(text, label, errs)


# --------------------------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One result of the test: ``code``, ``year`` (or None for the whole plan), ``severity``, ``message``.

    Severity ``error`` fails the test (verdict not credible), ``warning`` is flagged, ``info`` is context.
    """

    code: str
    year: int | None
    severity: str
    message: str
    value: float | None = None
    threshold: float | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "year": self.year, "severity": self.severity, "message": self.message,
                "value": self.value, "threshold": self.threshold}


@dataclass
class Assessment:
    """The verdict on a plan and every finding behind it."""

    plan: Plan
    verdict: str
    findings: list[Finding]
    thresholds: dict = field(default_factory=dict)
    target: float = 3.5
    related_cap: float = 1.5
    total: float = 5.0
    deadline: int = 2035
    review_year: int = 2029
    rule_files: list[str] = field(default_factory=list)

    def codes(self, severity: str | None = None) -> list[str]:
        return [f.code for f in self.findings if severity is None or f.severity == severity]

    def footer(self) -> str:
        th = ", ".join(f"{k}={v:g}" for k, v in self.thresholds.items())
        ill = " The plan is marked illustrative (not an official submission)." if self.plan.illustrative else ""
        return (f"Test: core >= {self.target:g}% of GDP by {self.deadline}, related counted up to {self.related_cap:g}% "
                f"(total {self.total:g}%), incremental, not back-loaded by the {self.review_year} review "
                f"(The Hague Summit Declaration, 25 June 2025). Thresholds (hague's reading, see `hague rules "
                f"--assessment`): {th}.{ill}")

    def to_dict(self) -> dict:
        return {"ally": self.plan.ally, "plan_year": self.plan.plan_year, "plan": self.plan.name,
                "verdict": self.verdict, "findings": [f.to_dict() for f in self.findings],
                "thresholds": self.thresholds, "target": self.target, "related_cap": self.related_cap,
                "total": self.total, "deadline": self.deadline, "review_year": self.review_year,
                "illustrative": self.plan.illustrative, "rows": [r.to_dict() for r in self.plan.rows]}


def _gdp_path(plan: Plan) -> dict[int, tuple[float, str]]:
    """Year -> (GDP national currency million, source label): the plan's own column, else IMF WEO Oct 2025."""
    from hague.data import DEFAULT_ECONOMICS, dataset

    out = {}
    weo = dataset(DEFAULT_ECONOMICS)
    for r in plan.rows:
        if r.gdp is not None:
            out[r.year] = (r.gdp, "the plan's gdp column")
            continue
        v = weo.value(plan.ally, "gdp", r.year, unit="national currency billion", price_basis="current")
        if v is not None:
            out[r.year] = (v * 1000, f"IMF WEO {weo.edition} national-currency GDP")
    return out


def assess(plan: Plan, *, previous: Plan | None = None, rules=None) -> Assessment:
    """Judge a plan: ``credible``, ``not credible`` or ``incomplete``, with every finding (year, code, reason).

    ``rules``: a RuleTree or folder(s) layered on a copy of the shipped tree (to change thresholds).
    ``previous``: last year's plan of the same ally, to report slippage.
    """
    from hague.rules.check import resolve_rules

    tree = resolve_rules(rules)
    core_p = tree.parameter("hague-2025.core")
    deadline = int(core_p.target_year)
    target = float(core_p.value_at(deadline))
    cap = float(tree.parameter("hague-2025.related").value_at(deadline))
    total = float(tree.parameter("hague-2025.total").value_at(deadline))
    review = int(tree.parameter("hague-2025.review_year").value_at(deadline))
    th = {k: float(tree.threshold(k)) for k in ("fall_tolerance_pp", "review_share_of_linear", "max_final_step_pp",
                                                "slippage_tolerance_pp", "consistency_tolerance_pp",
                                                "baseline_tolerance_pp")}
    if previous is not None and previous.ally != plan.ally:
        raise PlanError(f"the previous plan is for {previous.ally}, this plan for {plan.ally}; compare plans of one ally")
    f: list[Finding] = []
    core = plan.core()
    first, last = plan.first_year, plan.last_year
    base = core[first]

    # baseline against NATO's own figure for the plan's first year (information)
    from hague.data import DEFAULT_DATASET, dataset

    ds = dataset(DEFAULT_DATASET)
    nato = ds.value(plan.ally, "core_defence_expenditure_share_gdp", first)
    if nato is not None and abs(nato - base) > th["baseline_tolerance_pp"] + 1e-9:
        f.append(Finding("baseline_differs", first, "info",
                         f"the plan starts at {base:g}% in {first}; NATO ({ds.id}, edition {ds.edition}) has {nato:g}%",
                         base, nato))

    # horizon
    if last < deadline:
        f.append(Finding("ends_before_deadline", last, "error",
                         f"the plan ends in {last}; the path to {target:g}% by {deadline} is not stated "
                         f"(years {last + 1}-{deadline} missing)", last, deadline))
    else:
        c = core[deadline]
        if c + 1e-9 < target:
            f.append(Finding("below_target", deadline, "error",
                             f"core {c:g}% of GDP in {deadline}, below the {target:g}% commitment", c, target))
        rel = plan.row(deadline).related_share_gdp
        counted = min(rel, cap)
        if c + counted + 1e-9 < total:
            f.append(Finding("total_short", deadline, "error",
                             f"core {c:g}% + related {counted:g}% counted = {c + counted:g}% in {deadline}, below "
                             f"{total:g}%", c + counted, total))
    reached = next((y for y in sorted(core) if core[y] + 1e-9 >= target), None)
    if reached is not None:
        f.append(Finding("target_reached", reached, "info", f"core reaches {target:g}% of GDP in {reached}",
                         core[reached], target))

    # related cap: counted up to the cap, never added to core
    for r in plan.rows:
        if r.related_share_gdp > cap + 1e-9:
            f.append(Finding("related_over_cap", r.year, "warning",
                             f"related spending {r.related_share_gdp:g}% of GDP; only {cap:g}% counts toward "
                             f"{total:g}% and the excess is not added to core", r.related_share_gdp, cap))

    # incremental
    for r in plan.rows[1:]:
        step = r.core_share_gdp - core[r.year - 1]
        if step < -th["fall_tolerance_pp"] - 1e-9:
            if r.core_share_gdp + 1e-9 >= target:  # still at or above 3.5: flagged, not a failed path
                f.append(Finding("core_falls_above_target", r.year, "warning",
                                 f"core falls {-step:.2f} pp ({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%) but "
                                 f"stays at or above {target:g}%", step, -th["fall_tolerance_pp"]))
                continue
            f.append(Finding("core_falls", r.year, "error",
                             f"core falls {-step:.2f} pp ({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%); an "
                             f"incremental path allows at most {th['fall_tolerance_pp']:g} pp", step,
                             -th["fall_tolerance_pp"]))

    # not back-loaded: progress by the review, then no big final-years jump
    if first < review and review in core and base + 1e-9 < target:
        linear = (review - first) / (deadline - first) * (target - base)
        need = th["review_share_of_linear"] * linear
        closed = core[review] - base
        if closed + 1e-9 < need:
            f.append(Finding("back_loaded", review, "error",
                             f"by the {review} review the plan closes {closed:.2f} pp of the {target - base:.2f} pp gap; "
                             f"the straight line closes {linear:.2f} pp and the test asks for at least "
                             f"{th['review_share_of_linear']:g} of that ({need:.2f} pp)", closed, need))
    elif first >= review:
        f.append(Finding("review_not_tested", first, "info",
                         f"the plan starts in {first}, at or after the {review} review: progress by the review is not tested"))
    for r in plan.rows[1:]:
        if r.year > review:
            step = r.core_share_gdp - core[r.year - 1]
            if step > th["max_final_step_pp"] + 1e-9:
                f.append(Finding("final_jump", r.year, "error",
                                 f"core rises {step:.2f} pp in one year after the {review} review "
                                 f"({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%); more than "
                                 f"{th['max_final_step_pp']:g} pp is back-loading", step, th["max_final_step_pp"]))

    # slippage against the previous plan
    if previous is not None:
        old = previous.core()
        for y in sorted(set(old) & set(core)):
            if core[y] < old[y] - th["slippage_tolerance_pp"] - 1e-9:
                f.append(Finding("slippage", y, "warning",
                                 f"core {core[y]:g}% in {y}, down from {old[y]:g}% in the {previous.plan_year} plan",
                                 core[y] - old[y], -th["slippage_tolerance_pp"]))
        old_reached = next((y for y in sorted(old) if old[y] + 1e-9 >= target), None)
        if old_reached is not None and (reached is None or reached > old_reached):
            f.append(Finding("target_year_slipped", reached, "warning",
                             f"{target:g}% is now reached in {reached or 'no year of the plan'}; the "
                             f"{previous.plan_year} plan reached it in {old_reached}",
                             reached, old_reached))

    # consistency of amounts with shares
    gdp = _gdp_path(plan)
    unchecked = []
    for r in plan.rows:
        for col, share_col, label in (("core_amount", "core_share_gdp", "core"),
                                      ("related_amount", "related_share_gdp", "related")):
            amount = getattr(r, col)
            if amount is None:
                continue
            if r.year not in gdp:
                unchecked.append(r.year)
                continue
            g, gsrc = gdp[r.year]
            implied = 100 * amount / g
            stated = getattr(r, share_col)
            if abs(implied - stated) > th["consistency_tolerance_pp"] + 1e-9:
                f.append(Finding("amount_share_mismatch", r.year, "warning",
                                 f"{label} amount {amount:,.0f} {plan.currency or ''} million is {implied:.2f}% of GDP "
                                 f"({gsrc}, {g:,.0f} million), the plan states {stated:g}%", implied, stated))
    if unchecked:
        ys = sorted(set(unchecked))
        f.append(Finding("consistency_not_checked", ys[0], "info",
                         f"amounts for {', '.join(map(str, ys))} not checked: no GDP path (add a gdp column; IMF WEO "
                         "projections end in 2030)"))

    # the legacy 20% guideline, for information only
    for r in plan.rows:
        if r.equipment_share is not None and r.equipment_share < 20:
            f.append(Finding("equipment_below_20", r.year, "info",
                             f"equipment {r.equipment_share:g}% of core, below the Wales 20% guideline (legacy, not "
                             "reaffirmed in 2025)", r.equipment_share, 20.0))

    order = {"error": 0, "warning": 1, "info": 2}
    f.sort(key=lambda x: (order[x.severity], x.year if x.year is not None else 0, x.code))
    if any(x.code == "ends_before_deadline" for x in f):
        verdict = "incomplete"
    elif any(x.severity == "error" for x in f):
        verdict = "not credible"
    else:
        verdict = "credible"
    return Assessment(plan=plan, verdict=verdict, findings=f, thresholds=th, target=target, related_cap=cap,
                      total=total, deadline=deadline, review_year=review, rule_files=list(tree.files))


def template(ally: str, plan_year: int) -> str:
    """A CSV plan skeleton for ``ally`` from ``plan_year`` to the deadline, to fill in.

    The first year's core share and core amount are pre-filled from the NATO 2026 edition when it has that
    year (with the source in a comment); every other cell is left empty for the planner.

    >>> print(template("DEU", 2026).splitlines()[3])
    DEU,2026,2.69,,124660.0,,
    """
    from hague.allies import resolve
    from hague.data import DEFAULT_DATASET, dataset

    a = resolve(ally)
    lo, hi = _year_range()
    if not lo <= int(plan_year) <= hi:
        raise PlanError(f"plan year {plan_year} out of range; accepted: {lo}-{hi}")
    ds = dataset(DEFAULT_DATASET)
    share = ds.value(a.iso3, "core_defence_expenditure_share_gdp", int(plan_year))
    amount = ds.value(a.iso3, "core_defence_expenditure", int(plan_year), unit=f"{a.currency} million",
                      price_basis="current") if a.currency else None
    lines = [f"# Plan template for {a.name} ({a.iso3}), {plan_year}-{hi}. Amounts in {a.currency} million, current "
             "prices. Fill every empty core_share_gdp and related_share_gdp cell; amounts and gdp are optional."]
    if share is not None:
        lines.append(f"# Pre-filled {plan_year} figures: {ds.meta.get('attribution', ds.id)} (dataset {ds.id}).")
    else:
        lines.append(f"# NATO's {ds.id} has no figure for {a.iso3} in {plan_year}: nothing is pre-filled.")
    lines.append("ally,year,core_share_gdp,related_share_gdp,core_amount,related_amount,gdp")
    for y in range(int(plan_year), hi + 1):
        first = y == int(plan_year)
        core = "" if not first or share is None else f"{share:g}"
        amt = "" if not first or amount is None else f"{amount:.1f}"
        lines.append(f"{a.iso3},{y},{core},,{amt},,")
    return "\n".join(lines) + "\n"
