"""Before a report or an export: full, pseudonymised or encrypted; which format; since when."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.ui.screens.stylesheet import forms_css_paths
from harcelement_tui.ui.text import literal
from harcelement_tui.ui.widgets.keybar import KeyBar


class ShareChoiceModal(ModalScreen["bool | str | None"]):
    """Before a report or an export: full, or pseudonymised? Dismisses ``False`` (full), ``True``
    (pseudonymised) or ``None`` (cancelled).

    ``enter`` takes the highlighted choice, which starts on *full*: the common path costs one key.
    ``c`` and ``p`` choose directly; ``escape`` cancels. With ``formats`` (a report: the configured
    format first), ``f`` switches to the other one; :attr:`fmt` is the format chosen. With
    ``po_update`` (a report), ``d`` switches between the whole case and only what changed since the
    pouvoir organisateur was last informed; :attr:`since_po` says which.
    """

    CSS_PATH = forms_css_paths()

    BINDINGS: ClassVar = [
        Binding("enter", "choose", "Choisir", id="share.choose", key_display="Entrée", priority=True),
        Binding("c", "pick(False)", "Complet", id="share.full"),
        Binding("p", "pick(True)", "Pseudonymisé", id="share.pseudonymised"),
        Binding("f", "switch_format", "Format", id="share.format",
                tooltip="L'autre format : Markdown au lieu de PDF, ou l'inverse"),
        Binding("d", "switch_since", "Depuis PO", id="share.since_po",
                tooltip="Seulement ce qui a changé depuis la dernière information au pouvoir organisateur"),
        Binding("k", "pick('encrypted')", "Chiffré", id="share.encrypted"),
        Binding("escape", "pick(None)", "Annuler", id="share.cancel", key_display="Échap"),
    ]

    FORMAT_NAMES: ClassVar = {"pdf": "PDF", "md": "Markdown"}

    def __init__(self, *, title: str, pupil_initials: str, formats: tuple[str, ...] = (),
                 po_update: bool = False, encrypt: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.pupil_initials = pupil_initials
        self.formats = formats
        self.fmt = formats[0] if formats else ""
        self.po_update = po_update
        self.since_po = False
        self.encrypt = encrypt
        """Offer a third choice, the full export encrypted (dismissed as ``"encrypted"``)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_format":
            return bool(self.formats)
        if action == "switch_since":
            return self.po_update
        if action == "pick" and parameters == ("encrypted",):
            return self.encrypt
        return True

    def _since_line(self) -> Content:
        if self.since_po:
            return Content.assemble(("Contenu : ", "bold"), "depuis la dernière information au PO",
                                    "   (d : tout le cas)")
        return Content.assemble(("Contenu : ", "bold"), "tout le cas",
                                "   (d : depuis la dernière information au PO)")

    def action_switch_since(self) -> None:
        if self.po_update:
            self.since_po = not self.since_po
            self.query_one("#share-since", Static).update(self._since_line())

    def _format_line(self) -> Content:
        others = [self.FORMAT_NAMES.get(f, f) for f in self.formats if f != self.fmt]
        return Content.assemble(("Format : ", "bold"), self.FORMAT_NAMES.get(self.fmt, self.fmt),
                                f"   (f : {', '.join(others)})" if others else "")

    def action_switch_format(self) -> None:
        if self.formats:
            self.fmt = self.formats[(self.formats.index(self.fmt) + 1) % len(self.formats)]
            self.query_one("#share-format", Static).update(self._format_line())

    def compose(self) -> ComposeResult:
        with Vertical(id="share-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            options = [
                Option(Content.assemble(("Complet (c)", "bold"), "\n",
                                        ("  nom de l'élève, classe, tous les champs", "$text-muted")),
                       id="full"),
                Option(Content.assemble(("Pseudonymisé (p)", "bold"), "\n",
                                        literal(f"  initiales {self.pupil_initials} partout, notes comprises ;",
                                                "$text-muted", multiline=False), "\n",
                                        ("  sans classe ni personne qui a signalé ; utilisateurs numérotés",
                                         "$text-muted"), "\n",
                                        ("  autres personnes du cas : leur rôle et un numéro (« témoin 1 »)",
                                         "$text-muted")),
                       id="pseudonymised"),
            ]
            if self.encrypt:
                options.append(Option(Content.assemble(
                    ("Chiffré (k)", "bold"), "\n",
                    ("  complet, chiffré par une phrase de passe (.age) : pour un changement d'école",
                     "$text-muted")), id="encrypted"))
            yield OptionList(*options, id="share-choice", compact=True)
            if self.formats:
                yield Static(self._format_line(), id="share-format")
            if self.po_update:
                yield Static(self._since_line(), id="share-since")
            yield Static("Le fichier va dans exports/, à côté du fichier des cas, lisible par vous seul "
                         "(par l'équipe dans un dossier d'équipe) ; son chemin s'affiche ensuite.",
                         id="share-where", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        choice = self.query_one("#share-choice", OptionList)
        choice.highlighted = 0
        choice.focus()

    def action_choose(self) -> None:
        option = self.query_one("#share-choice", OptionList).highlighted_option
        if option is not None and option.id == "encrypted":
            self.dismiss("encrypted")
            return
        self.dismiss(option is not None and option.id == "pseudonymised")

    def action_pick(self, pseudonymised: bool | None) -> None:
        self.dismiss(pseudonymised)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # enter is the screen's (priority) key; a mouse click lands here
        self.dismiss("encrypted" if event.option.id == "encrypted" else event.option.id == "pseudonymised")
