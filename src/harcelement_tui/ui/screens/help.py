"""Help: every key of the view the user was in, read from the active bindings."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from harcelement_tui.ui import strings_keys, strings_labels
from harcelement_tui.ui.text import literal

# Keys handled by Textual's own widgets, described once (their own texts are English).
NAVIGATION = strings_keys.NAVIGATION

# Where the data-protection rules are (the register entry a school's DPO copies).
PROTECTION_NOTE = strings_labels.PROTECTION_NOTE


@dataclass(frozen=True)
class KeyHelp:
    keys: str
    description: str


def keys_of(screen: Screen) -> list[KeyHelp]:
    """The application's own keys active on ``screen``, one line per action, in binding order.

    The console's bindings all carry an ``id``; Textual's widgets' own (English) bindings do not,
    and are summed up in :data:`NAVIGATION` instead.
    """
    app = screen.app
    seen: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.id is None:
            continue
        seen.setdefault((binding.action, binding.description), []).append(app.get_key_display(binding))
    return [KeyHelp(" / ".join(dict.fromkeys(keys)), description) for (_, description), keys in seen.items()]


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys; any of escape, q, ? or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", strings_keys.CLOSE_HELP, id="help.close"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp], data_file: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys
        self.data_file = data_file
        """« Équipe equipe · fichier partagé : /srv/… », shown at the foot (which file am I on)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(literal(strings_labels.HELP_TITLE.format(title=self.title_text), "bold"), classes="help-title")
            if self.data_file:
                yield Static(literal(self.data_file, "italic"), classes="help-keys")
            yield Static(self._table(self.keys), classes="help-keys")
            yield Static(literal(strings_labels.NAVIGATION, "bold"), classes="help-title")
            yield Static(self._table([KeyHelp(k, d) for k, d in NAVIGATION]), classes="help-keys")
            yield Static(
                literal(strings_labels.NO_MOUSE, "italic"),
                classes="help-foot",
            )
            yield Static(literal(PROTECTION_NOTE, "italic"), classes="help-foot")

    @staticmethod
    def _table(rows: list[KeyHelp]) -> Content:
        width = max((len(row.keys) for row in rows), default=0) + 2
        return Content("\n").join(
            Content.assemble((row.keys.ljust(width), "bold $accent"), literal(row.description))
            for row in rows
        )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
