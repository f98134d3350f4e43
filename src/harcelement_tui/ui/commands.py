"""Command palette (ctrl+p): one command per tab and one per contact."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from harcelement_tui.core.text import fold

if TYPE_CHECKING:
    from harcelement_tui.ui.app import HarcelementApp


class ConsoleCommands(Provider):
    """Commands for the tabs, the help, quitting and each contact."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app: HarcelementApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, str, object]] = [
            (f"Onglet : {title}", f"Touche {key}", partial(app.action_show_tab, tab_id))
            for key, (tab_id, title) in enumerate(app.TABS, 1)
        ]
        commands.append(("Aide : touches de la vue", "Touche ? ou F1", app.action_help))
        commands.append(("Quitter", "Touche q", app.action_quit))
        for contact in app.town.contacts:
            commands.append((f"Contact : {contact.name}", contact.phone or "coordonnées à compléter",
                             partial(app.show_contact, contact.id)))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        # Accents are ignored: "declic" finds "Le Déclic".
        matcher = self.matcher(fold(query))
        for name, help_text, callback in self._commands():
            score = matcher.match(fold(name))
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)  # type: ignore[arg-type]
