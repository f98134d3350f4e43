"""The documents handed over, one key away: ``d`` on the Parents tab writes the parents' sheet,
``d`` on the Contacts tab the pupil's card "Qui peut t'aider ?".

(``SheetRequested``.) The PDF goes in ``exports/`` beside
the data file (0600, like reports); it holds no case data, so an older copy is simply replaced.
Once the file is in place, the handover is noted in the current case, if there is one, and the
parents' sheet ticks the procedure step asking for it (``step`` in ``parents-sheet.yaml``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.export import write_private_file
from harcelement_tui.core.sheets import PARENTS_LOGGED, PUPIL_LOGGED, sheet_bytes, sheet_filename
from harcelement_tui.ui import strings, strings_labels
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.messages import SheetKind

if TYPE_CHECKING:  # read only when a sheet is first written (not at start-up)
    from harcelement_tui.core.sheets_content import Sheets

class SheetController:
    """The documents handed over, for the app. ``sheets``: their content (default: the packaged
    ``content/sheets``, read when first written)."""

    def __init__(self, app: ConsoleApp, sheets: Sheets | None = None) -> None:
        self.app = app
        self.sheets = sheets

    def _town_sheets(self) -> Sheets:
        if self.sheets is None:
            from harcelement_tui.core.sheets_content import load_sheets

            self.sheets = load_sheets(None, self.app.town)
        return self.sheets

    def write_sheet(self, kind: SheetKind) -> None:
        """``kind``: ``"parents"`` or ``"eleve"``."""
        app = self.app
        if app.store is None:
            app.no_store()
            return
        path = app.export_dir() / sheet_filename(kind)
        case = app.current
        app.run_worker(partial(self._write_sheet, kind, path, case.ref if case is not None else None,
                               app.read_only is not None), name="_write_sheet", group="store-write", thread=True)

    def _write_sheet(self, kind: SheetKind, path: Path, ref: str | None, read_only: bool) -> None:
        """In a worker thread: write the PDF, then note it in case ``ref`` (unless read-only)."""
        app = self.app
        store = app.store
        assert store is not None
        name = strings.SHEET_NAMES[kind]
        try:
            payload = sheet_bytes(kind, self._town_sheets(), app.town, app.config)
            write_private_file(path, payload, force=True)
        except UserError as error:
            app.call_from_thread(app.notify, str(error), title=strings.SHEET_FAILED.format(name=name),
                                 severity="error", markup=False, timeout=10)
            return
        message = strings.SHEET_WRITTEN.format(name=name, path=path)
        if ref is not None and read_only:
            message += strings.SHEET_READ_ONLY.format(ref=ref)
        elif ref is not None:
            step = self._town_sheets().parents.step if kind == "parents" else None
            what = PARENTS_LOGGED if kind == "parents" else PUPIL_LOGGED
            try:
                before = store.get(ref)
                case = store.record_document(ref, strings_labels.DOCUMENT_FILE.format(what=what, path=path), step)
            except UserError as error:
                app.call_from_thread(app.notify, strings.SHEET_NOT_NOTED.format(message=message, ref=ref, error=error),
                                     severity="warning", markup=False, timeout=10)
                return
            message += strings.SHEET_NOTED.format(ref=ref)
            if step is not None and step not in before.steps:
                message += strings.SHEET_STEP_TICKED.format(step=store.step_label(step))
            app.call_from_thread(app.show_saved, case)
            app.call_from_thread(app.record_access, case, "fiche", str(path))
        app.call_from_thread(app.notify, message + ".", markup=False, timeout=8)
