"""Errors a user can cause, each carrying a French message fit to show as it is."""

from __future__ import annotations


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
