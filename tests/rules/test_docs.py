"""Every command and public function of the rules area is documented."""

from __future__ import annotations

import inspect
from pathlib import Path

import hague
from hague.rules import check, loader, national_plans, plan_reader
from hague.rules import plan_assessment as plans

DOC = (Path(__file__).resolve().parents[2] / "docs" / "commitments.md").read_text(encoding="utf-8")


def test_commands_documented():
    for cmd in ("hague check", "hague rules", "hague plan assess", "hague plan template", "--rules DIR", "--previous"):
        assert cmd in DOC, cmd


def test_finding_codes_documented():
    src = inspect.getsource(plans)
    import re

    codes = set(re.findall(r'Finding\("([a-z_0-9]+)"', src))
    assert len(codes) >= 14
    for code in codes:
        assert f"`{code}`" in DOC, code


def test_public_functions_have_docstrings():
    for fn in (hague.check, hague.plan_assess, hague.read_plan, hague.load_rules, hague.national_targets,
               loader.load_rules, check.check, plan_reader.read_plan, plans.assess, national_plans):
        assert fn.__doc__ and len(fn.__doc__.strip()) > 40, fn.__name__
    for name in ("check", "plan_assess", "read_plan", "load_rules", "national_targets"):
        assert name in hague.__all__


def test_thresholds_documented_with_their_values():
    t = hague.load_rules()
    for name, p in t.assessment.items():
        if name in ("baseline_tolerance_pp", "category_sum_tolerance"):
            continue
        assert f"`{name}` ({p.latest:g})" in DOC, name


def test_hague_rules_is_the_subpackage():
    import hague.rules.plans  # noqa: F401  (importing a submodule must not shadow a public function)

    assert inspect.ismodule(hague.rules)
    assert callable(hague.load_rules) and callable(hague.check)
