"""Reading plans (errors by row and column) and the credible-path test."""

from __future__ import annotations

import json

import pytest

from hague.rules.plans import PlanError, assess, read_plan

HEAD = "ally,year,core_share_gdp,related_share_gdp\n"


def _csv(rows: list[str], head: str = HEAD) -> str:
    return head + "".join(r + "\n" for r in rows)


def _path(core: dict[int, float], related: float = 1.5, ally: str = "DEU") -> str:
    return _csv([f"{ally},{y},{c},{related}" for y, c in core.items()])


def _errors(text: str, name: str = "p.csv") -> list[dict]:
    with pytest.raises(PlanError) as e:
        read_plan(text, name=name)
    assert str(e.value).startswith(f"{name}: ")
    return e.value.errors


@pytest.mark.parametrize("rows,row,column,message", [
    (["DEU,2026,2.7,0.5", "DEU,2027,2.9,0.5", "DEU,2029,3.2,0.5"], 4, "year", "missing year(s) 2028"),
    (["DEU,2026,2.7,0.5", "DEU,2026,2.9,0.5"], 3, "year", "duplicate year 2026 (first at row 2)"),
    (["DEU,2026,-2.7,0.5"], 2, "core_share_gdp", "must not be negative"),
    (["DEU,2026,nan,0.5"], 2, "core_share_gdp", "must be a finite number"),
    (["DEU,2026,2.7,150"], 2, "related_share_gdp", "150 is over 100"),
    (["DEU,2040,2.7,0.5"], 2, "year", "year 2040 out of range; accepted: 2025-2035"),
    (["DEU,2020,2.7,0.5"], 2, "year", "year 2020 out of range"),
    (["GER,2026,2.7,0.5"], 2, "ally", "unknown ally 'GER'; did you mean DEU (Germany)?"),
    (["DEU,2026,,0.5"], 2, "core_share_gdp", "missing value"),
    (["DEU,2026,lots,0.5"], 2, "core_share_gdp", "must be a number, got 'lots'"),
    (["DEU,2026.5,2.7,0.5"], 2, "year", "must be a whole year"),
    (["DEU,2026,2.7,0.5", "POL,2027,4.7,0.5"], 3, "ally", "a plan is for one ally; found DEU, POL"),
    (["DEU,2026,2.7"], 2, None, "3 fields, expected 4"),
])
def test_bad_plans_name_row_and_column(rows, row, column, message):
    errs = _errors(_csv(rows))
    assert any(e["row"] == row and e["column"] == column and message in e["message"] for e in errs), errs


def test_wrong_columns():
    errs = _errors(_csv(["DEU,2026,2.7,0.5"], head="ally,year,core,related_share_gdp\n"))
    assert {"row": 1, "column": "core", "message": errs[0]["message"]} in errs
    assert "did you mean 'gdp'" in errs[0]["message"] or "accepted:" in errs[0]["message"]
    assert any(e["column"] == "core_share_gdp" and "missing column" in e["message"] for e in errs)


def test_all_errors_collected_and_comment_lines_counted():
    text = "# illustrative\nally,year,core_share_gdp,related_share_gdp\nDEU,2026,-1,0.5\nDEU,2027,2,101\n"
    errs = _errors(text)
    assert [(e["row"], e["column"]) for e in errs] == [(3, "core_share_gdp"), (4, "related_share_gdp")]


def test_category_split_must_add_to_100():
    head = "ally,year,core_share_gdp,related_share_gdp,equipment_share,personnel_share,infrastructure_share,other_share\n"
    errs = _errors(_csv(["DEU,2026,2.7,0.5,30,30,5,20"], head=head))
    assert errs[0]["row"] == 2 and "add up to 85" in errs[0]["message"]
    errs = _errors(_csv(["DEU,2026,2.7,0.5,30,30,,"], head=head))
    assert "needs all four" in errs[0]["message"]


def test_empty_and_unknown_format():
    assert "no rows" in _errors(HEAD)[0]["message"]
    with pytest.raises(PlanError, match="unknown plan format '.txt'"):
        read_plan("x", name="plan.txt")
    with pytest.raises(PlanError, match="no such plan file"):
        read_plan("/nonexistent/plan.csv")


def test_yaml_plan_errors():
    errs = _errors("ally: DEU\ncolour: red\nrows:\n  - {year: 2026, core_share_gdp: 2.7}\n", name="p.yaml")
    assert any(e["column"] == "colour" and "line 2" in e["message"] for e in errs)
    errs = _errors("ally: DEU\nrows:\n  - {year: 2026, core_share_gdp: 2.7, related_share_gdp: 0.5}\n"
                   "  - {year: 2027, core_share_gdp: .nan, related_share_gdp: 0.5}\n", name="p.yaml")
    assert errs == [{"row": 2, "column": "core_share_gdp", "message": errs[0]["message"]}]
    assert "finite" in errs[0]["message"]


