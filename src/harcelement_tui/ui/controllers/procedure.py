"""Work on the current case from the tabs: ticking procedure steps (``StepToggled``,
``StepSkipped``), logging the call to the parents (``CallLogged``) and a contact with a service
(``ContactLogged``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from harcelement_tui.core.applicability import next_time, skip_reason
from harcelement_tui.core.content import ParentPoint, Step
from harcelement_tui.core.model import Case
from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui import strings, strings_labels
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.screens.modals import NoteModal


class ProcedureController:
    """Steps, calls and contacts of the current case, for the app."""

    def __init__(self, app: ConsoleApp) -> None:
        self.app = app

    # -- procedure steps (Procédure tab) ----------------------------------------------------------

    def _step_target(self, step_id: str) -> tuple[Case, CaseStore, Step] | None:
        """The current case, the store to change it in and the step, or ``None`` after saying why."""
        target = self.app.current_for_change()
        if target is None:
            return None
        return (*target, self.app.town.step(step_id))

    def toggle_step(self, step_id: str) -> None:
        """Space on a step of the current case: tick it (asking content's question, if any), tick a
        repeated step anew when its next time has come, or untick it."""
        app = self.app
        target = self._step_target(step_id)
        if target is None:
            return
        case, store, step = target
        record = case.steps.get(step_id)
        again = record is not None and step.repeat is not None and \
            (next_time(step, record) or date.max) <= app.now().date()
        if record is not None and not again:
            app.run_store_call(lambda: store.set_step(case.ref, step_id, False))
            return
        reason = skip_reason(case, step)
        if reason is not None:
            app.notify(strings.STEP_NOT_APPLYING.format(reason=reason), severity="warning", markup=False)
            return
        if step.ask:
            app.push_screen(NoteModal(lambda note: store.set_step(case.ref, step_id, True, note, again=again),
                                      title=strings.STEP_TICKED_TITLE.format(ref=case.ref),
                                      preface=" ".join(step.text.split()), allow_empty=True, label=step.ask,
                                      placeholder=strings.STEP_NOTE_PLACEHOLDER),
                            app.after_save)
            return
        app.run_store_call(lambda: store.set_step(case.ref, step_id, True, again=again))

    def skip_step(self, step_id: str) -> None:
        """``o`` on a step: declare it "sans objet" for the current case (a reason is asked), or make
        it apply again."""
        app = self.app
        target = self._step_target(step_id)
        if target is None:
            return
        case, store, step = target
        if step_id in case.not_applicable:
            app.run_store_call(lambda: store.set_not_applicable(case.ref, step_id, None))
            return
        reason = skip_reason(case, step)
        if reason is not None:
            app.notify(strings.STEP_SKIPS_ITSELF.format(reason=reason), severity="warning", markup=False)
            return
        if step_id in case.steps:
            app.notify(strings.STEP_TICKED_FIRST, severity="warning")
            return
        app.push_screen(NoteModal(lambda text: store.set_not_applicable(case.ref, step_id, text),
                                  title=strings.STEP_SKIPPED_TITLE.format(ref=case.ref),
                                  preface=" ".join(step.text.split()), label=strings.REASON,
                                  placeholder=strings.REASON_PLACEHOLDER),
                        app.after_save)

    # -- calls and contacts (Parents and Contacts tabs) --------------------------------------------

    def log_call(self, points: Sequence[ParentPoint]) -> None:
        """Log the call to the parents (kind ``appel``) with the points ticked and a note."""
        app = self.app
        target = app.current_for_change()
        if target is None:
            return
        case, store = target
        said = [f"- {point.text}" for point in points]
        preface = strings.POINTS_SAID + "\n" + "\n".join(said) if said else strings.NO_POINT_TICKED

        def save(note: str) -> Case:
            text = strings_labels.CALL_TEXT
            if said:
                text += strings_labels.CALL_POINTS.format(points="\n".join(said))
            if note:
                text += strings_labels.CALL_NOTE.format(note=note)
            return store.log_call(case.ref, text, (step for point in points for step in point.steps))

        def logged(saved: Case | None) -> None:
            if saved is not None:
                app.show_saved(saved)
                app.main_screen.query_one(ParentsPane).call_logged()
                app.notify(strings.CALL_LOGGED.format(ref=saved.ref) + _ticked(case, saved), markup=False)

        app.push_screen(NoteModal(save, title=strings.CALL_TITLE.format(ref=case.ref), preface=preface,
                                  allow_empty=True, label=strings.CALL_NOTE_LABEL,
                                  placeholder=strings.CALL_NOTE_PLACEHOLDER), logged)

    def log_contact(self, contact_id: str) -> None:
        """Log that a service was contacted (kind ``contact``, with its id) with an optional note."""
        app = self.app
        target = app.current_for_change()
        if target is None:
            return
        case, store = target
        contact = app.town.contact(contact_id)

        def save(note: str) -> Case:
            text = strings_labels.CONTACT_TEXT.format(name=contact.name)
            if note:
                text = strings_labels.CONTACT_NOTE.format(text=text, note=note)
            return store.log_contact(case.ref, contact_id, text)

        def logged(saved: Case | None) -> None:
            if saved is not None:
                app.show_saved(saved)
                app.notify(strings.CONTACT_LOGGED.format(name=contact.name, ref=saved.ref) + _ticked(case, saved),
                           markup=False)

        app.push_screen(NoteModal(save, title=strings.CONTACT_TITLE.format(name=contact.name, ref=case.ref),
                                  allow_empty=True, label=strings.NOTE,
                                  placeholder=strings.CONTACT_NOTE_PLACEHOLDER), logged)


def _ticked(before: Case, after: Case) -> str:
    """`` 2 étapes de la procédure cochées.`` for the steps a logged call or contact ticked."""
    return strings.steps_ticked(sum(1 for step_id in after.steps if step_id not in before.steps))
