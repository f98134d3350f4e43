"""Issue 12, classes 3, 4 and 5: long lines read in linear time, special files never hang, a lock
file a neighbour removes or replaces is handled, files others may write are refused.

A test that could hang on a regression (a FIFO opened for reading blocks until a writer comes; a
link to /dev/zero never ends) runs in a forked child with a time and memory bound.
"""

from __future__ import annotations

import fcntl
import os
import resource
import threading
import time
from importlib import resources

import orjson
import pytest
from support.store import data_path, fork_context, hold_lock, open_store, raw_case

from harcelement_tui.cli import main
from harcelement_tui.core.config import load_config
from harcelement_tui.core.content import load_content
from harcelement_tui.core.errors import ConfigError, ContentError
from harcelement_tui.core.storage import FORMAT, FORMAT_VERSION, CaseStorage, StoreBusyError, StoreError


def in_child(body, timeout: float = 20.0) -> str:
    """Run ``body()`` in a forked child (1 GB of memory at most); its outcome as text.

    ``"hang"`` if it had not finished after ``timeout`` seconds (then it is killed)."""
    ctx = fork_context()
    reader, writer = ctx.Pipe(duplex=False)

    def child() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        try:
            body()
            writer.send("ok")
        except MemoryError:
            writer.send("MemoryError")
        except Exception as exc:  # the outcome is the test's subject
            writer.send(f"{type(exc).__name__}: {exc}")
        os._exit(0)

    process = ctx.Process(target=child)
    process.start()
    if reader.poll(timeout):
        outcome = reader.recv()
    else:
        outcome = "hang"
    process.kill()
    process.join()
    return outcome


# --------------------------------------------------------------------------- special files


def test_a_fifo_as_the_data_file_is_refused_at_once(tmp_path):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    os.mkfifo(path, 0o600)
    outcome = in_child(lambda: open_store(path).close())
    assert outcome.startswith("StoreError: ")
    assert "n'est pas un fichier ordinaire" in outcome


def test_a_fifo_as_the_data_file_from_the_command_line(tmp_path, capsys):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    os.mkfifo(path, 0o600)

    def body() -> None:
        assert main(["--data", str(path), "stats"]) == 2

    assert in_child(body) == "ok"


def content_dir_with(tmp_path, name: str, make) -> object:
    directory = tmp_path / "contenu"
    directory.mkdir()
    make(directory / name)
    return directory


@pytest.mark.parametrize("name", ["procedure.yaml", "contacts.yaml", "parents.yaml"])
def test_a_fifo_as_a_content_file_is_refused_at_once(tmp_path, name):
    directory = content_dir_with(tmp_path, name, lambda p: os.mkfifo(p, 0o644))
    outcome = in_child(lambda: load_content(directory))
    assert outcome.startswith("ContentError: Contenu invalide : ")
    assert "n'est pas un fichier ordinaire" in outcome


def test_a_content_file_linked_to_dev_zero_is_refused_without_reading(tmp_path):
    directory = content_dir_with(tmp_path, "contacts.yaml", lambda p: os.symlink("/dev/zero", p))
    outcome = in_child(lambda: load_content(directory))
    assert outcome.startswith("ContentError: ")
    assert "n'est pas un fichier ordinaire" in outcome


def test_a_huge_content_file_is_refused_with_the_limit(tmp_path):
    packaged = resources.files("harcelement_tui") / "content" / "contacts.yaml"

    def make(path) -> None:
        path.write_text(packaged.read_text(encoding="utf-8") + "#" * (1 << 20), encoding="utf-8")

    directory = content_dir_with(tmp_path, "contacts.yaml", make)
    with pytest.raises(ContentError, match=r"trop gros \(plus de 1 Mo\)"):
        load_content(directory)


