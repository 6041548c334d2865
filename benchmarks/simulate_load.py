"""Load benchmark: is ``/api/v1/status`` still quick while 50 clients ask for simulations?

One ``hague serve`` (1 worker, default settings: 1 simulation slot, 6 queue places, 2 per client). Two kinds of
traffic, from separate processes so the client side does not slow itself:

- 50 simulation clients (asyncio, one keep-alive connection each) ask ``/api/v1/simulate?draws=20000`` for an ally
  and a **new seed every time** (every request misses the cache: the worst case); on 429 they wait ``Retry-After``
  seconds as a polite client does, then ask again.
- one prober asks ``/api/v1/status?year=2026`` every 20 ms and records each latency, and every 10th time also the
  ``/burden`` page (rendered on each request), printed for the record.

Floor: the same prober against the same server with no simulation traffic, measured in the same run, interleaved
(idle, load, idle, load). Figures: status p99 under load (goal <= 50 ms), its ratio to the idle p99, and the longest
any simulation request waited for its answer (goal <= 10 s; a 429 is an answer).

Usage: ``python benchmarks/simulate_load.py [--clients 50] [--seconds 15]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header  # noqa: E402

from web import start_server  # noqa: E402

ALLIES = ["POL", "DEU", "FRA", "GBR", "USA", "ITA", "ESP", "LTU", "EST", "LVA", "NOR", "DNK", "NLD", "BEL", "CAN"]


def _p(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


async def _sim_client(base: str, stop: float, out: list, i: int) -> None:
    rng = random.Random(i)
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        while time.monotonic() < stop:
            q = {"ally": rng.choice(ALLIES), "draws": 20000, "seed": rng.randrange(2**32)}
            t0 = time.monotonic()
            try:
                r = await c.get("/api/v1/simulate", params=q)
                status, wait = r.status_code, float(r.headers.get("retry-after", 0) or 0)
            except httpx.HTTPError as exc:
                status, wait = type(exc).__name__, 1.0
            out.append((status, time.monotonic() - t0))
            if wait:
                await asyncio.sleep(wait)


def simulation_load(base: str, clients: int, seconds: float, conn) -> None:
    out: list = []
    stop = time.monotonic() + seconds

    async def main():
        await asyncio.gather(*[_sim_client(base, stop, out, i) for i in range(clients)])

    asyncio.run(main())
    conn.send(out)


def probe(base: str, seconds: float, pages: list[float] | None = None) -> list[float]:
    """Status latencies every 20 ms; every 10th round also a page (``/burden``, rendered each time) into
    ``pages``."""
    lat = []
    with httpx.Client(base_url=base, timeout=30) as c:
        stop = time.monotonic() + seconds
        n = 0
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            r = c.get("/api/v1/status", params={"year": 2026})
            lat.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.status_code
            n += 1
            if pages is not None and n % 10 == 0:
                t0 = time.perf_counter()
                assert c.get("/burden").status_code == 200
                pages.append(time.perf_counter() - t0)
            time.sleep(0.02)
    return lat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    header("status latency while clients ask for simulations")
    with tempfile.TemporaryDirectory() as d:
        proc, base = start_server(d)
        try:
            httpx.get(base + "/api/v1/status?year=2026", timeout=60)
            httpx.get(base + "/api/v1/simulate?ally=POL&draws=256", timeout=60)  # warm: data and model loaded
            idle, busy, sims, page_idle, page_busy = [], [], [], [], []
            for _ in range(a.rounds):
                idle += probe(base, a.seconds / 3, page_idle)
                parent, child = mp.Pipe()
                p = mp.Process(target=simulation_load, args=(base, a.clients, a.seconds, child))
                p.start()
                time.sleep(1.0)  # let the clients connect and fill the queue
                busy += probe(base, a.seconds - 1.5, page_busy)
                sims += parent.recv()
                p.join()
        finally:
            proc.terminate()
            proc.wait()
    ok = [t for s, t in sims if s == 200]
    refused = [t for s, t in sims if s == 429]
    other = [(s, t) for s, t in sims if s not in (200, 429)]
    ms = lambda x: 1000 * x  # noqa: E731
    print(f"idle (floor): {len(idle)} status requests, p50 {ms(statistics.median(idle)):.1f} ms, "
          f"p99 {ms(_p(idle, 0.99)):.1f} ms")
    print(f"under load:   {len(busy)} status requests, p50 {ms(statistics.median(busy)):.1f} ms, "
          f"p99 {ms(_p(busy, 0.99)):.1f} ms, max {ms(max(busy)):.1f} ms")
    print(f"page /burden: p50 {ms(statistics.median(page_idle)):.0f} ms idle, {ms(statistics.median(page_busy)):.0f} "
          f"ms under load (max {ms(max(page_busy)):.0f} ms; {len(page_busy)} requests)")
    print(f"simulations:  {len(ok)} computed (p50 {statistics.median(ok) if ok else float('nan'):.2f} s, "
          f"max {max(ok) if ok else float('nan'):.2f} s), {len(refused)} refused with 429 (max "
          f"{ms(max(refused)) if refused else float('nan'):.0f} ms to answer), {len(other)} other "
          f"{json.dumps(other[:5])}")
    figure("simulate_load_status_p99_ms", ms(_p(busy, 0.99)), "<=", 50)
    figure("simulate_load_status_p99_over_idle", _p(busy, 0.99) / _p(idle, 0.99), "<=", 10)
    figure("simulate_load_longest_wait_s", max(t for _s, t in sims) if sims else float("nan"), "<=", 10)


if __name__ == "__main__":
    main()
