"""The API contract's real limits and the OPTIONS answer.

``YEARS``: the first and last year of NATO's data in hague (every NATO edition, embedded or imported when the app
starts: 2014-2026 with the shipped data), so the OpenAPI schema states the years a ``year`` parameter may take
instead of a guess such as 1949-2100. :class:`OptionsMiddleware` answers ``OPTIONS`` on any ``/api/`` path with
``204`` and an ``Allow`` header naming the methods the path serves (CORS preflight headers for the public data),
or ``404`` in the documented error shape ``{"detail": ..., "errors": []}`` when no route has that path.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated

from fastapi import Query

__all__ = ["YEARS", "Year", "OptionsMiddleware", "data_years", "install_openapi"]


@lru_cache(maxsize=1)
def data_years() -> tuple[int, int]:
    """First and last year over every NATO edition hague has (the years the data endpoints can answer)."""
    from hague.data import dataset
    from hague.sources.store import editions

    years = [y for e in editions() if e["family"] == "nato" for y in (dataset(e["id"]).years() or [])]
    return (min(years), max(years)) if years else (2014, 2026)


YEARS = data_years()
Year = Annotated[int | None, Query(ge=YEARS[0], le=YEARS[1],
                                   description=f"year of NATO's data, {YEARS[0]}-{YEARS[1]} (default: the latest "
                                               "of the edition)")]


def _routes(routes):
    """Every route, looking inside included routers (newer FastAPI wraps them)."""
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield r


class OptionsMiddleware:
    """Pure ASGI: ``OPTIONS /api/...`` -> 204 with ``Allow`` (and CORS preflight headers for GET), or 404."""

    def __init__(self, app, owner=None) -> None:
        self.app, self.owner = app, owner  # owner: the FastAPI app whose routes are matched

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        from starlette.routing import Match

        methods: set[str] = set()
        for route in _routes(getattr(getattr(self.owner, "router", None), "routes", [])):
            match, _ = route.matches({**scope, "method": "GET"})
            if match != Match.NONE and getattr(route, "methods", None):
                methods |= set(route.methods)
        if not methods:
            body = json.dumps({"detail": f"no endpoint at {scope['path']}", "errors": []}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 404, "headers": headers})
            return await send({"type": "http.response.body", "body": body})
        if "GET" in methods:
            methods.add("HEAD")
        allow = ", ".join(sorted(methods | {"OPTIONS"})).encode()
        headers = [(b"allow", allow), (b"content-length", b"0")]
        if methods <= {"GET", "HEAD"}:  # public, read-only data: any origin may read it
            headers += [(b"access-control-allow-origin", b"*"), (b"access-control-allow-methods", allow),
                        (b"access-control-max-age", b"86400")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def install_openapi(app) -> None:
    """Make the schema say what the app answers: FastAPI documents request-validation errors (422) as its own
    ``HTTPValidationError`` (``detail`` a list), but this app answers every error as ``ErrorPublic``
    (``{"detail": "...", "errors": [...]}``, see ``hague.web.app``); the schema is rewritten to reference
    ``ErrorPublic`` wherever FastAPI put its own, and a 4xx documented without a body gets that shape."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        doc = build()
        text = json.dumps(doc).replace('"#/components/schemas/HTTPValidationError"', '"#/components/schemas/ErrorPublic"')
        doc = json.loads(text)
        schemas = doc.get("components", {}).get("schemas", {})
        if "ErrorPublic" in schemas:  # a 4xx documented without a body: it is the ErrorPublic every error is
            for ops in doc.get("paths", {}).values():
                for op in ops.values():
                    for code, resp in op.get("responses", {}).items():
                        if code.startswith("4") and isinstance(resp, dict) and "content" not in resp:
                            resp["content"] = {"application/json": {"schema": {
                                "$ref": "#/components/schemas/ErrorPublic"}}}
            for name in ("HTTPValidationError", "ValidationError"):
                if name in schemas and f'"#/components/schemas/{name}"' not in text:
                    schemas.pop(name)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi
