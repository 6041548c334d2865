"""A disk cache of the parsed embedded files, so that a command starts without parsing CSV or YAML.

Each entry is keyed by a BLAKE2b hash of everything its content depends on: the bytes of the embedded file(s) it
was parsed from, the parser's own source (``hague/data/observations.py`` and this module) and the Python version. A
changed file, parser or interpreter gives a new key, so a stale entry is never read; an unreadable or corrupt
entry is ignored and rebuilt. Entries are written to a temporary file and renamed into place (no half-written
entry is ever read). Only embedded datasets are cached (the catalogue of sidecars has its own index, ``embedded/catalogue.json``);
imported datasets are parsed every time.

An embedded dataset loads as a :class:`LazyDataset`: a summary (years per indicator, allies, estimate years)
and one marshalled part per year, read on the first lookup of that year; an :class:`Observation` is made only
when a lookup asks for it (``hague status`` reads one or two years of ``nato-2026`` and looks up a few hundred
of its 6,000 rows); ``rows``, iteration and ``frame()`` make them all. Values and behaviour are those of
:func:`hague.data.read_csv` (tests/data/test_cache.py compares every row).

Location: ``$HAGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/hague`` or ``~/.cache/hague`` (the platform's cache
directory outside Linux). ``HAGUE_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

from hague.data.observations import Dataset, Observation, read_csv

FORMAT = 3
_HERE = Path(__file__).resolve().parent
_PARSER_FILES = (_HERE / "observations.py", Path(__file__).resolve())


def user_dir(kind: str) -> Path:
    """``platformdirs.user_data_dir("hague")`` (``kind`` "data") or ``user_cache_dir`` ("cache"); on Linux
    computed here by the same XDG rules (importing platformdirs costs a command several milliseconds)."""
    if sys.platform.startswith("linux"):
        var, default = {"data": ("XDG_DATA_HOME", ".local/share"), "cache": ("XDG_CACHE_HOME", ".cache")}[kind]
        base = os.environ.get(var, "").strip() or os.path.join(os.path.expanduser("~"), default)
        return Path(base) / "hague"
    import platformdirs

    return Path(platformdirs.user_data_dir("hague") if kind == "data" else platformdirs.user_cache_dir("hague"))


def cache_dir() -> Path | None:
    env = os.environ.get("HAGUE_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    return user_dir("cache")


def _key(name: str, contents: list[bytes]) -> str:
    try:
        from _blake2 import blake2b  # the hashlib module imports OpenSSL too: slower to start
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    h = blake2b(digest_size=20)
    h.update(f"{FORMAT} {sys.version} {name}".encode())
    for c in [*(p.read_bytes() for p in _PARSER_FILES), *contents]:
        h.update(len(c).to_bytes(8, "little"))
        h.update(c)
    return h.hexdigest()


def _read(path: Path):
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
        name, _, key = path.stem.rpartition("-")
        for old in path.parent.glob(f"{name}-*.marshal"):  # this entry for older contents
            k = old.stem[len(name) + 1:]
            if old != path and len(k) == len(key) and "-" not in k:
                old.unlink(missing_ok=True)
    except (OSError, ValueError):  # a read-only home, a full disk: run without the cache
        pass


def cached(name: str, contents: list[bytes], build):
    """``build()`` (a marshal-able value), or its cached copy for exactly these ``contents``."""
    d = cache_dir()
    if d is None:
        return build()
    path = d / f"{name}-{_key(name, contents)}.marshal"
    value = _read(path) if path.is_file() else None
    if value is None:
        value = build()
        _write(path, value)
    return value


# --- embedded datasets ------------------------------------------------------------------------


def _fields(o: Observation) -> tuple:
    return (o.ally, o.year, o.indicator, o.unit, o.price_basis, o.estimate, o.value, o.source, o.edition, o.extra)


def embedded_dataset(path: Path, *, name: str, dataset_id: str, meta: dict) -> Dataset:
    data = path.read_bytes()

    def build():
        ds = read_csv(data.decode("utf-8"), name=name, dataset_id=dataset_id, meta={})
        by_year: dict[int, tuple[list, list]] = {}
        for i, o in enumerate(ds.rows):
            pos, rows = by_year.setdefault(o.year, ([], []))
            pos.append(i)
            rows.append(_fields(o))
        parts = {}
        for y, (pos, rows) in by_year.items():
            strings: dict = {}

            def one(v, strings=strings):  # each string once: marshal stores it once and loads one object
                return strings.setdefault(v, v) if isinstance(v, str) else v

            keyed: dict = {}
            for p, r in zip(pos, rows, strict=True):
                r = tuple(one(v) if not isinstance(v, tuple) else tuple(tuple(map(one, kv)) for kv in v) for v in r)
                keyed.setdefault((r[0], r[2], r[1]), []).append((p, r))
            parts[y] = marshal.dumps({k: tuple(v) for k, v in keyed.items()})  # loads as a ready index
        by_ind: dict[str, set] = {}
        for o in ds.rows:
            by_ind.setdefault(o.indicator, set()).add(o.year)
        summary = {"years": sorted(by_year), "allies": ds.ally_codes(), "estimate_years": ds.estimate_years(),
                   "years_by_indicator": {k: sorted(v) for k, v in sorted(by_ind.items())},
                   "price_bases": sorted({o.price_basis for o in ds.rows})}
        return ds._extra_columns, len(ds.rows), summary, parts

    extra_columns, n, summary, parts = cached(f"dataset_{dataset_id}", [data], build)
    return LazyDataset.make(dataset_id, meta, name, extra_columns, n, summary, parts)


class _LazyIndex:
    """(ally, indicator, year) -> observations: a year's rows are loaded on its first lookup, an observation is
    made on the first lookup of its key."""

    __slots__ = ("_parts", "_years", "_made")

    def __init__(self, parts: dict) -> None:
        self._parts, self._years, self._made = parts, {}, {}

    def _year(self, year) -> dict:
        got = self._years.get(year)
        if got is None:
            blob = self._parts.get(year)
            got = self._years[year] = {} if blob is None else marshal.loads(blob)
        return got

    def get(self, key, default=None):
        made = self._made.get(key)
        if made is None:
            try:
                found = self._year(key[2]).get(key)
            except (TypeError, IndexError):  # not a (ally, indicator, year) key
                return default
            if found is None:
                return default
            made = self._made[key] = [Observation(*r) for _, r in found]
        return made

    def __getitem__(self, key):
        out = self.get(key)
        if out is None:
            raise KeyError(key)
        return out

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def keys(self):
        return [k for y in self._parts for k in self._year(y)]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def all_rows(self) -> tuple:
        out = []
        for y in self._parts:
            for k, found in self._year(y).items():
                out.extend(zip((p for p, _ in found), self.get(k), strict=True))
        out.sort(key=lambda t: t[0])
        return tuple(o for _, o in out)


class LazyDataset(Dataset):
    """A :class:`Dataset` whose observations are made when asked for (see the module docstring)."""

    @classmethod
    def make(cls, dataset_id, meta, path, extra_columns, n, summary, parts) -> LazyDataset:
        ds = object.__new__(cls)
        ds.id, ds.meta, ds.path, ds._extra_columns = dataset_id, meta, path, tuple(extra_columns)
        ds._n, ds._summary = n, summary
        ds._index = _LazyIndex(parts)
        return ds

    def __getattr__(self, name: str):
        if name == "rows":  # every observation in file order, each made once (lookups' objects are reused)
            rows = self.__dict__["rows"] = self._index.all_rows()
            return rows
        raise AttributeError(name)

    def years(self, indicator: str | None = None) -> list[int]:
        if indicator is None:
            return list(self._summary["years"])
        return list(self._summary["years_by_indicator"].get(indicator, ()))

    def indicators(self) -> list[str]:
        return list(self._summary["years_by_indicator"])

    def price_bases(self) -> list[str]:
        return list(self._summary["price_bases"])

    def ally_codes(self) -> list[str]:
        return list(self._summary["allies"])

    def estimate_years(self) -> list[int]:
        return list(self._summary["estimate_years"])

    def __len__(self) -> int:
        return self._n

    def __eq__(self, other) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.id, self.meta, self.rows, self.path, self._extra_columns) == (
            other.id, other.meta, other.rows, other.path, other._extra_columns)

    __hash__ = None
