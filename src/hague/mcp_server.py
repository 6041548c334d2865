"""``hague mcp``: a Model Context Protocol server whose tools are hague's questions (official ``mcp`` SDK).

Each tool calls the public function the CLI command calls and returns its :class:`hague.results.Result` as JSON
(the same document as ``--format json``: rows rounded by the column specs, ``columns`` with unit and decimals,
``provenance`` with every source and its edition, notes), plus ``edition``, ``sources`` and ``footer`` at the top so
an assistant can cite them. The server is read-only: no tool writes to the plan registry or the data directory.

Input is checked against each tool's JSON Schema before anything runs; bad input is answered with ``isError`` and
one line, the same as the CLI prints (``hague: error: unknown ally 'GER'; did you mean DEU (Germany)?``).

Transports: stdio (default; ``hague mcp``) and streamable HTTP (``hague mcp --http --port 8765``, path ``/mcp``,
bound to 127.0.0.1 unless told otherwise).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["TOOLS", "Tool", "call", "tools", "tool_schemas", "build_server", "run_stdio", "run_http", "SERVER_NAME"]

SERVER_NAME = "hague"


class BadInput(Exception):
    """Input refused by a tool's schema (the message is the one line the client sees, after ``hague: error:``)."""


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    properties: dict
    run: Callable[[dict], object]
    required: tuple[str, ...] = ()

    def schema(self) -> dict:
        return {"type": "object", "properties": self.properties, "required": list(self.required),
                "additionalProperties": False}


# --- schema pieces -------------------------------------------------------------------------------------------


def _years() -> tuple[int, int]:
    """First and last year of the default NATO edition: the real limits a ``year`` argument may take."""
    from hague.data import DEFAULT_DATASET, dataset

    ys = dataset(DEFAULT_DATASET).years()
    return ys[0], ys[-1]


def _year(what: str = "year (default: the latest of the edition)") -> dict:
    lo, hi = _years()
    return {"type": "integer", "minimum": lo, "maximum": hi, "description": f"{what}; {lo}-{hi}"}


EDITION = {"type": "string", "minLength": 1, "maxLength": 60,
           "description": "dataset id, edition name or NATO year, e.g. 2025, NATO-2025 or nato-2026 (default "
                          "nato-2026; tool 'editions' in hague data editions)"}
ALLY = {"type": "string", "minLength": 1, "maxLength": 60,
        "description": "ally: ISO3 or ISO2 code or English name, e.g. DEU, PL or Lithuania"}
ALLIES = {"type": "string", "minLength": 1, "maxLength": 400,
          "description": "one ally or several separated by commas, e.g. DEU,POL (default: every ally)"}
TARGET = {"type": "number", "exclusiveMinimum": 0, "maximum": 20,
          "description": "share of GDP to reach, percent (default: The Hague's core share, 3.5, from the rule tree)"}


def _deadline() -> dict:
    lo, _ = _years()
    return {"type": "integer", "minimum": lo, "maximum": 2100,
            "description": "deadline year (default: The Hague's deadline, 2035, from the rule tree)"}


# --- the tools -------------------------------------------------------------------------------------------------


def _split(text: str | None) -> list[str] | None:
    return [c.strip() for c in text.split(",") if c.strip()] if text else None


def _status(a: dict):
    import hague

    return hague.status_result(a.get("year"), edition=a.get("edition"))


def _ally(a: dict):
    from hague.models.datatables import ally_result

    return ally_result(a["ally"], edition=a.get("edition"))


def _check(a: dict):
    import hague

    return hague.check_result(a.get("year"), commitment=_split(a.get("commitment")), ally=_split(a.get("ally")),
                              edition=a.get("edition"))


def _path(a: dict):
    import hague

    return hague.path_result(a["ally"], target=a.get("target"), by=a.get("by"),
                             shape=a.get("shape", "linear"), edition=a.get("edition"))


def _simulate(a: dict):
    import hague

    return hague.simulate_result("probability", draws=a.get("draws", 20_000), seed=a.get("seed", 20250625),
                                 allies=_split(a.get("ally")), scenario=a.get("scenario", "plans"),
                                 target=a.get("target"), by=a.get("by"), edition=a.get("edition"))


