"""The people of a case: the list (``i`` in the case view) and the forms to add or change a
person, record a hearing, and note that the parents were informed.

The screens know nothing of the store: the list asks the app (``person_action``), the forms get a
``save`` callable (see :mod:`harcelement_tui.ui.screens.saving`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.deadlines import DUE_TODAY, OVERDUE, StepDue, step_deadlines, when
from harcelement_tui.core.model import Case, Person, ValidationError
from harcelement_tui.core.people import HEARING_STEP_PREFIX
from harcelement_tui.core.summary import short_datetime
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.messages import PERSON_ACTIONS, PersonAction, PersonRequested
from harcelement_tui.ui.screens.saving import FormErrors, SaveModal, error_line, error_slot
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets.keybar import KeyBar
from harcelement_tui.ui.widgets.fields import TextInput, TickBox

EMPTY_TEXT = strings_labels.NO_PEOPLE


def hearing_dues(case: Case, town: TownContent, now: datetime | None) -> dict[str, StepDue]:
    """Person id -> the deadline to hear them (people not yet heard whose role has one)."""
    if now is None:
        return {}
    return {due.step.id.removeprefix(HEARING_STEP_PREFIX): due for due in step_deadlines(case, town, now)
            if due.step.id.startswith(HEARING_STEP_PREFIX)}


def _due_mark(due: StepDue, now: datetime) -> Content:
    text = strings_labels.HEAR_BY.format(when=when(due, now.date()))
    # A sign and reverse video, not colour alone (as the case view's deadlines).
    if due.state == OVERDUE:
        return Content.assemble((strings_labels.LATE_MARK, "bold reverse $error"), " · ", text)
    if due.state == DUE_TODAY:
        return Content.assemble((strings_labels.TODAY_MARK, "bold $warning"), " · ", text)
    return Content(text)


def person_lines(person: Person, town: TownContent, due: StepDue | None, now: datetime | None) -> Content:
    """Three lines: ``auteur présumé : Tom Martin (3B) · mineur``, heard (or the deadline to hear
    them), parents informed."""
    role = town.role(person.role).label
    # The role's label comes from content, or (an unknown role of an imported case) from the file.
    head = Content.assemble(literal(role, "bold", multiline=False), " : ", literal(person.name, multiline=False))
    if person.class_group:
        head = Content.assemble(head, " (", literal(person.class_group, multiline=False), ")")
    head = Content.assemble(head, strings_labels.IS_MINOR if person.is_minor else strings_labels.IS_ADULT)
    hearing = person.hearings[-1] if person.hearings else None
    if hearing is not None:
        heard = Content.assemble(strings_labels.heard_times(len(person.hearings), short_datetime(hearing.heard_at)),
                                 literal(hearing.heard_by, multiline=False))
    elif due is not None and now is not None:
        heard = _due_mark(due, now)
    else:
        heard = Content(strings_labels.NOT_HEARD_YET)
    if person.parents_informed_on:
        informed_on = strings_labels.PARENTS_INFORMED_ON.format(on=format_user_date(person.parents_informed_on))
        parents = Content.assemble(informed_on, literal(person.parents_informed_how, multiline=False), ")")
    else:
        parents = Content(strings_labels.PARENTS_NOT_INFORMED)
    # A styled span: a plain-text indent at the start of a line would be dropped by the wrapping.
    indent = ("  ", "$text-muted")
    return Content.assemble(head, "\n", indent, heard, "\n", indent, parents)


def render_people(case: Case, town: TownContent, now: datetime | None) -> Content:
    """The case view's Personnes block."""
    lines = [Content.assemble((strings_labels.PEOPLE_HEADING.format(count=len(case.people)), "bold"),
                              (strings_labels.PEOPLE_KEYS, "$text-muted"))]
    if not case.people:
        lines.append(Content.styled(strings_labels.NO_OTHER_PERSON, "italic"))
    dues = hearing_dues(case, town, now)
    lines += [Content.assemble("• ", person_lines(person, town, dues.get(person.id), now))
              for person in case.people]
    return Content("\n").join(lines)


