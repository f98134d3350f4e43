"""A TinyDB storage safe for several Unix accounts and sessions sharing one case file.

TinyDB's own ``JSONStorage`` rewrites the file in place, without a lock, creates it world-readable
and takes an empty file for an empty database. :class:`CaseStorage` keeps
TinyDB's data model (``{table: {doc_id: document}}``) and replaces the file handling:

* **Lock.** An exclusive ``fcntl.flock`` on a sidecar ``<file>.lock`` (the data file itself is
  replaced on every write, so locking it would be useless) plus a thread lock. :meth:`transaction`
  holds both across a whole read-modify-write and only for that; a lock held longer than
  ``lock_timeout`` by another session raises :class:`StoreBusyError` instead of hanging.
* **Fresh data.** Each transaction starts by re-reading the file if its stamp (device, inode, size,
  ``mtime_ns``) changed. :class:`LockedTable` then drops TinyDB's query cache and ``_next_id``.
  The storage keeps the last file it read open, so its inode number cannot be reused by a later
  file while it is cached: an equal stamp means the same, never-modified file (files are only
  ever replaced, never rewritten in place).
* **Atomic writes.** Temporary file in the same directory, write, ``fsync``, ``os.replace``,
  ``fsync`` of the directory. A process killed at any instant leaves the old or the new file.
  A failed write (disk full, read-only, permission) raises :class:`StoreWriteError`, removes the
  temporary file and leaves the previous file untouched.
* **Cheap reads.** Outside a transaction ``read()`` costs one ``stat()`` when nothing changed.
* **Permissions.** New directories 0700, new files 0600 whatever the umask; a file or directory
  with any "other" permission bit, or a symlink owned by another user, is refused
  (:class:`StorePermissionError`, with the ``chmod`` that fixes it). Group bits are allowed and
  kept on rewrite, so a team can share the file through a Unix group.
* **Never overwrite the unknown.** An empty file, a file that is not JSON or not a case store is
  refused (:class:`CorruptStoreError`, naming the newest backup) and never written.
* **Backups.** Before the first write of each day, ``<file>.YYYY-MM-DD.bak``; the last 14 kept.

Local filesystems only: ``flock`` is not reliable over NFS.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import re
import shlex
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from harcelement_tui.core.errors import UserError, os_reason

FORMAT = "harcelement-tui/cases"
FORMAT_VERSION = 1
META_TABLE = "_meta"
KEEP_BACKUPS = 14
DEFAULT_LOCK_TIMEOUT = 5.0



# --------------------------------------------------------------------------- errors


class StoreError(UserError):
    """The case file cannot be used as asked. ``path`` is the data file concerned."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class StoreBusyError(StoreError):
    """Another session held the lock longer than the timeout."""


class CorruptStoreError(StoreError):
    """The file is empty, not JSON or not a case store. ``backup`` is the newest backup, or None."""

    def __init__(self, message: str, path: Path | str, backup: Path | None) -> None:
        super().__init__(message, path)
        self.backup = backup


class StorePermissionError(StoreError):
    """Permissions are unsafe (readable by others, foreign symlink) or deny access."""


class StoreWriteError(StoreError):
    """Writing failed; nothing was saved and the previous file is intact. ``errno`` if known."""

    def __init__(self, message: str, path: Path | str, errno_: int | None = None) -> None:
        super().__init__(message, path)
        self.errno = errno_


# --------------------------------------------------------------------------- helpers


class Stamp(NamedTuple):
    """What identifies one version of the file on disk."""

    dev: int
    ino: int
    size: int
    mtime_ns: int


def _stamp_of(st: os.stat_result) -> Stamp:
    return Stamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _q(path: Path | str) -> str:
    return shlex.quote(str(path))


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than returning 0
            raise OSError(errno.EIO, "short write")
        view = view[written:]


def _read_all(fd: int, size_hint: int) -> bytes:
    chunks = []
    first = os.read(fd, max(size_hint, 0) + 1)
    if not first:
        return b""
    chunks.append(first)
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Parsing a 70 MB file creates millions of containers; each allocation burst triggers
    collections that scan everything already loaded. Pausing it makes the parse ~40 % faster.
    Nothing built here holds reference cycles, so nothing is missed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"uid {uid}"