def _plans(a: dict):
    import hague

    return hague.plans_result(a.get("ally"), kind=a.get("kind"), as_of=_date(a.get("as_of")))


def _related(a: dict):
    import hague

    return hague.related_result(a.get("ally"))


def _date(text: str | None):
    if text is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"--as-of {text!r} is not a date; accepted: YYYY-MM-DD, e.g. 2025-12-31") from None


def _tools() -> list[Tool]:
    tools = [
        Tool("status", "Every ally against the 2% floor, the 20% equipment guideline and 3.5% of GDP in one year "
                       "(NATO figures): share of GDP, USD bn, real change, equipment share, per capita, gap to 3.5% "
                       "in pp and USD bn; then NATO, Europe and Canada, and the US (hague status).",
             {"year": _year(), "edition": EDITION}, _status),
        Tool("ally", "One ally's history, every NATO indicator per year (hague ally).",
             {"ally": ALLY, "edition": EDITION}, _ally, ("ally",)),
        Tool("check", "Each ally against each commitment (Wales 2014, Vilnius 2023, The Hague 2025 core 3.5% and "
                      "total 5%, national targets): met / likely / as likely as not / unlikely (pace test beside it), gap in pp and money, pace and the "
                      "year reached at that pace (hague check).",
             {"ally": ALLIES, "commitment": {"type": "string", "minLength": 1, "maxLength": 200,
                                             "description": "hague-2025, vilnius-2023, wales-2014, national, a "
                                                            "parameter such as hague-2025.core, or national.DEU; "
                                                            "several separated by commas (default: all)"},
              "year": _year(), "edition": EDITION}, _check),
        Tool("path", "Year-by-year budget one ally needs to reach a share of GDP by a deadline, in national "
                     "currency, current and constant 2021 USD, and the extra over today's share (hague path).",
             {"ally": ALLY, "target": TARGET, "by": _deadline(),
              "shape": {"type": "string", "enum": ["linear", "front", "back"], "default": "linear",
                        "description": "how the share rises: linear, front(-loaded) or back(-loaded)"},
              "edition": EDITION}, _path, ("ally",)),
        Tool("simulate", "Monte Carlo (20,000 draws by default): each ally's probability of reaching the target "
                         "share by 2029 and by the deadline, and of meeting its own national target, with the "
                         "central path's basis and source (hague simulate).",
             {"ally": ALLIES, "draws": {"type": "integer", "minimum": 1, "maximum": 200_000, "default": 20_000,
                                        "description": "number of draws (default 20,000)"},
              "seed": {"type": "integer", "minimum": 0, "maximum": 2**32 - 1, "default": 20250625,
                       "description": "random seed (the same seed gives the same numbers)"},
              "scenario": {"type": "string", "enum": ["plans", "trend", "target"], "default": "plans",
                           "description": "plans (stated national plans, else damped trend), trend or target"},
              "target": TARGET, "by": _deadline(), "edition": EDITION}, _simulate),
        Tool("plans", "National plans: stated targets, year-by-year paths, budget laws and drafts, each with its "
                      "source, kind of source, publication date and confidence (hague plans).",
             {"ally": ALLY, "kind": {"type": "string", "enum": ["target_share", "path_share", "path_amount",
                                                                "budget_law", "budget_draft"],
                                     "description": "only one kind of statement"},
              "as_of": {"type": "string", "minLength": 10, "maxLength": 10,
                        "description": "only what had been published by this date, YYYY-MM-DD"}}, _plans),
        Tool("related", "What allies claim toward the 1.5% of defence- and security-related spending, by the "
                        "declaration's categories, graded by evidence; NATO publishes no related figures "
                        "(hague related).",
             {"ally": {**ALLY, "description": ALLY["description"] + ", or NATO"}}, _related),
    ]
    return tools + _later_tools()


def _dossier(a: dict):
    from hague.models.dossier import dossier

    return dossier(a["ally"], draws=a.get("draws", 20_000), seed=a.get("seed", 20250625), edition=a.get("edition"),
                   sensitivity="none")


def _delivery(a: dict):
    from hague.models.money_delivery import delivery_result

    return delivery_result(a.get("ally"), a.get("capability"), system=a.get("system"))


def _verify(a: dict):
    from hague.models.verify import verify, verify_result

    structured = [k for k in ("ally", "year", "value", "unit") if k in a]
    if a.get("claim") and structured:
        raise BadInput("verify: give either claim (a sentence) or ally, year, value and unit, not both")
    if a.get("claim"):
        return verify_result(verify(a["claim"]))
    if not a.get("ally"):
        raise BadInput("verify: give claim (a sentence, e.g. 'Poland spent 4.48% of GDP on defence in 2025') or "
                       "ally, year, value and unit")
    return verify_result(verify(a["ally"], year=a.get("year"), value=a.get("value"), unit=a.get("unit"),
                                price_basis=a.get("price_basis", "current")))


def _later_tools() -> list[Tool]:
    """Tools over functions other parts of hague add (dossier, delivery; verify), present when they exist."""
    import importlib.util


    out = []
    if importlib.util.find_spec("hague.models.dossier") is not None:
        out.append(Tool("dossier", "Everything hague knows about one ally for the 2029 review: the review line, the "
                                   "trajectory against every dated pledge, core and related with evidence grades, "
                                   "the money path and fiscal space, the forecast (20,000 draws), burden share and "
                                   "NATO's revisions since the previous edition, each section with its tables and "
                                   "sources (hague dossier, without what-ifs or sensitivity).",
                        {"ally": ALLY, "draws": {"type": "integer", "minimum": 256, "maximum": 200_000,
                                                 "default": 20_000, "description": "Monte Carlo draws (default 20,000)"},
                         "seed": {"type": "integer", "minimum": 0, "maximum": 2**32 - 1, "default": 20250625,
                                  "description": "random seed"},
                         "edition": EDITION}, _dossier, ("ally",)))
    if importlib.util.find_spec("hague.models.verify") is not None:
        out.append(Tool("verify", "Check a published claim against every NATO edition, SIPRI (if imported) and the "
                                  "national plans: match / close / mismatch / cannot verify, with the reasons and "
                                  "every source consulted (hague verify). Give a sentence, or ally, year, value, unit.",
                        {"claim": {"type": "string", "minLength": 3, "maxLength": 500,
                                   "description": "the claim as a sentence, e.g. 'Poland spent 4.48% of GDP on "
                                                  "defence in 2025'"},
                         "ally": ALLY, "year": {"type": "integer", "minimum": 1949, "maximum": 2100,
                                                "description": "year of the claimed figure (SIPRI data start in "
                                                               "1949)"},
                         "value": {"type": "number", "description": "the claimed figure"},
                         "unit": {"type": "string", "minLength": 1, "maxLength": 20,
                                  "description": "pct_GDP, fraction_GDP, or a currency with _bn or _m (USD_bn, EUR_m)"},
                         "price_basis": {"type": "string", "enum": ["current", "constant_2021"], "default": "current",
                                         "description": "prices of an amount"}}, _verify))
    if importlib.util.find_spec("hague.models.money_delivery") is not None:
        out.append(Tool("delivery", "Money against delivery, from SIPRI's arms-transfer register (imported by the "
                                    "user; hague ships none): orders, deliveries and what is still to come, by "
                                    "capability area, ally or system such as f-35 or pac-3-mse.",
                        {"ally": ALLY, "capability": {"type": "string", "minLength": 1, "maxLength": 60,
                                                      "description": "capability area, e.g. air, air-defence"},
                         "system": {"type": "string", "minLength": 1, "maxLength": 60,
                                    "description": "headline system, e.g. f-35 or pac-3-mse"}}, _delivery))
    return out


TOOLS: dict[str, Tool] = {}


def tools() -> dict[str, Tool]:
    if not TOOLS:
        TOOLS.update({t.name: t for t in _tools()})
    return TOOLS


def tool_schemas() -> dict[str, dict]:
    return {name: t.schema() for name, t in tools().items()}


# --- input checking ------------------------------------------------------------------------------------------

_TYPES = {"integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false"}


def _check_value(tool: str, key: str, spec: dict, v) -> None:
    t = spec.get("type")
    ok = {"integer": isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer()),
          "number": isinstance(v, (int, float)) and not isinstance(v, bool),
          "string": isinstance(v, str), "boolean": isinstance(v, bool)}.get(t, True)
    if not ok:
        raise BadInput(f"{tool}: {key} must be {_TYPES.get(t, t)}; got {json.dumps(v)}")
    if "enum" in spec and v not in spec["enum"]:
        raise BadInput(f"{tool}: unknown {key} {v!r}; accepted: {', '.join(spec['enum'])}")
    if isinstance(v, str):
        if len(v.strip()) < spec.get("minLength", 0):
            raise BadInput(f"{tool}: {key} is empty; {spec.get('description', '')}".rstrip("; "))
        if len(v) > spec.get("maxLength", 10**9):
            raise BadInput(f"{tool}: {key} is longer than {spec['maxLength']} characters")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        import math

        lo, hi = spec.get("minimum"), spec.get("maximum")
        if not math.isfinite(v):
            raise BadInput(f"{tool}: {key} must be a finite number; got {v}")
        xlo = spec.get("exclusiveMinimum")
        if (lo is not None and v < lo) or (hi is not None and v > hi) or (xlo is not None and v <= xlo):
            if key == "year":
                from hague.data import dataset, resolve_edition

                dataset(resolve_edition(None)).check_year(int(v))  # the CLI's message (years of the data)
            low = f">= {lo}" if lo is not None else f"> {xlo}"
            raise BadInput(f"{tool}: {key} {v:g} is out of range; accepted: {low} and <= {hi}")


def check_arguments(tool: Tool, args: dict | None) -> dict:
    """The arguments checked against the tool's schema (unknown, missing, type, enum, length and range), with
    integers as int; a refusal raises :class:`BadInput` with one line."""
    args = dict(args or {})
    unknown = [k for k in args if k not in tool.properties]
    if unknown:
        accepted = ", ".join(tool.properties) or "none"
        raise BadInput(f"{tool.name}: unknown argument {unknown[0]!r}; accepted: {accepted}")
    for k in tool.required:
        if args.get(k) is None:
            raise BadInput(f"{tool.name}: {k} is required ({tool.properties[k].get('description', '')})")
    out = {}
    for k, v in args.items():
        if v is None:
            continue
        spec = tool.properties[k]
        _check_value(tool.name, k, spec, v)
        out[k] = int(v) if spec.get("type") == "integer" else v
    return out


def document(result, tool: str, args: dict) -> dict:
    """The JSON a tool returns: the Result's document plus tool, arguments, edition, sources and footer (a
    dossier: its sections, each with its Results, and every source)."""
    if not hasattr(result, "provenance"):  # a Document (dossier): sections of Results
        doc = result.to_dict()
        eds = list(dict.fromkeys(s["edition"] for s in doc["sources"] if s.get("edition")))
        return {"tool": tool, "arguments": args, "edition": eds[0] if eds else "",
                "footer": " ".join(f"{s['attribution'] or s['title']}; dataset {s['dataset']}, edition "
                                   f"{s['edition']}." for s in doc["sources"]), **doc}
    doc = result.to_dict()
    if "verdict" in result.meta:  # verify: the answer first
        doc = {"verdict": result.meta["verdict"], "reasons": list(result.meta.get("reasons", [])), **doc}
    edition = result.provenance.edition
    if not edition and result.provenance.sources:  # a ledger (plans, related claims): dated by its latest statement
        dates = [str(r.get("published")) for r in result.rows if r.get("published")]
        edition = f"{result.provenance.dataset}, latest statement {max(dates)}" if dates else result.provenance.dataset
    return {"tool": tool, "arguments": args, "edition": edition,
            "sources": [s.to_dict() for s in result.provenance.sources], "footer": result.footer(), **doc}


