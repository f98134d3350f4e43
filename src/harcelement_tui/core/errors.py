"""Errors a user can cause, each carrying a French message fit to show as it is."""

from __future__ import annotations

import errno

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


_OS_REASONS = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota disque est dépassé",
    errno.EROFS: "le système de fichiers est en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EEXIST: "existe déjà",
    errno.ELOOP: "trop de liens symboliques",
    errno.ENAMETOOLONG: "nom trop long",
    errno.EFBIG: "fichier trop gros",
    errno.EBUSY: "ressource occupée",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is English)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return f"erreur système {exc.errno} : {exc.strerror}" if exc.errno else str(exc)
