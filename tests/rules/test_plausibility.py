"""Plausibility: a plan far outside the ally's history and GDP is not credible, with the year and implied share."""

from __future__ import annotations

from hague.rules import load_rules
from hague.rules.plans import assess, read_plan


def _plan(rows: str, header="ally,year,core_share_gdp,related_share_gdp,core_amount"):
    return read_plan(header + "\n" + rows, name="p.csv")


GOOD = "".join(f"DEU,{y},{s},{r},\n" for y, s, r in
               [(2027, 2.9, 0.8), (2028, 3.1, 1.0)] + [(y, 3.5, 1.5) for y in range(2029, 2036)])


def test_germany_eur_999999_million_is_not_credible():
    a = assess(_plan("DEU,2026,2.69,0.5,999999\n" + GOOD))
    assert a.verdict == "not credible"
    f = next(x for x in a.findings if x.code == "implausible_amount")
    # IMF WEO October 2025: Germany's 2026 GDP EUR 4,565,265 million -> 21.9 %
    assert (f.year, round(f.value, 1), f.threshold, f.severity) == (2026, 21.9, 10.0, "error")
    assert "in 2026 implies 21.9% of GDP" in f.message
    # the same plan with NATO's own 2026 amount (EUR 124,660 m) is credible
    assert assess(_plan("DEU,2026,2.69,0.5,124660\n" + GOOD)).verdict == "credible"


def test_more_than_double_in_one_year_is_not_credible():
    # NATO 2025: Germany 2.22 %; 2026 planned at 5 % is 2.3x
    a = assess(_plan("DEU,2026,5.0,0.5,\n" + GOOD.replace("DEU,2027,2.9", "DEU,2027,5.0").replace(
        "DEU,2028,3.1", "DEU,2028,5.0").replace(",3.5,", ",5.0,")))
    f = next(x for x in a.findings if x.code == "implausible_jump")
    assert a.verdict == "not credible" and f.year == 2026 and round(f.value, 2) == 2.25
    assert "2.3x the year before (2.22%, NATO's 2025 figure)" in f.message


def test_a_share_above_ten_percent_is_not_credible():
    a = assess(_plan("DEU,2026,2.69,12,\n" + GOOD))
    f = next(x for x in a.findings if x.code == "implausible_share")
    assert a.verdict == "not credible" and f.year == 2026 and "related 12% of GDP in 2026" in f.message


def test_thresholds_live_in_the_rule_tree_with_reasons():
    t = load_rules()
    jump, cap = t.parameter("assessment.max_share_jump_ratio"), t.parameter("assessment.max_implied_share_gdp")
    assert (jump.latest, cap.latest) == (2.0, 10.0)
    assert "Bulgaria in 2019 (1.45% -> 3.15%, 2.17x)" in jump.reason and "5.33%" in cap.reason


def test_related_lines_carry_the_declarations_categories():
    head = ("ally,year,core_share_gdp,related_share_gdp,related_infrastructure,related_cyber,related_resilience,"
            "related_innovation,related_industrial_base,related_other")
    rows = "".join(f"DEU,{y},{s},{r},{'0.6,0.3,0.3,0.1,0.2,0' if y == 2030 else ',,,,,'}\n" for y, s, r in
                   [(2026, 2.69, 0.5), (2027, 2.9, 0.8), (2028, 3.1, 1.0)] + [(y, 3.5, 1.5) for y in range(2029, 2036)])
    plan = read_plan(head + "\n" + rows, name="p.csv")
    assert plan.row(2030).related_split() == {"infrastructure": 0.6, "cyber": 0.3, "resilience": 0.3,
                                              "innovation": 0.1, "industrial_base": 0.2, "other": 0.0}
    assert plan.row(2030).to_dict()["related_cyber"] == 0.3  # stored by the registry with the plan
    f = next(x for x in assess(plan).findings if x.code == "related_categories")
    assert "critical infrastructure 0.6, networks (cyber defence) 0.3" in f.message
    import pytest

    from hague.rules.plans import PlanError

    with pytest.raises(PlanError, match="the related categories add up to 1.4% of GDP; related_share_gdp is 1.5"):
        read_plan(head + "\n" + rows.replace("0.6,0.3,0.3,0.1,0.2,0", "0.5,0.3,0.3,0.1,0.2,0"), name="p.csv")
