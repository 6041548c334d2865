"""The dossier: everything hague knows about one ally, for the 2029 review, in one reproducible document.

:func:`dossier` builds a :class:`hague.document.Document` of sections, each made of the same Results the other
commands show (``check``, ``plans compare``, ``related``, ``path``, ``path --fiscal``, ``simulate``, ``burden``,
``data diff``) plus what-ifs (:mod:`hague.models.whatif`) and the sensitivity of the forecast
(:mod:`hague.models.sensitivity`). Sections are registered in :data:`SECTIONS` (:func:`register_section` adds
one; a builder takes the :class:`Context` and returns a Section or None), so new data (deliveries, two
probabilities) come in as new sections without touching the others.

Every dossier carries a manifest (:func:`manifest`): hague's version, the datasets read with the sha256 of their
files, the rule tree's hash, seed, draws, toggles and the sha256 of every number in the document;
:func:`reproduce` re-runs a manifest and says whether the numbers are the same, bit for bit.

>>> d = dossier("LTU", draws=2048, sections=["review"])
>>> row = d.section("review").results[0].rows[0]
>>> row["code"], row["share_last"], row["p_2029"] > 0.9
('LTU', 5.33, True)

Long (over 500 lines): one section builder per dossier section, each a few lines over existing Results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from hague.allies import resolve
from hague.document import Chart, Document, Section
from hague.errors import HagueError
from hague.models.whatif import DEFAULT_DRAWS, DEFAULT_SEED, TOGGLES, Evaluation, Scenario, evaluate, whatif_result
from hague.results import COMPUTED, Column, Provenance, Result, Source

__all__ = ["dossier", "overview", "review_line", "Context", "SECTIONS", "register_section", "manifest",
           "reproduce", "read_manifest", "write_manifest", "rule_tree_hash", "figures_digest", "DEFAULT_DRAWS",
           "DEFAULT_SEED", "REVIEW_COLUMNS"]

MANIFEST_VERSION = 1


@dataclass
class Context:
    """What a section builder gets: the ally, the inputs, and the runs shared by several sections."""

    ally: str
    name: str
    edition: str
    economics: str
    draws: int
    seed: int
    scenario: Scenario
    sensitivity: str = "tornado"
    scheduler: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def base(self) -> Evaluation:
        """The baseline evaluation (toggles off): its simulation is shared by every section."""
        if "base" not in self._cache:
            self._cache["base"] = evaluate(self.ally, None, draws=self.draws, seed=self.seed, edition=self.edition,
                                           economics=self.economics)
        return self._cache["base"]

    def evaluation(self, scenario: Scenario) -> Evaluation:
        key = ("eval", tuple(scenario.active))
        if key not in self._cache:
            self._cache[key] = evaluate(self.ally, scenario, draws=self.draws, seed=self.seed, edition=self.edition,
                                        economics=self.economics, base=self.base.sim)
        return self._cache[key]

    @property
    def last_year(self) -> int:
        return self.base.last_year


#: section id -> (title, builder); in document order
SECTIONS: dict[str, tuple[str, Callable[[Context], Section | None]]] = {}


def register_section(id: str, title: str, *, before: str | None = None):
    """Decorator adding a section builder (``before``: the id of the section it goes in front of)."""

    def deco(fn: Callable[[Context], Section | None]):
        items = [(k, v) for k, v in SECTIONS.items() if k != id]
        pos = next((i for i, (k, _) in enumerate(items) if k == before), len(items))
        items.insert(pos, (id, (title, fn)))
        SECTIONS.clear()
        SECTIONS.update(items)
        return fn

    return deco


# --- the review line (one row per ally; the overview lists every ally's) ---------------------------------------

REVIEW_COLUMNS = [
    Column("code", "Code", kind="text", priority=0), Column("name", "Ally", priority=1),
    Column("year", "Year", kind="year", priority=4),
    Column("share_last", "Core %", "percent of GDP, NATO, last data year", 2, "percent", 0),
    Column("status_35", "3.5% by 2035", "status in the commitments check (pace test)", priority=1),
    Column("central_2029", "Central 2029 %", "central path, percent of GDP", 2, "percent", 2, origin=COMPUTED,
           inputs=("national plans", "damped trend")),
    Column("p_2029", "P(>=3.5%) 2029", "probability", 2, "number", 0, origin=COMPUTED,
           inputs=("Monte Carlo",)),
    Column("p_2035", "P(>=3.5%) 2035", "probability", 2, "number", 0, origin=COMPUTED,
           inputs=("Monte Carlo",)),
    Column("p_2029_delivered", "P 2029 if plan delivered", "probability, where a stated plan anchors the path", 2,
           "number", 3, origin=COMPUTED, inputs=("Monte Carlo", "pledge delivery")),
    Column("p_2035_delivered", "P 2035 if plan delivered", "probability, where a stated plan anchors the path", 2,
           "number", 3, origin=COMPUTED, inputs=("Monte Carlo", "pledge delivery")),
    Column("basis", "Basis", "central path: plans or trend", priority=3),
    Column("known_total", "Known 5% %", "core + related counted (government statement, >= medium)", 2, "percent",
           2, origin=COMPUTED, inputs=("share_last", "related ledger")),
    Column("line", "Review line", priority=5),
]


def _status_35(ctx: Context) -> str:
    from hague.rules.check import check

    r = check(ctx.last_year, commitment="hague-2025.core", allies=[ctx.ally], source=ctx.edition)
    return r.rows[0]["status"] if r.rows else "no data"


def review_line(ctx: Context) -> dict:
    """One row: where the ally stands for the 2029 review (share, status, central path, probabilities, 5%)."""
    f = ctx.base.figures
    sim = ctx.base.sim
    cp = sim.path_of(ctx.ally)
    status = _status_35(ctx)
    from hague.render import format_value

    col = {c.key: c for c in REVIEW_COLUMNS}
    v = {k: format_value(f[k], col[k]) for k in ("share_last", "central_2029", "p_2029", "p_2035",
                                                  "p_2029_delivered", "p_2035_delivered")}
    line = (f"{ctx.name}: {v['share_last']}% of GDP in {ctx.last_year} ({status}); central path "
            f"{v['central_2029']}% in 2029 ({cp.basis}); P(>= 3.5%) {v['p_2029']} in 2029, {v['p_2035']} in 2035")
    if f.get("p_2035_delivered") is not None:
        line += (f" on the record of past delivery; {v['p_2029_delivered']} and {v['p_2035_delivered']} if the "
                 "stated plan is delivered")
    return {"code": ctx.ally, "name": ctx.name, "year": ctx.last_year, "share_last": f["share_last"],
            "status_35": status, "central_2029": f["central_2029"], "p_2029": f["p_2029"], "p_2035": f["p_2035"],
            "p_2029_delivered": f.get("p_2029_delivered"), "p_2035_delivered": f.get("p_2035_delivered"),
            "basis": cp.basis, "known_total": f["known_total"], "line": line}


def _review_result(rows: list[dict], ctx: Context, title: str) -> Result:
    sim = ctx.base.sim
    notes = [f"Probabilities from the Monte Carlo ({sim.draws:,} draws, seed {sim.seed}) around each ally's central "
             "path (its stated plans where sourced, read on the record of past delivery of such pledges, else a "
             "damped trend); where a plan anchors the path, a second probability if the plan is delivered as the "
             "pledges that were met; the backtests of these statements are in `hague backtest` (and --pledges). Known 5%: NATO's core share plus related spending only where the government itself "
             "stated it with at least medium evidence."]
    return Result(title, rows, REVIEW_COLUMNS, Provenance.of(ctx.edition, sim.economics), notes,
                  meta={"year": ctx.last_year})


@register_section("review", "The review line")
def _review(ctx: Context) -> Section:
    row = review_line(ctx)
    return Section("review", "The review line", [_review_result([row], ctx, f"{ctx.name} for the 2029 review")],
                   [row["line"] + "."])


# --- trajectory against every dated pledge ---------------------------------------------------------------------


def _history(ctx: Context) -> dict[int, float]:
    from hague.data import dataset

    ds = dataset(ctx.edition)
    return {y: v for y in ds.years() if (v := ds.value(ctx.ally, "core_defence_expenditure_share_gdp", y))
            is not None}


@register_section("trajectory", "Trajectory against every dated pledge")
def _trajectory(ctx: Context) -> Section:
    from hague.rules.check import check_result
    from hague.rules.five_percent import plans_compare

    chk = check_result(ctx.last_year, commitment=None, allies=[ctx.ally], edition=ctx.edition)
    chk = chk.select([k for k in ("rule", "target", "deadline", "value", "status", "gap_pp", "required_pp_yr",
                                  "pace_pp_yr", "year_reached", "central", "central_reaches", "note") if k in chk.keys])
    cmp = plans_compare(ctx.ally, edition=ctx.edition)
    cmp = cmp.select([k for k in ("id", "kind", "year", "stated", "unit", "basis", "nato", "difference",
                                  "comparison", "confidence") if k in cmp.keys])
    hist = _history(ctx)
    p = ctx.base.sim.params
    i = ctx.base.sim.allies.index(ctx.ally)
    central = {y: float(p.sstar[j, i]) for j, y in enumerate(ctx.base.sim.years)}
    central[ctx.last_year] = hist.get(ctx.last_year)
    chart = Chart("line", f"{ctx.name}: core defence expenditure, % of GDP", "% of GDP",
                  series=[{"label": "NATO", "points": hist, "style": "solid"},
                          {"label": "central path", "points": central, "style": "dashed"}],
                  lines=[(_floor(), f"{_floor():g}% (Wales, Vilnius)"), (_core(), f"{_core():g}% core (The Hague)")])
    text = [f"Wales 2014 (2% and 20% within a decade), Vilnius 2023 (2% floor), The Hague 2025 (3.5% core + 1.5% "
            f"related by 2035) and {ctx.name}'s own targets, laws and budgets, checked on NATO's {ctx.last_year} "
            "figure; national-basis figures are shown beside NATO's, never compared."]
    return Section("trajectory", "Trajectory against every dated pledge", [chk, cmp], text, [chart])


# --- core / related balance ------------------------------------------------------------------------------------


@register_section("balance", "Core and related: the 5%")
def _balance(ctx: Context) -> Section:
    from hague.rules.five_percent import five_percent, related_result

    five = five_percent(ctx.last_year, edition=ctx.edition, allies=[ctx.ally])
    five = five.select([k for k in ("core", "related", "related_confidence", "known_total", "gap_to_core",
                                    "gap_to_total", "status", "related_apart") if k in five.keys])
    rel = related_result(ctx.ally)
    rel = rel.select(["year", "value", "unit", "categories", "claim", "counted_in", "source_kind", "confidence",
                      "source_url"])
    return Section("balance", "Core and related: the 5%", [five, rel],
                   ["A related figure counts toward the 5% only where the government itself stated it for the year "
                    "with at least medium evidence; derived, lower-evidence and other-year figures are shown apart "
                    "with their year, never added."])


# --- money and fiscal space ------------------------------------------------------------------------------------


@register_section("money", "The money path and fiscal space")
def _money(ctx: Context) -> Section:
    from hague.models.fiscal import fiscal_result
    from hague.models.projection import path_result

    path = path_result(ctx.ally, edition=ctx.edition, economics=ctx.economics)
    path = path.select([k for k in ("year", "kind", "share_gdp", "budget_nc", "budget_usd", "extra_nc",
                                    "cum_extra_usd_2021") if k in path.keys])
    fis = fiscal_result(ctx.ally, source=ctx.edition, economics=ctx.economics)
    fis = fis.select([k for k in ("year", "share_gdp", "extra_pp", "revenue", "extra_pct_revenue", "gross_debt",
                                  "net_lending") if k in fis.keys])
    return Section("money", "The money path and fiscal space", [path, fis],
                   [f"The budget {ctx.name} needs year by year to reach 3.5% of GDP by 2035, in national currency and "
                    "US dollars, and what the extra costs as a share of government revenue beside the IMF's debt and "
                    "deficit paths."])


# --- the forecast ----------------------------------------------------------------------------------------------


@register_section("forecast", "The forecast")
def _forecast(ctx: Context) -> Section:
    sim = ctx.base.sim
    prob = sim.result("probability")
    prob.rows = [r for r in prob.rows if r.get("ally") == ctx.ally]
    prob = prob.select([k for k in prob.keys if k not in ("ally", "source")])  # the basis is in the text below
    fans = sim.result("fans")
    fans.rows = [r for r in fans.rows if r.get("ally") == ctx.ally]
    results = [prob, fans]
    nat = sim.result("national")
    nat.rows = [r for r in nat.rows if r.get("ally") == ctx.ally]
    if nat.rows:
        results.append(nat)
    fan = sim.fan(ctx.ally, "share")
    hist = _history(ctx)
    chart = Chart("line", f"{ctx.name}: forecast of the core share of GDP", "% of GDP",
                  series=[{"label": "NATO", "points": {y: v for y, v in hist.items() if y >= 2014}, "style": "solid"},
                          {"label": "median", "points": {y: q[50] for y, q in fan.items()}, "style": "dashed"}],
                  bands=[{"label": "5-95%", "lo": {y: q[5] for y, q in fan.items()},
                          "hi": {y: q[95] for y, q in fan.items()}},
                         {"label": "25-75%", "lo": {y: q[25] for y, q in fan.items()},
                          "hi": {y: q[75] for y, q in fan.items()}}],
                  lines=[(_core(), f"{_core():g}% core")])
    cp = sim.path_of(ctx.ally)
    return Section("forecast", "The forecast", results,
                   [f"Central path: {cp.basis} - {cp.detail}.",
                    f"{sim.draws:,} draws, seed {sim.seed}; bands are the 5-95% and 25-75% ranges."], [chart])


# --- what-ifs and sensitivity ----------------------------------------------------------------------------------


@register_section("whatif", "What if")
def _whatif(ctx: Context) -> Section | None:
    if not ctx.scenario.active:
        return None
    results = []
    if len(ctx.scenario.active) > 1:  # each toggle alone, then all together
        for k, _ in ctx.scenario.active:
            results.append(whatif_result(ctx.base, ctx.evaluation(ctx.scenario.only(k))))
    results.append(whatif_result(ctx.base, ctx.evaluation(ctx.scenario)))
    return Section("whatif", "What if", results,
                   ["Each what-if re-runs the same models on changed inputs (same seed and draws, so a change is the "
                    "toggle's own), beside the baseline."])


@register_section("sensitivity", "What drives the number")
def _sensitivity(ctx: Context) -> Section | None:
    if ctx.sensitivity == "none":
        return None
    from hague.models.sensitivity import full_result, tornado

    t = tornado(ctx.base.sim, ctx.ally)
    results = [t.result]
    charts = [t.chart(_review()), t.chart(_by())]
    text = [t.summary]
    if ctx.sensitivity == "full":
        full = full_result(ctx.base.sim, ctx.ally, scheduler=ctx.scheduler)
        results.append(full)
    return Section("sensitivity", "What drives the number", results, text, charts)


# --- burden and changes ----------------------------------------------------------------------------------------


@register_section("delivery", "Capability orders and deliveries; aid to Ukraine")
def _delivery(ctx: Context) -> Section:
    """SIPRI's trade register (orders, deliveries, still to come) and the Kiel allocations to Ukraine, where the
    user has imported them (hague ships neither: their terms restrict redistribution)."""
    from hague.models.money_delivery import delivery_result, ukraine_result
    from hague.sources.delivery_store import NotImportedError

    title = "Capability orders and deliveries; aid to Ukraine"
    results, text = [], []
    try:
        r = delivery_result(ctx.ally)
        results.append(r.select([k for k in ("name", "deals", "ordered", "delivered", "outstanding", "tiv_order",
                                             "tiv_delivered", "last_delivery") if k in r.keys]))
    except NotImportedError as exc:
        text.append(f"Orders and deliveries: not shown - {exc}.")
    try:
        u = ukraine_result(ctx.ally)
        results.append(u.select([k for k in ("year", "military", "financial", "humanitarian", "total",
                                             "military_pct_gdp", "core_share", "core_without_ukraine", "months")
                                 if k in u.keys]))
    except NotImportedError as exc:
        text.append(f"Aid to Ukraine: not shown - {exc}.")
    if results:
        text.insert(0, f"What {ctx.name} ordered and received (SIPRI's trade register, trend-indicator values and "
                       "numbers) and what it allocated to Ukraine (Kiel Ukraine Support Tracker).")
    return Section("delivery", title, results, text)


@register_section("burden", "Burden share")
def _burden(ctx: Context) -> Section:
    from hague.models.burden import burden_result

    b = burden_result(ctx.last_year, edition=ctx.edition)
    b.rows = [r for r in b.rows if r.get("code") in (ctx.ally, "EUCA", "USA", "NATO")]
    b = b.select([k for k in ("code", "name", "spend_usd_bn", "spend_share", "gdp_share", "pop_share", "ratio_gdp",
                              "share_gdp") if k in b.keys])
    return Section("burden", "Burden share", [b],
                   [f"{ctx.name}'s share of the alliance's core defence spending against its share of GDP and "
                    "population."])


def _previous_edition(ctx: Context) -> str | None:
    from hague.data import EDITIONS, resolve_edition

    names = [n for n in EDITIONS if n.startswith("nato-")]
    names.sort()
    ids = [resolve_edition(n) for n in names]
    if ctx.edition not in ids:
        return None
    k = ids.index(ctx.edition)
    return names[k - 1] if k > 0 else None


@register_section("changes", "What changed since the previous edition")
def _changes(ctx: Context) -> Section:
    from hague.sources.diff import diff_result

    prev = _previous_edition(ctx)
    if prev is None:
        return Section("changes", "What changed since the previous edition", [],
                       [f"No earlier NATO edition in hague to compare {ctx.edition} with."])
    r = diff_result(prev, ctx.edition, ally=ctx.ally, changed=True)
    r = r.select([k for k in ("year", "indicator", "unit", "price_basis", "old", "new", "change", "change_pct")
                  if k in r.keys])  # the columns that fit a printed page; the JSON of `hague data diff` has all
    return Section("changes", "What changed since the previous edition", [r],
                   [f"NATO's revisions from {prev} to {ctx.edition} for {ctx.name} (values that moved)."])


# --- the document ----------------------------------------------------------------------------------------------


def _context(ally: str, *, draws: int, seed: int, edition: str | None, economics: str | None,
             toggles: Scenario | dict | None, sensitivity: str, scheduler: str | None) -> Context:
    from hague.data import DEFAULT_ECONOMICS, resolve_edition

    a = resolve(ally)
    if not a.has_armed_forces:
        raise HagueError(f"{a.name} ({a.iso3}) has no armed forces: no defence expenditure, no dossier")
    if sensitivity not in ("none", "tornado", "full"):
        raise HagueError(f"--sensitivity {sensitivity!r} not accepted; accepted: none, tornado, full")
    if isinstance(draws, bool) or not isinstance(draws, int) or not (1000 <= draws <= 10_000_000):
        raise HagueError(f"draws must be a whole number from 1,000 to 10,000,000, got {draws!r}")
    sc = toggles if isinstance(toggles, Scenario) else Scenario.parse(toggles or {})
    return Context(a.iso3, a.name, resolve_edition(edition), economics or DEFAULT_ECONOMICS, draws, seed, sc,
                   sensitivity, scheduler)


def dossier(ally: str, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, edition: str | None = None,
            economics: str | None = None, toggles: Scenario | dict | None = None, sensitivity: str = "tornado",
            scheduler: str | None = None, sections: list[str] | None = None) -> Document:
    """The dossier of one ally (see the module docstring). ``toggles``: a :class:`Scenario` or a dict of toggle
    values (``{"recession": 2009}``); ``sensitivity``: ``none``, ``tornado`` or ``full`` (variance-based, on
    ``scheduler`` when given); ``sections``: ids to build (default: all)."""
    ctx = _context(ally, draws=draws, seed=seed, edition=edition, economics=economics, toggles=toggles,
                   sensitivity=sensitivity, scheduler=scheduler)
    wanted = sections or list(SECTIONS)
    bad = [s for s in wanted if s not in SECTIONS]
    if bad:
        raise HagueError(f"unknown section {bad[0]!r}; accepted: {', '.join(SECTIONS)}")
    out = []
    for sid in SECTIONS:
        if sid in wanted:
            sec = SECTIONS[sid][1](ctx)
            if sec is not None:
                out.append(sec)
    sim = ctx.base.sim
    doc = Document(f"{ctx.name} ({ctx.ally}): dossier for the 2029 review", out,
                   subtitle=(f"NATO {ctx.edition} (last year {ctx.last_year}), IMF {ctx.economics}; {sim.draws:,} "
                             f"draws, seed {sim.seed}; what-ifs: {ctx.scenario.label}"),
                   meta={"ally": ctx.ally, "name": ctx.name, "edition": ctx.edition, "economics": ctx.economics,
                         "year": ctx.last_year})
    doc.meta["manifest"] = manifest(doc, ctx, sections=sections)
    return doc


def overview(*, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, edition: str | None = None,
             economics: str | None = None) -> Result:
    """Every ally's review line on one page (one simulation of all allies)."""
    from hague.allies import all_allies
    from hague.models.montecarlo import simulate

    ctx0 = _context("POL", draws=draws, seed=seed, edition=edition, economics=economics, toggles=None,
                    sensitivity="none", scheduler=None)
    sim = simulate(draws=draws, seed=seed, source=ctx0.edition, economics=ctx0.economics)
    rows = []
    for a in all_allies():
        if not a.has_armed_forces:
            continue
        ctx = _context(a.iso3, draws=draws, seed=seed, edition=edition, economics=economics, toggles=None,
                       sensitivity="none", scheduler=None)
        ctx._cache["base"] = evaluate(a.iso3, None, draws=draws, seed=seed, edition=ctx.edition,
                                      economics=ctx.economics, base=sim)
        rows.append(review_line(ctx))
    r = _review_result(rows, ctx0, f"The alliance for the 2029 review: every ally's review line, {rows[0]['year']}")
    r.notes.append("Iceland has no armed forces and is not listed.")
    return r


