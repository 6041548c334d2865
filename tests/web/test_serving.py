"""``hague serve`` as a real process: forwarded headers, and workers that die with their supervisor."""

from __future__ import annotations

import os
import signal
import time

import httpx
from tests.web.conftest import Server, csrf_of  # noqa: F401


def _children(pid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _login(c: httpx.Client, user: str, password: str, **headers) -> httpx.Response:
    import re

    html = c.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    return c.post("/login", data={"username": user, "password": password, "csrf": csrf}, headers=headers)


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(tmp_path):
    srv = Server(tmp_path)
    srv.env["HAGUE_THROTTLE_CLIENT_FAILURES"] = "3"
    srv.start()
    try:
        with httpx.Client(base_url=srv.base, follow_redirects=False) as c:
            for i in range(3):  # each "from" a different forwarded address: still one client, the socket's peer
                r = _login(c, f"nobody-{i}", "wrong-password-123", **{"X-Forwarded-For": f"203.0.113.{i}"})
                assert r.status_code == 401, r.text
            r = _login(c, "admin", "wrong-password-123", **{"X-Forwarded-For": "198.51.100.99"})
            assert r.status_code == 429 and "from this address" in r.text
            assert int(r.headers["retry-after"]) > 0
    finally:
        srv.stop()


def test_workers_exit_when_the_supervisor_is_killed_and_a_restart_works(tmp_path):
    srv = Server(tmp_path, workers=2).start()
    sup = srv.proc.pid
    deadline = time.monotonic() + 30
    while len(_children(sup)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = [p for p in _children(sup)]
    assert len(workers) >= 2, workers  # the two workers (and possibly a resource tracker)
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)], "orphan workers still running"
    with __import__("pytest").raises(httpx.HTTPError):
        httpx.get(srv.base + "/healthz", timeout=2)
    again = Server(tmp_path, workers=2)
    again.port, again.base = srv.port, srv.base
    again.cmd = [*srv.cmd]
    again.start()
    try:
        assert httpx.get(again.base + "/healthz", timeout=5).text == "ok"
    finally:
        again.stop()


def test_serve_refuses_a_taken_port_in_one_line(tmp_path):
    import socket
    import subprocess
    import sys

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "hague.cli", "serve", "--port", str(port)], capture_output=True,
                           text=True, env={**os.environ, "HAGUE_DATA_DIR": str(tmp_path)}, timeout=60)
    assert r.returncode == 2 and f"cannot serve on 127.0.0.1:{port}" in r.stderr and "serving on" not in r.stderr
