"""The credible-path test for annual plans: verdict and findings, and slippage between two plans (defined here once).

>>> from hague.rules.plan_reader import read_plan
>>> plan = read_plan("ally,year,core_share_gdp,related_share_gdp\\n" + "".join(
...     f"DEU,{y},{s},{r}\\n" for y, s, r in [(2026, 2.69, 0.5), (2027, 2.9, 0.8), (2028, 3.1, 1.0)]
...     + [(y, 3.5, 1.5) for y in range(2029, 2036)]), name="deu.csv")
>>> result = assess(plan)
>>> result.verdict, [f.code for f in result.findings if f.severity != "info"]
('credible', [])
>>> is_slippage("core_share_gdp", 3.0, 2.8), is_slippage("core_amount", 3.0, 2.8)
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hague.columns import table_result
from hague.results import Result
from hague.rules import thresholds as _thresholds
from hague.rules.plan_reader import Plan, PlanError

__all__ = ["Finding", "Assessment", "assess", "is_slippage", "VERDICTS", "FINDING_COLUMNS", "assessment_result"]

VERDICTS = ("credible", "not credible", "incomplete")

FINDING_COLUMNS = [("severity", "Severity", "error: fails the test; warning: flagged; info"),
                   ("year", "Year", ""), ("code", "Code", ""), ("message", "Finding", "")]



def is_slippage(field_name: str, previous: float | None, current: float | None, tolerance: float | None = None) -> bool:
    """True when a share of GDP (a ``*share_gdp`` field) is lower than in the previous plan by more than
    ``tolerance`` (default: the rule tree's ``slippage_tolerance_pp``). The one definition of slippage, used by
    :func:`assess` and by the plan registry's diff."""
    if previous is None or current is None or not field_name.endswith("share_gdp"):
        return False
    if tolerance is None:
        from hague.rules.loader import _shipped

        tolerance = float(_shipped().threshold("slippage_tolerance_pp"))
    return current < previous - tolerance - 1e-9


# --------------------------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One result of the test: ``code``, ``year`` (or None for the whole plan), ``severity``, ``message``.

    Severity ``error`` fails the test (verdict not credible), ``warning`` is flagged, ``info`` is context.
    """

    code: str
    year: int | None
    severity: str
    message: str
    value: float | None = None
    threshold: float | None = None

    def to_dict(self) -> dict:
        return {"code": self.code, "year": self.year, "severity": self.severity, "message": self.message,
                "value": self.value, "threshold": self.threshold}


@dataclass
class Assessment:
    """The verdict on a plan and every finding behind it."""

    plan: Plan
    verdict: str
    findings: list[Finding]
    thresholds: dict = field(default_factory=dict)
    # the commitment's figures (3.5 / 1.5 / 5 by 2035, review 2029): from the rule tree unless given
    target: float = field(default_factory=lambda: _thresholds.value(_thresholds.CORE))
    related_cap: float = field(default_factory=lambda: _thresholds.value(_thresholds.RELATED))
    total: float = field(default_factory=lambda: _thresholds.value(_thresholds.TOTAL))
    deadline: int = field(default_factory=lambda: _thresholds.deadline(_thresholds.CORE))
    review_year: int = field(default_factory=lambda: _thresholds.review_year())
    rule_files: list[str] = field(default_factory=list)

    def codes(self, severity: str | None = None) -> list[str]:
        return [f.code for f in self.findings if severity is None or f.severity == severity]

    def footer(self) -> str:
        th = ", ".join(f"{k}={v:g}" for k, v in self.thresholds.items())
        ill = " The plan is marked illustrative (not an official submission)." if self.plan.illustrative else ""
        return (f"Test: core >= {self.target:g}% of GDP by {self.deadline}, related counted up to {self.related_cap:g}% "
                f"(total {self.total:g}%), incremental, not back-loaded by the {self.review_year} review "
                f"(The Hague Summit Declaration, 25 June 2025). Thresholds (hague's reading, see `hague rules "
                f"--assessment`): {th}.{ill}")

    def to_dict(self) -> dict:
        return {"ally": self.plan.ally, "plan_year": self.plan.plan_year, "plan": self.plan.name,
                "verdict": self.verdict, "findings": [f.to_dict() for f in self.findings],
                "thresholds": self.thresholds, "target": self.target, "related_cap": self.related_cap,
                "total": self.total, "deadline": self.deadline, "review_year": self.review_year,
                "illustrative": self.plan.illustrative, "rows": [r.to_dict() for r in self.plan.rows]}


def _gdp_path(plan: Plan) -> dict[int, tuple[float, str]]:
    """Year -> (GDP national currency million, source label): the plan's own column, else IMF WEO Oct 2025."""
    from hague.data import DEFAULT_ECONOMICS, dataset

    out = {}
    weo = dataset(DEFAULT_ECONOMICS)
    for r in plan.rows:
        if r.gdp is not None:
            out[r.year] = (r.gdp, "the plan's gdp column")
            continue
        v = weo.value(plan.ally, "gdp", r.year, unit="national currency billion", price_basis="current")
        if v is not None:
            out[r.year] = (v * 1000, f"IMF WEO {weo.edition} national-currency GDP")
    return out


def assess(plan: Plan, *, previous: Plan | None = None, rules=None) -> Assessment:
    """Judge a plan: ``credible``, ``not credible`` or ``incomplete``, with every finding (year, code, reason).

    ``rules``: a RuleTree or folder(s) layered on a copy of the shipped tree (to change thresholds).
    ``previous``: last year's plan of the same ally, to report slippage.
    """
    from hague.rules.loader import resolve_rules

    tree = resolve_rules(rules)
    core_p = tree.parameter("hague-2025.core")
    deadline = int(core_p.target_year)
    target = float(core_p.value_at(deadline))
    cap = float(tree.parameter("hague-2025.related").value_at(deadline))
    total = float(tree.parameter("hague-2025.total").value_at(deadline))
    review = int(tree.parameter("hague-2025.review_year").value_at(deadline))
    th = {k: float(tree.threshold(k)) for k in ("fall_tolerance_pp", "review_share_of_linear", "max_final_step_pp",
                                                "slippage_tolerance_pp", "consistency_tolerance_pp",
                                                "baseline_tolerance_pp", "max_share_jump_ratio",
                                                "max_implied_share_gdp")}
    if previous is not None and previous.ally != plan.ally:
        raise PlanError(f"the previous plan is for {previous.ally}, this plan for {plan.ally}; compare plans of one ally")
    f: list[Finding] = []
    core = plan.core()
    first, last = plan.first_year, plan.last_year
    base = core[first]

    # baseline against NATO's own figure for the plan's first year (information)
    from hague.data import DEFAULT_DATASET, dataset

    ds = dataset(DEFAULT_DATASET)
    nato = ds.value(plan.ally, "core_defence_expenditure_share_gdp", first)
    nato_before = ds.value(plan.ally, "core_defence_expenditure_share_gdp", first - 1)
    if nato is not None and abs(nato - base) > th["baseline_tolerance_pp"] + 1e-9:
        f.append(Finding("baseline_differs", first, "info",
                         f"the plan starts at {base:g}% in {first}; NATO ({ds.id}, edition {ds.edition}) has {nato:g}%",
                         base, nato))

    # plausibility: a share far outside the ally's history, or beyond any share of GDP a defence budget has had
    cap_share = th["max_implied_share_gdp"]
    ratio = th["max_share_jump_ratio"]
    prev_share, prev_label = nato_before, f"NATO's {first - 1} figure"
    for r in plan.rows:
        for col, label in (("core_share_gdp", "core"), ("related_share_gdp", "related")):
            v = getattr(r, col)
            if v > cap_share + 1e-9:
                f.append(Finding("implausible_share", r.year, "error",
                                 f"{label} {v:g}% of GDP in {r.year} is above {cap_share:g}% of GDP: not credible "
                                 "(no ally's core share has come near it; check the unit)", v, cap_share))
        c = r.core_share_gdp
        if prev_share is not None and prev_share > 0 and c > ratio * prev_share + 1e-9:
            f.append(Finding("implausible_jump", r.year, "error",
                             f"core {c:g}% of GDP in {r.year} is {c / prev_share:.1f}x the year before "
                             f"({prev_share:g}%, {prev_label}); more than {ratio:g}x in one year is not credible",
                             c / prev_share, ratio))
        prev_share, prev_label = c, f"the plan's {r.year}"

    # horizon
    if last < deadline:
        f.append(Finding("ends_before_deadline", last, "error",
                         f"the plan ends in {last}; the path to {target:g}% by {deadline} is not stated "
                         f"(years {last + 1}-{deadline} missing)", last, deadline))
    else:
        c = core[deadline]
        if c + 1e-9 < target:
            f.append(Finding("below_target", deadline, "error",
                             f"core {c:g}% of GDP in {deadline}, below the {target:g}% commitment", c, target))
        rel = plan.row(deadline).related_share_gdp
        counted = min(rel, cap)
        if c + counted + 1e-9 < total:
            f.append(Finding("total_short", deadline, "error",
                             f"core {c:g}% + related {counted:g}% counted = {c + counted:g}% in {deadline}, below "
                             f"{total:g}%", c + counted, total))
    reached = next((y for y in sorted(core) if core[y] + 1e-9 >= target), None)
    if reached is not None:
        f.append(Finding("target_reached", reached, "info", f"core reaches {target:g}% of GDP in {reached}",
                         core[reached], target))

    # related cap: counted up to the cap, never added to core
    for r in plan.rows:
        if r.related_share_gdp > cap + 1e-9:
            f.append(Finding("related_over_cap", r.year, "warning",
                             f"related spending {r.related_share_gdp:g}% of GDP; only {cap:g}% counts toward "
                             f"{total:g}% and the excess is not added to core", r.related_share_gdp, cap))

    # incremental
    for r in plan.rows[1:]:
        step = r.core_share_gdp - core[r.year - 1]
        if step < -th["fall_tolerance_pp"] - 1e-9:
            if r.core_share_gdp + 1e-9 >= target:  # still at or above 3.5: flagged, not a failed path
                f.append(Finding("core_falls_above_target", r.year, "warning",
                                 f"core falls {-step:.2f} pp ({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%) but "
                                 f"stays at or above {target:g}%", step, -th["fall_tolerance_pp"]))
                continue
            f.append(Finding("core_falls", r.year, "error",
                             f"core falls {-step:.2f} pp ({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%); an "
                             f"incremental path allows at most {th['fall_tolerance_pp']:g} pp", step,
                             -th["fall_tolerance_pp"]))

    # not back-loaded: progress by the review, then no big final-years jump
    if first < review and review in core and base + 1e-9 < target:
        linear = (review - first) / (deadline - first) * (target - base)
        need = th["review_share_of_linear"] * linear
        closed = core[review] - base
        if closed + 1e-9 < need:
            f.append(Finding("back_loaded", review, "error",
                             f"by the {review} review the plan closes {closed:.2f} pp of the {target - base:.2f} pp gap; "
                             f"the straight line closes {linear:.2f} pp and the test asks for at least "
                             f"{th['review_share_of_linear']:g} of that ({need:.2f} pp)", closed, need))
    elif first >= review:
        f.append(Finding("review_not_tested", first, "info",
                         f"the plan starts in {first}, at or after the {review} review: progress by the review is not tested"))
    for r in plan.rows[1:]:
        if r.year > review:
            step = r.core_share_gdp - core[r.year - 1]
            if step > th["max_final_step_pp"] + 1e-9:
                f.append(Finding("final_jump", r.year, "error",
                                 f"core rises {step:.2f} pp in one year after the {review} review "
                                 f"({core[r.year - 1]:g}% -> {r.core_share_gdp:g}%); more than "
                                 f"{th['max_final_step_pp']:g} pp is back-loading", step, th["max_final_step_pp"]))

    # slippage against the previous plan
    if previous is not None:
        old = previous.core()
        for y in sorted(set(old) & set(core)):
            if is_slippage("core_share_gdp", old[y], core[y], th["slippage_tolerance_pp"]):
                f.append(Finding("slippage", y, "warning",
                                 f"core {core[y]:g}% in {y}, down from {old[y]:g}% in the {previous.plan_year} plan",
                                 core[y] - old[y], -th["slippage_tolerance_pp"]))
        old_reached = next((y for y in sorted(old) if old[y] + 1e-9 >= target), None)
        if old_reached is not None and (reached is None or reached > old_reached):
            f.append(Finding("target_year_slipped", reached, "warning",
                             f"{target:g}% is now reached in {reached or 'no year of the plan'}; the "
                             f"{previous.plan_year} plan reached it in {old_reached}",
                             reached, old_reached))

    # consistency of amounts with shares
    gdp = _gdp_path(plan)
    unchecked = []
    for r in plan.rows:
        for col, share_col, label in (("core_amount", "core_share_gdp", "core"),
                                      ("related_amount", "related_share_gdp", "related")):
            amount = getattr(r, col)
            if amount is None:
                continue
            if r.year not in gdp:
                unchecked.append(r.year)
                continue
            g, gsrc = gdp[r.year]
            implied = 100 * amount / g
            stated = getattr(r, share_col)
            if implied > cap_share + 1e-9:
                f.append(Finding("implausible_amount", r.year, "error",
                                 f"{label} amount {amount:,.0f} {plan.currency or ''} million in {r.year} implies "
                                 f"{implied:.1f}% of GDP ({gsrc}, {g:,.0f} million), above {cap_share:g}%: not "
                                 f"credible (the plan states {stated:g}%; check the unit)", implied, cap_share))
                continue
            if abs(implied - stated) > th["consistency_tolerance_pp"] + 1e-9:
                f.append(Finding("amount_share_mismatch", r.year, "warning",
                                 f"{label} amount {amount:,.0f} {plan.currency or ''} million is {implied:.2f}% of GDP "
                                 f"({gsrc}, {g:,.0f} million), the plan states {stated:g}%", implied, stated))
    if unchecked:
        ys = sorted(set(unchecked))
        f.append(Finding("consistency_not_checked", ys[0], "info",
                         f"amounts for {', '.join(map(str, ys))} not checked: no GDP path (add a gdp column; IMF WEO "
                         "projections end in 2030)"))

    # what the related side counts toward the 1.5% (the declaration's categories), for information
    from hague.rules.related import CATEGORIES

    for r in plan.rows:
        split = r.related_split()
        if split:
            parts = ", ".join(f"{CATEGORIES[k]} {v:g}" for k, v in split.items())
            f.append(Finding("related_categories", r.year, "info",
                             f"related {r.related_share_gdp:g}% of GDP in {r.year}: {parts}", r.related_share_gdp))

    # the legacy 20% guideline, for information only
    for r in plan.rows:
        if r.equipment_share is not None and r.equipment_share < 20:
            f.append(Finding("equipment_below_20", r.year, "info",
                             f"equipment {r.equipment_share:g}% of core, below the Wales 20% guideline (legacy, not "
                             "reaffirmed in 2025)", r.equipment_share, 20.0))

    order = {"error": 0, "warning": 1, "info": 2}
    f.sort(key=lambda x: (order[x.severity], x.year if x.year is not None else 0, x.code))
    if any(x.code == "ends_before_deadline" for x in f):
        verdict = "incomplete"
    elif any(x.severity == "error" for x in f):
        verdict = "not credible"
    else:
        verdict = "credible"
    return Assessment(plan=plan, verdict=verdict, findings=f, thresholds=th, target=target, related_cap=cap,
                      total=total, deadline=deadline, review_year=review, rule_files=list(tree.files))


# ------------------------------------------------------------------ the Result of this model's table(s)

def assessment_result(plan, result) -> Result:
    """``hague plan assess``: the findings of an assessment (``result``, from
    :func:`hague.rules.plans.assess`) of ``plan``; the verdict is in ``meta``."""
    rows = [f.to_dict() for f in result.findings]
    title = (f"Plan {plan.name}: {plan.ally} ({plan.ally_name}), plan year {plan.plan_year}, "
             f"{plan.first_year}-{plan.last_year}. Verdict: {result.verdict.upper()}")
    meta = result.to_dict()
    meta.pop("findings", None)
    meta["plan_rows"] = meta.pop("rows")
    computed = {k: ("the plan's rows", "assessment rules of the rule tree") for k, _, _ in FINDING_COLUMNS}
    return table_result(FINDING_COLUMNS, rows, title=title, footer=result.footer(), meta=meta, computed=computed)
