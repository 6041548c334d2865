"""The audit chain detects altered, removed and inserted rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text
from tests.conftest import plan_csv


def _filled(registry, people):
    for i in range(3):
        registry.submit(people["deu"], "DEU", f"p{i}.csv", plan_csv("DEU", core0=2.0 + i / 10).encode())
    registry.submit(people["pol"], "POL", "p.csv", plan_csv("POL", core0=4.0, step=0.0).encode())
    return registry.verify_audit(None)


def _exec(registry, sql, **params):
    with registry.engine.begin() as c:
        c.execute(text(sql), params)


def test_intact_chain_verifies(registry, people):
    r = _filled(registry, people)
    assert r.ok, r.problems
    assert r.entries == 3 + 4 and r.submissions_checked == 4  # 3 users + 4 submissions


def test_altered_entry_is_detected(registry, people):
    _filled(registry, people)
    _exec(registry, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5")
    r = registry.verify_audit(None)
    assert not r.ok and any("audit entry 5" in p and "altered" in p for p in r.problems)


def test_removed_middle_entry_is_detected(registry, people):
    _filled(registry, people)
    _exec(registry, "DELETE FROM audit_log WHERE seq = 4")
    r = registry.verify_audit(None)
    assert any("audit entry 4 missing" in p for p in r.problems)


def test_removed_last_entry_is_detected(registry, people):
    _filled(registry, people)
    _exec(registry, "DELETE FROM audit_log WHERE seq = 7")
    r = registry.verify_audit(None)
    assert any("audit head says entry 7 is last" in p for p in r.problems)


def test_recomputed_forgery_breaks_the_link_to_the_next_entry(registry, people):
    from hague.store.audit import entry_hash

    _filled(registry, people)
    with registry.engine.begin() as c:
        row = c.execute(text("SELECT seq, at, actor, action, target, detail, prev_hash FROM audit_log WHERE seq = 5")).one()
        forged = entry_hash(row.seq, row.at, "forger", row.action, row.target, row.detail, row.prev_hash)
        c.execute(text("UPDATE audit_log SET actor = 'forger', hash = :h WHERE seq = 5"), {"h": forged})
    r = registry.verify_audit(None)
    assert any("audit entry 6: prev_hash does not match" in p for p in r.problems)


def test_altered_or_removed_submission_is_detected(registry, people):
    _filled(registry, people)
    _exec(registry, "UPDATE submissions SET content = :c WHERE id = 2", c=plan_csv("DEU", core0=3.5).encode())
    _exec(registry, "DELETE FROM submissions WHERE id = 4")
    problems = registry.verify_audit(None).problems
    assert any(p.startswith("submission 2 (DEU 2026 v2): stored plan altered") for p in problems)
    assert any(p.startswith("submission 4: audited but missing") for p in problems)
