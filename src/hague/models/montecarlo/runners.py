"""Where the blocks run: in process, on local worker processes, or on a Dask cluster (results never differ).

Tasks are runs of whole blocks (:func:`plan_chunks`), sized by the slots that really run them: ``workers`` local
processes, or the threads of the Dask cluster's workers as the scheduler reports them when the run starts. A task
run elsewhere sends back its counts in compact form (:class:`Compact`: each histogram row trimmed to its non-zero
range, uint16 or int32), a fifth to a half of the dense int64 arrays; the parent adds them into its own int64 totals. Integer
sums do not depend on grouping or order, so every back end gives the same bits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from hague.errors import HagueError
from hague.models.montecarlo.constants import BLOCK
from hague.models.montecarlo.kernel import Accumulator, Params, run_chunk
from hague.models.montecarlo.progress import _Progress

#: at most this many blocks per task when the chunk size is chosen for the user (progress stays smooth)
MAX_BLOCKS_PER_TASK = 64
#: tasks per slot: enough to even out slots that run at different speeds, few enough that per-task costs
#: (scheduling, sending results) stay small next to the work
TASKS_PER_SLOT = {"processes": 4, "dask": 2}
#: every histogram of an accumulator (whatever the kernel pairs, and the group totals)
HISTS = (*Accumulator.PAIRED, "g21_hist", "gcur_hist")


def _chunks(n_blocks: int, per: int) -> list[tuple[int, int]]:
    return [(b, min(per, n_blocks - b)) for b in range(0, n_blocks, per)]


def plan_chunks(n_blocks: int, *, slots: int, kind: str, chunk_size: int | None = None,
                block: int = BLOCK) -> list[tuple[int, int]]:
    """(first block, block count) per task: ``chunk_size`` draws rounded up to whole blocks, or else about
    :data:`TASKS_PER_SLOT` tasks per slot (at most :data:`MAX_BLOCKS_PER_TASK` blocks each).

    >>> plan_chunks(49, slots=2, kind="dask")  # 100,000 draws on two Dask worker threads: 4 tasks
    [(0, 13), (13, 13), (26, 13), (39, 10)]
    """
    if chunk_size is not None:
        per = -(-chunk_size // block)
    else:
        per = max(1, min(MAX_BLOCKS_PER_TASK, -(-n_blocks // (TASKS_PER_SLOT[kind] * max(1, slots)))))
    return _chunks(n_blocks, per)


@dataclass
class Compact:
    """A folded task result with each histogram row (one year and ally, or group) cut to its non-zero range.

    ``rows[k] = (first, stop, counts)``: per row the first and one-past-last non-zero bin (int32) and the counts in
    those ranges, row after row (uint16 when the task has at most 65,535 draws, else int32: a task counts fewer
    than 2**31 draws, see ``RAW_COUNT``).
    """

    draws: int
    hits: np.ndarray
    extra: np.ndarray
    rows: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]

    @classmethod
    def of(cls, acc: Accumulator) -> Compact:
        acc.fold()
        dtype = np.uint16 if acc.draws <= np.iinfo(np.uint16).max else np.int32  # a bin counts at most every draw
        rows = {}
        for k in HISTS:
            h = getattr(acc, k)
            h2 = h.reshape(-1, h.shape[-1])
            nz = h2 != 0
            any_ = nz.any(axis=1)
            first = np.where(any_, nz.argmax(axis=1), 0).astype(np.int32)
            stop = np.where(any_, h2.shape[1] - nz[:, ::-1].argmax(axis=1), 0).astype(np.int32)
            rows[k] = (first, stop, h2[_mask(first, stop, h2.shape[1])].astype(dtype))
        return cls(acc.draws, acc.hits, acc.extra, rows)

    def add_to(self, total: Accumulator) -> None:
        """Add these counts to a folded int64 accumulator."""
        total.fold()
        total.draws += self.draws
        total.hits += self.hits
        total.extra += self.extra
        for k, (first, stop, counts) in self.rows.items():
            h = getattr(total, k)
            h2 = h.reshape(-1, h.shape[-1])
            h2[_mask(first, stop, h2.shape[1])] += counts

    @property
    def nbytes(self) -> int:
        return self.hits.nbytes + self.extra.nbytes + sum(a.nbytes for r in self.rows.values() for a in r)


def _mask(first: np.ndarray, stop: np.ndarray, nbins: int) -> np.ndarray:
    j = np.arange(nbins, dtype=np.int32)
    return (j >= first[:, None]) & (j < stop[:, None])


def run_task(p: Params, first: int, count: int) -> Compact:
    """:func:`run_chunk` for a task run in another process: its counts in compact form."""
    return Compact.of(run_chunk(p, first, count))


def run_blocks(p: Params, n_blocks: int, *, chunk_size: int | None, workers: int, scheduler: str | None,
               progress: _Progress) -> tuple[Accumulator, int]:
    """Run every block in tasks sized by the slots that run them (:func:`plan_chunks`); returns the folded totals
    and the number of tasks. A Dask cluster's slots are counted once connected."""
    if scheduler:
        return _run(p, lambda slots: plan_chunks(n_blocks, slots=slots, kind="dask", chunk_size=chunk_size),
                    workers=workers, scheduler=scheduler, progress=progress, with_count=True)
    chunks = plan_chunks(n_blocks, slots=workers, kind="processes", chunk_size=chunk_size)
    return _run(p, chunks, workers=workers, scheduler=None, progress=progress), len(chunks)


