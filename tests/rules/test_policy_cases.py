"""Run the YAML policy test cases in tests/rules/policy_cases/ (name / input / expected)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hague.rules.plans import VERDICTS, assess, read_plan

CASES_DIR = Path(__file__).parent / "policy_cases"


def _cases():
    for f in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{f.stem}: {case['name']}")


def _plan(spec: dict, name: str):
    lines = ["ally,year,core_share_gdp,related_share_gdp"]
    lines += [f"{spec['ally']},{y},{c},{r}" for y, c, r in spec["rows"]]
    return read_plan("\n".join(lines) + "\n", name=f"{name}.csv")


def _rules(tmp_path: Path, overrides: dict) -> list[Path]:
    params = {
        k: {"description": "policy test override", "reason": "policy test", "unit": "as shipped",
            "reference": [{"label": "policy test", "href": "https://example.org/"}], "values": {"2025-06-25": v}}
        for k, v in overrides.items()
    }
    doc = {"kind": "assessment", "id": "policy-test", "label": "override", "description": "policy test",
           "reference": [{"label": "policy test", "href": "https://example.org/"}], "parameters": params}
    # PyYAML quotes the date-like keys, which the strict loader reads as text dates
    (tmp_path / "override.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return [tmp_path]


def test_there_are_policy_cases():
    assert len(list(_cases())) >= 10


@pytest.mark.parametrize("case", list(_cases()))
def test_policy_case(case, tmp_path):
    assert set(case) <= {"name", "input", "expected", "previous", "rules"}, case["name"]
    plan = _plan(case["input"], "input")
    previous = _plan(case["previous"], "previous") if "previous" in case else None
    rules = _rules(tmp_path, case["rules"]) if "rules" in case else None
    a = assess(plan, previous=previous, rules=rules)
    exp = case["expected"]
    assert exp["verdict"] in VERDICTS
    assert a.verdict == exp["verdict"], [f.to_dict() for f in a.findings]
    got = sorted((f.code, f.year) for f in a.findings if f.severity in ("error", "warning"))
    assert got == sorted((c, y) for c, y in exp["findings"]), [f.message for f in a.findings]
    info = {(f.code, f.year) for f in a.findings if f.severity == "info"}
    for c, y in exp.get("info", []):
        assert (c, y) in info, info
