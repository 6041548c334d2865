"""Web benchmarks: API latency under 50 concurrent connections and the overview page in headless chromium.

Starts ``hague serve`` (a real uvicorn, one worker) on a free port with a throw-away data directory, then:

1. GET /api/v1/status (the 2026 status of 32 allies + totals, ~10 kB JSON) from 50 concurrent keep-alive
   connections: p50 / p99 latency and throughput; the same for GET /api/v1/ping (trivial endpoint, same app) as the
   baseline; prints the throughput ratio status / ping.
2. The overview page (/) in Debian's chromium (Playwright, headless): load time (navigation start to load event)
   and bytes transferred (document + every sub-resource), median of 5 cold loads.

The load generator runs on the same machine as the server (loopback), so absolute figures include its own CPU use;
the ratio is the comparable figure. Usage: ``python benchmarks/web.py [--requests 3000] [--concurrency 50]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "HAGUE_DATA_DIR": data_dir, "HAGUE_ADMIN_PASSWORD": "benchmark-password-1234"}
    proc = subprocess.Popen([sys.executable, "-m", "hague.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


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


async def load(base: str, path: str, total: int, concurrency: int) -> dict:
    """``total`` GETs of ``path`` over ``concurrency`` keep-alive connections (a minimal raw-socket client, so the
    load generator costs little CPU next to the server on a small machine)."""
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode()
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
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        proc, base = start_server(d)
        try:
            ping = asyncio.run(load(base, "/api/v1/ping", args.requests, args.concurrency))
            status = asyncio.run(load(base, "/api/v1/status?year=2026", args.requests, args.concurrency))
            page = browser_overview(base)
        finally:
            proc.terminate()
            proc.wait()
    print(f"hague web benchmark: {args.requests} requests per endpoint, {args.concurrency} concurrent connections, "
          f"1 uvicorn worker, loopback, client on the same machine ({os.cpu_count()} CPUs)")
    for name, r in (("GET /api/v1/ping (baseline)", ping), ("GET /api/v1/status?year=2026", status)):
        print(f"  {name:<32} p50 {r['p50_ms']:7.2f} ms   p99 {r['p99_ms']:7.2f} ms   {r['rps']:8.0f} req/s")
    print(f"  throughput ratio status / ping: {status['rps'] / ping['rps']:.2f}   (goal >= 0.5)")
    print(f"  p99 of status: {status['p99_ms']:.1f} ms   (goal <= 20 ms)")
    if page:
        print(f"  overview page in headless chromium: load {page['load_ms']:.0f} ms (goal <= 1000), "
              f"{page['bytes'] / 1024:.1f} KiB transferred (goal <= 1536 KiB), median of 5 cold loads")
    else:
        print("  overview page: /usr/bin/chromium not installed, not measured")


if __name__ == "__main__":
    main()
