"""Server-rendered pages: the public dashboard and the plan registry's forms.

Pages call the same services as the API (:mod:`hague.web.services`, :class:`hague.store.Registry`). Forms carry a
CSRF token; the session cookie is HttpOnly and SameSite=Lax.

Long (over 500 lines): every public page route; each is a few lines over web.services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hague.store.registry import (
    BadCredentials,
    Forbidden,
    NotFound,
    NotSignedIn,
    PlanRejected,
    Principal,
    Registry,
    RegistryError,
    Throttled,
)
from hague.web import figures, services
from hague.web.contract import YEARS
from hague.web.deps import CSRF_COOKIE, SESSION_COOKIE, check_csrf, csrf_token, get_registry, page_principal

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(include_in_schema=False)

class MustChangePassword(Exception):
    """The signed-in user still has a generated or reset password (handled: redirect to /account/password)."""


def page_user(request: Request) -> Principal:
    """The signed-in user for registry pages; one who must replace their password is sent to do that first."""
    p = page_principal(request)
    if p.must_change_password:
        raise MustChangePassword()
    return p


Who = Annotated[Principal, Depends(page_user)]
Anyone = Annotated[Principal, Depends(page_principal)]
Reg = Annotated[Registry, Depends(get_registry)]
PAGE = 50


class _LazyCsrf:
    """The CSRF token, made (and its cookie set) only when a template writes it into a form: an anonymous page
    without a form sets no cookie."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return csrf_token(self.request)

    def __html__(self) -> str:
        return str(self)


def render(request: Request, template: str, ctx: dict | None = None, status: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    edition = (ctx or {}).get("edition") or settings.edition
    from datetime import date

    path = request.url.path
    permalink = str(request.url.replace(query=request.url.query)) if request.method == "GET" else str(request.base_url)
    base = {"request": request, "who": page_principal(request), "csrf": _LazyCsrf(request),
            "prov": services.provenance_of(edition), "permalink": permalink, "today": date.today().isoformat(),
            "cite_key": ("".join(c if c.isalnum() else "-" for c in path.strip("/")) or "overview")[:40]
            + "-" + date.today().isoformat()}
    resp = request.app.state.templates.TemplateResponse(request, template, {**base, **(ctx or {})},
                                                        status_code=status)
    new = getattr(request.state, "new_csrf", None)
    if new:  # only a page with a form makes one; it lives as long as the browser session, not one per page
        resp.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", secure=settings.cookie_secure)
    if page_principal(request).signed_in:
        resp.headers["Cache-Control"] = "no-store"
    else:  # the same for every anonymous reader with this cookie: kept a minute, then revalidated by its ETag
        resp.headers["Cache-Control"], resp.headers["Vary"] = "private, max-age=60", "Cookie"
    return resp


def error_page(request: Request, status: int, message: str, errors: list) -> HTMLResponse:
    ctx = {"status": status, "message": message, "errors": errors[:ERRORS_SHOWN], "errors_total": len(errors),
           "errors_csv": None}
    if len(errors) > ERRORS_SHOWN and page_principal(request).signed_in:
        ctx["errors_csv"] = "/plans/errors/" + _save_errors(errors) + ".csv"
    return render(request, "error.html", ctx, status)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- public dashboard -----------------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def overview(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
             sort: Annotated[str | None, Query(max_length=40)] = None,
             order: Annotated[str | None, Query(pattern="^(asc|desc)$")] = None):
    edition = request.app.state.settings.edition
    st = services.status(year, edition)
    rows = services.sorted_rows(st["rows"], sort or "share_gdp", None if order is None else order == "desc")
    from hague.data import dataset

    years = dataset(edition).years("core_defence_expenditure_share_gdp")
    fig = figures.overview(year, edition)
    return render(request, "overview.html", {"st": st, "rows": rows, "years": years, "fig": fig,
                                             "sort": sort or "share_gdp", "order": order, "edition": edition})


@router.get("/ally/{code}", response_class=HTMLResponse)
def ally_page(request: Request, code: Annotated[str, Path(max_length=60)]):
    edition = request.app.state.settings.edition
    h = services.ally_history(code, edition)
    extras = services.ally_extras(h["ally"]["iso3"], edition) if h["ally"]["has_armed_forces"] else {}
    sim = request.app.state.simulations.compute(services.simulate, (h["ally"]["iso3"], 2048, 20250625, "plans",
                                                                    edition)) if h["ally"]["has_armed_forces"] else None
    fig = figures.ally(h["ally"]["iso3"], edition, sim=sim)
    extras = {**extras, "sim": sim}
    if h["ally"]["has_armed_forces"]:
        from hague.rules import thresholds as t  # the target and deadline from the rule tree

        core, by = t.value(t.CORE), t.deadline(t.CORE)
        extras["path"] = services.path(h["ally"]["iso3"], core, by, "linear", edition)
        extras["fiscal"] = services.fiscal(h["ally"]["iso3"], core, by, "linear", edition)
    return render(request, "ally.html", {"h": h, "fig": fig, "extras": extras, "edition": edition})


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, allies: Annotated[str | None, Query(max_length=200)] = None,
                 ally: Annotated[list[str] | None, Query(max_length=60)] = None):
    """Several allies on one chart; the choice lives in the URL (``?allies=POL,DEU,FRA``), so the page is its own
    permalink."""
    edition = request.app.state.settings.edition
    if ally:  # the form's checkboxes: one canonical address (?allies=A,B,C) is the permalink
        return _redirect("/compare?allies=" + ",".join(figures.parse_allies(",".join(ally[:20]))))
    codes = figures.parse_allies(allies) if allies else ["POL", "DEU", "FRA", "GBR", "USA"]
    fig = figures.compare(codes, edition)
    return render(request, "compare.html", {"fig": fig, "chosen": codes, "allies": services.allies(),
                                            "edition": edition, "max": figures.MAX_COMPARE})


