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

from harcelement_tui.ui import strings_keys, strings_labels
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
        Binding("enter", "choose", strings_keys.CHOOSE, id="share.choose", key_display=strings_keys.ENTER,
                priority=True),
        Binding("c", "pick(False)", strings_keys.FULL, id="share.full"),
        Binding("p", "pick(True)", strings_keys.PSEUDONYMISED, id="share.pseudonymised"),
        Binding("f", "switch_format", strings_keys.FORMAT, id="share.format", tooltip=strings_keys.FORMAT_TIP),
        Binding("d", "switch_since", strings_keys.SINCE_PO, id="share.since_po", tooltip=strings_keys.SINCE_PO_TIP),
        Binding("k", "pick('encrypted')", strings_keys.ENCRYPTED, id="share.encrypted"),
        Binding("escape", "pick(None)", strings_keys.CANCEL, id="share.cancel", key_display=strings_keys.ESCAPE),
    ]

    FORMAT_NAMES: ClassVar = strings_labels.FORMAT_NAMES

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
            return Content.assemble((strings_labels.CONTENT, "bold"), strings_labels.SINCE_PO,
                                    strings_labels.SWITCH_TO_WHOLE)
        return Content.assemble((strings_labels.CONTENT, "bold"), strings_labels.WHOLE_CASE,
                                strings_labels.SWITCH_TO_SINCE_PO)

    def action_switch_since(self) -> None:
        if self.po_update:
            self.since_po = not self.since_po
            self.query_one("#share-since", Static).update(self._since_line())

    def _format_line(self) -> Content:
        others = [self.FORMAT_NAMES.get(f, f) for f in self.formats if f != self.fmt]
        return Content.assemble((strings_labels.FORMAT, "bold"), self.FORMAT_NAMES.get(self.fmt, self.fmt),
                                strings_labels.OTHER_FORMATS.format(formats=", ".join(others)) if others else "")

    def action_switch_format(self) -> None:
        if self.formats:
            self.fmt = self.formats[(self.formats.index(self.fmt) + 1) % len(self.formats)]
            self.query_one("#share-format", Static).update(self._format_line())

    def compose(self) -> ComposeResult:
        with Vertical(id="share-box", classes="modal-box") as box:
            box.border_title = literal(self.title_text)
            initials = strings_labels.PSEUDONYMISED_INITIALS.format(initials=self.pupil_initials)
            options = [
                Option(Content.assemble((strings_labels.FULL_CHOICE, "bold"), "\n",
                                        (strings_labels.FULL_DETAIL, "$text-muted")),
                       id="full"),
                Option(Content.assemble((strings_labels.PSEUDONYMISED_CHOICE, "bold"), "\n",
                                        literal(initials, "$text-muted", multiline=False), "\n",
                                        (strings_labels.PSEUDONYMISED_WHO, "$text-muted"), "\n",
                                        (strings_labels.PSEUDONYMISED_OTHERS, "$text-muted")),
                       id="pseudonymised"),
            ]
            if self.encrypt:
                options.append(Option(Content.assemble(
                    (strings_labels.ENCRYPTED_CHOICE, "bold"), "\n",
                    (strings_labels.ENCRYPTED_DETAIL, "$text-muted")), id="encrypted"))
            yield OptionList(*options, id="share-choice", compact=True)
            if self.formats:
                yield Static(self._format_line(), id="share-format")
            if self.po_update:
                yield Static(self._since_line(), id="share-since")
            yield Static(strings_labels.WHERE_IT_GOES, id="share-where", markup=False)
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
