"""Annual national plans and the credible-path test: one import surface over three modules with one job each.

- :mod:`hague.rules.plan_reader`: the plan format and :func:`read_plan` (CSV, XLSX, YAML);
- :mod:`hague.rules.plan_assessment`: :func:`assess` (verdict and findings) and :func:`is_slippage`;
- :mod:`hague.rules.plan_template`: :func:`template`, the blank plan of the CLI and the web form.
"""

from __future__ import annotations

from hague.rules.plan_assessment import FINDING_COLUMNS, VERDICTS, Assessment, Finding, assess, is_slippage
from hague.rules.plan_reader import (
                                     CATEGORY_COLUMNS,
                                     COLUMNS,
                                     OPTIONAL,
                                     REQUIRED,
                                     Plan,
                                     PlanError,
                                     PlanRow,
                                     _year_range,
                                     read_plan,
)
from hague.rules.plan_template import TEMPLATE_COLUMNS, template

__all__ = ["Plan", "PlanRow", "PlanError", "Finding", "Assessment", "read_plan", "assess", "template", "is_slippage",
           "COLUMNS", "REQUIRED", "OPTIONAL", "VERDICTS", "FINDING_COLUMNS", "CATEGORY_COLUMNS", "TEMPLATE_COLUMNS",
           "_year_range"]
