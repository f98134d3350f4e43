"""A TinyDB storage safe for several Unix accounts and sessions sharing one case file.

TinyDB's own ``JSONStorage`` rewrites the file in place, without a lock, creates it world-readable
and takes an empty file for an empty database. :class:`CaseStorage` keeps
TinyDB's data model (``{table: {doc_id: document}}``) and replaces the file handling:

* **Lock.** An exclusive ``fcntl.flock`` on a sidecar ``<file>.lock`` (the data file itself is
  replaced on every write, so locking it would be useless) plus a thread lock. :meth:`transaction`
  holds both across a whole read-modify-write and only for that; a lock held longer than
  ``lock_timeout`` by another session raises :class:`StoreBusyError` instead of hanging. The wait
  is a blocking ``flock`` (woken when the lock is released: fair under many writers) in a helper
  thread. A lock file removed or replaced meanwhile is reopened; one that cannot be (another
  user's, a link, not a regular file) is a :class:`StoreError` for that change.
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
* **Team mode.** A data file in a group-owned setgid directory with group ``rwx`` (``2770``, made
  by ``harcelement-tui team init``) is a team file: the data file, lock, backups and what the
  console creates beside it are group read-write (files 0660, folders 2770) whatever the umask,
  and a rewrite restores those modes. The setgid bit gives every new file the directory's group.
* **Metadata is not content.** A ``chmod``, ``chown`` or ``chgrp`` of the data file changes its
  ctime only; stamps compare (inode, size, ``mtime_ns``), so such a change never fails a save, and
  each write takes the file's mode and group as they are now, not as they were when it was read.
* **Never overwrite the unknown.** An empty file, a file that is not JSON or not a case store is
  refused (:class:`CorruptStoreError`, naming the newest backup) and never written. So is valid
  JSON of damaged structure (:func:`json_damage`, :attr:`CaseStorage.unique_fields`): a key twice
  in one object (orjson keeps the last: a table, a case or a field would be silently dropped at
  the next write), two documents with one reference or uuid, nesting orjson cannot write back.
  A path that is not a regular file (a FIFO: opened with ``O_NONBLOCK``) is never read.
* **Backups.** Before the first write of each day, ``<file>.YYYY-MM-DD.bak``, refreshed by a
  session every ``BACKUP_EVERY`` writes; never of a store without a document, and such a backup
  is never advised; the last 14 kept. Temporary files left by a
  killed writer are removed whenever the lock is taken.

Local filesystems only: ``flock`` is not reliable over NFS.

Memory (issue 6: 10,000 cases, 73 MB, the whole console within 250 MB)
----------------------------------------------------------------------

Parsing the whole file gives 260 MB of Python objects, most of it timelines and evidence that only
an opened case needs. So:

* **Line layout.** The file is still one JSON document in TinyDB's shape, readable by any JSON
  tool, but written one document per line: ``{``, then per table ``"name":{`` (``,`` before all
  but the first), one ``"id":{...}`` line per document (``,`` before all but the first), ``}``;
  ``_meta`` first, with ``"layout": "lines"``. orjson never writes a raw newline inside a
  string, so every newline is structural. No format version bump: older versions read it as JSON.
* **Per-document read.** Such a file is read in 1 MB chunks and each line checked strictly and
  parsed on its own (small parses: the GIL is free between them for the UI thread; no copy of the
  whole file as Python objects at any moment). Any doubt -- another layout (an older version's
  single line, a hand-edited or pretty-printed file), a line of unexpected shape, a document that
  does not parse -- and the whole file is parsed as before, with the same checks and messages: a
  damaged file is refused as corrupt, never half-read. Other layouts are rewritten in lines at
  the next write.
* **Heavy fields left in the file** (``lazy_fields``, given by the store: timeline and evidence).
  A document keeps its other fields parsed; each of those lists of objects becomes a
  :class:`DeferredList` that knows its length and where the document's bytes lie. Rather than
  keeping those bytes in memory (another 73 MB, which alone would miss the target), they are read
  back with ``pread`` from the descriptor that already pins the file's inode: files are only
  replaced, never rewritten in place, so a pinned inode keeps its bytes even after another session
  replaced the file (the descriptor closes when the last deferred list referring to it goes). The
  bytes read back are checked against the size and hash taken when they were read, so a file
  changed in place by a foreign tool gives an error, never another case's timeline.
* **Unchanged documents copied verbatim.** A stored document keeps a fingerprint of its parsed
  fields (its deferred lists stand for themselves: they are immutable). At write, a document whose
  fingerprint still matches is copied from the file, in runs of consecutive documents, by
  ``copy_file_range`` (no serialisation, no copy through Python); any change -- through TinyDB's
  ``update``, an operation, a callable mutating a nested list, a raw ``write`` -- changes the
  fingerprint, so the document is serialised (its deferred lists read back). After the copy the
  source file must show the same inode, size and mtime as when it was read (a write through any
  ordinary tool changes the mtime; a chmod or chown, which change only the ctime, are no reason to
  refuse), or the write is abandoned. Written documents then point into the new
  file, so the old one is released.

Without ``lazy_fields`` (TinyDB used directly) documents are plain dicts, read and written per line.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import json
import os
import re
import shlex
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from harcelement_tui.core.errors import EXIT_BUSY, UserError, os_reason

FORMAT = "harcelement-tui/cases"
FORMAT_VERSION = 1
META_TABLE = "_meta"
KEEP_BACKUPS = 14
DEFAULT_LOCK_TIMEOUT = 5.0
MAX_NESTING = 255
"""Deepest nesting of a document orjson can write back (it reads deeper than it writes)."""
BACKUP_EVERY = 100
"""A session refreshes the day's backup every this many writes."""



