"""Read an uploaded workbook in a child process with a CPU limit: ``python -m hague.store.xlsx_sandbox SECONDS``.

The workbook arrives on stdin; the child starts a CPU-time timer (``ITIMER_PROF``) of SECONDS after its imports,
backed by ``RLIMIT_CPU``, and an address-space limit, reads the plan and writes a pickled ``("ok", plan)`` or
``("error", message, errors)`` to stdout. A workbook that needs more CPU is killed by the kernel (SIGXCPU); the
parent (:func:`hague.store.planfile.read_xlsx_sandboxed`) then refuses it. A separate interpreter (not a fork) so
the web server's threads and locks are never copied.
"""

from __future__ import annotations

import math
import pickle
import resource
import signal
import sys
import time


def main(argv: list[str]) -> int:  # pragma: no cover - runs in the child (tested through the parent)
    seconds = float(argv[0]) if argv else 2.0
    import openpyxl  # noqa: F401 - imported before the clock starts: the budget is for reading the file

    from hague.rules import plans

    used = time.process_time()
    limit = math.ceil(used + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))  # backstop (whole seconds)
    signal.setitimer(signal.ITIMER_PROF, seconds)  # the limit: SIGPROF after `seconds` of CPU ends the process
    try:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space at most
    except (ValueError, OSError):
        pass
    content = sys.stdin.buffer.read()
    name = argv[1] if len(argv) > 1 else "plan.xlsx"
    try:
        out = ("ok", plans.read_plan(content, name=name))
    except plans.PlanError as exc:
        out = ("error", str(exc), list(exc.errors or []))
    except MemoryError:
        out = ("limit", "memory")
    except Exception as exc:  # noqa: BLE001 - a hostile file is a refusal, not a crash
        out = ("error", f"{name}: not a readable .xlsx workbook ({type(exc).__name__})", [])
    sys.stdout.buffer.write(pickle.dumps(out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
