"""Bounds on what one request may cost: bodies counted as they stream in, anonymous registry writes refused before
their body is read, simulations cached and limited per client (against a real uvicorn where memory is measured)."""

from __future__ import annotations

import asyncio
import os
import select
import socket
import time

import pytest

MB = 1024 * 1024

#: the 7 registry write routes that take a body
WRITES = [("POST", "/api/v1/plans/DEU/submissions"), ("POST", "/api/v1/plans/DEU/drafts"),
          ("POST", "/api/v1/plans/submissions/1/reviews"), ("POST", "/api/v1/tokens"), ("POST", "/api/v1/users"),
          ("PUT", "/api/v1/plans/drafts/1"), ("PATCH", "/api/v1/users/admin")]


@pytest.mark.parametrize("method,path", WRITES)
def test_anonymous_malformed_json_is_401_not_a_decode_error(web, method, path):
    c = web.clients["public"]
    r = c.request(method, path, content=b'{"filename": "p.csv", "content": ', headers={"Content-Type":
                                                                                       "application/json"})
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"] == "Bearer" and "JSON" not in r.text
    r = c.request(method, path, content=b"{", headers={"Authorization": "Bearer not-a-token",
                                                       "Content-Type": "application/json"})
    assert r.status_code == 401 and "unknown or revoked" in r.json()["detail"]


def test_a_signed_in_caller_still_gets_the_decode_error(web):
    r = web.clients["public"].post("/api/v1/plans/DEU/drafts", content=b"{",
                                   headers={"Authorization": f"Bearer {web.tokens['deu']}",
                                            "Content-Type": "application/json"})
    assert r.status_code == 422


def test_a_body_without_content_length_is_cut_at_the_limit(web):
    """The test app's limit: 20,000 upload bytes * 4/3 + 64,000 = 90,666 bytes; a chunked body of 200 kB is 413."""
    def chunks():
        for _ in range(50):
            yield b"x" * 4000

    r = web.clients["public"].post("/api/v1/plans/DEU/drafts", content=chunks(),
                                   headers={"Authorization": f"Bearer {web.tokens['deu']}",
                                            "Content-Type": "application/json"})
    assert r.status_code == 413 and "over the limit of 90666 bytes" in r.json()["detail"]
    assert "content-length" not in {k.lower() for k in r.request.headers if k.lower() != "content-length"}


# --- against a real uvicorn ------------------------------------------------------------------------------------------
def _rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (kB)."""
    total = 0
    pids = [pid]
    try:
        pids += [int(x) for x in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        pass
    for p in pids:
        for line in open(f"/proc/{p}/status"):
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def chunked_post(port: int, path: str, headers: dict, total: int, chunk: int = 64 * 1024,
                 prefix: bytes = b"") -> tuple[int, int, bytes]:
    """POST ``total`` bytes with Transfer-Encoding: chunked (no Content-Length); stop when the server answers or
    closes. Returns (status, bytes sent, response head)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    s.sendall(head.encode() + (b"%x\r\n" % len(prefix) + prefix + b"\r\n" if prefix else b""))
    sent, piece = 0, b"%x\r\n" % chunk + b"a" * chunk + b"\r\n"
    answer = b""
    try:
        while sent < total:
            r, _, _ = select.select([s], [], [], 0)
            if r:
                break
            s.sendall(piece)
            sent += chunk
        else:
            s.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    s.settimeout(30)
    try:
        while b"\r\n\r\n" not in answer:
            got = s.recv(65536)
            if not got:
                break
            answer += got
    except (ConnectionResetError, TimeoutError):
        pass
    s.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1") else 0
    return status, sent, answer


def test_150_mb_chunked_posts_are_refused_at_the_limit_with_flat_memory(server):
    """Anonymous JSON, signed-in JSON, multipart upload and a form: each 150 MB, chunked. The default limit is
    1,000,000 * 4/3 + 64,000 = 1,397,333 bytes; the worker's memory may not grow by 20 MB over all four."""
    import httpx

    pid = server.proc.pid
    httpx.get(server.base + "/api/v1/status")  # warm: the first page loads the data
    before = _rss_kb(pid)
    tok = server.tokens["deu-delegate"]
    part = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="plan.csv"\r\n\r\nally,year\n'
    cases = [("/api/v1/plans/DEU/drafts", {"Content-Type": "application/json"}, 401, b'{"content": "'),
             ("/api/v1/plans/DEU/drafts", {"Content-Type": "application/json", "Authorization": f"Bearer {tok}"}, 413,
              b'{"filename": "p.csv", "content": "'),
             ("/api/v1/plans/DEU/submissions/upload", {"Content-Type": "multipart/form-data; boundary=xyz",
                                                       "Authorization": f"Bearer {tok}"}, 413, part),
             ("/login", {"Content-Type": "application/x-www-form-urlencoded"}, 413, b"username=x&password=")]
    for path, headers, expected, prefix in cases:
        t0 = time.monotonic()
        status, sent, answer = chunked_post(server.port, path, headers, 150 * MB, prefix=prefix)
        assert status == expected, (path, answer[:300])
        assert sent < 20 * MB, (path, sent)  # the answer came long before the 150 MB were sent
        assert time.monotonic() - t0 < 20
        print(f"{path} {status}: answered after {sent / MB:.1f} MB sent (kernel buffers included)")
    grown = (_rss_kb(pid) - before) / 1024
    print(f"server RSS {before / 1024:.0f} MB before, grew {grown:.1f} MB over four 150 MB posts")
    assert grown < 20, f"server RSS grew {grown:.1f} MB"
    assert httpx.get(server.base + "/healthz").status_code == 200


