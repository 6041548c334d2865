"""Pydantic schemas: one family per entity (Create / Update / Public), used by the API and its OpenAPI schema."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Provenance(BaseModel):
    dataset: str
    producer: str
    title: str
    edition: str
    url: str
    licence: str
    attribution: str


class ErrorPublic(BaseModel):
    detail: str
    errors: list[dict] = Field(default_factory=list, description="row/column/message of each problem in a plan file")


# --- public data --------------------------------------------------------------------------------------------------
class AllyPublic(BaseModel):
    iso3: str
    iso2: str
    nato_code: str | None = None
    name: str
    accession_year: int
    currency: str | None = None
    has_armed_forces: bool


class AlliesPublic(BaseModel):
    items: list[AllyPublic]
    total: int
    provenance: dict[str, str]


class StatusRow(BaseModel):
    code: str
    name: str
    share_gdp: float | None = Field(None, description="percent of GDP (constant 2021 prices)")
    spend_usd_bn: float | None = Field(None, description="USD billion, current prices and exchange rates")
    real_change: float | None = None
    equipment_share: float | None = None
    per_capita: float | None = None
    meets_2pct: bool | None = None
    meets_20pct: bool | None = None
    gap_35_pp: float | None = None
    gap_35_usd_bn: float | None = None
    note: str = ""
    kind: str = Field("ally", description="ally, or aggregate (computed by hague from the allies)")


class StatusPublic(BaseModel):
    year: int
    estimate: bool
    rows: list[StatusRow]
    aggregates: list[StatusRow]
    columns: dict[str, dict[str, str | int | None]] = Field(
        description="per column: header, unit, decimals (every face rounds to these), kind")
    footer: str
    provenance: Provenance


class HistoryPoint(BaseModel):
    year: int
    estimate: bool
    share_gdp: float | None = None
    spend_usd_m: float | None = None
    spend_usd_m_2021: float | None = None
    equipment_share: float | None = None


class AllyHistoryPublic(BaseModel):
    ally: AllyPublic
    history: list[HistoryPoint]
    note: str | None = None
    units: dict[str, str]
    provenance: Provenance


class IndicatorPublic(BaseModel):
    indicator: str
    unit: str
    price_basis: str
    years: list[int]
    allies: int


class IndicatorsPublic(BaseModel):
    items: list[IndicatorPublic]
    total: int
    provenance: Provenance


class ObservationPublic(BaseModel):
    ally: str
    year: int
    indicator: str
    unit: str
    price_basis: str
    estimate: bool
    value: float
    source: str
    edition: str


class ObservationsPage(BaseModel):
    items: list[ObservationPublic]
    total: int
    limit: int
    offset: int
    provenance: Provenance


class CheckRow(BaseModel):
    code: str
    name: str
    rule: str
    label: str | None = None
    unit: str | None = None
    target: str | None = None
    deadline: int | None = None
    year: int | None = None
    value: float | None = None
    status: str
    gap_pp: float | None = None
    gap_nc_m: float | None = None
    currency: str | None = None
    gap_usd_m: float | None = None
    required_pp_yr: float | None = None
    pace_pp_yr: float | None = None
    year_reached: int | None = None
    note: str = ""
    source: str | None = Field(None, description="URL of the commitment's or target's reference")


class CheckPublic(BaseModel):
    year: int
    estimate: bool
    rows: list[CheckRow]
    aggregates: list[CheckRow]
    not_evaluated: list[dict]
    footer: str
    provenance: Provenance


class PathPublic(BaseModel):
    ally: str
    name: str
    target: float
    by: int
    shape: str
    currency: str | None = None
    rows: list[dict]
    cumulative_extra_usd_2021: float | None = None
    footer: str
    provenance: Provenance


class FiscalPublic(BaseModel):
    ally: str
    name: str
    target: float
    by: int
    shape: str
    columns: list[dict]
    rows: list[dict]
    footer: str
    provenance: Provenance
    fiscal_provenance: Provenance


class SimulatePublic(BaseModel):
    ally: str
    name: str
    draws: int
    seed: int
    scenario: str
    fan: list[dict] = Field(description="per year: p5, p25, p50, p75, p95 of the share of GDP (%), and horizon "
                                        "(scored, or beyond the scored horizon)")
    probability: dict
    footer: str
    horizon_note: str = Field("", description="how far ahead the backtest scored these forecasts")
    provenance: Provenance


class BurdenPublic(BaseModel):
    year: int
    estimate: bool | None = None
    hhi: float | None = None
    rows: list[dict]
    groups: list[dict]
    source: str
    provenance: Provenance


class ListPublic(BaseModel):
    items: list[dict]
    total: int


class SourcePublic(BaseModel):
    id: str
    role: str
    producer: str
    title: str
    edition: str
    published: str
    url: str
    licence: str
    attribution: str
    coverage: str
    processing: str


class SourcesPublic(BaseModel):
    items: list[SourcePublic]
    total: int


# --- accounts -----------------------------------------------------------------------------------------------------
class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=12, max_length=1024)
    role: Literal["admin", "delegate"]
    ally: str | None = Field(None, min_length=2, max_length=40, description="ISO3 code; delegates only")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    active: bool | None = None
    password: str | None = Field(None, min_length=12, max_length=1024)


class UserPublic(BaseModel):
    id: int
    username: str
    role: str
    ally: str | None
    active: bool
    must_change_password: bool = False
    created_at: str


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("token", min_length=1, max_length=100)


class TokenPublic(BaseModel):
    id: int
    name: str
    prefix: str
    user: str
    created_at: str
    revoked_at: str | None


class TokenCreated(TokenPublic):
    token: str = Field(description="the secret, shown once; send as 'Authorization: Bearer <token>'")


# --- plans --------------------------------------------------------------------------------------------------------
class PlanCreate(BaseModel):
    """A plan file sent as JSON: CSV/YAML as text, XLSX base64-encoded."""

    model_config = ConfigDict(extra="forbid")
    filename: str = Field(min_length=5, max_length=200, pattern=r"^[^/\\]+\.(csv|xlsx|yaml|yml)$",
                          description="name with extension .csv, .xlsx, .yaml or .yml (decides the reader)")
    content: str = Field(min_length=1, description="file content: text, or base64 when encoding='base64'")
    encoding: Literal["text", "base64"] = "text"
    client_ref: str | None = Field(None, min_length=1, max_length=100,
                                   description="idempotency key: the same key again returns the stored submission")


class DraftUpdate(PlanCreate):
    client_ref: None = None


class DraftPublic(BaseModel):
    id: int
    ally: str
    plan_year: int | None
    filename: str
    created_at: str
    updated_at: str
    notes: list[str] | None = Field(None, description="how the file was read (encoding, delimiter, decimal commas)")


class SubmissionPublic(BaseModel):
    id: int
    ally: str
    plan_year: int
    version: int
    verdict: str
    filename: str
    content_sha256: str
    previous_id: int | None
    client_ref: str | None
    submitted_at: str
    review: str | None = Field(None, description="latest review outcome by alliance staff (lists only); "
                                                  "None: not reviewed yet")


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["accepted", "revision requested", "noted"]
    comment: str = Field("", max_length=4000)


class ReviewPublic(BaseModel):
    id: int
    reviewer: str
    outcome: str
    comment: str
    created_at: str


class SubmissionDetail(SubmissionPublic):
    plan: dict
    assessment: dict
    replayed: bool | None = None
    notes: list[str] | None = Field(None, description="how the file was read (encoding, delimiter, decimal commas)")
    diff: list[dict] | None = None
    previous: SubmissionPublic | None = None
    reviews: list[ReviewPublic] | None = None


class SubmissionsPage(BaseModel):
    items: list[SubmissionPublic]
    total: int
    limit: int
    offset: int


class PlansSummary(BaseModel):
    allies_with_a_plan: int
    latest_plans_by_verdict: dict[str, int]
    submissions_total: int


class AuditEntryPublic(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    target: str
    detail: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEntryPublic]
    total: int
    limit: int
    offset: int


class AuditVerifyPublic(BaseModel):
    ok: bool
    entries: int
    submissions_checked: int
    head_hash: str
    problems: list[str]
