"""The related-spending ledger: what allies say they count toward The Hague's "up to 1.5 %", and what NATO said.

NATO publishes no definition of, and no reporting rules for, the 1.5 % bucket, and its July 2026 data release
is core-only. So the ledger records *claims*, each with its evidence grade, never a NATO figure. The data is
``hague/rules/tree/related/claims.csv``, one row per statement:

=======================  =================================================================================
column                   meaning
=======================  =================================================================================
``id``                   short id, unique per ally
``ally``                 ISO3 code, or ``NATO`` for the alliance's own statements
``year``                 the year the claim is about (``2025-2030`` for a period)
``value``, ``unit``      the amount or share where one is given (``pct_GDP``; ``pct_GDP_cap`` for the
                         declaration's cap; ``EUR_bn``, ``EUR_m``, ``SEK_bn``, ``PLN_bn``)
``category``             the declaration's five: ``infrastructure`` (critical infrastructure), ``cyber``
                         (networks), ``resilience`` (civil preparedness and resilience), ``innovation``,
                         ``industrial_base`` (defence industrial base); or ``other``, ``unspecified``
``also_categories``      further categories the statement names, ``;``-separated
``claim``                ``spending`` (money or a share counted for a year), ``intention`` (a pledge of
                         1.5 % by a year), ``category`` (what would count, no amount), ``candidate`` (an item
                         considered, not stated as counted), ``nato`` (a statement by NATO), ``derived`` (a
                         figure worked out from a stated total, never stated itself)
``counted_in``           ``related`` (toward the 1.5 %), ``core`` (the ally counts it in its NATO core
                         figure), ``unspecified``
``new_or_reclassified``  ``new``, ``existing``, ``reclassified``, ``unknown``, ``n/a``
``source_url`` ...       source, kind of source, publication date, confidence and note, as in the plans
=======================  =================================================================================

>>> [(c.ally, c.year, c.value, c.confidence) for c in related_claims() if c.claim in ("spending", "derived")
...  and c.counted_in == "related"]
[('CAN', '2025', 1.5, 'medium'), ('GBR', '2027', 1.5, 'medium'), ('ITA', '2026', 0.7, 'low')]

Honest totals: a related figure counts toward an ally's 5 % only when the government itself stated it (a
government or parliament source) with at least medium evidence, for that year. Everything else is shown apart,
never added: Italy's 0.7 % (a think-tank figure, low evidence), Canada's 1.5 % (the government's words, read in a
press relay), the UK's 1.5 % for 2027 (derived by subtraction from a 4.1 % total):

>>> related_share("ITA", 2026) is None, related_share("DEU", 2026) is None
(True, True)
>>> related_apart("GBR", 2026)
['claimed for 2027: 1.5% (derived from a stated total, not stated itself; not added)']
>>> related_apart("ITA", 2026)
['claimed for 2026: 0.7% (low evidence, think_tank source; not added)']
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from hague.rules.national_plans import CONFIDENCE, SOURCE_KINDS, PlanDataError, check_confidence, parse_date

__all__ = ["RelatedClaim", "related_claims", "related_share", "related_apart", "why_not_counted", "NATO_STATEMENTS", "CATEGORIES", "CLAIMS",
           "COUNTED_IN", "read_claims_csv", "no_reporting_rules"]

#: code -> label: the five categories the declaration names ("inter alia"), then the rest
CATEGORIES = {
    "infrastructure": "critical infrastructure",
    "cyber": "networks (cyber defence)",
    "resilience": "civil preparedness and resilience",
    "innovation": "innovation",
    "industrial_base": "defence industrial base",
    "other": "other",
    "unspecified": "unspecified",
}
CLAIMS = ("spending", "intention", "category", "candidate", "nato", "derived")
#: who must have stated a related figure for it to count toward the 5 % total: the government itself
COUNTED_SOURCE_KINDS = ("government", "parliament")
#: and with at least this evidence
COUNTED_CONFIDENCE = ("high", "medium")
COUNTED_IN = ("related", "core", "unspecified")
NEW_OR_RECLASSIFIED = ("new", "existing", "reclassified", "unknown", "n/a")
COLUMNS = ("id", "ally", "year", "value", "unit", "category", "also_categories", "claim", "counted_in",
           "description", "new_or_reclassified", "source_url", "source_kind", "published", "confidence", "note")
CLAIMS_FILE = "hague/rules/tree/related/claims.csv"
_YEAR = re.compile(r"^\d{4}(-\d{4})?$")
_UNIT = re.compile(r"^(pct_GDP|pct_GDP_cap|[A-Z]{3}_(bn|m))$")


@dataclass(frozen=True)
class RelatedClaim:
    """One statement about defence- and security-related spending (see the module docstring)."""

    id: str
    ally: str  # ISO3 or "NATO"
    year: str
    year_from: int
    year_to: int
    value: float | None
    unit: str
    category: str
    also_categories: tuple[str, ...]
    claim: str
    counted_in: str
    description: str
    new_or_reclassified: str
    source_url: str | None
    source_kind: str | None
    published: str | None
    published_date: date | None
    confidence: str
    note: str = ""
    row: int = 0

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category,) + self.also_categories

    @property
    def category_label(self) -> str:
        return "; ".join(CATEGORIES[c] for c in self.categories)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["published_date"] = self.published_date.isoformat() if self.published_date else None
        d["also_categories"] = list(self.also_categories)
        d["category_label"] = self.category_label
        return d


def read_claims_csv(text: str, where: str = "claims.csv") -> tuple[RelatedClaim, ...]:
    """Read and validate a related-spending ledger; errors name the file, row and column."""
    from hague.allies import resolve
    from hague.errors import HagueError

    def fail(n, col, msg):
        return PlanDataError(f"{where}: row {n}, column {col}: {msg}")

    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise PlanDataError(f"{where}: row 1: the columns must be {', '.join(COLUMNS)}")
    out = []
    seen = set()
    for n, r in enumerate(reader, start=2):
        r = {k: (v or "").strip() for k, v in r.items() if k is not None}
        ally = r["ally"]
        if ally != "NATO":
            try:
                if resolve(ally).iso3 != ally:
                    raise fail(n, "ally", f"use the ISO3 code {resolve(ally).iso3!r}")
            except HagueError as exc:
                raise fail(n, "ally", str(exc)) from None
        if (ally, r["id"]) in seen or not r["id"]:
            raise fail(n, "id", f"missing or duplicate id {r['id']!r} for {ally}")
        seen.add((ally, r["id"]))
        if not _YEAR.match(r["year"]):
            raise fail(n, "year", f"{r['year']!r} is not a year or a range such as 2025-2030")
        y0, _, y1 = r["year"].partition("-")
        value = None
        if r["value"]:
            try:
                value = float(r["value"])
            except ValueError:
                raise fail(n, "value", f"must be a number, got {r['value']!r}") from None
            if value != value or value < 0 or value == float("inf"):
                raise fail(n, "value", f"must be a finite non-negative number, got {r['value']!r}")
            if not _UNIT.match(r["unit"]):
                raise fail(n, "unit", f"{r['unit']!r} not accepted; accepted: pct_GDP, pct_GDP_cap, XXX_bn, XXX_m")
        for col, allowed in (("category", tuple(CATEGORIES)), ("claim", CLAIMS), ("counted_in", COUNTED_IN),
                             ("new_or_reclassified", NEW_OR_RECLASSIFIED), ("confidence", CONFIDENCE)):
            if r[col] not in allowed:
                raise fail(n, col, f"{r[col]!r} not accepted; accepted: {', '.join(allowed)}")
        also = tuple(x for x in r["also_categories"].split(";") if x)
        bad = [x for x in also if x not in CATEGORIES]
        if bad:
            raise fail(n, "also_categories", f"{bad[0]!r} not accepted; accepted: {', '.join(CATEGORIES)}")
        skind = r["source_kind"] or None
        if skind is not None and skind not in SOURCE_KINDS:
            raise fail(n, "source_kind", f"{skind!r} not accepted; accepted: {', '.join(SOURCE_KINDS)}")
        problem = check_confidence(r["confidence"], skind)
        if problem:
            raise fail(n, "confidence", problem)
        try:
            pub_date = parse_date(r["published"]) if r["published"] else None
        except ValueError as exc:
            raise fail(n, "published", str(exc)) from None
        if not r["description"]:
            raise fail(n, "description", "missing")
        out.append(RelatedClaim(
            id=r["id"], ally=ally, year=r["year"], year_from=int(y0), year_to=int(y1 or y0), value=value,
            unit=r["unit"], category=r["category"], also_categories=also, claim=r["claim"], counted_in=r["counted_in"],
            description=" ".join(r["description"].split()), new_or_reclassified=r["new_or_reclassified"],
            source_url=r["source_url"] or None, source_kind=skind, published=r["published"] or None,
            published_date=pub_date, confidence=r["confidence"], note=r["note"], row=n))
    return tuple(out)


@lru_cache(maxsize=1)
def _shipped() -> tuple[RelatedClaim, ...]:
    text = resources.files("hague.rules").joinpath("tree", "related", "claims.csv").read_text(encoding="utf-8")
    return read_claims_csv(text, CLAIMS_FILE)


def related_claims(ally: str | None = None, *, as_of: date | None = None, nato: bool = True) -> list[RelatedClaim]:
    """The ledger's claims (ally: ISO3, a name, or ``NATO``); ``as_of`` keeps what was published by that date;
    ``nato=False`` leaves out NATO's own statements."""
    from hague.allies import resolve

    code = None if ally is None else ("NATO" if str(ally).upper() == "NATO" else resolve(ally).iso3)
    out = []
    for c in _shipped():
        if code and c.ally != code or not nato and c.ally == "NATO":
            continue
        if as_of is not None and (c.published_date is None or c.published_date > as_of):
            continue
        out.append(c)
    return out


