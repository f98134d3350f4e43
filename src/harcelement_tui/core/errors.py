"""Errors a user can cause, each carrying a French message fit to show as it is."""

from __future__ import annotations

from harcelement_tui.core.strings import OS_ERROR, OS_REASONS

# "File busy, try again" (another session holds the data file): 75, EX_TEMPFAIL of sysexits.h,
# so a script can tell it from an error that trying again will not fix (2).
EXIT_BUSY = 75


class UserError(Exception):
    """An error caused by input, files or the environment, not by a bug.

    ``str(error)`` is a complete French sentence for the UI or stderr. The command line prints it
    on one line and exits with :attr:`exit_code`.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ContentError(UserError):
    """A content file (procedure, parents, contacts) is missing, unreadable or invalid."""


class ConfigError(UserError):
    """A configuration file is unreadable or holds an unknown key or a wrong type."""


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is English)."""
    if exc.errno in OS_REASONS:
        return OS_REASONS[exc.errno]
    return OS_ERROR.format(number=exc.errno, reason=exc.strerror) if exc.errno else str(exc)