@router.get("/burden", response_class=HTMLResponse)
def burden_page(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None):
    edition = request.app.state.settings.edition
    b = services.burden(year, edition)
    return render(request, "burden.html", {"b": b, "fig": figures.burden(year, edition), "edition": edition})


@router.get("/chart/{name}.{ext}")
def chart_download(request: Request, name: Annotated[str, Path(pattern="^(overview|ally|burden|compare|five)$")],
                   ext: Annotated[str, Path(pattern="^(svg|csv)$")],
                   year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
                   ally: Annotated[str | None, Query(max_length=60)] = None,
                   allies: Annotated[str | None, Query(max_length=200)] = None):
    """A chart as a standalone SVG file, or the rows it draws as CSV (the same figures as the page)."""
    edition = request.app.state.settings.edition
    if name == "overview":
        fig = figures.overview(year, edition)
    elif name == "burden":
        fig = figures.burden(year, edition)
    elif name == "five":
        fig = figures.five(year, edition)
    elif name == "ally":
        from hague.allies import resolve

        a = resolve(ally or "POL")
        sim = request.app.state.simulations.compute(services.simulate, (a.iso3, 2048, 20250625, "plans", edition)) \
            if a.has_armed_forces else None
        fig = figures.ally(a.iso3, edition, sim=sim)
    else:
        fig = figures.compare(figures.parse_allies(allies or "POL"), edition)
    stem = "-".join(["hague", name, *[str(v) for v in fig["query"].values()]]).replace(",", "-")
    prov = services.provenance_of(edition)
    if ext == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(fig["columns"])
        w.writerows([["" if v is None else v for v in r] for r in fig["rows"]])
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"',
                                 "Cache-Control": "public, max-age=3600"})
    svg = fig["wide"].replace('width="100%"', 'width="760"', 1)
    credit = (f'<text x="8" y="-6" font-size="9" fill="#52606d">Source: {prov["attribution"]} '
              f'(dataset {prov["dataset"]}). Chart: hague.</text>')
    svg = svg.replace("</svg>", f'<g transform="translate(0,{_svg_height(svg)})">{credit}</g></svg>')
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, media_type="image/svg+xml",
                    headers={"Content-Disposition": f'inline; filename="{stem}.svg"',
                             "Cache-Control": "public, max-age=3600",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


def _svg_height(svg: str) -> float:
    import re

    m = re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg)
    return float(m.group(1)) if m else 0.0


@router.get("/five-percent", response_class=HTMLResponse)
def five_percent_page(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None):
    from hague.rules.five_percent import five_percent, related_result

    edition = request.app.state.settings.edition
    r = five_percent(year, edition=edition)
    lines = r.meta["lines"]
    fig = figures.five(year, edition)
    claims = related_result()
    return render(request, "five_percent.html", {"r": r, "fig": fig, "claims": claims, "lines": lines})


