"""``hague mcp``: how long each tool takes to answer its default question over stdio, with the official client.

The server is started as a user's assistant starts it (``hague mcp``, stdio); one client session calls each tool
once (its first call in the session: modules imported, data read, the Monte Carlo calibrated) and then N rounds,
interleaved with the floor: an MCP ``ping`` round trip on the same session (the protocol and transport alone, no
hague work). Default questions: status (latest year), ally POL, check (every ally and commitment), path DEU,
simulate (every ally, 20,000 draws, seed 20250625), plans (every ally), related (every claim).

Figures: per tool, the first call and the median of the later calls in seconds (goal <= 1 s each); the ratio of
the median to the ping floor is printed beside them.

    python benchmarks/mcp_tools.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import figure, header, load  # noqa: E402

QUESTIONS = {"status": {}, "ally": {"ally": "POL"}, "check": {}, "path": {"ally": "DEU"}, "simulate": {},
             "plans": {}, "related": {}}


async def measure(rounds: int) -> dict:
    from mcp import Client, StdioServerParameters

    exe = Path(sys.executable).with_name("hague")
    out: dict = {"first": {}, "warm": {t: [] for t in QUESTIONS}, "ping": []}
    async with Client(StdioServerParameters(command=str(exe), args=["mcp"]), mode="legacy") as client:
        names = [t.name for t in (await client.list_tools()).tools]
        for name in names:
            if name not in QUESTIONS:
                QUESTIONS[name] = {}
                out["warm"][name] = []
        for name, args in QUESTIONS.items():
            t = time.perf_counter()
            r = await client.call_tool(name, args)
            out["first"][name] = time.perf_counter() - t
            assert not r.is_error, (name, r.content[0].text)
        for _ in range(rounds):
            for name, args in QUESTIONS.items():
                t = time.perf_counter()
                await client.send_ping()
                out["ping"].append(time.perf_counter() - t)
                t = time.perf_counter()
                await client.call_tool(name, args)
                out["warm"][name].append(time.perf_counter() - t)
    return out


def main() -> None:
    import warnings

    import anyio

    warnings.filterwarnings("ignore", message="ping is removed")  # the floor uses the legacy-mode ping on purpose

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    header("hague mcp: each tool's default question over stdio (official mcp client)")
    out = anyio.run(measure, a.rounds)
    floor = statistics.median(out["ping"])
    print(f"  floor: MCP ping round trip on the same session, median {floor * 1000:.2f} ms")
    print(f"  {'tool':<10} {'first s':>8} {'median s':>9} {'max s':>7} {'x ping':>8}")
    for name in QUESTIONS:
        warm = out["warm"][name]
        med = statistics.median(warm)
        print(f"  {name:<10} {out['first'][name]:8.3f} {med:9.3f} {max(warm):7.3f} {med / floor:8.0f}")
    for name in QUESTIONS:
        figure(f"mcp_{name}_first_s", out["first"][name], "<=", 1)
        figure(f"mcp_{name}_s", statistics.median(out["warm"][name]), "<=", 1)
    print(f"  load average after: {load()}")


if __name__ == "__main__":
    main()
