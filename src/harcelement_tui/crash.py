"""Unexpected errors (bugs): details to a private log, one French line on the terminal, status 2.

A traceback with its local variables (Textual's and Rich's default) prints whatever the code was
holding: a pupil's name, a summary, notes. So nothing of an unexpected exception reaches the
terminal but its type and the place in the code; the standard traceback (source lines, never
local variables) and the exception's message go to ``~/.local/state/harcelement-tui/erreurs.log``,
created 0600 in a 0700 folder, readable by the user alone.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from harcelement_tui import __version__
from harcelement_tui.core.errors import os_reason
from harcelement_tui.core.paths import APP_NAME, error_log_file
from harcelement_tui.core.safe_files import make_private_dirs
from harcelement_tui.i18n import _

CRASH_STATUS = 2
LOG_LIMIT_BYTES = 1024 * 1024
"""Above this size the log is moved to ``erreurs.log.1`` (the one before is dropped)."""

# What the user reads (the console and the command line both show it).
UNKNOWN_PLACE = _("lieu inconnu")
WHAT = _("{error} dans {place}")
LOGGED = _("erreur inattendue ({what}) ; détails dans {log} (lisible par vous seul).")
NOT_LOGGED = _("erreur inattendue ({what}) ; les détails n'ont pas pu être écrits dans {log} ({reason}).")


def write_log(error: BaseException, *, path: Path | None = None) -> Path:
    """Append ``error``'s traceback (no local variables) to the private log; return its path.

    Raises ``OSError`` when the log cannot be written.
    """
    path = error_log_file() if path is None else path
    make_private_dirs(path.parent)
    try:
        if os.lstat(path).st_size > LOG_LIMIT_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # also an older log made with another umask
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        text = (f"--- {stamp} {APP_NAME} {__version__} (pid {os.getpid()}, Python "
                f"{sys.version.split()[0]})\n" + "".join(traceback.format_exception(error)))
        payload = text.encode("utf-8", "backslashreplace")
        while payload:
            payload = payload[os.write(fd, payload):]
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def where(error: BaseException) -> str:
    """The innermost place in this package's code the error passed through: ``ui/app.py:123``."""
    frames = traceback.extract_tb(error.__traceback__)
    package = str(Path(__file__).resolve().parent)
    for frame in reversed(frames):
        if frame.filename.startswith(package):
            return f"{os.path.relpath(frame.filename, package)}:{frame.lineno}"
    if frames:
        return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
    return UNKNOWN_PLACE


def unwrap(error: BaseException) -> BaseException:
    """The exception a failed Textual worker raised (``WorkerFailed.error``), else ``error``."""
    inner = getattr(error, "error", None)
    return inner if isinstance(inner, BaseException) and type(error).__name__ == "WorkerFailed" else error


def log_and_describe(error: BaseException) -> str:
    """Log ``error`` and return one French sentence that quotes nothing of it but its type and
    place (its message may hold case data)."""
    error = unwrap(error)
    what = WHAT.format(error=type(error).__name__, place=where(error))
    try:
        log = write_log(error)
    except OSError as exc:
        return NOT_LOGGED.format(what=what, log=error_log_file(), reason=os_reason(exc))
    return LOGGED.format(what=what, log=log)


def report_crash(error: BaseException) -> int:
    """What ``main`` does with an unexpected exception: log, one line on stderr, status 2."""
    print(f"{APP_NAME} : {log_and_describe(error)}", file=sys.stderr)
    return CRASH_STATUS
