"""Every page at 390 px (a phone) and 1366 px (a laptop) in Debian's chromium: no horizontal page scroll.

Wide tables scroll inside their own box; charts switch to their narrow drawing. ``HAGUE_SCREENSHOTS=DIR`` keeps a
full-page PNG of each page at each width for a human to look at.
"""

from __future__ import annotations

import os

import httpx
import pytest
from tests.conftest import PASSWORD, plan_csv

WIDTHS = (390, 1366)
PUBLIC = ["/", "/?year=2014", "/ally/POL", "/ally/USA", "/ally/ISL", "/compare?allies=POL,DEU,FRA,GBR,USA,LTU",
          "/burden", "/five-percent", "/capabilities", "/sources", "/api", "/login", "/plans", "/dossier/POL",
          "/dossier", "/verify?claim=Poland+spent+4.48%25+of+GDP+on+defence+in+2025"]
SIGNED_IN = ["/plans", "/plans/new", "/plans/submissions/{sub}", "/plans/drafts/{draft}",
             "/plans/drafts/{draft}/confirm", "/admin/audit", "/admin/users", "/account"]



@pytest.fixture(scope="module")
def filed(server):
    h = {"Authorization": f"Bearer {server.tokens['deu-delegate']}"}
    for core0 in (2.7, 2.6):  # two versions, so the submission page has a diff table
        r = httpx.post(server.base + "/api/v1/plans/DEU/submissions", headers=h,
                       json={"filename": "deu-plan-with-a-rather-long-file-name-2026.csv",
                             "content": plan_csv("DEU", core0=core0)})
        assert r.status_code == 201, r.text
    sub = r.json()["id"]
    r = httpx.post(server.base + "/api/v1/plans/DEU/drafts", headers=h,
                   json={"filename": "draft.csv", "content": plan_csv("DEU", core0=2.9, end=2028)})
    assert r.status_code == 201, r.text
    return {"sub": sub, "draft": r.json()["id"]}


def _measure(page, url: str) -> tuple[int, int]:
    page.goto(url)
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _shot(page, name: str, width: int) -> None:
    d = os.environ.get("HAGUE_SCREENSHOTS")
    if d:
        os.makedirs(d, exist_ok=True)
        safe = name.strip("/").replace("/", "_").replace("?", "_").replace("=", "-").replace(",", "-") or "overview"
        page.screenshot(path=os.path.join(d, f"{safe}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(browser, server, filed, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    widths = {}
    for path in PUBLIC:
        widths[path] = _measure(page, server.base + path)
        _shot(page, "public" + path, width)
    page.goto(server.base + "/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    for path in SIGNED_IN:
        p = path.format(**filed)
        widths["admin " + p] = _measure(page, server.base + p)
        _shot(page, "admin" + p, width)
    ctx.close()
    print(f"\nscrollWidth at {width} px: " + ", ".join(f"{k} {v[0]}" for k, v in widths.items()))
    too_wide = {k: v for k, v in widths.items() if v[0] > v[1]}
    assert not too_wide, too_wide
    assert all(v[1] == width for v in widths.values())


def test_narrow_chart_is_the_one_shown_on_a_phone(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 900})
    page = ctx.new_page()
    page.goto(server.base + "/")
    assert page.locator("div.chart-wide").is_hidden() and page.locator("div.chart-narrow").is_visible()
    box = page.locator(".chart-narrow svg").bounding_box()
    assert box["width"] <= 390 and box["width"] > 300
    # text stays readable: the chart is drawn 360 units wide and shown at about 360 px, so 11-unit text is ~11 px
    size = page.evaluate("getComputedStyle(document.querySelector('.chart-narrow svg .tick')).fontSize")
    assert size == "11px"
    ctx.close()
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    page.goto(server.base + "/")
    assert page.locator("div.chart-wide").is_visible() and page.locator("div.chart-narrow").is_hidden()
    ctx.close()


def test_chart_png_download_in_the_browser(browser, server):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.goto(server.base + "/burden")
    with page.expect_download() as dl:
        page.click("#fig-burden a.dl-png")
    path = dl.value.path()
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(head[16:20], "big") == 1520  # 760 x 2
    ctx.close()
