"""Registry write load: 32 delegations filing plans at once against a real ``hague serve`` on loopback.

For each database (SQLite in a throw-away directory; PostgreSQL when ``--postgres URL`` or
``$HAGUE_TEST_POSTGRES_URL`` is given, in a throw-away database created and dropped here):

1. create 32 delegate accounts (one per ally with armed forces, plus Iceland's) and an API token each;
2. start ``hague serve`` (one worker, or ``--workers N``) on 127.0.0.1;
3. 32 threads, one per delegation, each POST ``--per-delegation`` plans (each with a unique ``client_ref``) to
   ``/api/v1/plans/{ally}/submissions``, one after the other, with a 5 s client timeout; bounded by ``--seconds``;
4. stop the server and count what the database holds: every acknowledged (201) submission must be stored.

Prints acknowledged, stored, lost, failed, p50/p99/max latency of the acknowledged requests, and the latency of one
delegation filing alone (the floor: the same request with no contention), then lines
``figure <name> <value> goal <op> <target>``. Asserts nothing; exit 0. Loopback only; about 1-2 minutes.

Usage: ``python benchmarks/registry_load.py [--per-delegation 10] [--seconds 90] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import httpx

PASSWORD = "benchmark-password-1234"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plan_csv(ally: str, i: int) -> str:
    lines = ["ally,year,core_share_gdp,related_share_gdp"]
    for k, y in enumerate(range(2026, 2036)):
        lines.append(f"{ally},{y},{min(3.5, round(2.0 + (i % 7) / 10 + 0.15 * k, 2))},1.0")
    return "\n".join(lines) + "\n"


def prepare(url: str, allies: list[str]) -> dict[str, str]:
    from hague.store import open_registry

    reg = open_registry(url)
    tokens = {}
    for a in allies:
        user = f"{a.lower()}-delegate"
        reg.create_user(None, user, PASSWORD, "delegate", a)
        tokens[a] = reg.create_token(reg.principal_for(user), "load")[0]
    reg.engine.dispose()
    return tokens


def stored_ids(url: str) -> set[int]:
    from sqlalchemy import select

    from hague.store import open_registry
    from hague.store.models import Submission

    reg = open_registry(url, migrate=False)
    with reg._sessions() as s:
        ids = set(s.execute(select(Submission.id)).scalars())
    ok = reg.verify_audit(None).ok
    reg.engine.dispose()
    return ids if ok else set()


def serve(url: str, data_dir: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "HAGUE_DATA_DIR": data_dir, "HAGUE_ADMIN_PASSWORD": PASSWORD}
    proc = subprocess.Popen([sys.executable, "-m", "hague.cli", "serve", "--port", str(port), "--database-url", url,
                             "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def stop(proc: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def run(url: str, label: str, args) -> dict:
    from hague.allies import all_allies

    allies = [a.iso3 for a in all_allies()][:32]
    tokens = prepare(url, allies)
    with tempfile.TemporaryDirectory() as d:
        proc, base = serve(url, d, args.workers)
        try:
            # the floor: one delegation alone, same request
            solo = []
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens[allies[0]]}"}, timeout=5) as c:
                for i in range(10):
                    t = time.perf_counter()
                    r = c.post(f"/api/v1/plans/{allies[0]}/submissions",
                               json={"filename": "p.csv", "content": plan_csv(allies[0], i), "client_ref": f"solo-{i}"})
                    solo.append(time.perf_counter() - t)
                    assert r.status_code == 201, r.text
            acked: dict[str, int] = {"solo": 10}
            lat: list[float] = []
            failed: list[str] = []
            lock = threading.Lock()
            deadline = time.monotonic() + args.seconds
            start = threading.Barrier(len(allies))
            solo_ids = stored_ids(url)

            def delegation(code: str) -> None:
                with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens[code]}"},
                                  timeout=5) as c:
                    start.wait()
                    for i in range(args.per_delegation):
                        if time.monotonic() > deadline:
                            return
                        ref = f"{code}-{i}-{uuid.uuid4().hex[:6]}"
                        t = time.perf_counter()
                        try:
                            r = c.post(f"/api/v1/plans/{code}/submissions",
                                       json={"filename": f"{ref}.csv", "content": plan_csv(code, i), "client_ref": ref})
                        except httpx.HTTPError as exc:
                            with lock:
                                failed.append(f"{ref}: {type(exc).__name__}")
                            continue
                        dt = time.perf_counter() - t
                        with lock:
                            if r.status_code == 201:
                                acked[ref] = r.json()["id"]
                                lat.append(dt)
                            else:
                                failed.append(f"{ref}: HTTP {r.status_code}")

            threads = [threading.Thread(target=delegation, args=(a,)) for a in allies]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
        finally:
            stop(proc)
    ids = stored_ids(url) - solo_ids
    load_acked = {k: v for k, v in acked.items() if k != "solo"}
    lost = [k for k, v in load_acked.items() if v not in ids]
    lat.sort()
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    out = {"label": label, "acknowledged": len(load_acked), "stored": len(ids), "lost": len(lost),
           "failed": len(failed), "p50": q[49], "p99": q[98], "max": lat[-1] if lat else float("nan"),
           "solo_p50": statistics.median(solo), "wall": wall, "delegations": len(allies)}
    print(f"{label}: {out['delegations']} delegations x {args.per_delegation} plans, {args.workers} worker(s), "
          f"{wall:.1f} s")
    print(f"  acknowledged {out['acknowledged']}, stored {out['stored']}, lost {out['lost']}, failed {out['failed']}"
          + (f" (first: {failed[0]})" if failed else ""))
    print(f"  latency of acknowledged writes: p50 {1000 * out['p50']:.0f} ms, p99 {1000 * out['p99']:.0f} ms, "
          f"max {1000 * out['max']:.0f} ms; one delegation alone (floor): p50 {1000 * out['solo_p50']:.0f} ms "
          f"(p99 / floor = {out['p99'] / out['solo_p50']:.1f})")
    return out


def _pg_database(admin_url: str):
    import psycopg

    name = f"hague_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}", drop


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--per-delegation", type=int, default=10, help="plans each delegation files (default 10)")
    p.add_argument("--seconds", type=float, default=90, help="stop filing after this long (default 90)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--postgres", default=os.environ.get("HAGUE_TEST_POSTGRES_URL"),
                   help="PostgreSQL admin URL (a throw-away database is created); default $HAGUE_TEST_POSTGRES_URL")
    args = p.parse_args(argv)
    args.per_delegation = max(1, min(args.per_delegation, 100))
    args.seconds = max(5.0, min(args.seconds, 600.0))
    results = []
    with tempfile.TemporaryDirectory() as d:
        results.append(run(f"sqlite:///{d}/hague.sqlite3", "sqlite", args))
    if args.postgres:
        url, drop = _pg_database(args.postgres)
        try:
            results.append(run(url, "postgresql", args))
        finally:
            drop()
    else:
        print("postgresql: skipped (no --postgres URL and no $HAGUE_TEST_POSTGRES_URL)")
    for r in results:
        print(f"figure registry_{r['label']}_p99_ms {1000 * r['p99']:.0f} goal <= 500")
        print(f"figure registry_{r['label']}_lost {r['lost']} goal == 0")
        print(f"figure registry_{r['label']}_failed {r['failed']} goal == 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
