"""Kill -9 harness for the journal (run by tests/core/test_storage_journal_crash.py in a subprocess).

One process imports the console once, then forks writers and kills them with SIGKILL, fast:

* ``random N DIR``: N times, a writer adds notes (and, the journal being kept tiny, folds often)
  and is killed after a random delay;
* ``steps DIR``: a writer saves, folds and closes, killed at its k-th file operation (before an
  ``fsync``, a ``replace``, an ``unlink``, a ``ftruncate``, or halfway through a ``write``), for
  k = 1, 2, ... until it runs to its end.

After each kill a forked verifier opens the store (without folding: it exits with ``os._exit``) and
checks that every note whose ``add_note`` returned (acknowledged through a pipe) is there; so does
a session kept open all along (it follows the journal and takes or reads the folds). Every
tenth kill the harness itself opens and closes the store, so that the next writer starts from a
folded file. Prints one JSON line: kills, notes acknowledged, notes lost, errors.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for support

from support.clock import FrozenClock  # noqa: E402
from support.store import open_store  # noqa: E402

from harcelement_tui.core.content import load_content  # noqa: E402
from harcelement_tui.core.storage import journaled  # noqa: E402

CONTENT = load_content()
REF = "2026-001"


def store_at(path: Path):
    return open_store(path, content=CONTENT, clock=FrozenClock(), lock_timeout=10.0)


def read_acks(fd: int) -> list[str]:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return [line for line in b"".join(chunks).decode().split("\n") if line]


def verify(path: Path, acked: list[str]) -> tuple[list[str], str | None]:
    """(acknowledged notes missing, error) as seen by a fresh session that does not fold."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            store = store_at(path)
            texts = {entry.text for entry in store.get(REF).timeline}
            result = {"missing": [note for note in acked if note not in texts], "error": None}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = {"missing": [], "error": f"{type(exc).__name__}: {exc}"}
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    raw = b"".join(iter(lambda: os.read(read, 65536), b""))
    os.close(read)
    os.waitpid(pid, 0)
    result = json.loads(raw)
    return result["missing"], result["error"]


def writer(path: Path, out: int, start: int, kill_at: int | None) -> None:
    """Add notes ``n<start>``, ``n<start+1>``... (folding now and then), acknowledging each."""
    journaled.FOLD_BYTES = 6000  # fold every few notes: kills land in folds too
    if kill_at is not None:
        arm(kill_at, out)
    store = store_at(path)
    number = start
    for round_ in range(8 if kill_at is not None else 10**9):
        note = f"n{number}"
        store.add_note(REF, note)
        os.write(out, (note + "\n").encode())
        number += 1
        if round_ % 3 == 2:
            store.storage.fold()
    store.close()


def arm(kill_at: int, acks: int) -> None:
    """SIGKILL this process at its ``kill_at``-th file operation (a write: halfway through it);
    writes of acknowledgements to ``acks`` are not counted."""
    count = [0]

    def wrap(name: str):
        real = getattr(os, name)

        def op(*args, **kwargs):
            if name == "write" and args[0] == acks:
                return real(*args, **kwargs)
            count[0] += 1
            if count[0] == kill_at:
                if name == "write" and len(args[1]) > 1:
                    real(args[0], bytes(args[1][: len(args[1]) // 2]))
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(os, name, op)

    for name in ("write", "fsync", "replace", "unlink", "ftruncate", "sendfile", "copy_file_range"):
        wrap(name)


def run(path: Path, kills: int | None) -> dict:
    rng = random.Random(1234)
    acked: list[str] = []
    report = {"kills": 0, "acknowledged": 0, "lost": [], "errors": [], "completed": False}
    step = 0
    reader = store_at(path)  # a console left open meanwhile: it follows the journal and the folds
    while kills is None or report["kills"] < kills:
        step += 1
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                writer(path, write, len(acked) + 1000 * step, None if kills is not None else step)
            finally:
                os._exit(0)
        os.close(write)
        if kills is not None:
            time.sleep(rng.uniform(0.0, 0.05))
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        acked += read_acks(read)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        report["kills"] += killed
        missing, error = verify(path, acked)
        report["lost"] += missing
        if error:
            report["errors"].append(error)
        try:
            seen = {entry.text for entry in reader.get(REF).timeline}
            report["lost"] += [f"{note} (console ouverte)" for note in acked if note not in seen]
        except Exception as exc:  # noqa: BLE001 - reported
            report["errors"].append(f"console ouverte : {type(exc).__name__}: {exc}")
        if kills is None and not killed:
            report["completed"] = True
            break
        if step % 10 == 0:  # a session that opens and closes: the next writer starts folded
            store_at(path).close()
    reader.close()
    report["acknowledged"] = len(acked)
    return report


def main() -> None:
    mode, directory = sys.argv[1], Path(sys.argv[-1])
    path = directory / "donnees" / "cases.json"
    store = store_at(path)
    store.create_case(pupil="A. B.")
    store.close()
    report = run(path, int(sys.argv[2]) if mode == "random" else None)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
