"""hague: NATO's 2025 defence-investment framework as software, with sourced data.

The public Python API is one noun, the :class:`hague.results.Result` (rows, column specs with unit and decimals,
provenance and notes; ``.frame()`` for pandas, ``.to_dict()`` for JSON): every table function below returns one.
Each name is defined in the core module that owns the figures and imported on first use (so ``import hague`` is
fast and imports no face). Data come from the embedded NATO July-2026 edition unless ``edition=`` names another.

>>> import hague
>>> hague.value("DEU", "core_defence_expenditure", 2026, unit="EUR million", price_basis="current")
124660.0
>>> r = hague.status_result(2026)
>>> r.row(code="POL", kind="ally")["share_gdp"], r.column("share_gdp").decimals, r.provenance.edition
(4.68, 2, '2026-07')
>>> round(hague.convert(hague.Money(124660, "EUR", year=2026, ally="DEU"), "USD").amount)
147002
"""

from __future__ import annotations

import importlib

from hague._version import __version__  # noqa: F401

_D, _M, _R, _S, _E = "hague.data", "hague.models", "hague.rules", "hague.sources", "hague.economics"

#: public name -> "module" (same name there) or "module:name"
_NAMES = {
    # the dataset (long format) and its provenance
    "load": f"{_D}.access", "ally": f"{_D}.access", "value": f"{_D}.access", "series": f"{_D}.access",
    "wide": f"{_D}.access", "year": f"{_D}.access", "aggregate": f"{_D}.access", "datasets": f"{_D}.access",
    "provenance": f"{_D}.access", "validate": f"{_D}.access", "export_nato_workbook": f"{_D}.access",
    "DEFAULT_DATASET": _D, "DEFAULT_ECONOMICS": _D, "resolve_edition": _D,
    "resolve": "hague.allies", "Ally": "hague.allies", "Result": "hague.results", "Column": "hague.results",
    "Money": f"{_E}.money", "convert": f"{_E}.convert",
    # the tables, each a Result (the command that prints it in brackets)
    "status_result": f"{_M}.status",  # status
    "ally_result": f"{_M}.datatables", "allies_result": f"{_M}.datatables",  # ally, allies
    "sources_result": f"{_M}.datatables", "validate_result": f"{_M}.datatables",  # sources, validate
    "check_result": f"{_R}.check",  # check
    "path_result": f"{_M}.projection", "path_all_result": f"{_M}.projection",  # path, path --all
    "fiscal_result": f"{_M}.fiscal",  # path --fiscal
    "simulate_result": f"{_M}.montecarlo", "calibration_result": f"{_M}.montecarlo.calibration",  # simulate
    "backtest_result": f"{_M}.montecarlo.backtest",  # backtest
    "burden_result": f"{_M}.burden", "burden_trend_result": f"{_M}.burden",  # burden, burden --trend
    "targets_result": f"{_M}.catalog", "unit_costs_result": f"{_M}.catalog:costs_result",  # targets, costs
    "apportion_result": f"{_M}.apportion", "compare_principles_result": f"{_M}.apportion",  # targets apportion
    "what_money_buys_result": f"{_M}.capability:buys_result",  # buys
    "compare_result": f"{_M}.adversary:estimates_result",  # compare (the adversary: Russia vs the allies)
    "ammunition_balance_result": f"{_M}.adversary:balance_result",
    "parity_years_result": f"{_M}.adversary:parity_result", "parity_runs_result": f"{_M}.adversary:runs_result",
    "editions_result": f"{_S}.store", "diff_editions_result": f"{_S}.diff:diff_result",  # data editions, diff
    "data_status_result": f"{_S}.update", "compare_sources_result": f"{_S}.compare",  # data status, compare-sources
    "gdp_result": f"{_E}.gdp", "convert_result": f"{_E}.convert",  # gdp, convert
    "rules_result": f"{_R}.loader",  # rules
    "plans_result": f"{_R}.five_percent", "plans_compare": f"{_R}.five_percent",  # plans, plans compare
    "related_result": f"{_R}.five_percent", "five_percent": f"{_R}.five_percent",  # related, related --five
    "pledge_delivery_result": f"{_M}.pledge_delivery", "pledge_backtest_result": f"{_M}.pledge_delivery",  # backtest --pledges
    "money_plans_result": f"{_R}.money_plans",  # plans money
    "dossier": f"{_M}.dossier", "verify": f"{_M}.verify",  # dossier, verify
    **{n: f"{_M}.money_delivery" for n in ("delivery_result", "systems_result", "kiel_allocations",  # docs/delivery.md
                                           "ukraine_result", "investment_result", "dependence_result")},
    # the rule tree, national plans and annual plans
    "load_rules": f"{_R}.loader", "national_targets": _R, "national_plans": f"{_R}.national_plans",
    "read_plan": f"{_R}.plans", "plan_assess": f"{_D}.access", "import_source": f"{_S}.store:import_file",
    # errors
    **{e: "hague.errors" for e in (
        "HagueError", "UnknownAllyError", "UnknownIndicatorError", "UnknownDatasetError", "YearOutOfRangeError",
        "UnitMismatchError", "DataValidationError", "ExportError", "CatalogError", "UnknownEntryError",
        "InfeasibleError")},
}

#: the web face (needs ``pip install -e '.[web]'``): resolved only when called
_WEB = {"create_app": "hague.web.app", "open_registry": "hague.store"}

#: older names returning DataFrames or model objects, kept one release behind a DeprecationWarning
#: (:mod:`hague._compat` says what replaces each)
_DEPRECATED = ("allies", "status", "check", "path", "path_all", "simulate", "backtest", "gdp_path", "burden", "burden_groups",
               "burden_trend", "targets", "apportion", "compare_principles", "unit_costs", "what_money_buys",
               "compare", "ammunition_balance", "parity_runs", "parity_years", "editions", "diff_editions",
               "compare_sources")

__all__ = sorted([*_NAMES, *_WEB, *_DEPRECATED, "__version__"])


def _web(name: str):
    def call(*args, **kwargs):
        from hague.extras import needs_web

        needs_web()  # one line saying how to install the web extra, instead of an ImportError
        return getattr(importlib.import_module(_WEB[name]), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"See :func:`{_WEB[name]}.{name}` (needs the web extra: ``pip install -e '.[web]'``)."
    return call


def __getattr__(name: str):
    if name in _NAMES:
        module, _, attr = _NAMES[name].partition(":")
        value = getattr(importlib.import_module(module), attr or name)
    elif name in _WEB:
        value = _web(name)
    elif name in _DEPRECATED:
        value = importlib.import_module("hague._compat").deprecated(name)
    else:
        raise AttributeError(f"module 'hague' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# ``hague.allies`` is also a module: importing it would replace a lazy attribute of that name, so the deprecated
# function is bound here, once, after the (light) module. ``hague.sources`` is the readers' subpackage only: the
# function of that name was unreachable once it was imported, and is :func:`provenance` now.
import hague.allies  # noqa: E402, F401
from hague import _compat  # noqa: E402

allies = _compat.deprecated("allies")  # use allies_result()
