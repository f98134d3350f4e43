"""The common core of the case forms and modals: save off the UI thread, never lose what was typed.

A :class:`SaveModal` knows nothing about the store. It is given a ``save`` callable that performs the
store call and returns the result (a :class:`~harcelement_tui.core.model.Case`), or raises a
:class:`~harcelement_tui.core.errors.UserError` with a French message. The screen:

- checks the input first (:meth:`SaveModal.collect`); errors go next to their field and nothing is
  saved while any remain;
- runs ``save`` in a thread (``asyncio.to_thread`` inside a worker), so the UI stays responsive;
- ignores a second save key press while a save runs (no double submission);
- on success dismisses with what ``save`` returned; on an error keeps every widget as it is and
  shows the message: a :class:`~harcelement_tui.core.model.ValidationError` whose ``field`` the
  screen shows goes next to that field, anything else in the error line of the form.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from harcelement_tui.core.dates import (
    DATE_RANGE_TEXT,
    DateFormatError,
    DateRangeError,
    NoSuchDateError,
    parse_user_date,
    parse_user_datetime,
)
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.store import StoreBusyError
from harcelement_tui.core.model import FIELD_LABELS, ValidationError, iso
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.stylesheet import forms_css_paths
from harcelement_tui.ui.text import literal

ResultT = TypeVar("ResultT")


class EditConflict(ValidationError):
    """Another session changed a field being edited. ``case`` is the new version; ``others`` the
    user's other changed fields, which can still be applied to it."""

    def __init__(self, message: str, *, field: str | None, case: Any, others: dict[str, Any]) -> None:
        super().__init__(message, field=field)
        self.case = case
        self.others = others


class FormErrors(Exception):
    """Several input errors found before saving, each a :class:`ValidationError`."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


# Keys shared by every form and modal. Ctrl+O, not Ctrl+S: some SSH clients eat Ctrl+S (XOFF).
SAVE_BINDING = Binding("ctrl+o", "save", strings_keys.SAVE, id="form.save", key_display=strings_keys.CTRL_O,
                       priority=True, tooltip=strings_keys.SAVE_TIP)
CANCEL_BINDING = Binding("escape", "cancel", strings_keys.CANCEL, id="form.cancel", key_display=strings_keys.ESCAPE,
                         tooltip=strings_keys.CANCEL_TIP)

DATE_HINT = strings_labels.DATE_HINT
DATETIME_HINT = strings_labels.DATETIME_HINT


def parse_date(text: str, field: str, label: str) -> str | None:
    """``JJ/MM/AAAA`` (or ``AAAA-MM-JJ``) to an ISO date; empty to ``None``. Raises :class:`ValidationError`."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_user_date(text).isoformat()
    except DateRangeError:
        message = strings.DATE_OUT_OF_RANGE.format(label=label, text=text, range=DATE_RANGE_TEXT)
    except NoSuchDateError:
        message = strings.NO_SUCH_DATE.format(label=label, text=text)
    except DateFormatError:
        message = strings.UNREADABLE_DATE.format(label=label, text=text, hint=DATE_HINT)
    raise ValidationError(message, field=field)