def _share_claims(ally: str) -> list[RelatedClaim]:
    return [c for c in related_claims(ally, nato=False) if c.claim in ("spending", "derived")
            and c.counted_in == "related" and c.unit == "pct_GDP" and c.value is not None]


def why_not_counted(c: RelatedClaim) -> str | None:
    """Why a related share does not count toward the 5 % total (None: it counts, for its own years)."""
    if c.claim == "derived":
        return "derived from a stated total, not stated itself"
    why = []
    if c.confidence not in COUNTED_CONFIDENCE:
        why.append(f"{c.confidence} evidence")
    if c.source_kind not in COUNTED_SOURCE_KINDS:
        why.append(f"{c.source_kind or 'unknown'} source")
    return ", ".join(why) or None


def related_share(ally: str, year: int) -> RelatedClaim | None:
    """The related spending (share of GDP) that counts toward the ally's 5 % total in ``year``: stated by the
    government itself (a government or parliament source), evidence at least medium, claimed for that year; or
    None. Of two claims, the later publication wins. Everything else is in :func:`related_apart`."""
    found = [c for c in _share_claims(ally) if c.year_from <= year <= c.year_to and why_not_counted(c) is None]
    found.sort(key=lambda c: c.published_date or date.min)
    return found[-1] if found else None


