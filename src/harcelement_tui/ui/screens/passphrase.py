"""The passphrase of an encrypted export, typed twice in password fields (never shown)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from harcelement_tui.core.encryption import MAX_PASSPHRASE, EncryptionError, check_passphrase
from harcelement_tui.ui import strings_keys, strings_labels
from harcelement_tui.ui.screens.saving import error_line
from harcelement_tui.ui.screens.stylesheet import forms_css_paths
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets.keybar import KeyBar
from harcelement_tui.ui.widgets.fields import TextInput

PASSPHRASE_HELP = strings_labels.PASSPHRASE_HELP


class PassphraseField(TextInput):
    """A password field whose Entrée is handled in the order keys were typed.

    Over SSH keys arrive in bursts: ``phrase⏎phrase⏎`` may all be read before anything is drawn.
    The app hands each key to the field focused *when it reads it*, so the whole burst lands in
    the first field's queue. This field therefore handles Entrée itself, in that queue: the first
    field then hands every following key to the second one (``forward_to``), and the second
    field's Entrée tells the modal to check both, after its letters.
    """

    # Shown in the key bar; Entrée itself is handled in _on_key, never by this binding.
    BINDINGS: ClassVar = [
        Binding("enter", "submit", strings_keys.ENCRYPT, id="passphrase.confirm", key_display=strings_keys.ENTER),
    ]

    class Entered(Message):
        """Entrée in the last field (or in the first with the second filled): check and confirm."""

    def __init__(self, *, next_id: str | None = None, **kwargs) -> None:
        super().__init__(password=True, max_length=MAX_PASSPHRASE, compact=True, **kwargs)
        self.next_id = next_id
        self.forward_to: TextInput | None = None

    async def _on_key(self, event: events.Key) -> None:
        if self.forward_to is not None:
            event.stop()
            event.prevent_default()
            self.forward_to.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            following = self.screen.query_one(f"#{self.next_id}", TextInput) if self.next_id else None
            if following is not None and not following.value:
                self.forward_to = following
                self.screen.set_focus(following)
            else:
                self.post_message(self.Entered())
            return
        await super()._on_key(event)

    def on_focus(self) -> None:
        self.forward_to = None  # back in this field: its keys are its own again


class PassphraseModal(ModalScreen["str | None"]):
    """Dismisses the passphrase (typed twice, the same, long enough) or ``None`` (cancelled)."""

    CSS_PATH = forms_css_paths()

    # Entrée is the fields' own (PassphraseField), in the order keys were typed.
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", strings_keys.CANCEL, id="passphrase.cancel", key_display=strings_keys.ESCAPE),
    ]

    def __init__(self, *, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            yield Static(PASSPHRASE_HELP, id="passphrase-help", markup=False)
            yield Label(strings_labels.PASSPHRASE)
            yield PassphraseField(id="passphrase-1", next_id="passphrase-2")
            yield Label(strings_labels.PASSPHRASE_AGAIN)
            yield PassphraseField(id="passphrase-2")
            yield error_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#passphrase-1").focus()

    def _error(self, message: str) -> None:
        line = self.query_one("#form-error", Static)
        line.update(message)
        line.display = True

    def on_passphrase_field_entered(self, event: PassphraseField.Entered) -> None:
        event.stop()
        self.confirm()

    def confirm(self) -> None:
        first = self.query_one("#passphrase-1", TextInput)
        second = self.query_one("#passphrase-2", TextInput)
        try:
            check_passphrase(first.value)
        except EncryptionError:
            self._error(strings_labels.PASSPHRASE_SHORT)
            first.focus()
            return
        if first.value != second.value:
            self._error(strings_labels.PASSPHRASES_DIFFER)
            second.value = ""
            second.focus()
            return
        self.dismiss(first.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
