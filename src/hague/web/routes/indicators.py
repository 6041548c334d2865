"""Chart data in Our World in Data's manner: ``/api/v1/indicators/{indicator}.csv``, ``.json`` and
``.metadata.json``, filtered with ``allies=POL~DEU``, ``time=2014..2026`` and ``edition=``.

The rows come from :func:`hague.models.indicators.indicator_result` (a Result: the CSV is its CSV, the JSON its
document, figures rounded by its column spec); the metadata from :func:`hague.models.indicators.indicator_metadata`.
The dashboard's chart-data CSV links point here for the charts that draw one indicator.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from hague.data import resolve_edition
from hague.models.indicators import indicator_metadata, indicator_result, parse_allies, parse_time
from hague.web import schemas as S
from hague.web import services

router = APIRouter(prefix="/api/v1", tags=["chart data"])

ERR = {400: {"model": S.ErrorPublic}, 404: {"model": S.ErrorPublic}, 422: {"model": S.ErrorPublic}}
CACHE = "public, max-age=3600"

Indicator = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[a-z0-9_|]+$",
                                description="indicator as in /api/v1/indicators, e.g. "
                                            "core_defence_expenditure_share_gdp")]
Allies = Annotated[str | None, Query(max_length=400, description="allies separated by ~ (OWID) or commas, codes or "
                                                                 "names, e.g. POL~DEU (default: every ally)")]
Time = Annotated[str | None, Query(max_length=40, description="YEAR, FIRST..LAST, earliest..LAST or FIRST..latest, "
                                                              "e.g. 2014..2026 (default: every year)")]
Edition = Annotated[str | None, Query(min_length=1, max_length=60,
                                      description="dataset id, edition name or NATO year, e.g. 2026 or NATO-2025")]
Unit = Annotated[str | None, Query(min_length=1, max_length=60,
                                   description="unit, for indicators published in several, e.g. USD million")]
Basis = Annotated[str | None, Query(min_length=1, max_length=40,
                                    description="price basis, e.g. current or constant_2021")]


class ChartDataPublic(BaseModel):
    title: str
    columns: list[dict]
    rows: list[dict]
    provenance: dict
    notes: list[str] = Field(default_factory=list)
    meta: dict = Field(default_factory=dict)


class IndicatorMetadataPublic(BaseModel):
    indicator: str
    title: str
    unit: str
    unit_base: str
    price_basis: str
    decimals: int | None
    description: str
    source: dict
    edition: str
    licence: str
    citation: str
    years: list[int]
    allies: list[str]
    estimates: str
    columns: list[dict]


def _result(indicator: str, allies: str | None, time: str | None, edition: str | None, unit: str | None,
            price_basis: str | None):
    from hague.data import dataset

    ds = dataset(resolve_edition(edition))
    return indicator_result(indicator, allies=parse_allies(allies), years=parse_time(time, ds.years()),
                            edition=edition, unit=unit, price_basis=price_basis)


def _respond(request: Request, body: bytes, media: str, etag: str, filename: str | None = None) -> Response:
    from hague.web.conditional import cached_response

    r = cached_response(request, body, media, etag, CACHE)
    r.headers["Access-Control-Allow-Origin"] = "*"  # public chart data, readable from any page
    if filename and r.status_code == 200:
        r.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return r


def _stem(indicator: str) -> str:
    return "hague-" + indicator.replace("|", "-")


@router.get("/indicators/{indicator}.metadata.json", response_model=IndicatorMetadataPublic, responses=ERR,
            summary="An indicator's unit, description, source, edition, licence and citation")
async def indicator_meta(request: Request, indicator: Indicator, edition: Edition = None, unit: Unit = None,
                         price_basis: Basis = None):
    doc = indicator_metadata(indicator, edition=edition, unit=unit, price_basis=price_basis)
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    etag = services.etag_for("indicator-meta", indicator, resolve_edition(edition), unit, price_basis)
    return _respond(request, body, "application/json", etag)


@router.get("/indicators/{indicator}.csv", responses={**ERR, 200: {"content": {"text/csv": {"schema": {
    "type": "string"}}}, "description": "code, name, year, the indicator, estimate"}},
            summary="One indicator as chart data (CSV): allies x years", response_class=Response)
async def indicator_csv(request: Request, indicator: Indicator, allies: Allies = None, time: Time = None,
                        edition: Edition = None, unit: Unit = None, price_basis: Basis = None):
    from hague.render import render_csv

    res = _result(indicator, allies, time, edition, unit, price_basis)
    etag = services.etag_for("indicator-csv", indicator, res.meta, allies, time)
    return _respond(request, render_csv(res).encode("utf-8"), "text/csv; charset=utf-8", etag,
                    f"{_stem(indicator)}.csv")


@router.get("/indicators/{indicator}.json", response_model=ChartDataPublic, responses=ERR,
            summary="One indicator as chart data (JSON): rows, columns with unit and decimals, provenance")
async def indicator_json(request: Request, indicator: Indicator, allies: Allies = None, time: Time = None,
                         edition: Edition = None, unit: Unit = None, price_basis: Basis = None):
    res = _result(indicator, allies, time, edition, unit, price_basis)
    body = json.dumps(res.to_dict(), ensure_ascii=False, default=str).encode("utf-8")
    etag = services.etag_for("indicator-json", indicator, res.meta, allies, time)
    return _respond(request, body, "application/json", etag)
