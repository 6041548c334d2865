"""The embedded dataset: long-format CSV files, each with a provenance sidecar.

Each embedded file holds one row per value with the columns
``ally, year, indicator, unit, price_basis, estimate, value, source, edition`` (some files add
columns such as ``nato_table`` or ``weo_code``). Each ``<file>.csv`` has a ``<file>.yaml`` sidecar
naming producer, title, edition, URL, licence and processing.

This module is pure Python (no pandas) so that the command line starts fast; :func:`hague.load`
turns a dataset into a pandas DataFrame.

>>> ds = dataset("nato-2026")
>>> ds.value("DEU", "core_defence_expenditure_share_gdp", 2026)
2.69
>>> ds.value("DEU", "core_defence_expenditure", 2026, unit="EUR million", price_basis="current")
124660.0
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from hague.errors import UnknownDatasetError, UnknownIndicatorError, YearOutOfRangeError

__all__ = [
    "Observation",
    "Dataset",
    "dataset",
    "dataset_ids",
    "provenance",
    "register_directory",
    "DEFAULT_DATASET",
    "DEFAULT_ECONOMICS",
    "EDITIONS",
    "resolve_edition",
    "edition_datasets",
    "STANDARD_COLUMNS",
]

STANDARD_COLUMNS = ("ally", "year", "indicator", "unit", "price_basis", "estimate", "value", "source", "edition")
DEFAULT_DATASET = "nato-2026"
DEFAULT_ECONOMICS = "imf-weo-2025-10"

_EMBEDDED = "embedded"
#: the embedded files (plain files inside the installed package; importlib.resources is slower to import)
EMBEDDED_DIR = Path(__file__).resolve().parent / _EMBEDDED
_extra_dirs: list[Path] = []


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


# --- catalogue -------------------------------------------------------------------------------


def _load_yaml(text: str) -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster
    return yaml.load(text, Loader=loader) or {}


#: the embedded sidecars parsed once into JSON (with their texts, so a stale index is never used): reading it
#: avoids importing and running the YAML parser at every start (``write_catalogue_index`` rebuilds it)
CATALOGUE_INDEX = EMBEDDED_DIR / "catalogue.json"


def _sidecar_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(EMBEDDED_DIR.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml") and p.name != "outliers.yaml"}


@lru_cache(maxsize=1)
def _embedded_catalogue() -> dict[str, tuple[str, dict]]:
    """dataset id -> (csv file name, provenance) for the embedded files."""
    texts = _sidecar_texts()
    metas = None
    try:
        import json

        idx = json.loads(CATALOGUE_INDEX.read_text(encoding="utf-8"))
        if idx.get("sidecars") == texts:
            metas = idx["catalogue"]
    except (OSError, ValueError, KeyError):
        metas = None
    if metas is None:  # no index, or a sidecar changed since it was written: parse the YAML
        metas = [_load_yaml(text) for text in texts.values()]
    out: dict[str, tuple[str, dict]] = {}
    for meta in metas:
        meta = {**meta, "embedded": True}
        out[meta["id"]] = (meta["file"], meta)
    return out


def write_catalogue_index() -> Path:
    """Rebuild ``embedded/catalogue.json`` from the YAML sidecars (run after editing a sidecar; a test checks it)."""
    import json

    texts = _sidecar_texts()
    doc = {"note": "generated by hague.data.write_catalogue_index() from the *.yaml sidecars; do not edit",
           "sidecars": texts, "catalogue": [_load_yaml(t) for t in texts.values()]}
    CATALOGUE_INDEX.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _embedded_catalogue.cache_clear()
    return CATALOGUE_INDEX


def register_directory(path: str | Path) -> None:
    """Add a directory of imported datasets (``<id>.csv`` + ``<id>.yaml`` pairs) to the catalogue.

    Imported datasets never replace embedded ones: an id already embedded is an error at import time.
    """
    p = Path(path)
    if p not in _extra_dirs:
        _extra_dirs.append(p)
    dataset.cache_clear()


def _user_catalogue() -> dict[str, tuple[Path, dict]]:
    out: dict[str, tuple[Path, dict]] = {}
    dirs = list(_extra_dirs)
    env = os.environ.get("HAGUE_DATA_DIR")
    if env:
        dirs.append(Path(env) / "datasets")
    else:  # the platform's user data dir, where `hague data import` writes when HAGUE_DATA_DIR is not set
        from hague.data._cache import user_dir

        dirs.append(user_dir("data") / "datasets")
    for d in dirs:
        if not d.is_dir():
            continue
        for meta_path in sorted(d.glob("*.yaml")):
            meta = _load_yaml(meta_path.read_text(encoding="utf-8"))
            if "id" in meta and "file" in meta:
                meta["embedded"] = False
                out[meta["id"]] = (d / meta["file"], meta)
    return out


def dataset_ids() -> list[str]:
    """Ids of every embedded (and registered imported) dataset.

    >>> "nato-2026" in dataset_ids() and "imf-weo-2025-10" in dataset_ids()
    True
    """
    return list(_embedded_catalogue()) + [k for k in _user_catalogue() if k not in _embedded_catalogue()]


def provenance(dataset_id: str | None = None) -> dict | list[dict]:
    """Provenance sidecar of one dataset, or of all of them."""
    if dataset_id is not None and dataset_id in _embedded_catalogue():
        return _embedded_catalogue()[dataset_id][1]
    cat = {**{k: v[1] for k, v in _user_catalogue().items()}, **{k: v[1] for k, v in _embedded_catalogue().items()}}
    if dataset_id is None:
        return [cat[k] for k in dataset_ids()]
    if dataset_id not in cat:
        raise UnknownDatasetError(f"unknown dataset {dataset_id!r}; available: {', '.join(dataset_ids())}")
    return cat[dataset_id]


@lru_cache(maxsize=16)
def dataset(dataset_id: str = DEFAULT_DATASET) -> Dataset:
    """Read one dataset (cached). Raises :class:`UnknownDatasetError` listing the available ids."""
    emb = _embedded_catalogue()
    if dataset_id in emb:
        from hague.data import _cache  # parsed once per content (hague/data/_cache.py)

        fname, meta = emb[dataset_id]
        return _cache.embedded_dataset(EMBEDDED_DIR / fname, name=f"hague/data/embedded/{fname}",
                                       dataset_id=dataset_id, meta=meta)
    user = _user_catalogue()
    if dataset_id in user:
        path, meta = user[dataset_id]
        return read_csv(path, name=str(path), dataset_id=dataset_id, meta=meta)
    raise UnknownDatasetError(f"unknown dataset {dataset_id!r}; available: {', '.join(dataset_ids())}")


#: edition names that span files or share a file with another edition -> (dataset ids, edition filter)
EDITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "nato-2026": (("nato-2026",), None),
    "nato-2025": (("nato-2025-secondary", "nato-2025-press"), None),
    "nato-2024": (("nato-2023-2024-graphicnews",), "2024-06"),
    "nato-2023": (("nato-2023-2024-graphicnews",), "2023-07"),
    "weo-2025-10": (("imf-weo-2025-10",), None),
    "weo-2025-04": (("imf-weo-2025-04",), None),
}


def edition_datasets(edition: str | None = None) -> tuple[tuple[str, ...], str | None]:
    """Dataset ids (and an edition filter, for files holding several editions) behind an edition name or id.

    An imported dataset of that id wins over the embedded copies of the same edition.

    >>> edition_datasets("NATO-2025")
    (('nato-2025-secondary', 'nato-2025-press'), None)
    >>> edition_datasets("2024")
    (('nato-2023-2024-graphicnews',), '2024-06')
    """
    if edition is None or not str(edition).strip():
        return (DEFAULT_DATASET,), None
    raw = str(edition).strip()
    key = raw.lower()
    if key.isdigit():
        key = f"nato-{key}"
    if key in _embedded_catalogue():  # embedded ids are never shadowed (imports refuse them): no directory scan
        return (key,), None
    ids = dataset_ids()
    if key in ids:
        return (key,), None
    if raw in ids:
        return (raw,), None
    if key in EDITIONS:
        return EDITIONS[key]
    names = ", ".join(n.upper() for n in sorted(EDITIONS))
    raise UnknownDatasetError(f"unknown edition {raw!r}; accepted: a dataset id ({', '.join(ids)}), an edition name "
                              f"({names}) or a year such as 2025 for NATO's edition of that year")


def resolve_edition(edition: str | None = None) -> str:
    """The one dataset id for an edition: ``None`` (the default, :data:`DEFAULT_DATASET`), a dataset id
    (embedded or imported), an edition name (``NATO-2026``, ``weo-2025-10``) or a NATO year (``2026``).
    Unknown names raise :class:`UnknownDatasetError` listing what exists.

    >>> resolve_edition(None), resolve_edition("2026"), resolve_edition("NATO-2025"), resolve_edition("imf-weo-2025-04")
    ('nato-2026', 'nato-2026', 'nato-2025-secondary', 'imf-weo-2025-04')
    >>> resolve_edition("2031")
    Traceback (most recent call last):
    hague.errors.UnknownDatasetError: unknown edition '2031'; accepted: a dataset id (...
    """
    return edition_datasets(edition)[0][0]


def known_outliers() -> list[dict]:
    """The known outliers accepted by validation, each with check, ally, years and reason."""
    text = (EMBEDDED_DIR / "outliers.yaml").read_text(encoding="utf-8")
    import yaml

    return yaml.safe_load(text) or []
