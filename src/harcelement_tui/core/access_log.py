"""The access log: who opened, exported, reported or imported which case, and when.

A viewing is not an event of the case, so it is not in the case's timeline: it goes to an
append-only file beside the data file (``cases.json`` -> ``cases.json.acces.jsonl``), one JSON
object per line::

    {"at": "2026-11-27T10:02:11+01:00", "user": "direction", "ref": "2026-001", "uuid": "...",
     "action": "consulte", "via": "console"}

Rules (see docs/protection-des-donnees.md):

- Written with ``O_APPEND`` and fsync'd: an entry is one ``write()`` of one line, so entries of
  several sessions never interleave, and a crash loses at most the entry being written.
- Never in the way of a save: the log has its own short lock (on the log file itself, only to
  keep an entry from landing in a file the pruning is replacing); the case store's lock is never
  taken. A log that cannot be written raises :class:`AccessLogError`, which callers show as a
  warning after the action is done.
- Same modes as the data file: private (0600), or the group bits of a shared data file (0660 in
  a team's setgid directory). :func:`log_mode` takes them from the data file itself.
- Kept ``access_log_days`` days (configuration, default 365): older entries are dropped the first
  time a session writes after they expire. A purged case's entries are anonymised like its stub
  (no login, no detail): :func:`anonymise`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from harcelement_tui.core import strings as S
from harcelement_tui.core.config import DEFAULT_ACCESS_LOG_DAYS
from harcelement_tui.core.dates import in_range
from harcelement_tui.core.errors import UserError, os_reason
from harcelement_tui.core.safe_files import replace_via_temp

SUFFIX = ".acces.jsonl"

# Seconds to wait for another session pruning or anonymising the log.
LOCK_WAIT = 2.0

# What was done, as the log stores it (short, stable) and as ``audit`` shows it.
ACTIONS = S.ACTIONS


def share_action(what: str, *, pseudonymised: bool = False, encrypted: bool = False) -> str:
    """The log's action for an export (``what="export"``) or a report (``"report"``)."""
    action = "rapport" if what == "report" else "exporte"
    if pseudonymised:
        return action + "-pseudonymise"
    return "exporte-chiffre" if encrypted and what == "export" else action


# Bounds on what enters the log from a caller (a reference, a login, a path).
MAX_FIELD = 300


class AccessLogError(UserError):
    """The access log cannot be written or read; the message is one French line."""


@dataclass(frozen=True)
class Access:
    """One access entry."""

    at: str
    user: str
    ref: str
    uuid: str
    action: str
    via: str
    detail: str = ""

    @property
    def moment(self) -> datetime | None:
        try:
            moment = datetime.fromisoformat(self.at)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None and in_range(moment.date()) else None

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    def to_dict(self) -> dict[str, str]:
        out = {"at": self.at, "user": self.user, "ref": self.ref, "uuid": self.uuid,
               "action": self.action, "via": self.via}
        if self.detail:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, data: object) -> Access | None:
        if not isinstance(data, dict):
            return None
        fields = {}
        for name in ("at", "user", "ref", "uuid", "action", "via", "detail"):
            value = data.get(name, "")
            if not isinstance(value, str):
                return None
            fields[name] = value[:MAX_FIELD]
        return cls(**fields)


def _data_gid(data_file: Path, default: int) -> int:
    try:
        return os.stat(data_file).st_gid
    except OSError:
        return default


def log_path(data_file: Path) -> Path:
    """The access log of ``data_file``: ``cases.json`` -> ``cases.json.acces.jsonl``."""
    return data_file.with_name(data_file.name + SUFFIX)


def log_mode(data_file: Path) -> int:
    """The access log's mode: the data file's own, owner read-write always, never for others.

    A private data file (0600) gives 0600; a team's shared file (0660) gives 0660.
    """
    try:
        mode = stat.S_IMODE(os.stat(data_file).st_mode)
    except OSError:
        mode = 0o600
    return (mode & 0o660) | 0o600


