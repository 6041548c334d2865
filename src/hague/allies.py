"""Who the allies are: ISO3 and ISO2 codes, NATO table code, name, accession year, currency.

The list is embedded (``hague/data/embedded/allies.csv``, provenance in ``allies.yaml``).

>>> from hague.allies import resolve
>>> resolve("pol").name
'Poland'
>>> resolve("Germany").iso3
'DEU'
>>> resolve("Holland").iso3, resolve("Slovak Republic").iso3, resolve("Türkiye").iso3, resolve("FYROM").iso3
('NLD', 'SVK', 'TUR', 'MKD')
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hague.errors import UnknownAllyError

__all__ = ["Ally", "all_allies", "resolve", "match_name", "normalise_name", "members", "NO_ARMED_FORCES", "ALIASES"]

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

    def to_dict(self) -> dict:
        """The ally as a plain dict: the one set of keys every face uses (API, CLI, ``hague.allies()``)."""
        return {"iso3": self.iso3, "iso2": self.iso2, "nato_code": self.nato_code, "name": self.name,
                "accession_year": self.accession_year, "currency": self.currency,
                "has_armed_forces": self.has_armed_forces}


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


#: Names and short forms NATO, SIPRI and the IMF use where they differ from ours (the row labels of their files:
#: NATO writes "Slovak Republic", "Türkiye", "Czechia", "United States"; SIPRI "United States of America",
#: "Czechia", "Slovakia", "Türkiye"; the IMF WEO "Czech Republic", "Slovak Republic", "Netherlands, The",
#: "Türkiye, Republic of", "X, Republic of") and common English short forms. Keys are normalised (see normalise_name).
ALIASES: dict[str, str] = {
    "holland": "NLD", "the netherlands": "NLD", "netherlands, the": "NLD", "kingdom of the netherlands": "NLD",
    "slovak republic": "SVK",
    "turkey": "TUR", "turkiye": "TUR", "turkiye, republic of": "TUR", "republic of turkiye": "TUR",
    "czech republic": "CZE",
    "united states of america": "USA", "us": "USA", "u s": "USA", "u s a": "USA", "america": "USA",
    "uk": "GBR", "u k": "GBR", "great britain": "GBR", "britain": "GBR",
    "united kingdom of great britain and northern ireland": "GBR",
    "macedonia": "MKD", "fyrom": "MKD", "fyr macedonia": "MKD", "former yugoslav republic of macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD", "republic of north macedonia": "MKD",
    "north macedonia, republic of": "MKD",
    "croatia, republic of": "HRV", "estonia, republic of": "EST", "latvia, republic of": "LVA",
    "lithuania, republic of": "LTU", "poland, republic of": "POL", "slovenia, republic of": "SVN",
    "federal republic of germany": "DEU", "hellenic republic": "GRC",
}


def normalise_name(text: str) -> str:
    """Strip footnote asterisks, a trailing bracketed note, accents, dots and extra spaces; lower case.

    >>> normalise_name("Sweden* (Kronor)"), normalise_name(" Türkiye "), normalise_name("U.S.A.")
    ('sweden', 'turkiye', 'u s a')
    """
    t = re.sub(r"\([^()]*\)\s*$", "", str(text)).replace("*", "")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c)).replace(".", " ").replace("\u00a0", " ")
    return " ".join(t.split()).strip().casefold()


@lru_cache(maxsize=1)
def _index() -> dict[str, Ally]:
    """Normalised code or name -> ally, built once (codes, our names, then NATO / SIPRI / IMF spellings)."""
    idx: dict[str, Ally] = {}
    by_iso3 = {a.iso3: a for a in all_allies()}
    for a in all_allies():
        for key in (a.iso3, a.iso2, a.nato_code, a.name):
            if key:
                idx[normalise_name(key)] = a
    for alias, iso3 in ALIASES.items():
        idx.setdefault(alias, by_iso3[iso3])
    return idx


@lru_cache(maxsize=4096)  # importers match every label of a workbook against it
def match_name(label: str) -> Ally | None:
    """The ally for a code or a name as NATO, SIPRI or the IMF write it; ``None`` if there is none.

    >>> match_name("United States of America").iso3, match_name("Netherlands, The").iso3, match_name("Atlantis")
    ('USA', 'NLD', None)
    """
    return _index().get(normalise_name(label))


def resolve(code: str) -> Ally:
    """Return the ally for an ISO3 or ISO2 code, NATO table code, English name or a name NATO, SIPRI or the IMF
    use (:data:`ALIASES`; any case, accents optional).

    Raises :class:`~hague.errors.UnknownAllyError` with a suggestion:

    >>> resolve("GER")
    Traceback (most recent call last):
    ...
    hague.errors.UnknownAllyError: unknown ally 'GER'; did you mean DEU (Germany)?
    """
    a = match_name(str(code))
    if a is not None:
        return a
    raise UnknownAllyError(f"unknown ally {code!r}; {_suggest(code)}")


def _suggest(code: str) -> str:
    key = normalise_name(code)
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
