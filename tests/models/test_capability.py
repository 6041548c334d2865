"""What the money buys: conversions against the raw NATO rows, quantities, ranges and errors."""

from __future__ import annotations

import csv
import math
from importlib import resources

import pytest

from hague.errors import HagueError
from hague.models.capability import budget_gap_35, convert_price, deflator, exchange_rate, what_money_buys
from hague.models.catalog import UnknownEntryError, unit_cost


def raw(ally, indicator, year, unit, basis):
    text = resources.files("hague.data").joinpath("embedded/nato_2026.csv").read_text(encoding="utf-8")
    for r in csv.DictReader(text.splitlines()):
        if (r["ally"], r["indicator"], int(r["year"]), r["unit"], r["price_basis"]) == (ally, indicator, year, unit, basis):
            return float(r["value"])
    raise AssertionError("row not found")


S = "core_defence_expenditure"


def test_implied_exchange_rate_and_deflator_from_raw_rows():
    assert exchange_rate("EUR", 2026) == pytest.approx(raw("DEU", S, 2026, "EUR million", "current")
                                                      / raw("DEU", S, 2026, "USD million", "current"))
    assert exchange_rate("EUR", 2026) == pytest.approx(124660 / 147002)  # DEU 2026: EUR 124,660m = USD 147,002m
    assert exchange_rate("USD", 2020) == 1.0
    assert deflator("SEK", 2021) == pytest.approx(1.0)  # base year of NATO's constant prices
    assert deflator("EUR", 2024) == pytest.approx(86638 / 74002)  # DEU 2024 current / constant 2021


def test_convert_price_moves_year_then_currency():
    d = raw("DEU", S, 2026, "EUR million", "current") / raw("DEU", S, 2026, "EUR million", "constant_2021")
    d0 = raw("DEU", S, 2024, "EUR million", "current") / raw("DEU", S, 2024, "EUR million", "constant_2021")
    xr = raw("DEU", S, 2026, "EUR million", "current") / raw("DEU", S, 2026, "USD million", "current")
    assert convert_price(4400, "EUR", 2024, 2026) == pytest.approx(4400 * d / d0 / xr)
    assert convert_price(5.2, "USD", 2026, 2026) == pytest.approx(5.2)
    with pytest.raises(HagueError, match="unknown currency 'JPY'"):
        convert_price(1, "JPY", 2024, 2026)


def test_gap_to_35_is_status_gap_at_current_gdp():
    gap, year, row = budget_gap_35("DEU", 2026)
    assert year == 2026 and row["share_gdp"] == 2.69
    # from the unrounded share (constant 2021 expenditure / GDP = 2.6749), not the published 2.69 (issue 11)
    exact = 100 * raw("DEU", "core_defence_expenditure", 2026, "USD million", "constant_2021") / raw(
        "DEU", "gdp", 2026, "USD million", "constant_2021")
    assert gap == pytest.approx((3.5 - exact) / 100 * raw("DEU", "gdp", 2026, "USD million", "current"))
    assert round(gap / 1000, 1) == 44.0  # USD bn, the same as `hague status` (DEU gap 3.5 USD bn)


def test_quantities_and_ranges():
    gap, _, _ = budget_gap_35("DEU", 2026)
    b = what_money_buys("DEU", split={"armour": 60, "shell-155mm": 40})
    leo, shell = b.rows
    conv = convert_price(1.0, "EUR", 2024, 2026)
    assert leo["id"] == "leopard-2a8" and leo["amount"] == pytest.approx(0.6 * gap)
    # whole units, rounded down (issue 11: "27.19 fire units")
    assert leo["quantity"] == math.floor(0.6 * gap / (27.6 * conv)) and isinstance(leo["quantity"], int)
    assert leo["quantity_low"] == math.floor(0.6 * gap / (34 * conv))  # at the Czech EUR 34m
    assert leo["quantity_high"] == math.floor(0.6 * gap / (21.6 * conv))  # at the Lithuanian EUR 21.6m
    assert leo["remainder"] == pytest.approx(0.6 * gap - leo["quantity"] * 27.6 * conv)
    assert 0 <= leo["remainder"] < 27.6 * conv
    assert shell["unit_price"] == pytest.approx(4400 * conv)  # currency units, not millions
    assert shell["unit_price_m"] == pytest.approx(0.0044 * conv)  # the same in millions
    assert shell["quantity"] == math.floor(0.4 * gap * 1e6 / (4400 * conv))


def test_default_split_is_equal_across_areas_and_amount_in_eur():
    b = what_money_buys(amount=800.0, currency="EUR", year=2025)
    assert len(b.rows) == 8 and all(r["share_pct"] == pytest.approx(12.5) for r in b.rows)
    f35 = next(r for r in b.rows if r["id"] == "f-35a")
    price_eur = convert_price(unit_cost("f-35a").price, "USD", 2025, 2025, to="EUR")
    assert f35["quantity"] == math.floor(100 / price_eur)


def test_errors():
    with pytest.raises(HagueError, match=r"Poland \(POL\) is at or above 3.5% in 2026 \(4.68% of GDP\)"):
        what_money_buys("POL")
    with pytest.raises(HagueError, match="non-negative"):
        what_money_buys(amount=-1)
    with pytest.raises(HagueError, match="add up to 90, not 100"):
        what_money_buys("DEU", split={"armour": 90})
    with pytest.raises(UnknownEntryError, match="unknown area or system 'lasers'"):
        what_money_buys("DEU", split="lasers=100")
    with pytest.raises(HagueError, match="no armed forces"):
        what_money_buys("ISL")
    with pytest.raises(HagueError, match="expected AREA_OR_SYSTEM=PERCENT"):
        what_money_buys("DEU", split="armour")
