"""Every bad input of issue 14's probe, each with its expected refusal (no 500, no half-write, no stall)."""

from __future__ import annotations

import base64
import contextlib
import io
import re
import time
import zipfile

import pytest
from tests.conftest import PASSWORD, plan_csv
from tests.web.conftest import csrf_of

MALFORMED = 'ally,year,core_share_gdp,related_share_gdp\nDEU,"2026,2.9,1.0\nDEU,2027,3.0,1.0\n'


def auth(web, role):
    return {"Authorization": f"Bearer {web.tokens[role]}"}


@contextlib.contextmanager
def upload_limit(web, n: int):
    old = web.registry.settings.max_upload_bytes
    web.registry.settings.max_upload_bytes = n
    try:
        yield
    finally:
        web.registry.settings.max_upload_bytes = old


def count_submissions(web) -> int:
    return web.registry.list_submissions(web.principal("staff"))[1]


# --- malformed CSV: 422 in the JSON API, the upload and the page form -------------------------------------------
def test_unbalanced_quote_is_422_everywhere_and_stores_nothing(web):
    c, before = web.clients["public"], count_submissions(web)
    r = c.post("/api/v1/plans/DEU/submissions", headers=auth(web, "deu"),
               json={"filename": "bad.csv", "content": MALFORMED})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["row"] == 2 and "malformed CSV" in r.json()["errors"][0]["message"]
    r = c.post("/api/v1/plans/DEU/submissions/upload", headers=auth(web, "deu"),
               files={"file": ("bad.csv", MALFORMED.encode(), "text/csv")})
    assert r.status_code == 422 and "malformed CSV" in r.text
    d = web.clients["deu"]
    r = d.post("/plans/new", data={"csrf": csrf_of(d), "ally": "DEU", "action": "draft", "text": MALFORMED})
    assert r.status_code == 422 and "malformed CSV" in r.text
    assert count_submissions(web) == before


