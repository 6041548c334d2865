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
    assert upgrade(engine) == head_revision() == "0002" == current_revision(engine)
    p = reg.authenticate("old-delegate", PASSWORD)
    assert (p.ally, p.must_change_password) == ("NOR", False)
    assert reg.verify_audit(None).ok
    engine.dispose()