def parse_local_datetime(text: str, field: str, label: str) -> str | None:
    """``JJ/MM/AAAA HH:MM`` (local time) to an aware ISO timestamp; empty to ``None``."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = parse_user_datetime(text)
    except DateRangeError:
        message = strings.DATE_OUT_OF_RANGE.format(label=label, text=text, range=DATE_RANGE_TEXT)
    except NoSuchDateError:
        message = strings.NO_SUCH_DATETIME.format(label=label, text=text)
    except DateFormatError:
        message = strings.UNREADABLE_DATETIME.format(label=label, text=text, hint=DATETIME_HINT)
    else:
        return iso(moment.astimezone())
    raise ValidationError(message, field=field)


class SaveModal(ModalScreen[ResultT], Generic[ResultT]):
    """Base of the forms and modals that save through an injected callable.

    Subclasses compose error slots ``Static(id="e-<field>", classes="field-error")`` next to their
    fields (the field widget itself has ``id="f-<field>"``), one ``Static(id="form-error")`` line,
    and implement :meth:`collect` (read and check the widgets, return what ``save`` receives).
    """

    CSS_PATH = forms_css_paths()

    BINDINGS: ClassVar = [SAVE_BINDING, CANCEL_BINDING]

    def __init__(self, save: Callable[[Any], ResultT], *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._save = save
        self.saving = False
        """True from the moment a save starts until it fails (a success dismisses the screen)."""
        self._initial: Any = None

    # -- to implement ---------------------------------------------------------------------------

    def collect(self) -> Any:
        """Read the widgets; return the argument of ``save``, or raise :class:`FormErrors`."""
        raise NotImplementedError

    def snapshot(self) -> Any:
        """Everything typed or chosen, to tell whether the user changed anything."""
        return None

    def skip_save(self, payload: Any) -> bool:
        """True when there is nothing to save (the screen then dismisses with ``None``)."""
        return False

    # -- common behaviour -----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Textual also calls the subclasses' own on_mount (every class of the MRO): no super() there.
        self._initial = self.snapshot()

    @property
    def dirty(self) -> bool:
        """True when something was typed or changed since the screen opened."""
        return self.snapshot() != self._initial

    def action_save(self) -> None:
        if self.saving:
            return  # a save is running: a second press must not save twice
        self.clear_errors()
        try:
            payload = self.collect()
        except FormErrors as errors:
            self.show_errors(errors.errors)
            return
        except ValidationError as error:
            self.show_errors([error])
            return
        if self.skip_save(payload):
            self.saving = True
            self.dismiss(None)
            return
        self.saving = True
        self.add_class("-saving")
        self._set_status(strings_labels.SAVING)
        self.run_worker(self._run_save(payload), name="save", group="save", exit_on_error=False)

    BUSY_ATTEMPTS: ClassVar[int] = 3
    """How many times a save is tried while another session holds the data file."""

    async def _run_save(self, payload: Any) -> None:
        try:
            for attempt in range(1, self.BUSY_ATTEMPTS + 1):
                try:
                    result = await asyncio.to_thread(self._save, payload)
                    break
                except StoreBusyError as busy:
                    if attempt == self.BUSY_ATTEMPTS:
                        raise UserError(strings.STILL_BUSY.format(busy=busy)) from None
                    # Never a silent wait: say what happens while trying again.
                    self._set_status(strings.TRYING_AGAIN.format(attempt=attempt + 1, attempts=self.BUSY_ATTEMPTS))
        except UserError as error:
            self._save_failed([error])
            return
        except Exception as error:  # noqa: BLE001 - a bug must not lose what the user typed
            # Its message may quote a case: logged privately, never shown (harcelement_tui.crash).
            from harcelement_tui.crash import log_and_describe

            self._save_failed([UserError(strings.NOTHING_SAVED.format(why=log_and_describe(error)))])
            return
        self.dismiss(result)

    def _save_failed(self, errors: list[UserError]) -> None:
        self.saving = False
        self.remove_class("-saving")
        self._set_status("")
        self.show_errors(errors)
        for error in errors:
            if isinstance(error, EditConflict):
                self._offer_other_fields(error)

    def _offer_other_fields(self, conflict: EditConflict) -> None:
        """After a conflict: the form now edits the new version (a new save applies what it shows
        to it), and the user's other changes can be saved at once, theirs kept where both changed."""
        if hasattr(self, "case"):
            self.case = conflict.case
        if not conflict.others:
            return
        labels = ", ".join(FIELD_LABELS.get(name, name) for name in conflict.others)
        question = strings.SAVE_THE_OTHERS.format(conflict=conflict, labels=labels)

        def answered(apply: bool | None) -> None:
            if apply and not self.saving:
                self.saving = True
                self.add_class("-saving")
                self._set_status(strings_labels.SAVING)
                self.run_worker(self._run_save(conflict.others), name="save", group="save", exit_on_error=False)

        self.app.push_screen(ConfirmModal(question, strings.SAVE_OTHERS, strings.BACK_TO_FORM,
                                          default=True, title=strings.CHANGED_MEANWHILE), answered)

    def action_cancel(self) -> None:
        if self.saving:
            return  # the save decides: success closes the screen, failure keeps it open
        if not self.dirty:
            self.dismiss(None)
            return
        def answered(leave: bool | None) -> None:
            if leave:
                self.saving = True  # nothing more may happen on this screen
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(strings.CLOSE_UNSAVED, yes_label=strings.CLOSE, no_label=strings.KEEP_TYPING),
            answered,
        )

    # -- errors ---------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for slot in self.query(".field-error"):
            slot.display = False
        self._general_error("")

    def show_errors(self, errors: Sequence[UserError]) -> None:
        """Each error next to its field when the screen shows that field, else in the error line."""
        general: list[str] = []
        first: Widget | None = None
        for error in errors:
            field = error.field if isinstance(error, ValidationError) else None
            slot = self._slot(field)
            if slot is None:
                general.append(str(error))
                continue
            slot.update(literal(str(error)))
            slot.display = True
            target = self.field_widget(field or "")
            if first is None and target is not None:
                first = target
        self._general_error("\n".join(general))
        if first is not None:
            first.focus()
            first.scroll_visible(animate=False)
        elif general:
            self.query_one("#form-error").scroll_visible(animate=False)

    def on_input_changed(self, event) -> None:
        self._field_changed(event.control)

    def on_checkbox_changed(self, event) -> None:
        self._field_changed(event.control)

    def on_text_area_changed(self, event) -> None:
        self._field_changed(event.control)

    def _field_changed(self, widget: Widget) -> None:
        """Once the user edits a field (the focused one), its error (now maybe wrong) disappears."""
        if not widget.has_focus:
            return
        field = (widget.id or "").removeprefix("f-")
        if (widget.id or "").startswith("fact-"):
            field = "facts"
        slot = self._slot(field)
        if slot is not None:
            slot.display = False

    def field_widget(self, field: str) -> Widget | None:
        """The widget to focus for ``field``."""
        try:
            return self.query_one(f"#f-{field}")
        except NoMatches:
            return None

    def _slot(self, field: str | None) -> Static | None:
        if not field:
            return None
        try:
            return self.query_one(f"#e-{field}", Static)
        except NoMatches:
            return None

    def _general_error(self, message: str) -> None:
        try:
            line = self.query_one("#form-error", Static)
        except NoMatches:
            return
        line.update(literal(message))
        line.display = bool(message)

    def _set_status(self, message: str) -> None:
        try:
            self.query_one("#form-status", Static).update(literal(message))
        except NoMatches:
            pass

    def error_text(self, field: str | None = None) -> str:
        """The error shown for ``field`` (or in the error line); empty when none. For tests."""
        slot = self._slot(field) if field else self.query_one("#form-error", Static)
        if slot is None or not slot.display:
            return ""
        return str(slot.content)


def error_slot(field: str) -> Static:
    """The (hidden) place for the error of ``field``."""
    slot = Static("", id=f"e-{field}", classes="field-error", markup=False)
    slot.display = False
    return slot


def error_line() -> Static:
    """The (hidden) line for errors not tied to a field."""
    line = Static("", id="form-error", markup=False)
    line.display = False
    return line