@router.get("/dossier", response_class=HTMLResponse)
async def dossier_overview_page(request: Request):
    edition = request.app.state.settings.edition
    client = request.client.host if request.client else ""
    o = await request.app.state.simulations.run(client, services.dossier_overview,
                                                (services.MAX_WEB_DRAWS, 20250625, edition))
    return render(request, "dossier_overview.html", {"r": o["result"], "edition": edition})


@router.get("/dossier/{code}", response_class=HTMLResponse)
async def dossier_page(request: Request, code: Annotated[str, Path(max_length=60)],
                       recession: Annotated[int | None, Query(ge=1949, le=2100)] = None,
                       related_cap: Annotated[float | None, Query(ge=0, le=5)] = None,
                       weo: Annotated[str | None, Query(max_length=20)] = None,
                       cost_growth: Annotated[str | None, Query(max_length=20)] = None,
                       without_ukraine_aid: bool = False):
    from hague.allies import resolve

    edition = request.app.state.settings.edition
    iso = resolve(code).iso3
    toggles = tuple((k, v) for k, v in (("without_ukraine_aid", without_ukraine_aid or None),
                                        ("related_cap", related_cap), ("weo", weo), ("recession", recession),
                                        ("cost_growth", cost_growth)) if v is not None)
    client = request.client.host if request.client else ""
    d = await request.app.state.simulations.run(client, services.dossier,
                                                (iso, services.MAX_WEB_DRAWS, 20250625, toggles, edition))
    return render(request, "dossier.html", {"body": d["html"], "title": d["title"], "code": iso,
                                            "edition": edition})


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, claim: Annotated[str | None, Query(max_length=500)] = None):
    from hague.errors import HagueError

    v, error = None, None
    if claim and claim.strip():
        try:
            v = services.verify_claim(claim, None, None, None, None, "current")
        except HagueError as exc:
            error = str(exc)
    return render(request, "verify.html", {"claim": claim, "v": v, "error": error})


@router.get("/capabilities", response_class=HTMLResponse)
def capabilities_page(request: Request):
    return render(request, "capabilities.html", {"targets": services.targets(), "kinds": services.ESTIMATE_KINDS,
                                                 "ammunition": services.compare("ammunition")})


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request):
    return render(request, "sources.html", {"sources": services.public_sources()})


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request):
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [p["name"] for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": params, "tag": (op.get("tags") or [""])[0]})
    return render(request, "api.html", {"ops": ops})


# --- sign in / out --------------------------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request):
    return render(request, "login.html", {})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, reg: Reg, username: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    try:
        p = reg.authenticate(username, password, client=request.client.host if request.client else "")
    except (BadCredentials, Throttled) as exc:
        resp = render(request, "login.html", {"error": str(exc), "username": username}, exc.status)
        if getattr(exc, "retry_after", None):
            resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    sid, _ = reg.create_session(p)
    resp = _redirect("/account/password" if p.must_change_password else "/plans")
    resp.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="lax", secure=request.app.state.settings.cookie_secure,
                    max_age=request.app.state.settings.session_hours * 3600, path="/")
    return resp


