"""REST API ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``; an endpoint list at ``/api``).

Public data endpoints are cacheable (strong ETag, ``Cache-Control: public``), answer JSON or CSV
(``?format=csv`` or ``Accept: text/csv``) and name their source, edition and licence. Registry endpoints
authenticate with ``Authorization: Bearer <token>``; authorization is enforced by :class:`hague.store.Registry`.

Long (over 500 lines): every REST route; each is a few lines over web.services.
"""

from __future__ import annotations

import base64
import binascii
import json
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError

from hague.data import resolve_edition
from hague.rules import thresholds
from hague.store.registry import PlanRejected, Principal, Registry
from hague.web import schemas as S
from hague.web import services
from hague.web.conditional import cached_response
from hague.web.contract import YEARS
from hague.web.deps import api_user, api_writer, get_registry

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(prefix="/api/v1")

Fmt = Literal["json", "csv"]
Edition = Annotated[str | None, Query(min_length=1, max_length=60,
                                      description="dataset id or edition name, e.g. 2026 or NATO-2025 "
                                                  "(default: hague.data.DEFAULT_DATASET)")]
ERR = {400: {"model": S.ErrorPublic}, 404: {"model": S.ErrorPublic}, 422: {"model": S.ErrorPublic}}
NOT_ACCEPTABLE = {406: {"model": S.ErrorPublic, "description": "format other than json or csv"}}
AUTH_ERR = {**ERR, 401: {"model": S.ErrorPublic}, 403: {"model": S.ErrorPublic}, 409: {"model": S.ErrorPublic},
            413: {"model": S.ErrorPublic}}
CACHE = "public, max-age=3600"
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
             "description": "JSON; CSV with ?format=csv or Accept: text/csv"}, **NOT_ACCEPTABLE}
CSV_MEDIA = "text/csv; charset=utf-8"
FILE = {200: {"content": {"text/csv": {"schema": {"type": "string"}},
                          "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
              "description": "the plan file exactly as submitted"}}


def _fmt(request: Request, fmt: str | None) -> str:
    if fmt:
        return fmt
    return "csv" if "text/csv" in request.headers.get("accept", "") else "json"


def _csv(cols: list[str], rows: list[dict], footer: str = "") -> bytes:
    from hague.export import render

    return render([(c, c, "") for c in cols], rows, fmt="csv", footer=footer).encode("utf-8")


def _cached(request: Request, body: bytes, media: str, etag: str) -> Response:
    """The stored bytes (or their gzip, made once) with their ETag, or 304 (:mod:`hague.web.conditional`)."""
    return cached_response(request, body, media, etag, CACHE)


def _dumps(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


@router.get("/ping", summary="Trivial endpoint (health and benchmark baseline)", tags=["meta"])
async def ping() -> dict:
    return {"ok": True}


# --- public data ----------------------------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _status_body(year: int | None, edition: str, sort: str | None, order: str | None, fmt: str) -> tuple[bytes, str, str]:
    st = services.status(year, edition)
    desc = None if order is None else order == "desc"
    rows = services.sorted_rows(st["rows"], sort, desc)
    etag = services.etag_for("status", st["year"], edition, st["provenance"]["edition"], sort, order, fmt)
    if fmt == "csv":  # the Result's CSV: the same bytes as `hague status --format csv` (with --sort)
        from hague.models.status import status_result

        r = status_result(year, edition=edition)
        return services.result_csv(r.sorted(sort, descending=desc) if sort else r), CSV_MEDIA, etag
    return _dumps({**st, "rows": rows}), "application/json", etag


class _StatusQuery(BaseModel):
    """The query of ``GET /status``, validated by one pydantic model (see :func:`status`)."""

    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1])
    edition: str | None = Field(None, min_length=1, max_length=60,
                                description="dataset id or edition name, e.g. 2026 or NATO-2025 "
                                            "(default: hague.data.DEFAULT_DATASET)")
    sort: str | None = Field(None, max_length=40, description="column to sort allies by")
    order: Literal["asc", "desc"] | None = None
    format: Fmt | None = None


