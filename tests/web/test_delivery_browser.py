"""The delivery pages in Debian's chromium at 390 px and 1366 px: no sideways scroll, the figures of the Result
shown, the chart drawn (a served ``hague serve`` on a data dir holding the real SIPRI and Kiel imports)."""

from __future__ import annotations

import shutil

import pytest

PAGES = ["/delivery", "/delivery/air-missile-defence", "/delivery/f-35", "/delivery/pac-3-mse"]


@pytest.fixture(scope="module")
def served(_delivery_dir, tmp_path_factory):
    from tests.web.conftest import Server

    data = tmp_path_factory.mktemp("served-delivery")
    shutil.copytree(_delivery_dir / "delivery", data / "delivery")
    srv = Server(data).start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("width", (390, 1366))
def test_delivery_pages_fit_and_show_the_figures(browser, served, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    try:
        for path in PAGES:
            page.goto(served.base + path, timeout=120_000)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, f"{path} scrolls sideways at {width}px ({scroll} > {inner})"
        page.goto(served.base + "/delivery/f-35")
        cells = page.locator("#delivery-by-ally tr.total td").all_inner_texts()
        assert cells[:5] == ["ALLIES", "Allies (total)", "17", "713", "188"]
        chart = ".chart-narrow svg" if width == 390 else ".chart-wide svg"
        assert page.locator(chart).is_visible()
        page.goto(served.base + "/delivery")
        assert "14.6" in page.locator("#delivery-systems").inner_text()
    finally:
        ctx.close()
