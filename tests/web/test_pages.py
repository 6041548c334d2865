"""The public dashboard: real figures, reference lines, provenance in every footer."""

from __future__ import annotations

import re


def test_overview_shows_every_ally_lines_and_totals(web):
    html = web.clients["public"].get("/?year=2026").text
    assert html.count('<a href="/ally/') == 32
    for legend in ("2% floor (Wales 2014, Vilnius 2023)", "3.5% core (The Hague 2025, by 2035)"):
        assert legend in html
    # the bars are core spending only: no 5% (core + related) line, so Lithuania (5.33% core) does not "pass 5%"
    assert "5% core + related" not in html.split("<h2>")[0]
    assert 'href="/five-percent"' in html
    assert "Poland: 4.68" in html and "Germany: 2.69" in html  # bar tooltips carry the NATO 2026 values
    assert "NATO total" in html and "Europe and Canada" in html
    assert "Iceland" in html and "no armed forces" in html


def test_overview_sorts_on_the_server(web):
    html = web.clients["public"].get("/?year=2026&sort=name&order=asc").text
    names = re.findall(r'<a href="/ally/([A-Z]{3})">', html)
    assert names[:3] == ["ALB", "BEL", "BGR"]
    html = web.clients["public"].get("/?year=2026&sort=share_gdp&order=desc").text
    assert re.findall(r'<a href="/ally/([A-Z]{3})">', html)[0] == "LTU"


def test_every_page_footer_names_source_edition_and_licence(web):
    for path in ("/", "/ally/FRA", "/sources", "/plans", "/login", "/api", "/ally/NOPE"):
        html = web.clients["public"].get(path).text
        footer = html[html.index("<footer>"):]
        assert "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026" in footer
        assert "edition 2026-07" in footer and "Licence terms" in footer and "forbid selling" in footer


def test_ally_page_history_and_iceland(web):
    html = web.clients["public"].get("/ally/POL").text
    assert "<svg" in html and "2025: 4.25 % of GDP (NATO estimate)" in html and "<polyline" in html
    isl = web.clients["public"].get("/ally/ISL").text
    assert "without armed forces" in isl and "<polyline" not in isl
    assert web.clients["public"].get("/ally/GER").status_code == 404


def test_sources_page_lists_every_dataset(web):
    from hague.data import dataset_ids

    html = web.clients["public"].get("/sources").text
    for i in dataset_ids():
        assert f"<code>{i}</code>" in html


def test_ally_page_commitments_national_target_and_required_path(web):
    html = web.clients["public"].get("/ally/DEU").text
    table = html[html.index('id="commitments"'):]
    table = table[:table.index("</table>")]
    # Germany's national target (3.5% in 2029) with its source, and The Hague core target: both "as likely as not"
    # (P 0.389 and 0.498, as in hague check and hague simulate), both "on track" at the recent pace
    # (the label and source come from the national plans: Defence Ministry, 26 November 2025)
    assert "Germany - NATO target of 3.5% of GDP in 2029" in table and "bmvg.de" in table
    assert "The Hague - core defence at least 3.5% of GDP by 2035" in table and table.count("on track") == 2
    assert table.count("as likely as not") == 2 and "0.389" in table and "0.498" in table
    assert "core known, related not reported" in table  # The Hague 5%: core known, nothing related reported
    assert "required path: Germany - NATO target of 3.5% of GDP in 2029 (linear, from 2026)" in html


