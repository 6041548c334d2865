"""The shipped migrations upgrade an existing database without losing rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text
from tests.conftest import PASSWORD

from hague.store.db import current_revision, head_revision, make_engine, upgrade
from hague.store.registry import Registry


def test_upgrade_from_the_first_revision_keeps_accounts_and_the_chain(db_url):
    engine = make_engine(db_url)
    assert upgrade(engine, "0001") == "0001"
    reg = Registry(engine)
    with reg._write() as s:  # an account written by the 0001 schema (no must_change_password column yet)
        from hague.store import audit
        from hague.store.security import hash_password

        s.execute(text("INSERT INTO users (username, password_hash, role, ally, active, created_at) "
                       "VALUES ('old-delegate', :pw, 'delegate', 'NOR', :t, CURRENT_TIMESTAMP)"),
                  {"pw": hash_password(PASSWORD), "t": True})
        audit.append(s, actor="operator", action="user.create", target="user:old-delegate")
        uid = s.execute(text("SELECT id FROM users WHERE username = 'old-delegate'")).scalar_one()
        # rows that reference the account (a table rebuild with foreign keys on would refuse to drop users)
        s.execute(text("INSERT INTO drafts (ally, plan_year, filename, content, created_by, created_at, updated_at) "
                       "VALUES ('NOR', 2026, 'nor.csv', :c, :u, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                  {"c": b"ally,year", "u": uid})
        s.execute(text("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) "
                       "VALUES ('x', :u, 'y', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"u": uid})
    assert upgrade(engine) == head_revision() == "0003" == current_revision(engine)
    p = reg.authenticate("old-delegate", PASSWORD)
    assert (p.ally, p.must_change_password) == ("NOR", False)
    assert reg.verify_audit(None).ok
    engine.dispose()
