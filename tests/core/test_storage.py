"""The storage: permissions, refusal of unknown files, backups, failed writes, stat cache, TinyDB glue.

Tests run as root, so nothing here relies on chmod to deny access: failures are simulated by
patching the system calls.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
import orjson
import pytest
from support.clock import FrozenClock
from support.store import data_path, fork_context, hold_lock, mode, open_store, padded_cases, raw_case, write_raw_store
from tinydb import Query

from harcelement_tui.core.storage import (
    FORMAT,
    CaseDB,
    CaseStorage,
    CorruptStoreError,
    StoreBusyError,
    StoreError,
    StorePermissionError,
    StoreWriteError,
)


def stray_files(directory) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp"))


# --------------------------------------------------------------------------- permissions


def test_new_directories_and_files_are_private(tmp_path):
    path = tmp_path / "a" / "b" / "cases.json"
    store = open_store(path)
    assert store.created
    assert mode(tmp_path / "a") == 0o700
    assert mode(tmp_path / "a" / "b") == 0o700
    assert mode(path) == 0o600
    assert mode(store.storage.lock_path) == 0o600
    store.close()
    again = open_store(path)
    assert not again.created
    again.close()


def test_umask_000_still_gives_0600_and_0700(tmp_path):
    old = os.umask(0)
    try:
        clock = FrozenClock()
        path = tmp_path / "ouvert" / "cases.json"
        store = open_store(path, clock=clock)
        case = store.create_case(pupil="A. B.")
        clock.advance(days=1)
        store.add_note(case.ref, "le lendemain")  # writes a backup too
        for item in path.parent.iterdir():
            assert mode(item) == 0o600, item
        assert len(list(path.parent.glob("*.bak"))) == 1  # the empty store is not backed up
        assert mode(path.parent) == 0o700
        store.close()
    finally:
        os.umask(old)


def test_file_readable_by_others_is_refused_with_the_chmod_to_fix_it(tmp_path):
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001")], file_mode=0o644)
    before = path.read_bytes()
    with pytest.raises(StorePermissionError) as caught:
        open_store(path)
    message = str(caught.value)
    assert f"chmod o-rwx {path}" in message
    assert "0644" in message and "tous les utilisateurs du serveur" in message
    assert path.read_bytes() == before
    assert mode(path) == 0o644


@pytest.mark.parametrize("bits", [0o001, 0o002, 0o004])
def test_any_other_bit_on_the_directory_is_refused(isolated_home, bits):
    path = write_raw_store(data_path(isolated_home), [raw_case("2026-001")])
    os.chmod(path.parent, 0o700 | bits)
    with pytest.raises(StorePermissionError, match=f"chmod o-rwx {path.parent}"):
        open_store(path)


def test_a_directory_outside_home_is_never_to_be_chmodded(tmp_path):
    """/etc, /srv, a mount...: the advice is to choose another place, never to chmod it."""
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001")])
    os.chmod(path.parent, 0o755)
    with pytest.raises(StorePermissionError) as caught:
        open_store(path)
    assert "chmod" not in str(caught.value)
    assert "dossier à vous" in str(caught.value)


def test_group_bits_are_allowed_and_kept_on_rewrite(tmp_path):
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001")], file_mode=0o660)
    os.chmod(path.parent, 0o770)
    store = open_store(path)
    gid = os.stat(path).st_gid
    store.add_note("2026-001", "partagé avec l'équipe")
    assert mode(path) == 0o660
    assert os.stat(path).st_gid == gid
    assert mode(next(path.parent.glob("*.bak"))) == 0o660
    store.close()


def test_a_symlink_owned_by_another_user_is_refused(tmp_path):
    target = write_raw_store(tmp_path / "vrai" / "cases.json", [raw_case("2026-001")])
    link_dir = tmp_path / "liens"
    link_dir.mkdir(mode=0o700)
    link = link_dir / "cases.json"
    link.symlink_to(target)
    os.lchown(link, 54321, 54321)
    with pytest.raises(StorePermissionError) as caught:
        open_store(link)
    assert "lien symbolique" in str(caught.value)
    assert "autre utilisateur" in str(caught.value)
    # Same for a symlinked directory.
    dir_link = tmp_path / "dossier-lien"
    dir_link.symlink_to(target.parent)
    os.lchown(dir_link, 54321, 54321)
    with pytest.raises(StorePermissionError, match="lien symbolique"):
        open_store(dir_link / "cases.json")


def test_own_symlink_is_followed_and_kept(tmp_path):
    target = write_raw_store(tmp_path / "vrai" / "cases.json", [raw_case("2026-001")])
    link = tmp_path / "cases.json"
    link.symlink_to(target)
    store = open_store(link)
    store.add_note("2026-001", "via le lien")
    store.close()  # folds the journal into the data file
    assert link.is_symlink()
    assert "via le lien" in target.read_text(encoding="utf-8")
    store.close()


# --------------------------------------------------------------------------- unknown files


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "vide"),
        (b"  \n", "vide"),
        (b'{"cases": {"1": {"ref": ', "pas du JSON"),
        (b"\xff\xfe\x00garbage", "pas du JSON"),
        (b"[1, 2, 3]", "pas un fichier des cas"),
        (b'{"_default": {"1": {"nom": "autre application"}}}', "pas un fichier des cas"),
        (b'{"_meta": {"1": {"format": "autre"}}}', "pas un fichier des cas"),
        (b'{"_meta": {"1": {"format": "harcelement-tui/cases", "format_version": 99}}}', "plus récente"),
        (b'{"_meta": {"1": {"format": "harcelement-tui/cases", "format_version": 1}}, "cases": [1]}',
         "structure"),
    ],
)
def test_unknown_files_are_refused_and_left_byte_identical(tmp_path, content, reason):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    path.write_bytes(content)
    os.chmod(path, 0o600)
    with pytest.raises(CorruptStoreError) as caught:
        open_store(path)
    message = str(caught.value)
    assert str(path) in message
    assert reason in message
    assert "n'a pas été modifié" in message
    assert "Aucune sauvegarde" in message
    assert caught.value.exit_code == 2
    assert path.read_bytes() == content
    assert stray_files(path.parent) == []


def test_the_refusal_names_the_newest_backup(tmp_path):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    for day in ("2026-03-01", "2026-03-03", "2026-03-02"):
        write_raw_store(path.parent / f"cases.json.{day}.bak", [raw_case("2026-001")])
    path.write_bytes(b"n'importe quoi")
    os.chmod(path, 0o600)
    with pytest.raises(CorruptStoreError) as caught:
        open_store(path)
    newest = path.parent / "cases.json.2026-03-03.bak"
    assert caught.value.backup == newest
    assert f"Dernière sauvegarde : {newest}" in str(caught.value)


def test_a_file_broken_after_opening_is_never_overwritten(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    garbage = b'{"tronque": '
    path.write_bytes(garbage)  # someone edits it by hand, badly
    with pytest.raises(CorruptStoreError):
        store.add_note(case.ref, "ne doit pas écraser")
    with pytest.raises(CorruptStoreError):
        store.get(case.ref)
    assert path.read_bytes() == garbage
    store.close()


def test_a_vanished_file_is_an_error_not_a_silent_recreation(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    path.unlink()
    with pytest.raises(StoreError, match="a disparu"):
        store.add_note(case.ref, "x")
    assert not path.exists()
    store.close()


def test_missing_file_without_create_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="introuvable"):
        open_store(data_path(tmp_path), create=False)


# --------------------------------------------------------------------------- backups


def test_one_backup_before_the_first_write_of_each_day_and_14_kept(tmp_path):
    clock = FrozenClock()
    path = data_path(tmp_path)
    store = open_store(path, clock=clock)
    case = store.create_case(pupil="A. B.")  # an empty store is not worth a backup
    first_day = clock().date().isoformat()
    backup = path.parent / f"cases.json.{first_day}.bak"
    assert not backup.exists()
    store.add_note(case.ref, "même jour")  # first write of a store with a case: backed up
    # The backup holds every save before this one (the journal folded first), not this one.
    assert notes(backup) == [] and len(read_cases(backup)["1"]["timeline"]) == 1
    with_case = backup.read_bytes()
    store.add_note(case.ref, "encore le même jour")
    assert sorted(p.name for p in path.parent.glob("*.bak")) == [backup.name]
    assert backup.read_bytes() == with_case  # not refreshed during the day (before 100 writes)
    other = open_store(path, clock=clock)
    other.add_note(case.ref, "autre session")
    assert backup.read_bytes() == with_case
    other.close()

    clock.advance(days=1)
    store.add_note(case.ref, "jour 2")
    second = path.parent / f"cases.json.{clock().date().isoformat()}.bak"
    assert notes(second)[-3:] == ["même jour", "encore le même jour", "autre session"]
    assert mode(second) == 0o600

    for _ in range(20):
        clock.advance(days=1)
        store.add_note(case.ref, "encore un jour")
    backups = sorted(p.name for p in path.parent.glob("*.bak"))
    assert len(backups) == 14
    assert backups[-1] == f"cases.json.{clock().date().isoformat()}.bak"
    assert store.storage.newest_backup() == path.parent / backups[-1]
    store.close()


def test_a_session_refreshes_the_backup_every_100_writes(tmp_path):
    clock = FrozenClock()
    path = data_path(tmp_path)
    store = open_store(path, clock=clock)
    case = store.create_case(pupil="A. B.")
    backup = path.parent / f"cases.json.{clock().date().isoformat()}.bak"
    for number in range(100):
        store.add_note(case.ref, f"note {number}")
    assert len(read_cases(backup)["1"]["timeline"]) == 1  # backed up at the first note
    store.add_note(case.ref, "la 101e")
    assert notes(backup)[-1] == "note 99"  # refreshed: every save before this one
    store.close()


def test_an_empty_backup_is_never_advised(tmp_path):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    useful = write_raw_store(path.parent / "cases.json.2026-03-01.bak", [raw_case("2026-001")])
    (path.parent / "cases.json.2026-03-02.bak").write_bytes(
        orjson.dumps({"_meta": {"1": {"format": FORMAT, "format_version": 1}}, "cases": {}}))
    path.write_bytes(b"n'importe quoi")
    os.chmod(path, 0o600)
    with pytest.raises(CorruptStoreError) as caught:
        open_store(path)
    assert caught.value.backup == useful
    assert f"Dernière sauvegarde : {useful}" in str(caught.value)


def read_cases(path):
    return orjson.loads(path.read_bytes()).get("cases", {})


def notes(path) -> list[str]:
    """The notes of the only case of the case file (or backup) at ``path``, in order."""
    (case,) = read_cases(path).values()
    return [entry["text"] for entry in case["timeline"] if entry["kind"] == "note"]


# --------------------------------------------------------------------------- failed writes


def failing(err: int):
    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    return fail


@pytest.mark.parametrize(
    ("target", "err", "words", "when"),
    [
        ("os.write", errno.ENOSPC, "le disque est plein", "save"),
        ("os.fsync", errno.EIO, "entrée-sortie", "save"),
        ("os.write", errno.ENOSPC, "le disque est plein", "fold"),
        ("os.replace", errno.EROFS, "lecture seule", "fold"),
        ("os.fsync", errno.EIO, "entrée-sortie", "fold"),
        ("tempfile.mkstemp", errno.EACCES, "permission refusée", "fold"),
        ("os.fchmod", errno.EPERM, "non permise", "fold"),
    ],
)
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch, target, err, words, when):
    """A save appends to the journal (os.write, os.fsync); a fold rewrites the data file."""
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    store.add_note(case.ref, "avant")  # today's backup exists already
    if when == "fold":
        store.add_note(case.ref, "pas encore dans le fichier")
    before = path.read_bytes()
    module, name = target.split(".")
    with monkeypatch.context() as patch:
        patch.setattr({"os": os, "tempfile": tempfile}[module], name, failing(err))
        with pytest.raises(StoreWriteError) as caught:
            if when == "save":
                store.add_note(case.ref, "perdue")
            else:
                store.storage.fold()
    message = str(caught.value)
    assert words in message
    assert "Rien n'a été enregistré" in message
    assert caught.value.errno == err
    assert path.read_bytes() == before
    assert stray_files(path.parent) == []
    # Nothing claims the failed note was saved, nothing saved is lost, and the store still works.
    last = "avant" if when == "save" else "pas encore dans le fichier"
    assert [e.text for e in store.get(case.ref).timeline][-1] == last
    store.add_note(case.ref, "après")
    store.close()
    assert notes(path)[-2:] == [last, "après"]


def test_a_failed_backup_stops_the_write(tmp_path, monkeypatch):
    clock = FrozenClock()
    path = data_path(tmp_path)
    store = open_store(path, clock=clock)
    case = store.create_case(pupil="A. B.")
    clock.advance(days=1)
    with monkeypatch.context() as patch:
        patch.setattr(os, "sendfile", failing(errno.ENOSPC))
        with pytest.raises(StoreWriteError, match="sauvegarde.*disque est plein"):
            store.add_note(case.ref, "perdue")
    assert "perdue" not in path.read_text(encoding="utf-8")
    fresh = open_store(path, clock=clock)
    assert [e.text for e in fresh.get(case.ref).timeline][-1] != "perdue"
    fresh.close()
    assert stray_files(path.parent) == []
    assert list(path.parent.glob("*.bak")) == []  # the empty store of day 1 was not backed up
    store.close()


def test_temp_files_left_by_a_killed_writer_are_removed_at_open(tmp_path):
    path = data_path(tmp_path)
    open_store(path).close()
    leftover = path.parent / ".cases.json.abc123.tmp"
    leftover.write_bytes(b"partial")
    unrelated = path.parent / "notes.tmp"
    unrelated.write_bytes(b"keep")
    open_store(path).close()
    assert not leftover.exists()
    assert unrelated.exists()


# --------------------------------------------------------------------------- cache and freshness


def test_reads_do_not_reparse_an_unchanged_file(tmp_path, monkeypatch):
    path = data_path(tmp_path)
    store = open_store(path)
    case = store.create_case(pupil="A. B.")
    calls, loads = [], []
    real_loads = orjson.loads
    monkeypatch.setattr(orjson, "loads", lambda raw: loads.append(1) or real_loads(raw))
    real_load = CaseStorage._load
    monkeypatch.setattr(CaseStorage, "_load", lambda self: calls.append(1) or real_load(self))
    for _ in range(50):
        assert store.get(case.ref).pupil == "A. B."
        store.list()
    assert calls == [] and loads == []  # nothing read, nothing parsed
    other = open_store(path, user="educ")
    other.add_note(case.ref, "autre session")
    assert store.get(case.ref).timeline[-1].text == "autre session"
    # The other store's open only: here, its fold (before the day's backup) is taken as is and
    # its note read from the journal.
    assert len(calls) == 1
    assert store.get(case.ref).timeline[-1].by == "educ"
    assert len(calls) == 1
    store.close()
    other.close()


def test_tinydb_tables_drop_their_caches_when_another_process_writes(tmp_path):
    path = data_path(tmp_path)
    first = CaseDB(str(path), lock_timeout=2)
    second = CaseDB(str(path), lock_timeout=2)
    item = Query()
    first.insert({"ref": "a", "n": 1})
    assert second.search(item.ref == "a")[0]["n"] == 1  # fills second's query cache
    first.update({"n": 2}, item.ref == "a")
    assert second.search(item.ref == "a")[0]["n"] == 2  # not the cached result
    # A stale _next_id would give "Document with ID ... already exists".
    second.insert({"ref": "b"})
    first.insert({"ref": "c"})
    second.insert({"ref": "d"})
    assert sorted(doc["ref"] for doc in first.all()) == ["a", "b", "c", "d"]
    first.close()
    second.close()


def test_a_raw_write_of_stale_data_is_refused(tmp_path):
    path = data_path(tmp_path)
    storage = CaseStorage(path)
    data = storage.read()
    other = CaseStorage(path)
    other.write({**other.read(), "cases": {"1": {"ref": "2026-001"}}})
    before = path.read_bytes()
    with pytest.raises(StoreError, match="modifié par une autre session"):
        storage.write({**data, "cases": {"1": {"ref": "2026-002"}}})
    assert path.read_bytes() == before
    storage.close()
    other.close()


def test_stamp_and_changed_since(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path)
    token = store.stamp()
    assert not store.changed_since(token)
    store.create_case(pupil="A")
    assert store.changed_since(token)
    token = store.stamp()
    other = open_store(path)
    other.create_case(pupil="B")
    assert store.changed_since(token)
    assert [c.pupil for c in store.list()] == ["A", "B"]
    store.close()
    other.close()


# --------------------------------------------------------------------------- lock timeout


def test_a_lock_held_by_another_process_fails_with_busy_after_the_timeout(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=0.5)
    case = store.create_case(pupil="A. B.")
    before = path.read_bytes()
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(str(store.storage.lock_path), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as caught:
            store.add_note(case.ref, "bloquée")
        elapsed = time.monotonic() - started
        assert 0.45 <= elapsed < 2.0
        assert "occupé par une autre session" in str(caught.value)
        assert "0.5 s" in str(caught.value)
        assert caught.value.exit_code == 75  # "busy, try again", told apart from errors (2)
        assert path.read_bytes() == before
        assert store.get(case.ref).version == 1  # reads do not need the lock
    finally:
        release.set()
        holder.join(10)
    store.add_note(case.ref, "après")
    assert store.get(case.ref).version == 2
    store.close()


def test_the_lock_is_released_after_an_error(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=0.3)
    with pytest.raises(Exception):
        store.add_note("2026-404", "x")
    other = open_store(path, lock_timeout=0.3)
    other.create_case(pupil="A")  # would time out if the lock leaked
    store.close()
    other.close()


def test_padded_store_round_trips(tmp_path):
    path = write_raw_store(data_path(tmp_path), padded_cases(20))
    store = open_store(path)
    assert len(store.list()) == 20
    store.add_note("2025-003", "ok")
    assert store.get("2025-003").version == 30
    store.close()


def test_a_deleted_lock_file_does_not_break_mutual_exclusion(tmp_path):
    path = data_path(tmp_path)
    first = open_store(path, lock_timeout=0.4)
    case = first.create_case(pupil="A")
    first.storage.lock_path.unlink()  # a clean-up script removed it
    second = open_store(path, lock_timeout=0.4)  # creates a new lock file
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(str(second.storage.lock_path), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(StoreBusyError):
            first.add_note(case.ref, "ne doit pas passer à côté du verrou")
    finally:
        release.set()
        holder.join(10)
    first.add_note(case.ref, "après")
    first.close()
    second.close()


def test_a_forked_child_does_not_share_the_parents_lock(tmp_path):
    path = data_path(tmp_path)
    store = open_store(path, lock_timeout=0.3)
    case = store.create_case(pupil="A")
    with store.storage.transaction():
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                store.add_note(case.ref, "enfant")
            except StoreBusyError:
                os._exit(7)
            except BaseException:
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    assert store.get(case.ref).version == 1
    store.close()


def test_a_file_that_cannot_be_locked_opens_read_only(tmp_path, monkeypatch):
    """A read-only filesystem (or no write permission): readable, and every change says why not."""
    import errno as errno_

    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001")])
    before = path.read_bytes()
    real_open = os.open

    def read_only_fs(file, flags, *args, **kwargs):
        if str(file).endswith(".lock") or flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno_.EROFS, "Read-only file system")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_fs)
    store = open_store(path)
    assert "lecture seule" in store.storage.read_only_reason
    assert store.get("2026-001").ref == "2026-001"
    with pytest.raises(StoreWriteError, match="Lecture seule"):
        store.add_note("2026-001", "ne sera pas écrite")
    store.close()
    assert path.read_bytes() == before


def test_read_only_reason_names_a_read_only_filesystem(tmp_path, monkeypatch):
    from harcelement_tui.core.store import read_only_reason

    real_statvfs = os.statvfs

    class ReadOnly:
        def __init__(self, result):
            self.f_flag = result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda p: ReadOnly(real_statvfs(p)))
    assert "lecture seule" in read_only_reason(tmp_path / "cases.json")
    monkeypatch.undo()
    assert read_only_reason(tmp_path / "cases.json") is None
