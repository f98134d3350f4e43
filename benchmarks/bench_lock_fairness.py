"""Fairness of the store's lock: several sessions writing at once (issue 12, "also worth doing").

Run by hand (install the package first: ``.venv/bin/pip install -q .``)::

    .venv/bin/python benchmarks/bench_lock_fairness.py                 # 8 writers x 40 notes
    .venv/bin/python benchmarks/bench_lock_fairness.py --writers 4 --notes 100

``--writers`` processes each add ``--notes`` notes to one shared case file of ``--cases`` padded
cases (each write takes ~12 ms at 300 cases), as fast as they can. Each ``add_note`` is timed
from the call to its return (lock wait + read + write). Printed: p50, p99 and worst latency, and
the number of notes in the file at the end (must be writers x notes). Twice in the same run:
``blocking`` (the store as shipped: a waiting session is queued in the kernel and woken when the
lock is released) and ``polling`` (the baseline: the previous ``FileLock.acquire``, LOCK_NB retried after
sleeps growing from 0.5 to 20 ms).
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from support.clock import FrozenClock  # noqa: E402
from support.store import padded_cases, write_raw_store  # noqa: E402

from harcelement_tui.core.storage.lock import FileLock  # noqa: E402
from harcelement_tui.core.store import CaseStore  # noqa: E402


def polling_flock(self) -> None:
    """The previous lock wait, kept as the baseline."""
    deadline = time.monotonic() + self.lock_timeout
    delay = 0.0005
    while True:
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EINTR):
                raise
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self.busy()
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, 0.02)


def writer(path: str, index: int, notes: int, mode: str, start, out) -> None:
    if mode == "polling":
        FileLock.acquire = polling_flock  # type: ignore[method-assign]  # the baseline, patched in
    store = CaseStore(path, user=f"w{index}", clock=FrozenClock(), lock_timeout=60)
    ref = f"2025-{index + 1:03d}"
    latencies = []
    start.wait()
    for number in range(notes):
        begin = time.perf_counter()
        store.add_note(ref, f"note {number} de w{index}")
        latencies.append(time.perf_counter() - begin)
    store.close()
    out.put(latencies)


def run(mode: str, writers: int, notes: int, cases: int) -> tuple[list[float], int]:
    ctx = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "d" / "cases.json"
        write_raw_store(path, padded_cases(cases))
        CaseStore(path, user="prep", clock=FrozenClock()).add_note("2025-001", "mise en forme")
        start, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=writer, args=(str(path), i, notes, mode, start, out)) for i in range(writers)]
        for proc in procs:
            proc.start()
        start.set()
        latencies = [value for _ in procs for value in out.get(timeout=600)]
        for proc in procs:
            proc.join()
        store = CaseStore(path, user="check", clock=FrozenClock())
        written = sum(1 for case in store.list() for entry in case.timeline if entry.text.startswith("note "))
        store.close()
    return latencies, written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--notes", type=int, default=40)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    print(f"{args.writers} sessions x {args.notes} notes, {args.cases} cas")
    print(f"{'attente':>9} {'p50':>8} {'p99':>8} {'pire':>8} {'notes':>7}")
    for mode in ("blocking", "polling"):
        latencies, written = run(mode, args.writers, args.notes, args.cases)
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"{mode:>9} {statistics.median(latencies) * 1000:>6.0f} ms {p99 * 1000:>5.0f} ms "
              f"{latencies[-1] * 1000:>5.0f} ms {written:>4}/{args.writers * args.notes}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
