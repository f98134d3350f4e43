"""The case form: open a new case or edit one, same screen.

It knows nothing about the store: ``save(fields)`` performs the store call and returns the
:class:`~harcelement_tui.core.model.Case` (see :mod:`harcelement_tui.ui.screens.saving`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case, ValidationError, check_pupil
from harcelement_tui.ui import strings_labels
from harcelement_tui.ui.screens.saving import (
    DATE_HINT,
    FormErrors,
    SaveModal,
    error_line,
    error_slot,
    parse_date,
)
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets.keybar import KeyBar
from harcelement_tui.ui.widgets.fields import TextBox, TextInput, TickBox

FOLLOW_UP_DAYS = 7


def split_platforms(text: str) -> list[str]:
    """``"Snapchat, Instagram,, snapchat"`` → ``["Snapchat", "Instagram", "snapchat"]``: stripped,
    empty items dropped, exact duplicates dropped, order kept."""
    seen: list[str] = []
    for item in text.split(","):
        item = item.strip()
        if item and item not in seen:
            seen.append(item)
    return seen


def _text(value: str, name: str, placeholder: str) -> Input:
    """A one-line field; focusing it does not select its text (a key would replace it all)."""
    return TextInput(value, placeholder=placeholder, id=f"f-{name}", compact=True, select_on_focus=False)


class CaseFormScreen(SaveModal["Case | None"]):
    """New case (``case=None``) or edit of ``case``; dismisses the Case ``save`` returned, or ``None``.

    ``save(fields)`` receives model field names: ``pupil``, ``class_group``, ``is_minor``,
    ``facts`` (list of ids, in the content's order), ``platforms`` (list), ``reported_by``,
    ``summary``, ``follow_up`` (``AAAA-MM-JJ`` or ``None``). A new case sends every field; an edit
    sends only the fields that differ from ``case`` (so a concurrent change to another field is
    neither overwritten nor reported as a conflict), and an edit with no change closes without
    calling ``save`` (dismisses ``None``). ``today`` fixes the default follow-up date (today + 7 days).
    """

    def __init__(self, town: TownContent, save: Callable[[dict[str, Any]], Case], *,
                 case: Case | None = None, today: date | None = None, title: str | None = None) -> None:
        super().__init__(save)
        self.town = town
        self.case = case
        self.today = today or date.today()
        if title is None:
            title = strings_labels.NEW_CASE if case is None else strings_labels.EDIT_CASE.format(ref=case.ref)
        self.title_text = title

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        case = self.case
        follow_up = format_user_date(case.follow_up) if case is not None else \
            format_user_date(self.today + timedelta(days=FOLLOW_UP_DAYS))
        with VerticalScroll(id="case-form") as form:
            form.border_title = literal(self.title_text)
            form.can_focus = False
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.PUPIL_REQUIRED, classes="form-label")
                yield _text(case.pupil if case else "", "pupil", strings_labels.PUPIL_HINT)
                yield Label(strings_labels.CLASS, classes="form-label-inline")
                yield _text(case.class_group if case else "", "class_group", strings_labels.CLASS_HINT)
            yield error_slot("pupil")
            yield error_slot("class_group")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.MINOR, classes="form-label")
                yield TickBox(strings_labels.PUPIL_IS_MINOR, case.is_minor if case else True,
                               id="f-is_minor", compact=True)
            yield error_slot("is_minor")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.FACTS_REQUIRED, classes="form-label")
                yield Static(literal(strings_labels.FACTS_HINT), classes="form-hint")
            chosen = set(case.facts) if case else set()
            with Grid(id="f-facts"):
                for fact in self.town.facts:
                    yield TickBox(literal(fact.label), fact.id in chosen, id=f"fact-{fact.id}",
                                   compact=True, classes="fact")
            yield error_slot("facts")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.PLATFORMS, classes="form-label")
                yield _text(", ".join(case.platforms) if case else "", "platforms",
                            strings_labels.PLATFORMS_HINT)
            yield error_slot("platforms")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.REPORTED_BY, classes="form-label")
                yield _text(case.reported_by if case else "", "reported_by",
                            strings_labels.REPORTED_BY_HINT)
            yield error_slot("reported_by")
            with Horizontal(classes="form-row", id="summary-row"):
                yield Label(strings_labels.SUMMARY, classes="form-label")
                summary = TextBox(case.summary if case else "", id="f-summary", compact=True,
                                   soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
                summary.cursor_blink = False  # as TextInput: no redraw twice a second over SSH
                yield summary
            yield error_slot("summary")
            with Horizontal(classes="form-row"):
                yield Label(strings_labels.NEXT_FOLLOW_UP, classes="form-label")
                yield TextInput(follow_up, placeholder=DATE_HINT, id="f-follow_up", compact=True,
                            classes="date-input")
                hint = strings_labels.EMPTY_MEANS.format(hint=DATE_HINT, empty=strings_labels.NO_FOLLOW_UP)
                yield Static(literal(hint), classes="form-hint")
            yield error_slot("follow_up")
            yield error_line()
            with Horizontal(classes="modal-buttons"):
                yield Button(strings_labels.SAVE, id="save", variant="primary", compact=True)
                yield Button(strings_labels.CANCEL, id="cancel", compact=True)
                yield Static("", id="form-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-pupil").focus()

    # -- reading the form -----------------------------------------------------------------------

    def _input(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value

    def _fact_boxes(self) -> list[tuple[str, Checkbox]]:
        return [(fact.id, self.query_one(f"#fact-{fact.id}", Checkbox)) for fact in self.town.facts]

    def snapshot(self) -> Any:
        return (
            self._input("pupil"),
            self._input("class_group"),
            self.query_one("#f-is_minor", Checkbox).value,
            tuple(box.value for _, box in self._fact_boxes()),
            self._input("platforms"),
            self._input("reported_by"),
            self.query_one("#f-summary", TextArea).text,
            self._input("follow_up"),
        )

    def collect(self) -> dict[str, Any]:
        errors: list[ValidationError] = []
        fields: dict[str, Any] = {}
        try:
            fields["pupil"] = check_pupil(self._input("pupil"))
        except ValidationError as error:
            errors.append(error)
        fields["class_group"] = self._input("class_group").strip()
        fields["is_minor"] = self.query_one("#f-is_minor", Checkbox).value
        fields["facts"] = [fact_id for fact_id, box in self._fact_boxes() if box.value]
        if not fields["facts"]:
            errors.append(ValidationError(strings_labels.TICK_A_FACT, field="facts"))
        fields["platforms"] = split_platforms(self._input("platforms"))
        fields["reported_by"] = self._input("reported_by").strip()
        fields["summary"] = self.query_one("#f-summary", TextArea).text.strip()
        try:
            fields["follow_up"] = parse_date(self._input("follow_up"), "follow_up", strings_labels.NEXT_FOLLOW_UP)
        except ValidationError as error:
            errors.append(error)
        if errors:
            raise FormErrors(errors)
        if self.case is not None:
            fields = {name: value for name, value in fields.items() if not self._same(name, value)}
        return fields

    def _same(self, name: str, value: Any) -> bool:
        """True when ``value`` (as the form gives it) equals the edited case's field."""
        assert self.case is not None
        old = getattr(self.case, name)
        if name in ("facts", "platforms"):
            return list(old) == list(value)
        return old == value

    def skip_save(self, payload: Any) -> bool:
        return self.case is not None and not payload

    def field_widget(self, field: str) -> Widget | None:
        if field == "facts":
            return self.query_one("#f-facts").query(Checkbox).first()
        return super().field_widget(field)

    # -- events ---------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()  # enter in a one-line field goes on, as tab does

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
