"""``hague mcp``: hague's questions as Model Context Protocol tools (stdio or streamable HTTP), read-only."""

from __future__ import annotations

import click


@click.command("mcp")
@click.option("--http", "http", is_flag=True, help="serve streamable HTTP at http://HOST:PORT/mcp instead of stdio")
@click.option("--host", default="127.0.0.1", show_default=True, help="address for --http")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="port for --http")
@click.option("--list", "list_tools", is_flag=True, help="print the tools and their input schemas as JSON and stop")
def command(http: bool, host: str, port: int, list_tools: bool) -> int:
    """Serve hague's tools to an MCP client (an AI assistant): status, ally, check, path, simulate, plans,
    related, dossier, delivery, verify. Each returns the Result as JSON with units, sources and edition; bad input gets the CLI's one-line
    error. Read-only: nothing is written. Needs the mcp extra: pip install -e '.[mcp]'.

    For a client's configuration: command `hague`, arguments `["mcp"]` (stdio).
    """
    import importlib.util

    from hague.errors import HagueError

    if list_tools:
        import json

        from hague.mcp_server import tool_schemas, tools

        click.echo(json.dumps([{"name": n, "description": t.description, "inputSchema": tool_schemas()[n]}
                               for n, t in tools().items()], indent=2))
        return 0
    if importlib.util.find_spec("mcp") is None:
        raise HagueError("hague mcp needs the mcp extra (mcp not installed): pip install -e '.[mcp]'")
    from hague.mcp_server import run_http, run_stdio

    if http:
        if importlib.util.find_spec("uvicorn") is None:
            raise HagueError("hague mcp --http needs uvicorn: pip install -e '.[mcp,web]'")
        run_http(host, port)
    else:
        run_stdio()
    return 0
