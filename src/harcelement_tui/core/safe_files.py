"""Files safe from the other accounts of a shared server: the one home of file-safety helpers.

Writing: new folders 0700 and files 0600 (2770 / 0660 in a team directory, whatever the umask),
written whole or not at all (temporary file beside the target, ``fsync``, ``os.replace``,
``fsync`` of the folder): :func:`replace_via_temp`, :func:`atomic_write_bytes`,
:func:`make_private_dirs`, :func:`private_file_mode`. Used by the storage, exports, reports and the
access log.

Reading the small files a console trusts (content, configuration, an import) safely.

A path may be anything a neighbour made it: a FIFO (``open`` would wait for a writer forever), a
link to ``/dev/zero`` (a read would never end), a huge file, or a file anyone may edit (anyone
could then change the procedure or the data file's path). :func:`read_bounded` checks what the
path is on the descriptor it reads from (no window between the check and the read), never blocks
on open, and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core import strings_files as S


class UnsafeFileError(Exception):
    """The file cannot be trusted; ``reason`` is a French clause fit to follow the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def size_text(limit: int) -> str:
    """``1048576`` -> ``"1 Mo"``; ``65536`` -> ``"64 Ko"`` (French units, powers of 1024)."""
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return S.SIZE_MB.format(count=limit >> 20)
    if limit >= 1 << 10 and limit % (1 << 10) == 0:
        return S.SIZE_KB.format(count=limit >> 10)
    return S.SIZE_BYTES.format(count=limit)


def read_bounded(path: Path | str, limit: int, *, refuse_other_writable: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit``).

    Raises :class:`UnsafeFileError` for a special file, a file over ``limit`` or (with
    ``refuse_other_writable``) a file any user may write; ``OSError`` when it cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError(S.NOT_REGULAR)
        if refuse_other_writable and st.st_mode & stat.S_IWOTH:
            raise UnsafeFileError(S.WRITABLE_BY_ALL.format(mode=f"{stat.S_IMODE(st.st_mode):04o}", path=path))
        if st.st_size > limit:
            raise UnsafeFileError(S.TOO_BIG.format(size=size_text(limit)))
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew meanwhile
            raise UnsafeFileError(S.TOO_BIG.format(size=size_text(limit)))
        return b"".join(chunks)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- writing

TEAM_FILE_MODE = 0o660
TEAM_DIR_MODE = 0o2770


def write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than returning 0
            raise OSError(errno.EIO, "short write")
        view = view[written:]



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


def private_file_mode(path: Path) -> int:
    """The mode of a new file at ``path``: 0660 in a team directory, else 0600."""
    return TEAM_FILE_MODE if in_team_dir(path) else 0o600


def nearest_existing(path: Path) -> Path:
    """``path`` if it exists, else its nearest existing parent: where :func:`make_private_dirs`
    would start creating. A path this account cannot even look at counts as existing (for a
    check before writing; :func:`make_private_dirs` raises there instead)."""
    current = path
    try:
        while not current.exists() and current.parent != current:
            current = current.parent
    except OSError:
        pass
    return current


def can_write_in(folder: Path) -> bool:
    """True when ``folder`` is a folder this account may create files in."""
    try:
        return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        return False


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
        set_group(fd, gid)
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


def set_group(fd: int, gid: int | None) -> None:
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
    replace_via_temp(path, lambda fd: write_all(fd, payload), mode=mode)
    fsync_dir(path.parent)


def remove_temp_files(directory: Path, prefix: str) -> None:
    """Remove the temporary files ``prefix*.tmp`` that :func:`replace_via_temp` writers killed
    meanwhile left in ``directory`` (call it only while no writer can be at work: under the lock)."""
    try:
        for name in os.listdir(directory):
            if name.startswith(prefix) and name.endswith(".tmp"):
                try:
                    os.unlink(directory / name)
                except OSError:
                    pass
    except OSError:
        pass


# --------------------------------------------------------------------------- JSON to trust

MAX_NESTING = 255
"""Deepest nesting of a document orjson can write back (it reads deeper than it writes)."""


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
        return S.NESTING_TOO_DEEP.format(limit=MAX_NESTING)
    if again == raw:
        return None
    try:
        json.loads(bytes(raw), object_pairs_hook=_refuse_duplicates)
    except _DuplicateKey:
        return S.DUPLICATE_KEY
    except RecursionError:  # pragma: no cover - orjson refused deeper nesting first
        return S.NESTING_TOO_DEEP.format(limit=MAX_NESTING)
    except ValueError:
        return S.NOT_JSON
    return None
