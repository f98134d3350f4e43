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

from harcelement_tui.core.applicability import next_time, skip_reason
from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.content import Step
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import progress, step_done_line
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.marks import mark as symbol
from harcelement_tui.ui.messages import StepSkipped, StepToggled
from harcelement_tui.ui.text import contact_line, literal

NO_CASE = strings.PROCEDURE_NO_CASE


def _case_head(ref: str) -> Content:
    """``Cas 2026-001`` in bold, the reference a span of its own (as it has always been drawn)."""
    before, _, after = strings_labels.CASE_REF.partition("{ref}")
    return Content.assemble(*[(text, "bold") for text in (before, ref, after) if text])


class ProcedureList(OptionList):
    """Steps as options; section titles as non-selectable headers."""


class ProcedurePane(Vertical):
    """The procedure, readable at 80×24 by scrolling with the arrow keys."""

    BINDINGS = [
        Binding("space", "toggle_step", strings_keys.TICK, id="procedure.toggle",
                tooltip=strings_keys.STEP_TICK_TIP),
        Binding("o", "skip_step", strings_keys.NOT_APPLYING, id="procedure.skip",
                tooltip=strings_keys.NOT_APPLYING_TIP),
    ]

    def __init__(self, content: TownContent, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = content
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield Static(literal(NO_CASE), id="procedure-case", classes="case-line")
        yield ProcedureList(*self._options(), id="procedure-list")

    def _options(self) -> list[Option]:
        # The town's title and introduction first: they scroll away as the steps are read.
        intro = Content.assemble((" ".join(self.town.title.split()), "bold"))
        if self.town.intro:
            intro = Content.assemble(intro, "\n", literal(" ".join(self.town.intro.split()), "italic"))
        options: list[Option] = [Option(Content.assemble(intro, "\n"), id="procedure-intro", disabled=True)]
        for number, section in enumerate(self.town.sections, 1):
            header = Content.assemble((f"{number}. {section.title}", "bold"))
            if section.note:
                header = Content.assemble(header, "\n", (section.note, "italic"))
            options.append(Option(header, id=f"section:{section.id}", disabled=True))
            for step in section.steps:
                options.append(Option(self._step_prompt(step), id=f"step:{step.id}"))
        return options

    def _step_prompt(self, step: Step) -> Content:
        reason = skip_reason(self.case, step) if self.case is not None else None
        if self.case is None:
            mark: Content = Content("• ")
        elif reason is not None:
            mark = Content.styled("[-] ", "$text-muted")
        elif step.id in self.case.steps:
            mark = Content.styled("[x] ", "bold $success")
        else:
            mark = Content("[ ] ")
        lines = [Content.assemble(mark, literal(step.text, "$text-muted" if reason is not None else ""))]
        record = self.case.steps.get(step.id) if self.case is not None else None
        if reason is not None:
            not_applying = strings_labels.STEP_NOT_APPLYING.format(reason=reason)
            lines.append(Content.assemble("    ", literal(not_applying, "italic")))
        elif record is not None:
            lines.append(Content.assemble("    ", literal(step_done_line(record), "italic $text-success")))
            if record.note:
                label = f"{step.ask} " if step.ask else ""
                lines.append(Content.assemble("    ", literal(f"{label}{record.note}", "italic")))
            again = next_time(step, record)
            if again is not None and self.case is not None and self.case.status != "clos":
                lines.append(Content.styled(strings_labels.STEP_AGAIN.format(date=format_user_date(again)),
                                            "italic"))
        for contact_id in step.contacts:
            lines.append(Content.assemble(f"    {symbol('phone')} ", contact_line(self.town.contact(contact_id))))
        return Content("\n").join(lines)

    def show_case(self, case: Case | None, *, draw: bool = True) -> None:
        """Show ticks for ``case`` (or none), keeping the highlighted step. ``draw=False``: follow
        it now, draw it later (while a case view covers the tabs)."""
        self.case = case
        if not draw:
            return
        listing = self.query_one(ProcedureList)
        for step in self.town.steps():
            listing.replace_option_prompt(f"step:{step.id}", self._step_prompt(step))
        line = self.query_one("#procedure-case", Static)
        if case is None:
            line.update(literal(NO_CASE))
        else:
            done = progress(case, self.town)
            line.update(Content.assemble(_case_head(case.ref), " · ",
                                         literal(case.pupil), strings_labels.CASE_PROGRESS.format(done=done.label)))

    @property
    def highlighted_step(self) -> str | None:
        option = self.query_one(ProcedureList).highlighted_option
        if option is None or option.id is None or not option.id.startswith("step:"):
            return None
        return option.id.removeprefix("step:")

    def _step_for_case(self) -> str | None:
        """The highlighted step, when there is one and a current case to tick it in."""
        step_id = self.highlighted_step
        if step_id is not None and self.case is None:
            self.notify(NO_CASE, severity="warning")
            return None
        return step_id

    def action_toggle_step(self) -> None:
        if (step_id := self._step_for_case()) is not None:
            self.post_message(StepToggled(step_id))

    def action_skip_step(self) -> None:
        if (step_id := self._step_for_case()) is not None:
            self.post_message(StepSkipped(step_id))

    def focus_main(self) -> None:
        self.query_one(ProcedureList).focus()
