"""``hague serve``, ``hague db``, ``hague users``, ``hague audit`` as an operator uses them."""

from __future__ import annotations

import re
import sqlite3

import httpx
from tests.conftest import PASSWORD, plan_csv

from hague.cli import main


def test_db_users_and_audit_verify(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HAGUE_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert "database at revision 0003" in capsys.readouterr().out
    assert (tmp_path / "hague.sqlite3").exists()  # zero configuration: SQLite in the data directory
    assert main(["db", "current"]) == 0
    assert main(["users", "add", "lva-delegate", "--role", "delegate", "--ally", "LVA"]) == 0
    out = capsys.readouterr().out
    assert "added delegate lva-delegate for LVA" in out and re.search(r"password \(shown once; to be replaced at the first sign-in\): \S{20,}", out)
    assert main(["users", "add", "lva-delegate", "--role", "admin"]) == 2
    assert "hague: error: user 'lva-delegate' already exists" in capsys.readouterr().err
    assert main(["users", "add", "ger-delegate", "--role", "delegate", "--ally", "GER"]) == 2
    assert "did you mean DEU (Germany)" in capsys.readouterr().err
    assert main(["users", "token", "lva-delegate", "--name", "ci"]) == 0
    assert re.search(r"\(shown once\): hg_\S{40,}", capsys.readouterr().out)
    assert main(["audit", "verify"]) == 0
    assert "audit chain intact: 2 entries" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "hague.sqlite3") as con:
        con.execute("UPDATE audit_log SET target = 'user:someone' WHERE seq = 1")
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "audit chain BROKEN" in err and "audit entry 1 (user.create user:someone): content altered" in err


def test_serve_zero_config_prints_a_one_time_admin_password(tmp_path, monkeypatch):
    from tests.web.conftest import Server

    srv = Server(tmp_path)
    srv.env.pop("HAGUE_ADMIN_PASSWORD")
    srv.env.pop("HAGUE_DATABASE_URL", None)
    srv.start()
    try:
        assert httpx.get(srv.base + "/api/v1/ping").json() == {"ok": True}
    finally:
        srv.stop()
    out = srv.proc.stdout.read().decode()
    pw = re.search(r"created admin account 'admin' with password: (\S+)", out).group(1)
    from hague.store import open_registry

    reg = open_registry(f"sqlite:///{tmp_path / 'hague.sqlite3'}", migrate=False)
    assert reg.authenticate("admin", pw).is_admin
    reg.engine.dispose()


def test_serve_on_either_database_with_two_workers(db_url, tmp_path):
    """`hague serve --database-url ... --workers 2`: migrated, admin created, plans filed through both workers."""
    from tests.web.conftest import Server

    from hague.store import open_registry

    srv = Server(tmp_path, database_url=db_url, workers=2).start()
    try:
        reg = open_registry(db_url, migrate=False)
        reg.create_user(None, "est-delegate", PASSWORD, "delegate", "EST")
        tok = reg.create_token(reg.principal_for("est-delegate"), "t")[0]
        h = {"Authorization": f"Bearer {tok}"}
        ids = set()
        for i in range(12):
            r = httpx.post(srv.base + "/api/v1/plans/EST/submissions", headers=h, timeout=30,
                           json={"filename": "est.csv", "content": plan_csv("EST", core0=3.0 + i / 100)})
            assert r.status_code == 201, r.text
            ids.add(r.json()["id"])
        assert len(ids) == 12
        assert reg.authenticate("admin", PASSWORD).is_admin
        assert reg.verify_audit(None).ok
        reg.engine.dispose()
    finally:
        srv.stop()


def test_database_problems_are_one_line_errors(tmp_path, capsys):
    missing = tmp_path / "none.sqlite3"
    assert main(["audit", "verify", "--database-url", f"sqlite:///{missing}"]) == 2
    assert f"hague: error: no database at {missing}; create it with `hague db upgrade`" in capsys.readouterr().err
    assert not missing.exists()  # verifying never creates a database
    assert main(["users", "list", "--database-url", "postgresql://hague:secret@127.0.0.1:1/hague"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hague: error: database postgresql://hague:***@127.0.0.1:1/hague: connection failed")
    assert "secret" not in err and "Traceback" not in err
    assert main(["db", "upgrade", "--database-url", "mysql://x@y/z"]) == 2
    assert "scheme 'mysql' is not supported; accepted: sqlite, postgresql" in capsys.readouterr().err