class PeopleScreen(Screen[None]):
    """The people of one case; its keys act on the highlighted person. Kept up to date by the app."""

    BINDINGS: ClassVar = [
        Binding("n", "person('add')", strings_keys.ADD, id="people.add", tooltip=strings_keys.ADD_PERSON_TIP),
        Binding("e", "person('edit')", strings_keys.EDIT, id="people.edit", tooltip=strings_keys.EDIT_PERSON_TIP),
        Binding("a", "person('hearing')", strings_keys.HEARING, id="people.hearing",
                tooltip=strings_keys.HEARING_TIP),
        Binding("i", "person('parents')", strings_keys.PARENTS_INFORMED, id="people.parents",
                tooltip=strings_keys.PARENTS_INFORMED_TIP),
        Binding("escape", "back", strings_keys.BACK, id="people.back", key_display=strings_keys.ESCAPE),
        Binding("q", "app.quit", strings_keys.QUIT, show=False, id="people.quit"),
    ]

    def __init__(self, case: Case, town: TownContent) -> None:
        super().__init__()
        self.case = case
        self.town = town

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Vertical(id="people-body"):
            yield Static(id="people-title")
            yield OptionList(id="people-list", compact=True)
            yield Static(EMPTY_TEXT, id="people-empty", classes="empty-state", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_case(self.case)
        self.query_one("#people-list").focus()

    def _now(self) -> datetime | None:
        now = getattr(self.app, "now", None)
        return now() if now is not None else None

    def refresh_case(self, case: Case) -> None:
        """Show ``case`` (a newer version), keeping the highlighted person."""
        self.case = case
        self.query_one("#people-title", Static).update(Content.assemble(
            (strings_labels.PEOPLE_OF_CASE.format(ref=case.ref), "bold"), strings_labels.TARGETED_PUPIL,
            literal(case.pupil, multiline=False)))
        listing = self.query_one("#people-list", OptionList)
        keep = listing.highlighted
        now = self._now()
        dues = hearing_dues(case, self.town, now)
        listing.clear_options()
        listing.add_options([Option(person_lines(person, self.town, dues.get(person.id), now), id=person.id)
                             for person in case.people])
        if case.people:
            listing.highlighted = min(keep if keep is not None else 0, len(case.people) - 1)
        listing.display = bool(case.people)
        self.query_one("#people-empty").display = not case.people

    def select(self, person_id: str) -> None:
        """Highlight the person ``person_id`` (after adding them)."""
        for index, person in enumerate(self.case.people):
            if person.id == person_id:
                self.query_one("#people-list", OptionList).highlighted = index

    @property
    def selected(self) -> Person | None:
        index = self.query_one("#people-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.case.people):
            return None
        return self.case.people[index]

    def action_person(self, action: str) -> None:
        person = self.selected
        if action != "add" and person is None:
            self.notify(strings_labels.NO_PERSON, severity="warning")
            return
        if action in PERSON_ACTIONS:
            self.post_message(PersonRequested(cast(PersonAction, action), self.case.ref,
                                              person.id if person else None))

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_person("edit")


# --------------------------------------------------------------------------- forms


class PersonModal(SaveModal["Case | None"]):
    """Add a person (``person=None``) or change one. ``save(fields)`` gets ``role``, ``name``,
    ``class_group``, ``is_minor`` (an edit: only the fields changed; none changed closes).

    ``suggest`` (name, class, minor) fills the form for a new victim: the targeted pupil, whom the
    school hears first; moving to another role clears it while untouched."""

    BINDINGS: ClassVar = SaveModal.BINDINGS

    def __init__(self, town: TownContent, save: Callable[[dict[str, Any]], Case], *, title: str,
                 person: Person | None = None, role: str | None = None,
                 suggest: tuple[str, str, bool] | None = None) -> None:
        super().__init__(save)
        self.town = town
        self.person = person
        self.title_text = title
        self.role = person.role if person is not None else role or (town.roles[0].id if town.roles else "")
        self.suggest = suggest if person is None else None

    def compose(self) -> ComposeResult:
        person = self.person
        name, klass, minor = (person.name, person.class_group, person.is_minor) if person else \
            (self.suggest or ("", "", True))
        with Vertical(id="person-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            yield Label(strings_labels.ROLE_REQUIRED, classes="modal-label")
            yield OptionList(*[Option(literal(role.label), id=role.id) for role in self.town.roles],
                             id="f-role", compact=True)
            yield error_slot("role")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.NAME_REQUIRED, classes="form-label")
                yield TextInput(name, placeholder=strings_labels.NAME_HINT, id="f-name",
                                compact=True, select_on_focus=False)
            yield error_slot("name")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.CLASS, classes="form-label")
                yield TextInput(klass, placeholder=strings_labels.CLASS_HINT, id="f-class_group",
                                compact=True, select_on_focus=False)
            yield error_slot("class_group")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.MINOR, classes="form-label")
                yield TickBox(strings_labels.PERSON_IS_MINOR, minor, id="f-is_minor", compact=True)
            yield error_line()
            yield Static("", id="form-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        roles = self.query_one("#f-role", OptionList)
        ids = [role.id for role in self.town.roles]
        roles.highlighted = ids.index(self.role) if self.role in ids else 0
        roles.focus()

    def snapshot(self) -> Any:
        option = self.query_one("#f-role", OptionList).highlighted_option
        return (option.id if option else None, self.query_one("#f-name", Input).value,
                self.query_one("#f-class_group", Input).value, self.query_one("#f-is_minor", TickBox).value)

    def collect(self) -> dict[str, Any]:
        role, name, klass, minor = self.snapshot()
        errors = []
        if role is None:
            errors.append(ValidationError(strings_labels.CHOOSE_A_ROLE, field="role"))
        if not name.strip():
            errors.append(ValidationError(strings_labels.NAME_MISSING, field="name"))
        if errors:
            raise FormErrors(errors)
        fields = {"role": role, "name": name.strip(), "class_group": klass.strip(), "is_minor": minor}
        if self.person is not None:
            fields = {key: value for key, value in fields.items() if getattr(self.person, key) != value}
        return fields

    def skip_save(self, payload: Any) -> bool:
        return self.person is not None and not payload

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.suggest is None or event.option.id == "victime":
            return
        name = self.query_one("#f-name", Input)
        klass = self.query_one("#f-class_group", Input)
        if name.value == self.suggest[0] and klass.value == self.suggest[1]:
            name.value = ""
            klass.value = ""
        self.suggest = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#f-name").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "f-class_group":
            self.action_save()
        else:
            self.focus_next()


class LinesModal(SaveModal["Case | None"]):
    """A few one-line fields (``(name, label, placeholder, initial)``); ``enter`` moves to the next
    field and saves from the last, ``ctrl+o`` from any. ``save`` gets ``{name: text}``; ``required``
    names are refused empty next to their field."""

    BINDINGS: ClassVar = SaveModal.BINDINGS

    def __init__(self, save: Callable[[dict[str, str]], Case], fields: list[tuple[str, str, str, str]], *,
                 title: str, required: tuple[str, ...] = (), preface: str = "") -> None:
        super().__init__(save)
        self.fields = fields
        self.title_text = title
        self.required = required
        self.preface = preface

    def compose(self) -> ComposeResult:
        with Vertical(id="lines-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            if self.preface:
                yield Static(literal(self.preface), classes="modal-preface")
            for name, label, placeholder, initial in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(literal(label), classes="form-label")
                    yield TextInput(initial, placeholder=placeholder, id=f"f-{name}", compact=True,
                                    select_on_focus=False)
                yield error_slot(name)
            yield error_line()
            yield Static("", id="form-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(f"#f-{self.fields[0][0]}").focus()

    def snapshot(self) -> Any:
        return {name: self.query_one(f"#f-{name}", Input).value for name, _, _, _ in self.fields}

    def collect(self) -> dict[str, str]:
        values = {name: value.strip() for name, value in self.snapshot().items()}
        labels = {name: label.rstrip(" *") for name, label, _, _ in self.fields}
        errors = [ValidationError(strings_labels.FIELD_MISSING.format(label=labels[name]), field=name)
                  for name in self.required if not values[name]]
        if errors:
            raise FormErrors(errors)
        return values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"f-{self.fields[-1][0]}":
            self.action_save()
        else:
            self.focus_next()


__all__ = ["LinesModal", "PeopleScreen", "PersonModal", "hearing_dues", "person_lines", "render_people"]
