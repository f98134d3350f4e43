"""A yes/no question, asked before something is lost or overwritten."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from harcelement_tui.ui import strings_keys, strings_labels
from harcelement_tui.ui.screens.stylesheet import forms_css_paths
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets.keybar import KeyBar


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question. Dismisses ``True`` for yes, ``False`` for no.

    ``o`` or ``y`` answer yes, ``n`` and ``escape`` answer no; ``enter`` presses the focused
    button, which is the *no* button unless ``default=True``: keep the default for questions whose
    *yes* loses or overwrites something.
    """

    CSS_PATH = forms_css_paths()

    BINDINGS: ClassVar = [
        Binding("o,y", "answer(True)", strings_keys.YES, id="confirm.yes", key_display="o"),
        Binding("n", "answer(False)", strings_keys.NO, id="confirm.no", key_display="n"),
        Binding("escape", "answer(False)", strings_keys.NO, id="confirm.cancel", key_display=strings_keys.ESCAPE,
                show=False),
        Binding("left", "app.focus_previous", strings_keys.PREVIOUS_BUTTON, id="confirm.left", show=False),
        Binding("right", "app.focus_next", strings_keys.NEXT_BUTTON, id="confirm.right", show=False),
    ]

    def __init__(self, question: str, yes_label: str = strings_keys.YES, no_label: str = strings_keys.NO, *,
                 default: bool = False, title: str = strings_labels.CONFIRM) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        self.no_label = no_label
        self.default = default
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            yield Static(literal(self.question), id="confirm-question")
            with Horizontal(classes="modal-buttons"):
                yield Button(literal(strings_labels.BUTTON_KEY.format(label=self.yes_label, key="o")), id="confirm-yes",
                             compact=True,
                             variant="error" if not self.default else "primary")
                yield Button(literal(strings_labels.BUTTON_KEY.format(label=self.no_label, key="n")), id="confirm-no",
                             compact=True,
                             variant="primary" if not self.default else "default")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.default else "#confirm-no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
