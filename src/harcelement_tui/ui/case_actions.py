"""What the console does with a case: each action opens its form or modal, wired to the store.

A mixin of :class:`harcelement_tui.ui.app.HarcelementApp`. The modals know nothing of the store:
each gets a ``save`` callable, which they run off the UI thread; what it returns (the updated case)
comes back through :meth:`CaseActions._saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from harcelement_tui.core.access_log import share_action
from harcelement_tui.core.applicability import applies, next_time, skip_reason
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.model import FIELD_LABELS, Case, describe_value
from harcelement_tui.core.store import ConflictError

# The panes, windows and documents are imported where they are used: the console's first screen
# is drawn before they are needed (see HarcelementApp.on_mount).

if TYPE_CHECKING:
    from harcelement_tui.core.store import CaseStore

NO_CURRENT_CASE = "Aucun cas en cours : ouvrez un cas dans l'onglet 4 (Cas, puis Entrée)."


# The name of the installed case view screen.
CASE_VIEW = "case-view"


class CaseActions:
    """Case actions for the app (mixin: expects ``store``, ``town``, ``current``, ``today``)."""

    store: CaseStore | None
    current: Case | None

    # -- helpers ---------------------------------------------------------------------------------

    def _case_for(self, ref: str | None) -> Case | None:
        from harcelement_tui.ui.panes.cases import CasesPane

        if self.store is None:
            self._no_store()
            return None
        if ref is None:
            if self.current is None:
                self.notify(NO_CURRENT_CASE, severity="warning")  # type: ignore[attr-defined]
            return self.current
        # The list read by the last (background) load: no file access on the UI thread. Edits
        # check the version they started from; notes and ticks apply to the latest stored case.
        listed = self.main_screen.query_one(CasesPane).by_ref(ref)  # type: ignore[attr-defined]
        if listed is None:
            self.notify(f"Cas introuvable : « {ref} ».", severity="error", markup=False)  # type: ignore[attr-defined]
        return listed

    def _no_store(self) -> None:
        if getattr(self, "loading", False):
            self.notify("Les cas sont en cours de chargement ; réessayez dans un instant.",  # type: ignore[attr-defined]
                        severity="warning")
        else:
            self.notify("Aucun fichier des cas n'est ouvert.", severity="error")  # type: ignore[attr-defined]

    def _after_save(self, case: Case | None) -> None:
        if case is not None:
            self._saved(case)  # type: ignore[attr-defined]

    def _said_saved(self, what: str) -> Callable[[Case | None], None]:
        """A callback showing ``what`` was saved (« Note enregistrée dans le cas 2026-001. »)."""

        def saved(case: Case | None) -> None:
            if case is not None:
                self._saved(case)  # type: ignore[attr-defined]
                self.notify(f"{what} enregistrée dans le cas {case.ref}.", markup=False)  # type: ignore[attr-defined]

        return saved

    def _push(self, screen, callback: Callable[[Any], None] | None = None) -> None:
        self.push_screen(screen, callback or self._after_save)  # type: ignore[attr-defined]

    # -- the actions -------------------------------------------------------------------------------

    read_only: str | None = None
    """Why nothing can be saved (the console then only shows cases), or ``None``."""

    def refuse_if_read_only(self) -> bool:
        """True (after saying why) when the console is read-only and a change was asked."""
        if self.read_only is None:
            return False
        self.notify(f"Lecture seule : {self.read_only}. Rien ne peut être enregistré ; "  # type: ignore[attr-defined]
                    "les cas restent consultables.", title="Lecture seule", severity="warning", timeout=8)
        return True

    def case_action(self, action: str, ref: str | None = None) -> None:
        """Carry out ``action`` on case ``ref`` (``None``: the current case)."""
        from harcelement_tui.core.retention import purged_notice

        if action != "open" and self.refuse_if_read_only():
            return
        if action == "new":
            self._new_case()
            return
        case = self._case_for(ref)
        if case is None:
            return
        if case.purged:
            self.notify(purged_notice(case), title=f"Cas {case.ref} purgé", timeout=10)  # type: ignore[attr-defined]
            return
        handler = getattr(self, f"_action_{action}")
        handler(case)

    def _new_case(self) -> None:
        from harcelement_tui.ui.panes.cases import CasesPane
        from harcelement_tui.ui.screens.forms import CaseFormScreen

        if self.store is None:
            self._no_store()
            return
        store = self.store

        def opened(case: Case | None) -> None:
            if case is not None:
                self.main_screen.query_one(CasesPane).follow_case(case.ref)  # type: ignore[attr-defined]
                self._saved(case)  # type: ignore[attr-defined]
                self._action_open(case)

        self._push(CaseFormScreen(self.town, lambda fields: store.create_case(**fields),  # type: ignore[attr-defined]
                                  today=self.today), opened)  # type: ignore[attr-defined]

    def _action_open(self, case: Case) -> None:
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.screens.modals import ConfirmModal

        current = self.current
        ticked = [pane.ticked for pane in self.main_screen.query(ParentsPane)]  # type: ignore[attr-defined]
        if current is not None and current.ref != case.ref and ticked and ticked[0]:
            # The ticks belong to the call about the current case: changing case would drop them.
            question = (f"{len(ticked[0])} point(s) de l'appel aux parents du cas {current.ref} sont cochés, "
                        "mais l'appel n'est pas enregistré (a dans l'onglet Parents). Ouvrir le cas "
                        f"{case.ref} quand même ? Les points cochés seront perdus.")

            def answered(go: bool | None) -> None:
                if go:
                    self._open_now(case)

            self.push_screen(ConfirmModal(question, "Ouvrir", "Rester", default=False,  # type: ignore[attr-defined]
                                          title="Appel non enregistré"), answered)
            return
        self._open_now(case)

    def _open_now(self, case: Case) -> None:
        from harcelement_tui.ui.screens.case_view import CaseViewScreen

        self.set_current(case)  # type: ignore[attr-defined]
        screen = self.screen  # type: ignore[attr-defined]
        if isinstance(screen, CaseViewScreen) and screen.case.ref == case.ref:
            return
        self.record_access(case, "consulte")  # type: ignore[attr-defined]
        # One case view, built once and kept (installed) between openings: opening a case then
        # only redraws it (about half the time of building a screen).
        if not self.is_screen_installed(CASE_VIEW):  # type: ignore[attr-defined]
            self.install_screen(CaseViewScreen(case, self.town), CASE_VIEW)  # type: ignore[attr-defined]
        view = self.get_screen(CASE_VIEW)  # type: ignore[attr-defined]
        if view in self.screen_stack:  # type: ignore[attr-defined]
            # Opened from a modal over the case view: back to it, showing this case.
            while self.screen is not view:  # type: ignore[attr-defined]
                self.pop_screen()  # type: ignore[attr-defined]
            view.show_case(case)
            return
        if view.is_mounted:
            view.show_case(case)
        else:
            view.case = case
        self.push_screen(view)  # type: ignore[attr-defined]

    def _action_note(self, case: Case) -> None:
        from harcelement_tui.ui.screens.modals import NoteModal

        store = self.store
        assert store is not None
        self._push(NoteModal(lambda text: store.add_note(case.ref, text),
                             title=f"Note · cas {case.ref} · {case.pupil}"), self._said_saved("Note"))

    def _action_evidence(self, case: Case) -> None:
        from harcelement_tui.ui.screens.modals import EvidenceModal

        store = self.store
        assert store is not None
        self._push(EvidenceModal(lambda fields: store.add_evidence(case.ref, **fields),
                                 title=f"Nouvelle preuve · cas {case.ref}"), self._said_saved("Preuve"))

    def _action_status(self, case: Case) -> None:
        from harcelement_tui.ui.screens.modals import StatusModal

        store = self.store
        assert store is not None

        def saved(new: Case | None) -> None:
            self._after_save(new)
            if new is not None and new.status == "clos" and case.status != "clos":
                self._offer_postvention(new)

        self._push(StatusModal(lambda status: store.set_status(case.ref, status), case.status,
                               title=f"Statut du cas {case.ref}"), saved)

    def _offer_postvention(self, case: Case) -> None:
        """Closing a case: plan the postvention (content's ``after_closing``) unless done or not
        applying; Enter accepts the date offered, an empty field plans none."""
        from harcelement_tui.ui.screens.modals import FollowUpModal

        step = self.town.postvention_step  # type: ignore[attr-defined]
        if step is None or case.step_done(step.id) or not applies(case, step):
            return
        store = self.store
        assert store is not None and step.after_closing is not None
        offered = (self.now().date() + step.after_closing.delta).isoformat()  # type: ignore[attr-defined]
        self._push(FollowUpModal(lambda when: store.set_postvention(case.ref, when), case.postvention,
                                 title=f"Cas {case.ref} clos · postvention (information aux parents)",
                                 label="Postvention le", empty="aucune", proposed=offered))

    # -- procedure steps (Procédure tab) ----------------------------------------------------------

    def toggle_step(self, step_id: str) -> None:
        """Space on a step of the current case: tick it (asking content's question, if any), tick a
        repeated step anew when its next time has come, or untick it."""
        from harcelement_tui.ui.screens.modals import NoteModal

        target = self._current_for_change()
        if target is None:
            return
        case, store = target
        step = self.town.step(step_id)  # type: ignore[attr-defined]
        record = case.steps.get(step_id)
        again = record is not None and step.repeat is not None and \
            (next_time(step, record) or date.max) <= self.now().date()  # type: ignore[attr-defined]
        if record is not None and not again:
            self.run_store_call(lambda: store.set_step(case.ref, step_id, False))  # type: ignore[attr-defined]
            return
        reason = skip_reason(case, step)
        if reason is not None:
            self.notify(f"Étape sans objet pour ce cas ({reason}) : o pour la remettre en vigueur.",  # type: ignore[attr-defined]
                        severity="warning", markup=False)
            return
        if step.ask:
            self._push(NoteModal(lambda note: store.set_step(case.ref, step_id, True, note, again=again),
                                 title=f"Étape cochée · cas {case.ref}", preface=" ".join(step.text.split()),
                                 allow_empty=True, label=step.ask, placeholder="Entrée seule : sans précision"))
            return
        self.run_store_call(lambda: store.set_step(case.ref, step_id, True, again=again))  # type: ignore[attr-defined]

    def skip_step(self, step_id: str) -> None:
        """``o`` on a step: declare it "sans objet" for the current case (a reason is asked), or make
        it apply again."""
        from harcelement_tui.ui.screens.modals import NoteModal

        target = self._current_for_change()
        if target is None:
            return
        case, store = target
        step = self.town.step(step_id)  # type: ignore[attr-defined]
        if step_id in case.not_applicable:
            self.run_store_call(lambda: store.set_not_applicable(case.ref, step_id, None))  # type: ignore[attr-defined]
            return
        reason = skip_reason(case, step)
        if reason is not None:
            self.notify(f"Cette étape est sans objet d'elle-même ({reason}) : elle ne concerne qu'un "  # type: ignore[attr-defined]
                        "élève mineur (champ Mineur de la fiche du cas).", severity="warning", markup=False)
            return
        if step_id in case.steps:
            self.notify("Cette étape est cochée : décochez-la (Espace) avant de la déclarer sans objet.",  # type: ignore[attr-defined]
                        severity="warning")
            return
        self._push(NoteModal(lambda text: store.set_not_applicable(case.ref, step_id, text),
                             title=f"Étape sans objet · cas {case.ref}", preface=" ".join(step.text.split()),
                             label="Raison", placeholder="Pourquoi l'étape ne s'applique pas à ce cas"))

    def _action_follow_up(self, case: Case) -> None:
        from harcelement_tui.ui.screens.modals import FollowUpModal

        self._push(FollowUpModal(self._guarded_update(case, "follow_up"), case.follow_up,
                                 title=f"Prochain suivi · cas {case.ref}"))

    def _action_edit(self, case: Case) -> None:
        from harcelement_tui.ui.screens.forms import CaseFormScreen

        self._push(CaseFormScreen(self.town, self._guarded_update(case), case=case,  # type: ignore[attr-defined]
                                  today=self.today))  # type: ignore[attr-defined]

    def _guarded_update(self, case: Case, single: str | None = None) -> Callable[[Any], Case]:
        """A save callable for edits of ``case`` as read: a field changed meanwhile is refused, and
        the message gives the new value (the form keeps what the user typed)."""
        from harcelement_tui.ui.screens.saving import EditConflict

        store = self.store
        assert store is not None
        base = [case]  # the version the user's changes apply to (the newer one after a conflict)

        def save(value: Any) -> Case:
            fields = {single: value} if single else dict(value)
            try:
                return store.update_fields(case.ref, expected_version=base[0].version, **fields)
            except ConflictError as conflict:
                base[0] = conflict.case
                self.call_from_thread(self._saved, conflict.case)  # type: ignore[attr-defined]
                news = "; ".join(f"{FIELD_LABELS.get(name, name)} vaut maintenant "
                                 f"{describe_value(name, getattr(conflict.case, name))}"
                                 for name in conflict.fields)
                others = {name: value for name, value in fields.items() if name not in conflict.fields}
                raise EditConflict(f"{conflict} ({news})", field=single or conflict.field,
                                   case=conflict.case, others=others) from None

        return save

    # -- calls and contacts (Parents and Contacts tabs) --------------------------------------------

    def _current_for_change(self) -> tuple[Case, CaseStore] | None:
        """The current case and the store to change it in, or ``None`` after saying why not."""
        if self.refuse_if_read_only():
            return None
        case = self._case_for(None)
        if case is None or self.store is None:
            return None
        return case, self.store

    def log_call(self, points) -> None:
        """Log the call to the parents (kind ``appel``) with the points ticked and a note."""
        from harcelement_tui.ui.screens.modals import NoteModal

        target = self._current_for_change()
        if target is None:
            return
        case, store = target
        said = [f"- {point.text}" for point in points]
        preface = "Points abordés :\n" + "\n".join(said) if said else "Aucun point coché."

        def save(note: str) -> Case:
            text = "Appel aux parents."
            if said:
                text += " Points abordés :\n" + "\n".join(said)
            if note:
                text += f"\nNote : {note}"
            return store.log_call(case.ref, text, (step for point in points for step in point.steps))

        def logged(saved: Case | None) -> None:
            if saved is not None:
                self._saved(saved)  # type: ignore[attr-defined]
                self.main_screen.query_one("#parents-pane").call_logged()  # type: ignore[attr-defined]
                self.notify(f"Appel enregistré dans le cas {saved.ref}.{_ticked(case, saved)}",  # type: ignore[attr-defined]
                            markup=False)

        self._push(NoteModal(save, title=f"Appel aux parents · cas {case.ref}", preface=preface,
                             allow_empty=True, label="Note sur l'appel", placeholder="Ce qui a été dit, convenu…"),
                   logged)

    def log_contact(self, contact_id: str) -> None:
        """Log that a service was contacted (kind ``contact``, with its id) with an optional note."""
        from harcelement_tui.ui.screens.modals import NoteModal

        target = self._current_for_change()
        if target is None:
            return
        case, store = target
        contact = self.town.contact(contact_id)  # type: ignore[attr-defined]

        def save(note: str) -> Case:
            text = f"Contact : {contact.name}" + (f". {note}" if note else "")
            return store.log_contact(case.ref, contact_id, text)

        def logged(saved: Case | None) -> None:
            if saved is not None:
                self._saved(saved)  # type: ignore[attr-defined]
                self.notify(f"Contact avec {contact.name} noté dans le cas {saved.ref}.{_ticked(case, saved)}",  # type: ignore[attr-defined]
                            markup=False)

        self._push(NoteModal(save, title=f"Contact : {contact.name} · cas {case.ref}", allow_empty=True,
                             label="Note", placeholder="Qui a répondu, ce qui a été convenu…"), logged)

    # -- export and report -------------------------------------------------------------------

    def export_dir(self) -> Path:
        """Exports and reports go beside the data file, in ``exports/`` (created 0700; 2770 in a
        team directory)."""
        assert self.store is not None
        return self.store.path.parent / "exports"

    def _action_export(self, case: Case) -> None:
        self._share(case, "export")

    def _action_report(self, case: Case) -> None:
        self._share(case, "report")

    def _share(self, case: Case, what: str) -> None:
        """``x`` / ``r``: ask full or pseudonymised, then (asking before replacing a file) write."""
        from harcelement_tui.core.export import export_filename
        from harcelement_tui.core.pseudonym import initials
        from harcelement_tui.core.report import REPORT_FORMATS, report_filename
        from harcelement_tui.ui.screens.modals import ConfirmModal, ShareChoiceModal

        title = f"Rapport du cas {case.ref}" if what == "report" else f"Exporter le cas {case.ref}"
        formats: tuple[str, ...] = ()
        if what == "report":
            # The configured format first; the other one is a key away (f).
            first = self.config.report_format  # type: ignore[attr-defined]
            formats = (first, *(f for f in REPORT_FORMATS if f != first))
        choice = ShareChoiceModal(title=title, pupil_initials=initials(case.pupil), formats=formats,
                                  po_update=what == "report" and self.town.po_step is not None,  # type: ignore[attr-defined]
                                  encrypt=what == "export")

        def chosen(pseudonymised: bool | str | None) -> None:
            if pseudonymised is None:
                return
            if pseudonymised == "encrypted":
                self._ask_passphrase(case, title)
                return
            fmt, since_po = choice.fmt, choice.since_po
            if what == "report":
                name = report_filename(case.ref, pseudonymised=pseudonymised, fmt=fmt, since_po=since_po)
            else:
                name = export_filename(case.ref, pseudonymised=pseudonymised)
            path = self.export_dir() / name
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

            again = "un nouveau rapport" if what == "report" else "un nouvel export"
            self.push_screen(ConfirmModal(f"Ce fichier existe déjà :\n{path}\nLe remplacer par {again} ?",  # type: ignore[attr-defined]
                                          "Remplacer", "Annuler", default=False, title=title), answered)

        self.push_screen(choice, chosen)  # type: ignore[attr-defined]

    def _ask_passphrase(self, case: Case, title: str) -> None:
        """The encrypted export: a passphrase typed twice, then the full export, encrypted."""
        from harcelement_tui.core.encryption import SUFFIX, encrypt
        from harcelement_tui.core.export import export_filename
        from harcelement_tui.ui.screens.modals import ConfirmModal
        from harcelement_tui.ui.screens.passphrase import PassphraseModal

        path = self.export_dir() / (export_filename(case.ref) + SUFFIX)

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
            self.push_screen(ConfirmModal(f"Ce fichier existe déjà :\n{path}\nLe remplacer par un nouvel export ?",  # type: ignore[attr-defined]
                                          "Remplacer", "Annuler", default=False, title=title),
                             lambda replace: write(True) if replace else None)

        self.push_screen(PassphraseModal(title=f"{title} (chiffré)"), typed)  # type: ignore[attr-defined]

    @work(thread=True, group="store-write")
    def _write_share(self, what: str, ref: str, path: Path, force: bool, pseudonymised: bool,
                     fmt: str = "md", since_po: bool = False,
                     encrypt: Callable[[bytes], bytes] | None = None) -> None:
        """Write the export or report (it includes its own history entry), then log it in the case:
        a file that could not be written is never noted in the history. ``encrypt`` turns the
        export's bytes into the encrypted file's."""
        from harcelement_tui.core.export import dumps, write_private_file
        from harcelement_tui.core.report import render_report

        assert self.store is not None
        store = self.store

        def write_report(case: Case) -> None:
            payload = render_report(case, self.town, fmt=fmt, generated_at=case.timeline[-1].at,  # type: ignore[attr-defined]
                                    author=store.user, school_name=self.config.school_name,  # type: ignore[attr-defined]
                                    pseudonymise=pseudonymised, since_po=since_po)
            write_private_file(path, payload, force=force)

        def seal(payload: bytes) -> bytes:
            return encrypt(payload) if encrypt is not None else payload

        try:
            if what == "report":
                store.record_report(ref, destination=str(path), pseudonymised=pseudonymised, deliver=write_report)
            else:
                store.export_case(ref, destination=str(path), pseudonymise=pseudonymised,
                                  deliver=lambda document: write_private_file(path, seal(dumps(document)),
                                                                              force=force))
        except UserError as error:
            failed = "Rapport impossible" if what == "report" else "Export impossible"
            self.call_from_thread(self.notify, str(error), title=failed,  # type: ignore[attr-defined]
                                  severity="error", markup=False, timeout=10)
            return
        kind = " (pseudonymisé)" if pseudonymised else ""
        kind += " et chiffré" if encrypt is not None else ""
        action = share_action(what, pseudonymised=pseudonymised, encrypted=encrypt is not None)
        self.call_from_thread(self.record_access, store.get(ref), action, str(path))  # type: ignore[attr-defined]
        if what == "report":
            message = f"Rapport{kind} du cas {ref} écrit : {path}"
        else:
            message = f"Cas {ref} exporté{kind} : {path}"
        self.call_from_thread(self.notify, message, markup=False, timeout=8)  # type: ignore[attr-defined]
        self.call_from_thread(self.reload_cases)  # type: ignore[attr-defined]


def _ticked(before: Case, after: Case) -> str:
    """`` 2 étapes de la procédure cochées.`` for the steps a logged call or contact ticked."""
    count = sum(1 for step_id in after.steps if step_id not in before.steps)
    if count == 0:
        return ""
    return " Étape de la procédure cochée." if count == 1 else f" {count} étapes de la procédure cochées."