def _query_parameters(model: type[BaseModel]) -> list[dict]:
    """OpenAPI parameters for a query model (the route reads its query itself)."""
    schema = model.model_json_schema()
    return [{"name": k, "in": "query", "required": False, "schema": v,
             **({"description": v["description"]} if "description" in v else {})}
            for k, v in schema["properties"].items()]


@router.get("/status", response_model=S.StatusPublic, responses={**ERR, **CSV}, tags=["data"],
            summary="Every ally vs 2% / 3.5% in one year, with alliance totals",
            openapi_extra={"parameters": _query_parameters(_StatusQuery)})
async def status(request: Request):
    # The busiest public endpoint reads its query with one model instead of FastAPI's per-parameter dependency
    # solving (about two thirds of a cached request's time; benchmarks/web.py): same constraints, same 422 body.
    try:
        q = _StatusQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None
    edition = resolve_edition(q.edition)
    body, media, etag = _status_body(q.year, edition, q.sort, q.order, _fmt(request, q.format))
    return _cached(request, body, media, etag)


@router.get("/allies", responses=CSV, response_model=S.AlliesPublic, tags=["data"], summary="The 32 allies")
async def allies(request: Request, format: Fmt | None = None):
    items = services.allies()
    etag = services.etag_for("allies", _fmt(request, format))
    if _fmt(request, format) == "csv":  # the Result's CSV: the same bytes as `hague allies --format csv`
        from hague.models.datatables import allies_result

        return _cached(request, services.result_csv(allies_result()), CSV_MEDIA, etag)
    return _cached(request, _dumps({"items": items, "total": len(items), "provenance": _allies_provenance()}),
                   "application/json", etag)


def _allies_provenance() -> dict:
    from hague.data import provenance

    m = provenance("allies")
    return {k: " ".join(str(m.get(k, "")).split()) for k in ("producer", "title", "edition", "url", "licence",
                                                             "attribution")}


@router.get("/allies/{code}", response_model=S.AllyHistoryPublic, responses={**ERR, **CSV}, tags=["data"],
            summary="One ally's history (share of GDP, spending), with estimates flagged")
async def ally(request: Request, code: Annotated[str, Path(min_length=1, max_length=60)],
               edition: Edition = None, format: Fmt | None = None):
    edition = resolve_edition(edition)
    h = services.ally_history(code, edition)
    fmt = _fmt(request, format)
    etag = services.etag_for("ally", h["ally"]["iso3"], edition, h["provenance"]["edition"], fmt)
    if fmt == "csv":  # the Result's CSV (every indicator): the same bytes as `hague ally X --format csv`
        from hague.models.datatables import ally_result

        return _cached(request, services.result_csv(ally_result(h["ally"]["iso3"], edition=edition)), CSV_MEDIA,
                       etag)
    return _cached(request, _dumps(h), "application/json", etag)


@router.get("/indicators", response_model=S.IndicatorsPublic, responses={**ERR, **CSV}, tags=["data"],
            summary="Indicators of a dataset with units, price bases and years")
async def indicators(request: Request, edition: Edition = None, format: Fmt | None = None):
    edition = resolve_edition(edition)
    items = services.indicators(edition)
    fmt = _fmt(request, format)
    etag = services.etag_for("indicators", edition, fmt)
    if fmt == "csv":  # no Result behind this list: one row per indicator, its years as first and last
        rows = [{"indicator": i["indicator"], "unit": i["unit"], "price_basis": i["price_basis"],
                 "first_year": i["years"][0], "last_year": i["years"][1], "allies": i["allies"]} for i in items]
        return _cached(request, _csv(list(rows[0]), rows, services.provenance_of(edition)["attribution"]),
                       CSV_MEDIA, etag)
    return _cached(request, _dumps({"items": items, "total": len(items), "provenance": services.provenance_of(edition)}),
                   "application/json", etag)


@router.get("/observations", response_model=S.ObservationsPage, responses={**ERR, **CSV}, tags=["data"],
            summary="The dataset's values in long format (paginated, filterable)")
