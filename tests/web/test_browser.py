"""A real browser (Playwright driving Debian's chromium, headless) against ``hague serve``.

Opens the overview, sorts the table, opens an ally page, signs in as a delegate and submits a plan.
"""

from __future__ import annotations

import re

from tests.conftest import PASSWORD, plan_csv


def test_overview_ally_sign_in_and_submit(browser, server):
    page = browser.new_page()
    outside, errors = [], []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(server.base) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(server.base + "/")
    assert page.locator("#status-table tbody tr").count() == 32
    assert page.locator("svg.chart").count() == 2  # drawn wide and narrow; CSS shows one
    assert page.locator("div.chart-wide svg.chart").is_visible()
    # client-side sort by name (vendored hague.js): Albania first
    page.click("#status-table th[data-key=name] a")
    assert page.locator("#status-table tbody tr").first.locator("td").first.inner_text().startswith("Albania")
    page.click("#status-table th[data-key=share_gdp] a")  # numbers: highest first, Iceland (no figure) last
    first = page.locator("#status-table tbody tr").first.locator("td").first.inner_text()
    last = page.locator("#status-table tbody tr").last.locator("td").first.inner_text()
    assert first.startswith("Lithuania") and last.startswith("Iceland")

    page.click("#status-table a[href='/ally/POL']")
    assert page.url.endswith("/ally/POL")
    assert page.locator("svg.chart polyline").count() >= 1 and "NATO member since 1999" in page.content()

    page.goto(server.base + "/login")
    page.fill("#username", "deu-delegate")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    assert page.url.endswith("/plans")
    page.click("#new-plan")
    years = [int(t) for t in page.locator("#grid tbody tr td:first-child").all_inner_texts()]
    assert years[-1] == 2035
    for i, year in enumerate(years):  # the per-year table of the form
        page.fill(f"#core_{year}", f"{min(3.5, 2.69 + 0.15 * i):.2f}")
        page.fill(f"#related_{year}", "1.0")
    page.click("#submit-plan")  # "Review and file": the plan as read, nothing filed yet
    assert "Filing is final" in page.content() and page.locator("#plan-rows tbody tr").count() == len(years)
    page.click("#confirm-submit")
    assert re.search(r"/plans/submissions/\d+$", page.url), page.url
    assert page.locator("#verdict").inner_text() in ("credible", "not credible", "incomplete")
    assert f"DEU · annual plan {years[0]}" in page.locator("h1").inner_text()
    assert "Source: NATO" in page.locator("footer").inner_text()
    assert not outside, outside  # everything served locally: no CDN, no fonts, no trackers
    assert not errors, errors


def test_draft_upload_then_submit_and_staff_review(browser, server, tmp_path):
    page = browser.new_page()
    page.goto(server.base + "/login")
    page.fill("#username", "pol-delegate")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    page.goto(server.base + "/plans/new")
    plan = tmp_path / "pol-2026.csv"
    plan.write_text(plan_csv("POL", core0=4.68, step=0.02))
    page.set_input_files("#file", str(plan))
    page.click("#save-draft")
    assert re.search(r"/plans/drafts/\d+$", page.url), page.url
    assert "POL · plan year 2026" in page.locator("h1").inner_text()
    page.click("#submit-draft")
    assert re.search(r"/plans/drafts/\d+/confirm$", page.url), page.url
    page.click("#confirm-submit")
    assert re.search(r"/plans/submissions/\d+$", page.url)
    submission_url = page.url
    page.context.clear_cookies()

    page.goto(server.base + "/login")
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    page.goto(submission_url)
    page.select_option("#outcome", "revision requested")
    page.fill("#comment", "2029 step too small")
    page.click("#add-review")
    row = page.locator("#reviews tbody tr").first.inner_text()
    assert "admin" in row and "revision requested" in row and "2029 step too small" in row
