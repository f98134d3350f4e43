"""Case store benchmark: CaseStore against a plain atomic dump and TinyDB's default JSONStorage.

Run by hand (not part of pytest)::

    .venv/bin/python benchmarks/bench_store.py                 # 100, 1,000 and 10,000 cases
    .venv/bin/python benchmarks/bench_store.py --sizes 1000 --repeat 20

For each size, realistic cases from ``gen_cases.py`` are written to a temporary directory, then
each backend is measured in its own process (so RSS is per backend):

* ``CaseStore``: open (parse + checks), ``get`` and ``list`` with the file unchanged, ``add_note``
  (lock, freshness check, apply, atomic write with fsync). The plain atomic dump is measured in the
  same process, interleaved with ``add_note``, on the same data: ``orjson.dumps`` + write + fsync
  + ``os.replace`` + fsync of the directory. That is the floor for any safe whole-file write.
* TinyDB's default ``JSONStorage`` (json, in-place rewrite, no lock): first read, ``get`` by
  reference, ``all()``, and an update appending one timeline entry.

Prints a Markdown table (medians) and checks the targets: ``add_note`` at 10,000 cases at most
1.2 x the plain dump and at least 4 x faster than JSONStorage; an unchanged-file ``get`` under 1 ms;
RSS after open and ``list()`` at most 130 MB (issue 6: the whole console within 250 MB). Peak RSS
during open and during the re-read after another session's change is measured from the kernel's
high-water mark, reset just before (``/proc/self/clear_refs``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

REF_TO_TOUCH = "2026-001"


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Reset the kernel's high-water mark of this process's RSS (Linux >= 4.0)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def _hwm_mb() -> float:
    """Peak RSS since the last :func:`_reset_peak`."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _plain_atomic_dump(data, directory: Path) -> None:
    import orjson

    payload = orjson.dumps(data)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".plain.", suffix=".tmp")
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)
    os.close(fd)
    os.replace(tmp, directory / "plain.json")
    dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    os.fsync(dfd)
    os.close(dfd)


# --------------------------------------------------------------------------- children


def child_store(path: Path, repeat: int) -> dict:
    import orjson

    from harcelement_tui.core.store import CaseStore

    _reset_peak()
    opens = []
    for _ in range(3):
        start = time.perf_counter()
        store = CaseStore(path, user="bench")
        opens.append(time.perf_counter() - start)
        if not opens[1:]:
            peak_open = _hwm_mb()
        store.close()
        del store
    store = CaseStore(path, user="bench")
    start = time.perf_counter()
    cases = store.list()
    list_cold = time.perf_counter() - start
    get = _timed(lambda: store.get(REF_TO_TOUCH), 2000)
    list_warm = _timed(store.list, 200)
    changed = _timed(lambda: store.changed_since(None), 2000)
    rss_after_list = _rss_mb()
    store.add_note(REF_TO_TOUCH, "échauffement (sauvegarde du jour)")
    for i in range(3):
        store.add_note(REF_TO_TOUCH, f"Note n° {i}")
    rss_after_writes = _rss_mb()
    # A change by another session (another process): the next list() re-reads and rebuilds.
    subprocess.run(
        [sys.executable, "-c", "import sys; from harcelement_tui.core.store import CaseStore; "
         "CaseStore(sys.argv[1], user='autre').add_note(sys.argv[2], 'autre session')", str(path), REF_TO_TOUCH],
        check=True,
    )
    assert store.changed_since(store.storage.stamp)
    _reset_peak()
    start = time.perf_counter()
    store.list()
    list_after_foreign = time.perf_counter() - start
    peak_reread = _hwm_mb()
    opened = store.get(REF_TO_TOUCH)
    start = time.perf_counter()
    entries = len(list(opened.timeline)) + len(list(opened.evidence))
    open_case = time.perf_counter() - start
    assert entries
    # The plain dump baseline: the same cases as plain Python objects (the store may keep parts of
    # them in the file), dumped whole, interleaved with add_note in this process.
    with open(path, "rb") as handle:
        data = orjson.loads(handle.read())
    notes, plain = [], []
    for i in range(repeat):
        start = time.perf_counter()
        store.add_note(REF_TO_TOUCH, f"Note de mesure n° {i} : appel des parents, rendez-vous fixé.")
        notes.append(time.perf_counter() - start)
        start = time.perf_counter()
        _plain_atomic_dump(data, path.parent)
        plain.append(time.perf_counter() - start)
    return {
        "cases": len(cases),
        "open_ms": _median_ms(opens),
        "get_us": statistics.median(get) * 1e6,
        "changed_since_us": statistics.median(changed) * 1e6,
        "list_cold_ms": list_cold * 1000,
        "list_ms": _median_ms(list_warm),
        "list_after_foreign_change_ms": list_after_foreign * 1000,
        "add_note_ms": _median_ms(notes),
        "add_note_max_ms": max(notes) * 1000,
        "plain_dump_ms": _median_ms(plain),
        "rss_mb": rss_after_list,
        "rss_after_writes_mb": rss_after_writes,
        "peak_open_mb": peak_open,
        "peak_reread_mb": peak_reread,
        "open_case_ms": open_case * 1000,
        "peak_rss_mb": _peak_mb(),
    }


