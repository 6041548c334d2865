"""Single sources: thresholds, rates, allies, the YAML reader and the confidence vocabulary each have one source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from hague.rules import load_rules, thresholds

SRC = Path(__file__).resolve().parents[1] / "src" / "hague"


def test_thresholds_come_from_the_rule_tree():
    tree = load_rules()
    assert thresholds.value(thresholds.CORE) == tree.parameter("hague-2025.core").latest == 3.5
    assert thresholds.deadline(thresholds.CORE) == 2035
    assert thresholds.value(thresholds.FLOOR) == 2.0 and thresholds.value(thresholds.EQUIPMENT) == 20.0
    assert thresholds.review_year() == 2029
    from hague.models import montecarlo, status

    assert status.HAGUE_CORE == 3.5 and status.FLOOR_2014 == 2.0 and status.EQUIPMENT_GUIDELINE == 20.0
    assert (montecarlo.THRESHOLD, montecarlo.REVIEW_YEAR) == (3.5, 2029)


def test_the_status_gap_follows_the_rule_tree(monkeypatch):
    """The status gap reads the target from the rule tree, not from a constant in models/status.py."""
    from hague.models.status import status_table

    deu = status_table(2026).row("DEU")
    # gap = 3.5 - unrounded 2.6943 (NATO 2026 Tables 2 and 5, constant 2021 USD 119,159 / 4,422,594)
    assert deu["gap_35_pp"] == pytest.approx(3.5 - 100 * 119159 / 4422594)
    real = thresholds.value
    monkeypatch.setattr(thresholds, "value", lambda key, year=None: 3.0 if key == thresholds.CORE else real(key, year))
    assert status_table(2026).row("DEU")["gap_35_pp"] == pytest.approx(3.0 - 100 * 119159 / 4422594)


def _number_literals(path: Path, values: set[float]) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is float
            and n.value in values]


@pytest.mark.parametrize("rel", ["models/status.py", "web/services.py"])
def test_no_threshold_literals_left(rel):
    assert _number_literals(SRC / rel, {2.0, 3.5, 5.0, 20.0}) == []


def test_exchange_rate_has_one_definition():
    from hague.economics.gdp import gdp_path, implied_exchange_rate
    from hague.models.capability import exchange_rate as cap_rate
    from hague.rules.check import exchange_rate as check_rate

    # NATO 2026 edition, Germany 2026e: EUR 124,660 m (Table 1) / USD 147,002 m (Table 2)
    assert implied_exchange_rate("DEU", 2026) == pytest.approx(124660 / 147002)
    assert check_rate("DEU", 2026) == cap_rate("EUR", 2026) == gdp_path("DEU").xr[2026] == implied_exchange_rate("DEU", 2026)
    for rel in ("rules/check.py", "models/capability.py"):
        text = (SRC / rel).read_text(encoding="utf-8")
        assert 'price_basis="current")\n    if nc is None' not in text  # the old inline Table 1 / Table 2 ratio


def test_one_confidence_vocabulary_and_one_yaml_reader():
    from hague.confidence import CONFIDENCE
    from hague.models import catalog
    from hague.rules import loader

    assert catalog.CONFIDENCE is CONFIDENCE and loader.CONFIDENCE is CONFIDENCE
    assert "medium-low" in CONFIDENCE and "low-medium" not in CONFIDENCE
    assert "yaml.SafeLoader" not in (SRC / "models" / "catalog.py").read_text(encoding="utf-8")


def test_one_confidence_vocabulary_accepted_by_rules(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "kind: national\nally: DEU\ntargets:\n  t-1:\n    label: l\n    description: d\n    unit: percent of GDP\n"
        "    comparison: at_least\n    target_year: 2030\n    confidence: medium-low\n"
        "    reference: [{label: me, href: 'https://example.org/'}]\n    values: {2025-01-01: 3.0}\n",
        encoding="utf-8")
    assert load_rules([tmp_path]).parameter("national.DEU.t-1").confidence == "medium-low"  # was refused by rules


def test_the_threshold_index_is_the_tree_and_a_stale_one_is_never_used(tmp_path, monkeypatch):
    import json

    assert json.loads(thresholds.INDEX.read_text(encoding="utf-8")) == thresholds.build_index()
    stale = tmp_path / "commitments.json"
    data = thresholds.build_index()
    data["parameters"]["hague-2025.core"]["values"] = [["2025-06-25", 9.9]]
    data["digest"] = "0" * 64  # built from other YAML texts
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(thresholds, "INDEX", stale)
    thresholds._index.cache_clear()
    try:
        assert thresholds._index() is None and thresholds.value(thresholds.CORE) == 3.5  # read from the tree
    finally:
        monkeypatch.undo()
        thresholds._index.cache_clear()
    assert thresholds._index() is not None


def test_status_reads_no_yaml(tmp_path):
    """`hague status` starts without a YAML parser (cold start); the thresholds come from the checked index."""
    import subprocess
    import sys

    code = ("import sys; from hague.models.status import status_table; status_table(2026); "
            "print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


#: numeric literals that are not The Hague's thresholds, each with its reason (file, value)
NOT_THRESHOLDS = {
    ("models/montecarlo/constants.py", 1.5): "LOG_LO = -1.5: the lower edge of the kernel's log-share bins",
    ("sources/sipri.py", 1.5): "a SIPRI share stored as a fraction is below 1.5 (150%): a layout check",
    ("web/charts.py", 3.5): "the chart colours keyed by each reference line (engineer i24 is rewriting charts.py)",
    ("web/charts.py", 5.0): "as above",
}


def test_no_threshold_literal_outside_the_rule_tree():
    """No 3.5, 1.5, 5.0 or 2035 (nor 2036 = 2035 + 1) in the code: every default and comparison reads
    hague.rules.thresholds, whose values live in the rule tree (docstrings and messages may quote them)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and type(node.value) in (int, float)
                    and node.value in (3.5, 1.5, 5.0, 2035, 2036) and not (type(node.value) is int and node.value == 5)
                    and (rel, node.value) not in NOT_THRESHOLDS):
                found.append(f"{rel}:{node.lineno}: {node.value!r}")
    assert not found, "threshold literals (read hague.rules.thresholds instead):\n" + "\n".join(found)


def test_the_threshold_defaults_follow_the_rule_tree(monkeypatch):
    """With the core share read as 4.0 by 2030 (as if the rule tree said so), path and fiscal defaults follow."""
    from hague.models.projection import path_result

    monkeypatch.setattr(thresholds, "core", lambda t=None: 4.0 if t is None else t)
    monkeypatch.setattr(thresholds, "by", lambda y=None: 2030 if y is None else y)
    r = path_result("DEU")  # 2.69% in 2026
    assert (r.meta["target"], r.meta["by"]) == (4.0, 2030)
    assert round(r.row(year=2030)["share_gdp"], 2) == 4.0
