"""Sources that hold up: a rule or plan graded high cites an official source first; press gives at most medium;
no internal working file is named in what a reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hague.rules import load_rules, national_plans
from hague.rules.loader import REFERENCE_KINDS, RuleError, parse_rule_text
from hague.rules.national_plans import OFFICIAL_SOURCE_KINDS
from hague.rules.related import related_claims

HAGUE = "https://www.nato.int/en/about-us/official-texts-and-resources/official-texts/2025/06/25/the-hague-summit-declaration"
ROOT = Path(__file__).resolve().parents[2]


def _rules():
    t = load_rules()
    for c in t.commitments.values():
        yield c.id, c.confidence, c.reference
        for p in c.parameters.values():
            yield p.key, p.confidence, p.reference
    for ts in t.national.values():
        for p in ts.values():
            yield p.key, p.confidence, p.reference
    for p in t.assessment.values():
        yield p.key, p.confidence, p.reference


def test_every_shipped_reference_names_its_kind():
    for key, _, refs in _rules():
        for r in refs:
            assert r.kind in REFERENCE_KINDS, (key, r)


def test_a_rule_marked_high_cites_an_official_source_first():
    n = 0
    for key, conf, refs in _rules():
        if conf == "high":
            n += 1
            assert refs[0].kind in OFFICIAL_SOURCE_KINDS, f"{key} is high but cites a {refs[0].kind} source first"
    assert n >= 15


def test_the_hague_rules_cite_the_official_declaration():
    t = load_rules()
    for name in ("core", "related", "total", "annual_plans", "review_year", "ukraine_contributions_count"):
        p = t.parameter(f"hague-2025.{name}")
        assert p.reference[0].href == HAGUE and p.reference[0].kind == "NATO", name
    assert not any("qazinform" in r.href or "turkishminute" in r.href for _, _, refs in _rules() for r in refs
                   if refs[0].kind != "NATO")


def test_plans_and_claims_marked_high_are_official():
    for p in national_plans(include_superseded=True):
        if p.confidence == "high":
            assert p.source_kind in OFFICIAL_SOURCE_KINDS, p.key
    for c in related_claims():
        if c.confidence == "high":
            assert c.source_kind in OFFICIAL_SOURCE_KINDS, (c.ally, c.id)
    # the replaced sources of the old rule tree are gone (UK: daily8/vhueurope; NL: laodong; Latvia: a Denmark URL)
    urls = " ".join((p.source_url or "") for p in national_plans(include_superseded=True))
    for gone in ("daily8.com", "vhueurope.com", "laodong.vn", "denmark-announces-plans"):
        assert gone not in urls
    lva = {p.id: p for p in national_plans("LVA", include_superseded=True)}["core-4-2026"]
    assert "latvia" in lva.source_url


def test_a_user_rule_marked_high_on_a_press_source_is_caught_by_the_same_check():
    text = """\
kind: commitment
id: my-rule
label: x
description: x
adopted: 2025-06-25
status: in force
confidence: high
reference:
  - {label: a paper, href: "https://example.org/", kind: tabloid}
parameters:
  core:
    description: x
    unit: percent of GDP
    reference: [{label: x, href: "https://example.org/"}]
    values: {2025-06-25: 3.5}
"""
    with pytest.raises(RuleError, match=r"my.yaml:9: reference kind 'tabloid' not accepted"):
        parse_rule_text(text, "my.yaml")


INTERNAL = re.compile(r"shared/reference|shared/data/SOURCES|research notes|file-layouts\.md|reference notes|"
                      r"commitments-and-figures\.md|plans-and-related-summary")


@pytest.mark.parametrize("folder", ["src/hague", "docs", "README.md"])
def test_no_internal_working_files_in_rules_and_docs(folder):
    path = ROOT / folder
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.suffix in (".py", ".yaml", ".csv", ".md", ".html")]
    hits = [(str(f.relative_to(ROOT)), m.group(0)) for f in files
            for m in INTERNAL.finditer(f.read_text(encoding="utf-8"))]
    assert not hits, hits