def _run(p: Params, chunks, *, workers: int, scheduler: str | None, progress: _Progress,
         with_count: bool = False):
    """Run the tasks ``chunks`` ((first block, count) pairs, or for Dask a function of the cluster's slots that
    returns them); returns the folded totals (and the number of tasks if ``with_count``)."""
    T, A = p.log_sstar.shape
    total = Accumulator.empty(T, A, len(p.hit_years), len(p.extra_hits))

    def done(res: Accumulator | Compact) -> None:
        if isinstance(res, Compact):
            res.add_to(total)
        else:
            total.add(res)
        progress.update(res.draws)

    if scheduler:
        n = _run_dask(p, chunks, scheduler, done)
        return (total, n) if with_count else total
    chunks = list(chunks(workers) if callable(chunks) else chunks)
    if workers > 1:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(max_workers=workers) as ex:
            pending = set()
            for c in chunks:
                pending.add(ex.submit(run_task, p, *c))
                if len(pending) >= 2 * workers:
                    fin, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fu in fin:
                        done(fu.result())
            for fu in pending:
                done(fu.result())
    else:
        for c in chunks:
            done(run_chunk(p, *c))
    return (total, len(chunks)) if with_count else total


def cluster_slots(client) -> int:
    """Threads across the cluster's workers (what runs tasks at the same time), at least 1."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1) or 1) for w in workers.values()))


def _run_dask(p: Params, chunks, address: str, done) -> int:
    """Run ``chunks`` (or ``chunks(slots)`` for the cluster's slots) on the Dask cluster at ``address``."""
    try:
        from distributed import Client, wait
    except ImportError:  # pragma: no cover
        raise HagueError("--scheduler needs the 'distributed' package (pip install 'hague[dask]')") from None
    if not (re.fullmatch(r"(?:(?:tcp|tls|ucx|ws|wss)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}", address or "")
            or re.fullmatch(r"inproc://[A-Za-z0-9._:-]+/\d+/\d+", address or "")):  # a LocalCluster(processes=False)
        # checked before Client(): a Client that fails in its constructor raised a second traceback when collected
        raise HagueError(f"--scheduler {address!r} is not a Dask scheduler address; accepted: [tcp://|tls://]HOST:PORT, "
                         "e.g. tcp://127.0.0.1:8786, or an in-process inproc:// address")
    try:
        client = Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise HagueError(f"cannot reach the Dask scheduler at {address!r}: {exc}; start one with "
                         "'dask scheduler' or drop --scheduler") from None
    try:
        slots = cluster_slots(client)
        chunks = list(chunks(slots) if callable(chunks) else chunks)
        pf = client.scatter(p, broadcast=True)
        window = 2 * slots  # at most two tasks per slot in flight: memory stays bounded
        pending: set = set()

        def drain() -> set:
            fin, rest = wait(pending, return_when="FIRST_COMPLETED")
            for fu in fin:
                done(fu.result())
                fu.release()
            return set(rest)

        with client.as_current():  # distributed.wait looks up the current client
            for c in chunks:
                pending.add(client.submit(run_task, pf, *c, pure=False))
                if len(pending) >= window:
                    pending = drain()
            while pending:
                pending = drain()
        return len(chunks)
    finally:
        client.close()
