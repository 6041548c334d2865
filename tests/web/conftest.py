"""A live app (in-process TestClient) with an admin, a delegate of Germany and one of Poland, each signed in."""

from __future__ import annotations

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