def call(name: str, args: dict | None = None) -> tuple[dict | None, str | None]:
    """Run one tool: ``(document, None)`` or ``(None, "hague: error: ...")`` (the CLI's one line)."""
    from hague.errors import HagueError

    tool = tools().get(name)
    if tool is None:
        return None, f"hague: error: unknown tool {name!r}; accepted: {', '.join(tools())}"
    try:
        checked = check_arguments(tool, args)
        return document(tool.run(checked), name, checked), None
    except (BadInput, HagueError) as exc:
        return None, "hague: error: " + " ".join(str(exc).split())
    except Exception as exc:  # a bug: one line to the client, the traceback to the server's stderr
        import sys
        import traceback

        traceback.print_exc(file=sys.stderr)
        return None, f"hague: error: {name} failed ({type(exc).__name__}: {' '.join(str(exc).split())}); a bug in hague"


# --- the server --------------------------------------------------------------------------------------------------


def build_server():
    """The MCP server (``mcp.server.lowlevel.Server``) with hague's tools, read-only."""
    import anyio
    import mcp_types as types
    from mcp.server.lowlevel import Server

    async def list_tools(ctx, params) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[
            types.Tool(name=t.name, title=f"hague {t.name}", description=t.description, input_schema=t.schema(),
                       annotations=types.ToolAnnotations(read_only_hint=True, destructive_hint=False,
                                                         idempotent_hint=True, open_world_hint=False))
            for t in tools().values()])

    async def call_tool(ctx, params) -> types.CallToolResult:
        doc, err = await anyio.to_thread.run_sync(call, params.name, params.arguments)
        if err is not None:
            return types.CallToolResult(content=[types.TextContent(type="text", text=err)], is_error=True)
        text = json.dumps(doc, ensure_ascii=False, default=str)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)],
                                    structured_content=json.loads(text))

    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("hague")
    except PackageNotFoundError:  # pragma: no cover
        v = "0"
    return Server(SERVER_NAME, version=v, title="hague: NATO defence-investment figures with sources",
                  instructions="Tools answer with hague's tables as JSON: rows, columns with units and decimals, "
                               "sources with editions. Cite the footer. Read-only.",
                  get_tool_input_schema=lambda name: tools()[name].schema() if name in tools() else None,
                  on_list_tools=list_tools, on_call_tool=call_tool)


#: modules a tool's first answer would otherwise import (pandas and the Monte Carlo alone take about a second)
WARM_MODULES = ("pandas", "hague.rules.check", "hague.models.projection", "hague.models.montecarlo", "hague.models.burden", "hague.models.dossier",
                "hague.models.datatables", "hague.rules.five_percent")


def warm_up() -> None:
    """Import what the tools use and read the default datasets and the imported SIPRI register, in a background
    thread at start (no answer is computed or cached: the first question still runs its model; it no longer waits
    for imports and file parsing)."""
    import importlib
    import threading

    def work() -> None:
        for m in WARM_MODULES:
            try:
                importlib.import_module(m)
            except ImportError:
                pass
        from hague.data import DEFAULT_DATASET, DEFAULT_ECONOMICS, dataset
        from hague.errors import HagueError

        dataset(DEFAULT_DATASET), dataset(DEFAULT_ECONOMICS)
        try:  # the user's imported SIPRI register, when there is one (parsed once, kept in the process)
            from hague.models.money_delivery import ledger

            ledger()
        except (ImportError, HagueError):
            pass

    threading.Thread(target=work, name="hague-mcp-warm-up", daemon=True).start()


def run_stdio() -> None:
    """Serve over stdin/stdout until the client closes it."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server()
    warm_up()

    async def main() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(main)


def run_http(host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve streamable HTTP at ``http://HOST:PORT/mcp`` (uvicorn)."""
    import uvicorn

    app = build_server().streamable_http_app(streamable_http_path="/mcp", host=host, stateless_http=True,
                                             json_response=True)
    warm_up()
    uvicorn.run(app, host=host, port=port, log_level="warning")
