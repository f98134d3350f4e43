"""The TinyDB storage itself: :class:`CaseStorage`, the data model ``{table: {doc_id: document}}``
kept in memory and in one file, with its lock, its checks, its atomic writes and its backups.

TinyDB's own ``JSONStorage`` rewrites the file in place, without a lock, creates it world-readable
and takes an empty file for an empty database. Here :meth:`CaseStorage.transaction` holds a thread
lock and the file lock (:mod:`.lock`) across a whole read-modify-write, and each write replaces
the file atomically: a process killed at any instant leaves the old or the new file; a failed
write (disk full, read-only, permission) raises :class:`StoreWriteError`, removes the temporary
file and leaves the previous file untouched.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from harcelement_tui.core.errors import UserError, os_reason
from harcelement_tui.core.safe_files import fsync_dir, is_team_dir, remove_temp_files
from harcelement_tui.core.storage import codec, lines
from harcelement_tui.core.storage.backups import KEEP_BACKUPS, Backups
from harcelement_tui.core.storage.errors import (
    CorruptStoreError,
    StoreError,
    StorePermissionError,
    StoreWriteError,
)
from harcelement_tui.core.storage.files import Current, Pin, Stamp, read_all, stamp_of
from harcelement_tui.core.storage.lock import FileLock
from harcelement_tui.core.storage.permissions import (
    check_not_foreign_symlink,
    check_private,
    open_data_dir,
)
from harcelement_tui.core.storage.writing import new_file_mode, prepare, write_data_file

DEFAULT_LOCK_TIMEOUT = 5.0


class CaseStorage(Storage):
    """TinyDB storage with locking, atomic replace, permission checks, backups and a stat cache.

    ``TinyDB(path, storage=CaseStorage, lock_timeout=..., create=...)`` or through ``CaseDB``.
    ``create=True`` creates a missing file (and its directories); :attr:`created` tells whether
    this instance did. ``today`` gives the date used to name backups.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        create: bool = True,
        today: Callable[[], date] | None = None,
        keep_backups: int = KEEP_BACKUPS,
        lazy_fields: tuple[str, ...] = (),
        unique_fields: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.lazy_fields = tuple(lazy_fields)
        self.unique_fields = tuple(unique_fields)
        """Fields no two documents of a table may share (a case's reference, its uuid): a file
        where two do is damaged and refused, never read with one of them hidden."""
        self.path = Path(os.path.abspath(os.fspath(path)))
        self.lock_timeout = float(lock_timeout)
        self.created = False
        self.generation = 0
        self._cur: Current | None = None
        self._depth = 0
        self._pid = os.getpid()
        self._rlock = threading.RLock()
        self._cur_has_documents = False
        self._closed = False

        check_not_foreign_symlink(self.path)
        # Work on the real file: os.replace() on a symlink would replace the link itself.
        self.real = Path(os.path.realpath(self.path))
        self.directory = self.real.parent
        self.lock_path = self.directory / f"{self.real.name}.lock"
        self._tmp_prefix = f".{self.real.name}."
        self._backups = Backups(self.real, keep=keep_backups, today=today or date.today,
                                tmp_prefix=self._tmp_prefix)

        dir_st = open_data_dir(self.directory, self.path, create=create)
        self.team = is_team_dir(dir_st)
        """A team file (setgid group directory, ``2770``): every file written is 0660."""

        self._lock = FileLock(self.path, self.real, self.lock_path, team=self.team, timeout=self.lock_timeout)
        try:
            if os.path.lexists(self.real):
                self._refresh()
                self._cleanup_temp_files(blocking=False)
            elif not create:
                raise StoreError(f"Fichier des cas introuvable : {self.path}.", self.path)
            else:
                with self.transaction(refresh=False):
                    if os.path.lexists(self.real):  # another session created it meanwhile
                        self._refresh()
                    else:
                        self._cleanup_temp_files(blocking=True)
                        self._write({})
                        self.created = True
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ TinyDB's interface

    def read(self) -> dict[str, Any]:
        """The whole database; re-read from disk only if the file changed (outside transactions)."""
        with self._thread_lock():
            if self._depth == 0 or self._cur is None:
                self._refresh()
            assert self._cur is not None
            return self._cur.data

    def write(self, data: dict[str, Any]) -> None:
        """Write the whole database atomically.

        Inside :meth:`transaction` this is the "write" of the read-modify-write. Outside one, the
        lock is taken for the write and the file must not have changed since it was read;
        otherwise :class:`StoreError` is raised and nothing is written (never a stale copy).
        """
        with self._thread_lock():
            if self._depth > 0:
                self._write(data)
                return
            read_stamp = self.stamp
            with self.transaction(refresh=False):
                if self.disk_stamp() != read_stamp:
                    self._invalidate()
                    raise StoreError(
                        f"Le fichier des cas {self.path} a été modifié par une autre session pendant "
                        "l'opération ; rien n'a été enregistré. Recommencez.",
                        self.path,
                    )
                self._write(data)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cur = None  # its descriptor closes once no deferred list refers to it
        lock: FileLock | None = getattr(self, "_lock", None)  # None: __init__ failed before it
        if lock is not None:
            lock.close()

    # ------------------------------------------------------------------ public extras

    @property
    def read_only_reason(self) -> str | None:
        """Set when the file can be read but not locked, hence not changed."""
        return self._lock.read_only_reason

    @contextmanager
    def transaction(self, *, refresh: bool = True) -> Iterator[CaseStorage]:
        """Hold the thread lock and the file lock; on entry re-read the file if it changed.

        Re-entrant in the same thread. Use it around every read-modify-write.
        """
        self._check_fork()
        if not self._rlock.acquire(timeout=self.lock_timeout):
            raise self._lock.busy()
        try:
            outermost = self._depth == 0
            if outermost:
                self._lock.acquire()
                try:
                    # A temporary file exists only while its writer holds the lock: any found now
                    # was left by a killed writer (a whole copy of the data), so it goes at once.
                    self._cleanup_temp_files(blocking=True)
                    if refresh:
                        self._refresh()
                except BaseException:
                    self._lock.release()
                    raise
            self._depth += 1
            try:
                yield self
            except BaseException as exc:
                if not isinstance(exc, UserError):
                    # Something unexpected happened mid-change: the cached data may have been
                    # mutated; read it again from disk next time.
                    self._invalidate()
                raise
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._lock.release()
        finally:
            self._rlock.release()

    def refresh(self, *, wait: bool = True) -> bool:
        """Re-read the file if it changed. With ``wait=False``, return False at once (doing nothing)
        if another thread of this process is in a transaction or reading."""
        self._check_fork()
        if wait:
            with self._thread_lock():
                if self._depth == 0:
                    self._refresh()
            return True
        if not self._rlock.acquire(blocking=False):
            return False
        try:
            if self._depth == 0:
                self._refresh()
            return True
        finally:
            self._rlock.release()

    @contextmanager
    def reading(self, *, wait: bool = True) -> Iterator[dict[str, Any] | None]:
        """Hold the thread lock with fresh data (or yield None if ``wait=False`` and busy)."""
        self._check_fork()
        if wait:
            if not self._rlock.acquire(timeout=self.lock_timeout):
                raise self._lock.busy()
        elif not self._rlock.acquire(blocking=False):
            yield None
            return
        try:
            if self._depth == 0 or self._cur is None:
                self._refresh()
            assert self._cur is not None
            yield self._cur.data
        finally:
            self._rlock.release()

    @property
    def stamp(self) -> Stamp | None:
        """The stamp of the data this storage holds."""
        cur = self._cur
        return cur.stamp if cur else None

    def backups(self) -> list[Path]:
        """Backup files next to the data file, oldest first."""
        return self._backups.all()

    def newest_backup(self) -> Path | None:
        """The newest backup worth restoring (one holding no document is passed over)."""
        return self._backups.newest()

    # ------------------------------------------------------------------ locking

    @contextmanager
    def _thread_lock(self) -> Iterator[None]:
        self._check_fork()
        if not self._rlock.acquire(timeout=self.lock_timeout):
            raise self._lock.busy()
        try:
            yield
        finally:
            self._rlock.release()

    def _check_fork(self) -> None:
        """After fork(), the child must not share the parent's lock (flock is per open file)."""
        if os.getpid() != self._pid and not self._closed:
            self._pid = os.getpid()
            self._rlock = threading.RLock()
            self._depth = 0
            self._lock.after_fork()

    # ------------------------------------------------------------------ reading

    def disk_stamp(self) -> Stamp | None:
        """The stamp of the file on disk now (one ``stat``), or None if it is missing."""
        try:
            return stamp_of(os.stat(self.real))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorePermissionError(
                f"Accès impossible au fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None

    def _invalidate(self) -> None:
        self._cur = None

    def _refresh(self) -> None:
        """Re-read the file if its stamp differs from the cached one."""
        stamp = self.disk_stamp()
        if stamp is None:
            raise StoreError(
                f"Le fichier des cas {self.path} a disparu (supprimé ou déplacé par quelqu'un ?). "
                f"Rien n'a été enregistré. Dernière sauvegarde : {self.newest_backup() or 'aucune'}.",
                self.path,
            )
        cur = self._cur
        if cur is not None and cur.stamp == stamp:
            return
        self._load()

    def _load(self) -> None:
        try:
            # O_NONBLOCK: opening a FIFO put in the file's place must not wait for a writer forever;
            # it is refused below as not a regular file (the flag does nothing to regular files).
            fd = os.open(self.real, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            raise StoreError(f"Fichier des cas introuvable : {self.path}.", self.path) from None
        except OSError as exc:
            raise StorePermissionError(
                f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None
        pin = Pin(fd)
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(
                f"{self.path} n'est pas un fichier ordinaire (tube, périphérique…) ; rien n'a été lu "
                "ni écrit. Indiquez le vrai fichier des cas avec --data.", self.path)
        check_private(self.path, st, is_dir=False, data_file=self.path)
        try:
            data = lines.parse_lines(pin, self.lazy_fields, self._corrupt, self._check)
            if data is None:
                data = codec.parse_whole(read_all(fd, st.st_size), self.unique_fields, self._corrupt)
        except OSError as exc:
            raise StoreError(
                f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None
        self._set_current(Current(stamp_of(st), pin, stat.S_IMODE(st.st_mode), st.st_gid, data))

    def _set_current(self, cur: Current) -> None:
        self._cur = cur
        # Known now: TinyDB changes the cached data in place before asking to write it.
        self._cur_has_documents = codec.has_documents(cur.data)
        self.generation += 1

    def _check(self, data: dict[str, Any]) -> None:
        codec.check(data, self.unique_fields, self._corrupt)

    def _corrupt(self, reason: str) -> CorruptStoreError:
        return codec.corrupt_error(self.path, reason, self.newest_backup())

    # ------------------------------------------------------------------ writing

    def _write_error(self, exc: OSError, what: str = "") -> StoreWriteError:
        return StoreWriteError(
            f"Impossible d'enregistrer le fichier des cas {self.path}{what} ({os_reason(exc)}). "
            "Rien n'a été enregistré ; le fichier précédent est intact.",
            self.path,
            exc.errno,
        )

    def _write(self, data: dict[str, Any], *, backup: bool = True) -> None:
        """Atomic replace of the whole file (after the day's backup, if due and ``backup``). Caller
        holds the locks."""
        try:
            data, plan, payload = prepare(data)
        except (TypeError, orjson.JSONEncodeError):
            self._invalidate()
            raise
        cur = self._cur
        mode, gid = new_file_mode(self.team, cur.pin if cur else None, cur.mode if cur else 0, cur.gid if cur else 0)
        try:
            if cur is not None and backup:
                self._backups.before_write(cur.stamp, cur.pin, self._cur_has_documents, mode, gid)
        except OSError as exc:
            self._invalidate()
            raise self._write_error(exc, " (copie de sauvegarde)") from None
        try:
            pin, st = write_data_file(self.real, plan, payload, mode=mode, gid=gid,
                                      prefix=self._tmp_prefix, lazy_fields=self.lazy_fields)
        except BaseException as exc:
            self._invalidate()
            if isinstance(exc, OSError):
                raise self._write_error(exc) from None
            raise
        # The new file is in place: keep its descriptor to pin its inode, and its data as the cache.
        self._set_current(Current(stamp_of(st), pin, stat.S_IMODE(st.st_mode), st.st_gid, data))
        try:
            fsync_dir(self.directory)
        except OSError as exc:
            raise StoreWriteError(
                f"Le fichier des cas {self.path} a été remplacé mais l'écriture n'a pas pu être "
                f"confirmée sur le disque ({os_reason(exc)}).",
                self.path,
                exc.errno,
            ) from None

    def _cleanup_temp_files(self, *, blocking: bool) -> None:
        """Remove temporary files left by a killed process. Only under the lock: a temporary file
        exists only while its writer holds the lock (``blocking``: the caller holds it; else it is
        taken only if free at once)."""
        if not blocking and not self._lock.try_acquire():
            return
        try:
            remove_temp_files(self.directory, self._tmp_prefix)
        finally:
            if not blocking:
                self._lock.release()