def _trusted_uid(uid: int) -> bool:
    return uid in (os.getuid(), os.geteuid(), 0)


def check_not_foreign_symlink(path: Path) -> None:
    """Refuse a data path (or its directory) that is a symlink owned by another user."""
    for candidate in (path, path.parent):
        try:
            st = os.lstat(candidate)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorePermissionError(
                f"Accès impossible au chemin {candidate} ({os_reason(exc)}).", path
            ) from None
        if stat.S_ISLNK(st.st_mode) and not _trusted_uid(st.st_uid):
            raise StorePermissionError(
                f"Refusé : {candidate} est un lien symbolique qui appartient à un autre utilisateur "
                f"({_owner(st.st_uid)}) ; il pourrait rediriger les données ailleurs. Indiquez le "
                f"vrai chemin avec --data, ou supprimez le lien : rm {_q(candidate)}",
                path,
            )


def _in_home(path: Path) -> bool:
    try:
        home = Path.home().resolve()
    except (KeyError, RuntimeError):
        return False
    resolved = Path(path).resolve()
    return resolved != home and home in resolved.parents


def check_private(path: Path, st: os.stat_result, *, is_dir: bool, data_file: Path) -> None:
    """Refuse a file or directory that any other user of the server may read, write or enter."""
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o007:
        what = "Le dossier des données" if is_dir else "Le fichier des cas"
        if is_dir and (st.st_uid != os.geteuid() or mode & stat.S_ISVTX or not _in_home(path)):
            # A shared or system directory (/tmp, /etc...): never tell anyone, root included, to
            # chmod it; move the data instead. Only one's own directory at home gets the chmod.
            fix = (f"choisissez un fichier dans un dossier à vous (par exemple "
                   f"--data ~/.local/share/harcelement-tui/{data_file.name})")
        else:
            fix = f"corrigez avec : chmod o-rwx {_q(path)}"
        raise StorePermissionError(
            f"{what} {path} est accessible à tous les utilisateurs du serveur (droits {mode:04o}) ; "
            f"il contient des données sur des mineurs. Rien n'a été lu ni écrit : {fix}",
            data_file,
        )


def read_only_reason(path: Path) -> str | None:
    """Why the data file at ``path`` cannot be written (in French), or ``None`` if it can.

    Checked at start so the console can open a file it may only read (a read-only filesystem, a
    team file without write permission) and say so, instead of failing at the first save.
    """
    directory = Path(path).parent
    try:
        if os.statvfs(directory).f_flag & os.ST_RDONLY:
            return f"le système de fichiers de {directory} est en lecture seule"
    except OSError:
        return None  # the store's own checks report a missing or unreadable place
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return f"vous n'avez pas le droit d'écrire {path}"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"vous n'avez pas le droit d'écrire dans {directory}"
    return None


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and its missing parents with mode 0700, whatever the umask."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o700)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems cannot fsync a directory
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def replace_via_temp(target: Path, fill: Callable[[int], None], *, mode: int, prefix: str | None = None) -> None:
    """Create a temp file beside ``target`` with ``mode``, let ``fill(fd)`` write it, fsync it and
    ``os.replace`` it onto ``target``. Raises ``OSError``; the temp file is removed on failure.
    The caller fsyncs the directory when it needs the rename itself to be durable."""
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        fill(fd)
        os.fsync(fd)
        os.replace(tmp, target)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, mode: int = 0o600) -> None:
    """Write ``payload`` to ``path`` atomically with ``mode`` (temp file, fsync, replace, fsync dir).

    Raises ``OSError``; the temporary file is removed on failure.
    """
    replace_via_temp(path, lambda fd: _write_all(fd, payload), mode=mode)
    fsync_dir(path.parent)


# --------------------------------------------------------------------------- the storage


class _Current(NamedTuple):
    """The cached file: its stamp, the open descriptor pinning its inode, the parsed data."""

    stamp: Stamp
    fd: int
    mode: int
    gid: int
    data: dict[str, Any]


