"""Web benchmark: the status API against a bare FastAPI app serving the same payload, measured in the same run.

1. Floor: a bare FastAPI app (one route, no middleware, same uvicorn settings as ``hague serve``) returning the
   exact bytes and headers ``GET /api/v1/status?year=2026`` returns - to a plain client, and to a client that
   accepts gzip the same precompressed bytes hague sends (``Content-Encoding: gzip``) - served on its own port.
   Both servers get the same load in turns: ``--requests`` GETs over ``--concurrency`` keep-alive connections from
   a minimal raw-socket client (loopback, same machine), plain and gzip. Figures: hague's throughput / the bare
   app's, plain (goal >= 0.85) and gzip (goal >= 0.8), and hague's p99 latency at 50 connections (goal <= 20 ms).
2. The uncached path, for the record: the first request of a fresh server, and requests for years not asked
   before (each computes the status table and its body), from one persistent client.
3. The overview page (/) in Debian's chromium (Playwright, headless): load time and bytes, median of 5 cold loads
   (goals from issue 6: <= 1000 ms, <= 1536 KiB).

Usage: ``python benchmarks/web.py [--requests 3000] [--concurrency 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header  # noqa: E402
from _common import load as loadavg

PATH = "/api/v1/status?year=2026"
BARE = r"""
import json, sys
import uvicorn
from fastapi import FastAPI
from fastapi.responses import Response
from fastapi import Request
body, gz = open(sys.argv[2], "rb").read(), open(sys.argv[2] + ".gz", "rb").read()
headers, gz_headers = json.loads(open(sys.argv[3]).read())
media = headers.pop("content-type")
gz_headers.pop("content-type")
app = FastAPI()

@app.get("/api/v1/status")
async def status(request: Request):
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gz, media_type=media, headers=gz_headers)
    return Response(body, media_type=media, headers=headers)

@app.get("/healthz")
async def healthz():
    return {"ok": True}

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(proc: subprocess.Popen, base: str) -> str:
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server at {base} did not start")


