"""What the console does with a case (``CaseRequested``): each action opens its form or modal,
wired to the store.

The modals know nothing of the store: each gets a ``save`` callable, which they run off the UI
thread; what it returns (the updated case) comes back through
:meth:`~harcelement_tui.ui.console.ConsoleApp.show_saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harcelement_tui.core.applicability import applies
from harcelement_tui.core.model import FIELD_LABELS, Case, describe_value
from harcelement_tui.core.retention import purged_notice
from harcelement_tui.core.store import ConflictError
from harcelement_tui.ui import strings
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.controllers.people import PeopleController
from harcelement_tui.ui.controllers.sharing import SharingController
from harcelement_tui.ui.messages import CaseAction
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.modals import EvidenceModal, FollowUpModal, NoteModal, StatusModal
from harcelement_tui.ui.screens.saving import EditConflict

# The name of the installed case view screen.
CASE_VIEW = "case-view"


class CaseController:
    """Opens, creates and changes cases for the app; export, report and people go to their own
    controllers."""

    def __init__(self, app: ConsoleApp, sharing: SharingController, people: PeopleController) -> None:
        self.app = app
        self.handlers: dict[CaseAction, Callable[[Case], None]] = {
            "open": self.open,
            "note": self.note,
            "evidence": self.evidence,
            "edit": self.edit,
            "status": self.status,
            "follow_up": self.follow_up,
            "people": people.show,
            "export": sharing.export,
            "report": sharing.report,
        }

    def request(self, action: CaseAction, ref: str | None = None) -> None:
        """Carry out ``action`` on case ``ref`` (``None``: the current case)."""
        app = self.app
        if action != "open" and app.refuse_if_read_only():
            return
        if action == "new":
            self.new()
            return
        case = app.case_for(ref)
        if case is None:
            return
        if case.purged:
            app.notify(purged_notice(case), title=strings.PURGED_TITLE.format(ref=case.ref), timeout=10)
            return
        self.handlers[action](case)

    def _said_saved(self, said: str) -> Callable[[Case | None], None]:
        """A callback saying what was saved: ``said`` takes the case's ``ref`` (« Note enregistrée
        dans le cas 2026-001. »)."""

        def saved(case: Case | None) -> None:
            if case is not None:
                self.app.show_saved(case)
                self.app.notify(said.format(ref=case.ref), markup=False)

        return saved

    def new(self) -> None:
        app = self.app
        if app.store is None:
            app.no_store()
            return
        store = app.store

        def opened(case: Case | None) -> None:
            if case is not None:
                app.main_screen.query_one(CasesPane).follow_case(case.ref)
                app.show_saved(case)
                self.open(case)

        app.push_screen(CaseFormScreen(app.town, lambda fields: store.create_case(**fields), today=app.today),
                        opened)

    def open(self, case: Case) -> None:
        app = self.app
        current = app.current
        ticked = [pane.ticked for pane in app.main_screen.query(ParentsPane)]
        if current is not None and current.ref != case.ref and ticked and ticked[0]:
            # The ticks belong to the call about the current case: changing case would drop them.
            question = strings.open_and_lose_ticks(len(ticked[0]), current.ref, case.ref)

            def answered(go: bool | None) -> None:
                if go:
                    self._open_now(case)

            app.push_screen(ConfirmModal(question, strings.OPEN, strings.STAY, default=False,
                                         title=strings.CALL_NOT_SAVED_TITLE), answered)
            return
        self._open_now(case)

    def _open_now(self, case: Case) -> None:
        app = self.app
        app.set_current(case, opening=True)
        screen = app.screen
        if isinstance(screen, CaseViewScreen) and screen.case.ref == case.ref:
            return
        app.record_access(case, "consulte")
        # One case view, built once and kept (installed) between openings: opening a case then
        # only redraws it (about half the time of building a screen).
        if not app.is_screen_installed(CASE_VIEW):
            app.install_screen(CaseViewScreen(case, app.town), CASE_VIEW)
        installed = app.get_screen(CASE_VIEW)
        assert isinstance(installed, CaseViewScreen)
        view: CaseViewScreen = installed
        if installed in app.screen_stack:
            # Opened from a modal over the case view: back to it, showing this case.
            while app.screen is not installed:
                app.pop_screen()
            view.show_case(case)
            return
        if view.is_mounted:
            view.show_case(case)
        else:
            view.case = case
        app.push_screen(view)

    def note(self, case: Case) -> None:
        store = self.app.store
        assert store is not None
        self.app.push_screen(NoteModal(lambda text: store.add_note(case.ref, text),
                                       title=strings.NOTE_TITLE.format(ref=case.ref, pupil=case.pupil)),
                             self._said_saved(strings.NOTE_SAVED))

    def evidence(self, case: Case) -> None:
        store = self.app.store
        assert store is not None
        self.app.push_screen(EvidenceModal(lambda fields: store.add_evidence(case.ref, **fields),
                                           title=strings.EVIDENCE_TITLE.format(ref=case.ref)),
                             self._said_saved(strings.EVIDENCE_SAVED))

    def status(self, case: Case) -> None:
        store = self.app.store
        assert store is not None

        def saved(new: Case | None) -> None:
            self.app.after_save(new)
            if new is not None and new.status == "clos" and case.status != "clos":
                self._offer_postvention(new)

        self.app.push_screen(StatusModal(lambda status: store.set_status(case.ref, status), case.status,
                                         title=strings.STATUS_TITLE.format(ref=case.ref)), saved)

    def _offer_postvention(self, case: Case) -> None:
        """Closing a case: plan the postvention (content's ``after_closing``) unless done or not
        applying; Enter accepts the date offered, an empty field plans none."""
        app = self.app
        step = app.town.postvention_step
        if step is None or case.step_done(step.id) or not applies(case, step):
            return
        store = app.store
        assert store is not None and step.after_closing is not None
        offered = (app.now().date() + step.after_closing.delta).isoformat()
        app.push_screen(FollowUpModal(lambda when: store.set_postvention(case.ref, when), case.postvention,
                                      title=strings.POSTVENTION_TITLE.format(ref=case.ref),
                                      label=strings.POSTVENTION_LABEL, empty=strings.POSTVENTION_NONE,
                                      proposed=offered),
                        app.after_save)

    def follow_up(self, case: Case) -> None:
        self.app.push_screen(FollowUpModal(self._guarded_update(case, "follow_up"), case.follow_up,
                                           title=strings.FOLLOW_UP_TITLE.format(ref=case.ref)), self.app.after_save)

    def edit(self, case: Case) -> None:
        self.app.push_screen(CaseFormScreen(self.app.town, self._guarded_update(case), case=case,
                                            today=self.app.today), self.app.after_save)

    def _guarded_update(self, case: Case, single: str | None = None) -> Callable[[Any], Case]:
        """A save callable for edits of ``case`` as read: a field changed meanwhile is refused, and
        the message gives the new value (the form keeps what the user typed)."""
        app = self.app
        store = app.store
        assert store is not None
        base = [case]  # the version the user's changes apply to (the newer one after a conflict)

        def save(value: Any) -> Case:
            fields = {single: value} if single else dict(value)
            try:
                return store.update_fields(case.ref, expected_version=base[0].version, **fields)
            except ConflictError as conflict:
                base[0] = conflict.case
                app.call_from_thread(app.show_saved, conflict.case)
                news = "; ".join(strings.NOW_WORTH.format(field=FIELD_LABELS.get(name, name),
                                                          value=describe_value(name, getattr(conflict.case, name)))
                                 for name in conflict.fields)
                others = {name: value for name, value in fields.items() if name not in conflict.fields}
                raise EditConflict(f"{conflict} ({news})", field=single or conflict.field,
                                   case=conflict.case, others=others) from None

        return save
