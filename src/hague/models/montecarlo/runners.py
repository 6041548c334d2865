"""Where the blocks run: in process, on local worker processes, or on a Dask cluster (results never differ)."""

from __future__ import annotations

from hague.errors import HagueError
from hague.models.montecarlo.kernel import Accumulator, Params, run_chunk
from hague.models.montecarlo.progress import _Progress


def _chunks(n_blocks: int, per: int) -> list[tuple[int, int]]:
    return [(b, min(per, n_blocks - b)) for b in range(0, n_blocks, per)]


def _run(p: Params, chunks, *, workers: int, scheduler: str | None, progress: _Progress) -> Accumulator:
    T, A = p.log_sstar.shape
    total = Accumulator.empty(T, A, len(p.hit_years), len(p.extra_hits))

    def done(acc: Accumulator) -> None:
        total.add(acc)
        progress.update(acc.draws)

    if scheduler:
        _run_dask(p, chunks, scheduler, done)
    elif workers > 1:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(max_workers=workers) as ex:
            pending, it = set(), iter(chunks)
            for c in it:
                pending.add(ex.submit(run_chunk, p, *c))
                if len(pending) >= 2 * workers:
                    fin, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fu in fin:
                        done(fu.result())
            for fu in pending:
                done(fu.result())
    else:
        for c in chunks:
            done(run_chunk(p, *c))
    return total


def _run_dask(p: Params, chunks, address: str, done) -> None:
    try:
        from distributed import Client, wait
    except ImportError:  # pragma: no cover
        raise HagueError("--scheduler needs the 'distributed' package (pip install 'hague[dask]')") from None
    try:
        client = Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise HagueError(f"cannot reach the Dask scheduler at {address!r}: {exc}; start one with "
                         "'dask scheduler' or drop --scheduler") from None
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        pf = client.scatter(p, broadcast=True)
        window = 2 * nworkers  # at most two tasks per worker in flight: memory stays bounded
        pending: set = set()

        def drain() -> set:
            fin, rest = wait(pending, return_when="FIRST_COMPLETED")
            for fu in fin:
                done(fu.result())
                fu.release()
            return set(rest)

        with client.as_current():  # distributed.wait looks up the current client
            for c in chunks:
                pending.add(client.submit(run_chunk, pf, *c, pure=False))
                if len(pending) >= window:
                    pending = drain()
            while pending:
                pending = drain()
    finally:
        client.close()

