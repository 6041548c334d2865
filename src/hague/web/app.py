"""The web application: ``create_app(settings)`` builds the dashboard, the REST API and the plan registry.

>>> from hague.web.app import create_app
>>> from hague.web.settings import Settings
>>> app = create_app(Settings(database_url="sqlite://", admin_password="a-long-test-password"))
>>> sorted(p for p in app.openapi()["paths"] if p.startswith("/api/v1/st"))
['/api/v1/status']
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from hague.errors import HagueError, UnknownAllyError, UnknownDatasetError, UnknownIndicatorError, YearOutOfRangeError
from hague.store.db import make_engine, upgrade
from hague.store.registry import Registry, RegistryError
from hague.store.registry import Settings as RegistrySettings
from hague.web.settings import Settings

__all__ = ["create_app", "bootstrap_admin", "app_from_env"]

log = logging.getLogger("hague.web")
HERE = Path(__file__).parent

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


_SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                     (b"referrer-policy", b"same-origin"), (b"content-security-policy", _CSP.encode())]


class GuardMiddleware:
    """Pure ASGI middleware (cheap): refuses over-long bodies by Content-Length before they are read, answers HEAD
    like GET without a body, and adds the security headers (CSP: only this site's own scripts, styles and images) to
    every response."""

    def __init__(self, app, limit: int, hsts: bool = False) -> None:
        self.app, self.limit = app, limit
        self.headers = _SECURITY_HEADERS + ([(b"strict-transport-security", b"max-age=31536000")] if hsts else [])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for k, v in scope["headers"]:
            if k == b"content-length":
                try:
                    too_big = int(v) > self.limit
                except ValueError:
                    return await JSONResponse({"detail": "bad Content-Length"}, status_code=400)(scope, receive, send)
                if too_big:
                    return await JSONResponse({"detail": f"request body over the limit of {self.limit} bytes"},
                                              status_code=413)(scope, receive, send)

        head = scope["method"] == "HEAD"
        if head:  # HEAD is GET without the body (FastAPI routes answer GET only)
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message):
            if head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in present]
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def bootstrap_admin(registry: Registry, settings: Settings, *, announce=print) -> str | None:
    """Create the first admin when there are no accounts: password from ``HAGUE_ADMIN_PASSWORD`` or generated and
    announced once. Returns the generated password (None when taken from the environment or accounts exist)."""
    if registry.count_users() > 0:
        return None
    from hague.store.registry import Conflict

    generated = None
    if settings.admin_password is not None:
        pw = settings.admin_password.get_secret_value()
    else:
        pw = generated = secrets.token_urlsafe(18)
    try:
        registry.create_user(None, settings.admin_username, pw, "admin", must_change_password=generated is not None)
    except Conflict:  # another worker won the race
        return None
    if generated:
        announce(f"hague: created admin account {settings.admin_username!r} with password: {generated}\n"
                 "hague: shown only now and valid once: the first sign-in asks for a new password.")
    return generated


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> FastAPI:
    """The FastAPI app. Migrates the database (unless ``settings.migrate`` is false) and creates the first admin
    when ``settings.admin_password`` is set and no account exists."""
    settings = settings or Settings()
    if registry is None:
        engine = make_engine(settings.database_url, pool_size=settings.pool_size)
        if settings.migrate:
            upgrade(engine)
        registry = Registry(engine, RegistrySettings(
            max_upload_bytes=settings.max_upload_bytes, session_hours=settings.session_hours,
            throttle_window_minutes=settings.throttle_window_minutes,
            throttle_pair_failures=settings.throttle_pair_failures,
            throttle_client_failures=settings.throttle_client_failures))
    if settings.admin_password is not None:
        bootstrap_admin(registry, settings)

    from hague._version import __version__

    app = FastAPI(title="hague", version=__version__,
                  description="NATO defence-investment data (sourced) and the annual-plan registry. Every data "
                              "response names its source, edition and licence.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.settings = settings
    app.state.registry = registry
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["version"] = __version__
    from hague.web import filters

    filters.install(templates.env)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    from hague.web.contract import OptionsMiddleware, install_openapi

    install_openapi(app)  # errors documented as the ErrorPublic the app answers (not FastAPI's 422 shape)
    app.add_middleware(OptionsMiddleware, owner=app)  # OPTIONS /api/...: 204 + Allow (and CORS preflight for public GETs)

    from hague.web.conditional import ConditionalMiddleware

    app.add_middleware(ConditionalMiddleware)  # ETag, 304, gzip made once (API bodies: picked by their route)
    app.add_middleware(GuardMiddleware, limit=settings.max_upload_bytes * 4 // 3 + 64_000,
                       hsts=settings.cookie_secure)  # behind HTTPS: also tell browsers to stay on it
    from hague.web.limits import BodyLimitMiddleware, SimulationGate

    app.add_middleware(BodyLimitMiddleware, limit=settings.max_upload_bytes * 4 // 3 + 64_000)  # bytes as they come
    app.state.simulations = SimulationGate(slots=settings.simulate_slots, queue=settings.simulate_queue,
                                           per_client=settings.simulate_per_client,
                                           processes=settings.simulate_processes,
                                           max_seconds=settings.simulate_max_seconds)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(RegistryError)
    async def registry_error(request: Request, exc: RegistryError):
        if wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            if getattr(exc, "retry_after", None):
                headers = {"Retry-After": str(exc.retry_after)}
            return JSONResponse({"detail": str(exc), "errors": getattr(exc, "errors", [])}, status_code=exc.status,
                                headers=headers)
        from hague.web.routes.pages import error_page

        return error_page(request, exc.status, str(exc), getattr(exc, "errors", []))

    from hague.web.limits import TooBusy

    @app.exception_handler(TooBusy)
    async def too_busy(request: Request, exc: TooBusy):
        return JSONResponse({"detail": str(exc), "errors": []}, status_code=429,
                            headers={"Retry-After": str(exc.retry_after)})

    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Starlette's form parser stops a field or part at 1 MB with a 400; it is a body over a limit: 413
        if exc.status_code == 400 and "exceeded maximum size" in str(exc.detail):
            return JSONResponse({"detail": f"request body over a limit: {exc.detail}", "errors": []},
                                status_code=413)
        return await http_exception_handler(request, exc)

    @app.exception_handler(HagueError)
    async def hague_error(request: Request, exc: HagueError):
        status = 404 if isinstance(exc, UnknownAllyError | UnknownDatasetError) else 422 if isinstance(
            exc, YearOutOfRangeError | UnknownIndicatorError) else 400
        if wants_json(request):
            return JSONResponse({"detail": str(exc), "errors": []}, status_code=status)
        from hague.web.routes.pages import error_page

        return error_page(request, status, str(exc), [])

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"row": None, "column": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        if wants_json(request):
            fmt = [e for e in errors if e["column"] == "query.format"]
            if fmt:  # content negotiation: a format the API cannot write is 406, in the API's error body
                got = request.query_params.get("format", "")
                return JSONResponse({"detail": f"format {got!r} not supported; accepted: csv, json", "errors": fmt},
                                    status_code=406)
            return JSONResponse({"detail": "request not valid", "errors": errors}, status_code=422)
        from hague.web.routes.pages import error_page

        return error_page(request, 422, "form not valid", errors)

    from hague.web.routes import api, pages

    @app.exception_handler(pages.MustChangePassword)
    async def must_change(request: Request, exc: Exception):
        from fastapi.responses import RedirectResponse

        return RedirectResponse("/account/password", status_code=303)

    app.include_router(api.router)
    from hague.web.routes import indicators as _indicators  # noqa: E402  (chart data, OWID style)

    app.include_router(_indicators.router)
    app.include_router(pages.router)
    from hague.web.routes import delivery  # money against delivery: /api/v1/delivery/..., /delivery pages

    app.include_router(delivery.api)
    app.include_router(delivery.pages)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> HTMLResponse:
        return HTMLResponse("ok")

    return app


def watch_supervisor(supervisor_pid: int, *, interval: float = 0.5) -> None:
    """Exit this worker when its supervisor is gone (e.g. killed with SIGKILL), so no orphan keeps the port.

    Linux: the kernel sends SIGTERM when the parent dies (``PR_SET_PDEATHSIG``); everywhere: a daemon thread sees
    the parent change and sends SIGTERM (uvicorn then finishes the requests in flight), then exits hard after 10 s."""
    import os
    import signal
    import threading
    import time

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux
        pass

    def watch() -> None:
        while os.getppid() == supervisor_pid:
            time.sleep(interval)
        log.warning("hague: supervisor %s is gone; worker %s exits", supervisor_pid, os.getpid())
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(10)
        os._exit(1)

    if os.getppid() != supervisor_pid:  # already orphaned before we started
        os._exit(1)
    threading.Thread(target=watch, name="hague-supervisor-watch", daemon=True).start()


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory hague.web.app:app_from_env`` (settings from the environment). Under
    ``hague serve --workers N`` (``HAGUE_SUPERVISOR_PID`` set) each worker exits when the supervisor dies."""
    import os

    sup = os.environ.get("HAGUE_SUPERVISOR_PID")
    if sup and sup.isdigit():
        watch_supervisor(int(sup))
    return create_app(Settings())
