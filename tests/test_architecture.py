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


RESULT_LAYER = ("hague.results", "hague.render", "hague.columns", "hague.export", "hague.errors")
FACE_DIRS = ["cli", "web"]


def _module_all(module: str) -> set[str] | None:
    """The names in a core module's ``__all__`` (its public interface), read from the source."""
    rel = module.removeprefix("hague").lstrip(".").replace(".", "/")
    path = PKG / f"{rel}.py" if rel else PKG / "__init__.py"
    if not path.exists():
        path = PKG / rel / "__init__.py"
    if not path.exists():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
    return set()


def test_faces_import_the_core_only_through_its_public_api_and_the_result_layer():
    """cli/ and web/ import from the core only names a core module exports (its ``__all__``), plus the result
    layer; never a private helper or an unexported name."""
    bad = []
    for d in FACE_DIRS:
        for f in sorted((PKG / d).rglob("*.py")):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom) or not node.module or not node.module.startswith("hague"):
                    continue
                mod = node.module
                if mod.startswith(FACES) or mod.startswith(RESULT_LAYER):
                    continue
                public = _module_all(mod)
                for a in node.names:
                    if not a.name.startswith("__") and (public is None or a.name not in public):
                        bad.append(f"{f.relative_to(PKG)}: from {mod} import {a.name}")
    assert not bad, "faces importing unexported core names:\n" + "\n".join(bad)


def test_cli_and_python_api_work_without_the_web_stack():
    """`pip install -e .` (no [web] extra): the CLI and the Python API run with FastAPI, uvicorn, SQLAlchemy,
    Alembic, argon2 and psycopg absent; `hague serve` says in one line how to install them."""
    import subprocess
    import sys

    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in {'fastapi', 'starlette', 'uvicorn', 'sqlalchemy', 'alembic', 'argon2',\n"
        "                                  'psycopg', 'pydantic_settings', 'jinja2', 'multipart'}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    code = blocker + (
        "import hague\n"
        "assert hague.status(2025).set_index('code').loc['POL', 'share_gdp'].item() == 4.25\n"
        "from hague.cli import main\n"
        "assert main(['status', '--year', '2025', '--format', 'csv']) == 0\n"
        "assert main(['check', '--ally', 'DEU', '--format', 'csv']) == 0\n"
        "sys.exit(main(['serve']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PKG.parents[1])
    assert r.returncode == 2, r.stderr
    assert "POL,Poland,ally,4.25" in r.stdout
    err = r.stderr.strip().splitlines()[-1]
    assert err.startswith("hague: error: this command needs the web extra") and "pip install -e '.[web]'" in err
