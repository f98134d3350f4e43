"""Parents tab: what to say, and warn against, when calling the victim's parents.

During the call `space` ticks each point said; `a` logs the call in the current case, listing them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.content import ParentPoint
from harcelement_tui.core.model import Case
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.messages import CallLogged, SheetRequested
from harcelement_tui.ui.text import literal

NO_CASE = strings.PARENTS_NO_CASE


class ParentsPane(Vertical):
    """The parent guidance, grouped so it can be read aloud during the call."""

    BINDINGS = [
        Binding("space", "toggle_point", strings_keys.TICK, id="parents.toggle", tooltip=strings_keys.POINT_TIP),
        Binding("a", "log_call", strings_keys.LOG_CALL, id="parents.log_call",
                tooltip=strings_keys.LOG_CALL_TIP),
        Binding("d", "parents_sheet", strings_keys.PARENTS_SHEET, id="parents.sheet",
                tooltip=strings_keys.PARENTS_SHEET_TIP),
    ]

    def __init__(self, content: TownContent, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = content
        self.case: Case | None = None
        self.ticked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(literal(NO_CASE), id="parents-case", classes="case-line")
        if self.town.parents_intro:
            yield Static(literal(self.town.parents_intro), id="parents-intro", classes="intro")
        yield OptionList(*self._options(), id="parents-list")

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for group in self.town.parent_groups:
            options.append(Option(literal(group.title, "bold"), id=f"group:{group.id}", disabled=True))
            for point in group.points:
                options.append(Option(self._point_prompt(point), id=f"point:{point.id}"))
        return options

    def _point_prompt(self, point: ParentPoint) -> Content:
        if self.case is None:
            mark = Content("• ")
        elif point.id in self.ticked:
            mark = Content.styled("[x] ", "bold $success")
        else:
            mark = Content("[ ] ")
        lines = [Content.assemble(mark, literal(point.text))]
        lines += [Content.assemble("    – ", literal(detail)) for detail in point.details]
        return Content("\n").join(lines)

    def _redraw(self) -> None:
        listing = self.query_one(OptionList)
        for point in self.town.parent_points():
            listing.replace_option_prompt(f"point:{point.id}", self._point_prompt(point))
        line = self.query_one("#parents-case", Static)
        if self.case is None:
            line.update(literal(NO_CASE))
        else:
            points = strings.points_ticked(len(self.ticked))
            line.update(Content.assemble((strings_labels.CALL_FOR_CASE, "bold"), (self.case.ref, "bold"), " · ",
                                         literal(self.case.pupil), strings.PARENTS_CALL_LINE.format(points=points)))

    def show_case(self, case: Case | None, *, draw: bool = True) -> None:
        """Follow the current case; ticks belong to one call of one case. ``draw=False``: follow it
        now, draw it later (while a case view covers the tabs)."""
        if case is None or self.case is None or case.ref != self.case.ref:
            self.ticked.clear()
        self.case = case
        if draw:
            self._redraw()

    def action_toggle_point(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None or not option.id.startswith("point:"):
            return
        if self.case is None:
            self.notify(NO_CASE, severity="warning")
            return
        self.ticked ^= {option.id.removeprefix("point:")}
        self._redraw()

    def ticked_points(self) -> list[ParentPoint]:
        return [point for point in self.town.parent_points() if point.id in self.ticked]

    def action_log_call(self) -> None:
        self.post_message(CallLogged(self.ticked_points()))

    def action_parents_sheet(self) -> None:
        self.post_message(SheetRequested("parents"))

    def call_logged(self) -> None:
        """The call is saved: no point ticked, and the cursor back on the first point, so that the
        next call starts where the list does (keys typed in a burst tick the points meant)."""
        self.ticked.clear()
        self._redraw()
        listing = self.query_one(OptionList)
        listing.highlighted = next((index for index in range(listing.option_count)
                                    if not listing.get_option_at_index(index).disabled), None)

    def focus_main(self) -> None:
        self.query_one(OptionList).focus()
