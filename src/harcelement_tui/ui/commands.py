"""Command palette (ctrl+p): one command per tab and one per contact."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.types import IgnoreReturnCallbackType

from harcelement_tui.core.text import fold, matches
from harcelement_tui.ui import strings
from harcelement_tui.ui.console import TABS, ConsoleApp
from harcelement_tui.ui.messages import ContactShown, ContactsSearched


class ConsoleCommands(Provider):
    """Commands for the tabs, the help, quitting and each contact."""

    @property
    def console(self) -> ConsoleApp:
        assert isinstance(self.app, ConsoleApp)
        return self.app

    def _commands(self) -> list[tuple[str, str, IgnoreReturnCallbackType, str]]:
        app = self.console
        # (name, help, callback, extra text searched besides the name)
        commands: list[tuple[str, str, IgnoreReturnCallbackType, str]] = [
            (strings.TAB_COMMAND.format(title=title), strings.KEY_HELP.format(key=key),
             partial(app.run_action, f"show_tab('{tab_id}')"), "")
            for key, (tab_id, title) in enumerate(TABS, 1)
        ]
        commands.append((strings.HELP_COMMAND, strings.HELP_COMMAND_KEYS, partial(app.run_action, "help"), ""))
        commands.append((strings.QUIT, strings.KEY_HELP.format(key="q"), partial(app.run_action, "quit"), ""))
        for contact in app.town.contacts:
            commands.append((strings.CONTACT_COMMAND.format(name=contact.name), contact.phone or strings.TO_COMPLETE,
                             partial(app.post_message, ContactShown(contact.id)), " ".join(contact.search_fields())))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback, _ in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

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
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
        if not found and query.strip():
            text = strings.SEARCH_CONTACTS.format(query=query.strip())
            yield Hit(0.1, Content(text), partial(self.console.post_message, ContactsSearched(query.strip())),
                      text=text, help=strings.SEARCH_CONTACTS_HELP)
