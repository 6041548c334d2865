"""Dated commitments as data, the strict loader, compliance checks and the credible-path test for plans.

>>> from hague.rules import load_rules, national_plans, national_targets
>>> load_rules().parameter("hague-2025.core").value_at(2035)
3.5
>>> deu = [t for t in national_targets() if t["ally"] == "DEU"][0]
>>> deu["value"], deu["deadline"], deu["confidence"]
(3.5, 2029, 'medium')
>>> [p.id for p in national_plans("CZE", include_superseded=True)]
['path-2.2-2026', 'core-3-2030', 'core-2-2026']
"""

from __future__ import annotations

import importlib

#: public names -> the module that defines them, imported on first use (``hague status`` needs only
#: ``thresholds``, which reads a checked JSON index; the YAML rule tree loads when something asks for it)
_LAZY = {"load_rules": "loader", "RuleTree": "loader", "Commitment": "loader", "Parameter": "loader",
         "RuleError": "loader", "stated_core_path": "stated_paths",
         "NationalPlan": "national_plans", "PlanDataError": "national_plans"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"hague.rules.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    if name == "thresholds":
        return importlib.import_module("hague.rules.thresholds")
    raise AttributeError(f"module 'hague.rules' has no attribute {name!r}")

__all__ = ["load_rules", "national_targets", "national_plans", "stated_core_path", "NationalPlan", "PlanDataError",
           "RuleTree", "Commitment", "Parameter", "RuleError", "thresholds"]


def national_targets(extra_dirs=()) -> list[dict]:
    """National positions and targets (shipped, plus any in ``extra_dirs``), one dict each.

    Keys: ``ally, id, label, value, value_max, unit, comparison, year`` (= ``deadline``, the target year),
    ``until, basis, measure, date`` (when it was announced), ``source`` (URL), ``source_label, sources,
    confidence, description, note, file, line``.
    """
    from hague.rules.loader import load_rules

    return load_rules(extra_dirs).national_targets()


# ``national_plans`` is a function and the module that defines it: importing the module (as the loader does) would
# replace a lazy attribute of that name with the module, so the (light) module is imported here, once, and the
# function bound after it.
from hague.rules import national_plans as _plans_module  # noqa: E402

national_plans = _plans_module.national_plans
