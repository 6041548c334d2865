"""Bounds on what one request may cost: bytes read, who may send a body, and how many simulations run at once.

:class:`BodyLimitMiddleware` (pure ASGI, outside everything else):

- counts the bytes of a request body **as they arrive** (with or without Content-Length, chunked or not) and
  answers 413 as soon as the count passes the limit; the rest of the body is never read, so memory stays flat;
- authenticates writes to the registry API (``POST/PUT/PATCH/DELETE`` under :data:`AUTH_PREFIXES`) **before** the
  body is looked at: an anonymous caller gets 401 whatever it sends (malformed JSON, a 150 MB upload), never a
  JSON decode error or a list of fields.

:class:`SimulationGate` bounds the one CPU-heavy public route (``/api/v1/simulate``): results are cached by their
parameters (a fixed seed makes them deterministic), each client may run at most ``per_client`` at a time, at most
``slots`` run at once (in separate processes when ``processes``) and ``queue`` more may wait; beyond that the answer
is 429 with ``Retry-After``, at once. Identical requests in flight share one computation. No request waits longer
than ``max_seconds``: one whose simulation is not ready by then gets 429 (the computation goes on and is cached).

>>> gate = SimulationGate(slots=1, queue=0, per_client=1)
>>> gate.key("DEU", 2048, 1, "plans", "nato-2026")
('DEU', 2048, 1, 'plans', 'nato-2026')
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections import OrderedDict

__all__ = ["AUTH_PREFIXES", "BodyLimitMiddleware", "SimulationGate", "TooBusy"]

#: API paths whose write methods need a signed-in caller (checked before any byte of the body is read)
AUTH_PREFIXES = ("/api/v1/plans", "/api/v1/tokens", "/api/v1/users", "/api/v1/audit")
_WRITE = {"POST", "PUT", "PATCH", "DELETE"}


def _json(status: int, detail: str, headers: list[tuple[bytes, bytes]] = ()) -> tuple[dict, dict]:
    body = json.dumps({"detail": detail, "errors": []}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"connection", b"close"), *headers]}
    return start, {"type": "http.response.body", "body": body, "more_body": False}


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes while they stream in, and anonymous registry writes before their
    body is read. See the module docstring."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def _unauthorised(self, scope) -> str | None:
        """Why this registry write is refused before its body is read (None: the caller is signed in)."""
        auth = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), "")
        if not auth:
            return "sign in first: send Authorization: Bearer <token> (create one on /account)"
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return "Authorization header must be 'Bearer <token>'"
        registry = getattr(getattr(scope.get("app"), "state", None), "registry", None)
        if registry is None:
            return None
        from starlette.concurrency import run_in_threadpool

        from hague.store.registry import RegistryError

        try:
            p = await run_in_threadpool(registry.token_principal, token.strip())
        except RegistryError as exc:
            return str(exc)
        return None if p.signed_in else "sign in first"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        if scope["method"] in _WRITE and scope["path"].startswith(AUTH_PREFIXES):
            why = await self._unauthorised(scope)
            if why:
                start, body = _json(401, why, [(b"www-authenticate", b"Bearer")])
                await send(start)
                return await send(body)
        state = {"read": 0, "refused": False, "started": False}
        limit = self.limit

        async def counted_receive():
            if state["refused"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > limit:
                    state["refused"] = True
                    if not state["started"]:
                        state["started"] = True
                        start, body = _json(413, f"request body over the limit of {limit} bytes")
                        await send(start)
                        await send(body)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if state["refused"]:
                return  # the 413 has been sent; whatever the app says about the cut body is dropped
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise


class TooBusy(Exception):
    """A simulation was refused (429): the client has too many running, or every slot and queue place is taken."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SimulationGate:
    """Cache, per-client limit and global bound for simulations (see the module docstring)."""

    def __init__(self, *, slots: int = 1, queue: int = 4, per_client: int = 2, cache_size: int = 256,
                 processes: bool = False, max_seconds: float = 8.0) -> None:
        self.slots, self.queue, self.per_client, self.cache_size = slots, queue, per_client, cache_size
        self.max_seconds = max_seconds
        self.processes = processes
        self._cache: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()
        self._clients: dict[str, int] = {}
        self._waiting = 0
        self._running = 0
        self._sem: asyncio.Semaphore | None = None
        self._seconds = 0.5  # running mean of one computation's wall time (for Retry-After)
        self._executor = None
        self._flight: dict[tuple, asyncio.Future] = {}

    @staticmethod
    def key(code: str, draws: int, seed: int, scenario: str, edition: str) -> tuple:
        return (code, draws, seed, scenario, edition)

    def cached(self, key: tuple) -> dict | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def store(self, key: tuple, value: dict) -> None:
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def compute(self, fn, key: tuple) -> dict:
        """Synchronous use (the ally page): the cached result, or compute and cache it (no client bound)."""
        hit = self.cached(key)
        if hit is None:
            hit = fn(*key)
            self.store(key, hit)
        return hit

    def _retry_after(self) -> int:
        return max(1, math.ceil((self._waiting + self._running) * self._seconds / max(1, self.slots)))

    def _expected_wait(self) -> float:
        return (self._running + self._waiting) * self._seconds / max(1, self.slots)

    async def _await(self, fut, deadline: float) -> dict:
        """The result of a computation in flight, or 429 when it is not ready by ``deadline`` (it goes on and its
        result is cached: the client's next request gets it)."""
        try:
            return await asyncio.wait_for(asyncio.shield(fut), max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            raise TooBusy(f"the simulation is still being computed (over {self.max_seconds:g} s on this busy "
                          "server); ask again shortly: the result is kept for you", max(1, math.ceil(self._seconds)))\
                from None

    async def run(self, client: str, fn, key: tuple) -> dict:
        """The result for ``key``: from the cache at once, else computed in a worker when a slot is free. Every
        request is answered within ``max_seconds``: :class:`TooBusy` (429) instead of an unbounded wait."""
        hit = self.cached(key)
        if hit is not None:
            return hit
        deadline = time.monotonic() + self.max_seconds
        if key in self._flight:  # the same simulation is being computed for someone: share its result
            return await self._await(self._flight[key], deadline)
        if self._clients.get(client, 0) >= self.per_client:
            raise TooBusy(f"this client already has {self.per_client} simulation(s) running; wait for them "
                          "(identical requests are answered from the cache)", self._retry_after())
        if self._running + self._waiting >= self.slots + self.queue:
            raise TooBusy(f"all {self.slots} simulation slot(s) and {self.queue} queue place(s) are taken; retry "
                          "later", self._retry_after())
        if self._expected_wait() > self.max_seconds / 2:
            raise TooBusy(f"the simulations waiting would take about {self._expected_wait():.0f} s on this busy "
                          "server; retry later", self._retry_after())
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.slots)
        self._clients[client] = self._clients.get(client, 0) + 1
        self._waiting += 1
        try:
            try:
                await asyncio.wait_for(self._sem.acquire(), max(0.01, deadline - time.monotonic()))
            except TimeoutError:
                raise TooBusy(f"no simulation slot came free within {self.max_seconds:g} s; retry later",
                              self._retry_after()) from None
            finally:
                self._waiting -= 1
            hit = self.cached(key)  # an identical request may have finished while this one waited
            if hit is not None or key in self._flight:
                self._sem.release()
                return hit if hit is not None else await self._await(self._flight[key], deadline)
            self._running += 1
            t0 = time.monotonic()
            fut = self._flight[key] = asyncio.get_running_loop().run_in_executor(self._pool(), fn, *key)

            def done(f) -> None:  # the slot is held until the computation ends, even if its client is gone
                self._running -= 1
                self._sem.release()
                self._flight.pop(key, None)
                if not f.cancelled() and f.exception() is None:
                    self.store(key, f.result())
                    self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - t0)

            fut.add_done_callback(done)
            return await self._await(fut, deadline)
        finally:
            left = self._clients[client] - 1
            if left:
                self._clients[client] = left
            else:
                self._clients.pop(client, None)

    def _pool(self):
        """Separate processes (``processes=True``): a simulation's Python holds no lock the event loop needs, so
        pages and the status API stay quick while it runs. Threads otherwise."""
        if self._executor is None:
            if self.processes:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                self._executor = ProcessPoolExecutor(self.slots, mp_context=multiprocessing.get_context("spawn"))
            else:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(self.slots, thread_name_prefix="hague-simulate")
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