async def observations(request: Request, edition: Edition = None,
                       ally: Annotated[str | None, Query(max_length=60)] = None,
                       indicator: Annotated[str | None, Query(max_length=120)] = None,
                       year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
                       limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                       offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0, format: Fmt | None = None):
    edition = resolve_edition(edition)
    items, total = services.observations(edition, ally=ally, indicator=indicator, year=year, limit=limit,
                                         offset=offset)
    fmt = _fmt(request, format)
    etag = services.etag_for("obs", edition, ally, indicator, year, limit, offset, fmt)
    prov = services.provenance_of(edition)
    if fmt == "csv":
        cols = list(S.ObservationPublic.model_fields)
        return _cached(request, _csv(cols, items, prov["attribution"]), "text/csv; charset=utf-8", etag)
    return _cached(request, _dumps({"items": items, "total": total, "limit": limit, "offset": offset,
                                    "provenance": prov}), "application/json", etag)


@lru_cache(maxsize=256)
def _check_body(year, edition, commitment, ally, fmt) -> tuple[bytes, str, str]:
    c = services.check(year, edition, commitment, ally)
    etag = services.etag_for("check", c["year"], edition, c["edition"], commitment, ally, fmt)
    if fmt == "csv":  # the Result's CSV: the same bytes as `hague check --format csv`
        return services.result_csv(services.check_of(year, edition, commitment, ally)), CSV_MEDIA, etag
    return _dumps(c), "application/json", etag


@router.get("/check", response_model=S.CheckPublic, responses={**ERR, **CSV}, tags=["data"],
            summary="Every ally against each commitment and national target: status, gaps, required pace")
async def check(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
                edition: Edition = None,
                commitment: Annotated[str | None, Query(max_length=80, description="e.g. hague-2025, "
                                                        "hague-2025.core, national, national.DEU")] = None,
                ally: Annotated[str | None, Query(max_length=200, description="ISO3 codes, comma-separated")] = None,
                format: Fmt | None = None):
    edition = resolve_edition(edition)
    body, media, etag = _check_body(year, edition, commitment, ally, _fmt(request, format))
    return _cached(request, body, media, etag)


def _json_cached(request: Request, tag: str, obj: dict | list, *parts) -> Response:
    return _cached(request, _dumps(obj), "application/json", services.etag_for(tag, *parts))


@router.get("/path/{code}", response_model=S.PathPublic, responses={**ERR, **CSV}, tags=["projections"],
            summary="One ally's year-by-year budget on a path to a share of GDP by a year (hague path)")
async def path(request: Request, code: Annotated[str, Path(min_length=1, max_length=60)],
               target: Annotated[float | None, Query(ge=0.5, le=10)] = None,
               by: Annotated[int | None, Query(ge=2026, le=2050)] = None,
               shape: Literal["linear", "front", "back"] = "linear", edition: Edition = None,
               format: Fmt | None = None):
    edition = resolve_edition(edition)
    target, by = thresholds.core(target), thresholds.by(by)  # 3.5 by 2035 unless asked: the rule tree's
    p = services.path(code, target, by, shape, edition)
    if _fmt(request, format) == "csv":  # the Result's CSV: the same bytes as `hague path X --format csv`
        return _cached(request, services.result_csv(services.path_of(code, target, by, shape, edition)), CSV_MEDIA,
                       services.etag_for("path-csv", p["ally"], target, by, shape, edition))
    return _json_cached(request, "path", p, p["ally"], target, by, shape, edition)


@router.get("/fiscal/{code}", response_model=S.FiscalPublic, responses={**ERR, **CSV}, tags=["projections"],
            summary="Fiscal space on one ally's path: extra spending as a share of government revenue and "
                    "expenditure, next to the IMF's debt and deficit paths (hague path --fiscal)")
async def fiscal(request: Request, code: Annotated[str, Path(min_length=1, max_length=60)],
                 target: Annotated[float | None, Query(ge=0.5, le=10)] = None,
                 by: Annotated[int | None, Query(ge=2026, le=2050)] = None,
                 shape: Literal["linear", "front", "back"] = "linear", edition: Edition = "nato-2026",
                 format: Fmt | None = None):
    target, by = thresholds.core(target), thresholds.by(by)
    f = services.fiscal(code, target, by, shape, edition)
    if _fmt(request, format) == "csv":  # the Result's CSV: `hague path X --fiscal --format csv`
        return _cached(request, services.result_csv(services.fiscal_of(code, target, by, shape, edition)),
                       CSV_MEDIA, services.etag_for("fiscal-csv", f["ally"], target, by, shape, edition))
    return _json_cached(request, "fiscal", f, f["ally"], target, by, shape, edition)


