"""A disk cache of the parsed embedded files, so that a command starts without parsing CSV or YAML.

Each entry is keyed by a BLAKE2b hash of everything its content depends on: the bytes of the embedded file(s) it
was parsed from, the parser's own source (``hague/data/__init__.py`` and this module) and the Python version. A
changed file, parser or interpreter gives a new key, so a stale entry is never read; an unreadable or corrupt
entry is ignored and rebuilt. Entries are written to a temporary file and renamed into place (no half-written
entry is ever read). Only embedded files are cached; imported datasets are parsed every time.

An embedded dataset loads as a :class:`LazyDataset`: the rows as plain tuples, and an :class:`Observation` is
made only when a lookup asks for it (``hague status`` looks up a few hundred of the 6,000 rows of
``nato-2026``); ``rows``, iteration and ``frame()`` make them all. Values and behaviour are those of
:func:`hague.data.read_csv` (tests/data/test_cache.py compares every row).

Location: ``$HAGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/hague`` or ``~/.cache/hague`` (the platform's cache
directory outside Linux). ``HAGUE_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import marshal
import os
import sys
from itertools import starmap
from pathlib import Path

from hague.data import Dataset, Observation, read_csv

FORMAT = 1
_HERE = Path(__file__).resolve().parent
_PARSER_FILES = (_HERE / "__init__.py", Path(__file__).resolve())


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


# --- the catalogue of embedded files --------------------------------------------------------


def catalogue(root: Path, load_yaml) -> dict[str, tuple[str, dict]]:
    """dataset id -> (csv file name, provenance) from the YAML sidecars in ``root`` (cached)."""
    files = sorted(p for p in root.iterdir() if p.name.endswith(".yaml") and p.name != "outliers.yaml")
    texts = [p.read_bytes() for p in files]

    def build():
        out = {}
        for text in texts:
            meta = load_yaml(text.decode("utf-8"))
            meta["embedded"] = True
            out[meta["id"]] = (meta["file"], meta)
        return out

    return cached("catalogue", [b"\0".join(p.name.encode() for p in files), *texts], build)


# --- embedded datasets ------------------------------------------------------------------------


def _fields(o: Observation) -> tuple:
    return (o.ally, o.year, o.indicator, o.unit, o.price_basis, o.estimate, o.value, o.source, o.edition, o.extra)


def embedded_dataset(path: Path, *, name: str, dataset_id: str, meta: dict) -> Dataset:
    data = path.read_bytes()

    def build():
        ds = read_csv(data.decode("utf-8"), name=name, dataset_id=dataset_id, meta={})
        strings: dict = {}

        def one(v):  # the same string once: marshal then stores it once and loads one object
            return strings.setdefault(v, v) if isinstance(v, str) else v

        rows = tuple(tuple(one(v) if not isinstance(v, tuple) else tuple(tuple(map(one, kv)) for kv in v)
                           for v in _fields(o)) for o in ds.rows)
        index: dict = {}
        for i, r in enumerate(rows):
            index.setdefault((r[0], r[2], r[1]), []).append(i)
        return ds._extra_columns, rows, {k: tuple(v) for k, v in index.items()}

    extra_columns, rows, index = cached(f"dataset_{dataset_id}", [data], build)
    return LazyDataset.make(dataset_id, meta, name, extra_columns, rows, index)


class _LazyIndex:
    """(ally, indicator, year) -> observations, made on first lookup."""

    __slots__ = ("_rows", "_keys", "_made")

    def __init__(self, rows: tuple, keys: dict) -> None:
        self._rows, self._keys, self._made = rows, keys, {}

    def get(self, key, default=None):
        made = self._made.get(key)
        if made is None:
            idx = self._keys.get(key)
            if idx is None:
                return default
            rows = self._rows
            made = self._made[key] = [Observation(*rows[i]) for i in idx]
        return made

    def __getitem__(self, key):
        out = self.get(key)
        if out is None:
            raise KeyError(key)
        return out

    def __contains__(self, key) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def keys(self):
        return self._keys.keys()

    def items(self):
        return ((k, self[k]) for k in self._keys)

    def values(self):
        return (self[k] for k in self._keys)


class LazyDataset(Dataset):
    """A :class:`Dataset` whose observations are made when asked for (see the module docstring)."""

    @classmethod
    def make(cls, dataset_id, meta, path, extra_columns, rows, index) -> LazyDataset:
        ds = object.__new__(cls)
        ds.id, ds.meta, ds.path, ds._extra_columns = dataset_id, meta, path, tuple(extra_columns)
        ds._raw = rows
        ds._index = _LazyIndex(rows, index)
        return ds

    def __getattr__(self, name: str):
        if name == "rows":  # every observation, each made once (the lookups' objects are reused)
            made = self._index._made
            out = []
            for k, idx in self._index._keys.items():
                obs = made.get(k) or self._index.get(k)
                out.extend(zip(idx, obs, strict=True))
            out.sort(key=lambda t: t[0])
            rows = tuple(o for _, o in out) if out else tuple(starmap(Observation, self._raw))
            self.__dict__["rows"] = rows
            return rows
        raise AttributeError(name)

    def years(self, indicator: str | None = None) -> list[int]:
        return sorted({r[1] for r in self._raw if indicator is None or r[2] == indicator})

    def indicators(self) -> list[str]:
        return sorted({r[2] for r in self._raw})

    def ally_codes(self) -> list[str]:
        return sorted({r[0] for r in self._raw})

    def estimate_years(self) -> list[int]:
        return sorted({r[1] for r in self._raw if r[5]})

    def __len__(self) -> int:
        return len(self._raw)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.id, self.meta, self.rows, self.path, self._extra_columns) == (
            other.id, other.meta, other.rows, other.path, other._extra_columns)

    __hash__ = None
