"""What every part of the registry shares: the engine, the settings, read and write transactions, the clock."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
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


class ProcessLock:
    """The writers of several processes on one SQLite file, in turn: an exclusive ``flock`` on ``<file>.write-lock``
    held for each write transaction (taken after this process's :class:`FifoLock`, so one thread per process waits
    here). A blocked ``flock`` is woken when the lock is released; SQLite's own busy handler instead sleeps and
    retries (naps of up to 100 ms), so under two ``hague serve`` workers the unlucky process's writes waited
    seconds (benchmarks/registry_load.py). Without ``fcntl`` (Windows) it does nothing."""

    def __init__(self, path: str) -> None:
        self.path, self._fd = path + ".write-lock", None

    def __enter__(self) -> ProcessLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return self
        if self._fd is None:
            import os

            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            import fcntl

            fcntl.flock(self._fd, fcntl.LOCK_UN)


class _Queue:
    """This process's writers first come first served (:class:`FifoLock`), then the other processes' (a file lock)."""

    def __init__(self, path: str | None) -> None:
        self.fifo, self.files = FifoLock(), ProcessLock(path) if path else None

    def __enter__(self) -> _Queue:
        self.fifo.__enter__()
        if self.files is not None:
            try:
                self.files.__enter__()
            except BaseException:
                self.fifo.__exit__(None, None, None)
                raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.files is not None:
                self.files.__exit__(*exc)
        finally:
            self.fifo.__exit__(*exc)


class _Job:
    __slots__ = ("fn", "done", "value", "error")

    def __init__(self, fn) -> None:
        self.fn, self.done, self.value, self.error = fn, threading.Event(), None, None


class GroupCommit:
    """One writer thread per registry that runs the queued write jobs in batches of up to 64, in one
    transaction each: the durable commit (an fsync with ``synchronous=FULL``) is paid once per batch rather than once
    per write. A job is acknowledged only after its batch committed."""

    def __init__(self, registry: RegistryBase, max_batch: int = 64) -> None:
        import queue

        self.registry, self.max_batch = registry, max_batch
        self.queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def run(self, fn):
        job = _Job(fn)
        self.queue.put(job)
        if self._thread is None or not self._thread.is_alive():
            with self._start:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._loop, name="hague-group-commit", daemon=True)
                    self._thread.start()
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.value

    def _loop(self) -> None:
        import queue

        while True:
            batch = [self.queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._commit(batch)
            except BaseException as exc:  # noqa: BLE001 - the commit failed: every job of the batch gets the error
                for j in batch:
                    if j.error is None:
                        j.value, j.error = None, exc
            for j in batch:
                j.done.set()

    def _commit(self, batch: list[_Job]) -> None:
        reg = self.registry
        with reg._write_queue or nullcontext(), reg._sessions() as s, s.begin():
            audit.lock_chain(s)
            for j in batch:
                try:
                    with s.begin_nested():
                        j.value = j.fn(s)
                except Exception as exc:  # noqa: BLE001 - delivered to the job's caller
                    j.error = exc


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
        # queue here instead, first come first served, and reach SQLite one at a time; the writers of other
        # processes (workers) on the same file take turns at a file lock (:class:`ProcessLock`).
        self._write_queue = None
        if engine.dialect.name == "sqlite":
            path = engine.url.database
            self._write_queue = _Queue(path if path and path != ":memory:" else None)
        self._group = GroupCommit(self)

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

    def _write_job(self, fn):
        """``fn(session)`` in a write transaction shared with the other writes waiting at that moment
        (group commit: one fsync for the batch, each write in its own savepoint so one failing write does not
        undo another). Returns what ``fn`` returns once the transaction is committed, or raises what it raised."""
        return self._group.run(fn)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._write_queue or nullcontext(), self._sessions() as s, s.begin():
            audit.lock_chain(s)
            yield s

