"""Shared fixtures: databases (SQLite always, PostgreSQL when HAGUE_TEST_POSTGRES_URL is set), registries, plans."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

#: the project's shared folder (real data and official files), beside the checkout: ../shared
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir():  # a git worktree at /work/wt/<branch>: shared is /work/shared
    SHARED = Path(__file__).resolve().parents[1].parent.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file of ../shared that a test needs: the path, or a skip on a machine without ../shared.

    When the environment variable ``CI`` is set, a missing file FAILS the test instead (CI always has
    ../shared beside the checkout, so a missing file there is a broken setup, never a reason to skip).
    """
    relative = "/".join(parts)
    p = SHARED / relative
    if p.exists():
        return p
    msg = f"{p} is missing (../shared/{relative} beside the checkout)"
    if os.environ.get("CI"):
        pytest.fail(msg + "; CI is set, so this is a failure, not a skip")
    pytest.skip(msg)


@pytest.fixture
def shared_file():
    """The helper :func:`shared_path` as a fixture: ``shared_file("data/official/nato/...xlsx")``."""
    return shared_path

PASSWORD = "correct-horse-battery-staple"


def plan_csv(ally: str, *, start: int = 2026, core0: float = 2.0, step: float = 0.2, related: float = 1.0,
             end: int = 2035) -> str:
    """A well-formed plan (columns of hague.rules.plans): core rising by ``step`` a year, capped at 3.5."""
    lines = ["ally,year,core_share_gdp,related_share_gdp"]
    for i, y in enumerate(range(start, end + 1)):
        lines.append(f"{ally},{y},{min(3.5, round(core0 + step * i, 2))},{related}")
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Tests never touch the user's real data directory."""
    monkeypatch.setenv("HAGUE_DATA_DIR", str(tmp_path_factory.mktemp("hague-data")))


def _pg_admin_url() -> str | None:
    return os.environ.get("HAGUE_TEST_POSTGRES_URL") or None


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh empty database: SQLite file, or a new PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    admin = _pg_admin_url()
    if not admin:
        msg = "HAGUE_TEST_POSTGRES_URL not set: PostgreSQL variant not run (.ci/run starts a server and sets it)"
        if os.environ.get("CI"):
            pytest.fail(msg + "; CI is set, so this is a failure, not a skip")
        pytest.skip(msg)
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"hague_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def registry(db_url):
    from hague.store import open_registry

    reg = open_registry(db_url)
    yield reg
    reg.engine.dispose()


@pytest.fixture
def people(registry):
    """admin, a delegate of Germany, a delegate of Poland (principals)."""
    registry.create_user(None, "staff", PASSWORD, "admin")
    registry.create_user(None, "deu-delegate", PASSWORD, "delegate", "DEU")
    registry.create_user(None, "pol-delegate", PASSWORD, "delegate", "POL")
    return {k: registry.principal_for(u) for k, u in
            (("admin", "staff"), ("deu", "deu-delegate"), ("pol", "pol-delegate"))}



#: the real delivery files of ../shared/data/delivery imported by the ``delivery_data`` fixture (kind, path)
DELIVERY_FILES = (
    ("sipri-trade", "data/delivery/sipri/trade-register-2025-03.csv"),
    ("sipri-trade", "data/delivery/sipri/trade-register-2025-10-delivered.csv"),
    ("sipri-trade", "data/delivery/sipri/china-exports-2026/trade_register_china_2000_2025.csv"),
    ("sipri-deliveries", "data/delivery/sipri/deliveries-by-year-1950-2025.json"),
    ("kiel", "data/delivery/kiel-ust-release29"),
)


@pytest.fixture(scope="session")
def _delivery_dir(tmp_path_factory):
    """A data dir holding the real SIPRI and Kiel files of ../shared, imported once per session with
    ``hague data import`` (Eurostat and Statskontoret are shipped). Missing files skip, or fail under CI."""
    paths = [(kind, shared_path(*rel.split("/"))) for kind, rel in DELIVERY_FILES]
    d = tmp_path_factory.mktemp("hague-delivery-data")
    old = os.environ.get("HAGUE_DATA_DIR")
    os.environ["HAGUE_DATA_DIR"] = str(d)
    try:
        from hague.sources.delivery_store import import_delivery

        for kind, p in paths:
            import_delivery(kind, p)
    finally:
        if old is None:
            os.environ.pop("HAGUE_DATA_DIR", None)
        else:
            os.environ["HAGUE_DATA_DIR"] = old
    return d


@pytest.fixture
def delivery_data(_delivery_dir, monkeypatch):
    """HAGUE_DATA_DIR pointing at the real SIPRI registers, SIPRI deliveries per year and Kiel release 29
    (imported from ../shared): ``hague.models.money_delivery`` functions read them by default."""
    monkeypatch.setenv("HAGUE_DATA_DIR", str(_delivery_dir))
    return _delivery_dir


#: test files that start real heavy components (a browser, a Dask cluster, PostgreSQL writers in processes, PDF
#: rendering, full exports, long Monte Carlo runs): marked ``slow``. ``pytest -m "not slow"`` is the everyday fast
#: core; plain ``pytest`` (the README's command, and CI) runs everything.
SLOW_FILES = {
    "web/test_browser.py", "web/test_responsive.py", "web/test_accessibility.py", "web/test_delivery_browser.py",
    "web/test_contract.py", "web/test_schemathesis.py", "web/test_serving.py", "web/test_reliability.py",
    "store/test_concurrency.py", "dossier/test_dossier.py", "exports/test_exports.py", "models/test_whatif.py",
    "models/test_backtest.py", "models/test_montecarlo.py",
}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: starts a heavy real component (browser, cluster, processes, PDF); "
                                       "deselect with -m 'not slow' for the everyday run")


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent
    for item in items:
        try:
            rel = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        except ValueError:
            continue
        if rel in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
