"""Who the allies are: ISO3 and ISO2 codes, NATO table code, name, accession year, currency.

The list is embedded (``hague/data/embedded/allies.csv``, provenance in ``allies.yaml``).

>>> from hague.allies import resolve
>>> resolve("pol").name
'Poland'
>>> resolve("Germany").iso3
'DEU'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hague.errors import UnknownAllyError

__all__ = ["Ally", "all_allies", "resolve", "members", "NO_ARMED_FORCES"]

#: Allies that are members without armed forces: they add GDP and population to NATO totals
#: but no defence expenditure, and are never shown as 0 %.
NO_ARMED_FORCES = frozenset({"ISL"})


@dataclass(frozen=True, slots=True)
class Ally:
    """One NATO ally."""

    iso3: str
    iso2: str
    nato_code: str | None
    name: str
    accession_year: int
    currency: str | None  # NATO 2026 Table 1 currency; None for Iceland

    @property
    def has_armed_forces(self) -> bool:
        return self.iso3 not in NO_ARMED_FORCES

    def is_member(self, year: int) -> bool:
        """True if the ally was a member in ``year`` (it counts from its accession year)."""
        return year >= self.accession_year

    @property
    def is_europe_or_canada(self) -> bool:
        return self.iso3 != "USA"


@lru_cache(maxsize=1)
def all_allies() -> tuple[Ally, ...]:
    """All 32 allies in the order of the embedded list (alphabetical by English name).

    >>> len(all_allies())
    32
    """
    text = (Path(__file__).resolve().parent / "data" / "embedded" / "allies.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        out.append(
            Ally(
                iso3=r["ally_iso3"],
                iso2=r["iso2"],
                nato_code=r["nato_table_code"] or None,
                name=r["name"],
                accession_year=int(r["accession_year"]),
                currency=r["nato_2026ed_national_currency"] or None,
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, Ally]:
    idx: dict[str, Ally] = {}
    for a in all_allies():
        for key in (a.iso3, a.iso2, a.nato_code, a.name):
            if key:
                idx[key.casefold()] = a
    # common alternative spellings
    idx["turkey"] = idx["tur"]
    idx["uk"] = idx["gbr"]
    idx["usa"] = idx["usa"]
    idx["czech republic"] = idx["cze"]
    return idx


def resolve(code: str) -> Ally:
    """Return the ally for an ISO3 or ISO2 code, NATO table code or English name (any case).

    Raises :class:`~hague.errors.UnknownAllyError` with a suggestion:

    >>> resolve("GER")
    Traceback (most recent call last):
    ...
    hague.errors.UnknownAllyError: unknown ally 'GER'; did you mean DEU (Germany)?
    """
    idx = _index()
    key = str(code).strip().casefold()
    if key in idx:
        return idx[key]
    raise UnknownAllyError(f"unknown ally {code!r}; {_suggest(code)}")


def _suggest(code: str) -> str:
    key = str(code).strip().casefold()
    special = {"ger": "DEU", "deu": "DEU", "de": "DEU", "ned": "NLD", "hol": "NLD", "por": "PRT", "rom": "ROU",
               "cro": "HRV", "slo": "SVN", "den": "DNK", "lat": "LVA", "bul": "BGR", "gre": "GRC", "tük": "TUR",
               "mon": "MNE", "nma": "MKD", "us": "USA", "gb": "GBR", "eng": "GBR", "swi": "SWE", "lit": "LTU"}
    idx = _index()
    cands: list[Ally] = []
    if key in special:
        a = idx[special[key].casefold()]
        return f"did you mean {a.iso3} ({a.name})?"
    import difflib  # only for an unknown name

    for m in difflib.get_close_matches(key, list(idx), n=3, cutoff=0.6):
        if idx[m] not in cands:
            cands.append(idx[m])
    for a in all_allies():  # prefix of the name, e.g. 'germ'
        if len(key) >= 3 and a.name.casefold().startswith(key[:3]) and a not in cands:
            cands.append(a)
    if cands:
        return "did you mean " + " or ".join(f"{a.iso3} ({a.name})" for a in cands[:3]) + "?"
    return "use an ISO3 code such as POL, DEU or USA (hague allies lists them)"


def members(year: int, *, armed_forces_only: bool = False) -> tuple[Ally, ...]:
    """Allies that were members in ``year``.

    >>> [a.iso3 for a in members(2023) if a.iso3 in ("FIN", "SWE")]
    ['FIN']
    """
    return tuple(a for a in all_allies() if a.is_member(year) and (a.has_armed_forces or not armed_forces_only))
