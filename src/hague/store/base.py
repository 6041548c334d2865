"""What every part of the registry shares: the engine, the settings, read and write transactions, the clock."""

from __future__ import annotations

from collections.abc import Iterator
import threading
from collections import deque
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from hague.store import audit
from hague.store.db import session_factory
from hague.store.principal import require_admin, require_ally, require_signed_in
from hague.store.settings import Settings

__all__ = ["RegistryBase", "now", "aware", "check_ally"]


def now() -> datetime:
    return datetime.now(UTC)


def aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def check_ally(code: str) -> str:
    from hague.allies import resolve

    return resolve(code).iso3


class FifoLock:
    """A lock granted in arrival order (``threading.Lock`` lets a releasing thread barge back in ahead of waiters).

    >>> lock = FifoLock()
    >>> with lock:
    ...     lock.locked()
    True
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Lock] = deque()
        self._held = False

    def locked(self) -> bool:
        return self._held

    def __enter__(self) -> FifoLock:
        with self._mutex:
            if not self._held and not self._waiters:
                self._held = True
                return self
            gate = threading.Lock()
            gate.acquire()
            self._waiters.append(gate)
        gate.acquire()  # released by the previous holder, which hands the lock over directly
        return self

    def __exit__(self, *exc) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().release()  # stays held: ownership passes to the first waiter
            else:
                self._held = False


class RegistryBase:
    """The engine, the settings and the two kinds of transaction.

    Each write is one short transaction that also appends its audit entry (:mod:`hague.store.audit`) and locks the
    audit chain head first, so writers serialise on SQLite and PostgreSQL alike. Parsing and assessing a plan
    happen before the write transaction opens, so the lock is held for milliseconds."""

    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.settings = settings or Settings()
        self._sessions = session_factory(engine)
        # SQLite has one writer at a time; waiting for its file lock means sleeping in its busy handler (1 ms up to
        # 100 ms naps, no queue), which starves unlucky writers for seconds under load. Writers of this process
        # queue here instead, first come first served, and reach SQLite one at a time. Other processes (workers)
        # still meet at the file lock, with its busy timeout.
        self._write_queue = FifoLock() if engine.dialect.name == "sqlite" else None

    _require_signed_in = staticmethod(require_signed_in)
    _require_admin = staticmethod(require_admin)
    _require_ally = staticmethod(require_ally)

    # --- transactions -------------------------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A read-only transaction (on SQLite a deferred BEGIN: it does not wait for or block writers)."""
        with self._sessions() as s, s.begin():
            s.connection(execution_options={"hague_read_only": True})
            yield s

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._write_queue or nullcontext(), self._sessions() as s, s.begin():
            audit.lock_chain(s)
            yield s

