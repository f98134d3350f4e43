"""Export and report of a case (``x`` / ``r``): full, pseudonymised or encrypted, written in
``exports/`` beside the data file, asking before a file is replaced."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.export import export_filename
from harcelement_tui.core.model import Case
from harcelement_tui.core.pseudonym import initials
from harcelement_tui.core.report import REPORT_FORMATS, report_filename
from harcelement_tui.core.sharing import share_case
from harcelement_tui.ui import strings
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.share_choice import ShareChoiceModal


class SharingController:
    """Exports and reports for the app."""

    def __init__(self, app: ConsoleApp) -> None:
        self.app = app

    def export(self, case: Case) -> None:
        self._share(case, "export")

    def report(self, case: Case) -> None:
        self._share(case, "report")

    def _share(self, case: Case, what: str) -> None:
        """``x`` / ``r``: ask full or pseudonymised, then (asking before replacing a file) write."""
        app = self.app
        title = (strings.REPORT_TITLE if what == "report" else strings.EXPORT_TITLE).format(ref=case.ref)
        formats: tuple[str, ...] = ()
        if what == "report":
            # The configured format first; the other one is a key away (f).
            first = app.config.report_format
            formats = (first, *(f for f in REPORT_FORMATS if f != first))
        choice = ShareChoiceModal(title=title, pupil_initials=initials(case.pupil), formats=formats,
                                  po_update=what == "report" and app.town.po_step is not None,
                                  encrypt=what == "export")

        def chosen(picked: bool | str | None) -> None:
            if picked is None:
                return
            if picked == "encrypted":
                self._ask_passphrase(case, title)
                return
            pseudonymised = picked is True
            fmt, since_po = choice.fmt, choice.since_po
            if what == "report":
                name = report_filename(case.ref, pseudonymised=pseudonymised, fmt=fmt, since_po=since_po)
            else:
                name = export_filename(case.ref, pseudonymised=pseudonymised)
            path = app.export_dir() / name
            try:
                exists = path.exists()
            except OSError:  # exports/ another account made private: write_private_file says so
                exists = False
            if not exists:
                self._write_share(what, case.ref, path, False, pseudonymised, fmt, since_po)
                return

            def answered(replace: bool | None) -> None:
                if replace:
                    self._write_share(what, case.ref, path, True, pseudonymised, fmt, since_po)

            question = strings.REPLACE_REPORT if what == "report" else strings.REPLACE_EXPORT
            app.push_screen(ConfirmModal(question.format(path=path), strings.REPLACE, strings.CANCEL,
                                         default=False, title=title), answered)

        app.push_screen(choice, chosen)

    def _ask_passphrase(self, case: Case, title: str) -> None:
        """The encrypted export: a passphrase typed twice, then the full export, encrypted."""
        from harcelement_tui.core.encryption import SUFFIX, encrypt
        from harcelement_tui.ui.screens.passphrase import PassphraseModal

        app = self.app
        path = app.export_dir() / (export_filename(case.ref) + SUFFIX)

        def typed(passphrase: str | None) -> None:
            if passphrase is None:
                return

            def write(force: bool) -> None:
                self._write_share("export", case.ref, path, force, False,
                                  encrypt=lambda payload: encrypt(payload, passphrase=passphrase))

            try:
                exists = path.exists()
            except OSError:  # exports/ another account made private: write_private_file says so
                exists = False
            if not exists:
                write(False)
                return
            app.push_screen(ConfirmModal(strings.REPLACE_EXPORT.format(path=path), strings.REPLACE, strings.CANCEL,
                                         default=False, title=title),
                            lambda replace: write(True) if replace else None)

        app.push_screen(PassphraseModal(title=strings.ENCRYPTED_TITLE.format(title=title)), typed)

    def _write_share(self, what: str, ref: str, path: Path, force: bool, pseudonymised: bool,
                     fmt: str = "md", since_po: bool = False,
                     encrypt: Callable[[bytes], bytes] | None = None) -> None:
        """Write the export or report off the UI thread (see :meth:`_write_share_now`)."""
        self.app.run_worker(partial(self._write_share_now, what, ref, path, force, pseudonymised, fmt, since_po,
                                    encrypt), name="_write_share", group="store-write", thread=True)

    def _write_share_now(self, what: str, ref: str, path: Path, force: bool, pseudonymised: bool,
                         fmt: str = "md", since_po: bool = False,
                         encrypt: Callable[[bytes], bytes] | None = None) -> None:
        """Write the export or report (it includes its own history entry), then log it in the case:
        a file that could not be written is never noted in the history. ``encrypt`` turns the
        export's bytes into the encrypted file's."""
        app = self.app
        assert app.store is not None
        try:
            shared = share_case(app.store, "report" if what == "report" else "export", ref, path, force=force,
                                pseudonymise=pseudonymised, encrypt=encrypt, fmt=fmt, since_po=since_po,
                                school_name=app.config.school_name, where=str(path))
        except UserError as error:
            failed = strings.REPORT_FAILED if what == "report" else strings.EXPORT_FAILED
            app.call_from_thread(app.notify, str(error), title=failed,
                                 severity="error", markup=False, timeout=10)
            return
        app.call_from_thread(app.record_access, shared.case, shared.action, str(path))
        said = strings.REPORT_WRITTEN if what == "report" else strings.EXPORT_WRITTEN
        message = said.get((pseudonymised, encrypt is not None), said[(False, False)])
        app.call_from_thread(app.notify, message.format(ref=ref, path=path), markup=False, timeout=8)
        app.call_from_thread(app.reload_cases)
