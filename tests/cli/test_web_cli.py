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
    capsys.readouterr()
    assert main(["users", "list"]) == 0  # issue 11: printed nothing at all with no users
    assert capsys.readouterr().out.startswith("no users")
    assert main(["users", "add", "lva-delegate", "--role", "delegate", "--ally", "LVA"]) == 0
    out = capsys.readouterr().out
    assert "added delegate lva-delegate for LVA" in out and re.search(r"password \(shown once; to be replaced at the first sign-in\): \S{20,}", out)
    assert main(["users", "add", "lva-delegate", "--role", "admin"]) == 2
    assert "hague: error: user 'lva-delegate' already exists" in capsys.readouterr().err
    assert main(["users", "add", "ger-delegate", "--role", "delegate", "--ally", "GER"]) == 2
    assert "did you mean DEU (Germany)" in capsys.readouterr().err
    assert main(["users", "list"]) == 0
    assert re.search(r"^lva-delegate\s+delegate\s+LVA\s+active$", capsys.readouterr().out, re.M)
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
    """`hague serve --database-url ... --workers 2`: migrated, admin created, 8 delegations filing at once through
    both worker processes; versions contiguous per ally, nothing lost or doubled, chain intact."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.web.conftest import Server

    from hague.store import open_registry

    srv = Server(tmp_path, database_url=db_url, workers=2).start()
    allies = ["EST", "LVA", "LTU", "POL", "FIN", "SWE", "NOR", "DNK"]
    try:
        reg = open_registry(db_url, migrate=False)
        tokens = {}
        for code in allies:
            reg.create_user(None, f"{code.lower()}-delegate", PASSWORD, "delegate", code)
            tokens[code] = reg.create_token(reg.principal_for(f"{code.lower()}-delegate"), "t")[0]

        def delegation(code):
            with httpx.Client(base_url=srv.base, headers={"Authorization": f"Bearer {tokens[code]}"},
                              timeout=60) as c:
                out = []
                for i in range(8):
                    r = c.post(f"/api/v1/plans/{code}/submissions",
                               json={"filename": "p.csv", "client_ref": f"{code}-{i}",
                                     "content": plan_csv(code, core0=3.0 + i / 100)})
                    assert r.status_code == 201, r.text
                    out.append(r.json()["version"])
                return code, out

        with ThreadPoolExecutor(8) as pool:
            results = dict(pool.map(delegation, allies))
        assert all(v == list(range(1, 9)) for v in results.values()), results
        items, total = reg.list_submissions(reg.principal_for("admin"), limit=500)
        assert total == 64 and len({x["client_ref"] for x in items}) == 64
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
