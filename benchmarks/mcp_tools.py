"""``hague mcp``: how long each tool takes to answer its default question over stdio, with the official client.

The server is started as a user's assistant starts it (``hague mcp``, stdio). On start it imports what the tools
use in a background thread (pandas, the Monte Carlo, the dossier; no answer is computed). Two sessions:

- **settled**: the client connects, lists the tools, waits 3 s (an assistant asks its first question later than
  that), then calls each tool once (its first call: data read, the Monte Carlo calibrated and run) and then N
  rounds, interleaved with the floor: an MCP ``ping`` round trip on the same session (protocol and transport alone,
  no hague work); the server's CPU time per call is read from /proc beside the wall time. Figures: each tool's first call and the median of the later calls (goal <= 1 s each).
- **cold**: a fresh server asked every question the moment it has started (import and warm-up compete with the
  first answers); printed for the record, without a goal.

Default questions: status (latest year), ally POL, check (every ally and commitment), path DEU, simulate (every
ally, 20,000 draws, seed 20250625), plans, related (every claim), dossier POL (20,000 draws, no what-ifs or
sensitivity), delivery (every capability area; needs SIPRI's trade register, imported from ../shared into a
temporary data directory first, as `hague data import sipri-trade FILE` does), verify "Poland spent 4.48% of GDP
on defence in 2025".

    python benchmarks/mcp_tools.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header, load  # noqa: E402

QUESTIONS = {"status": {}, "ally": {"ally": "POL"}, "check": {}, "path": {"ally": "DEU"}, "simulate": {},
             "plans": {}, "related": {}, "dossier": {"ally": "POL"}, "delivery": {},
             "verify": {"claim": "Poland spent 4.48% of GDP on defence in 2025"}}
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir():
    SHARED = Path(__file__).resolve().parents[1].parent.parent / "shared"


def data_dir() -> str:
    """A temporary data directory with SIPRI's trade register and deliveries per year imported (if ../shared has
    them), so that the delivery tool answers."""
    d = tempfile.mkdtemp(prefix="hague-mcp-bench-")
    os.environ["HAGUE_DATA_DIR"] = d
    files = [("sipri-trade", "data/delivery/sipri/trade-register-2025-03.csv"),
             ("sipri-deliveries", "data/delivery/sipri/deliveries-by-year-1950-2025.json")]
    try:
        from hague.sources.delivery_store import import_delivery

        for kind, rel in files:
            if (SHARED / rel).exists():
                import_delivery(kind, SHARED / rel)
    except ImportError:
        pass
    return d


def server_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's children (the server): a measure that other jobs
    on a loaded machine disturb far less than wall time."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
    return total


async def session(rounds: int, settle: float, env: dict) -> dict:
    import anyio

    from mcp import Client, StdioServerParameters

    exe = Path(sys.executable).with_name("hague")
    out: dict = {"first": {}, "warm": {t: [] for t in QUESTIONS}, "cpu": {t: [] for t in QUESTIONS}, "ping": [],
                 "errors": {}}
    async with Client(StdioServerParameters(command=str(exe), args=["mcp"], env=env), mode="legacy") as client:
        names = [t.name for t in (await client.list_tools()).tools]
        questions = {k: v for k, v in QUESTIONS.items() if k in names}
        out["missing"] = [k for k in QUESTIONS if k not in names]
        await anyio.sleep(settle)
        for name, args in questions.items():
            t = time.perf_counter()
            r = await client.call_tool(name, args)
            out["first"][name] = time.perf_counter() - t
            if r.is_error:
                out["errors"][name] = r.content[0].text
        for _ in range(rounds):
            for name, args in questions.items():
                t = time.perf_counter()
                await client.send_ping()
                out["ping"].append(time.perf_counter() - t)
                c, t = server_cpu(), time.perf_counter()
                await client.call_tool(name, args)
                out["warm"][name].append(time.perf_counter() - t)
                out["cpu"][name].append(server_cpu() - c)
    return out


def main() -> None:
    import warnings

    import anyio

    warnings.filterwarnings("ignore", message="ping is removed")  # the floor uses the legacy-mode ping on purpose
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    header("hague mcp: each tool's default question over stdio (official mcp client)")
    env = {"HAGUE_DATA_DIR": data_dir()}
    cold = anyio.run(session, 0, 0.0, env)
    out = anyio.run(session, a.rounds, 3.0, env)
    floor = statistics.median(out["ping"])
    print(f"  floor: MCP ping round trip on the same session, median {floor * 1000:.2f} ms")
    print(f"  {'tool':<10} {'cold s':>7} {'first s':>8} {'median s':>9} {'max s':>7} {'x ping':>8} {'cpu s':>7}")
    for name in out["first"]:
        warm = out["warm"][name]
        med = statistics.median(warm)
        print(f"  {name:<10} {cold['first'].get(name, float('nan')):7.3f} {out['first'][name]:8.3f} {med:9.3f} "
              f"{max(warm):7.3f} {med / floor:8.0f} {statistics.median(out['cpu'][name]):7.3f}")
    print("  (cpu s: the server's CPU time per later call, median; wall times grow with the machine's load)")
    for name, err in out["errors"].items():
        print(f"  !! {name} answered an error: {err}")
    if out["missing"]:
        print(f"  not served by this hague: {', '.join(out['missing'])}")
    for name in out["first"]:
        figure(f"mcp_{name}_first_s", out["first"][name], "<=", 1)
        figure(f"mcp_{name}_s", statistics.median(out["warm"][name]), "<=", 1)
    print(f"  load average after: {load()}")


if __name__ == "__main__":
    main()