@router.post("/logout")
def logout(request: Request, reg: Reg, csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.end_session(request.cookies.get(SESSION_COOKIE))
    resp = _redirect("/")
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


# --- plans ----------------------------------------------------------------------------------------------------------
@router.get("/plans", response_class=HTMLResponse)
def plans(request: Request, who: Who, reg: Reg, ally: Annotated[str | None, Query(max_length=60)] = None,
          page: Annotated[int, Query(ge=1, le=100_000)] = 1):
    summary = reg.public_summary()
    if not who.signed_in:
        return render(request, "plans_public.html", {"summary": summary})
    items, total = reg.list_submissions(who, ally=ally or None, limit=PAGE, offset=(page - 1) * PAGE)
    drafts = reg.list_drafts(who)
    return render(request, "plans.html", {"summary": summary, "items": items, "total": total, "page": page,
                                          "by_ally": reg.latest_by_ally(who),
                                          "pages": max(1, -(-total // PAGE)), "drafts": drafts, "ally": ally or ""})


def _require_filer(who: Principal) -> None:
    if not who.signed_in:
        raise NotSignedIn("sign in first: filing plans needs a delegate or admin account")


async def grid_fields(request: Request) -> dict[str, str]:
    """The per-year inputs of the plan form (``core_Y``, ``related_Y``, ``amount_Y``)."""
    form = await request.form()
    return {k: str(v)[:40] for k, v in form.items()
            if isinstance(v, str) and k.split("_", 1)[0] in ("core", "related", "amount") and len(k) < 20}


Grid = Annotated[dict, Depends(grid_fields)]


def _new_plan_ctx(who: Principal, **extra) -> dict:
    return {"allies": services.allies(), "template": services.plan_template(who.ally), "years": services.plan_years(),
            "grid": {}, **extra}


ERRORS_SHOWN = 50


def _errors_ctx(request: Request, errors: list[dict]) -> dict:
    """The first 50 problems for the page, the count, and the full list as a CSV download (a 55,000-row bad file
    gives a short page, not a 7.7 MB table)."""
    ctx = {"errors": errors[:ERRORS_SHOWN], "errors_total": len(errors), "errors_csv": None}
    if len(errors) > ERRORS_SHOWN:
        ctx["errors_csv"] = "/plans/errors/" + _save_errors(errors) + ".csv"
    return ctx


def _errors_dir():
    from hague.store.db import data_dir

    d = data_dir() / "plan-errors"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _save_errors(errors: list[dict]) -> str:
    """Write the full error list to the data directory (shared by the workers), kept one hour; returns its id."""
    import csv
    import io
    import secrets
    import time

    d = _errors_dir()
    for old in d.glob("*.csv"):
        try:
            if old.stat().st_mtime < time.time() - 3600:
                old.unlink()
        except OSError:
            pass
    token = secrets.token_urlsafe(16)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["row", "year", "column", "message"])
    for e in errors:
        w.writerow([e.get("row") if e.get("row") is not None else "", e.get("year") or "", e.get("column") or "",
                    e.get("message", "")])
    (d / f"{token}.csv").write_text(buf.getvalue(), encoding="utf-8")
    return token


@router.get("/plans/errors/{token}.csv")
def plan_errors_csv(token: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,40}$")], who: Who):
    _require_filer(who)
    f = _errors_dir() / f"{token}.csv"
    if not f.is_file():
        raise NotFound("this error list has expired (kept one hour); submit the file again to see it")
    return Response(f.read_bytes(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="plan-errors.csv"'})


@router.get("/plans/new", response_class=HTMLResponse)
def new_plan(request: Request, who: Who):
    _require_filer(who)
    return render(request, "plan_new.html", _new_plan_ctx(who))


def _with_years(errors: list[dict], grid_csv: str | None, name: str) -> list[dict]:
    """Name the year of the grid row an error is in, not the line of the CSV built from it."""
    if grid_csv is None or name != "plan.csv":
        return errors
    years = [line.split(",")[1] for line in grid_csv.splitlines()[1:]]
    return [{**e, "year": years[e["row"] - 2]} if isinstance(e.get("row"), int) and 2 <= e["row"] < len(years) + 2
            else e for e in errors]


@router.post("/plans/new", response_class=HTMLResponse)
def new_plan_post(request: Request, who: Who, reg: Reg, grid: Grid, ally: Annotated[str, Form(max_length=60)],
                  action: Annotated[str, Form(pattern="^(draft|submit)$")],
                  csrf: Annotated[str, Form(max_length=200)] = "",
                  text: Annotated[str, Form(max_length=2_000_000)] = "",
                  file: Annotated[UploadFile | None, File()] = None):
    """Save a draft, or (action=submit) save it and show the confirmation step: nothing immutable is filed until
    the delegate has seen the plan as read and confirmed."""
    check_csrf(request, csrf)
    _require_filer(who)
    code = ally.strip().upper()[:3]
    grid_csv, grid_errors, readings = services.plan_from_grid(code, grid)
    if file is not None and file.filename:
        name, content = file.filename, file.file.read(reg.settings.max_upload_bytes + 1)
    elif grid_csv is not None or grid_errors:
        name, content = "plan.csv", (grid_csv or "").encode("utf-8")
    else:
        name, content = "plan.csv", text.replace("\r\n", "\n").encode("utf-8")
    try:
        if grid_errors and not (file is not None and file.filename):
            raise PlanRejected(f"{len(grid_errors)} cell(s) of the table could not be read", grid_errors)
        d = reg.create_draft(who, ally, name, content)
    except PlanRejected as exc:
        return render(request, "plan_new.html", _new_plan_ctx(
            who, error=str(exc), text=text, ally=ally, grid=grid,
            **_errors_ctx(request, _with_years(exc.errors, grid_csv, name))), 422)
    if action == "draft":
        return _redirect(f"/plans/drafts/{d['id']}")
    return _confirm_page(request, reg, who, d["id"], readings=readings, notes=d.get("notes") or [])


def _draft_ctx(reg: Registry, who: Principal, draft_id: int) -> dict:
    d = reg.get_draft(who, draft_id, with_content=True)
    try:
        text = d["content"].decode("utf-8") if d["filename"].endswith((".csv", ".yaml", ".yml")) else None
    except UnicodeDecodeError:
        text = None
    plan, notes = reg.read_draft(who, draft_id)
    grid = {}
    for r in plan["rows"]:
        for k, col in (("core", "core_share_gdp"), ("related", "related_share_gdp"), ("amount", "core_amount")):
            if r.get(col) is not None:
                grid[f"{k}_{r['year']}"] = services.grid_value(r[col])
    years = sorted(set(services.plan_years(min([r["year"] for r in plan["rows"]] or [None]) or None))
                   | {r["year"] for r in plan["rows"]})
    return {"d": d, "text": text, "plan": plan, "notes": notes, "grid": grid, "years": years,
            "warnings": services.plan_coverage(plan)}


@router.get("/plans/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(request: Request, draft_id: Id, who: Who, reg: Reg):
    return render(request, "draft.html", _draft_ctx(reg, who, draft_id))


@router.post("/plans/drafts/{draft_id}", response_class=HTMLResponse)
def draft_update(request: Request, draft_id: Id, who: Who, reg: Reg, grid: Grid,
                 text: Annotated[str, Form(max_length=2_000_000)] = "",
                 mode: Annotated[str, Form(pattern="^(grid|text)$")] = "text",
                 csrf: Annotated[str, Form(max_length=200)] = ""):
    """Save a draft edited in the year-by-year table (mode=grid) or as CSV text (mode=text)."""
    check_csrf(request, csrf)
    d = reg.get_draft(who, draft_id)
    errors: list[dict] = []
    if mode == "grid":
        grid_csv, errors, _readings = services.plan_from_grid(d["ally"], grid)
        name, content = "plan.csv", (grid_csv or "").encode("utf-8")
    else:
        grid_csv = None
        name = d["filename"] if d["filename"].endswith((".csv", ".yaml", ".yml")) else "plan.csv"
        content = text.replace("\r\n", "\n").encode("utf-8")
    try:
        if errors:
            raise PlanRejected(f"{len(errors)} cell(s) of the table could not be read", errors)
        reg.update_draft(who, draft_id, name, content)
    except PlanRejected as exc:
        ctx = _draft_ctx(reg, who, draft_id)
        ctx.update(error=str(exc), **_errors_ctx(request, _with_years(exc.errors, grid_csv, name)))
        if mode == "grid":
            ctx["grid"] = grid
        else:
            ctx["text"] = text
        return render(request, "draft.html", ctx, 422)
    return _redirect(f"/plans/drafts/{draft_id}")


def _confirm_page(request: Request, reg: Registry, who: Principal, draft_id: int, *, readings=(), notes=()):
    ctx = _draft_ctx(reg, who, draft_id)
    ctx.update(readings=list(readings), notes=list(notes) or ctx["notes"])
    return render(request, "confirm.html", ctx)


@router.get("/plans/drafts/{draft_id}/confirm", response_class=HTMLResponse)
def draft_confirm(request: Request, draft_id: Id, who: Who, reg: Reg):
    """The last step before an immutable submission: the plan as read, its warnings, one explicit button."""
    return _confirm_page(request, reg, who, draft_id)


@router.post("/plans/drafts/{draft_id}/submit")
def draft_submit(request: Request, draft_id: Id, who: Who, reg: Reg, csrf: Annotated[str, Form(max_length=200)] = "",
                 confirm: Annotated[str, Form(max_length=10)] = ""):
    check_csrf(request, csrf)
    if confirm != "yes":  # never file without the confirmation step
        return _redirect(f"/plans/drafts/{draft_id}/confirm")
    x = reg.submit_draft(who, draft_id)
    return _redirect(f"/plans/submissions/{x['id']}")


@router.post("/plans/drafts/{draft_id}/delete")
def draft_delete(request: Request, draft_id: Id, who: Who, reg: Reg, csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.delete_draft(who, draft_id)
    return _redirect("/plans")


@router.get("/plans/submissions/{submission_id}", response_class=HTMLResponse)
def submission_page(request: Request, submission_id: Id, who: Who, reg: Reg):
    x = reg.get_submission(who, submission_id)
    return render(request, "submission.html", {"x": x})


@router.post("/plans/submissions/{submission_id}/reviews")
def submission_review(request: Request, submission_id: Id, who: Who, reg: Reg,
                      outcome: Annotated[str, Form(max_length=30)], comment: Annotated[str, Form(max_length=4000)] = "",
                      csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.add_review(who, submission_id, outcome, comment)
    return _redirect(f"/plans/submissions/{submission_id}")


@router.get("/plans/submissions/{submission_id}/file")
def submission_file(submission_id: Id, who: Who, reg: Reg):
    name, content = reg.get_submission_file(who, submission_id)
    safe = "".join(c for c in name if c.isalnum() or c in "._-")[:100] or "plan"
    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{safe}"'})


# --- account and admin ----------------------------------------------------------------------------------------------
@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, who: Anyone):
    _require_filer(who)
    return render(request, "password.html", {})


@router.post("/account/password", response_class=HTMLResponse)
def password_change(request: Request, who: Anyone, reg: Reg, current: Annotated[str, Form(max_length=1024)],
                    new: Annotated[str, Form(max_length=1024)], confirm: Annotated[str, Form(max_length=1024)],
                    csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    _require_filer(who)
    try:
        if new != confirm:
            raise RegistryError("the two new passwords differ")
        reg.change_password(who, current, new, keep_session=request.cookies.get(SESSION_COOKIE))
    except (RegistryError, BadCredentials, Throttled) as exc:
        return render(request, "password.html", {"error": str(exc)}, getattr(exc, "status", 400))
    return _redirect("/plans")


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, who: Who, reg: Reg):
    return render(request, "account.html", {"tokens": reg.list_tokens(who)})


@router.post("/account/tokens", response_class=HTMLResponse)
def account_new_token(request: Request, who: Who, reg: Reg, name: Annotated[str, Form(max_length=100)] = "token",
                      csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    tok, pub = reg.create_token(who, name)
    return render(request, "account.html", {"tokens": reg.list_tokens(who), "new_token": tok, "new_pub": pub})


@router.post("/account/tokens/{token_id}/revoke")
def account_revoke(request: Request, token_id: Id, who: Who, reg: Reg,
                   csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.revoke_token(who, token_id)
    return _redirect("/account")


@router.get("/admin/users", response_class=HTMLResponse)
def admin_users(request: Request, who: Who, reg: Reg):
    return render(request, "users.html", {"users": reg.list_users(who), "allies": services.allies()})


@router.post("/admin/users", response_class=HTMLResponse)
def admin_users_add(request: Request, who: Who, reg: Reg, username: Annotated[str, Form(max_length=64)],
                    password: Annotated[str, Form(max_length=1024)], role: Annotated[str, Form(max_length=16)],
                    ally: Annotated[str, Form(max_length=60)] = "", csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.create_user(who, username, password, role, ally or None)
    return _redirect("/admin/users")


@router.post("/admin/users/{username}/active")
def admin_users_active(request: Request, username: str, who: Who, reg: Reg,
                       active: Annotated[str, Form(pattern="^(true|false)$")],
                       csrf: Annotated[str, Form(max_length=200)] = ""):
    check_csrf(request, csrf)
    reg.update_user(who, username, active=active == "true")
    return _redirect("/admin/users")


@router.get("/admin/audit", response_class=HTMLResponse)
def admin_audit(request: Request, who: Who, reg: Reg, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                verify: bool = False):
    items, total = reg.audit_log(who, limit=PAGE, offset=(page - 1) * PAGE)
    report = reg.verify_audit(who) if verify else None
    return render(request, "audit.html", {"items": items, "total": total, "page": page,
                                          "pages": max(1, -(-total // PAGE)), "report": report})


__all__ = ["router", "render", "error_page", "Forbidden"]
