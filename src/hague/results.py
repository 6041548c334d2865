"""One result type that every public function returns and every face renders.

A :class:`Result` is a titled table: ``rows`` (dicts of *unrounded* values), ``columns`` (one :class:`Column` per
key: header, unit, decimals, kind, priority, description, and whether the figure comes from the source or is
computed by hague from named inputs), ``provenance`` (the datasets it was computed from: id, edition, producer,
URL, licence) and ``notes``. Rounding happens once, at the edge, in :mod:`hague.render`; totals are computed
from unrounded values before a result is built.

Where ally rows and aggregate rows share a table, each row carries ``kind`` (``"ally"`` or ``"aggregate"``) so
that a CSV or DataFrame says which is which.

>>> r = Result("Shares", [{"code": "POL", "share_gdp": 4.25}],
...            [Column("code", "Code", kind="text", priority=0), Column("share_gdp", "% GDP", "percent of GDP", 2, "percent")],
...            Provenance.of("nato-2026"))
>>> r.provenance.sources[0].edition
'2026-07'
>>> r.column("share_gdp").decimals
2
>>> r.frame().loc[0, "share_gdp"]
np.float64(4.25)

This module imports nothing heavy (pandas only inside :meth:`Result.frame`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

__all__ = ["Column", "Source", "Provenance", "Result", "KINDS", "SOURCE", "COMPUTED"]

#: column kinds known to the formatter (:func:`hague.render.format_value`)
KINDS = ("text", "number", "percent", "money", "int", "year", "bool", "flag")
SOURCE = "source"
COMPUTED = "computed by hague"


@dataclass(frozen=True)
class Column:
    """How one column is labelled, measured, rounded and ranked for narrow terminals.

    ``decimals``: digits after the point in every face (None: text or integers). ``priority``: 0 = always shown
    (keys such as the ally code); larger numbers are dropped first when a terminal table must fit a width.
    ``origin``: ``"source"`` (copied from a dataset) or ``"computed by hague"`` (then ``inputs`` names what from).
    """

    key: str
    header: str
    unit: str = ""
    decimals: int | None = None
    kind: str = "text"
    priority: int = 5
    description: str = ""
    origin: str = SOURCE
    inputs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key!r}: unknown kind {self.kind!r}; accepted: {', '.join(KINDS)}")

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent", "money", "int", "year")

    def to_dict(self) -> dict:
        return {"key": self.key, "header": self.header, "unit": self.unit, "decimals": self.decimals,
                "kind": self.kind, "priority": self.priority, "description": self.description,
                "origin": self.origin, "inputs": list(self.inputs)}


@dataclass(frozen=True)
class Source:
    """One dataset a result was read from."""

    dataset: str
    edition: str = ""
    producer: str = ""
    title: str = ""
    url: str = ""
    licence: str = ""
    attribution: str = ""

    @classmethod
    def of(cls, dataset_id: str) -> Source:
        from hague.data import provenance

        m = provenance(dataset_id)
        clean = lambda k: " ".join(str(m.get(k, "") or "").split())  # noqa: E731
        return cls(dataset=dataset_id, edition=clean("edition"), producer=clean("producer"), title=clean("title"),
                   url=clean("url"), licence=clean("licence"), attribution=clean("attribution") or clean("title"))

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "edition": self.edition, "producer": self.producer, "title": self.title,
                "url": self.url, "licence": self.licence, "attribution": self.attribution}


@dataclass(frozen=True)
class Provenance:
    """Where a result comes from: its sources, and per column whether it is from the source or computed."""

    sources: tuple[Source, ...] = ()
    #: column key -> {"origin": "source" | "computed by hague", "inputs": [...]} (filled from the columns)
    origins: dict = field(default_factory=dict)
    #: free text added to the footer (e.g. conventions used for aggregates)
    statement: str = ""
    #: False when ``statement`` already cites the sources (legacy footers): the footer is the statement alone
    footer_sources: bool = True

    @classmethod
    def of(cls, *dataset_ids: str, statement: str = "", footer_sources: bool = True) -> Provenance:
        """Provenance naming the given datasets (ids as in ``hague sources``)."""
        seen = list(dict.fromkeys(d for d in dataset_ids if d))
        return cls(tuple(Source.of(d) for d in seen), statement=statement, footer_sources=footer_sources)

    @property
    def edition(self) -> str:
        return self.sources[0].edition if self.sources else ""

    @property
    def dataset(self) -> str:
        return self.sources[0].dataset if self.sources else ""

    def footer(self) -> str:
        """One line per source: attribution; dataset id and edition."""
        parts = [f"{s.attribution or s.title or s.dataset}; dataset {s.dataset}, edition {s.edition}."
                 for s in self.sources] if self.footer_sources else []
        if self.statement:
            parts.append(self.statement)
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {"sources": [s.to_dict() for s in self.sources], "columns": dict(self.origins),
                "statement": self.statement}


@dataclass
class Result:
    """A titled table of unrounded values with column specs, provenance and notes.

    ``sections`` optionally groups the rows for the terminal table: a list of ``(label, rows)`` whose rows are
    the same objects as in ``rows``. ``meta`` holds scalar facts about the whole result (year, ally, verdict).
    """

    title: str
    rows: list[dict]
    columns: list[Column]
    provenance: Provenance = field(default_factory=Provenance)
    notes: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[dict]]] | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate column keys in result {self.title!r}: {keys}")
        if not self.provenance.origins:
            origins = {c.key: {"origin": c.origin, "inputs": list(c.inputs)} for c in self.columns}
            self.provenance = replace(self.provenance, origins=origins)

    # --- access -------------------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        from hague.errors import HagueError

        raise HagueError(f"unknown column {key!r} in {self.title!r}; accepted: {', '.join(self.keys)}")

    def row(self, **match) -> dict:
        """The first row whose fields equal ``match`` (e.g. ``row(code="DEU")``)."""
        for r in self.rows:
            if all(r.get(k) == v for k, v in match.items()):
                return r
        from hague.errors import HagueError

        raise HagueError(f"no row with {match} in {self.title!r}")

    def select(self, keys: Sequence[str]) -> Result:
        """A new result with only ``keys`` (in that order, each once); unknown keys are an error listing the
        accepted ones."""
        cols = [self.column(k) for k in dict.fromkeys(keys)]
        return replace(self, columns=cols)

    def sorted(self, key: str, *, descending: bool | None = None, kinds: Iterable[str] = ("ally",)) -> Result:
        """A new result with rows of the given ``kinds`` sorted by ``key`` (numbers descending, text ascending);
        missing values last; other rows (aggregates) keep their place after them."""
        col = self.column(key)
        desc = col.numeric if descending is None else descending
        kinds = set(kinds)
        movable = [r for r in self.rows if r.get("kind", "ally") in kinds]
        fixed = [r for r in self.rows if r.get("kind", "ally") not in kinds]
        present = [r for r in movable if r.get(key) is not None]
        absent = [r for r in movable if r.get(key) is None]
        present.sort(key=lambda r: r[key], reverse=desc)
        rows = present + absent + fixed
        sections = None
        if self.sections is not None:
            sections = [("", present + absent)] + [(label, rs) for label, rs in self.sections
                                                   if rs and rs[0].get("kind", "ally") not in kinds]
        return replace(self, rows=rows, sections=sections)

    def footer(self) -> str:
        """Provenance line followed by the notes."""
        return " ".join([self.provenance.footer(), *self.notes]).strip()

    # --- conversions ---------------------------------------------------------------------------
    def frame(self, *, extra: bool = False):
        """The rows as a pandas DataFrame (unrounded), columns in order; provenance in ``df.attrs``.

        ``extra=True`` appends the row fields that have no column spec (e.g. a check row's ``label``)."""
        import pandas as pd

        keys = list(self.keys)
        if extra:
            keys += [k for k in dict.fromkeys(k for r in self.rows for k in r) if k not in keys]
        df = pd.DataFrame([{k: r.get(k) for k in keys} for r in self.rows], columns=keys)
        for c in self.columns:
            if c.kind in ("number", "percent", "money"):
                df[c.key] = pd.to_numeric(df[c.key], errors="coerce").astype("float64")
        df.attrs["title"] = self.title
        df.attrs["provenance"] = self.provenance.to_dict()
        df.attrs["columns"] = {c.key: c.to_dict() for c in self.columns}
        df.attrs["notes"] = list(self.notes)
        df.attrs.update(self.meta)
        return df

    def to_dict(self, *, rounded: bool = True) -> dict:
        """JSON-ready document: title, columns, rows (rounded by the column spec), provenance, notes, meta."""
        from hague.render import data_value

        rows = [{c.key: (data_value(r.get(c.key), c) if rounded else r.get(c.key)) for c in self.columns}
                for r in self.rows]
        return {"title": self.title, "columns": [c.to_dict() for c in self.columns], "rows": rows,
                "provenance": self.provenance.to_dict(), "notes": list(self.notes), "meta": dict(self.meta)}

    def __len__(self) -> int:
        return len(self.rows)