# --------------------------------------------------------------------------- errors


class StoreError(UserError):
    """The case file cannot be used as asked. ``path`` is the data file concerned."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class StoreBusyError(StoreError):
    """Another session held the lock longer than the timeout. Exit status 75: try again."""

    exit_code = EXIT_BUSY


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
                f"Accès impossible au chemin {candidate} ({os_reason(exc)}){_team_hint(path)}.", path
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


TEAM_FILE_MODE = 0o660
TEAM_DIR_MODE = 0o2770


def is_team_dir(st: os.stat_result) -> bool:
    """A directory a Unix group shares: setgid, group ``rwx`` (``install -d -m 2770 -g GROUP``)."""
    mode = stat.S_IMODE(st.st_mode)
    return stat.S_ISDIR(st.st_mode) and bool(mode & stat.S_ISGID) and mode & 0o070 == 0o070


def in_team_dir(path: Path) -> bool:
    """Whether ``path`` (a file or folder) lies directly in a team directory."""
    try:
        return is_team_dir(os.stat(Path(path).parent))
    except OSError:
        return False


def _team_hint(path: Path) -> str:
    """`` ; vous n'êtes pas membre…`` when ``path`` is in a team directory of a group the user is
    not in (the usual reason for a refused access on a shared server), else ``""``."""
    try:
        st = os.stat(Path(path).parent)
    except OSError:
        return ""
    if not is_team_dir(st) or st.st_gid in os.getgroups() or st.st_gid == os.getegid():
        return ""
    try:
        import grp

        name = grp.getgrgid(st.st_gid).gr_name
    except (KeyError, ImportError):
        name = str(st.st_gid)
    return (f" ; c'est le fichier de l'équipe {name}, dont vous n'êtes pas membre (un administrateur : "
            f"usermod -aG {name} {_owner(os.getuid())}, puis reconnectez-vous)")


def private_file_mode(path: Path) -> int:
    """The mode of a new file at ``path``: 0660 in a team directory, else 0600."""
    return TEAM_FILE_MODE if in_team_dir(path) else 0o600


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and its missing parents with mode 0700 (2770 for one created in a team
    directory), whatever the umask."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        mode = TEAM_DIR_MODE if in_team_dir(path) else 0o700
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, mode)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems cannot fsync a directory
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def replace_via_temp(target: Path, fill: Callable[[int], None], *, mode: int, prefix: str | None = None,
                     gid: int | None = None) -> None:
    """Create a temp file beside ``target`` with ``mode`` (and group ``gid`` if given and allowed),
    let ``fill(fd)`` write it, fsync it and ``os.replace`` it onto ``target``. Raises ``OSError``;
    the temp file is removed on failure. The caller fsyncs the directory when it needs the rename
    itself to be durable."""
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        _set_group(fd, gid)
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


def _set_group(fd: int, gid: int | None) -> None:
    """Give a new file the group ``gid`` when it differs and we may (best effort: a member may
    only choose one of its own groups; the mode then still keeps other accounts out)."""
    if gid is not None and gid != os.fstat(fd).st_gid:
        try:
            os.fchown(fd, -1, gid)
        except OSError:
            pass


def atomic_write_bytes(path: Path, payload: bytes, *, mode: int = 0o600) -> None:
    """Write ``payload`` to ``path`` atomically with ``mode`` (temp file, fsync, replace, fsync dir).

    Raises ``OSError``; the temporary file is removed on failure.
    """
    replace_via_temp(path, lambda fd: _write_all(fd, payload), mode=mode)
    fsync_dir(path.parent)


# --------------------------------------------------------------------------- documents kept on disk


class _Pin:
    """An open descriptor on one version of the data file, closed when nothing refers to it.

    Files are only ever replaced, never rewritten in place, so the inode a descriptor pins keeps
    the bytes it had when it was read, even after another session replaced the file."""

    __slots__ = ("fd", "seen")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.seen = self.now()

    def now(self) -> tuple[int, int, int]:
        """(inode, size, mtime_ns): a write changes the mtime. Not the ctime: chmod, chown and
        chgrp change it too, and an administrator's chmod must not fail the next save."""
        st = os.fstat(self.fd)
        return st.st_ino, st.st_size, st.st_mtime_ns

    def __copy__(self) -> _Pin:  # one owner of the descriptor, never two
        return self

    def __deepcopy__(self, memo: dict) -> _Pin:
        return self

    def check_unchanged(self) -> None:
        if self.now() != self.seen:
            raise StoreError(
                "Le fichier des cas a été modifié sur place par un autre programme pendant qu'il "
                "était ouvert ; rien n'a été enregistré. Recommencez."
            )

    def __del__(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass


class _Loc:
    """Where one document's JSON text lies: ``where`` = (pin, offset), its size and hash.

    ``where`` is one tuple, swapped in one assignment after a write moved the (identical) bytes
    to the new file, so a thread reading concurrently sees the old or the new place, never a mix."""

    __slots__ = ("where", "size", "digest", "key")

    def __init__(self, pin: _Pin, offset: int, size: int, digest: int, key: str) -> None:
        self.where = (pin, offset)
        self.size = size
        self.digest = digest
        self.key = key

    def read_raw(self) -> bytes:
        """The document's bytes as read or written; :class:`StoreError` if they are not."""
        pin, offset = self.where
        try:
            raw = os.pread(pin.fd, self.size, offset)
        except OSError as exc:
            raise StoreError(f"Relecture impossible du fichier des cas ({os_reason(exc)}).") from None
        if len(raw) != self.size or hash(raw) != self.digest:
            raise StoreError(
                "Le fichier des cas a été modifié sur place par un autre programme pendant qu'il "
                "était ouvert ; rien n'a été enregistré. Relancez la console."
            )
        return raw


class DeferredList(Sequence):
    """A list of objects (dicts) of a stored document, read from the file on first use.

    Read-only. ``len()`` is free; iterating or indexing reads and parses the document's bytes
    (verified against the hash taken when they were read) and returns fresh dicts each time.
    Case.from_dict hands it to a LazyTuple, which reads it once when a case is opened."""

    __slots__ = ("_loc", "_key", "_len")

    items_are_mappings = True
    """Marker for ``core.model``: the storage checked that every item is a JSON object."""

    def __init__(self, loc: _Loc, key: str, length: int) -> None:
        self._loc = loc
        self._key = key
        self._len = length

    def load(self) -> list[dict[str, Any]]:
        doc = orjson.loads(self._loc.read_raw())
        value = doc.get(self._key) if isinstance(doc, dict) else None
        if type(value) is not list or len(value) != self._len:  # pragma: no cover - hash checked
            raise StoreError("Le fichier des cas a changé de façon inattendue. Relancez la console.")
        return value

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):  # type: ignore[override]
        return self.load()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.load())

    def __reversed__(self) -> Iterator[dict[str, Any]]:
        return reversed(self.load())

    def __contains__(self, item: object) -> bool:
        return item in self.load()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, DeferredList)):
            return self.load() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DeferredList({self._key!r}, {self._len} items)"

    def __copy__(self) -> DeferredList:  # immutable
        return self

    def __deepcopy__(self, memo: dict) -> DeferredList:
        return self


