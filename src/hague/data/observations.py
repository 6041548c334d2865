"""One dataset in memory: :class:`Observation` rows, the :class:`Dataset` that looks them up, and
:func:`read_csv`, the parser of hague's long-format CSV (pure Python, no pandas: the command line starts fast).

>>> ds = read_csv("ally,year,indicator,unit,price_basis,estimate,value,source,edition\\nPOL,2025,x,%,,false,4.25,s,e\\n",
...               name="t.csv", dataset_id="t", meta={})
>>> ds.value("POL", "x", 2025)
4.25
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hague.errors import UnknownIndicatorError, YearOutOfRangeError

__all__ = ["Observation", "Dataset", "read_csv", "STANDARD_COLUMNS"]

STANDARD_COLUMNS = ("ally", "year", "indicator", "unit", "price_basis", "estimate", "value", "source", "edition")


@dataclass(frozen=True, slots=True)
class Observation:
    """One value with its unit, price basis and origin."""

    ally: str
    year: int
    indicator: str
    unit: str
    price_basis: str
    estimate: bool
    value: float
    source: str
    edition: str
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.extra:
            if k == key:
                return v
        return default


@dataclass
class Dataset:
    """One embedded or imported file: its observations and its provenance."""

    id: str
    meta: dict
    rows: tuple[Observation, ...]
    path: str = ""
    _index: dict = field(default_factory=dict, repr=False)
    _extra_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        idx: dict = {}
        for o in self.rows:
            idx.setdefault((o.ally, o.indicator, o.year), []).append(o)
        self._index = idx

    # --- discovery -------------------------------------------------------------------------
    @property
    def edition(self) -> str:
        return str(self.meta.get("edition", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.id))

    def years(self, indicator: str | None = None) -> list[int]:
        """Sorted years present (optionally for one indicator)."""
        return sorted({o.year for o in self.rows if indicator is None or o.indicator == indicator})

    def indicators(self) -> list[str]:
        return sorted({o.indicator for o in self.rows})

    def price_bases(self) -> list[str]:
        """Sorted price bases present (``current``, ``constant_2021``, ...)."""
        return sorted({o.price_basis for o in self.rows})

    def ally_codes(self) -> list[str]:
        return sorted({o.ally for o in self.rows})

    def estimate_years(self) -> list[int]:
        return sorted({o.year for o in self.rows if o.estimate})

    def check_year(self, year: int, indicator: str | None = None) -> int:
        """Return ``year`` if the dataset covers it, else raise with the available years."""
        years = self.years(indicator)
        if year not in years:
            raise YearOutOfRangeError(
                f"year {year} is not in {self.id} (edition {self.edition}); available years: {_span(years)}"
            )
        return year

    def check_indicator(self, indicator: str) -> str:
        inds = self.indicators()
        if indicator not in inds:
            import difflib

            near = difflib.get_close_matches(indicator, inds, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise UnknownIndicatorError(f"unknown indicator {indicator!r} in {self.id}; {hint}available: {', '.join(inds)}")
        return indicator

    # --- lookup ----------------------------------------------------------------------------
    def observations(self, ally: str, indicator: str, year: int) -> list[Observation]:
        return self._index.get((ally, indicator, year), [])

    def find(
        self, ally: str, indicator: str, year: int, *, unit: str | None = None, price_basis: str | None = None
    ) -> Observation | None:
        """The single observation matching the key, or None. Raises if the key is ambiguous."""
        obs = [
            o
            for o in self._index.get((ally, indicator, year), ())
            if (unit is None or o.unit == unit) and (price_basis is None or o.price_basis == price_basis)
        ]
        if not obs:
            return None
        if len(obs) > 1:
            from hague.errors import UnitMismatchError

            choices = sorted({(o.unit, o.price_basis) for o in obs})
            raise UnitMismatchError(
                f"{ally} {indicator} {year} has several units/price bases {choices}; pass unit= and price_basis="
            )
        return obs[0]

    def value(
        self, ally: str, indicator: str, year: int, *, unit: str | None = None, price_basis: str | None = None
    ) -> float | None:
        """The value for one ally, indicator and year, or None when the source has none."""
        o = self.find(ally, indicator, year, unit=unit, price_basis=price_basis)
        return None if o is None else o.value

    def series(
        self, ally: str, indicator: str, *, unit: str | None = None, price_basis: str | None = None
    ) -> dict[int, float]:
        """Year -> value for one ally and indicator."""
        out = {}
        for y in self.years(indicator):
            v = self.value(ally, indicator, y, unit=unit, price_basis=price_basis)
            if v is not None:
                out[y] = v
        return out

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self):
        """The observations as a pandas DataFrame in long format (imports pandas)."""
        import pandas as pd

        cols = list(STANDARD_COLUMNS) + list(self._extra_columns)
        data = {c: [] for c in cols}
        for o in self.rows:
            for c in STANDARD_COLUMNS:
                data[c].append(getattr(o, c))
            ex = dict(o.extra)
            for c in self._extra_columns:
                data[c].append(ex.get(c))
        df = pd.DataFrame(data, columns=cols)
        df["year"] = df["year"].astype("int64")
        df["value"] = df["value"].astype("float64")
        df["estimate"] = df["estimate"].astype(bool)
        df.attrs["dataset"] = self.id
        df.attrs["provenance"] = dict(self.meta)
        return df


def _span(years: Iterable[int]) -> str:
    ys = sorted(years)
    if not ys:
        return "none"
    if ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ", ".join(map(str, ys))


def _parse_bool(text: str, where: str) -> bool:
    t = text.strip().lower()
    if t == "true":
        return True
    if t == "false":
        return False
    from hague.errors import DataValidationError

    raise DataValidationError(f"{where}: column 'estimate' must be true or false, got {text!r}")


def read_csv(path_or_text: str | Path, *, name: str, dataset_id: str, meta: dict) -> Dataset:
    """Parse one long-format CSV into a :class:`Dataset`, with errors naming file, row and column."""
    from hague.errors import DataValidationError

    text = Path(path_or_text).read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise DataValidationError(f"{name}: empty file; expected a header with {', '.join(STANDARD_COLUMNS)}") from None
    missing = [c for c in STANDARD_COLUMNS if c not in header]
    if missing:
        raise DataValidationError(f"{name}: missing column(s) {', '.join(missing)}; expected {', '.join(STANDARD_COLUMNS)}")
    pos = {c: header.index(c) for c in header}
    extra_cols = tuple(c for c in header if c not in STANDARD_COLUMNS)
    extra_pos = tuple((c, pos[c]) for c in extra_cols)
    i_ally, i_year, i_ind, i_unit, i_pb, i_est, i_val, i_src, i_ed = (pos[c] for c in STANDARD_COLUMNS)
    width = len(header)
    bools = {"true": True, "false": False}
    rows = []
    for lineno, r in enumerate(reader, start=2):  # messages are built only when a row is wrong
        if len(r) != width:
            raise DataValidationError(f"{name} row {lineno}: {len(r)} fields, expected {width}")
        try:
            year = int(r[i_year])
        except ValueError:
            raise DataValidationError(f"{name} row {lineno}: column 'year' must be an integer, got {r[i_year]!r}") from None
        try:
            value = float(r[i_val])
        except ValueError:
            raise DataValidationError(f"{name} row {lineno}: column 'value' must be a number, got {r[i_val]!r}") from None
        if value != value:  # NaN
            raise DataValidationError(f"{name} row {lineno}: column 'value' is NaN; leave the row out when the source "
                                      "has no value")
        est = bools.get(r[i_est])
        if est is None:
            est = _parse_bool(r[i_est], f"{name} row {lineno}")
        rows.append(Observation(r[i_ally], year, r[i_ind], r[i_unit], r[i_pb], est, value, r[i_src], r[i_ed],
                                tuple((c, r[i]) for c, i in extra_pos)))
    return Dataset(id=dataset_id, meta=meta, rows=tuple(rows), path=name, _extra_columns=extra_cols)
