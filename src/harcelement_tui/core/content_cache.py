"""A private cache of parsed YAML files, so that a start parses no YAML when nothing changed.

The YAML files (``content/*.yaml``, a town's ``--content`` folder, the configuration) stay the
source: the cache only keeps, for each file, what the YAML parser returned, keyed by the file's
stamp (device, inode, size, modification and change times in nanoseconds). Any change to a file
(an edit, ``chmod``, a file replaced or removed) changes its stamp, and the file is read and
parsed again. The parsed data is validated at every start exactly as if it came from the file, so
errors keep their message; a file that fails to parse is never cached.

The cache is ``content-cache.json`` in the user's cache directory (``~/.cache/harcelement-tui``,
via platformdirs). It is trusted only if it is a regular file owned by the user running the
console, in a directory owned by them, neither writable nor readable by anyone else (another
account could otherwise change the procedure a principal reads). A cache that is damaged,
foreign, of another version or unreadable is ignored and rewritten. Failing to write it (full
disk, read-only home) is silent: the next start parses the YAML again.

A file modified in the last two seconds is not cached ("racily clean" in git's words): the
filesystem's clock ticks every few milliseconds, and a second edit of the same size within one
tick would otherwise keep the same stamp.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui import __version__

CACHE_NAME = "content-cache.json"
FORMAT = 1
MAX_CACHE_BYTES = 8 << 20
MAX_ENTRIES = 64
RACY_NS = 2_000_000_000

Stamp = list[int]


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("harcelement-tui", appauthor=False))


def stamp_of(path: Path | str) -> Stamp | None:
    """The file's stamp, or ``None`` when it cannot be stat'ed (then it is never cached)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode]


def _private(st: os.stat_result, kind: int) -> bool:
    return (stat.S_IFMT(st.st_mode) == kind and st.st_uid == os.geteuid()
            and not st.st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _read_cache(path: Path) -> dict[str, Any]:
    """The cache's entries, or {} if it is missing, foreign, damaged or of another version."""
    try:
        if not _private(os.lstat(path.parent), stat.S_IFDIR):
            return {}
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return {}
    try:
        st = os.fstat(fd)
        if not _private(st, stat.S_IFREG) or st.st_size > MAX_CACHE_BYTES:
            return {}
        raw = os.read(fd, MAX_CACHE_BYTES + 1)
        document = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError):
        return {}
    finally:
        os.close(fd)
    if not isinstance(document, dict) or document.get("format") != FORMAT \
            or document.get("version") != __version__ or not isinstance(document.get("files"), dict):
        return {}
    return document["files"]


def _write_cache(path: Path, entries: dict[str, Any]) -> None:
    """Replace the cache atomically with a private file; any failure leaves things as they were."""
    temp = path.with_name(f".{CACHE_NAME}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(path.parent), stat.S_IFDIR):
            return
        data = orjson.dumps({"format": FORMAT, "version": __version__, "files": entries})
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except (OSError, TypeError, orjson.JSONEncodeError):
        try:
            os.unlink(temp)
        except OSError:
            pass


class ParsedCache:
    """The parsed data of YAML files, read from and written to one cache file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Any] | None = None

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = _read_cache(self.path)
        return self._entries

    def lookup(self, source: Path | str, stamp: Stamp | list[Any] | None) -> dict[str, Any] | None:
        """The parsed data of ``source`` (a file, or another entry's name) if cached for exactly
        this stamp."""
        if stamp is None:
            return None
        entry = self.entries.get(str(source))
        if isinstance(entry, dict) and entry.get("stamp") == stamp and isinstance(entry.get("data"), dict):
            data: dict[str, Any] = entry["data"]
            return data
        return None

    def remember(self, source: Path, stamp: Stamp | None, data: dict[str, Any]) -> None:
        """Keep ``data`` (parsed from ``source`` whose stamp, taken before reading, is ``stamp``)."""
        if stamp is None or racy(stamp):
            return
        self.keep(str(source), stamp, data)

    def keep(self, key: str, stamp: Stamp | list[Any], data: dict[str, Any]) -> None:
        """Keep ``data`` under ``key`` for ``stamp`` (the caller checked no file in it is racy)."""
        if not _round_trips(data):
            return
        entries = self.entries
        entries.pop(key, None)
        entries[key] = {"stamp": stamp, "data": data}
        while len(entries) > MAX_ENTRIES:  # the oldest first (dicts keep insertion order)
            del entries[next(iter(entries))]
        _write_cache(self.path, entries)


def racy(stamp: Stamp) -> bool:
    """Whether the file of ``stamp`` was modified too recently for its stamp to be trusted."""
    return stamp[3] > time.time_ns() - RACY_NS


def _round_trips(data: Any) -> bool:
    """Whether JSON gives back exactly ``data`` (YAML may hold dates, sets or numeric keys)."""
    try:
        return bool(orjson.loads(orjson.dumps(data)) == data)
    except (TypeError, orjson.JSONEncodeError):
        return False


_current: ParsedCache | None = None


def current() -> ParsedCache:
    """The cache of the user running the console (follows ``XDG_CACHE_HOME``, as tests set it)."""
    global _current
    path = cache_dir() / CACHE_NAME
    if _current is None or _current.path != path:
        _current = ParsedCache(path)
    return _current
