"""The core (data, rules, economics, models, sources) imports nothing from the faces (cli, web, store)."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "hague"
CORE = ["allies.py", "errors.py", "data", "rules", "economics", "models", "sources"]
FACES = ("hague.cli", "hague.web", "hague.store")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
    return out


def _core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        p = PKG / entry
        files += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return files


def test_core_does_not_import_faces():
    files = _core_files()
    assert len(files) > 10
    bad = [(f.relative_to(PKG), m) for f in files for m in _imports(f) if m.startswith(FACES)]
    assert not bad, f"core modules importing cli/web/store: {bad}"


def test_core_does_not_import_web_frameworks():
    files = _core_files()
    frameworks = ("fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "jinja2", "argparse")
    bad = [(f.relative_to(PKG), m) for f in files for m in _imports(f) if m.split(".")[0] in frameworks]
    assert not bad, bad