def test_cli_reports_a_malformed_csv_in_one_line(tmp_path):
    import subprocess
    import sys

    f = tmp_path / "bad.csv"
    f.write_text(MALFORMED)
    r = subprocess.run([sys.executable, "-m", "hague.cli", "plan", "assess", str(f)], capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "row 2: malformed CSV" in r.stderr


# --- encodings and delimiters ---------------------------------------------------------------------------------------
def test_polish_excel_csv_windows_1250_semicolons_decimal_commas_is_read_and_said_so(web):
    lines = ["# Plan obronny - wydatki na obronność (źródło: MON)", "ally;year;core_share_gdp;related_share_gdp"]
    lines += [f"POL;{y};{4.7 + 0.01 * i:.2f};0,5".replace(".", ",") for i, y in enumerate(range(2026, 2036))]
    content = ("\r\n".join(lines) + "\r\n").encode("cp1250")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    r = web.clients["public"].post("/api/v1/plans/POL/drafts", headers=auth(web, "pol"),
                                   json={"filename": "plan-pol.csv", "encoding": "base64",
                                         "content": base64.b64encode(content).decode()})
    assert r.status_code == 201, r.text
    notes = " ".join(r.json()["notes"])
    assert "Windows-1250" in notes and "semicolon" in notes and "4,8 = 4.8" in notes
    d = web.registry.get_draft(web.principal("pol-delegate"), r.json()["id"], with_content=True)
    assert d["content"] == content  # stored exactly as uploaded


def test_undecodable_text_names_the_accepted_encodings(web):
    bad = b"ally,year,core_share_gdp,related_share_gdp\nDEU,2026,2.9,1\x81\x98\n"  # undefined in Windows-1250
    r = web.clients["public"].post("/api/v1/plans/DEU/drafts", headers=auth(web, "deu"),
                                   json={"filename": "x.csv", "encoding": "base64",
                                         "content": base64.b64encode(bad).decode()})
    assert r.status_code == 422 and "UTF-8" in r.text and "Windows-1250" in r.text


# --- xlsx bombs -----------------------------------------------------------------------------------------------------
def _xlsx_bomb(rows: int) -> bytes:
    """A real workbook whose plan sheet repeats one row ``rows`` times: ~75 KB packed, ~20 MB unpacked, and about
    10 s of CPU for openpyxl to read in full (measured 9.8 s on the test machine)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "plan"
    wb.active.append(["ally", "year", "core_share_gdp", "related_share_gdp"])
    buf = io.BytesIO()
    wb.save(buf)
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                head, rest = data.split(b"<sheetData>")
                body, tail = rest.split(b"</sheetData>")
                row = (b'<row><c t="inlineStr"><is><t>DEU</t></is></c><c><v>2030</v></c><c><v>3.5</v></c>'
                       b"<c><v>1.5</v></c></row>")
                data = head + b"<sheetData>" + body + row * rows + b"</sheetData>" + tail
            z.writestr(info.filename, data)
    return out.getvalue()


def test_xlsx_bomb_under_the_size_cap_is_refused_after_two_cpu_seconds(web):
    import resource

    bomb = _xlsx_bomb(180_000)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert len(bomb) < 100_000 and 15_000_000 < unpacked < web.registry.settings.max_unpacked_bytes
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with upload_limit(web, 200_000):
        r = web.clients["public"].post("/api/v1/plans/DEU/submissions/upload", headers=auth(web, "deu"),
                                       files={"file": ("bomb.xlsx", bomb, "application/octet-stream")})
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    assert r.status_code == 413 and "more than 2 s of CPU" in r.json()["detail"], r.text
    assert child_cpu < 3.5, child_cpu  # 2 s of reading + the child's imports, not the 10 s a full read takes
    assert time.monotonic() - t0 < 30


def test_xlsx_bomb_over_the_size_cap_is_refused_from_its_zip_directory(web):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" * 45_000_000)
    assert len(buf.getvalue()) < 100_000
    t0 = time.process_time()
    with upload_limit(web, 200_000):
        r = web.clients["public"].post("/api/v1/plans/DEU/submissions/upload", headers=auth(web, "deu"),
                                       files={"file": ("bomb.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 413 and "would unpack to 45,000,000 bytes" in r.json()["detail"]
    assert time.process_time() - t0 < 1.0


def test_a_small_real_workbook_is_still_read(web):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "plan"
    for line in plan_csv("DEU", core0=2.9, step=0.07).splitlines():
        cells = line.split(",")
        wb.active.append(cells if cells[0] == "ally" else [cells[0], int(cells[1]), float(cells[2]), float(cells[3])])
    buf = io.BytesIO()
    wb.save(buf)
    r = web.clients["public"].post("/api/v1/plans/DEU/submissions/upload", headers=auth(web, "deu"),
                                   files={"file": ("deu.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 201, r.text
    assert r.json()["plan_year"] == 2026 and r.json()["plan"]["rows"][0]["core_share_gdp"] == 2.9


# --- authentication before validation; tokens of users who must change the password ------------------------------
@pytest.mark.parametrize("path", ["/api/v1/plans/DEU/submissions", "/api/v1/users", "/api/v1/plans/DEU/drafts",
                                  "/api/v1/tokens"])
def test_anonymous_invalid_body_is_401_not_the_field_list(web, path):
    r = web.clients["public"].post(path, json={"nonsense": 1})
    assert r.status_code == 401, r.text
    assert "errors" not in r.json() or not r.json()["errors"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_token_of_a_user_who_must_change_the_password_cannot_write(web):
    reg = web.registry
    reg.create_user(None, "est-delegate", PASSWORD, "delegate", "EST", must_change_password=True)
    tok, _ = reg.create_token(reg.principal_for("est-delegate"), "early")
    h = {"Authorization": f"Bearer {tok}"}
    c = web.clients["public"]
    r = c.post("/api/v1/plans/EST/submissions", headers=h, json={"filename": "p.csv", "content": plan_csv("EST")})
    assert r.status_code == 403 and "must change the password" in r.json()["detail"]
    assert c.post("/api/v1/tokens", headers=h, json={"name": "more"}).status_code == 403
    assert c.get("/api/v1/plans/submissions", headers=h).status_code == 200  # reading is allowed
    assert reg.list_submissions(web.principal("staff"), ally="EST")[1] == 0


# --- gzip and HEAD ----------------------------------------------------------------------------------------------------
def test_pages_are_gzipped_and_head_answers(web):
    c = web.clients["public"]
    r = c.get("/", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < len(r.content) / 3  # the HTML compresses well over 3x
    h = c.head("/")
    assert h.status_code == 200 and h.content == b"" and h.headers["content-type"].startswith("text/html")
    assert c.head("/api/v1/status").status_code == 200


# --- registry usability ------------------------------------------------------------------------------------------
def _grid(years, core, related="1.0"):
    out = {}
    for i, y in enumerate(years):
        out[f"core_{y}"] = core(i) if callable(core) else core
        out[f"related_{y}"] = related
    return out


def test_decimal_comma_is_read_shown_back_and_stored_as_typed_meant(web):
    deu = web.clients["deu"]
    years = range(2026, 2036)
    fields = {"ally": "DEU", "action": "submit", "csrf": csrf_of(deu),
              **_grid(years, lambda i: f"{min(3.5, 2.7 + 0.1 * i):.1f}".replace(".", ","), "1,0")}
    fields["core_2026"] = "4,8"  # a German delegate's decimal comma: 4.8, never 48
    r = deu.post("/plans/new", data=fields)
    assert r.status_code == 200 and "Filing is final" in r.text
    assert "you typed <code>4,8</code>, read as <strong>4.8</strong>" in r.text
    draft = int(re.search(r'action="/plans/drafts/(\d+)/submit"', r.text).group(1))
    plan, _ = web.registry.read_draft(web.principal("deu-delegate"), draft)
    assert plan["rows"][0]["core_share_gdp"] == 4.8 and plan["rows"][1]["core_share_gdp"] == 2.8


def test_ambiguous_thousands_is_refused_with_a_message(web):
    deu = web.clients["deu"]
    fields = {"ally": "DEU", "action": "draft", "csrf": csrf_of(deu), **_grid(range(2026, 2036), "3.0")}
    fields["amount_2027"] = "4,800"
    r = deu.post("/plans/new", data=fields)
    assert r.status_code == 422
    assert "&#39;4,800&#39; is ambiguous: 4.8 or 4800? Write 4.8 (decimal) or 4800 (thousands)" in r.text
    assert re.search(r"<td>2027</td><td>Core, national currency m</td>", r.text)


def test_filing_needs_the_confirmation_step_and_warns_of_a_partial_plan(web):
    deu = web.clients["deu"]
    before = count_submissions(web)
    fields = {"ally": "DEU", "action": "submit", "csrf": csrf_of(deu), **_grid([2026, 2027], "3.0")}
    r = deu.post("/plans/new", data=fields)
    assert r.status_code == 200
    assert "The plan covers 2026-2027 only: 2028-2035 are missing (8 years)" in r.text
    draft = int(re.search(r'action="/plans/drafts/(\d+)/submit"', r.text).group(1))
    r = deu.post(f"/plans/drafts/{draft}/submit", data={"csrf": csrf_of(deu)})  # no confirm=yes: not filed
    assert r.status_code == 303 and r.headers["location"] == f"/plans/drafts/{draft}/confirm"
    assert count_submissions(web) == before
    r = deu.post(f"/plans/drafts/{draft}/submit", data={"csrf": csrf_of(deu), "confirm": "yes"})
    assert r.status_code == 303 and count_submissions(web) == before + 1


def test_a_saved_draft_is_edited_in_the_year_table(web):
    deu = web.clients["deu"]
    d = web.registry.create_draft(web.principal("deu-delegate"), "DEU", "deu.csv", plan_csv("DEU").encode())
    html = deu.get(f"/plans/drafts/{d['id']}").text
    assert 'name="core_2027" id="core_2027" inputmode="decimal" size="8" maxlength="20" value="2.2"' in html
    fields = {"csrf": csrf_of(deu), "mode": "grid", **_grid(range(2026, 2036), lambda i: f"{2.9 + 0.06 * i:.2f}")}
    fields["core_2030"] = "3,15"
    r = deu.post(f"/plans/drafts/{d['id']}", data=fields)
    assert r.status_code == 303
    plan, _ = web.registry.read_draft(web.principal("deu-delegate"), d["id"])
    assert [x["core_share_gdp"] for x in plan["rows"]][3:5] == [3.08, 3.15]


def test_lists_show_review_status_and_singular_grammar(tmp_path):
    from fastapi.testclient import TestClient

    from hague.web.app import create_app
    from hague.web.settings import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'one.sqlite3'}", admin_username="staff",
                              admin_password=PASSWORD))
    reg = app.state.registry
    reg.create_user(None, "lva-delegate", PASSWORD, "delegate", "LVA")
    x = reg.submit(reg.principal_for("lva-delegate"), "LVA", "lva.csv", plan_csv("LVA", core0=3.4, step=0.02).encode())
    c = TestClient(app, follow_redirects=False)
    c.post("/login", data={"username": "staff", "password": PASSWORD, "csrf": csrf_of(c)})
    html = c.get("/plans").text
    assert "1 ally has filed" in html and "(1 submission in all)" in html and "not reviewed yet" in html
    reg.add_review(reg.principal_for("staff"), x["id"], "revision requested", "2029 step too small")
    html = c.get("/plans").text
    by_ally = html[html.index('id="by-ally"'):html.index('id="submissions"')]
    assert "Latvia" in by_ally and "revision requested" in by_ally
    assert "revision requested" in html[html.index('id="submissions"'):]
    reg.engine.dispose()


def test_a_huge_bad_file_gives_50_rows_a_count_and_the_full_list(web):
    deu = web.clients["deu"]
    lines = ["ally,year,core_share_gdp,related_share_gdp"] + [f"DEU,{2026 + i % 10},x,1" for i in range(3000)]
    with upload_limit(web, 2_000_000):
        r = deu.post("/plans/new", data={"ally": "DEU", "action": "draft", "csrf": csrf_of(deu)},
                     files={"file": ("big.csv", "\n".join(lines).encode(), "text/csv")})
    assert r.status_code == 422
    table = r.text[r.text.index('id="plan-errors"'):].split("</table>")[0]
    assert table.count("<tr>") == 51  # header + the first 50
    total = int(re.search(r'id="errors-count">([\d,]+) problems', r.text).group(1).replace(",", ""))
    assert total > 3000 and len(r.text) < 60_000
    link = re.search(r'href="(/plans/errors/[A-Za-z0-9_-]+\.csv)"', r.text).group(1)
    full = deu.get(link)
    assert full.status_code == 200 and len(full.text.splitlines()) == total + 1
    assert web.clients["public"].get(link).status_code == 401  # signed-in users only


def test_semicolon_csv_through_the_page_form(web):
    pol = web.clients["pol"]
    text = "ally;year;core_share_gdp;related_share_gdp\n" + "\n".join(
        f"POL;{y};{4.7 + 0.01 * i:.2f};0,5".replace(".", ",") for i, y in enumerate(range(2026, 2036)))
    r = pol.post("/plans/new", data={"ally": "POL", "action": "submit", "csrf": csrf_of(pol)},
                 files={"file": ("pol.csv", text.encode("cp1250"), "text/csv")})
    assert r.status_code == 200 and "semicolon-separated" in r.text and "Filing is final" in r.text
    assert re.search(r'<td class="num">4\.70</td>', r.text)


def test_semicolon_csv_with_a_three_digit_comma_is_refused_like_the_grid(web):
    """Polish Excel writes "4,800" for 4.8 with two trailing zeros, but a thousands comma writes 4800 the same way:
    the file is refused, naming the row, the column and both readings (the grid refuses the same text)."""
    from hague.store.planfile import normalise_csv
    from hague.store.registry import PlanRejected

    text = "ally;year;core_share_gdp;related_share_gdp;core_amount\n" + "\n".join(
        f"POL;{y};4,70;0,5;{'4,800' if y == 2027 else '190000'}" for y in range(2026, 2036))
    with pytest.raises(PlanRejected) as exc:
        normalise_csv(text.encode("cp1250"), "pol.csv")
    (e,) = exc.value.errors
    assert e["row"] == 3 and e["column"] == "core_amount"
    assert e["message"] == "'4,800' is ambiguous: 4.8 or 4800? Write 4.8 (decimal) or 4800 (thousands)"
    assert normalise_csv(b"ally;year;core_share_gdp\nPOL;2026;0,500\n", "p.csv")[0].splitlines()[1] == "POL,2026,0.500"
    pol = web.clients["pol"]
    r = pol.post("/plans/new", data={"ally": "POL", "action": "draft", "csrf": csrf_of(pol)},
                 files={"file": ("pol.csv", text.encode("cp1250"), "text/csv")})
    assert r.status_code == 422 and "&#39;4,800&#39; is ambiguous" in r.text
    r = web.clients["public"].post("/api/v1/plans/POL/drafts", headers=auth(web, "pol"),
                                   json={"filename": "pol.csv", "content": text})
    assert r.status_code == 422 and r.json()["errors"][0]["column"] == "core_amount"