def child_plain(path: Path, repeat: int) -> dict:
    import orjson

    start = time.perf_counter()
    data = orjson.loads(path.read_bytes())
    open_s = time.perf_counter() - start
    case = next(doc for doc in data["cases"].values() if doc["ref"] == REF_TO_TOUCH)
    dumps = []
    for i in range(repeat):
        case["timeline"].append({"at": "2026-03-05T14:00:00+01:00", "by": "bench", "kind": "note",
                                 "text": f"Note n° {i}"})
        start = time.perf_counter()
        _plain_atomic_dump(data, path.parent)
        dumps.append(time.perf_counter() - start)
    return {"open_ms": open_s * 1000, "plain_dump_ms": _median_ms(dumps), "rss_mb": _rss_mb(),
            "peak_rss_mb": _peak_mb()}


def child_tinydb(path: Path, repeat: int) -> dict:
    from tinydb import Query, TinyDB

    db = TinyDB(path)  # default JSONStorage
    table = db.table("cases")
    start = time.perf_counter()
    count = len(table)  # first read
    open_s = time.perf_counter() - start
    item = Query()
    get = _timed(lambda: table.get(item.ref == REF_TO_TOUCH), repeat)
    table.clear_cache()
    list_ = _timed(table.all, repeat)
    doc_id = table.get(item.ref == REF_TO_TOUCH).doc_id

    def add_note():
        def change(doc):
            doc["timeline"].append({"at": "2026-03-05T14:00:00+01:00", "by": "bench", "kind": "note",
                                    "text": "Note de mesure"})
            doc["version"] += 1

        table.update(change, doc_ids=[doc_id])

    notes = _timed(add_note, repeat)
    return {"cases": count, "open_ms": open_s * 1000, "get_us": statistics.median(get) * 1e6,
            "list_ms": _median_ms(list_), "add_note_ms": _median_ms(notes), "rss_mb": _rss_mb(),
            "peak_rss_mb": _peak_mb()}


CHILDREN = {"store": child_store, "plain": child_plain, "tinydb": child_tinydb}


def run_child(kind: str, path: Path, repeat: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--file", str(path), "--repeat", str(repeat)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr}")
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- driver


