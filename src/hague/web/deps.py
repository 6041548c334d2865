"""Request-scoped helpers: who is asking (bearer token for the API, session cookie for pages) and CSRF."""

from __future__ import annotations

from fastapi import Request

from hague.store.registry import PUBLIC, Forbidden, Principal, Registry
from hague.store.security import constant_time_equal, new_secret

SESSION_COOKIE = "hague_session"
CSRF_COOKIE = "hague_csrf"


def get_registry(request: Request) -> Registry:
    return request.app.state.registry


def api_principal(request: Request) -> Principal:
    """The API authenticates only by ``Authorization: Bearer <token>`` (never by cookie, so no CSRF on the API)."""
    auth = request.headers.get("authorization", "")
    if not auth:
        return PUBLIC
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        from hague.store.registry import NotSignedIn

        raise NotSignedIn("Authorization header must be 'Bearer <token>'")
    return get_registry(request).token_principal(token.strip())


def api_user(request: Request) -> Principal:
    """A signed-in API caller (401 otherwise). A dependency, so it runs before the request body is validated: an
    anonymous caller learns nothing about what a valid body looks like."""
    p = api_principal(request)
    if not p.signed_in:
        from hague.store.registry import NotSignedIn

        raise NotSignedIn("sign in first: send Authorization: Bearer <token> (create one on /account)")
    return p


def api_writer(request: Request) -> Principal:
    """A signed-in API caller allowed to write: not one whose password was generated or reset and must still be
    replaced (their tokens may read until they choose their own password on /account/password)."""
    p = api_user(request)
    if p.must_change_password:
        raise Forbidden(f"user {p.username!r} must change the password first (sign in on /login); until then API "
                        "tokens may only read")
    return p


def page_principal(request: Request) -> Principal:
    """The signed-in user of a browser session (cached on the request), else the public."""
    if not hasattr(request.state, "principal"):
        p, csrf = get_registry(request).session_principal(request.cookies.get(SESSION_COOKIE))
        request.state.principal, request.state.session_csrf = p, csrf
    return request.state.principal


def csrf_token(request: Request) -> str:
    """The CSRF token forms must echo: the session's when signed in, else a per-browser cookie (double submit)."""
    page_principal(request)
    if request.state.session_csrf:
        return request.state.session_csrf
    tok = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not tok:
        tok = request.state.new_csrf = new_secret()
    return tok


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = csrf_token(request)
    if getattr(request.state, "new_csrf", None) or not submitted or not constant_time_equal(expected, submitted):
        raise Forbidden("form expired or not sent from this site (CSRF check failed); reload the page and retry")