@router.get("/simulate", response_model=S.SimulatePublic, responses={**ERR, **CSV}, tags=["projections"],
            summary="Monte Carlo fan of one ally's share of GDP to 2035 (bounded draws, fixed seed: reproducible)")
async def simulate(request: Request, ally: Annotated[str, Query(min_length=1, max_length=60)],
                   draws: Annotated[int, Query(ge=256, le=services.MAX_WEB_DRAWS)] = 2048,
                   seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 20250625,
                   scenario: Literal["plans", "trend", "target"] = "plans", edition: Edition = None,
                   format: Fmt | None = None):
    """JSON: the central path, the fan and the probabilities, rounded by the simulation Result's column specs.
    CSV: the probability table, the same bytes as ``hague simulate --ally X --format csv``."""
    from hague.allies import resolve

    edition, code = resolve_edition(edition), resolve(ally).iso3
    client = request.client.host if request.client else ""
    if _fmt(request, format) == "csv":
        body = await request.app.state.simulations.run(client, services.simulate_csv,
                                                       (code, draws, seed, scenario, edition, "csv"))
        return _cached(request, body, CSV_MEDIA,
                       services.etag_for("simulate-csv", code, draws, seed, scenario, edition))
    r = await request.app.state.simulations.run(client, services.simulate, (code, draws, seed, scenario, edition))
    return _json_cached(request, "simulate", r, r["ally"], draws, seed, scenario, edition)


@router.get("/burden", response_model=S.BurdenPublic, responses={**ERR, **CSV}, tags=["burden"],
            summary="Burden sharing: each ally's share of alliance spending vs its share of GDP and population")
async def burden(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
                 edition: Edition = None, format: Fmt | None = None):
    edition = resolve_edition(edition)
    b = services.burden(year, edition)
    if _fmt(request, format) == "csv":  # the Result's CSV: the same bytes as `hague burden --format csv`
        from hague.models.burden import burden_result

        return _cached(request, services.result_csv(burden_result(year, edition=edition)), CSV_MEDIA,
                       services.etag_for("burden-csv", b["year"], edition))
    return _json_cached(request, "burden", b, b["year"], edition)


@lru_cache(maxsize=64)
def _related_body(year: int | None, edition: str, fmt: str) -> tuple[bytes, str, str]:
    from hague.render import render
    from hague.rules.five_percent import five_percent, related_result

    five = five_percent(year, edition=edition)
    etag = services.etag_for("related", five.meta["year"], edition, fmt)
    if fmt == "csv":
        return render(five, "csv").encode("utf-8"), "text/csv; charset=utf-8", etag
    claims = related_result()
    doc = {"year": five.meta["year"], "lines": five.meta["lines"], "five_percent": five.to_dict(),
           "claims": claims.to_dict(), "statement": claims.notes[0]}
    return _dumps(doc), "application/json", etag


@router.get("/related", responses={**ERR, **CSV}, tags=["data"],
            summary="The 5%: core (NATO) + related spending claimed by each ally, and the related-spending ledger")
async def related(request: Request, year: Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1])] = None,
                  edition: Edition = None, format: Fmt | None = None):
    """NATO publishes no related (1.5%) figures and no reporting rules: ``statement`` says so, ``claims`` lists
    what allies have said (category, claim, evidence grade, source) and ``five_percent`` has one row per ally.
    CSV: the five-percent table."""
    edition = resolve_edition(edition)
    body, media, etag = _related_body(year, edition, _fmt(request, format))
    return _cached(request, body, media, etag)


@router.get("/targets", response_model=S.ListPublic, responses=CSV, tags=["capabilities"],
            summary="Capability targets as publicly stated (each with date, confidence, sources)")
async def targets(request: Request, format: Fmt | None = None):
    from hague.models.catalog import catalog_source, targets_result

    if _fmt(request, format) == "csv":  # the Result's CSV: the same bytes as `hague targets --format csv`
        return _cached(request, services.result_csv(targets_result()), CSV_MEDIA, services.etag_for("targets-csv"))
    items = services.targets()
    return _json_cached(request, "targets", {"items": items, "total": len(items),
                                             "sources": [catalog_source("targets").to_dict()]})