def related_apart(ally: str, year: int) -> list[str]:
    """The related shares shown apart for ``year``, never added: claimed for another year, or below the bar of
    :func:`related_share` (derived, low evidence, not stated by the government), each with its year and reason."""
    counted = related_share(ally, year)
    out = []
    for c in sorted(_share_claims(ally), key=lambda c: (c.year_from, c.id)):
        if counted is not None and c.id == counted.id:
            continue
        why = why_not_counted(c)
        if why is None and not (c.year_from <= year <= c.year_to):
            why = "another year"
        out.append(f"claimed for {c.year}: {c.value:g}% ({why}; not added)")
    return out


def NATO_STATEMENTS() -> list[RelatedClaim]:  # noqa: N802 - a constant-like accessor
    """NATO's own statements on the 1.5 % (the declaration's wording, no reporting rules, a core-only release)."""
    return related_claims("NATO")


def no_reporting_rules() -> str:
    """The sentence every related-spending output carries: NATO has published no definition or reporting rules."""
    rel = {c.id: c for c in NATO_STATEMENTS()}
    release = rel.get("nato-2026-release-core-only")
    tail = f" ({release.source_url})" if release else ""
    return ("NATO has published no definition of, and no reporting rules for, the 1.5% of defence- and "
            "security-related spending; its July 2026 data release carries core defence expenditure only" + tail +
            ". Related figures here are what allies have claimed, graded by evidence, not NATO figures.")
