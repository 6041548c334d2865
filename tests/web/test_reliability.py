"""A real server killed with SIGKILL mid-load restarts with every acknowledged submission and a valid audit chain."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
from sqlalchemy import select
from tests.conftest import PASSWORD, plan_csv
from tests.web.conftest import Server

from hague.allies import all_allies
from hague.store import open_registry
from hague.store.models import Submission


def test_sigkill_mid_load_loses_no_acknowledged_submission(tmp_path):
    url = f"sqlite:///{tmp_path / 'hague.sqlite3'}"
    reg = open_registry(url)
    allies = [a.iso3 for a in all_allies()]
    tokens = {}
    for code in allies:
        reg.create_user(None, f"{code.lower()}-delegate", PASSWORD, "delegate", code)
        tokens[code] = reg.create_token(reg.principal_for(f"{code.lower()}-delegate"), "load")[0]
    reg.engine.dispose()

    srv = Server(tmp_path, database_url=url).start()
    acked: dict[str, int] = {}
    attempted: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def delegation(code: str) -> None:
        with httpx.Client(base_url=srv.base, headers={"Authorization": f"Bearer {tokens[code]}"}, timeout=30) as c:
            i = 0
            while not stop.is_set():
                ref = f"{code}-{i}"
                with lock:
                    attempted.add(ref)
                try:
                    r = c.post(f"/api/v1/plans/{code}/submissions",
                               json={"filename": f"{ref}.csv", "client_ref": ref,
                                     "content": plan_csv(code, core0=1.5 + (i % 15) / 10)})
                except httpx.HTTPError:
                    return  # server gone
                assert r.status_code == 201, r.text
                with lock:
                    acked[ref] = r.json()["id"]
                i += 1

    threads = [threading.Thread(target=delegation, args=(code,)) for code in allies]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acked) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    srv.kill()  # SIGKILL with requests in flight
    stop.set()
    for t in threads:
        t.join()
    assert len(acked) >= 300
    in_flight = attempted - set(acked)
    assert in_flight  # the kill did interrupt requests

    srv2 = Server(tmp_path, database_url=url).start()
    try:
        reg = open_registry(url, migrate=False)
        with reg._sessions() as s:
            stored = dict(s.execute(select(Submission.client_ref, Submission.id)).all())
        missing = {ref for ref in acked if stored.get(ref) != acked[ref]}
        assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
        assert set(stored) <= attempted  # nothing appeared that nobody sent
        # a client retrying its unacknowledged requests gets each stored exactly once
        for ref in sorted(in_flight):
            code = ref.split("-")[0]
            r = httpx.post(f"{srv2.base}/api/v1/plans/{code}/submissions",
                           headers={"Authorization": f"Bearer {tokens[code]}"}, timeout=30,
                           json={"filename": f"{ref}.csv", "client_ref": ref,
                                 "content": plan_csv(code, core0=1.5 + (int(ref.split('-')[1]) % 15) / 10)})
            assert r.status_code in (200, 201), r.text
            assert r.json()["replayed"] == (ref in stored)
        with reg._sessions() as s:
            refs = s.execute(select(Submission.client_ref)).scalars().all()
        assert len(refs) == len(set(refs)) == len(attempted)
        reg.engine.dispose()
        out = subprocess.run([sys.executable, "-m", "hague.cli", "audit", "verify", "--database-url", url],
                             capture_output=True, text=True)
        assert out.returncode == 0 and "audit chain intact" in out.stdout, out.stderr
    finally:
        srv2.stop()