@router.get("/compare", response_model=S.ListPublic, responses={**ERR, **CSV}, tags=["capabilities"],
            summary="Adversary and allied production estimates of one topic (e.g. ammunition)")
async def compare(request: Request, topic: Annotated[str, Query(min_length=1, max_length=40)] = "ammunition",
                  format: Fmt | None = None):
    from hague.models.adversary import estimates_result
    from hague.models.catalog import catalog_source

    if _fmt(request, format) == "csv":  # the Result's CSV: `hague compare TOPIC --view estimates --format csv`
        return _cached(request, services.result_csv(estimates_result(topic)), CSV_MEDIA,
                       services.etag_for("compare-csv", topic))
    items = services.compare(topic)
    return _json_cached(request, "compare", {"items": items, "total": len(items),
                                             "sources": [catalog_source("adversary").to_dict()]}, topic)


@router.get("/sources", responses=CSV, response_model=S.SourcesPublic, tags=["data"],
            summary="Every embedded dataset: producer, edition, URL, licence, processing")
async def sources(request: Request, format: Fmt | None = None):
    items = services.sources()
    fmt = _fmt(request, format)
    etag = services.etag_for("sources", fmt)
    if fmt == "csv":  # the Result's CSV: the same bytes as `hague sources --format csv`
        from hague.models.datatables import sources_result

        return _cached(request, services.result_csv(sources_result()), CSV_MEDIA, etag)
    return _cached(request, _dumps({"items": items, "total": len(items)}), "application/json", etag)


# --- plan registry --------------------------------------------------------------------------------------------------
Who = Annotated[Principal, Depends(api_user)]  # signed in (401 before the body is looked at)
Writer = Annotated[Principal, Depends(api_writer)]  # signed in and allowed to write
Reg = Annotated[Registry, Depends(get_registry)]


