"""Access log and encryption costs (run by hand; numbers in benchmarks/README.md).

- one ``record()`` (append one line + fsync) beside a fresh log and beside a year-sized log;
- ``last_readers()`` (what the case view shows, read in a worker) and a whole ``audit`` pass;
- the same-run baseline: an fsync'd atomic replace of a small file (what a case save costs at least);
- encrypting a 70 KB export with a passphrase (scrypt) and with a public key.

    .venv/bin/pip install -q . && .venv/bin/python benchmarks/bench_access_log.py --entries 50000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from harcelement_tui.core.access_log import AccessLog, log_path
from harcelement_tui.core.encryption import encrypt
from harcelement_tui.core.safe_files import atomic_write_bytes


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=50_000, help="entries in the year-sized log")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    data = root / "cases.json"
    data.write_bytes(b"{}")
    data.chmod(0o600)
    log = AccessLog(data, user="direction")
    ids = [(f"2026-{i:03d}", str(uuid.uuid4())) for i in range(1, 201)]
    fresh = timed(lambda: log.record([ids[0]], "consulte", "console"), args.repeat)
    baseline = timed(lambda: atomic_write_bytes(root / "small.json", b"x" * 2000), args.repeat)
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    line = ('{"at":"%s","user":"direction","ref":"%s","uuid":"%s","action":"consulte","via":"console"}\n')
    with open(log_path(data), "a") as handle:
        for i in range(args.entries):
            ref, uid = ids[i % len(ids)]
            handle.write(line % (at, ref, uid))
    size_mb = log_path(data).stat().st_size / 1e6
    big = timed(lambda: log.record([ids[1]], "consulte", "console"), args.repeat)
    readers = timed(lambda: log.last_readers(ids[2][1], limit=3), 5)
    audit = timed(lambda: list(log.entries()), 5)
    payload = (b'{"case": "' + b"x" * 70_000 + b'"}')
    by_passphrase = timed(lambda: encrypt(payload, passphrase="cheval correct agrafe"), 5)
    from pyrage import x25519

    key = str(x25519.Identity.generate().to_public())
    by_key = timed(lambda: encrypt(payload, recipients=[key]), 20)
    print(f"record, fresh log:                  {fresh:7.2f} ms (median of {args.repeat})")
    print(f"record, log of {args.entries} entries ({size_mb:.1f} MB): {big:7.2f} ms")
    print(f"baseline: atomic replace 2 KB+fsync {baseline:7.2f} ms")
    print(f"last_readers over the whole log:    {readers:7.1f} ms")
    print(f"audit: parse every entry:           {audit:7.1f} ms")
    print(f"encrypt 70 KB, passphrase (scrypt): {by_passphrase:7.1f} ms")
    print(f"encrypt 70 KB, public key:          {by_key:7.2f} ms")


if __name__ == "__main__":
    main()
