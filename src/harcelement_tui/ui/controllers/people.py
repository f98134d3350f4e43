"""What the console does with the people of a case (``PersonRequested``): the list (``i`` in the
case view) and its forms, wired to the store's people methods."""

from __future__ import annotations

from typing import Any

from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case, Person, ValidationError
from harcelement_tui.core.store import CaseStore, ConflictError
from harcelement_tui.ui import strings
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.messages import PersonAction
from harcelement_tui.ui.screens.people import LinesModal, PeopleScreen, PersonModal
from harcelement_tui.ui.screens.saving import DATE_HINT, DATETIME_HINT, parse_date, parse_local_datetime


class PeopleController:
    """The people of a case, for the app."""

    def __init__(self, app: ConsoleApp) -> None:
        self.app = app

    def show(self, case: Case) -> None:
        """``i`` in the case view: the case's people."""
        self.app.push_screen(PeopleScreen(case, self.app.town))

    def _people_screens(self) -> list[PeopleScreen]:
        return [screen for screen in self.app.screen_stack if isinstance(screen, PeopleScreen)]

    def request(self, action: PersonAction, ref: str, person_id: str | None) -> None:
        """``add``, ``edit``, ``hearing`` or ``parents`` for person ``person_id`` of case ``ref``."""
        app = self.app
        if app.refuse_if_read_only():
            return
        current = app.current
        case = current if current is not None and current.ref == ref else app.case_for(ref)
        if case is None or app.store is None:
            return
        store = app.store
        if action == "add":
            self._add_person(case, store)
            return
        person = next((p for p in case.people if p.id == person_id), None)
        if person is None:
            app.notify(strings.PERSON_GONE, severity="error")
            return
        {"edit": self._person_edit, "hearing": self._person_hearing,
         "parents": self._person_parents}[action](case, person, store)

    def _add_person(self, case: Case, store: CaseStore) -> None:
        has_victim = any(person.role == "victime" for person in case.people)
        suggest = None if has_victim else (case.pupil, case.class_group, case.is_minor)
        role = "victime" if not has_victim else "auteur"

        def added(saved: Case | None) -> None:
            if saved is not None:
                self.app.show_saved(saved)
                for screen in self._people_screens():
                    screen.select(saved.people[-1].id)

        self.app.push_screen(PersonModal(self.app.town, lambda fields: store.add_person(case.ref, **fields),
                                         title=strings.NEW_PERSON_TITLE.format(ref=case.ref), role=role,
                                         suggest=suggest),
                             added)

    def _person_edit(self, case: Case, person: Person, store: CaseStore) -> None:
        base = [case]  # the version the user's changes apply to (the newer one after a conflict)

        def save(fields: dict[str, Any]) -> Case:
            try:
                return store.update_person(case.ref, person.id, expected_version=base[0].version, **fields)
            except ConflictError as conflict:
                # Said once; saving again applies what the form shows to the newer version.
                base[0] = conflict.case
                self.app.call_from_thread(self.app.show_saved, conflict.case)
                raise ValidationError(str(conflict), field=conflict.field) from None

        role = self.app.town.role(person.role).label
        self.app.push_screen(PersonModal(self.app.town, save, person=person,
                                         title=strings.EDIT_PERSON_TITLE.format(role=role, ref=case.ref)),
                             self.app.after_save)

    def _person_hearing(self, case: Case, person: Person, store: CaseStore) -> None:
        # In this machine's time zone, as the form reads what is typed (parse_local_datetime).
        now = self.app.now().astimezone()

        def save(values: dict[str, str]) -> Case:
            heard_at = parse_local_datetime(values["heard_at"], "heard_at", strings.HEARD_AT)
            return store.record_hearing(case.ref, person.id, heard_at=heard_at, heard_by=values["heard_by"],
                                        note=values["note"])

        fields = [("heard_at", f"{strings.HEARD_AT} *", DATETIME_HINT, now.strftime("%d/%m/%Y %H:%M")),
                  ("heard_by", f"{strings.HEARD_BY} *", strings.HEARD_BY_HINT, store.user),
                  ("note", strings.NOTE, strings.NOTE_HINT, "")]
        label = self.app.town.role(person.role).label
        self.app.push_screen(LinesModal(save, fields, title=strings.HEARING_TITLE.format(ref=case.ref),
                                        required=("heard_at", "heard_by"),
                                        preface=strings.PERSON_PREFACE.format(role=label, name=person.name)),
                             self.app.after_save)

    def _person_parents(self, case: Case, person: Person, store: CaseStore) -> None:
        def save(values: dict[str, str]) -> Case:
            on = parse_date(values["parents_informed_on"], "parents_informed_on", strings.INFORMED_ON)
            return store.record_parents_informed(case.ref, person.id, on=on, how=values["parents_informed_how"])

        on = format_user_date(person.parents_informed_on) if person.parents_informed_on else \
            self.app.now().astimezone().strftime("%d/%m/%Y")
        fields = [("parents_informed_on", f"{strings.INFORMED_ON} *", DATE_HINT, on),
                  ("parents_informed_how", f"{strings.INFORMED_HOW} *", strings.INFORMED_HOW_HINT,
                   person.parents_informed_how)]
        label = self.app.town.role(person.role).label
        self.app.push_screen(LinesModal(save, fields, title=strings.PARENTS_INFORMED_TITLE.format(ref=case.ref),
                                        required=("parents_informed_on", "parents_informed_how"),
                                        preface=strings.PERSON_PREFACE.format(role=label, name=person.name)),
                             self.app.after_save)