def test_read_yaml_bytes_and_xlsx(tmp_path):
    import openpyxl

    plan = read_plan(b"ally: POL\nplan_year: 2026\nillustrative: true\nrows:\n"
                     b"  - {year: 2026, core_share_gdp: 4.68, related_share_gdp: 0.5}\n", name="pol.yaml")
    assert (plan.ally, plan.plan_year, plan.illustrative, plan.currency) == ("POL", 2026, True, "PLN")
    assert plan.rows[0].core == 4.68 and plan.rows[0].related == 0.5
    json.dumps(plan.to_dict())

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "plan"
    ws.append(["ally", "year", "core_share_gdp", "related_share_gdp"])
    for y in range(2026, 2036):
        ws.append(["DEU", y, min(3.5, 2.69 + 0.27 * (y - 2026)), 1.5])
    ws.append(["DEU", 2036, 3.5, 1.5])
    path = tmp_path / "deu.xlsx"
    wb.save(path)
    errs = _errors(path.read_bytes(), name="deu.xlsx")
    assert errs == [{"row": 12, "column": "year", "message": errs[0]["message"]}]
    ws.delete_rows(12)
    wb.save(path)
    plan = read_plan(path)
    assert (plan.ally, plan.first_year, plan.last_year) == ("DEU", 2026, 2035)
    assert assess(plan).verdict == "credible"


def test_assessment_verdicts_and_findings():
    credible = read_plan(_path({y: min(3.5, 2.69 + 0.2 * (y - 2026)) for y in range(2026, 2036)}), name="a.csv")
    a = assess(credible)
    assert a.verdict == "credible"
    assert [(f.code, f.year) for f in a.findings] == [("target_reached", 2031)]
    d = a.to_dict()
    json.dumps(d)
    assert d["verdict"] == "credible" and d["target"] == 3.5 and d["review_year"] == 2029

    short = read_plan(_path({2026: 2.69, 2027: 3.0}), name="b.csv")
    s = assess(short)
    assert s.verdict == "incomplete" and ("ends_before_deadline", 2027) in [(f.code, f.year) for f in s.findings]


def test_related_over_cap_is_flagged_not_added():
    plan = read_plan(_path({y: 3.5 for y in range(2026, 2036)}, related=2.0), name="c.csv")
    a = assess(plan)
    assert a.verdict == "credible"
    assert {f.code for f in a.findings if f.severity == "warning"} == {"related_over_cap"}
    assert len([f for f in a.findings if f.code == "related_over_cap"]) == 10
    plan = read_plan(_path({y: 3.4 for y in range(2026, 2036)}, related=2.0), name="c.csv")
    codes = assess(plan).codes("error")
    assert "below_target" in codes and "total_short" in codes  # 3.4 + 1.5 counted = 4.9 < 5


def test_consistency_of_amounts():
    # DEU 2026: IMF WEO Oct 2025 GDP EUR 4,565.265bn; EUR 150,000m is 3.29%, not the stated 2.69%
    rows = [f"DEU,{y},3.5,1.5," for y in range(2027, 2036)]
    text = _csv(["DEU,2026,2.69,1.5,150000"] + rows, head="ally,year,core_share_gdp,related_share_gdp,core_amount\n")
    a = assess(read_plan(text, name="d.csv"))
    mm = [f for f in a.findings if f.code == "amount_share_mismatch"]
    assert len(mm) == 1 and mm[0].year == 2026 and mm[0].value == pytest.approx(100 * 150000 / 4565265)
    # 124,660m (NATO Table 1) is 2.73% of the IMF GDP: within 0.1 pp
    ok = assess(read_plan(text.replace("150000", "124660"), name="d.csv"))
    assert "amount_share_mismatch" not in ok.codes()
    # beyond the IMF horizon without a gdp column: reported as not checked
    text2 = text.replace("DEU,2035,3.5,1.5,", "DEU,2035,3.5,1.5,200000")
    assert "consistency_not_checked" in assess(read_plan(text2, name="d.csv")).codes("info")
    # the plan's own GDP path is used when given
    head = "ally,year,core_share_gdp,related_share_gdp,core_amount,gdp\n"
    rows = [f"DEU,{y},3.5,1.5,," for y in range(2027, 2036)]
    own = assess(read_plan(_csv(["DEU,2026,2.69,1.5,150000,5576208"] + rows, head=head), name="e.csv"))
    assert "amount_share_mismatch" not in own.codes()


def test_previous_plan_of_another_ally():
    a = read_plan(_path({y: 3.5 for y in range(2026, 2036)}), name="a.csv")
    b = read_plan(_path({y: 3.5 for y in range(2026, 2036)}, ally="POL"), name="b.csv")
    with pytest.raises(PlanError, match="previous plan is for POL"):
        assess(a, previous=b)


def test_thresholds_come_from_the_rule_tree(tmp_path):
    core = {2026: 2.1, 2027: 2.1, 2028: 2.15, 2029: 2.2, 2030: 2.3, 2031: 2.4, 2032: 2.5, 2033: 2.7, 2034: 2.9,
            2035: 3.5}
    plan = read_plan(_path(core, ally="ITA"), name="ita.csv")
    assert assess(plan).verdict == "not credible"
    (tmp_path / "lenient.yaml").write_text(
        "kind: assessment\nid: lenient\nlabel: lenient\ndescription: d\nreference: [{label: me, href: 'https://example.org/'}]\n"
        "parameters:\n"
        "  max_final_step_pp: {description: d, reason: r, unit: pp, reference: [{label: me, href: 'https://example.org/'}], values: {2026-01-01: 0.7}}\n"
        "  review_share_of_linear: {description: d, reason: r, unit: fraction, reference: [{label: me, href: 'https://example.org/'}], values: {2026-01-01: 0.2}}\n")
    lenient = assess(plan, rules=[tmp_path])
    assert lenient.verdict == "credible" and lenient.thresholds["max_final_step_pp"] == 0.7