def _short(value: str) -> str:
    value = " ".join(str(value).split())
    return value[:MAX_FIELD]


class AccessLog:
    """The access log beside one data file. ``user`` and ``clock`` as for the case store."""

    def __init__(self, data_file: Path, *, user: str, clock=None,
                 keep_days: int = DEFAULT_ACCESS_LOG_DAYS) -> None:
        self.data_file = Path(data_file)
        self.path = log_path(self.data_file)
        self.user = user
        self._clock = clock or (lambda: datetime.now().astimezone())
        self.keep_days = keep_days
        self._pruned = False

    # -- writing ---------------------------------------------------------------------------

    def record(self, cases: Iterable[tuple[str, str]], action: str, via: str, detail: str = "") -> None:
        """Append one entry per ``(ref, uuid)`` of ``cases``; raise :class:`AccessLogError`."""
        moment = self._clock()
        at = moment.isoformat(timespec="seconds")
        lines = b"".join(
            orjson.dumps(Access(at, _short(self.user), _short(ref), _short(uuid), action, via,
                                _short(detail)).to_dict()) + b"\n"
            for ref, uuid in cases)
        if not lines:
            return
        if not self._pruned:
            self._pruned = True
            try:
                self.prune(moment)
            except AccessLogError:
                pass  # pruning is retried by the next session; the entry matters more
        self._append(lines)

    def _open_append(self) -> int:
        mode = log_mode(self.data_file)
        # Never blocks (a FIFO planted there), never follows a link; a regular file only.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        try:
            fd = os.open(self.path, flags)
        except FileNotFoundError:
            pass
        else:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                os.close(fd)
                raise OSError(errno.EINVAL, S.NOT_REGULAR_FILE, str(self.path))
            if stat.S_IMODE(st.st_mode) != mode and st.st_uid == os.geteuid() and \
                    (not mode & 0o070 or st.st_gid == _data_gid(self.data_file, st.st_gid)):
                # Follows the data file: loosened by hand, or the data file shared with the
                # group (chmod 660) after the log was created. Group bits only for the data
                # file's own group, never the owner's primary group.
                os.fchmod(fd, mode)
            return fd
        try:
            fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return os.open(self.path, flags)
        try:
            os.fchmod(fd, mode)
        except OSError:
            os.close(fd)
            raise
        return fd

    def _append(self, lines: bytes) -> None:
        try:
            for _attempt in range(5):
                fd = self._open_append()
                try:
                    self._lock(fd, fcntl.LOCK_SH)
                    # The pruning may have replaced the file between open and lock: write to
                    # the file the path names now, never to the replaced one.
                    if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                        continue
                    size = os.fstat(fd).st_size
                    data = lines
                    if size and not self._ends_with_newline(size):
                        data = b"\n" + lines  # a line torn by a crash: never glue an entry to it
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view):]
                    os.fsync(fd)
                    return
                finally:
                    os.close(fd)
        except OSError as exc:
            raise AccessLogError(S.LOG_NOT_WRITTEN.format(path=self.path, reason=os_reason(exc))) from None
        raise AccessLogError(S.LOG_REPLACED.format(path=self.path))

    def _open_read_fd(self) -> int:
        """The log opened for reading: never blocking (a FIFO planted there), never through a link,
        a regular file only (``OSError`` otherwise)."""
        fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, S.NOT_REGULAR_FILE, str(self.path))
        return fd

    def _open_read(self):
        return os.fdopen(self._open_read_fd(), "rb")

    def _ends_with_newline(self, size: int) -> bool:
        with self._open_read() as handle:
            handle.seek(size - 1)
            return handle.read(1) == b"\n"

    @staticmethod
    def _lock(fd: int, kind: int) -> None:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, kind | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    # -- rewriting (retention, anonymisation) --------------------------------------------------

    def _rewrite(self, keep) -> int:
        """Rewrite the log through ``keep(entry_dict) -> dict | None``; return entries changed."""
        try:
            fd = self._open_read_fd()
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise AccessLogError(S.LOG_UNREADABLE.format(path=self.path, reason=os_reason(exc))) from None
        try:
            try:
                self._lock(fd, fcntl.LOCK_EX)
                if os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                    return 0  # another session just rewrote it
                mode = stat.S_IMODE(os.fstat(fd).st_mode)
                gid = os.fstat(fd).st_gid
                with os.fdopen(os.dup(fd), "rb") as handle:
                    raw = handle.read()
                out = []
                changed = 0
                for line in raw.splitlines():
                    try:
                        data = orjson.loads(line)
                    except orjson.JSONDecodeError:
                        out.append(line)  # a torn last line of a crash: kept as it is
                        continue
                    kept = keep(data)
                    if kept is not data:
                        changed += 1
                    if kept is not None:
                        out.append(orjson.dumps(kept))
                if not changed:
                    return 0
                payload = b"".join(line + b"\n" for line in out)

                def fill(tmp_fd: int) -> None:
                    if gid != os.getegid():
                        try:
                            os.fchown(tmp_fd, -1, gid)
                        except OSError:
                            pass
                    view = memoryview(payload)
                    while view:
                        view = view[os.write(tmp_fd, view):]

                replace_via_temp(self.path, fill, mode=mode, prefix=f".{self.path.name}.")
                return changed
            finally:
                os.close(fd)
        except OSError as exc:
            raise AccessLogError(S.LOG_NOT_REWRITTEN.format(path=self.path, reason=os_reason(exc))) from None

    def prune(self, now: datetime | None = None) -> int:
        """Drop the entries older than ``keep_days``; return how many were dropped."""
        limit = (now or self._clock()) - timedelta(days=self.keep_days)
        if not self._oldest_before(limit):
            return 0

        def keep(data):
            entry = Access.from_dict(data)
            moment = entry.moment if entry else None
            return None if moment is not None and moment < limit else data

        return self._rewrite(keep)

    def _oldest_before(self, limit: datetime) -> bool:
        """True if the first entry (the oldest) is older than ``limit``: one short read."""
        try:
            with self._open_read() as handle:
                first = handle.readline(4096)
        except OSError:
            return False
        try:
            entry = Access.from_dict(orjson.loads(first))
        except orjson.JSONDecodeError:
            return False
        moment = entry.moment if entry else None
        return moment is not None and moment < limit

    def anonymise(self, uuids: Iterable[str]) -> int:
        """Drop the login and the detail of every entry of the cases ``uuids`` (purged cases)."""
        wanted = set(uuids)
        if not wanted:
            return 0

        def keep(data):
            if isinstance(data, dict) and data.get("uuid") in wanted and (data.get("user") or data.get("detail")):
                return {**{k: v for k, v in data.items() if k != "detail"}, "user": ""}
            return data

        return self._rewrite(keep)

    # -- reading -----------------------------------------------------------------------------

    def entries(self, containing: bytes = b"") -> Iterator[Access]:
        """Every readable entry, oldest first (a torn or foreign line is skipped); only the lines
        holding ``containing`` are parsed when it is given."""
        try:
            with self._open_read() as handle:
                for line in handle:
                    if containing not in line:
                        continue
                    try:
                        entry = Access.from_dict(orjson.loads(line))
                    except orjson.JSONDecodeError:
                        continue
                    if entry is not None:
                        yield entry
        except FileNotFoundError:
            return
        except OSError as exc:
            raise AccessLogError(S.LOG_UNREADABLE.format(path=self.path, reason=os_reason(exc))) from None

    @classmethod
    def of_store(cls, store, keep_days: int = DEFAULT_ACCESS_LOG_DAYS) -> AccessLog:
        """The access log beside ``store``'s data file, with its user and clock."""
        return cls(store.path, user=store.user, clock=store.now, keep_days=keep_days)

    def last_readers(self, uuid: str, limit: int = 5) -> list[Access]:
        """The latest ``limit`` entries of one case, newest first."""
        found = [entry for entry in self.entries(uuid.encode()) if entry.uuid == uuid]
        return found[::-1][:limit]
