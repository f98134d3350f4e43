"""The documents handed over, one key away: ``d`` on the Parents tab writes the parents' sheet,
``d`` on the Contacts tab the pupil's card "Qui peut t'aider ?".

A mixin of :class:`harcelement_tui.ui.app.HarcelementApp`. The PDF goes in ``exports/`` beside
the data file (0600, like reports); it holds no case data, so an older copy is simply replaced.
Once the file is in place, the handover is noted in the current case, if there is one, and the
parents' sheet ticks the procedure step asking for it (``step`` in ``parents-sheet.yaml``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from harcelement_tui.core.errors import UserError

if TYPE_CHECKING:
    from harcelement_tui.core.sheets_content import Sheets

SHEET_NAMES = {"parents": "Fiche des parents", "eleve": "Carte « Qui peut t'aider ? »"}


class SheetActions:
    """``write_sheet`` for the app (mixin: expects ``store``, ``town``, ``config``, ``current``)."""

    sheets: Sheets | None = None

    def _town_sheets(self) -> Sheets:
        if self.sheets is None:
            from harcelement_tui.core.sheets_content import load_sheets

            self.sheets = load_sheets(None, self.town)  # type: ignore[attr-defined]
        return self.sheets

    def write_sheet(self, kind: str) -> None:
        """``kind``: ``"parents"`` or ``"eleve"``."""
        from harcelement_tui.core.sheets import sheet_filename

        if self.store is None:  # type: ignore[attr-defined]
            self._no_store()  # type: ignore[attr-defined]
            return
        path = self.export_dir() / sheet_filename(kind)  # type: ignore[attr-defined]
        case = self.current  # type: ignore[attr-defined]
        self._write_sheet(kind, path, case.ref if case is not None else None,
                          self.read_only is not None)  # type: ignore[attr-defined]

    @work(thread=True, group="store-write")
    def _write_sheet(self, kind: str, path: Path, ref: str | None, read_only: bool) -> None:
        from harcelement_tui.core.export import write_private_file
        from harcelement_tui.core.sheets import PARENTS_LOGGED, PUPIL_LOGGED, sheet_bytes

        store = self.store  # type: ignore[attr-defined]
        name = SHEET_NAMES[kind]
        try:
            payload = sheet_bytes(kind, self._town_sheets(), self.town, self.config)  # type: ignore[attr-defined]
            write_private_file(path, payload, force=True)
        except UserError as error:
            self.call_from_thread(self.notify, str(error), title=f"{name} impossible",  # type: ignore[attr-defined]
                                  severity="error", markup=False, timeout=10)
            return
        message = f"{name} écrite : {path}"
        if ref is not None and read_only:
            message += f" ; lecture seule : non notée dans le cas {ref}"
        elif ref is not None:
            step = self._town_sheets().parents.step if kind == "parents" else None
            what = PARENTS_LOGGED if kind == "parents" else PUPIL_LOGGED
            try:
                before = store.get(ref)
                case = store.record_document(ref, f"{what} (fichier {path})", step)
            except UserError as error:
                self.call_from_thread(self.notify, f"{message}. Non noté dans le cas {ref} : {error}",  # type: ignore[attr-defined]
                                      severity="warning", markup=False, timeout=10)
                return
            message += f" ; noté dans le cas {ref}"
            if step is not None and step not in before.steps:
                message += f" (étape cochée : {store.step_label(step)})"
            self.call_from_thread(self._saved, case)  # type: ignore[attr-defined]
            self.call_from_thread(self.record_access, case, "fiche", str(path))  # type: ignore[attr-defined]
        self.call_from_thread(self.notify, message + ".", markup=False, timeout=8)  # type: ignore[attr-defined]
