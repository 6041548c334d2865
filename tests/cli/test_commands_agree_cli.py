"""Commands agree: the same figure from `status`, `burden` and `check`, as each command exports it."""

from __future__ import annotations

import json

from hague.cli import main


def rows(capsys, *argv) -> list[dict]:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["rows"]


def pick(rs, code, kind):
    return next(r for r in rs if r["code"] == code and r.get("kind") == kind)


def test_nato_total_2014_share_is_2_56_in_status_burden_and_check(capsys):
    # NATO's published NATO-total share 2014: 2.562248439 (Aug 2025 edition Table 3, constant 2021 prices)
    status = pick(rows(capsys, "status", "--year", "2014"), "NATO", "aggregate")["share_gdp"]
    burden = pick(rows(capsys, "burden", "--year", "2014"), "NATO", "aggregate")["share_gdp"]  # was 2.47
    check = pick(rows(capsys, "check", "--year", "2014", "--commitment", "wales-2014.floor"), "NATO", "aggregate")["value"]
    assert status == burden == check == 2.56


def test_us_gap_and_year_reached_agree_between_ally_and_aggregate_rows(capsys):
    st = rows(capsys, "status", "--year", "2026")
    assert pick(st, "USA", "ally")["gap_35_usd_bn"] == pick(st, "USA", "aggregate")["gap_35_usd_bn"] == 106.32  # ally: 107.41
    ck = rows(capsys, "check", "--year", "2026", "--commitment", "hague-2025.core")
    ally, agg = pick(ck, "USA", "ally"), pick(ck, "USA", "aggregate")
    assert ally["gap_usd_m"] == agg["gap_usd_m"] == 106318
    assert ally["year_reached"] == agg["year_reached"] == 2066  # the ally row said 2076
