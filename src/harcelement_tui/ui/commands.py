"""Command palette (ctrl+p): one command per tab and one per contact."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from harcelement_tui.core.text import fold, matches

if TYPE_CHECKING:
    from harcelement_tui.ui.app import HarcelementApp


class ConsoleCommands(Provider):
    """Commands for the tabs, the help, quitting and each contact."""

    def _commands(self) -> list[tuple[str, str, object, str]]:
        from harcelement_tui.ui.app import tab_key  # here: the app module imports this one

        app: HarcelementApp = self.app  # type: ignore[assignment]
        # (name, help, callback, extra text searched besides the name)
        commands: list[tuple[str, str, object, str]] = [
            (f"Onglet : {title}", f"Touche {tab_key(rank, tab_id)}", partial(app.action_show_tab, tab_id), "")
            for rank, (tab_id, title) in enumerate(app.TABS, 1)
        ]
        commands.append(("Aide : touches de la vue", "Touche ? ou F1", app.action_help, ""))
        commands.append(("Quitter", "Touche q", app.action_quit, ""))
        for contact in app.town.contacts:
            commands.append((f"Contact : {contact.name}", contact.phone or "coordonnées à compléter",
                             partial(app.show_contact, contact.id), " ".join(contact.search_fields())))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback, _ in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        # Accents are ignored ("declic" finds "Le Déclic"); a contact is also found by its
        # number, e-mail or description, as in the Contacts filter ("056 86", "delbecque").
        matcher = self.matcher(fold(query))
        found = False
        for name, help_text, callback, extra in self._commands():
            score = matcher.match(fold(name))
            if score <= 0 and extra and matches(query, (extra,)):
                score = 0.5
            if score > 0:
                found = True
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)  # type: ignore[arg-type]
        if not found and query.strip():
            app: HarcelementApp = self.app  # type: ignore[assignment]
            text = f"Chercher « {query.strip()} » dans les contacts"
            yield Hit(0.1, Content(text), partial(app.filter_contacts, query.strip()), text=text,
                      help="Aucune commande de ce nom : filtre de l'onglet 3")  # type: ignore[arg-type]
