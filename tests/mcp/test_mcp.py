"""`hague mcp` over stdio with the official `mcp` client: list the tools, call each on its default question, and
a bad call. Figures: NATO, Defence Expenditure of NATO Countries (2014-2026), July 2026."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio

#: tool -> (arguments of its default question, a check on the document)
QUESTIONS = {
    "status": ({}, lambda d: next(r for r in d["rows"] if r["code"] == "DEU" and r["kind"] == "ally")["share_gdp"]
               == 2.69),
    "ally": ({"ally": "POL"}, lambda d: next(r for r in d["rows"] if r["year"] == 2025)[
        "core_defence_expenditure_share_gdp"] == 4.25),
    "check": ({"ally": "DEU", "commitment": "hague-2025.core", "year": 2026},
              lambda d: d["rows"][0]["value"] == 2.69 and d["rows"][0]["gap_pp"] == 0.81),
    "path": ({"ally": "DEU"}, lambda d: any(r["year"] == 2035 for r in d["rows"])),
    "simulate": ({"ally": "LTU"}, lambda d: "20,000 draws" in d["title"]),
    "plans": ({"ally": "DEU"}, lambda d: all(r["ally"] == "DEU" for r in d["rows"]) and len(d["rows"]) > 3),
    "related": ({}, lambda d: len(d["rows"]) > 10),
    # Poland 2026: 4.68% of GDP (NATO Table 3, estimate)
    "dossier": ({"ally": "POL", "draws": 2048}, lambda d: d["sections"][0]["text"][0].startswith(
        "Poland: 4.68% of GDP in 2026") and d["edition"] == "2026-07"),
    # NATO's August 2025 estimate for Poland 2025 was 4.48 (press copy), revised to 4.25 in July 2026
    "verify": ({"claim": "Poland spent 4.48% of GDP on defence in 2025"},
               lambda d: d["verdict"] == "match" and "since revised to 4.25" in d["reasons"][0]),
    # SIPRI trade register 2025-03 (imported from ../shared): F-35, 713 ordered by allies other than the US, 188 in
    "delivery": ({"system": "f-35"}, lambda d: next(r for r in d["rows"] if r["code"] == "ALLIES")["ordered"] == 713),
}


def _params():
    from mcp import StdioServerParameters

    exe = Path(sys.executable).with_name("hague")
    return StdioServerParameters(command=str(exe), args=["mcp"], env={"HAGUE_DATA_DIR": __import__("os").environ[
        "HAGUE_DATA_DIR"]})


async def _session(work):
    from mcp import Client

    async with Client(_params(), mode="legacy") as client:
        return await work(client)


def test_tools_over_stdio_list_call_and_refuse(delivery_data):
    async def work(client):
        listed = await client.list_tools()
        out = {"tools": {t.name: t for t in listed.tools}, "calls": {}, "bad": []}
        for name, (args, _) in QUESTIONS.items():
            out["calls"][name] = await client.call_tool(name, args)
        for name, args in [("ally", {"ally": "GER"}), ("status", {"year": 1990}), ("status", {"year": "2026x"}),
                           ("simulate", {"draws": 0}), ("path", {}), ("status", {"sort": "share_gdp"})]:
            out["bad"].append(await client.call_tool(name, args))
        return out

    out = anyio.run(_session, work)
    tools = out["tools"]
    assert set(QUESTIONS) <= set(tools)
    year = tools["status"].input_schema["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (2014, 2026)
    assert tools["simulate"].input_schema["properties"]["draws"]["default"] == 20000
    assert all(t.annotations.read_only_hint for t in tools.values())
    for name, (_, ok) in QUESTIONS.items():
        res = out["calls"][name]
        assert not res.is_error, (name, res.content[0].text)
        doc = json.loads(res.content[0].text)
        assert doc == res.structured_content
        assert ok(doc), name
        assert doc["edition"] and doc["sources"], name
        cols = doc["columns"] if "columns" in doc else [c for s in doc["sections"] for r in s["results"]
                                                         for c in r["columns"]]
        assert any(c["unit"] or c["key"] == "unit" for c in cols), name  # units travel with the figures
    plans = json.loads(out["calls"]["plans"].content[0].text)
    assert plans["edition"].startswith("national-plans, latest statement 20")
    status = json.loads(out["calls"]["status"].content[0].text)
    assert status["edition"] == "2026-07" and status["sources"][0]["dataset"] == "nato-2026"
    assert next(c for c in status["columns"] if c["key"] == "gap_35_usd_bn")["unit"].startswith("USD billion")
    bad = [r.content[0].text for r in out["bad"]]
    assert all(r.is_error for r in out["bad"]) and all(b.count("\n") == 0 for b in bad)
    assert bad[0] == "hague: error: unknown ally 'GER'; did you mean DEU (Germany)?"
    assert bad[1] == "hague: error: year 1990 is not in nato-2026 (edition 2026-07); available years: 2014-2026"
    assert bad[2] == 'hague: error: status: year must be a whole number; got "2026x"'
    assert bad[3] == "hague: error: simulate: draws 0 is out of range; accepted: >= 1 and <= 200000"
    assert bad[4].startswith("hague: error: path: ally is required")
    assert bad[5] == "hague: error: status: unknown argument 'sort'; accepted: year, edition"


def test_the_cli_gives_the_same_one_line_errors(capsys):
    """The same message for the same bad input in the CLI and over MCP."""
    from hague.cli import main
    from hague.mcp_server import call

    assert main(["ally", "GER"]) == 2
    cli = capsys.readouterr().err.strip()
    assert call("ally", {"ally": "GER"}) == (None, cli)
    assert main(["status", "--year", "1990"]) == 2
    cli = capsys.readouterr().err.strip()
    assert call("status", {"year": 1990}) == (None, cli)


def test_tools_are_read_only(delivery_data):
    """No tool writes: calling every tool leaves the data directory (with the imported registers) as it was."""
    from hague.mcp_server import call

    def state():
        return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in Path(delivery_data).rglob("*"))

    before = state()
    for name, (args, _) in QUESTIONS.items():
        doc, err = call(name, args)
        assert err is None, err
    assert state() == before


def test_without_a_register_delivery_says_what_to_import():
    from hague.mcp_server import call

    doc, err = call("delivery", {})
    assert doc is None and err.startswith("hague: error: no SIPRI Arms Transfers Database, trade register")
    assert "hague data import sipri-trade FILE" in err


def test_streamable_http_on_loopback(tmp_path):
    """`hague mcp --http` on 127.0.0.1: the same tools and answers over streamable HTTP."""
    import os
    import socket
    import subprocess
    import time

    from mcp import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("hague")
    proc = subprocess.Popen([str(exe), "mcp", "--http", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "HAGUE_DATA_DIR": str(tmp_path)})
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)

        async def work():
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                names = [t.name for t in (await client.list_tools()).tools]
                good = await client.call_tool("status", {"year": 2025})
                bad = await client.call_tool("ally", {"ally": "GER"})
                return names, good, bad

        names, good, bad = anyio.run(work)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert set(QUESTIONS) <= set(names)
    doc = json.loads(good.content[0].text)
    assert next(r for r in doc["rows"] if r["code"] == "POL" and r["kind"] == "ally")["share_gdp"] == 4.25
    assert bad.is_error and bad.content[0].text == "hague: error: unknown ally 'GER'; did you mean DEU (Germany)?"
