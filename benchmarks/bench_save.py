"""A save at any size (issue 18): ``add_note`` next to the disk's floor and SQLite, same run.

Run by hand (install the package first: ``.venv/bin/pip install -q .``)::

    .venv/bin/python benchmarks/bench_save.py                    # 100, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/bench_save.py --sizes 1000 --repeat 50

For each size, realistic cases from ``gen_cases.py`` in a case file the console has written once
(its line layout). In one process, interleaved so that the machine's noise hits all alike:

* ``add_note`` through ``CaseStore`` (lock, freshness check, one journal record appended and
  ``fsync``'d, the store's view updated);
* the floor: append 2 KB to a file and ``fsync`` it;
* SQLite (stdlib ``sqlite3``, WAL, ``synchronous=FULL``) doing the same save: the case's document
  (the bytes of the journal record) written to its row of a table of as many cases, committed.

Then another session (a second process) adds a note and this one sees it: the time from
``changed_since`` saying something changed to ``list()`` and the case's timeline showing the note
(what the console does when it polls); the same when that session closes (it folds). And one
fold here (the data file brought up to date from the journal, which happens every
``FOLD_BYTES`` of records, at idle and when a session closes).
Prints a Markdown table of medians and the targets of issue 18.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REF = "2026-001"
OTHER = (
    "import sys\n"
    "from harcelement_tui.core.store import CaseStore\n"
    "store = CaseStore(sys.argv[1], user='autre')\n"
    "for line in sys.stdin:\n"
    "    store.add_note(sys.argv[2], line.strip())\n"
    "    print('ok', flush=True)\n"
    "store.close()\n"
)


def floor_append(fd: int, block: bytes) -> None:
    os.write(fd, block)
    os.fsync(fd)


def sqlite_table(path: Path, docs: list[bytes]) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE cases (ref TEXT PRIMARY KEY, doc BLOB)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO cases VALUES (?, ?)", [(f"r{i}", doc) for i, doc in enumerate(docs)])
    db.execute("COMMIT")
    return db


def child(path: Path, repeat: int) -> dict:
    import orjson

    from harcelement_tui.core.store import CaseStore

    store = CaseStore(path, user="bench")
    count = len(store.list())
    store.add_note(REF, "échauffement (sauvegarde du jour)")
    doc = orjson.dumps(store.get(REF).to_dict())
    work = path.parent.parent / "baselines"
    work.mkdir(mode=0o700, exist_ok=True)
    floor_fd = os.open(work / "append.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    block = os.urandom(1024).hex().encode()  # 2 KB
    db = sqlite_table(work / "cases.sqlite", [doc] * len(store))
    notes, floors, sqls = [], [], []
    for i in range(repeat):
        start = time.perf_counter()
        store.add_note(REF, f"Note de mesure n° {i} : appel des parents, rendez-vous fixé.")
        notes.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor_append(floor_fd, block)
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        db.execute("BEGIN")
        db.execute("UPDATE cases SET doc = ? WHERE ref = ?", (doc + b" " * (i % 7), "r0"))
        db.execute("COMMIT")
        sqls.append(time.perf_counter() - start)
    os.close(floor_fd)
    db.close()

    other = subprocess.Popen([sys.executable, "-c", OTHER, str(path), REF], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    seen = []
    for i in range(repeat):
        store.list()
        token = store.stamp()
        text = f"note de l'autre session n° {i}"
        assert other.stdin is not None and other.stdout is not None
        other.stdin.write(text + "\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "ok"
        start = time.perf_counter()
        assert store.changed_since(token)
        store.list()
        assert store.get(REF).timeline[-1].text == text
        seen.append(time.perf_counter() - start)
    assert other.stdin is not None
    token = store.stamp()
    other.stdin.close()
    other.wait()  # the other session closes: it folds the journal into the data file
    start = time.perf_counter()
    assert store.changed_since(token)
    store.list()
    fold_taken = time.perf_counter() - start
    store.add_note(REF, "avant le pliage")
    start = time.perf_counter()
    store.storage.fold()
    fold = time.perf_counter() - start
    store.close()
    med = lambda samples: statistics.median(samples) * 1000  # noqa: E731
    return {"cases": count, "add_note_ms": med(notes), "add_note_max_ms": max(notes) * 1000,
            "floor_ms": med(floors), "sqlite_ms": med(sqls), "seen_ms": med(seen),
            "seen_max_ms": max(seen) * 1000, "fold_ms": fold * 1000, "fold_taken_ms": fold_taken * 1000, "record_kb": len(doc) / 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.repeat)))
        return 0

    from gen_cases import write_store

    work = Path(tempfile.mkdtemp(prefix="bench-save-"))
    results = {}
    try:
        for size in args.sizes:
            path = write_store(work / str(size) / "donnees" / "cases.json", size)
            subprocess.run([sys.executable, "-c", "import sys; from harcelement_tui.core.storage import CaseStorage; "
                            "s = CaseStorage(sys.argv[1], keep_backups=0); s.write(s.read()); s.close()",
                            str(path)], check=True)
            print(f"{size} cases ({path.stat().st_size / 1e6:.1f} MB)...", file=sys.stderr)
            done = subprocess.run([sys.executable, __file__, "--child", str(path), "--repeat", str(args.repeat)],
                                  capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(done.stderr)
            results[size] = json.loads(done.stdout)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| cases | add_note (max) | append 2 KB + fsync | SQLite WAL FULL, same save | "
          "add_note / floor | another session's note seen (max) | one fold | another session's fold taken |")
    print("|---|---|---|---|---|---|---|---|")
    for size, r in results.items():
        print(f"| {size:,} | {r['add_note_ms']:.2f} ms ({r['add_note_max_ms']:.1f}) | {r['floor_ms']:.2f} ms | "
              f"{r['sqlite_ms']:.2f} ms | {r['add_note_ms'] / r['floor_ms']:.1f} x | "
              f"{r['seen_ms']:.2f} ms ({r['seen_max_ms']:.1f}) | {r['fold_ms']:.0f} ms | {r['fold_taken_ms']:.2f} ms |")
    sizes = sorted(results)
    small, big = results[sizes[0]], results[sizes[-1]]
    checks = [
        ("add_note <= 10 x the floor at every size",
         all(r["add_note_ms"] <= 10 * r["floor_ms"] for r in results.values())),
        (f"add_note within 3 x between {sizes[0]:,} and {sizes[-1]:,} cases",
         big["add_note_ms"] <= 3 * small["add_note_ms"]),
        (f"another session's note seen in <= 10 ms at {sizes[-1]:,} cases", big["seen_ms"] <= 10),
    ]
    print()
    for name, passed in checks:
        print(f"- {name}: {'met' if passed else 'NOT met'}")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