def start_server(data_dir: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "HAGUE_DATA_DIR": data_dir, "HAGUE_ADMIN_PASSWORD": "benchmark-password-1234"}
    proc = subprocess.Popen([sys.executable, "-m", "hague.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, _wait(proc, f"http://127.0.0.1:{port}")


def start_bare(body: bytes, headers: dict, gz: bytes, gz_headers: dict, tmp: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    Path(tmp, "body").write_bytes(body)
    Path(tmp, "body.gz").write_bytes(gz)
    Path(tmp, "headers.json").write_text(json.dumps([headers, gz_headers]))
    proc = subprocess.Popen([sys.executable, "-c", BARE, str(port), str(Path(tmp, "body")),
                             str(Path(tmp, "headers.json"))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, _wait(proc, f"http://127.0.0.1:{port}")


async def _get(reader, writer, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET on a raw connection; returns the status code (the body is read and dropped)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    if length:
        await reader.readexactly(length)
    return status


async def load(base: str, path: str, total: int, concurrency: int, gzip: bool = False) -> dict:
    """``total`` GETs of ``path`` over ``concurrency`` keep-alive connections (a minimal raw-socket client, so the
    load generator costs little CPU next to the server on a small machine); ``gzip``: the client accepts gzip."""
    host, port = base.removeprefix("http://").split(":")
    enc = "Accept-Encoding: gzip\r\n" if gzip else ""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n{enc}\r\n".encode()
    conns = [await asyncio.open_connection(host, int(port)) for _ in range(concurrency)]
    for r, w in conns:  # warm up every connection and the server's cache
        await _get(r, w, request)
    lat: list[float] = []
    remaining = total

    async def worker(r, w) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            t = time.perf_counter()
            status = await _get(r, w, request)
            lat.append(time.perf_counter() - t)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(r, w) for r, w in conns))
    wall = time.perf_counter() - t0
    for _, w in conns:
        w.close()
    lat.sort()
    return {"p50_ms": 1000 * lat[len(lat) // 2], "p99_ms": 1000 * lat[int(len(lat) * 0.99) - 1],
            "rps": len(lat) / wall, "n": len(lat)}


def browser_overview(base: str, runs: int = 5) -> dict | None:
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        return None
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    times, sizes = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        for _ in range(runs):
            ctx = b.new_context()  # cold: no cache, no cookies
            page = ctx.new_page()
            page.goto(base + "/", wait_until="load")
            nav = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                                " return [n.loadEventEnd - n.startTime, n.transferSize]; }")
            res = page.evaluate("() => performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0)")
            times.append(nav[0])
            sizes.append(nav[1] + res)
            ctx.close()
        b.close()
    return {"load_ms": statistics.median(times), "bytes": int(statistics.median(sizes))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3, help="turns of load on each server (best throughput kept)")
    args = ap.parse_args()
    header("web: GET /api/v1/status")
    procs = []
    with tempfile.TemporaryDirectory() as d:
        try:
            proc, base = start_server(d)
            procs.append(proc)
            client = httpx.Client(timeout=30, headers={"Accept-Encoding": "identity"})  # one, kept alive
            t = time.perf_counter()
            first = client.get(base + PATH)
            first_ms = 1000 * (time.perf_counter() - t)
            uncached = []
            for y in range(2014, 2026):  # years not asked before: each computes its table and body
                t = time.perf_counter()
                client.get(base + f"/api/v1/status?year={y}").raise_for_status()
                uncached.append(1000 * (time.perf_counter() - t))
            raw = client.send(client.build_request("GET", base + PATH, headers={"Accept-Encoding": "gzip"}),
                              stream=True)
            gz = b"".join(raw.iter_raw())
            raw.close()
            keep = ("content-type", "etag", "cache-control", "vary", "content-encoding")
            hdrs = {k.lower(): v for k, v in first.headers.items() if k.lower() in keep}
            gz_hdrs = {k.lower(): v for k, v in raw.headers.items() if k.lower() in keep}
            gz_hdrs.setdefault("content-encoding", "gzip")
            if raw.headers.get("content-encoding") != "gzip":  # a server that does not compress: the floor does
                import gzip as _gzip

                gz = _gzip.compress(first.content, 6)
            bproc, bare_base = start_bare(first.content, hdrs, gz, gz_hdrs, d)
            procs.append(bproc)
            check = client.get(bare_base + PATH)
            assert check.content == first.content, "the bare app must serve the same bytes"
            bare_runs, hague_runs, bare_gz, hague_gz = [], [], [], []
            for _ in range(args.rounds):
                bare_runs.append(asyncio.run(load(bare_base, PATH, args.requests, args.concurrency)))
                hague_runs.append(asyncio.run(load(base, PATH, args.requests, args.concurrency)))
                bare_gz.append(asyncio.run(load(bare_base, PATH, args.requests, args.concurrency, gzip=True)))
                hague_gz.append(asyncio.run(load(base, PATH, args.requests, args.concurrency, gzip=True)))
            client.close()
            page = browser_overview(base)
        finally:
            for p in procs:
                p.terminate()
                p.wait()
    bare = max(bare_runs, key=lambda r: r["rps"])
    hague = max(hague_runs, key=lambda r: r["rps"])
    bgz = max(bare_gz, key=lambda r: r["rps"])
    hgz = max(hague_gz, key=lambda r: r["rps"])
    print(f"  payload {len(first.content):,} bytes ({len(gz):,} gzip); {args.requests} requests per turn, "
          f"{args.concurrency} keep-alive connections, {args.rounds} turns each, 1 uvicorn worker each, client on "
          f"the same {os.cpu_count()} CPUs")
    for name, r in (("bare FastAPI, same payload (floor)", bare), ("hague GET /api/v1/status", hague),
                    ("bare FastAPI, same gzip bytes (floor)", bgz), ("hague, Accept-Encoding: gzip", hgz)):
        print(f"  {name:<36} p50 {r['p50_ms']:7.2f} ms   p99 {r['p99_ms']:7.2f} ms   {r['rps']:8.0f} req/s")
    print(f"  uncached: first request of a fresh server {first_ms:.0f} ms; a year not asked before, median "
          f"{statistics.median(uncached):.1f} ms (max {max(uncached):.1f}) over {len(uncached)} years")
    if page:
        print(f"  overview page in headless chromium: load {page['load_ms']:.0f} ms, {page['bytes'] / 1024:.1f} KiB, "
              "median of 5 cold loads")
    else:
        print("  overview page: /usr/bin/chromium not installed, not measured")
    print(f"  load average after: {loadavg()}")
    figure("api_status_throughput_vs_bare", hague["rps"] / bare["rps"], ">=", 0.85)
    figure("api_status_gzip_throughput_vs_bare", hgz["rps"] / bgz["rps"], ">=", 0.8)
    figure("api_status_p99_ms", hague["p99_ms"], "<=", 20)
    if page:
        figure("overview_page_load_ms", page["load_ms"], "<=", 1000)
        figure("overview_page_kib", page["bytes"] / 1024, "<=", 1536)


if __name__ == "__main__":
    main()
