"""The console: header, tabs (Procédure, Parents, Contacts, Cas), footer with the current keys."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Footer, Header, TabbedContent, TabPane

from harcelement_tui.core.config import Config
from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.ui.commands import ConsoleCommands
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.panes.contacts import ContactsPane
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.panes.procedure import ProcedurePane
from harcelement_tui.ui.screens.help import HelpScreen, keys_of

STYLE_FILES = ("app.tcss", "panes.tcss", "help.tcss")


def style_paths() -> list[Path]:
    """The packaged stylesheets (``styles/`` in the repository)."""
    root = resources.files("harcelement_tui") / "styles"
    return [Path(str(root / name)) for name in STYLE_FILES]


class HarcelementApp(App[int]):
    """The case console. Everything it shows comes from the injected content and configuration."""

    CSS_PATH = style_paths()
    TITLE = "Cyber-harcèlement"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {ConsoleCommands}

    # (tab id, title), in the order of the keys 1-4.
    TABS = (("procedure", "Procédure"), ("parents", "Parents"), ("contacts", "Contacts"), ("cas", "Cas"))

    BINDINGS = [
        *(
            # Not in the footer: each tab's label shows its key ("1 Procédure").
            Binding(str(key), f"show_tab('{tab_id}')", f"Onglet {title}", id=f"tab.{tab_id}", show=False)
            for key, (tab_id, title) in enumerate(TABS, 1)
        ),
        Binding("question_mark,f1", "help", "Aide", id="app.help", tooltip="Toutes les touches de la vue"),
        Binding("ctrl+p", "command_palette", "Commandes", id="app.palette", priority=True, show=False,
                tooltip="Chercher une commande ou un contact"),
        Binding("q", "quit", "Quitter", id="app.quit"),
    ]

    def __init__(self, content: TownContent, config: Config | None = None,
                 data_file: Path | None = None) -> None:
        super().__init__()
        self.town = content
        self.config = config or Config()
        self.data_file = data_file
        self.sub_title = "Aucun cas ouvert"
        if self.config.school_name:
            self.title = f"{self.TITLE} — {self.config.school_name}"

    def get_system_commands(self, screen):  # noqa: D102 - Textual's own are English: ours replace them
        return iter(())

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with TabbedContent(id="tabs"):
            with TabPane("1 Procédure", id="procedure"):
                yield ProcedurePane(self.town, id="procedure-pane")
            with TabPane("2 Parents", id="parents"):
                yield ParentsPane(self.town, id="parents-pane")
            with TabPane("3 Contacts", id="contacts"):
                yield ContactsPane(self.town.contacts, self.town.contacts_intro, id="contacts-pane")
            with TabPane("4 Cas", id="cas"):
                yield CasesPane(id="cas-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProcedurePane).focus_main()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._focus_pane(event.pane.id or "")

    def _focus_pane(self, tab_id: str) -> None:
        self.query_one(f"#{tab_id}-pane").focus_main()  # type: ignore[attr-defined]

    # -- actions ------------------------------------------------------------------------------

    def action_show_tab(self, tab_id: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == tab_id:
            self._focus_pane(tab_id)
        else:
            tabs.active = tab_id

    def show_contact(self, contact_id: str) -> None:
        self.action_show_tab("contacts")
        self.query_one(ContactsPane).show_contact(contact_id)

    def action_help(self) -> None:
        tabs = self.query_one(TabbedContent)
        title = dict(self.TABS).get(tabs.active, "")
        self.push_screen(HelpScreen(title, keys_of(self.screen)))

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Chercher une commande ou un contact…",
                                            id="--command-palette"))


def run(*, content: TownContent, config: Config, data_file: Path) -> int:
    """Run the console until the user quits; returns the exit status."""
    app = HarcelementApp(content, config, data_file)
    app.run()
    return app.return_code or 0