class StoredDoc(dict):
    """A document read from (or written to) the file in lazy mode: its small fields parsed, its
    heavy fields :class:`DeferredList`, ``_loc`` its bytes in the file and ``_fp`` a fingerprint of
    its parsed content, to know at the next write whether it may be copied verbatim."""

    __slots__ = ("_loc", "_fp")


def _mark_deferred(value: Any) -> Any:
    """orjson ``default`` for fingerprints: a deferred list stands for itself (it is immutable)."""
    if isinstance(value, DeferredList):
        return id(value)
    raise TypeError


def _materialize(value: Any) -> Any:
    """orjson ``default`` for writing: a deferred list is written with its items."""
    if isinstance(value, DeferredList):
        return value.load()
    raise TypeError


def _fingerprint(doc: StoredDoc) -> int:
    return hash(orjson.dumps(doc, default=_mark_deferred))


def _dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value, default=_materialize)
    except orjson.JSONEncodeError as exc:
        if isinstance(exc.__cause__, StoreError):
            raise exc.__cause__ from None
        raise


_LINES_START = b'{\n"_meta":{\n'
_KEY_RE = re.compile(rb'(,?)"((?:[^"\\\x00-\x1f]|\\.)*)":')
_CHUNK = 1 << 20


def _iter_lines(fd: int) -> Iterator[tuple[int, bytes]]:
    """(offset, line without its newline) for each line of the file behind ``fd``, read in chunks.

    Linear in the file's size whatever the length of a line: each chunk is searched once, and the
    pieces of a line that spans chunks are joined once, when its end is found."""
    position = 0
    pending: list[bytes] = []  # the start of a line that continues in the next chunk
    line_offset = 0
    while True:
        chunk = os.pread(fd, _CHUNK, position)
        if not chunk:
            break
        chunk_offset = position
        position += len(chunk)
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            if pending:
                pending.append(chunk[start:end])
                line = b"".join(pending)
                pending = []
            else:
                line = chunk[start:end]
            yield line_offset, line
            start = end + 1
            line_offset = chunk_offset + start
        if start < len(chunk):
            pending.append(chunk[start:] if start else chunk)
    yield line_offset, b"".join(pending)


