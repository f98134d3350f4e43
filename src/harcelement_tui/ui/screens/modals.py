"""Small modals of case work: note, evidence, status, follow-up date.

(The yes/no question is :mod:`~harcelement_tui.ui.screens.confirm`; full or pseudonymised,
:mod:`~harcelement_tui.ui.screens.share_choice`.)

None of them knows the store: each saving modal takes a ``save`` callable (see
:mod:`harcelement_tui.ui.screens.saving`) and dismisses with what it returned, or ``None`` when the
user cancelled (or, for status and follow-up, chose the value already set).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case, ValidationError
from harcelement_tui.core.summary import STATUS_LABELS
from harcelement_tui.ui.screens.saving import (
    CANCEL_BINDING,
    DATE_HINT,
    DATETIME_HINT,
    SAVE_BINDING,
    FormErrors,
    SaveModal,
    error_line,
    error_slot,
    parse_date,
    parse_local_datetime,
)
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.marks import mark as symbol
from harcelement_tui.ui.widgets.keybar import KeyBar
from harcelement_tui.ui.widgets.fields import TextInput
from harcelement_tui.ui.text import literal


EVIDENCE_WARNING = strings_labels.EVIDENCE_WARNING


# One-field modals: enter saves (priority, so it also shows in the footer); ctrl+o still works.
ENTER_SAVE_BINDINGS: list[BindingType] = [
    Binding("enter", "save", strings_keys.SAVE, id="form.save_enter", key_display=strings_keys.ENTER,
            priority=True),
    Binding("ctrl+o", "save", strings_keys.SAVE, id="form.save", key_display=strings_keys.CTRL_O, priority=True,
            show=False),
    CANCEL_BINDING,
]


def _status_line() -> Static:
    return Static("", id="form-status", markup=False)


# --------------------------------------------------------------------------- note


class NoteModal(SaveModal["Case | None"]):
    """A one-line note (or the note of a call or a contact). ``enter`` saves; ``save(text)``.

    ``preface`` is read-only text shown above the input (the parent points ticked, say).
    ``allow_empty`` lets an empty note through (a contact logged without a note); otherwise an
    empty note is refused next to the input.
    """

    BINDINGS: ClassVar = ENTER_SAVE_BINDINGS

    def __init__(self, save: Callable[[str], Case], *, title: str = strings_labels.NOTE, preface: str | None = None,
                 allow_empty: bool = False, label: str = strings_labels.NOTE,
                 placeholder: str = strings_labels.NOTE_PLACEHOLDER,
                 text: str = "") -> None:
        super().__init__(save)
        self.title_text = title
        self.preface = preface
        self.allow_empty = allow_empty
        self.label_text = label
        self.placeholder = placeholder
        self.initial_text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            if self.preface:
                with VerticalScroll(id="note-preface"):
                    yield Static(literal(self.preface), markup=False)
            label = strings_labels.OPTIONAL.format(label=self.label_text) if self.allow_empty else self.label_text
            yield Label(literal(label), classes="modal-label")
            yield TextInput(self.initial_text, placeholder=self.placeholder, id="f-text", compact=True,
                        select_on_focus=False)
            yield error_slot("text")
            yield error_line()
            yield _status_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-text").focus()

    def snapshot(self) -> Any:
        return self.query_one("#f-text", Input).value

    def collect(self) -> str:
        text = self.query_one("#f-text", Input).value.strip()
        if not text and not self.allow_empty:
            raise ValidationError(strings.EMPTY_NOTE, field="text")
        return text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


# --------------------------------------------------------------------------- evidence


class EvidenceModal(SaveModal["Case | None"]):
    """Describe a piece of evidence. ``save(fields)`` gets ``description``, ``where_kept``,
    ``platform``, ``url`` (``None`` when empty) and ``seen_at`` (aware ISO timestamp or ``None``).

    ``enter`` moves to the next field and saves from the last one; ``ctrl+o`` saves from any field.
    """

    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("description", strings_labels.DESCRIPTION_REQUIRED, strings_labels.DESCRIPTION_HINT),
        ("where_kept", strings_labels.WHERE_KEPT_REQUIRED, strings_labels.WHERE_KEPT_HINT),
        ("platform", strings_labels.PLATFORM, strings_labels.PLATFORM_HINT),
        ("url", strings_labels.URL, strings_labels.URL_HINT),
        ("seen_at", strings_labels.SEEN_AT, DATETIME_HINT),
    )

    def __init__(self, save: Callable[[dict[str, Any]], Case], *, title: str = strings_labels.NEW_EVIDENCE) -> None:
        super().__init__(save)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="evidence-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            yield Static(literal(f"{symbol('urgent')} {EVIDENCE_WARNING}"), id="evidence-warning")
            for name, label, placeholder in self.FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(literal(label), classes="form-label")
                    yield TextInput(placeholder=placeholder, id=f"f-{name}", compact=True, select_on_focus=False)
                yield error_slot(name)
            yield error_line()
            yield _status_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-description").focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value.strip()

    def snapshot(self) -> Any:
        return tuple(self.query_one(f"#f-{name}", Input).value for name, _, _ in self.FIELDS)

    def collect(self) -> dict[str, Any]:
        errors: list[ValidationError] = []
        fields: dict[str, Any] = {}
        fields["description"] = self._value("description")
        if not fields["description"]:
            errors.append(ValidationError(strings.DESCRIPTION_REQUIRED, field="description"))
        fields["where_kept"] = self._value("where_kept")
        if not fields["where_kept"]:
            errors.append(ValidationError(strings.WHERE_KEPT_REQUIRED, field="where_kept"))
        fields["platform"] = self._value("platform") or None
        fields["url"] = self._value("url") or None
        try:
            fields["seen_at"] = parse_local_datetime(self._value("seen_at"), "seen_at", strings_labels.SEEN_AT)
        except ValidationError as error:
            errors.append(error)
        if errors:
            raise FormErrors(errors)
        return fields

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"f-{self.FIELDS[-1][0]}":
            self.action_save()
        else:
            self.focus_next()


# --------------------------------------------------------------------------- status


class StatusModal(SaveModal["Case | None"]):
    """Choose the case status. ``enter`` confirms; ``save(status)`` gets ``ouvert``, ``suivi`` or
    ``clos``. Choosing the current status closes the modal without saving (dismisses ``None``).
    """

    BINDINGS: ClassVar = [
        Binding("enter", "save", strings_keys.CHOOSE, id="status.choose", key_display=strings_keys.ENTER,
                priority=True),
        CANCEL_BINDING,
    ]

    def __init__(self, save: Callable[[str], Case], current: str = "ouvert", *,
                 title: str = strings_labels.CASE_STATUS) -> None:
        super().__init__(save)
        self.current = current
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="status-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            options = [
                Option(literal(strings_labels.CURRENT.format(label=label) if status == self.current else label),
                       id=status)
                for status, label in STATUS_LABELS.items()
            ]
            yield OptionList(*options, id="f-status", compact=True)
            yield error_slot("status")
            yield error_line()
            yield _status_line()
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one("#f-status", OptionList)
        try:
            options.highlighted = options.get_option_index(self.current)
        except Exception:  # noqa: BLE001 - an unknown status: highlight the first
            options.highlighted = 0
        options.focus()

    def collect(self) -> str:
        options = self.query_one("#f-status", OptionList)
        option = options.highlighted_option
        if option is None or option.id is None:
            raise ValidationError(strings.CHOOSE_A_STATUS, field="status")
        return option.id

    def skip_save(self, payload: Any) -> bool:
        return payload == self.current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter is the screen's (priority) key; a mouse click lands here
        self.action_save()


# --------------------------------------------------------------------------- follow-up


class FollowUpModal(SaveModal["Case | None"]):
    """Set the next follow-up date. ``enter`` saves; ``save(date)`` gets ``AAAA-MM-JJ`` or ``None``
    (empty input: no follow-up). An unchanged date closes without saving (dismisses ``None``).
    """

    BINDINGS: ClassVar = ENTER_SAVE_BINDINGS

    def __init__(self, save: Callable[[str | None], Case], current: str | None = None, *,
                 title: str = strings_labels.NEXT_FOLLOW_UP, label: str = strings_labels.FOLLOW_UP_DATE,
                 empty: str = strings_labels.NO_FOLLOW_UP,
                 proposed: str | None = None) -> None:
        super().__init__(save)
        self.current = current or None
        self.title_text = title
        self.label_text = label
        self.empty_text = empty
        # A date offered in the field (the postvention's default), saved as any typed date.
        self.proposed = proposed or self.current

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            with Horizontal(classes="form-row"):
                yield Label(literal(self.label_text), classes="form-label")
                yield TextInput(format_user_date(self.proposed), placeholder=DATE_HINT, id="f-follow_up",
                                compact=True, classes="date-input")
                hint = strings_labels.EMPTY_MEANS.format(hint=DATE_HINT, empty=self.empty_text)
                yield Static(literal(hint), classes="form-hint")
            yield error_slot("follow_up")
            yield error_line()
            yield _status_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#f-follow_up").focus()

    def snapshot(self) -> Any:
        return self.query_one("#f-follow_up", Input).value

    def collect(self) -> str | None:
        return parse_date(self.query_one("#f-follow_up", Input).value, "follow_up", self.label_text)

    def skip_save(self, payload: Any) -> bool:
        return payload == self.current

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


__all__ = [
    "EVIDENCE_WARNING",
    "EvidenceModal",
    "FollowUpModal",
    "NoteModal",
    "STATUS_LABELS",
    "SAVE_BINDING",
    "StatusModal",
]
