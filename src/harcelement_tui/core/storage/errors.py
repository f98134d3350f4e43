"""The errors of the case file, each a :class:`UserError` with a French message fit to show."""

from __future__ import annotations

from pathlib import Path

from harcelement_tui.core.errors import EXIT_BUSY, UserError


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
