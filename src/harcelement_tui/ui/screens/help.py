"""Help: every key of the view the user was in, read from the active bindings."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from harcelement_tui.ui.text import literal

# Keys handled by Textual's own widgets, described once in French (their own texts are English).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓", "se déplacer dans la liste"),
    ("PgPréc PgSuiv", "page précédente / suivante"),
    ("Tab  Maj+Tab", "zone suivante / précédente"),
    ("Entrée", "valider"),
    ("Échap", "fermer une fenêtre, effacer un filtre"),
)


# Where the data-protection rules are (the register entry a school's DPO copies).
PROTECTION_NOTE = (
    "Protection des données (ce qui est gardé, qui voit quoi, journal des accès, exports chiffrés, "
    "demande d'accès d'un parent) : docs/protection-des-donnees.md. Ctrl+L masque l'écran ; ce "
    "n'est pas un verrou."
)


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
        Binding("escape,q,question_mark,f1", "dismiss", "Fermer l'aide", id="help.close"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp], data_file: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys
        self.data_file = data_file
        """« Équipe equipe · fichier partagé : /srv/… », shown at the foot (which file am I on)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(literal(f"Aide — {self.title_text}", "bold"), classes="help-title")
            if self.data_file:
                yield Static(literal(self.data_file, "italic"), classes="help-keys")
            yield Static(self._table(self.keys), classes="help-keys")
            yield Static(literal("Navigation", "bold"), classes="help-title")
            yield Static(self._table([KeyHelp(k, d) for k, d in NAVIGATION]), classes="help-keys")
            yield Static(
                literal("Aucune action ne demande la souris. Échap, q, ? ou F1 ferme cette aide.", "italic"),
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