def _has_documents(data: dict[str, Any]) -> bool:
    return any(table for name, table in data.items() if name != META_TABLE and isinstance(table, dict))


def _backup_has_documents(path: Path) -> bool:
    """False for a small backup that parses and holds no document; True otherwise (a big one, or
    one that cannot be read now: better named than hidden)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return False
        if st.st_size > 4096:
            return True
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return True
    return not isinstance(data, dict) or _has_documents(data)


class _DuplicateKey(Exception):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> None:
    """``object_pairs_hook`` that finds a key twice in one object (values are not kept)."""
    if len({key for key, _ in pairs}) != len(pairs):
        raise _DuplicateKey
    return None


def json_damage(raw: bytes | memoryview, value: Any) -> str | None:
    """Why ``value``, parsed by orjson from ``raw``, must not be trusted (French), or None.

    orjson keeps the last of two equal keys in an object: a damaged file would be read with a
    table, a case or a field silently missing, and the next write would drop it for good. And it
    reads deeper nesting than it can write. Fast path: the value written back gives the same bytes
    (every file this program wrote), which proves there is no duplicate and that it can be
    written. Otherwise (another layout, a hand edit) an exact, slower check of every object."""
    try:
        again = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return f"imbrication trop profonde (plus de {MAX_NESTING} niveaux)"
    if again == raw:
        return None
    try:
        json.loads(bytes(raw), object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey:
        return "une même clé apparaît deux fois dans un objet"
    except RecursionError:  # pragma: no cover - orjson refused deeper nesting first
        return f"imbrication trop profonde (plus de {MAX_NESTING} niveaux)"
    except ValueError:
        return "ce n'est pas du JSON valide"
    return None


_SAME = {"ref": "la même référence", "uuid": "le même identifiant (uuid)"}


def _shown(value: Any) -> str:
    """A stored value safe to print in a message (no control characters), or a placeholder."""
    text = str(value)
    return text if len(text) <= 40 and text.isprintable() else "(valeur illisible)"


def _key_of(raw: bytes) -> str | None:
    if b"\\" not in raw:
        try:
            return raw.decode()
        except UnicodeDecodeError:
            return None
    try:
        key = orjson.loads(b'"' + raw + b'"')
    except orjson.JSONDecodeError:
        return None
    return key if isinstance(key, str) else None


class _Out:
    """Buffered writes to the temporary file, with the position of the next byte."""

    __slots__ = ("fd", "pos", "parts", "pending")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pos = 0
        self.parts: list[bytes] = []
        self.pending = 0

    def put(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)
        self.pending += len(data)
        if self.pending >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            _write_all(self.fd, b"".join(self.parts))
            self.parts.clear()
            self.pending = 0

    def copy(self, source: int, offset: int, count: int) -> None:
        """Append ``count`` bytes of ``source`` from ``offset`` (in the kernel when it can)."""
        self.flush()
        self.pos += count
        end = offset + count
        while offset < end:
            try:
                done = os.copy_file_range(source, self.fd, end - offset, offset)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                    raise
                done = 0
            if done <= 0:  # not supported here, or a short source: plain read and write
                chunk = os.pread(source, min(end - offset, _CHUNK), offset)
                if not chunk:
                    raise OSError(errno.EIO, "fichier source tronqué")
                _write_all(self.fd, chunk)
                done = len(chunk)
            offset += done


# --------------------------------------------------------------------------- the storage


class _Current(NamedTuple):
    """The cached file: its stamp, the open descriptor pinning its inode, the parsed data."""

    stamp: Stamp
    pin: _Pin
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
        self._writes_since_backup = 0
        self._backup_stamp: Stamp | None = None
        self._cur_has_documents = False
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
        self.team = is_team_dir(dir_st)
        """A team file (see the module's "Team mode"): every file written is 0660."""

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
        self._cur = None  # its descriptor closes once no deferred list refers to it
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
                    # A temporary file exists only while its writer holds the lock: any found now
                    # was left by a killed writer (a whole copy of the data), so it goes at once.
                    self._cleanup_temp_files(blocking=True)
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
        """The newest backup worth restoring: one holding no document (an earlier version's copy
        of a new, empty file) is passed over."""
        for backup in reversed(self.backups()):
            if _backup_has_documents(backup):
                return backup
        return None

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
        flags = os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK  # a FIFO in its place must not hang
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
                mode = TEAM_FILE_MODE if self.team else 0o600
                try:
                    mode |= stat.S_IMODE(os.stat(self.real).st_mode) & 0o060
                except OSError:
                    pass
                os.fchmod(fd, mode)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise StorePermissionError(
                    f"Le verrou {self.lock_path} n'est pas un fichier ordinaire ; rien n'a été lu ni "
                    f"écrit. Quand aucune session n'est ouverte : rm {_q(self.lock_path)}",
                    self.path,
                )
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
        if self._lock_fd is None:  # a replaced lock file could not be opened last time: try again
            self._reopen_lock_file()
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
                self._reopen_lock_file()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._busy()
            if not self._wait_for_lock(remaining):
                time.sleep(min(delay, remaining))
                delay = min(delay * 2, 0.02)

    def _wait_for_lock(self, timeout: float) -> bool:
        """Wait in the kernel's queue for the lock, at most ``timeout`` seconds; True once held.

        Polling with sleeps let a session that just wrote take the lock again before the ones
        sleeping noticed it was free (8 writers: p99 0.5 s, worst 1.45 s for 12 ms writes). A
        blocking ``flock`` is woken as soon as the lock is released, but cannot be given a timeout;
        so a helper thread blocks on a descriptor of its own (another open of the lock file, so
        that giving up never touches this session's descriptor) and this thread waits for it with
        the timeout. Given up, the helper releases the lock as soon as it gets it. False when no
        such descriptor can be opened (the caller then polls)."""
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            try:
                fd = os.open(self.lock_path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                return False
        try:
            held = os.fstat(self._lock_fd) if self._lock_fd is not None else None
            mine = os.fstat(fd)
        except OSError:
            os.close(fd)
            return False
        if held is None or (mine.st_dev, mine.st_ino) != (held.st_dev, held.st_ino) \
                or not stat.S_ISREG(mine.st_mode):
            os.close(fd)  # replaced meanwhile: the caller's loop opens the current one
            return False
        guard = threading.Lock()
        state = {"got": False, "abandoned": False}
        got = threading.Event()

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                ok = False
            else:
                ok = True
            with guard:
                if state["abandoned"] or not ok:
                    os.close(fd)  # releases the lock, if it was taken
                    state["abandoned"] = True
                    got.set()
                    return
                state["got"] = True
            got.set()

        threading.Thread(target=wait, name="verrou-harcelement", daemon=True).start()
        got.wait(timeout)
        with guard:
            if not state["got"]:
                state["abandoned"] = True
                return False
        # This session now holds the lock through ``fd``: it becomes its lock descriptor.
        old, self._lock_fd = self._lock_fd, fd
        if old is not None:
            os.close(old)
        return True

    def _reopen_lock_file(self) -> None:
        """Drop the descriptor of a lock file someone removed or replaced and open the current one.

        The session opened writable must stay so: a new lock file it cannot open (another user's,
        private to them; a link; not a regular file) is an error for this change, said in French,
        and the next change tries again; never a read-only fallback with no descriptor to lock."""
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
            except OSError:
                pass
            self._lock_fd = None
        reason = self.read_only_reason
        try:
            self._open_lock_file()
        finally:
            opened_read_only = self.read_only_reason is not reason
            self.read_only_reason = reason
        if self._lock_fd is None or opened_read_only:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
            owner = ""
            try:
                owner = f" (propriétaire : {_owner(os.stat(self.lock_path, follow_symlinks=False).st_uid)})"
            except OSError:
                pass
            raise StoreError(
                f"Le verrou {self.lock_path} a été remplacé par un fichier que vous ne pouvez pas "
                f"ouvrir{owner} ; rien n'a été enregistré. Quand aucune session n'est ouverte : "
                f"rm {_q(self.lock_path)}",
                self.path,
            )

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
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            except OSError:  # pragma: no cover - closing the descriptor releases it anyway
                pass

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
        self._cur = None

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
            # O_NONBLOCK: opening a FIFO put in the file's place must not wait for a writer forever;
            # it is refused below as not a regular file (the flag does nothing to regular files).
            fd = os.open(self.real, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            raise StoreError(f"Fichier des cas introuvable : {self.path}.", self.path) from None
        except OSError as exc:
            raise StorePermissionError(
                f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None
        pin = _Pin(fd)
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(
                f"{self.path} n'est pas un fichier ordinaire (tube, périphérique…) ; rien n'a été lu "
                "ni écrit. Indiquez le vrai fichier des cas avec --data.", self.path)
        check_private(self.path, st, is_dir=False, data_file=self.path)
        try:
            data = self._parse_lines(pin)
            if data is None:
                data = self._parse(_read_all(fd, st.st_size))
        except OSError as exc:
            raise StoreError(
                f"Lecture impossible du fichier des cas {self.path} ({os_reason(exc)}).", self.path
            ) from None
        self._set_current(_Current(_stamp_of(st), pin, stat.S_IMODE(st.st_mode), st.st_gid, data))

    def _set_current(self, cur: _Current) -> None:
        self._cur = cur
        # Known now: TinyDB changes the cached data in place before asking to write it.
        self._cur_has_documents = _has_documents(cur.data)
        self.generation += 1

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
        reason = json_damage(raw.strip(), data)
        if reason is not None:
            raise self._corrupt(reason)
        self._check(data)
        return data

    def _check(self, data: dict[str, Any]) -> None:
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
        for name, table in data.items():
            if name == META_TABLE:
                continue
            for field in self.unique_fields:
                seen: set[str] = set()
                for doc in table.values():
                    value = doc.get(field)
                    if isinstance(value, str) and value:
                        if value in seen:
                            what = _SAME.get(field, f"la même valeur de « {_shown(field)} »")
                            raise self._corrupt(f"deux documents ont {what} : « {_shown(value)} »")
                        seen.add(value)

    def _parse_lines(self, pin: _Pin) -> dict[str, Any] | None:
        """Parse a file in line layout document by document, or return None at the first doubt
        (another layout, a line of unexpected shape, a document that does not parse): the caller
        then parses the whole file as before, with its validation and its messages."""
        head = os.pread(pin.fd, len(_LINES_START), 0)
        if head != _LINES_START:
            return None
        data: dict[str, Any] = {}
        table: dict[str, Any] | None = None
        state = "top"  # "top": a table or the final "}"; "table": a document or "}"; "end"
        lazy = self.lazy_fields
        with paused_gc():
            for offset, line in _iter_lines(pin.fd):
                if state == "table":
                    if line == b"}":
                        state, table = "top", None
                        continue
                    match = _KEY_RE.match(line)
                    if match is None or bool(match.group(1)) != bool(table) or line[match.end():match.end() + 1] != b"{":
                        return None
                    key = _key_of(match.group(2))
                    body = memoryview(line)[match.end():]
                    try:
                        doc = orjson.loads(body)
                    except orjson.JSONDecodeError:
                        return None
                    if key is None or type(doc) is not dict:
                        return None
                    assert table is not None
                    if key in table:
                        raise self._corrupt(f"le document {_shown(key)} apparaît deux fois")
                    reason = json_damage(body, doc)
                    if reason is not None:
                        raise self._corrupt(reason)
                    if lazy:
                        doc = self._stored(doc, _Loc(pin, offset + match.end(), len(body), hash(body), key))
                    table[key] = doc
                elif state == "top":
                    if line == b"{" and offset == 0:
                        continue
                    if line == b"}":
                        state = "end"
                        continue
                    match = _KEY_RE.match(line)
                    if match is None or bool(match.group(1)) != bool(data):
                        return None
                    rest = line[match.end():]
                    key = _key_of(match.group(2))
                    if key is None or rest not in (b"{", b"{}"):
                        return None
                    if key in data:
                        raise self._corrupt(f"la table {_shown(key)} apparaît deux fois")
                    table = data[key] = {}
                    state = "table" if rest == b"{" else "top"
                elif line:  # "end": only the final newline may follow
                    return None
        if state != "end":
            return None
        meta = data.get(META_TABLE, {}).get("1")
        if not isinstance(meta, dict) or meta.get("layout") != "lines":
            return None
        self._check(data)
        return data

    def _stored(self, doc: dict[str, Any], loc: _Loc) -> StoredDoc:
        """The lazy form of ``doc`` whose JSON text is at ``loc``: lists of objects under
        ``lazy_fields`` become deferred lists read from there; ``doc`` itself is not changed."""
        stored = StoredDoc(doc)
        for name in self.lazy_fields:
            value = stored.get(name)
            if isinstance(value, DeferredList) or (
                type(value) is list and value and all(type(item) is dict for item in value)
            ):
                stored[name] = DeferredList(loc, name, len(value))
        stored._loc = loc
        stored._fp = _fingerprint(stored)
        return stored

    # ------------------------------------------------------------------ writing

    def _with_meta(self, data: dict[str, Any]) -> dict[str, Any]:
        meta = data.get(META_TABLE)
        if not (isinstance(meta, dict) and isinstance(meta.get("1"), dict)
                and meta["1"].get("format") == FORMAT):
            data[META_TABLE] = {"1": {"format": FORMAT, "format_version": FORMAT_VERSION, "layout": "lines"}}
        elif meta["1"].get("layout") != "lines":
            data[META_TABLE] = {**meta, "1": {**meta["1"], "layout": "lines"}}
        return data

    def _plan(self, data: dict[str, Any]) -> list[tuple[str, dict[str, Any], list[tuple[str, Any, bytes | None]]]] | None:
        """What to write, table by table, ``_meta`` first: (key, document, its JSON text, or None
        for a stored document unchanged since it was read, copied verbatim). None if the data is
        not TinyDB-shaped (a table that is not an object of objects): then it is written whole."""
        names = [META_TABLE] + [name for name in data if name != META_TABLE]
        plan = []
        for name in names:
            table = data[name]
            if type(name) is not str:
                raise TypeError("Dict key must be str")
            if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
                return None
            docs: list[tuple[str, Any, bytes | None]] = []
            for key, doc in table.items():
                if type(key) is not str:
                    raise TypeError("Dict key must be str")
                body: bytes | None = None
                if type(doc) is not StoredDoc or doc._fp != _fingerprint(doc):
                    body = _dumps(doc)
                docs.append((key, doc, body))
            plan.append((name, table, docs))
        return plan

    def _fill(self, fd: int, plan: list, placed: list) -> None:
        """Write the line layout of ``plan`` to ``fd``; note where each document went.

        Unchanged documents that follow each other in the file read are copied as one run,
        separators included, by ``copy_file_range``; the files copied from must not have been
        written to meanwhile (checked after the copy: any write changes an inode's ctime)."""
        out = _Out(fd)
        out.put(b"{\n")
        pins: dict[int, _Pin] = {}
        run: list[Any] | None = None  # [pin, source start, source end]

        def end_run() -> None:
            nonlocal run
            if run is not None:
                out.copy(run[0].fd, run[1], run[2] - run[1])
                out.put(b"\n")
                run = None

        for index, (name, table, docs) in enumerate(plan):
            head = (b"," if index else b"") + orjson.dumps(name) + b":{"
            if not docs:
                out.put(head + b"}\n")
                continue
            out.put(head + b"\n")
            for position, (key, doc, body) in enumerate(docs):
                sep = (b',"' if position else b'"') + (
                    key.encode() if key.isdigit() and key.isascii() else orjson.dumps(key)[1:-1]) + b'":'
                if body is None:
                    loc = doc._loc
                    pin, offset = loc.where
                    if loc.key != key:
                        body = loc.read_raw()
                    elif (run is not None and run[0] is pin and position
                          and offset == run[2] + 1 + len(sep)):
                        # Same file, next line, same key: the bytes between are "\n" + sep.
                        placed.append((table, key, doc, None, out.pos + (run[2] - run[1]) + 1 + len(sep)))
                        run[2] = offset + loc.size
                        continue
                    else:
                        end_run()
                        out.put(sep)
                        placed.append((table, key, doc, None, out.pos))
                        pins[id(pin)] = pin
                        run = [pin, offset, offset + loc.size]
                        continue
                end_run()
                out.put(sep)
                placed.append((table, key, doc, body, out.pos))
                out.put(body)
                out.put(b"\n")
            end_run()
            out.put(b"}\n")
        out.put(b"}\n")
        out.flush()
        for pin in pins.values():
            pin.check_unchanged()

    def _relocate(self, pin: _Pin, placed: list) -> None:
        """After a write: copied documents now live in the new file; written ones become lazy."""
        if not self.lazy_fields:
            return
        for table, key, doc, body, start in placed:
            if body is None:
                doc._loc.where = (pin, start)
            else:
                table[key] = self._stored(doc, _Loc(pin, start, len(body), hash(body), key))

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
            plan = self._plan(data)
            payload = _dumps(data) if plan is None else None
        except (TypeError, orjson.JSONEncodeError):
            self._invalidate()
            raise
        mode, gid = self._new_file_mode(self._cur)
        try:
            self._backup_if_needed()
        except OSError as exc:
            self._invalidate()
            raise self._write_error(exc, " (copie de sauvegarde)") from None

        fd = -1
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=self._tmp_prefix, suffix=".tmp", dir=self.directory)
            _set_group(fd, gid)
            os.fchmod(fd, mode)
            placed: list = []
            if payload is not None:
                _write_all(fd, payload)
            else:
                assert plan is not None
                self._fill(fd, plan, placed)
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
        pin = _Pin(fd)  # after os.replace, which may change the inode's ctime
        self._relocate(pin, placed)
        self._set_current(_Current(_stamp_of(st), pin, stat.S_IMODE(st.st_mode), st.st_gid, data))
        try:
            fsync_dir(self.directory)
        except OSError as exc:
            raise StoreWriteError(
                f"Le fichier des cas {self.path} a été remplacé mais l'écriture n'a pas pu être "
                f"confirmée sur le disque ({os_reason(exc)}).",
                self.path,
                exc.errno,
            ) from None

    def _new_file_mode(self, cur: _Current | None) -> tuple[int, int | None]:
        """Mode and group for a new version of the data file (or its backup): 0660 in team mode
        (the setgid directory gives the group); else private plus the group bits and group the
        file has *now* (an administrator's chmod or chgrp since it was read is kept)."""
        if self.team:
            return TEAM_FILE_MODE, None
        if cur is None:
            return 0o600, None
        try:
            st = os.fstat(cur.pin.fd)
            mode, gid = stat.S_IMODE(st.st_mode), st.st_gid
        except OSError:
            mode, gid = cur.mode, cur.gid
        return (mode & 0o660) | 0o600, gid

    def _backup_if_needed(self) -> None:
        """Copy the file about to be replaced to the day's backup: before the first write of the
        day, and refreshed by a session every ``BACKUP_EVERY`` writes, so that a busy day's backup
        is recent. A store without any document is never backed up (nothing to restore: it would
        only hide the useful backup of an earlier day); its first write with a case is."""
        cur = self._cur
        if self.keep_backups <= 0 or cur is None:
            return
        day = self._today().isoformat()
        self._writes_since_backup += 1
        if self._backup_day == day and self._writes_since_backup < BACKUP_EVERY:
            return
        if not self._cur_has_documents:
            return
        target = self.directory / f"{self.real.name}.{day}.bak"
        refresh = self._backup_day == day  # this session's BACKUP_EVERY-th write since its last
        if (refresh or not os.path.exists(target)) and cur.stamp != self._backup_stamp:
            def copy_current(fd: int) -> None:
                offset, size = 0, cur.stamp.size
                while offset < size:
                    sent = os.sendfile(fd, cur.pin.fd, offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent

            mode, gid = self._new_file_mode(cur)
            replace_via_temp(target, copy_current, mode=mode, prefix=self._tmp_prefix, gid=gid)
            self._prune_backups()
        self._backup_day = day
        self._backup_stamp = cur.stamp
        self._writes_since_backup = 0

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
