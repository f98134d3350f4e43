"""Several processes on one file at once, and writers killed with SIGKILL at random moments."""

from __future__ import annotations

import os
import random
import signal
import time
import traceback

from support.store import STEP, data_path, fork_context, open_store, padded_cases, write_raw_store

from harcelement_tui.core.storage import journaled
from harcelement_tui.core.store import CaseStore

WORKERS = 4
NOTES = 200


def add_notes(path, ref, worker, start) -> None:
    try:
        store = CaseStore(path, user=f"w{worker}", step_ids=[STEP], lock_timeout=60)
        start.wait(30)
        for i in range(NOTES):
            store.add_note(ref, f"w{worker}-{i}")
        store.close()
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def test_four_processes_adding_notes_at_once_lose_nothing(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as store:
        ref = store.create_case(pupil="A").ref
    ctx = fork_context()
    start = ctx.Event()
    workers = [ctx.Process(target=add_notes, args=(path, ref, n, start)) for n in range(WORKERS)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * WORKERS

    with open_store(path) as store:
        case = store.get(ref)
    notes = [entry for entry in case.timeline if entry.kind == "note"]
    assert len(notes) == WORKERS * NOTES
    assert case.version == 1 + WORKERS * NOTES
    assert [entry.version for entry in case.timeline] == list(range(1, case.version + 1))
    for n in range(WORKERS):
        mine = [entry.text for entry in notes if entry.by == f"w{n}"]
        assert mine == [f"w{n}-{i}" for i in range(NOTES)]  # each worker's notes, in its order
    assert not [name for name in os.listdir(path.parent) if name.endswith(".tmp")]


def _writer(path, ref, prefix, report_fd) -> None:
    # Saves append to the journal; the data file is rewritten by folds: fold every few notes so
    # that kills land in whole-file writes too.
    journaled.FOLD_BYTES = 30_000
    try:
        store = CaseStore(path, user="tueur", step_ids=[STEP], lock_timeout=30)
        os.write(report_fd, b"o\n")  # opened: the kill's random delay starts now
        i = 0
        while True:
            store.add_note(ref, f"{prefix}-{i}")
            os.write(report_fd, f"{i}\n".encode())  # reported only once add_note has returned
            i += 1
    finally:
        os._exit(1)


def test_writers_killed_at_random_moments_never_break_the_file(tmp_path):
    path = write_raw_store(data_path(tmp_path), padded_cases(150))
    ref = "2025-001"
    rng = random.Random(20260305)
    rounds = 60
    confirmed_total = 0
    killed_mid_write = 0
    for round_ in range(rounds):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            _writer(path, ref, f"r{round_}", write_fd)
        os.close(write_fd)
        # The random delay counts from the open, not from the fork: on a busy machine the open
        # alone could eat the whole window (the kills must land among writes, not before them).
        opened = os.read(read_fd, 2)
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if any(name.endswith(".tmp") for name in os.listdir(path.parent)):
            killed_mid_write += 1
        chunks = []
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
        os.close(read_fd)
        confirmed = [int(line) for line in (opened + b"".join(chunks)).decode().split() if line != "o"]
        confirmed_total += len(confirmed)

        # The file is always a valid store, and every confirmed note is in it.
        with open_store(path, lock_timeout=5) as store:
            texts = {entry.text for entry in store.get(ref).timeline}
            assert all(f"r{round_}-{i}" in texts for i in confirmed), (round_, confirmed)
            versions = [entry.version for entry in store.get(ref).timeline]
            assert versions == sorted(versions)
            assert len(store) == 150
        assert not [name for name in os.listdir(path.parent) if name.endswith(".tmp")]
    assert confirmed_total > rounds  # the kills did land among completed writes
    print(f"{rounds} rounds, {confirmed_total} confirmed writes, {killed_mid_write} kills mid-write")
    assert killed_mid_write >= 1
