"""Deprecated: every table's Result now lives in the module of the model that owns its figures.

``from hague.tables import check_result`` keeps working for one release (with a :class:`DeprecationWarning`);
import from the owner instead (``hague.check_result`` or ``hague.rules.check.check_result``). The map below says
where each name went.
"""

from __future__ import annotations

import importlib
import warnings

#: old name -> the module that owns it now
MOVED = {
    "table_result": "hague.columns", "with_kind": "hague.columns", "catalog_source": "hague.models.catalog",
    "targets_result": "hague.models.catalog", "costs_result": "hague.models.catalog",
    "check_result": "hague.rules.check", "path_result": "hague.models.projection",
    "path_all_result": "hague.models.projection", "simulation_result": "hague.models.montecarlo.result",
    "SIMULATION_VIEWS": "hague.models.montecarlo.result", "calibration_result": "hague.models.montecarlo.calibration",
    "burden_result": "hague.models.burden", "burden_trend_result": "hague.models.burden",
    "apportion_result": "hague.models.apportion", "compare_principles_result": "hague.models.apportion",
    "buys_result": "hague.models.capability", "estimates_result": "hague.models.adversary",
    "balance_result": "hague.models.adversary", "parity_result": "hague.models.adversary",
    "runs_result": "hague.models.adversary", "editions_result": "hague.sources.store",
    "diff_result": "hague.sources.diff", "compare_sources_result": "hague.sources.compare",
    "gdp_result": "hague.economics.gdp", "convert_result": "hague.economics.convert",
    "rules_result": "hague.rules.loader", "assessment_result": "hague.rules.plan_assessment",
    "data_status_result": "hague.sources.update", "backtest_skill_result": "hague.models.montecarlo.backtest",
}

__all__ = sorted(MOVED)


def __getattr__(name: str):
    if name not in MOVED:
        raise AttributeError(f"module 'hague.tables' has no attribute {name!r}")
    warnings.warn(f"hague.tables.{name} moved to {MOVED[name]}.{name}; hague.tables goes in the next release",
                  DeprecationWarning, stacklevel=2)
    return getattr(importlib.import_module(MOVED[name]), name)
