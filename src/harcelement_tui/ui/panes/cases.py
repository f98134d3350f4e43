"""Cas tab. Until case work lands in the console, an honest empty state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


class CasesPane(Vertical, can_focus=True):
    """Says plainly that cases cannot be opened from the console yet."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Aucun cas à afficher.\n\n"
            "L'ouverture et le suivi des cas dans la console ne sont pas encore disponibles "
            "dans cette version. La procédure, les conseils pour l'appel aux parents et les "
            "contacts des services sont dans les onglets 1, 2 et 3.",
            id="cases-empty",
            classes="empty-state",
            markup=False,
        )

    def focus_main(self) -> None:
        self.focus()
