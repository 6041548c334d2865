"""Validators and compression for every GET: an ETag per representation, 304 Not Modified, gzip made once.

- **Pre-built bodies** (the API's cached JSON and CSV, :func:`cached_response`): the route picks the
  representation itself - the stored bytes, or their gzip made once per body and kept - and answers
  ``If-None-Match`` with 304. :class:`ConditionalMiddleware` lets these responses through untouched (no second
  compression pass, no buffering).
- **Everything else** answered 200 to a GET with a body of a text type (pages, ``/chart/*.csv``, registry JSON
  such as ``/api/v1/plans/summary``, static files): :class:`ConditionalMiddleware` takes the response's own ETag or
  makes one from the body (BLAKE2b), answers a matching ``If-None-Match`` with 304, and compresses the body for a
  client that accepts gzip (the gzip of a body is made once and kept, by its ETag). Responses marked
  ``Cache-Control: no-store`` (signed-in pages) get neither validator nor 304, only compression.

A gzip body has its own ETag: the plain ETag with ``-gzip`` before the closing quote (RFC 9110: a validator
names one representation). ``If-None-Match`` compares weakly, as RFC 9110 says: ``W/"x"`` matches ``"x"``.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

__all__ = ["ConditionalMiddleware", "accepts_gzip", "cached_response", "etag_matches", "gzip_once", "GZIP_MIN"]

#: bodies shorter than this are sent as they are (gzip's header and the round trip cost more than they save)
GZIP_MIN = 1000
#: a response body is buffered (to make its ETag and gzip) only up to this size; larger ones pass as they are
MAX_BUFFER = 8 << 20
#: gzip bodies kept, at most (and at most this many bytes in all)
GZIP_KEEP, GZIP_KEEP_BYTES = 512, 32 << 20
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml", b"application/xml")
SCOPE_KEY = "hague.representation"  # set by cached_response: the response is final, the middleware passes it

_gz: OrderedDict[str, bytes] = OrderedDict()
_gz_bytes = 0
_gz_lock = threading.Lock()


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` value accepts gzip (``gzip`` or ``*`` without ``q=0``)."""
    if "gzip" not in accept_encoding and "*" not in accept_encoding:
        return False
    star = None
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if name in ("gzip", "x-gzip"):
            return q > 0
        if name == "*":
            star = q > 0
    return bool(star)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison of ``If-None-Match`` (a list, or ``*``) with ``etag``: ``W/`` prefixes are ignored."""
    if not if_none_match:
        return False
    mine = etag[2:] if etag.startswith("W/") else etag
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or (tag[2:] if tag.startswith("W/") else tag) == mine:
            return True
    return False


def gzip_tag(etag: str) -> str:
    """The ETag of the gzip representation of the body whose ETag is ``etag``."""
    return etag[:-1] + '-gzip"' if etag.endswith('"') else etag + "-gzip"


def gzip_once(tag: str, body: bytes) -> bytes:
    """gzip of ``body`` (level 6), made once per ``tag`` (the gzip representation's ETag) and kept."""
    global _gz_bytes
    with _gz_lock:
        out = _gz.get(tag)
        if out is not None:
            _gz.move_to_end(tag)
            return out
    out = gzip.compress(body, 6, mtime=0)  # mtime 0: the same bytes every time for the same body
    with _gz_lock:
        if tag not in _gz:
            _gz[tag] = out
            _gz_bytes += len(out)
            while len(_gz) > GZIP_KEEP or _gz_bytes > GZIP_KEEP_BYTES:
                _gz_bytes -= len(_gz.popitem(last=False)[1])
    return out


def cached_response(request, body: bytes, media: str, etag: str, cache_control: str, vary: str = "Accept"):
    """The response for a pre-built ``body`` whose plain ETag is ``etag``: 304 when ``If-None-Match`` matches the
    chosen representation, else the stored bytes or their stored gzip."""
    from starlette.responses import Response

    request.scope[SCOPE_KEY] = True
    gz = len(body) >= GZIP_MIN and accepts_gzip(request.headers.get("accept-encoding", ""))
    tag = gzip_tag(etag) if gz else etag
    headers = {"ETag": tag, "Cache-Control": cache_control, "Vary": f"{vary}, Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match", ""), tag):
        return Response(status_code=304, headers=headers)
    if gz:
        headers["Content-Encoding"] = "gzip"
        body = gzip_once(tag, body)
    return Response(body, media_type=media, headers=headers)


class ConditionalMiddleware:
    """Pure ASGI middleware: ETag, 304 and gzip for GET responses that are not pre-built (see the module)."""

    def __init__(self, app, minimum_size: int = GZIP_MIN, max_buffer: int = MAX_BUFFER) -> None:
        self.app, self.minimum_size, self.max_buffer = app, minimum_size, max_buffer

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        ae = inm = ""
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                ae = v.decode("latin-1")
            elif k == b"if-none-match":
                inm = v.decode("latin-1")
        state: dict = {}

        async def wrapped(message):
            if "pass" in state:
                return await send(message)
            if message["type"] == "http.response.start":
                if scope.get(SCOPE_KEY) or not self._wanted(message, state):
                    state["pass"] = True
                    return await send(message)
                state["start"], state["chunks"] = message, []
                return None
            if message["type"] != "http.response.body":
                return await send(message)
            state["chunks"].append(message.get("body", b""))
            if message.get("more_body", False):
                return None
            await self._finish(state["start"], b"".join(state["chunks"]), ae, inm, state["store"], send)
            return None

        return await self.app(scope, receive, wrapped)

    def _wanted(self, start: dict, state: dict) -> bool:
        """Buffer this response? A 200 with a known, modest length, of a text type, not already encoded."""
        if start["status"] != 200:
            return False
        length, ctype, store = None, b"", True
        for k, v in start.get("headers", ()):
            if k == b"content-length":
                length = int(v)
            elif k == b"content-type":
                ctype = v
            elif k == b"content-encoding":
                return False
            elif k == b"cache-control" and b"no-store" in v:
                store = False
        state["store"] = store
        return length is not None and 0 < length <= self.max_buffer and ctype.startswith(COMPRESSIBLE)

    async def _finish(self, start: dict, body: bytes, ae: str, inm: str, store: bool, send) -> None:
        headers = [(k, v) for k, v in start.get("headers", ()) if k not in (b"content-length", b"etag", b"vary")]
        old = dict(start.get("headers", ()))
        etag = old.get(b"etag", b"").decode("latin-1") or ('"' + hashlib.blake2b(body, digest_size=16).hexdigest()
                                                            + '"')
        vary = old.get(b"vary", b"").decode("latin-1")
        vary = f"{vary}, Accept-Encoding" if vary and "accept-encoding" not in vary.lower() else (vary or
                                                                                                  "Accept-Encoding")
        headers.append((b"vary", vary.encode("latin-1")))
        gz = len(body) >= self.minimum_size and accepts_gzip(ae)
        tag = gzip_tag(etag) if gz else etag
        if store:
            headers.append((b"etag", tag.encode("latin-1")))
            if etag_matches(inm, tag):
                headers = [(k, v) for k, v in headers if k not in (b"content-type",)]
                await send({"type": "http.response.start", "status": 304, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        if gz:
            body = gzip_once(tag, body) if store else gzip.compress(body, 6, mtime=0)
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
