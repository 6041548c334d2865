"""A live app (in-process TestClient) with an admin, a delegate of Germany and one of Poland, each signed in."""

from __future__ import annotations

import os
import re
import warnings

import pytest
from tests.conftest import PASSWORD

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def csrf_of(client) -> str:
    html = client.get("/account" if client.cookies.get("hague_session") else "/login").text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


class Web:
    def __init__(self, app, clients, tokens):
        self.app, self.clients, self.tokens = app, clients, tokens
        self.registry = app.state.registry

    def principal(self, username):
        return self.registry.principal_for(username)


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from hague.web.app import create_app
    from hague.web.settings import Settings

    db = tmp_path_factory.mktemp("web") / "hague.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}", admin_username="staff", admin_password=PASSWORD,
                              max_upload_bytes=20_000))
    reg = app.state.registry
    reg.create_user(None, "deu-delegate", PASSWORD, "delegate", "DEU")
    reg.create_user(None, "pol-delegate", PASSWORD, "delegate", "POL")
    clients, tokens = {}, {}
    for role, user in (("public", None), ("deu", "deu-delegate"), ("pol", "pol-delegate"), ("admin", "staff")):
        c = TestClient(app, follow_redirects=False)
        if user:
            csrf = csrf_of(c)
            r = c.post("/login", data={"username": user, "password": PASSWORD, "csrf": csrf})
            assert r.status_code == 303, r.text
            tokens[role] = reg.create_token(reg.principal_for(user), "test")[0]
        clients[role] = c
    yield Web(app, clients, tokens)
    reg.engine.dispose()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``hague serve`` in a subprocess (a real uvicorn), on its own data directory and port."""

    def __init__(self, data_dir, *, database_url: str | None = None, workers: int = 1):
        import os
        import sys

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "HAGUE_DATA_DIR": str(data_dir), "HAGUE_ADMIN_PASSWORD": PASSWORD}
        self.cmd = [sys.executable, "-m", "hague.cli", "serve", "--port", str(self.port), "--workers", str(workers)]
        if database_url:
            self.cmd += ["--database-url", database_url]
        self.proc = None

    def start(self, timeout: float = 60.0) -> Server:
        import subprocess
        import time

        import httpx

        self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stdout.read().decode()}")
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        import signal

        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except Exception:
                self.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running ``hague serve`` with an admin (staff is 'admin'), a DEU delegate and tokens."""
    import subprocess
    import sys

    data = tmp_path_factory.mktemp("served")
    srv = Server(data).start()
    env = srv.env
    for user, ally in (("deu-delegate", "DEU"), ("pol-delegate", "POL")):
        subprocess.run([sys.executable, "-m", "hague.cli", "users", "add", user, "--role", "delegate", "--ally", ally,
                        "--password-stdin"], input=PASSWORD + "\n", text=True, env=env, check=True,
                       capture_output=True)
    srv.tokens = {}
    for user in ("admin", "deu-delegate", "pol-delegate"):
        out = subprocess.run([sys.executable, "-m", "hague.cli", "users", "token", user], env=env, check=True,
                             capture_output=True, text=True).stdout
        srv.tokens[user] = out.strip().rsplit(" ", 1)[-1]
    yield srv
    srv.stop()


#: Debian's chromium, driven by Playwright (installed by .ci/run; never a downloaded browser)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """A headless chromium for the page tests. Missing: a skip on a developer's machine, a FAILURE under CI
    (.ci/run installs chromium, so a missing browser there is a broken setup, never a reason to skip)."""
    if not os.path.exists(CHROMIUM):
        msg = f"{CHROMIUM} not installed (apt install chromium; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(msg + "; CI is set, so this is a failure, not a skip")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
