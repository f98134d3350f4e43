"""One version of the data file on disk: its :class:`Stamp`, and a :class:`Pin` (an open descriptor
that keeps its inode, hence its bytes, while anything refers to it).

* **Fresh data.** Each transaction starts by re-reading the file if its stamp (device, inode, size,
  ``mtime_ns``) changed; outside one, ``read()`` costs one ``stat()`` when nothing changed. The
  storage keeps the last file it read pinned, so its inode number cannot be reused by a later
  file while it is cached: an equal stamp means the same, never-modified file (files are only
  ever replaced, never rewritten in place).
* **Metadata is not content.** A ``chmod``, ``chown`` or ``chgrp`` of the data file changes its
  ctime only; stamps compare (inode, size, ``mtime_ns``), so such a change never fails a save, and
  each write takes the file's mode and group as they are now, not as they were when it was read.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from harcelement_tui.core.storage.errors import StoreError


class Stamp(NamedTuple):
    """What identifies one version of the file on disk, and how far its journal goes."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    journal_ino: int = 0
    journal_size: int = 0


def stamp_of(st: os.stat_result) -> Stamp:
    return Stamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_all(fd: int, size_hint: int) -> bytes:
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


class Pin:
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

    def __copy__(self) -> Pin:  # one owner of the descriptor, never two
        return self

    def __deepcopy__(self, memo: dict) -> Pin:
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


class Current(NamedTuple):
    """The cached file: its stamp, the open descriptor pinning its inode, the parsed data."""

    stamp: Stamp
    pin: Pin
    mode: int
    gid: int
    data: dict[str, Any]