def test_signed_in_plans_page_lists_every_ally_latest_plan(web):
    from tests.conftest import plan_csv

    web.registry.submit(web.principal("pol-delegate"), "POL", "pol.csv", plan_csv("POL", core0=4.7, step=0.0).encode())
    html = web.clients["deu"].get("/plans").text
    table = html[html.index('id="by-ally"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 33  # header + 32 allies
    pol = table[table.index("POL"):]
    assert pol.index("2026") < pol.index("</tr>") and "no plan filed" in table


def test_ally_page_fan_probabilities_and_path(web):
    html = web.clients["public"].get("/ally/LTU").text
    assert html.count("<polygon") == 4 and "Monte Carlo 5-95% range" in html  # 2 bands, wide and narrow charts
    path = html[html.index('id="path"'):]
    assert "<td>2035</td>" in path


def test_ally_page_central_path_basis_fan_and_probability_together(web):
    """Germany: the central path is its stated money path (EUR 118bn 2026 -> 161bn 2029, BMVg), the same path the
    probability is counted around; one sentence says why 'on track' (pace) and the probability differ."""
    from hague.models.montecarlo import simulate

    html = web.clients["public"].get("/ally/DEU").text
    central = html[html.index('id="central-path"'):]
    central = central[:central.index("</p>")]
    assert "Central path (plans): on the record of past delivery" in central and "bmvg.de" in central
    assert "stated path: budgets fixed in EUR 2027-2029" in central
    r = simulate(draws=2048, seed=20250625, allies=["DEU"])
    probs = html[html.index('id="probabilities"'):]
    assert f"in 2029\n<strong>{100 * r.probability('DEU', 2029):.0f}%</strong>" in probs
    assert "recent pace against the pace needed" in html[html.index('id="pace-vs-probability"'):]
    assert "Central path (plans) = Monte Carlo median" in html


def test_burden_and_capabilities_pages(web):
    html = web.clients["public"].get("/burden?year=2026").text
    assert "United States" in html and "57.07" in html and "NATO Europe and Canada" in html
    caps = web.clients["public"].get("/capabilities").text
    assert "a 400 percent increase in air and missile defence" in caps and 'id="ammunition"' in caps


def _axis_ticks(svg: str) -> list[float]:
    return [float(t) for t in re.findall(r'class="tick">([\d.]+)</text>', svg)]


def test_overview_axis_fits_the_data_and_reference_lines_are_labelled_at_their_end(web):
    from hague.web import figures

    fig = figures.overview(2026, "nato-2026")
    top = max(_axis_ticks(fig["wide"]))
    assert fig["rows"][0][:4] == ["LTU", "Lithuania", 2026, 5.33]  # NATO 2026 estimate, the highest share
    assert 5.33 < top <= 6.5  # was 10: half the plot empty
    assert ">3.5% core</text>" in fig["wide"] and ">2% floor</text>" in fig["wide"]
    assert 'data-variant="narrow"' in fig["narrow"] and 'viewBox="0 0 360 ' in fig["narrow"]


def test_ally_chart_shows_the_2026_estimate_on_top_and_projections_by_pattern(web):
    from hague.web import figures

    svg = figures.ally("POL", "nato-2026")["wide"]
    est = svg.index('class="estimate"><title>Poland: NATO figures (hollow points: NATO estimates), 2026: 4.68')
    assert est > svg.rindex("<polyline")  # drawn after every line: nothing hides it
    assert 'stroke-dasharray="8 5"' in svg  # the simulation dashed
    esp = figures.ally("ESP", "nato-2026")["wide"]  # Spain has unmet targets: their required paths are dotted
    assert 'stroke-dasharray="2 3"' in esp and "required path" in esp


def test_burden_charts_its_three_comparisons_on_a_fitted_axis(web):
    from hague.web import figures

    fig = figures.burden(2026, "nato-2026")
    usa = fig["rows"][0]
    assert usa[0] == "USA" and 55 < usa[3] < 60  # the United States' share of alliance spending, 2026
    assert "% of alliance GDP" in fig["wide"] and "% of alliance population" in fig["wide"]
    assert max(_axis_ticks(fig["wide"])) <= 70  # was a 0-100% axis for a maximum of 57


def test_compare_page_keeps_its_choice_in_the_url_and_downloads_match(web):
    c = web.clients["public"]
    r = c.get("/compare?ally=POL&ally=EST&ally=LTU")
    assert r.status_code == 303 and r.headers["location"] == "/compare?allies=POL,EST,LTU"
    html = c.get("/compare?allies=POL,EST,LTU").text
    assert "Poland, Estonia, Lithuania" in html
    link = ('href="/api/v1/indicators/core_defence_expenditure_share_gdp.csv?allies=POL~EST~LTU&amp;'
            'edition=nato-2026"')
    assert link in html  # the chart-data CSV link is the OWID-style indicator API
    api = c.get("/api/v1/indicators/core_defence_expenditure_share_gdp.csv?allies=POL~EST~LTU").text
    assert "POL,Poland,2026,4.68,True" in api.splitlines()
    csv = c.get("/chart/compare.csv?allies=POL,EST,LTU").text.splitlines()
    assert csv[0] == "ally,name,year,core_defence_share_gdp,estimate"
    assert "POL,Poland,2026,4.68" in "\n".join(csv) or any(ln.startswith("POL,Poland,2026,4.6") for ln in csv)
    svg = c.get("/chart/compare.svg?allies=POL,EST,LTU")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "Source: NATO" in svg.text
    assert c.get("/compare?allies=POL,NOPE").status_code == 404
    assert c.get("/compare?allies=" + ",".join(["POL"] * 3 + ["DEU", "FRA", "ITA", "ESP", "NLD", "BEL", "DNK",
                                                             "NOR"])).status_code == 400


def test_every_public_page_has_a_permalink_and_cite_this(web):
    c = web.clients["public"]
    for path in ("/?year=2024&sort=name&order=asc", "/ally/FRA", "/burden?year=2025", "/compare?allies=POL,DEU",
                 "/capabilities", "/sources", "/plans", "/api"):
        html = c.get(path).text
        assert 'id="permalink"' in html and path.split("?")[0] in re.search(r'href="([^"]+)" class="permalink"',
                                                                          html).group(1)
        assert "@misc{hague-" in html and "howpublished = {\\url{" in html and "Cite this page" in html


def test_capabilities_units_ratios_links_and_targets_marked(web):
    html = web.clients["public"].get("/capabilities").text
    amm = html[html.index('id="ammunition"'):]
    us2022 = amm[amm.index("155 mm rounds produced"):][:900]
    assert "14,500 rounds/month" in us2022 and "174,000 a year" in us2022  # USA, February 2022 (Defence Express)
    assert "174,000 | rounds/month" not in html
    assert "17×" in amm and "4×" in amm  # the two ratio rows (EFIS 2026; Rutte, Chatham House)
    eu_target = amm[amm.index("155 mm production capacity target, end-2025"):][:300]
    assert "capacity target (not output)" in eu_target
    assert '<a href="https://www.nato.int/cps/en/natohq/opinions_235867.htm" rel="noreferrer">' in html
    assert "&lt;https://" not in html


def test_sources_page_has_no_working_notes_and_no_bare_ip_links(web):
    html = web.clients["public"].get("/sources").text
    assert "SOURCES.md" not in html and "session" not in html and "setup script" not in html
    assert not re.search(r'href="https?://\d+\.\d+\.\d+\.\d+', html)
    assert "bare IP address" in html and "Reshaped without changing any value" in html


def test_submission_page_shows_the_related_lines_by_category(web):
    """Staff see what a submission counts toward the 1.5%: the related lines by the declaration's categories."""
    lines = ["ally,year,core_share_gdp,related_share_gdp,related_infrastructure,related_industrial_base"]
    lines += [f"POL,{y},4.7,1.0,0.6,0.4" for y in range(2026, 2036)]
    r = web.clients["pol"].post("/api/v1/plans/POL/submissions",
                                headers={"Authorization": f"Bearer {web.tokens['pol']}"},
                                json={"filename": "pol-related.csv", "content": "\n".join(lines) + "\n"})
    assert r.status_code == 201, r.text
    html = web.clients["admin"].get(f"/plans/submissions/{r.json()['id']}").text
    assert "Related: critical infrastructure, % of GDP" in html and "Related: defence industrial base, % of GDP" in html
    assert "Related: innovation" not in html  # a category the plan does not use is not shown
    assert "<td class=\"num\">0.60</td>" in html


def test_ally_page_and_api_say_how_far_ahead_forecasts_were_scored(web):
    """Horizon honesty: the backtest on nato-2026 scores up to 9 years ahead with n >= 30 (31 outcomes at 9 years),
    so from 2026 every year to 2035 is scored; from the 2025 edition's last year (2024) 2032-2035 are beyond."""
    html = web.clients["public"].get("/ally/DEU").text
    assert 'id="scored-horizon"' in html
    assert "scores forecasts up to 9 years ahead with at least 30 outcomes each (31 at 9 years" in html
    sim = web.clients["public"].get("/api/v1/simulate?ally=DEU&draws=2048&edition=nato-2025-secondary").json()
    by_year = {r["year"]: r["horizon"] for r in sim["fan"]}
    # nato-2025-secondary ends in 2024 and its own backtest scores up to 7 years ahead (2017 -> 2024: 31 outcomes)
    assert by_year[2031] == "scored" and by_year[2032] == by_year[2035] == "beyond the scored horizon"
    assert sim["probability"]["horizon"] == "2035: beyond the scored horizon"
    assert "up to 7 years ahead" in sim["horizon_note"]
    assert web.clients["public"].get("/api/v1/simulate?ally=DEU&draws=2048").json()["probability"]["horizon"] == "scored"


def test_a_chart_download_refuses_a_parameter_it_does_not_take(web):
    """``/chart/ally.csv?code=GER`` answered Poland's chart with 200; now a one-line 400 naming ``ally``, and
    ``?ally=GER`` names Germany's code."""
    c = web.clients["public"]
    import html

    r = c.get("/chart/ally.csv?code=GER")
    assert r.status_code == 400 and "unknown query parameter 'code' for /chart/ally.csv" in html.unescape(r.text)
    r = c.get("/chart/ally.csv?ally=GER")
    assert r.status_code == 404 and "DEU" in html.unescape(r.text)
    assert c.get("/chart/ally.csv?ally=DEU").text.splitlines()[0].startswith("ally,series,year,share_gdp")
