"""Procédure tab: the town's procedure, section by section, with the services each step names.

With a current case, each step shows whether it is done (who, when) and `space` ticks it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.content import Step
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import progress, short_datetime
from harcelement_tui.ui.marks import mark as symbol
from harcelement_tui.ui.text import contact_line, literal

NO_CASE = ("Aucun cas en cours : ouvrez un cas dans l'onglet 4 (Cas, puis Entrée) "
           "pour cocher les étapes faites.")


class ProcedureList(OptionList):
    """Steps as options; section titles as non-selectable headers."""


class ProcedurePane(Vertical):
    """The procedure, readable at 80×24 by scrolling with the arrow keys."""

    BINDINGS = [
        Binding("space", "toggle_step", "Cocher", id="procedure.toggle",
                tooltip="Cocher ou décocher l'étape pour le cas en cours"),
    ]

    def __init__(self, content: TownContent, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = content
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Static(literal(NO_CASE), id="procedure-case", classes="case-line")
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
        if self.case is None:
            mark: Content = Content("• ")
        elif step.id in self.case.steps:
            mark = Content.styled("[x] ", "bold $success")
        else:
            mark = Content("[ ] ")
        lines = [Content.assemble(mark, literal(step.text))]
        record = self.case.steps.get(step.id) if self.case is not None else None
        if record is not None:
            done = f"    fait le {short_datetime(record.done_at)} par {record.done_by}"
            lines.append(Content.styled(done, "italic $text-success"))
            if record.note:
                lines.append(Content.assemble("    ", literal(record.note, "italic")))
        for contact_id in step.contacts:
            lines.append(Content.assemble(f"    {symbol('phone')} ", contact_line(self.town.contact(contact_id))))
        return Content("\n").join(lines)

    def show_case(self, case: Case | None) -> None:
        """Show ticks for ``case`` (or none), keeping the highlighted step."""
        self.case = case
        listing = self.query_one(ProcedureList)
        for step in self.town.steps():
            listing.replace_option_prompt(f"step:{step.id}", self._step_prompt(step))
        line = self.query_one("#procedure-case", Static)
        if case is None:
            line.update(literal(NO_CASE))
        else:
            done = progress(case, self.town)
            line.update(Content.assemble(("Cas ", "bold"), (case.ref, "bold"), " · ", literal(case.pupil),
                                         f" — {done.label} étapes faites. Espace : cocher / décocher."))

    @property
    def highlighted_step(self) -> str | None:
        option = self.query_one(ProcedureList).highlighted_option
        if option is None or not (option.id or "").startswith("step:"):
            return None
        return option.id.removeprefix("step:")

    def action_toggle_step(self) -> None:
        step_id = self.highlighted_step
        if step_id is None:
            return
        if self.case is None:
            self.notify(NO_CASE, severity="warning")
            return
        self.app.toggle_step(step_id)  # type: ignore[attr-defined]

    def focus_main(self) -> None:
        self.query_one(ProcedureList).focus()
