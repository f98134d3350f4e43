"""Daily backups beside the data file: ``<file>.YYYY-MM-DD.bak``, the last ``keep`` kept.

Before the first write of each day the file about to be replaced is copied to the day's backup,
refreshed by a session every ``BACKUP_EVERY`` writes so that a busy day's backup is recent. A store
without any document is never backed up (nothing to restore: it would only hide the useful backup
of an earlier day), and such a backup is never advised.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import orjson

from harcelement_tui.core.safe_files import replace_via_temp
from harcelement_tui.core.storage.codec import has_documents
from harcelement_tui.core.storage.files import Pin, Stamp

KEEP_BACKUPS = 14
BACKUP_EVERY = 100
"""A session refreshes the day's backup every this many writes."""


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
    return not isinstance(data, dict) or has_documents(data)


class Backups:
    """The backups of the data file ``real``; ``today`` names them, ``tmp_prefix`` their temp files."""

    def __init__(self, real: Path, *, keep: int, today: Callable[[], date], tmp_prefix: str) -> None:
        self.real = real
        self.directory = real.parent
        self.keep = keep
        self._today = today
        self._tmp_prefix = tmp_prefix
        self._re = re.compile(re.escape(real.name) + r"\.(\d{4}-\d{2}-\d{2})\.bak$")
        self._day: str | None = None
        self._writes_since = 0
        self._stamp: Stamp | None = None

    def all(self) -> list[Path]:
        """Backup files next to the data file, oldest first."""
        found = []
        try:
            names = os.listdir(self.directory)
        except OSError:
            return []
        for name in names:
            match = self._re.match(name)
            if match:
                found.append((match.group(1), self.directory / name))
        return [path for _, path in sorted(found)]

    def newest(self) -> Path | None:
        """The newest backup worth restoring: one holding no document (an earlier version's copy
        of a new, empty file) is passed over."""
        for backup in reversed(self.all()):
            if _backup_has_documents(backup):
                return backup
        return None

    def due(self, has_docs: bool) -> bool:
        """Whether the next :meth:`before_write` is to copy the file (the day's first write, or this
        session's ``BACKUP_EVERY``-th since its last backup)."""
        if self.keep <= 0 or not has_docs:
            return False
        day = self._today().isoformat()
        if self._day == day:
            return self._writes_since + 1 >= BACKUP_EVERY
        return not os.path.exists(self.directory / f"{self.real.name}.{day}.bak")

    def before_write(self, stamp: Stamp, pin: Pin, has_docs: bool, mode: int, gid: int | None) -> None:
        """Copy the file about to be replaced (``stamp``, read through ``pin``) to the day's backup
        if it is due, with ``mode`` and group ``gid``. Raises ``OSError``."""
        if self.keep <= 0:
            return
        day = self._today().isoformat()
        self._writes_since += 1
        if self._day == day and self._writes_since < BACKUP_EVERY:
            return
        if not has_docs:
            return
        target = self.directory / f"{self.real.name}.{day}.bak"
        refresh = self._day == day  # this session's BACKUP_EVERY-th write since its last
        if (refresh or not os.path.exists(target)) and stamp != self._stamp:
            def copy_current(fd: int) -> None:
                offset, size = 0, stamp.size
                while offset < size:
                    sent = os.sendfile(fd, pin.fd, offset, size - offset)
                    if sent == 0:
                        break
                    offset += sent

            replace_via_temp(target, copy_current, mode=mode, prefix=self._tmp_prefix, gid=gid)
            self._prune()
        self._day = day
        self._stamp = stamp
        self._writes_since = 0

    def _prune(self) -> None:
        backups = self.all()
        for old in backups[: max(0, len(backups) - self.keep)]:
            try:
                os.unlink(old)
            except OSError:
                pass
