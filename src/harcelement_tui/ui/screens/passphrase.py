"""The passphrase of an encrypted export, typed twice in password fields (never shown)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from harcelement_tui.core.encryption import MAX_PASSPHRASE, EncryptionError, check_passphrase
from harcelement_tui.ui.screens.saving import error_line, forms_css_paths
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets import KeyBar, TextInput

PASSPHRASE_HELP = (
    "Le fichier sera chiffré (format age) : seule cette phrase l'ouvre, ici avec « harcelement-tui "
    "import » ou ailleurs avec l'outil age. Dites-la au destinataire par un autre moyen (téléphone), "
    "jamais dans le même courriel que le fichier."
)


class PassphraseModal(ModalScreen["str | None"]):
    """Dismisses the passphrase (typed twice, the same, long enough) or ``None`` (cancelled)."""

    CSS_PATH = forms_css_paths()

    BINDINGS: ClassVar = [
        Binding("enter", "confirm", "Chiffrer", id="passphrase.confirm", key_display="Entrée", priority=True),
        Binding("escape", "cancel", "Annuler", id="passphrase.cancel", key_display="Échap"),
    ]

    def __init__(self, *, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            yield Static(PASSPHRASE_HELP, id="passphrase-help", markup=False)
            yield Label("Phrase de passe (au moins 10 caractères)")
            yield TextInput(password=True, id="passphrase-1", max_length=MAX_PASSPHRASE)
            yield Label("La même, encore une fois")
            yield TextInput(password=True, id="passphrase-2", max_length=MAX_PASSPHRASE)
            yield error_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#passphrase-1").focus()

    def _error(self, message: str) -> None:
        line = self.query_one("#form-error", Static)
        line.update(message)
        line.display = True

    def action_confirm(self) -> None:
        first = self.query_one("#passphrase-1", TextInput)
        second = self.query_one("#passphrase-2", TextInput)
        if self.focused is first and not second.value:
            second.focus()  # Entrée in the first field goes on to the second
            return
        try:
            check_passphrase(first.value)
        except EncryptionError:
            self._error("Phrase trop courte : au moins 10 caractères (plusieurs mots, par exemple).")
            first.focus()
            return
        if first.value != second.value:
            self._error("Les deux phrases diffèrent : retapez la seconde.")
            second.value = ""
            second.focus()
            return
        self.dismiss(first.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
