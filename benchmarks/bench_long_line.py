"""Opening a case file whose one document is a very long line (issue 12, class 3).

Run by hand (install the package first: ``.venv/bin/pip install -q .``)::

    .venv/bin/python benchmarks/bench_long_line.py              # 16, 64 and 256 MB lines
    .venv/bin/python benchmarks/bench_long_line.py --sizes 16 64 --repeat 5

For each size: the time ``CaseStorage`` takes to open the file (split it in lines, parse and check
its document), the best of ``--repeat`` runs; and, as the same-run baseline, the time the line
splitting of the previous version took alone (the buffer rebuilt and searched from its start for
every 1 MB chunk: quadratic). The baseline is skipped above ``--baseline-max`` MB (it took minutes).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import orjson

from harcelement_tui.core.storage import FORMAT, FORMAT_VERSION, CaseStorage

CHUNK = 1 << 20


def quadratic_lines(fd: int):
    """The line splitting of the previous version, kept as the baseline."""
    position, buffer, buffer_offset = 0, b"", 0
    while True:
        chunk = os.pread(fd, CHUNK, position)
        if not chunk:
            break
        position += len(chunk)
        buffer = buffer + chunk if buffer else chunk
        start = 0
        while True:
            end = buffer.find(b"\n", start)
            if end < 0:
                break
            yield buffer_offset + start, buffer[start:end]
            start = end + 1
        buffer = buffer[start:]
        buffer_offset += start
    yield buffer_offset, buffer


def make_file(directory: Path, megabytes: int) -> Path:
    path = directory / f"l{megabytes}" / "cases.json"
    path.parent.mkdir(mode=0o700)
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "layout": "lines"}
    case = {"ref": "2026-001", "uuid": "00000000-0000-4000-8000-000000000001", "pupil": "A. B.",
            "summary": "x" * (megabytes << 20), "timeline": [], "evidence": []}
    path.write_bytes(b'{\n"_meta":{\n"1":' + orjson.dumps(meta) + b'\n}\n,"cases":{\n"1":'
                     + orjson.dumps(case) + b"\n}\n}\n")
    os.chmod(path, 0o600)
    return path


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 64, 256], help="line sizes in MB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=64, help="largest size for the baseline, MB")
    args = parser.parse_args()
    print(f"{'ligne':>8} {'ouverture':>11} {'par Mo':>9} {'découpage avant (base)':>24}")
    with tempfile.TemporaryDirectory() as directory:
        for megabytes in args.sizes:
            path = make_file(Path(directory), megabytes)

            def open_it() -> None:
                CaseStorage(path, create=False).close()

            opened = best_of(args.repeat, open_it)
            baseline = "-"
            if megabytes <= args.baseline_max:
                fd = os.open(path, os.O_RDONLY)

                def split() -> None:
                    for _ in quadratic_lines(fd):
                        pass

                baseline = f"{best_of(1, split):.2f} s"
                os.close(fd)
            print(f"{megabytes:>5} Mo {opened:>9.2f} s {opened / megabytes * 1000:>6.1f} ms {baseline:>24}",
                  flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
