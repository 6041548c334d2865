"""Check a published claim about an ally's defence spending against every source and vintage hague holds.

Long (over 500 lines): reading a claim and checking it against every source are one procedure, read top to bottom.
A claim is free text ("Poland spent 4.48% of GDP on defence in 2025") or structured (ally, year, value, unit).
:func:`verify` reads every NATO edition in hague (the July 2026 tables, the August 2025 press figures and tables,
the 2023 and 2024 estimates), every SIPRI edition the user imported (SIPRI's definition differs from NATO's), and
the national plans ledger (budget laws and drafts on the national basis, stated paths), and answers:

- **match**: a source states the figure (to the claim's precision). The reason names which edition and source
  agree, "since revised to X in edition E" where NATO revised it, the basis when it is a national budget figure,
  and SIPRI's different definition when only SIPRI agrees;
- **close**: not to the claim's precision, but within 0.1 percentage point (shares) or 3% (amounts) of a source, or
  equal once a slip is undone: a fraction for a percent, millions for billions, current for constant prices;
- **mismatch**: the sources have the figure and none agrees (the reason says what they say, and "wrong year"
  when the value is the ally's figure for a nearby year);
- **cannot verify**: no source has the figure (not a NATO ally, a year no source covers, a claim that is not a
  level of spending or a share of GDP), with the reason.

Every answer lists every source consulted, with edition, value and link.

>>> v = verify("Poland spent 4.48% of GDP on defence in 2025")
>>> v.verdict, v.reasons[0]
('match', "NATO's August 2025 estimate (nato-2025-press, 2025-08) states 4.48; since revised to 4.25 in NATO's July 2026 edition (nato-2026)")
>>> verify("POL", year=2026, value=4.81, unit="pct_GDP").reasons[0]
"Poland's 2026 budget law (national definition, not NATO's; law-2026-200.1pln) states 4.81; NATO's July 2026 edition has 4.68"
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from hague.allies import ALIASES, all_allies, resolve
from hague.errors import HagueError
from hague.results import Column, Provenance, Result, Source

__all__ = ["verify", "verify_result", "read_number", "parse_claim", "Claim", "Verification", "VERDICTS", "UNITS"]

VERDICTS = ("match", "close", "mismatch", "cannot verify")
#: structured units: shares and amounts (CUR_bn / CUR_m for any currency code)
UNITS = ("pct_GDP", "fraction_GDP", "USD_bn", "USD_m", "EUR_bn", "EUR_m", "XXX_bn", "XXX_m")
SHARE_TOL = 0.1  # percentage points
AMOUNT_TOL = 0.03  # relative
_AGGREGATES = {"NATO_TOTAL": "NATO (all allies)", "NATO_EUROPE_CANADA": "NATO Europe and Canada"}
_NOT_ALLIES = ("russia", "russian", "china", "chinese", "ukraine", "ukrainian", "israel", "israeli", "japan",
               "japanese", "india", "indian", "saudi arabia", "iran", "iranian", "south korea", "taiwan", "australia",
               "switzerland", "austria", "ireland", "belarus")
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "€": "EUR", "eur": "EUR",
             "euros": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP", "pln": "PLN", "zł": "PLN",
             "zloty": "PLN", "złoty": "PLN", "c$": "CAD", "cad": "CAD", "sek": "SEK", "nok": "NOK", "dkk": "DKK",
             "czk": "CZK", "huf": "HUF", "ron": "RON", "try": "TRY", "bgn": "BGN", "chf": "CHF", "kr": None}
_SCALE = {"trillion": 1000.0, "tn": 1000.0, "billion": 1.0, "bn": 1.0, "b": 1.0, "million": 0.001, "m": 0.001,
          "mn": 0.001, "mln": 0.001}
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CUR = r"(US\$|C\$|\$|€|£|zł|USD|EUR|GBP|PLN|CAD|SEK|NOK|DKK|CZK|HUF|RON|TRY|BGN)"
_SCL = r"(trillion|billion|million|bn|tn|mln|mn|m|b)\b"
_MONEY_BEFORE = re.compile(_CUR + r"\s?" + _NUM + r"(?:\s*" + _SCL + r")?", re.I)
_MONEY_AFTER = re.compile(_NUM + r"\s*" + _SCL + r"\s*(US dollars|dollars|euros|pounds|zlotys?|" + _CUR[1:-1] + r")",
                          re.I)
_SHARE = re.compile(_NUM + r"\s*(%|per ?cent|percent)\s*(?:of\s+(?:its\s+|the\s+country's\s+|[A-Z][a-z]+'s\s+)?"
                    r"(?:gross domestic product|GDP))", re.I)
_SHARE_LOOSE = re.compile(_NUM + r"\s*(%|per ?cent|percent)", re.I)
_YEAR = re.compile(r"(?<![\d.,])((?:19[5-9]|20[0-9])\d)(?:\s*[-/]\s*(\d{2,4}))?(?![\d%])")


@dataclass(frozen=True)
class Claim:
    """What a claim says: ally (ISO3, or an aggregate), year, value and unit (``pct_GDP`` or ``CUR_bn``)."""

    text: str
    ally: str | None
    year: int | None
    value: float | None
    unit: str | None
    decimals: int = 2
    price_basis: str = "current"
    problem: str | None = None  # why it cannot be verified as stated (not an ally, no figure, ...)
    fiscal_year: bool = False
    names_sipri: bool = False

    @property
    def is_share(self) -> bool:
        return self.unit in ("pct_GDP", "fraction_GDP")

    @property
    def currency(self) -> str | None:
        return None if self.unit is None or self.is_share else self.unit.split("_")[0]

    def describe(self) -> str:
        if self.value is None:
            return self.text
        who = _AGGREGATES.get(self.ally, None) or (resolve(self.ally).name if self.ally else "?")
        if self.is_share:
            what = f"{_fmt(self.value, self.decimals)}{'' if self.unit == 'fraction_GDP' else '%'} of GDP"
        else:
            what = f"{self.currency} {_fmt(self.value, self.decimals)} bn ({self.price_basis} prices)"
        return f"{who}, {self.year}: {what}"


def _fmt(v: float, d: int) -> str:
    return f"{v:,.{d}f}"


def _decimals(num: str) -> int:
    return len(num.split(".")[1]) if "." in num else 0


#: a comma that cannot be a thousands separator ("4,48", "1,2345"): a decimal comma, refused as ambiguous
_DECIMAL_COMMA = re.compile(r"\d,(?:\d{1,2}|\d{4,})(?!\d)")


def read_number(num: str) -> float:
    """A claim's number: ``4.48``, ``1,234.5`` (commas only as thousands separators). A decimal comma is refused
    (``4,48`` would otherwise read as 448 or 48), as the plan grid refuses it.

    >>> read_number("1,234.5"), read_number("4.48")
    (1234.5, 4.48)
    >>> read_number("4,48")
    Traceback (most recent call last):
    ...
    hague.errors.HagueError: '4,48' has a decimal comma; write it with a decimal point (4.48)
    """
    if _DECIMAL_COMMA.search(num):
        raise HagueError(f"{num!r} has a decimal comma; write it with a decimal point ({num.replace(',', '.')})")
    try:
        return float(num.replace(",", ""))
    except ValueError:
        raise HagueError(f"value must be a number, got {num!r}") from None




def _find_ally(text: str) -> tuple[str | None, str | None]:
    """(ISO3 or aggregate key, problem) for the first ally (or aggregate) named in ``text``."""
    low = " " + re.sub(r"[^a-z0-9$€£ ]+", " ", text.lower()) + " "
    hits = []
    names = {a.name.lower(): a.iso3 for a in all_allies()}
    names.update({k: v for k, v in ALIASES.items() if len(k) > 2})
    names.update({"polish": "POL", "german": "DEU", "british": "GBR", "french": "FRA", "italian": "ITA",
                  "spanish": "ESP", "dutch": "NLD", "canadian": "CAN", "lithuanian": "LTU", "latvian": "LVA",
                  "estonian": "EST", "finnish": "FIN", "swedish": "SWE", "norwegian": "NOR", "danish": "DNK",
                  "u s ": "USA", " us ": "USA", "u k ": "GBR", " uk ": "GBR", "american": "USA"})
    for name, code in names.items():
        key = f" {name.strip()} "
        pos = low.find(key)
        if pos < 0 and not name.endswith(" "):
            pos = low.find(f" {name.strip()}s ")  # "Poland's" -> "poland s"
        if pos >= 0:
            hits.append((pos, code))
    iso2 = {a.iso2: a.iso3 for a in all_allies()}
    for m in re.finditer(r"\b([A-Z]{2})\b", text):  # NATO's and the press's two-letter codes: "PL: 2026e 4.68%"
        if m.group(1) in iso2:
            hits.append((m.start() + 1, iso2[m.group(1)]))
    for agg, words in (("NATO_EUROPE_CANADA", ("europe and canada", "european allies and canada")),
                       ("NATO_TOTAL", ("nato wide", "nato-wide", "all allies", "nato as a whole", "nato members",
                                       " nato "))):
        for w in words:
            pos = low.find(w)
            if pos >= 0:
                hits.append((pos + (1000 if agg == "NATO_TOTAL" else 0), agg))  # a named ally wins over "NATO"
                break
    for c in _NOT_ALLIES:
        pos = low.find(f" {c} ")
        if pos >= 0:
            hits.append((pos, f"!{c}"))
    if not hits:
        return None, "no NATO ally named (hague checks claims about an ally, NATO, or Europe and Canada)"
    hits.sort()
    code = hits[0][1]
    if code.startswith("!"):
        country = {"russian": "russia", "chinese": "china", "ukrainian": "ukraine", "israeli": "israel",
                   "japanese": "japan", "indian": "india", "iranian": "iran"}.get(code[1:], code[1:])
        return None, (f"{country.title()} is not a NATO ally: hague holds NATO's, SIPRI's (imported) and national "
                      "figures for the 32 allies only")
    return code, None


def parse_claim(text: str) -> Claim:
    """Read ally, year, value and unit from a sentence (see the module docstring)."""
    text = " ".join(str(text).split())
    if not text:
        raise HagueError("empty claim: give a sentence, or ALLY YEAR VALUE --unit UNIT")
    m = _DECIMAL_COMMA.search(text)
    if m:
        raise HagueError(f"the claim has a decimal comma ({m.group(0)!r} in {text!r}); write the number with a "
                         "decimal point")
    ally, problem = _find_ally(text)
    years = [(m.start(), int(m.group(1)), m.group(2)) for m in _YEAR.finditer(text)]
    year, fiscal = None, False
    names_sipri = "sipri" in text.lower()
    value = unit = None
    dec = 2
    basis = "constant_2021" if re.search(r"constant|2021 prices|real terms", text, re.I) else "current"
    pos = len(text)
    m = _SHARE.search(text)
    if m:
        value, unit, dec, pos = read_number(m.group(1)), "pct_GDP", _decimals(m.group(1)), m.start()
    else:
        money = _MONEY_BEFORE.search(text)
        after = _MONEY_AFTER.search(text)
        if money and (money.group(3) or not after):
            cur = _CURRENCY.get(money.group(1).lower(), money.group(1).upper())
            scale = _SCALE[(money.group(3) or "").lower()] if money.group(3) else None
            raw = read_number(money.group(2))
            if scale is None:  # "€124,660m" has a scale; "$980" alone is read as millions only if large
                scale = 0.001 if raw >= 1000 else 1.0
            value, unit, dec = raw * scale, f"{cur}_bn", _decimals(money.group(2)) + (3 if scale == 0.001 else 0)
            pos = money.start()
        elif after:
            cur = _CURRENCY.get(after.group(3).lower().rstrip("s"), None) or _CURRENCY.get(after.group(3).lower())
            scale = _SCALE[after.group(2).lower()]
            raw = read_number(after.group(1))
            value, unit, dec = raw * scale, f"{cur or 'USD'}_bn", _decimals(after.group(1)) + (
                3 if scale == 0.001 else 0)
            pos = after.start()
        elif _SHARE_LOOSE.search(text) and re.search(r"\bGDP\b|gross domestic", text, re.I):
            m2 = _SHARE_LOOSE.search(text)
            value, unit, dec, pos = read_number(m2.group(1)), "pct_GDP", _decimals(m2.group(1)), m2.start()
    if years:  # the year nearest the figure ("2026 budget EUR 4.79bn = 5.38% (Seimas, Dec 2025)": 2026)
        _, year, tail = min(years, key=lambda t: (abs(t[0] - pos), t[0]))
        fiscal = bool(tail)
    if value is None and problem is None:
        problem = ("no level of spending or share of GDP found in the claim (a percent change, a count or a "
                   "pledge is not checked)")
    if year is None and problem is None:
        problem = "no year found in the claim"
    return Claim(text, ally, year, value, unit, min(dec, 6), basis, problem, fiscal, names_sipri)


# --- sources ----------------------------------------------------------------------------------------------------


@dataclass
class Evidence:
    kind: str  # nato, sipri, plan
    label: str  # "NATO's July 2026 edition"
    dataset: str
    edition: str
    year: int
    value: float  # in the claim's unit
    unit: str
    basis: str  # NATO, SIPRI, national, plan
    url: str = ""
    note: str = ""
    agrees: str = ""  # exact / close / ""
    row_id: str = ""


_SHARE_INDICATORS = ("core_defence_expenditure_share_gdp", "defence_expenditure_share_gdp",
                     "military_expenditure_share_gdp")
_AMOUNT_INDICATORS = ("core_defence_expenditure", "defence_expenditure", "military_expenditure")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _edition_label(family: str, edition: str, dataset_id: str) -> str:
    m = re.match(r"^(\d{4})-(\d{2})", edition or "")
    when = f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else edition
    if family == "sipri":
        return f"SIPRI's {when} release".replace("SIPRI's  release", "SIPRI")
    if dataset_id == "nato-2025-press":
        return f"NATO's {when} estimate"
    return f"NATO's {when} edition"


def _datasets() -> list[tuple[str, str]]:
    """(dataset id, family) of every NATO and SIPRI dataset, embedded or imported."""
    from hague.sources.store import editions

    return [(e["id"], e["family"]) for e in editions() if e["family"] in ("nato", "sipri")]


def _obs_value(o, claim: Claim) -> float | None:
    """The observation in the claim's unit (shares in percent; amounts in the claim's currency, bn)."""
    if claim.is_share:
        return o.value if o.indicator in _SHARE_INDICATORS else None
    if o.indicator not in _AMOUNT_INDICATORS:
        return None
    unit = (o.unit or "").split()
    if len(unit) != 2 or unit[0] != claim.currency:
        return None
    scale = {"million": 0.001, "billion": 1.0}.get(unit[1])
    if scale is None:
        return None
    pb = "constant_2021" if (o.price_basis or "").startswith("constant") else "current"
    return o.value * scale if pb == claim.price_basis else None


def _nato_sipri_evidence(claim: Claim, year: int, *, other_basis: bool = False) -> list[Evidence]:
    from hague.data import dataset, provenance

    out = []
    for d, fam in _datasets():
        ds = dataset(d)
        prov = provenance(d)
        for o in ds.rows:
            if o.ally != claim.ally or o.year != year:
                continue
            c = claim if not other_basis else Claim(claim.text, claim.ally, claim.year, claim.value, claim.unit,
                                                    claim.decimals, "constant_2021" if claim.price_basis == "current"
                                                    else "current")
            v = _obs_value(o, c)
            if v is None:
                continue
            extra = dict(o.extra) if getattr(o, "extra", None) else {}
            url = extra.get("source_urls") or extra.get("source_url") or prov.get("url") or ""
            url = url.split()[0] if url else ""
            ed = o.edition or prov.get("edition", "")
            out.append(Evidence(fam, _edition_label(fam, ed, d), d, ed, year, v, claim.unit or "",
                                "SIPRI" if fam == "sipri" else "NATO", url,
                                ("estimate" if o.estimate else "") + (f"; {o.price_basis} prices"
                                                                      if not claim.is_share else "")))
    out.sort(key=lambda e: (e.kind != "nato", e.edition), reverse=False)
    return out


def _plan_evidence(claim: Claim, year: int) -> list[Evidence]:
    from hague.rules.national_plans import national_plans

    if claim.ally in _AGGREGATES:
        return []
    out = []
    for p in national_plans(claim.ally, include_superseded=True):
        if p.year_from != year or p.year_to != year:
            continue
        v = None
        if claim.is_share:
            if p.kind in ("budget_law", "budget_draft") and p.stated_share_gdp is not None:
                v = p.stated_share_gdp
            elif p.unit == "pct_GDP" and p.kind in ("path_share", "target_share") and not p.includes_related:
                v = p.value
        elif p.unit == f"{claim.currency}_bn" and p.kind in ("budget_law", "budget_draft", "path_amount") \
                and claim.price_basis == "current":
            v = p.value
        if v is None:
            continue
        kind = {"budget_law": "budget law", "budget_draft": "draft budget", "path_share": "stated path",
                "target_share": "stated target", "path_amount": "stated amount"}[p.kind]
        basis = "national definition, not NATO's" if p.basis == "national" else "stated on NATO's definition"
        out.append(Evidence("plan", f"{resolve(p.ally).name}'s {year} {kind}", "national-plans", p.published or "",
                            year, v, claim.unit or "", "national" if p.basis == "national" else "plan",
                            p.source_url or "", f"{basis}; {p.source_kind or 'source'}, {p.confidence} confidence",
                            row_id=p.id))
    return out


# --- the verdict -------------------------------------------------------------------------------------------------


def _exact(v: float, c: float, d: int) -> bool:
    return abs(v - c) <= 0.5 * 10 ** -d + 1e-9


def _close(v: float, c: float, share: bool) -> bool:
    return abs(v - c) <= SHARE_TOL + 1e-9 if share else abs(v - c) <= AMOUNT_TOL * abs(v)


@dataclass
class Verification:
    claim: Claim
    verdict: str
    reasons: list[str]
    evidence: list[Evidence] = field(default_factory=list)

    def result(self) -> Result:
        return verify_result(self)


def _show(e: Evidence, claim: Claim) -> str:
    d = 2 if claim.is_share else min(3, max(1, claim.decimals))
    return _fmt(e.value, d)


def _who(claim: Claim) -> str:
    return _AGGREGATES.get(claim.ally) or resolve(claim.ally).name


def _judge(claim: Claim) -> Verification:
    c, y, d = claim.value, claim.year, claim.decimals
    ev = _nato_sipri_evidence(claim, y) + _plan_evidence(claim, y)
    nato = [e for e in ev if e.kind == "nato"]
    latest = max(nato, key=lambda e: e.edition) if nato else None
    for e in ev:
        e.agrees = "exact" if _exact(e.value, c, d) else "close" if _close(e.value, c, claim.is_share) else ""

    def revised(e: Evidence) -> str:
        if latest is None or e is latest or _exact(latest.value, e.value, d):
            return ""
        return f"; since revised to {_show(latest, claim)} in {latest.label} ({latest.dataset})"

    exact = [e for e in ev if e.agrees == "exact"]
    order = {"nato": 0, "plan": 1, "sipri": 2}
    exact.sort(key=lambda e: (order[e.kind], e is not latest, e.edition))
    if exact:
        reasons = []
        for e in exact:
            if e.kind == "nato":
                reasons.append(f"{e.label} ({e.dataset}, {e.edition}) states {_show(e, claim)}{revised(e)}")
            elif e.kind == "plan":
                nat = f"; {latest.label} has {_show(latest, claim)}" if latest else "; NATO has no figure for the year"
                basis = "national definition, not NATO's" if e.basis == "national" else "a plan on NATO's definition"
                reasons.append(f"{e.label} ({basis}; {e.row_id}) states {_show(e, claim)}{nat}")
            else:
                nat = f"; NATO ({latest.dataset}) has {_show(latest, claim)}" if latest else ""
                reasons.append(f"{e.label} ({e.dataset}) states {_show(e, claim)}: SIPRI's definition differs from "
                               f"NATO's (it includes paramilitary forces and uses calendar years){nat}")
        return Verification(claim, "match", reasons, ev)
    # slips: a fraction for a percent, millions for billions, constant for current prices
    slips = []
    if claim.is_share and c < 1:
        for e in ev:
            if _exact(e.value, c * 100, max(0, d - 2)):
                slips.append(f"percent vs fraction: {c:g} is {c * 100:g}% of GDP, as {e.label} ({e.dataset}) states")
                break
    if not claim.is_share:
        for f in (1000.0, 0.001):
            for e in ev:
                if _close(e.value, c * f, False):
                    words = (f"millions vs billions: stated as {c * 1000:,.6g} million, the figure is "
                             f"{c * 1000:,.6g} billion" if f == 1000.0 else
                             f"millions vs billions: {c:,.6g} bn is a figure in millions ({c * f:,.6g} bn)")
                    slips.append(f"{words}, as {e.label} ({e.dataset}) states ({_show(e, claim)} bn)")
                    break
        for e in _nato_sipri_evidence(claim, y, other_basis=True):
            if _close(e.value, c, False):
                other = "constant 2021" if claim.price_basis == "current" else "current"
                slips.append(f"current vs constant prices: {e.label} ({e.dataset}) has {_show(e, claim)} at {other} "
                             "prices")
                break
    if slips:
        return Verification(claim, "close", slips, ev)
    near = [e for e in ev if e.agrees == "close"]
    near.sort(key=lambda e: (order[e.kind], e is not latest))
    if near:
        e = near[0]
        diff = c - e.value
        unit = " pp" if claim.is_share else f" {claim.currency} bn"
        return Verification(claim, "close", [f"within {abs(diff):.2f}{unit} of {e.label} ({e.dataset}), which states "
                                             f"{_show(e, claim)}{revised(e) if e.kind == 'nato' else ''}"], ev)
    # wrong year?
    for dy in (-1, 1, -2, 2):
        for e in _nato_sipri_evidence(claim, y + dy):
            if e.kind == "nato" and _exact(e.value, c, d):
                here = f"{latest.label} has {_show(latest, claim)} for {y}" if latest else f"no figure for {y}"
                return Verification(claim, "mismatch", [f"wrong year: {_fmt(c, d)} is {_who(claim)}'s figure for "
                                                        f"{y + dy} in {e.label} ({e.dataset}); {here}"], ev)
    if not ev:
        from hague.data import dataset

        last = max(dataset("nato-2026").years())
        why = (f"no source in hague has {_who(claim)}'s {'share of GDP' if claim.is_share else 'spending in ' + str(claim.currency)}"
               f" for {y}" + (f" (NATO's latest edition ends in {last})" if y > last else "")
               + ("" if claim.is_share or claim.currency in ("USD", resolve(claim.ally).currency if claim.ally not in
                                                              _AGGREGATES else "USD")
                  else f"; hague holds {_who(claim)}'s amounts in USD and its national currency"))
        return Verification(claim, "cannot verify", [why], ev)
    said = "; ".join(f"{e.label} ({e.dataset}) {_show(e, claim)}" for e in ev[:4])
    return Verification(claim, "mismatch", [f"no source states {_fmt(c, d)}: {said}"], ev)


def verify(claim: str, *, year: int | None = None, value: float | None = None, unit: str | None = None,
           price_basis: str = "current") -> Verification:
    """Check a claim: a sentence, or (with ``year``, ``value``, ``unit``) an ally code or name and its figure.

    ``unit``: ``pct_GDP`` (percent of GDP), ``fraction_GDP`` (0.0448), or ``CUR_bn`` / ``CUR_m`` for an amount in a
    currency (``USD_bn``, ``EUR_m``, ``PLN_bn``); ``price_basis``: ``current`` or ``constant_2021``."""
    if value is None and year is None:
        cl = parse_claim(claim)
    else:
        if year is None or value is None or unit is None:
            raise HagueError("a structured claim needs ALLY YEAR VALUE and --unit (pct_GDP, fraction_GDP, USD_bn, "
                             "EUR_m, PLN_bn, ...)")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise HagueError(f"value must be a finite number, got {value!r}")
        if not isinstance(year, int) or not (1949 <= year <= 2100):
            raise HagueError(f"year must be a year from 1949 to 2100, got {year!r}")
        m = re.fullmatch(r"([A-Z]{3})_(bn|m)", unit or "")
        if unit not in ("pct_GDP", "fraction_GDP") and not m:
            raise HagueError(f"unit {unit!r} not accepted; accepted: pct_GDP, fraction_GDP, or a currency code with "
                             "_bn or _m (USD_bn, EUR_m, PLN_bn)")
        if price_basis not in ("current", "constant_2021"):
            raise HagueError(f"price basis {price_basis!r} not accepted; accepted: current, constant_2021")
        key = claim.upper().strip()
        code = key if key in _AGGREGATES else resolve(claim).iso3
        dec = _decimals(repr(float(value))) if not float(value).is_integer() else 0
        v, u = float(value), unit
        if m and m.group(2) == "m":
            v, u, dec = v / 1000, f"{m.group(1)}_bn", dec + 3
        if unit == "fraction_GDP":
            v, u, dec = v * 100, "pct_GDP", max(0, dec - 2)
        cl = Claim(f"{claim} {year} {value:g} {unit}", code, year, v, u, dec, price_basis)
    if cl.problem:
        return Verification(cl, "cannot verify", [cl.problem], [])
    return _judge(cl)


def verify_result(v: Verification) -> Result:
    """The verdict as a Result: one row per source consulted (edition, basis, value, agreement, link)."""
    rows = [{"source": e.label, "dataset": e.dataset, "edition": e.edition, "basis": e.basis, "year": e.year,
             "value": e.value, "agrees": {"exact": "yes", "close": "close", "": "no"}[e.agrees], "note": e.note,
             "url": e.url} for e in v.evidence]
    unit = "percent of GDP" if v.claim.is_share else f"{v.claim.currency or ''} bn"
    cols = [Column("source", "Source", priority=0), Column("dataset", "Dataset", priority=2),
            Column("edition", "Edition", priority=1), Column("basis", "Basis", priority=1),
            Column("year", "Year", kind="year", priority=3),
            Column("value", "Value", unit, 2 if v.claim.is_share else 1, "number", 0),
            Column("agrees", "Agrees", priority=0), Column("note", "Note", priority=5),
            Column("url", "Link", priority=6)]
    ids = list(dict.fromkeys(e.dataset for e in v.evidence if e.dataset != "national-plans"))
    srcs = list(Provenance.of(*ids).sources) if ids else []
    if any(e.dataset == "national-plans" for e in v.evidence):
        srcs.append(Source(dataset="national-plans", producer="hague national-plans ledger",
                           title="National plans: targets, paths, budget laws and drafts",
                           attribution="src/hague/rules/tree/national/plans.csv; each row names its source"))
    notes = [f"Verdict: {v.verdict.upper()}. " + " ".join(r[0].upper() + r[1:] + "." for r in v.reasons),
             f"Claim read as: {v.claim.describe()}."]
    return Result(f"Claim: {v.claim.text}", rows, cols, Provenance(tuple(srcs)), notes,
                  meta={"verdict": v.verdict, "reasons": list(v.reasons),
                        "claim": {"ally": v.claim.ally, "year": v.claim.year, "value": v.claim.value,
                                  "unit": v.claim.unit, "price_basis": v.claim.price_basis}})