class CaseStorage(Storage):
    """TinyDB storage with locking, atomic replace, permission checks, backups and a stat cache.

    ``TinyDB(path, storage=CaseStorage, lock_timeout=..., create=...)`` or through :class:`CaseDB`.
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
    ) -> None:
        super().__init__()
        self.path = Path(os.path.abspath(os.fspath(path)))
        self.lock_timeout = float(lock_timeout)
        self.keep_backups = keep_backups
        self._today = today or date.today
        self.created = False
        self.generation = 0
        self._cur: _Current | None = None
        self._depth = 0
        self._lock_fd: int | None = None
        self.read_only_reason: str | None = None
        """Set when the file can be read but not locked, hence not changed."""
        self._pid = os.getpid()
        self._rlock = threading.RLock()
        self._backup_day: str | None = None
        self._closed = False

        check_not_foreign_symlink(self.path)
        # Work on the real file: os.replace() on a symlink would replace the link itself.
        self.real = Path(os.path.realpath(self.path))
        self.directory = self.real.parent
        self.lock_path = self.directory / f"{self.real.name}.lock"
        self._backup_re = re.compile(re.escape(self.real.name) + r"\.(\d{4}-\d{2}-\d{2})\.bak$")
        self._tmp_prefix = f".{self.real.name}."

        if not self.directory.exists():
            if not create:
                raise StoreError(f"Dossier des données introuvable : {self.directory}.", self.path)
            try:
                make_private_dirs(self.directory)
            except OSError as exc:
                raise StoreWriteError(
                    f"Impossible de créer le dossier des données {self.directory} ({os_reason(exc)}).",
                    self.path, exc.errno,
                ) from None
        try:
            dir_st = os.stat(self.directory)
        except OSError as exc:
            raise StorePermissionError(
                f"Accès impossible au dossier des données {self.directory} ({os_reason(exc)}).", self.path
            ) from None
        if not stat.S_ISDIR(dir_st.st_mode):
            raise StoreError(f"{self.directory} n'est pas un dossier.", self.path)
        check_private(self.directory, dir_st, is_dir=True, data_file=self.path)

        self._open_lock_file()
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
            read_stamp = self._cur.stamp if self._cur else None
            with self.transaction(refresh=False):
                if self._disk_stamp() != read_stamp:
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
        if self._cur is not None:
            os.close(self._cur.fd)
            self._cur = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # ------------------------------------------------------------------ public extras

    @contextmanager
    def transaction(self, *, refresh: bool = True) -> Iterator[CaseStorage]:
        """Hold the thread lock and the file lock; on entry re-read the file if it changed.

        Re-entrant in the same thread. Use it around every read-modify-write.
        """
        self._check_fork()
        if not self._rlock.acquire(timeout=self.lock_timeout):
            raise self._busy()
        try:
            outermost = self._depth == 0
            if outermost:
                self._flock()
                try:
                    if refresh:
                        self._refresh()
                except BaseException:
                    self._unflock()
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
                    self._unflock()
        finally:
            self._rlock.release()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

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
                raise self._busy()
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

    def disk_stamp(self) -> Stamp | None:
        """The stamp of the file on disk now (one ``stat``), or None if it is missing."""
        return self._disk_stamp()

    @property
    def stamp(self) -> Stamp | None:
        """The stamp of the data this storage holds."""
        cur = self._cur
        return cur.stamp if cur else None

    def backups(self) -> list[Path]:
        """Backup files next to the data file, oldest first."""
        found = []
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        for name in names:
            match = self._backup_re.match(name)
            if match:
                found.append((match.group(1), self.directory / name))
        return [path for _, path in sorted(found)]

    def newest_backup(self) -> Path | None:
        backups = self.backups()
        return backups[-1] if backups else None

    # ------------------------------------------------------------------ locking

    @contextmanager
    def _thread_lock(self) -> Iterator[None]:
        self._check_fork()
        if not self._rlock.acquire(timeout=self.lock_timeout):
            raise self._busy()
        try:
            yield
        finally:
            self._rlock.release()

    def _busy(self) -> StoreBusyError:
        return StoreBusyError(
            f"Le fichier des cas {self.path} est occupé par une autre session depuis plus de "
            f"{self.lock_timeout:g} s ; rien n'a été enregistré. Réessayez dans un instant "
            f"(si cela dure, une session est peut-être bloquée : fuser -v {_q(self.lock_path)}).",
            self.path,
        )

    def _check_fork(self) -> None:
        """After fork(), the child must not share the parent's lock (flock is per open file)."""
        if os.getpid() != self._pid and not self._closed:
            self._pid = os.getpid()
            self._rlock = threading.RLock()
            self._depth = 0
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
            self._open_lock_file()

    def _open_lock_file(self) -> None:
        flags = os.O_CLOEXEC | os.O_NOFOLLOW
        try:
            try:
                fd = os.open(self.lock_path, flags | os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                try:
                    fd = os.open(self.lock_path, flags | os.O_RDWR)
                except PermissionError:
                    fd = os.open(self.lock_path, flags | os.O_RDONLY)
            else:
                # A new lock file: private, plus the group bits of a shared data file.
                mode = 0o600
                try:
                    mode |= stat.S_IMODE(os.stat(self.real).st_mode) & 0o060
                except OSError:
                    pass
                os.fchmod(fd, mode)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and os.path.exists(self.real):
                # An existing file we may read but not lock (read-only filesystem, no write
                # permission): open it read-only; every change will say why it cannot be saved.
                self.read_only_reason = f"le verrou {self.lock_path} ne peut pas être créé ({os_reason(exc)})"
                self._lock_fd = None
                return
            raise StorePermissionError(
                f"Impossible d'ouvrir le verrou {self.lock_path} ({os_reason(exc)}). "
                f"Pour un fichier partagé par un groupe : chmod g+rw {_q(self.lock_path)}",
                self.path,
            ) from None
        self._lock_fd = fd

    def _flock(self) -> None:
        if self._lock_fd is None and self.read_only_reason:
            raise StoreWriteError(f"Lecture seule : {self.read_only_reason} ; rien n'a été enregistré.",
                                  self.path, errno.EROFS)
        assert self._lock_fd is not None
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.0005
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EINTR):
                    raise StoreError(
                        f"Verrouillage impossible de {self.lock_path} ({os_reason(exc)}).", self.path
                    ) from None
            else:
                try:
                    current = self._lock_file_is_current()
                except OSError:
                    current = True  # cannot tell: keep the lock we hold
                if current:
                    return
                # The lock file was deleted or replaced since we opened it: a lock on the old
                # inode excludes nobody. Open the current one and try again.
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None
                self._open_lock_file()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._busy()
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, 0.02)

    def _lock_file_is_current(self) -> bool:
        assert self._lock_fd is not None
        try:
            on_disk = os.stat(self.lock_path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        held = os.fstat(self._lock_fd)
        return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)

    def _unflock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ reading

    def _disk_stamp(self) -> Stamp | None:
        try:
            return _stamp_of(os.stat(self.real))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorePermissionError(
                f"Accès impossible au fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None

    def _invalidate(self) -> None:
        cur = self._cur
        if cur is not None:
            self._cur = None
            os.close(cur.fd)

    def _refresh(self) -> None:
        """Re-read the file if its stamp differs from the cached one."""
        stamp = self._disk_stamp()
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
            fd = os.open(self.real, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            raise StoreError(f"Fichier des cas introuvable : {self.path}.", self.path) from None
        except OSError as exc:
            raise StorePermissionError(
                f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise StoreError(f"{self.path} n'est pas un fichier ordinaire.", self.path)
            check_private(self.path, st, is_dir=False, data_file=self.path)
            try:
                raw = _read_all(fd, st.st_size)
            except OSError as exc:
                raise StoreError(
                    f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
                ) from None
            data = self._parse(raw)
        except BaseException:
            os.close(fd)
            raise
        self._set_current(_Current(_stamp_of(st), fd, stat.S_IMODE(st.st_mode), st.st_gid, data))

    def _set_current(self, cur: _Current) -> None:
        old = self._cur
        self._cur = cur
        self.generation += 1
        if old is not None:
            os.close(old.fd)

    def _corrupt(self, reason: str) -> CorruptStoreError:
        backup = self.newest_backup()
        if backup is not None:
            hint = (f"Dernière sauvegarde : {backup} ; pour la restaurer : "
                    f"mv {_q(self.path)} {_q(str(self.path) + '.abime')} && cp -p {_q(backup)} {_q(self.path)}")
        else:
            hint = "Aucune sauvegarde trouvée à côté de lui."
        return CorruptStoreError(
            f"Le fichier des cas {self.path} est inutilisable ({reason}) ; il n'a pas été modifié. {hint}",
            self.path,
            backup,
        )

    def _parse(self, raw: bytes) -> dict[str, Any]:
        if not raw.strip():
            raise self._corrupt("il est vide")
        try:
            with paused_gc():
                data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise self._corrupt("ce n'est pas du JSON valide") from None
        if not isinstance(data, dict):
            raise self._corrupt("ce n'est pas un fichier des cas de harcelement-tui")
        meta_table = data.get(META_TABLE)
        meta = meta_table.get("1") if isinstance(meta_table, dict) else None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise self._corrupt("ce n'est pas un fichier des cas de harcelement-tui")
        version = meta.get("format_version")
        if not isinstance(version, int) or version < 1:
            raise self._corrupt("version de format inconnue")
        if version > FORMAT_VERSION:
            raise self._corrupt(
                f"il a été écrit par une version plus récente de harcelement-tui (format {version}) ; "
                "mettez la console à jour"
            )
        for table in data.values():
            if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
                raise self._corrupt("structure inattendue")
        return data

    # ------------------------------------------------------------------ writing

    def _with_meta(self, data: dict[str, Any]) -> dict[str, Any]:
        meta = data.get(META_TABLE)
        if not (isinstance(meta, dict) and isinstance(meta.get("1"), dict)
                and meta["1"].get("format") == FORMAT):
            data[META_TABLE] = {"1": {"format": FORMAT, "format_version": FORMAT_VERSION}}
        return data

    def _write_error(self, exc: OSError, what: str = "") -> StoreWriteError:
        return StoreWriteError(
            f"Impossible d'enregistrer le fichier des cas {self.path}{what} ({os_reason(exc)}). "
            "Rien n'a été enregistré ; le fichier précédent est intact.",
            self.path,
            exc.errno,
        )

    def _write(self, data: dict[str, Any]) -> None:
        """Atomic replace of the whole file. Caller holds the locks."""
        try:
            data = self._with_meta(data)
            payload = orjson.dumps(data)
        except (TypeError, orjson.JSONEncodeError):
            self._invalidate()
            raise
        cur = self._cur
        if cur is not None:
            mode = (cur.mode & 0o660) | 0o600
            gid: int | None = cur.gid
        else:
            mode, gid = 0o600, None
        try:
            self._backup_if_needed()
        except OSError as exc:
            self._invalidate()
            raise self._write_error(exc, " (copie de sauvegarde)") from None

        fd = -1
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=self._tmp_prefix, suffix=".tmp", dir=self.directory)
            os.fchmod(fd, mode)
            if gid is not None and gid != os.getegid():
                try:
                    os.fchown(fd, -1, gid)
                except OSError:
                    pass
            _write_all(fd, payload)
            os.fsync(fd)
            st = os.fstat(fd)
            os.replace(tmp, self.real)
        except BaseException as exc:
            if fd >= 0:
                os.close(fd)
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            self._invalidate()
            if isinstance(exc, OSError):
                raise self._write_error(exc) from None
            raise
        # The new file is in place: keep its descriptor to pin its inode, and its data as the cache.
        self._set_current(_Current(_stamp_of(st), fd, stat.S_IMODE(st.st_mode), st.st_gid, data))
        try:
            fsync_dir(self.directory)
        except OSError as exc:
            raise StoreWriteError(
                f"Le fichier des cas {self.path} a été remplacé mais l'écriture n'a pas pu être "
                f"confirmée sur le disque ({os_reason(exc)}).",
                self.path,
                exc.errno,
            ) from None

    def _backup_if_needed(self) -> None:
        cur = self._cur
        if self.keep_backups <= 0 or cur is None:
            return
        day = self._today().isoformat()
        if self._backup_day == day:
            return
        target = self.directory / f"{self.real.name}.{day}.bak"
        if not os.path.exists(target):
            def copy_current(fd: int) -> None:
                offset, size = 0, cur.stamp.size
                while offset < size:
                    sent = os.sendfile(fd, cur.fd, offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent

            replace_via_temp(target, copy_current, mode=(cur.mode & 0o660) | 0o600, prefix=self._tmp_prefix)
            self._prune_backups()
        self._backup_day = day

    def _prune_backups(self) -> None:
        backups = self.backups()
        for old in backups[: max(0, len(backups) - self.keep_backups)]:
            try:
                os.unlink(old)
            except OSError:
                pass

    def _cleanup_temp_files(self, *, blocking: bool) -> None:
        """Remove temporary files left by a killed process. Only under the lock: a temporary file
        exists only while its writer holds the lock."""
        if not blocking:
            if self._lock_fd is None:
                return
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return
        try:
            for name in os.listdir(self.directory):
                if name.startswith(self._tmp_prefix) and name.endswith(".tmp"):
                    try:
                        os.unlink(self.directory / name)
                    except OSError:
                        pass
        except OSError:
            pass
        finally:
            if not blocking:
                self._unflock()


# --------------------------------------------------------------------------- TinyDB glue


class LockedTable(Table):
    """A TinyDB table for :class:`CaseStorage`: every change is one locked read-modify-write, and
    TinyDB's per-process caches (query cache, ``_next_id``) are dropped when another process
    changed the file."""

    def __init__(self, storage: Storage, name: str, **kwargs: Any) -> None:
        super().__init__(storage, name, **kwargs)
        self._seen_generation = -1

    def _sync(self) -> None:
        generation = getattr(self._storage, "generation", None)
        if generation != self._seen_generation:
            self.clear_cache()
            self._next_id = None
            self._seen_generation = generation

    def _fresh(self) -> None:
        refresh = getattr(self._storage, "refresh", None)
        if refresh is not None:
            refresh()
        self._sync()

    @contextmanager
    def _txn(self) -> Iterator[None]:
        transaction = getattr(self._storage, "transaction", None)
        if transaction is None:
            yield
            return
        with transaction():
            self._sync()
            yield

    # Changes: the lock spans the whole read-modify-write, including the choice of new ids.
    def insert(self, document):  # type: ignore[override]
        with self._txn():
            return super().insert(document)

    def insert_multiple(self, documents):  # type: ignore[override]
        with self._txn():
            return super().insert_multiple(documents)

    def update(self, fields, cond=None, doc_ids=None):  # type: ignore[override]
        with self._txn():
            return super().update(fields, cond, doc_ids)

    def update_multiple(self, updates):  # type: ignore[override]
        with self._txn():
            return super().update_multiple(updates)

    def upsert(self, document, cond=None):  # type: ignore[override]
        with self._txn():
            return super().upsert(document, cond)

    def remove(self, cond=None, doc_ids=None):  # type: ignore[override]
        with self._txn():
            return super().remove(cond, doc_ids)

    def truncate(self) -> None:
        with self._txn():
            super().truncate()

    def _update_table(self, updater):  # type: ignore[override]
        with self._txn():
            super()._update_table(updater)
        self._seen_generation = getattr(self._storage, "generation", None)

    # Reads: fresh data, and no stale query cache.
    def search(self, cond):  # type: ignore[override]
        self._fresh()
        return super().search(cond)

    def get(self, cond=None, doc_id=None, doc_ids=None):  # type: ignore[override]
        self._fresh()
        return super().get(cond, doc_id, doc_ids)

    def __len__(self) -> int:
        self._fresh()
        return super().__len__()

    def __iter__(self):
        self._fresh()
        return super().__iter__()

    def raw(self) -> dict[str, dict[str, Any]]:
        """The stored documents by doc id, as held by the storage: read-only, do not mutate."""
        return self._read_table()  # type: ignore[return-value]

    def replace_documents(self, documents: dict[int, dict[str, Any]]) -> None:
        """Replace whole documents by doc id (each must exist), in one locked write."""

        def updater(table: dict) -> None:
            for doc_id in documents:
                if doc_id not in table:
                    raise KeyError(doc_id)
            table.update(documents)

        self._update_table(updater)


class CaseDB(TinyDB):
    """TinyDB on :class:`CaseStorage` with :class:`LockedTable` tables."""

    table_class = LockedTable
    default_storage_class = CaseStorage
    default_table_name = "cases"
