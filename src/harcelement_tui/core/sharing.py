"""Sharing a case: writing its export or its report to a target (a file, a folder, standard output).

The one use case behind ``harcelement-tui export`` / ``report`` and the console's ``x`` / ``r``.
A file is written by :func:`~harcelement_tui.core.export.write_private_file`: 0600 (0660 in a team
directory), never replacing a file without ``force``, no partial file on failure. The case's
history notes the export or report only once its file is in place (a failed write notes nothing);
standard output is written by the caller after the store's lock is released (a reader that stops
would hold it), with :func:`write_stdout`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from harcelement_tui.core import strings as S
from harcelement_tui.core.access_log import share_action
from harcelement_tui.core.export import ExportFileError, check_target, dumps, write_private_file
from harcelement_tui.core.model import Case
from harcelement_tui.core.safe_files import can_write_in, nearest_existing

if TYPE_CHECKING:
    from harcelement_tui.core.store import CaseStore

What = Literal["export", "report"]

STDOUT = S.STDOUT
"""How a case's history and the access log name standard output as a destination."""


def resolve_target(output: str | None, default: str, force: bool) -> Path | None:
    """Where ``-o OUTPUT`` says to write (``None``: standard output), checked before anything is
    noted.

    No ``output``: ``default`` in the current directory. A directory (existing, or named with a
    final ``/``, then created 0700 at the write): ``default`` in it. An existing file is refused
    without ``force``.
    """
    if output == "-":
        return None
    target = Path(output) if output else Path(default)
    try:
        if target.is_dir() or (output or "").endswith(("/", os.sep)):
            target = target / default
        check_target(target, force=force)
    except PermissionError:
        raise ExportFileError(S.TARGET_NOT_WRITABLE.format(folder=target.parent), target) from None
    _check_folder(target)
    return target


def _check_folder(target: Path) -> None:
    """Refuse, before any passphrase is asked or anything is noted, a target whose folder this
    account cannot write to or create (missing folders are created at the write)."""
    folder = nearest_existing(target.parent)
    if not can_write_in(folder):
        raise ExportFileError(S.TARGET_NOT_WRITABLE.format(folder=folder), target)


def destination(target: Path | None) -> str:
    """How the case's history names ``target``: its absolute path, or standard output."""
    return STDOUT if target is None else str(target.resolve())


def write_stdout(payload: bytes) -> None:
    """``payload`` on standard output, after whatever text was printed before."""
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def deliver(payload: bytes, target: Path | None, force: bool) -> bool:
    """Write ``payload`` to the file ``target`` (0600 or the team's mode) or, when ``target`` is
    ``None``, to standard output; True if a file was written."""
    if target is None:
        write_stdout(payload)
        return False
    write_private_file(target, payload, force=force)
    return True


@dataclass(frozen=True)
class Shared:
    """What :func:`share_case` did: the case with its new history entry, the bytes (for standard
    output, written by the caller once the lock is released), and the access log's action."""

    case: Case
    payload: bytes
    action: str


def share_case(store: CaseStore, what: What, ref: str, target: Path | None, *, force: bool = False,
               pseudonymise: bool = False, encrypt: Callable[[bytes], bytes] | None = None,
               fmt: str = "pdf", since_po: bool = False, school_name: str = "",
               where: str | None = None) -> Shared:
    """Write the export (``what="export"``) or report (``"report"``) of case ``ref`` to the file
    ``target`` (``None``: nothing is written, the caller prints :attr:`Shared.payload`), and note
    it in the case's history (``where`` names the destination there; by default
    :func:`destination`) once the file is in place.

    ``encrypt`` turns an export's bytes into the encrypted file's; ``fmt`` (``"pdf"``/``"md"``) and
    ``since_po`` (only what changed since the organising authority was last told) shape a report.
    Raises :class:`~harcelement_tui.core.errors.UserError` (nothing noted) when the case cannot be
    shared or the file cannot be written.
    """
    noted = destination(target) if where is None else where
    payloads: list[bytes] = []

    def keep(payload: bytes) -> None:
        if target is not None:
            write_private_file(target, payload, force=force)
        payloads.append(payload)

    if what == "report":
        from harcelement_tui.core.content import load_content
        from harcelement_tui.core.report import render_report

        town = store.content if store.content is not None else load_content()

        def write_report(case: Case) -> None:
            keep(render_report(case, town, fmt=fmt, generated_at=case.timeline[-1].at, author=store.user,
                               school_name=school_name, pseudonymise=pseudonymise, since_po=since_po))

        case = store.record_report(ref, noted, pseudonymised=pseudonymise, deliver=write_report)
    else:

        def sealed(document: dict[str, Any]) -> bytes:
            payload = dumps(document)
            return payload if encrypt is None else encrypt(payload)

        # To standard output the bytes are made after the store's lock is released (encrypting
        # with a passphrase takes about two seconds).
        document = store.export_case(ref, noted, pseudonymise=pseudonymise,
                                     deliver=None if target is None else lambda doc: keep(sealed(doc)))
        if target is None:
            payloads.append(sealed(document))
        case = store.get(ref)
    action = share_action(what, pseudonymised=pseudonymise, encrypted=encrypt is not None)
    return Shared(case=case, payload=payloads[0], action=action)