def fmt(value: float, unit: str) -> str:
    if unit == "us":
        return f"{value:.1f} µs" if value < 1000 else f"{value / 1000:.1f} ms"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    return f"{value:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=0, help="samples per operation (0: depends on the size)")
    parser.add_argument("--dir", type=Path, help="work directory (a temporary one by default)")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(CHILDREN[args.child](args.file, args.repeat or 10)))
        return 0

    from gen_cases import write_store

    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-store-"))
    results = {}
    try:
        for size in args.sizes:
            repeat = args.repeat or (30 if size <= 1000 else 10)
            slow_repeat = args.repeat or (10 if size <= 1000 else 4)
            size_dir = work / str(size)
            shutil.rmtree(size_dir, ignore_errors=True)
            store_file = write_store(size_dir / "store" / "cases.json", size)
            # gen_cases writes the old single-line layout; the store rewrites any file in its own
            # layout at the first write, so measure the file as the console leaves it.
            subprocess.run(
                [sys.executable, "-c", "import sys; from harcelement_tui.core.storage import CaseStorage; "
                 "s = CaseStorage(sys.argv[1], keep_backups=0); s.write(s.read()); s.close()", str(store_file)],
                check=True,
            )
            mb = store_file.stat().st_size / 1e6
            plain_file = size_dir / "plain" / "cases.json"
            tiny_file = size_dir / "tinydb" / "cases.json"
            for target in (plain_file, tiny_file):
                target.parent.mkdir(parents=True, mode=0o700)
                shutil.copyfile(store_file, target)
            print(f"{size} cases ({mb:.1f} MB)...", file=sys.stderr)
            results[size] = {
                "file_mb": mb,
                "store": run_child("store", store_file, repeat),
                "plain": run_child("plain", plain_file, repeat),
                "tinydb": run_child("tinydb", tiny_file, slow_repeat),
            }
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)

    print("| cases (file) | measure | CaseStore | plain atomic dump (orjson) | TinyDB JSONStorage |")
    print("|---|---|---|---|---|")
    for size, r in results.items():
        s, p, t = r["store"], r["plain"], r["tinydb"]
        label = f"{size:,} ({r['file_mb']:.1f} MB)"
        rows = [
            ("add_note", fmt(s["add_note_ms"], "ms"), f"{fmt(s['plain_dump_ms'], 'ms')} (same process); "
             f"{fmt(p['plain_dump_ms'], 'ms')} (alone)", fmt(t["add_note_ms"], "ms")),
            ("get, file unchanged", fmt(s["get_us"], "us"), "–", fmt(t["get_us"], "us")),
            ("list, file unchanged", fmt(s["list_ms"] * 1000, "us"), "–", fmt(t["list_ms"], "ms")),
            ("list after another session's change", fmt(s["list_after_foreign_change_ms"], "ms"), "–", "–"),
            ("changed_since (UI polling)", fmt(s["changed_since_us"], "us"), "–", "–"),
            ("open", fmt(s["open_ms"], "ms"), f"{fmt(p['open_ms'], 'ms')} (orjson.loads)",
             f"{fmt(t['open_ms'], 'ms')} (first read)"),
            ("first use of one case's timeline and evidence", fmt(s["open_case_ms"], "ms"), "–", "–"),
            ("peak RSS during open", fmt(s["peak_open_mb"], "mb"), "–", "–"),
            ("peak RSS during list after another session's change", fmt(s["peak_reread_mb"], "mb"), "–", "–"),
            ("RSS after writes", fmt(s["rss_after_writes_mb"], "mb"), "–", "–"),
            ("RSS after open and list (peak)", f"{fmt(s['rss_mb'], 'mb')} ({fmt(s['peak_rss_mb'], 'mb')})",
             f"{fmt(p['rss_mb'], 'mb')} ({fmt(p['peak_rss_mb'], 'mb')})",
             f"{fmt(t['rss_mb'], 'mb')} ({fmt(t['peak_rss_mb'], 'mb')})"),
        ]
        for i, (name, a, b, c) in enumerate(rows):
            print(f"| {label if i == 0 else ''} | {name} | {a} | {b} | {c} |")

    print()
    ok = True
    for size, r in results.items():
        s, t = r["store"], r["tinydb"]
        ratio_plain = s["add_note_ms"] / s["plain_dump_ms"]
        speedup = t["add_note_ms"] / s["add_note_ms"]
        line = (f"{size} cases: add_note = {ratio_plain:.2f} x the plain dump, "
                f"{speedup:.1f} x faster than JSONStorage; unchanged get {s['get_us']:.1f} µs; "
                f"RSS after open and list {s['rss_mb']:.0f} MB")
        if size >= 10000:
            passed = (ratio_plain <= 1.2 and speedup >= 4 and s["get_us"] <= 1000
                      and s["rss_mb"] <= 130)
            ok &= passed
            line += " -- targets " + ("met" if passed else "NOT met")
        print(line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
