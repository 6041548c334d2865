"""Money against delivery on the web: ``/api/v1/delivery/...`` (JSON or CSV) and the pages ``/delivery`` and
``/delivery/{capability}`` (orders against deliveries over time, with the target the area serves).

Every route renders a :class:`hague.results.Result` built by :mod:`hague.models.money_delivery`: JSON is
``result.to_dict()`` (rows rounded by their column specs, with columns, sources and notes), CSV is the CSV renderer,
the pages loop over ``result.columns``. A SIPRI or Kiel file that is not imported is a 404 naming the import
command (API) or a page that says so; bad input is a one-line 400/404, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from hague.models.money_delivery import (
    capabilities,
    capability_history,
    delivery_result,
    dependence_result,
    exporters_result,
    investment_result,
    sources_result,
    sweden_nowcast_result,
    systems_result,
    ukraine_result,
)
from hague.models.money_delivery import (
    systems as headline_systems,
)
from hague.sources.delivery_store import NotImportedError

api = APIRouter(prefix="/api/v1/delivery", tags=["delivery"])
pages = APIRouter(include_in_schema=False)

Fmt = Literal["json", "csv"]
Ally = Annotated[str | None, Query(min_length=1, max_length=60, description="ally code or name, e.g. POL")]
Capability = Annotated[str | None, Query(min_length=1, max_length=40,
                                         description="capability area, e.g. air-missile-defence")]
System = Annotated[str | None, Query(min_length=1, max_length=40, description="headline system, e.g. f-35")]
Year = Annotated[int | None, Query(ge=1949, le=2100)]
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
             "description": "JSON (the Result: title, columns, rows, provenance, notes); CSV with ?format=csv"},
       400: {"description": "an unknown capability, system or year (one line in 'detail')"},
       404: {"description": "the SIPRI or Kiel file this needs is not imported, or an unknown ally"},
       406: {"description": "a format other than json or csv (detail and errors, as every API error)"}}


def _answer(request: Request, fn, *args, format: str | None = None, **kw) -> Response:
    from hague.render import render

    try:
        res = fn(*args, **kw)
    except NotImportedError as exc:
        return JSONResponse({"detail": str(exc), "errors": []}, status_code=404)
    want = format or ("csv" if "text/csv" in request.headers.get("accept", "") else "json")
    headers = {"Cache-Control": "public, max-age=600", "Vary": "Accept"}
    if want == "csv":
        return Response(render(res, "csv"), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(res.to_dict(), headers=headers)


@api.get("", responses=CSV, summary="Orders, deliveries and what is to come, by capability, ally or system (SIPRI)")
def ledger(request: Request, ally: Ally = None, capability: Capability = None, system: System = None,
                 format: Fmt | None = None):
    """The capability ledger from SIPRI's trade register (``hague delivery``): no parameter = one row per capability
    area; ``ally`` = that ally's areas; ``capability`` = one row per ally; both = one row per system; ``system``
    (f-35, pac-3-mse, ...) = one row per ally with the pace in the notes."""
    return _answer(request, delivery_result, ally, capability, system=system, format=format)


@api.get("/systems", responses=CSV, summary="Headline systems (F-35, PAC-3 MSE, ...): ordered, delivered, the pace")
def systems(request: Request, format: Fmt | None = None):
    return _answer(request, systems_result, format=format)


@api.get("/history", responses=CSV, summary="Ordered and delivered per year, with running totals and the target")
def history(request: Request, capability: Capability = None, ally: Ally = None, system: System = None,
                  start: Annotated[int, Query(ge=1950, le=2030)] = 2000, format: Fmt | None = None):
    return _answer(request, capability_history, capability, ally=ally, system=system, start=start, format=format)


@api.get("/investment", responses=CSV, summary="Eurostat P51G defence investment against NATO equipment expenditure")
def investment(request: Request, year: Year = None, format: Fmt | None = None):
    return _answer(request, investment_result, year, format=format)


@api.get("/ukraine", responses=CSV, summary="Kiel Ukraine allocations per ally and year beside NATO's core share")
def ukraine(request: Request, ally: Ally = None, year: Year = None, format: Fmt | None = None):
    return _answer(request, ukraine_result, ally, year, format=format)


@api.get("/dependence", responses=CSV, summary="Suppliers' shares of the allies' arms imports, US share, HHI")
def dependence(request: Request, ally: Ally = None, start: Annotated[int, Query(ge=1950, le=2030)] = 2015,
                     end: Annotated[int, Query(ge=1950, le=2030)] = 2025, format: Fmt | None = None):
    return _answer(request, dependence_result, ally, start=start, end=end, format=format)


@api.get("/exporters", responses=CSV, summary="Russia's and China's arms exports per year (and the US')")
def exporters(request: Request, start: Annotated[int, Query(ge=1950, le=2030)] = 2015,
                    end: Annotated[int, Query(ge=1950, le=2030)] = 2025, format: Fmt | None = None):
    return _answer(request, exporters_result, start=start, end=end, format=format)


@api.get("/sweden", responses=CSV, summary="Sweden's monthly outturn so far this year against last year and budget")
def sweden(request: Request, year: Year = None, format: Fmt | None = None):
    return _answer(request, sweden_nowcast_result, year, format=format)


@api.get("/sources", responses=CSV, summary="The delivery datasets shipped and imported (kind, edition, licence, sha256)")
def sources(request: Request, format: Fmt | None = None):
    return _answer(request, sources_result, format=format)


# --- pages ------------------------------------------------------------------------------------------------------------

def _page(request: Request, template: str, ctx: dict) -> HTMLResponse:
    from hague.web.routes.pages import render

    return render(request, template, ctx)


def _chart(h, variant: str) -> str:
    from hague.web.charts import line_chart

    units = bool(h.meta.get("system"))
    o, d = ("ordered_cum", "delivered_cum") if units else ("tiv_order_cum", "tiv_delivered_cum")
    series = [{"label": "Ordered to date", "points": [(r["year"], r[o], False) for r in h.rows], "style": "data"},
              {"label": "Delivered to date", "points": [(r["year"], r[d], False) for r in h.rows], "style": "data",
               "colour": "#c55a11"}]
    return line_chart(series, title=h.title, unit="units" if units else "SIPRI TIV million", variant=variant,
                      decimals=0)


@pages.get("/delivery", response_class=HTMLResponse)
def delivery_index(request: Request):
    try:
        caps, syss = delivery_result(), systems_result()
    except NotImportedError as exc:
        return _page(request, "delivery.html", {"missing": str(exc), "capabilities": capabilities()})
    return _page(request, "delivery.html", {"caps": caps, "syss": syss, "capabilities": capabilities(),
                                            "missing": None})


@pages.get("/delivery/{key}", response_class=HTMLResponse)
def delivery_capability(request: Request, key: Annotated[str, Path(min_length=1, max_length=40)]):
    """One page per capability area (or headline system): orders against deliveries over time, with the target."""
    is_system = key.lower() in {s["key"] for s in headline_systems()}
    kw = {"system": key} if is_system else {"capability": key}
    try:
        h = capability_history(start=2000, **kw)
        table = delivery_result(**kw)
    except NotImportedError as exc:
        return _page(request, "delivery.html", {"missing": str(exc), "capabilities": capabilities()})
    return _page(request, "delivery_capability.html", {
        "h": h, "table": table, "key": key.lower(), "is_system": is_system, "capabilities": capabilities(),
        "wide": _chart(h, "wide"), "narrow": _chart(h, "narrow"),
        "query": ("system=" if is_system else "capability=") + key.lower()})