# --- manifest and reproduction ---------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rule_tree_hash() -> str:
    """sha256 over every file of the shipped rule tree (path and bytes, in path order)."""
    root = Path(str(resources.files("hague.rules").joinpath("tree")))
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _dataset_files(dataset_id: str) -> list[dict]:
    from hague.data import provenance

    m = provenance(dataset_id)
    out = []
    f = m.get("file") or ""
    path = None
    if m.get("path"):
        path = Path(m["path"])
    elif f:
        emb = Path(str(resources.files("hague.data").joinpath("embedded", f)))
        path = emb if emb.is_file() else None
        if path is None:
            from hague.sources.store import datasets_dir

            cand = datasets_dir() / dataset_id / f
            path = cand if cand.is_file() else None
    if path is not None and path.is_file():
        out.append({"file": path.name, "sha256": _sha256_file(path)})
    return out


def _shock_files() -> list[dict]:
    p = Path(str(resources.files("hague.models").joinpath("shocks", "real_gdp_growth_2009.csv")))
    return [{"file": p.name, "sha256": _sha256_file(p)}]


def figures_digest(doc: Document) -> str:
    """sha256 of every number and text of the document's results, unrounded (the bits of each float)."""
    payload = [{"id": s.id, "results": [{"title": r.title, "rows": [{c.key: r_.get(c.key) for c in r.columns}
                                                                     for r_ in r.rows]} for r in s.results]}
               for s in doc.sections]
    text = json.dumps(payload, sort_keys=True, default=repr, allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()


def manifest(doc: Document, ctx: Context, *, sections: list[str] | None = None) -> dict:
    """What it takes to reproduce ``doc`` and the digest of its numbers."""
    import hague

    datasets = list(dict.fromkeys([ctx.edition, ctx.economics, *(s.dataset for s in doc.sources())]))
    eds = []
    for d in datasets:
        try:
            eds.append({"dataset": d, "edition": Source.of(d).edition, "files": _dataset_files(d)})
        except HagueError:
            eds.append({"dataset": d, "edition": "", "files": []})
    return {"manifest_version": MANIFEST_VERSION, "hague_version": hague.__version__, "ally": ctx.ally,
            "edition": ctx.edition, "economics": ctx.economics, "seed": ctx.seed, "draws": ctx.draws,
            "toggles": ctx.scenario.to_dict(), "sensitivity": ctx.sensitivity, "sections": sections,
            "datasets": eds, "shocks": _shock_files(), "rule_tree_sha256": rule_tree_hash(),
            "figures_sha256": figures_digest(doc)}


def write_manifest(doc: Document, path: str | Path) -> Path:
    """Write the dossier's manifest as JSON (all-or-nothing)."""
    import os

    p = Path(path)
    tmp = p.with_name(f".{p.name}.part")
    tmp.write_text(json.dumps(doc.meta["manifest"], indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, p)
    return p


def read_manifest(path: str | Path) -> dict:
    """A manifest file; errors name the file and the field."""
    p = Path(path)
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HagueError(f"{p}: no such manifest file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HagueError(f"{p}: not a dossier manifest (JSON): {exc}") from None
    if not isinstance(m, dict):
        raise HagueError(f"{p}: not a dossier manifest: a JSON object is expected")
    for k, kind in (("ally", str), ("edition", str), ("economics", str), ("seed", int), ("draws", int),
                    ("toggles", dict), ("figures_sha256", str), ("rule_tree_sha256", str)):
        if not isinstance(m.get(k), kind) or isinstance(m.get(k), bool):
            raise HagueError(f"{p}: field {k!r} missing or not a {kind.__name__}")
    unknown = [k for k in m["toggles"] if k not in TOGGLES]
    if unknown:
        raise HagueError(f"{p}: field 'toggles': unknown what-if {unknown[0]!r}; accepted: {', '.join(TOGGLES)}")
    return m


def reproduce(path: str | Path, *, scheduler: str | None = None) -> tuple[Document, list[str]]:
    """Re-run the dossier a manifest describes. Returns the document and the differences found (empty: the same
    inputs, and the same numbers bit for bit)."""
    m = read_manifest(path)
    doc = dossier(m["ally"], draws=m["draws"], seed=m["seed"], edition=m["edition"], economics=m["economics"],
                  toggles=m["toggles"], sensitivity=m.get("sensitivity") or "tornado", scheduler=scheduler,
                  sections=m.get("sections"))
    now = doc.meta["manifest"]
    diffs = []
    if now["rule_tree_sha256"] != m["rule_tree_sha256"]:
        diffs.append("the rule tree differs from the one the manifest names (rule_tree_sha256)")
    old = {d["dataset"]: d for d in m.get("datasets", [])}
    for d in now["datasets"]:
        o = old.get(d["dataset"])
        if o is not None and o.get("files") != d["files"]:
            diffs.append(f"dataset {d['dataset']}: its files differ from the manifest's (sha256)")
    if now["figures_sha256"] != m["figures_sha256"]:
        diffs.append(f"the numbers differ: figures_sha256 {now['figures_sha256'][:12]} against the manifest's "
                     f"{m['figures_sha256'][:12]}")
    return doc, diffs


def _core() -> float:
    """The Hague's core share (3.5), from the rule tree."""
    from hague.rules import thresholds

    return thresholds.core()


def _floor() -> float:
    """The 2% floor (Wales 2014, Vilnius 2023), from the rule tree."""
    from hague.rules import thresholds

    return thresholds.value(thresholds.FLOOR)


def _review() -> int:
    from hague.rules import thresholds

    return thresholds.review_year()


def _by() -> int:
    from hague.rules import thresholds

    return thresholds.by()