# --- simulations: cached, limited per client ------------------------------------------------------------------------
def test_simulations_are_cached_by_their_parameters(web):
    gate = web.app.state.simulations
    c = web.clients["public"]
    q = "/api/v1/simulate?ally=Lithuania&draws=512&seed=7"
    t0 = time.perf_counter()
    a = c.get(q)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    b = c.get(q.replace("Lithuania", "LTU"))
    second = time.perf_counter() - t0
    assert a.status_code == b.status_code == 200 and a.json() == b.json()
    assert gate.cached(("LTU", 512, 7, "plans", web.app.state.settings.edition)) is not None
    assert second < first  # the second came from the cache, not the model
    assert a.json()["fan"][0]["year"] >= 2026


def test_too_many_simulations_from_one_client_get_429_with_retry_after(tmp_path):
    from hague.web.limits import SimulationGate, TooBusy

    gate = SimulationGate(slots=1, queue=1, per_client=1)

    def slow(*key):
        time.sleep(0.3)
        return {"key": key}

    async def scenario():
        a = asyncio.create_task(gate.run("10.0.0.1", slow, ("DEU", 256, 1, "plans", "x")))
        await asyncio.sleep(0.05)
        with pytest.raises(TooBusy) as same_client:
            await gate.run("10.0.0.1", slow, ("DEU", 256, 2, "plans", "x"))
        b = asyncio.create_task(gate.run("10.0.0.2", slow, ("DEU", 256, 3, "plans", "x")))  # waits in the queue
        await asyncio.sleep(0.05)
        with pytest.raises(TooBusy) as full:
            await gate.run("10.0.0.3", slow, ("DEU", 256, 4, "plans", "x"))
        twin = await gate.run("10.0.0.9", slow, ("DEU", 256, 1, "plans", "x"))  # a's twin shares a's result
        first = await a
        cached = await gate.run("10.0.0.1", slow, ("DEU", 256, 1, "plans", "x"))  # after a finishes: the cache
        assert twin is first
        return same_client.value, full.value, first, await b, cached

    same_client, full, a, b, cached = asyncio.run(scenario())
    assert "already has 1 simulation" in str(same_client) and same_client.retry_after >= 1
    assert "all 1 simulation slot(s) and 1 queue place(s) are taken" in str(full) and full.retry_after >= 1
    assert a["key"][2] == 1 and b["key"][2] == 3 and cached is a


def test_429_reaches_the_client_with_retry_after(web):
    gate = web.app.state.simulations
    old = gate.slots, gate.queue, gate.per_client
    gate.per_client = 0  # every uncached simulation is over this client's limit
    try:
        r = web.clients["public"].get("/api/v1/simulate?ally=EST&draws=256&seed=99")
    finally:
        gate.slots, gate.queue, gate.per_client = old
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "simulation" in r.json()["detail"]


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc to read memory")
def test_rss_reader_sees_this_process():
    assert _rss_kb(os.getpid()) > 10_000


def test_no_simulation_request_waits_longer_than_max_seconds_and_the_result_is_kept():
    from hague.web.limits import SimulationGate, TooBusy

    gate = SimulationGate(slots=1, queue=4, per_client=2, max_seconds=0.3)

    def slow(*key):  # a simulation on a starved machine
        time.sleep(0.8)
        return {"key": key}

    async def scenario():
        t0 = time.monotonic()
        with pytest.raises(TooBusy) as late:
            await gate.run("10.0.0.1", slow, ("DEU", 20000, 5, "plans", "x"))
        waited = time.monotonic() - t0
        await asyncio.sleep(0.8)  # the computation went on
        again = await gate.run("10.0.0.1", slow, ("DEU", 20000, 5, "plans", "x"))
        return late.value, waited, again

    late, waited, again = asyncio.run(scenario())
    assert "still being computed" in str(late) and late.retry_after >= 1
    assert waited < 0.5 and again == {"key": ("DEU", 20000, 5, "plans", "x")}