def _decode(p: S.PlanCreate) -> bytes:
    if p.encoding == "base64":
        try:
            return base64.b64decode(p.content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise PlanRejected("content is not valid base64",
                               [{"row": None, "column": "content", "message": "not valid base64"}]) from exc
    return p.content.encode("utf-8")


@router.get("/plans/summary", response_model=S.PlansSummary, responses=CSV, tags=["plans"],
            summary="Alliance aggregate of the latest submitted plans (public)")
def plans_summary(request: Request, reg: Reg, format: Fmt | None = None):
    s = reg.public_summary()
    if _fmt(request, format) == "csv":  # no Result: one row per verdict of the latest plans
        rows = [{"verdict": v, "allies": n} for v, n in sorted(s["latest_plans_by_verdict"].items())]
        footer = (f"{s['allies_with_a_plan']} allies with a plan; {s['submissions_total']} submissions in all "
                  "(hague plans registry)")
        return Response(_csv(["verdict", "allies"], rows, footer), media_type=CSV_MEDIA)
    return s


@router.get("/plans/submissions", response_model=S.SubmissionsPage, responses=AUTH_ERR, tags=["plans"],
            summary="Submitted plans, newest first (signed-in users)")
def list_submissions(who: Who, reg: Reg, ally: Annotated[str | None, Query(max_length=60)] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100,
                     offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    items, total = reg.list_submissions(who, ally=ally, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/plans/submissions/{submission_id}", response_model=S.SubmissionDetail, responses=AUTH_ERR,
            tags=["plans"], summary="One submission with its assessment and the diff against the previous one")
def get_submission(submission_id: Id, who: Who, reg: Reg):
    return reg.get_submission(who, submission_id)


@router.get("/plans/submissions/{submission_id}/file", responses={**AUTH_ERR, **FILE}, tags=["plans"],
            summary="The plan file exactly as submitted")
def get_submission_file(submission_id: Id, who: Who, reg: Reg):
    name, content = reg.get_submission_file(who, submission_id)
    media = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{_safe_name(name)}"'})


@router.post("/plans/submissions/{submission_id}/reviews", response_model=S.ReviewPublic, status_code=201,
             responses=AUTH_ERR, tags=["plans"], summary="Record alliance staff's review of a submission (admins)")
def add_review(submission_id: Id, body: S.ReviewCreate, who: Writer, reg: Reg):
    return reg.add_review(who, submission_id, body.outcome, body.comment)


def _safe_name(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c in "._-")[:100] or "plan"


@router.post("/plans/{ally}/submissions", response_model=S.SubmissionDetail, status_code=201, responses=AUTH_ERR,
             tags=["plans"], summary="Submit a plan (immutable, versioned, assessed); idempotent with client_ref")
def submit(ally: str, body: S.PlanCreate, who: Writer, reg: Reg):
    out = reg.submit(who, ally, body.filename, _decode(body), client_ref=body.client_ref)
    return JSONResponse(out, status_code=200 if out["replayed"] else 201)


@router.post("/plans/{ally}/submissions/upload", response_model=S.SubmissionDetail, status_code=201,
             responses=AUTH_ERR, tags=["plans"], summary="Submit a plan file (multipart upload: CSV, XLSX or YAML)")
def submit_upload(ally: str, who: Writer, reg: Reg, file: Annotated[UploadFile, File()],
                  client_ref: Annotated[str | None, Form(max_length=100)] = None):
    content = file.file.read(reg.settings.max_upload_bytes + 1)
    out = reg.submit(who, ally, file.filename or "plan.csv", content, client_ref=client_ref or None)
    return JSONResponse(out, status_code=200 if out["replayed"] else 201)


@router.get("/plans/drafts", response_model=list[S.DraftPublic], responses=AUTH_ERR, tags=["plans"],
            summary="Drafts you may see (your ally's; admins: all)")
def list_drafts(who: Who, reg: Reg, ally: Annotated[str | None, Query(max_length=60)] = None):
    return reg.list_drafts(who, ally)


@router.post("/plans/{ally}/drafts", response_model=S.DraftPublic, status_code=201, responses=AUTH_ERR,
             tags=["plans"], summary="Save a draft plan")
def create_draft(ally: str, body: S.PlanCreate, who: Writer, reg: Reg):
    return reg.create_draft(who, ally, body.filename, _decode(body))


@router.get("/plans/drafts/{draft_id}", response_model=S.DraftPublic, responses=AUTH_ERR, tags=["plans"])
def get_draft(draft_id: Id, who: Who, reg: Reg):
    return reg.get_draft(who, draft_id)


@router.put("/plans/drafts/{draft_id}", response_model=S.DraftPublic, responses=AUTH_ERR, tags=["plans"])
def update_draft(draft_id: Id, body: S.DraftUpdate, who: Writer, reg: Reg):
    return reg.update_draft(who, draft_id, body.filename, _decode(body))


@router.delete("/plans/drafts/{draft_id}", status_code=204, responses=AUTH_ERR, tags=["plans"])
def delete_draft(draft_id: Id, who: Writer, reg: Reg):
    reg.delete_draft(who, draft_id)
    return Response(status_code=204)


@router.post("/plans/drafts/{draft_id}/submit", response_model=S.SubmissionDetail, status_code=201,
             responses=AUTH_ERR, tags=["plans"], summary="Submit a draft (the draft is removed)")
def submit_draft(draft_id: Id, who: Writer, reg: Reg):
    return reg.submit_draft(who, draft_id)


# --- accounts -------------------------------------------------------------------------------------------------------
@router.get("/tokens", response_model=list[S.TokenPublic], responses=AUTH_ERR, tags=["accounts"])
def list_tokens(who: Who, reg: Reg):
    return reg.list_tokens(who)


@router.post("/tokens", response_model=S.TokenCreated, status_code=201, responses=AUTH_ERR, tags=["accounts"],
             summary="Create another API token for yourself (the secret is shown once)")
def create_token(body: S.TokenCreate, who: Writer, reg: Reg):
    tok, pub = reg.create_token(who, body.name)
    return {**pub, "token": tok}


@router.delete("/tokens/{token_id}", response_model=S.TokenPublic, responses=AUTH_ERR, tags=["accounts"],
               summary="Revoke a token (yours; admins: any)")
def revoke_token(token_id: Id, who: Who, reg: Reg):  # revoking stays allowed: it only takes access away
    return reg.revoke_token(who, token_id)


@router.get("/users", response_model=list[S.UserPublic], responses=AUTH_ERR, tags=["accounts"])
def list_users(who: Who, reg: Reg):
    return reg.list_users(who)


@router.post("/users", response_model=S.UserPublic, status_code=201, responses=AUTH_ERR, tags=["accounts"])
def create_user(body: S.UserCreate, who: Writer, reg: Reg):
    return reg.create_user(who, body.username, body.password, body.role, body.ally)


@router.patch("/users/{username}", response_model=S.UserPublic, responses=AUTH_ERR, tags=["accounts"],
              summary="Deactivate/reactivate or reset the password (revokes sessions and tokens)")
def update_user(username: str, body: S.UserUpdate, who: Writer, reg: Reg):
    return reg.update_user(who, username, active=body.active, password=body.password)


@router.get("/audit", response_model=S.AuditPage, responses=AUTH_ERR, tags=["audit"], summary="Audit log (admins)")
def audit_log(who: Who, reg: Reg, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
              offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    items, total = reg.audit_log(who, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/audit/verify", response_model=S.AuditVerifyPublic, responses=AUTH_ERR, tags=["audit"],
            summary="Recompute the audit chain (admins)")
def audit_verify(who: Who, reg: Reg):
    r = reg.verify_audit(who)
    return {"ok": r.ok, "entries": r.entries, "submissions_checked": r.submissions_checked, "head_hash": r.head_hash,
            "problems": r.problems}


# --- the dossier and the claim checker (issue 21) -----------------------------------------------------------------


@router.get("/dossier/{code}", responses=ERR, tags=["projections"],
            summary="One ally's dossier for the 2029 review (every section's Results, manifest, what-ifs)")
async def dossier(request: Request, code: Annotated[str, Path(min_length=1, max_length=60)],
                  draws: Annotated[int, Query(ge=1000, le=services.MAX_WEB_DRAWS)] = services.MAX_WEB_DRAWS,
                  seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 20250625, edition: Edition = None,
                  without_ukraine_aid: bool = False,
                  related_cap: Annotated[float | None, Query(ge=0, le=5)] = None,
                  weo: Annotated[str | None, Query(max_length=20)] = None,
                  recession: Annotated[int | None, Query(ge=1949, le=2100)] = None,
                  cost_growth: Annotated[str | None, Query(max_length=20)] = None):
    """The same document as ``hague dossier ALLY --format json``: sections of Results (columns, rows rounded by
    their column specs, provenance, notes), charts as data, the sources and the manifest (seed, draws, toggles,
    dataset sha256, rule-tree hash, sha256 of every number)."""
    from hague.allies import resolve

    edition, code = resolve_edition(edition), resolve(code).iso3
    toggles = tuple((k, v) for k, v in (("without_ukraine_aid", without_ukraine_aid or None),
                                        ("related_cap", related_cap), ("weo", weo), ("recession", recession),
                                        ("cost_growth", cost_growth)) if v is not None)
    client = request.client.host if request.client else ""
    r = await request.app.state.simulations.run(client, services.dossier, (code, draws, seed, toggles, edition))
    return _json_cached(request, "dossier", r["doc"], code, draws, seed, toggles, edition)


@router.get("/verify", responses=ERR, tags=["data"],
            summary="Check a published claim against every NATO edition, SIPRI (imported) and national budgets")
async def verify(request: Request, claim: Annotated[str | None, Query(min_length=3, max_length=500)] = None,
                 ally: Annotated[str | None, Query(min_length=1, max_length=60)] = None,
                 year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
                 value: Annotated[float | None, Query(allow_inf_nan=False)] = None,
                 unit: Annotated[str | None, Query(max_length=20)] = None,
                 price_basis: Literal["current", "constant_2021"] = "current"):
    """``verdict`` (match, close, mismatch, cannot verify), ``reasons``, the claim as read, and ``result``: one row
    per source consulted (edition, basis, value, whether it agrees, link) with the sources' provenance."""
    out = services.verify_claim(claim, ally, year, value, unit, price_basis)
    out.pop("_result")
    return _json_cached(request, "verify", out, claim, ally, year, value, unit, price_basis)
