"""Every page: a skip link, a label for every field, a table of figures under every chart, and a CSRF cookie made
once a browser session (only where a form needs it)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from tests.web.conftest import csrf_of

PUBLIC = ["/", "/ally/POL", "/compare", "/burden", "/five-percent", "/capabilities", "/sources", "/api", "/login",
          "/plans"]
SIGNED_IN = ["/plans", "/plans/new", "/account", "/account/password", "/admin/users", "/admin/audit"]


class Fields(HTMLParser):
    """Form fields (not hidden, not buttons) and how each is labelled."""

    def __init__(self):
        super().__init__()
        self.fields, self.label_for, self.open_labels = [], set(), 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.fields.append((tag, a, self.open_labels > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [f"{t} name={a.get('name')!r}" for t, a, wrapped in self.fields
                if not (wrapped or a.get("aria-label") or a.get("aria-labelledby") or a.get("id") in self.label_for)]


def _check(html: str, path: str) -> None:
    assert re.search(r'<a class="skip-link" href="#main">Skip to content</a>', html), path
    assert '<main id="main"' in html, path
    p = Fields()
    p.feed(html)
    assert p.unlabelled() == [], path


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_a_skip_link_and_labelled_fields(web, path):
    r = web.clients["public"].get(path)
    assert r.status_code == 200
    _check(r.text, path)


def test_registry_pages_label_every_field_the_csv_text_area_included(web):
    admin = web.clients["admin"]
    for path in SIGNED_IN:
        r = admin.get(path)
        assert r.status_code == 200, path
        _check(r.text, path)
    assert '<label for="text">… or type or paste the plan as CSV' in admin.get("/plans/new").text
    deu = web.clients["deu"]
    r = deu.post("/plans/new", data={"csrf": csrf_of(deu), "ally": "DEU", "action": "draft",
                                     "text": "ally,year,core_share_gdp,related_share_gdp\nDEU,2026,2.9,1.0\n"})
    assert r.status_code == 303
    html = deu.get(r.headers["location"]).text
    _check(html, "draft")
    assert '<label for="text">The plan as CSV (or YAML) text</label>' in html


def test_compare_has_a_table_of_the_charted_figures(web):
    html = web.clients["public"].get("/compare?allies=POL,EST").text
    table = re.search(r'<table class="data" id="table-compare">(.*?)</table>', html, re.S).group(1)
    assert '<th class="num" scope="col">Poland</th><th class="num" scope="col">Estonia</th>' in table
    # NATO, Defence expenditure of NATO countries (2014-2026), June 2026: Poland 3.75% in 2024, 4.68% in 2026 (an
    # estimate), Estonia 3.31% and 5.10%
    assert '<tr><th scope="row">2024</th><td class="num">3.75</td><td class="num">3.31</td></tr>' in table
    assert '<tr><th scope="row">2026</th><td class="num">4.68*</td><td class="num">5.10*</td></tr>' in table


def test_the_csrf_cookie_is_made_once_a_session_and_only_for_forms():
    from fastapi.testclient import TestClient

    from hague.web.app import create_app
    from hague.web.settings import Settings

    app = create_app(Settings(database_url="sqlite://"))
    c = TestClient(app)
    for path in ("/", "/ally/DEU", "/burden", "/sources"):
        assert "set-cookie" not in c.get(path).headers, path  # a page without a form sets no cookie
    first = c.get("/login").headers["set-cookie"]
    assert first.startswith("hague_csrf=") and "Max-Age" not in first and "expires" not in first.lower()
    token = c.cookies["hague_csrf"]
    for path in ("/login", "/", "/login"):
        assert "set-cookie" not in c.get(path).headers, path  # the same cookie for the rest of the session
    assert csrf_of(c) == token
