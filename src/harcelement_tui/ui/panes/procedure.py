"""Procédure tab: the town's procedure, section by section, with the services each step names."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.content import Step
from harcelement_tui.ui.text import contact_line, literal


class ProcedureList(OptionList):
    """Steps as options; section titles as non-selectable headers."""


class ProcedurePane(Vertical):
    """The procedure, readable at 80×24 by scrolling with the arrow keys."""

    def __init__(self, content: TownContent, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = content

    def compose(self) -> ComposeResult:
        yield ProcedureList(*self._options(), id="procedure-list")

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for number, section in enumerate(self.town.sections, 1):
            header = Content.assemble((f"{number}. {section.title}", "bold"))
            if section.note:
                header = Content.assemble(header, "\n", (section.note, "italic"))
            options.append(Option(header, id=f"section:{section.id}", disabled=True))
            for step in section.steps:
                options.append(Option(self._step_prompt(step), id=f"step:{step.id}"))
        return options

    def _step_prompt(self, step: Step) -> Content:
        lines = [Content.assemble("• ", literal(step.text))]
        for contact_id in step.contacts:
            lines.append(Content.assemble("  ☎ ", contact_line(self.town.contact(contact_id))))
        return Content("\n").join(lines)

    def focus_main(self) -> None:
        self.query_one(ProcedureList).focus()
