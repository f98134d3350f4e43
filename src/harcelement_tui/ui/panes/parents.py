"""Parents tab: what to say, and warn against, when calling the victim's parents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.content import ParentPoint
from harcelement_tui.ui.text import literal


class ParentsPane(Vertical):
    """The parent guidance, grouped so it can be read aloud during the call."""

    def __init__(self, content: TownContent, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = content

    def compose(self) -> ComposeResult:
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

    @staticmethod
    def _point_prompt(point: ParentPoint) -> Content:
        lines = [Content.assemble("• ", literal(point.text))]
        lines += [Content.assemble("    – ", literal(detail)) for detail in point.details]
        return Content("\n").join(lines)

    def focus_main(self) -> None:
        self.query_one(OptionList).focus()
