"""What the console does with the people of a case (a mixin of the app, beside CaseActions):
the list (``i`` in the case view) and its forms, wired to the store's people methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case, Person, ValidationError
from harcelement_tui.core.store import ConflictError

if TYPE_CHECKING:
    from harcelement_tui.ui.screens.people import PeopleScreen
    from harcelement_tui.core.store import CaseStore


class PeopleActions:
    """Expects the app's ``store``, ``town``, ``current``, ``now()`` and CaseActions' helpers."""

    store: CaseStore | None
    current: Case | None

    def _action_people(self, case: Case) -> None:
        from harcelement_tui.ui.screens.people import PeopleScreen

        self.push_screen(PeopleScreen(case, self.town))  # type: ignore[attr-defined]

    def _people_screens(self) -> list[PeopleScreen]:
        from harcelement_tui.ui.screens.people import PeopleScreen

        return [screen for screen in self.screen_stack if isinstance(screen, PeopleScreen)]  # type: ignore[attr-defined]

    def person_action(self, action: str, ref: str, person_id: str | None) -> None:
        """``add``, ``edit``, ``hearing`` or ``parents`` for person ``person_id`` of case ``ref``."""
        if self.refuse_if_read_only():  # type: ignore[attr-defined]
            return
        current = self.current
        case = current if current is not None and current.ref == ref else self._case_for(ref)  # type: ignore[attr-defined]
        if case is None or self.store is None:
            return
        store = self.store
        if action == "add":
            self._add_person(case, store)
            return
        person = next((p for p in case.people if p.id == person_id), None)
        if person is None:
            self.notify("Cette personne n'est plus dans le cas.", severity="error")  # type: ignore[attr-defined]
            return
        getattr(self, f"_person_{action}")(case, person, store)

    def _add_person(self, case: Case, store: CaseStore) -> None:
        from harcelement_tui.ui.screens.people import PersonModal

        has_victim = any(person.role == "victime" for person in case.people)
        suggest = None if has_victim else (case.pupil, case.class_group, case.is_minor)
        role = "victime" if not has_victim else "auteur"

        def added(saved: Case | None) -> None:
            if saved is not None:
                self._saved(saved)  # type: ignore[attr-defined]
                for screen in self._people_screens():
                    screen.select(saved.people[-1].id)

        self.push_screen(PersonModal(self.town, lambda fields: store.add_person(case.ref, **fields),  # type: ignore[attr-defined]
                                     title=f"Nouvelle personne · cas {case.ref}", role=role, suggest=suggest),
                         added)

    def _person_edit(self, case: Case, person: Person, store: CaseStore) -> None:
        from harcelement_tui.ui.screens.people import PersonModal

        base = [case]  # the version the user's changes apply to (the newer one after a conflict)

        def save(fields: dict[str, Any]) -> Case:
            try:
                return store.update_person(case.ref, person.id, expected_version=base[0].version, **fields)
            except ConflictError as conflict:
                # Said once; saving again applies what the form shows to the newer version.
                base[0] = conflict.case
                self.call_from_thread(self._saved, conflict.case)  # type: ignore[attr-defined]
                raise ValidationError(str(conflict), field=conflict.field) from None

        self.push_screen(PersonModal(self.town, save, person=person,  # type: ignore[attr-defined]
                                     title=f"Modifier · {self.town.role(person.role).label} · cas {case.ref}"),  # type: ignore[attr-defined]
                         self._after_save)  # type: ignore[attr-defined]

    def _person_hearing(self, case: Case, person: Person, store: CaseStore) -> None:
        from harcelement_tui.ui.screens.people import LinesModal
        from harcelement_tui.ui.screens.saving import DATETIME_HINT, parse_local_datetime

        # In this machine's time zone, as the form reads what is typed (parse_local_datetime).
        now = self.now().astimezone()  # type: ignore[attr-defined]

        def save(values: dict[str, str]) -> Case:
            heard_at = parse_local_datetime(values["heard_at"], "heard_at", "Entendu(e) le")
            return store.record_hearing(case.ref, person.id, heard_at=heard_at, heard_by=values["heard_by"],
                                        note=values["note"])

        fields = [("heard_at", "Entendu(e) le *", DATETIME_HINT, now.strftime("%d/%m/%Y %H:%M")),
                  ("heard_by", "Par *", "qui a mené l'entretien", store.user),
                  ("note", "Note", "en quelques mots (facultatif)", "")]
        label = self.town.role(person.role).label  # type: ignore[attr-defined]
        self.push_screen(LinesModal(save, fields, title=f"Audition · cas {case.ref}",  # type: ignore[attr-defined]
                                    required=("heard_at", "heard_by"), preface=f"{label} : {person.name}"),
                         self._after_save)  # type: ignore[attr-defined]

    def _person_parents(self, case: Case, person: Person, store: CaseStore) -> None:
        from harcelement_tui.ui.screens.people import LinesModal
        from harcelement_tui.ui.screens.saving import DATE_HINT, parse_date

        def save(values: dict[str, str]) -> Case:
            on = parse_date(values["parents_informed_on"], "parents_informed_on", "Informés le")
            return store.record_parents_informed(case.ref, person.id, on=on, how=values["parents_informed_how"])

        on = format_user_date(person.parents_informed_on) if person.parents_informed_on else \
            self.now().astimezone().strftime("%d/%m/%Y")  # type: ignore[attr-defined]
        fields = [("parents_informed_on", "Informés le *", DATE_HINT, on),
                  ("parents_informed_how", "Comment *", "téléphone à la mère, courrier, entretien…",
                   person.parents_informed_how)]
        label = self.town.role(person.role).label  # type: ignore[attr-defined]
        self.push_screen(LinesModal(save, fields, title=f"Parents informés · cas {case.ref}",  # type: ignore[attr-defined]
                                    required=("parents_informed_on", "parents_informed_how"),
                                    preface=f"{label} : {person.name}"),
                         self._after_save)  # type: ignore[attr-defined]
