"""Reading the small files a console trusts (content, configuration, an import) safely.

A path may be anything a neighbour made it: a FIFO (``open`` would wait for a writer forever), a
link to ``/dev/zero`` (a read would never end), a huge file, or a file anyone may edit (anyone
could then change the procedure or the data file's path). :func:`read_bounded` checks what the
path is on the descriptor it reads from (no window between the check and the read), never blocks
on open, and reads at most ``limit`` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFileError(Exception):
    """The file cannot be trusted; ``reason`` is a French clause fit to follow the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def size_text(limit: int) -> str:
    """``1048576`` -> ``"1 Mo"``; ``65536`` -> ``"64 Ko"`` (French units, powers of 1024)."""
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return f"{limit >> 20} Mo"
    if limit >= 1 << 10 and limit % (1 << 10) == 0:
        return f"{limit >> 10} Ko"
    return f"{limit} octets"


def read_bounded(path: Path | str, limit: int, *, refuse_other_writable: bool = True) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit``).

    Raises :class:`UnsafeFileError` for a special file, a file over ``limit`` or (with
    ``refuse_other_writable``) a file any user may write; ``OSError`` when it cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFileError("ce n'est pas un fichier ordinaire (tube, périphérique…)")
        if refuse_other_writable and st.st_mode & stat.S_IWOTH:
            raise UnsafeFileError(
                f"il est modifiable par tous les utilisateurs du serveur (droits "
                f"{stat.S_IMODE(st.st_mode):04o}) ; corrigez avec : chmod o-w {path}")
        if st.st_size > limit:
            raise UnsafeFileError(f"il est trop gros (plus de {size_text(limit)})")
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # it grew meanwhile
            raise UnsafeFileError(f"il est trop gros (plus de {size_text(limit)})")
        return b"".join(chunks)
    finally:
        os.close(fd)