def test_a_content_file_anyone_may_write_is_refused(tmp_path):
    packaged = resources.files("harcelement_tui") / "content" / "contacts.yaml"
    directory = content_dir_with(tmp_path, "contacts.yaml",
                                 lambda p: p.write_text(packaged.read_text(encoding="utf-8"), encoding="utf-8"))
    os.chmod(directory / "contacts.yaml", 0o666)
    with pytest.raises(ContentError) as refused:
        load_content(directory)
    assert "modifiable par tous les utilisateurs du serveur (droits 0666)" in str(refused.value)
    assert f"chmod o-w {directory / 'contacts.yaml'}" in str(refused.value)
    os.chmod(directory / "contacts.yaml", 0o664)  # a town team's group may edit it
    load_content(directory)


def test_a_config_file_anyone_may_write_is_refused(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("school_name: École\n", encoding="utf-8")
    os.chmod(config, 0o646)
    with pytest.raises(ConfigError) as refused:
        load_config(config, system_file=tmp_path / "absent", user_file=tmp_path / "absent")
    assert str(refused.value).startswith(f"Configuration refusée : {config} : il est modifiable par tous")
    assert "(droits 0646) ; corrigez avec : chmod o-w" in str(refused.value)
    os.chmod(config, 0o644)
    assert load_config(config, system_file=tmp_path / "absent", user_file=tmp_path / "absent").school_name == "École"


def test_an_import_file_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    fifo = tmp_path / "cas.json"
    os.mkfifo(fifo)
    data = data_path(tmp_path)

    def body() -> None:
        assert main(["--data", str(data), "import", str(fifo)]) == 2
        assert main(["--data", str(data), "import", "/dev/zero"]) == 2

    assert in_child(body) == "ok"


# --------------------------------------------------------------------------- the lock file


def test_a_removed_lock_file_is_recreated_and_still_excludes_others(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=0.3)
    case = store.create_case(pupil="A. B.")
    lock = path.parent / "cases.json.lock"
    os.unlink(lock)
    store.add_note(case.ref, "après la suppression du verrou")  # recreates it
    assert lock.exists()
    # A neighbour replaces it again and holds the new one: this session must wait, then say busy.
    os.unlink(lock)
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(str(lock), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        before = path.read_bytes()
        with pytest.raises(StoreBusyError):
            store.add_note(case.ref, "pendant que l'autre tient le nouveau verrou")
        assert path.read_bytes() == before
    finally:
        release.set()
        holder.join(10)
    store.add_note(case.ref, "après")
    assert [e.text for e in store.get(case.ref).timeline][-2:] == ["après la suppression du verrou", "après"]
    store.close()


def test_a_lock_file_replaced_by_one_this_session_cannot_open_is_a_french_error(tmp_path, monkeypatch):
    """Another account recreates the lock private to itself: opening it is refused (simulated,
    the tests run as root). The original code then called flock(None): a TypeError in English."""
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    lock = path.parent / "cases.json.lock"
    os.unlink(lock)
    lock.write_bytes(b"")
    real_open = os.open

    def refuse_lock(name, flags, *args, **kwargs):
        if os.fspath(name) == os.fspath(lock):
            raise PermissionError(13, "Permission denied", os.fspath(name))
        return real_open(name, flags, *args, **kwargs)

    before = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "open", refuse_lock)
        for _ in range(2):  # every attempt says it, none writes
            with pytest.raises(StoreError) as refused:
                store.add_note(case.ref, "refusée")
            assert "Le verrou" in str(refused.value) and "a été remplacé" in str(refused.value)
            assert "rien n'a été enregistré" in str(refused.value)
            assert path.read_bytes() == before
    store.add_note(case.ref, "le verrou est de nouveau utilisable")
    assert store.get(case.ref).timeline[-1].text == "le verrou est de nouveau utilisable"
    assert store.storage.read_only_reason is None
    store.close()


@pytest.mark.parametrize("replacement", ["fifo", "dossier", "lien"])
def test_a_lock_file_replaced_by_something_else_is_refused_cleanly(tmp_path, replacement):
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    lock = path.parent / "cases.json.lock"
    os.unlink(lock)
    {"fifo": lambda: os.mkfifo(lock, 0o600), "dossier": lambda: lock.mkdir(),
     "lien": lambda: os.symlink(tmp_path / "ailleurs", lock)}[replacement]()
    before = path.read_bytes()
    outcome = in_child(lambda: store.add_note(case.ref, "refusée"))
    assert outcome.startswith(("StoreError: ", "StorePermissionError: ")), outcome
    assert path.read_bytes() == before
    store.close()


def test_a_killed_writers_temp_file_goes_at_the_next_lock(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    leftover = path.parent / ".cases.json.k1ll3d.tmp"
    leftover.write_bytes(path.read_bytes())  # a whole copy of the data
    store.add_note(case.ref, "la session continue")
    assert not leftover.exists()
    store.close()


# --------------------------------------------------------------------------- long lines


def open_time(path) -> float:
    """CPU time (this process's, user and system) to open the file, best of 5: the other
    processes of a busy machine do not count."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        storage = CaseStorage(path, create=False)
        best = min(best, time.process_time() - start)
        storage.close()
    return best


def store_with_line(tmp_path, megabytes: int):
    """A file in the store's line layout whose one document is a line of ``megabytes`` MB."""
    path = tmp_path / f"l{megabytes}" / "cases.json"
    path.parent.mkdir(mode=0o700)
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "layout": "lines"}
    doc = orjson.dumps(raw_case("2026-001", summary="x" * (megabytes << 20)))
    path.write_bytes(b'{\n"_meta":{\n"1":' + orjson.dumps(meta) + b'\n}\n,"cases":{\n"1":' + doc + b"\n}\n}\n")
    os.chmod(path, 0o600)
    return path


def test_reading_a_long_line_is_linear(tmp_path):
    """A ratio, not a time: a line 16 times as long takes at most 3 x 16 times as long to open
    (CPU time measured: ~16 on a loaded machine, ~250 with the quadratic original).
    Figures for 16/64/256 MB lines: benchmarks/bench_long_line.py."""
    small, big = store_with_line(tmp_path, 4), store_with_line(tmp_path, 64)
    ratio = open_time(big) / open_time(small)
    assert ratio < 48, ratio


def test_a_session_that_gave_up_waiting_never_keeps_the_lock(tmp_path):
    """The wait is a blocking flock in a helper thread; once the session has said "busy", the
    helper releases the lock as soon as it gets it: no session is locked out by a waiter gone."""
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=0.2)
    case = store.create_case(pupil="A. B.")
    lock = str(path.parent / "cases.json.lock")
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(lock, ready, release))
    holder.start()
    assert ready.wait(10)
    with pytest.raises(StoreBusyError):
        store.add_note(case.ref, "occupé")
    release.set()
    holder.join(10)
    # Another session can take the lock: the abandoned helper released it (wait on the condition).
    fd = os.open(lock, os.O_RDWR)
    deadline = time.monotonic() + 10
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            assert time.monotonic() < deadline, "the lock stayed held by a waiter that gave up"
            time.sleep(0.01)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    store.add_note(case.ref, "après")
    assert store.get(case.ref).timeline[-1].text == "après"
    store.close()


def test_a_waiting_session_writes_as_soon_as_the_lock_is_released(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=30)
    case = store.create_case(pupil="A. B.")
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(str(path.parent / "cases.json.lock"), ready, release))
    holder.start()
    assert ready.wait(10)
    done = threading.Event()
    waiter = threading.Thread(target=lambda: (store.add_note(case.ref, "attendu"), done.set()))
    waiter.start()
    assert not done.wait(0.3)  # blocked behind the other session
    release.set()
    assert done.wait(10)
    waiter.join()
    holder.join(10)
    assert store.get(case.ref).timeline[-1].text == "attendu"
    store.close()
