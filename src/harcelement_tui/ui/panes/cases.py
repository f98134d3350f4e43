"""Cas tab: the case list, filtered as you type; opens, creates, exports and re-statuses cases."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import (
    STATUS_SHORT,
    day_month,
    facts_short,
    follow_up_state,
    is_urgent,
    last_activity,
    progress,
    search_fields,
    sort_cases,
)
from harcelement_tui.core.text import matches
from harcelement_tui.ui.panes.filtered import FilteredTablePane
from harcelement_tui.ui.widgets import TextInput
from harcelement_tui.ui.text import cell

URGENT_MARK = "⚠ "
EMPTY_TEXT = (
    "Aucun cas pour l'instant.\n\n"
    "Appuyez sur n pour ouvrir un nouveau cas : élève, classe, faits signalés, plateformes, "
    "résumé et date du prochain suivi. Le cas devient le cas en cours, affiché en haut de "
    "chaque onglet."
)


class CaseTable(DataTable):
    """One row per case; every cell is Content, so nothing typed by a user is read as markup."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Ouvrir", id="cases.open_row",
                tooltip="Ouvrir le cas et en faire le cas en cours"),
    ]


class CasesPane(FilteredTablePane, can_focus=True):
    BINDINGS = [
        Binding("n", "new_case", "Nouveau", id="cases.new"),
        Binding("s", "status", "Statut", id="cases.status"),
        Binding("x", "export", "Exporter", id="cases.export"),
    ]

    class Action(Message):
        """Asks the app to act on a case: ``open``, ``new``, ``status`` or ``export``."""

        def __init__(self, action: str, ref: str | None) -> None:
            super().__init__()
            self.action = action
            self.ref = ref

    def __init__(self, town: TownContent, today: date | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = town
        self.today = today
        self.cases: list[Case] = []
        self.shown: list[Case] = []

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder="Filtrer : réf., élève, classe, faits, statut  ( / )", id="cases-filter",
                    compact=True)
        table = CaseTable(id="cases-table", cursor_type="row", zebra_stripes=True)
        # 60 columns of text + 2 of padding per column: fits 80 columns with the scroll bar.
        labels = (("Réf.", 10), ("Ouvert", 6), ("Élève", 10), ("Faits", 10), ("Statut", 6), ("Étapes", 6),
                  ("Suivi", 6), ("Activ.", 6))
        for (label, width), key in zip(labels, self.COLUMNS):
            table.add_column(label, key=key, width=width)
        yield table
        yield Static(EMPTY_TEXT, id="cases-empty", classes="empty-state", markup=False)

    def on_mount(self) -> None:
        self._refill()

    # -- data ---------------------------------------------------------------------------------

    COLUMNS = ("ref", "opened", "pupil", "facts", "status", "steps", "follow_up", "activity")

    def set_cases(self, cases: list[Case]) -> None:
        """Replace the list (after a load or another session's change), keeping the cursor on its case.

        When the same cases are listed in the same order (the usual case after a note or a tick),
        only the rows of the cases that changed are redrawn: rebuilding a table of thousands of
        rows would freeze the keyboard for a moment after every write.
        """
        ordered = sort_cases(cases)
        before = {case.ref: case for case in self.cases}
        same_rows = [(c.ref, c.status) for c in ordered] == [(c.ref, c.status) for c in self.cases]
        self.cases = ordered
        query = self.filter_input.value
        if not same_rows or not self.is_mounted:
            self._refill(query)
            return
        changed = [case for case in ordered if before[case.ref] is not case and before[case.ref] != case]
        if any(matches(query, search_fields(c, self.town)) != matches(query, search_fields(before[c.ref], self.town))
               for c in changed):
            self._refill(query)
            return
        shown = {case.ref for case in self.shown}
        today = self.today or date.today()
        by_ref = {case.ref: case for case in ordered}
        self.shown = [by_ref[case.ref] for case in self.shown]
        for case in changed:
            if case.ref in shown:
                for column, value in zip(self.COLUMNS, self._row(case, today)):
                    self.table.update_cell(case.ref, column, value)

    def _row(self, case: Case, today: date) -> tuple[Content, ...]:
        urgent = is_urgent(case, self.town)
        state = follow_up_state(case, today)
        # Urgency and due follow-ups are marked by a sign, not by colour alone.
        ref = Content.assemble((URGENT_MARK, "bold $error") if urgent else "  ", cell(case.ref, "bold" if urgent else ""))
        follow = day_month(case.follow_up, today) if case.follow_up else "—"
        if state == "overdue":
            follow_cell = Content.assemble(("!", "bold $error"), cell(follow, "bold $error reverse"))
        elif state == "today":
            follow_cell = Content.assemble(("!", "bold $warning"), cell(follow, "bold $warning"))
        else:
            follow_cell = Content.assemble(" ", cell(follow))
        return (
            ref,
            cell(day_month(case.opened_at, today)),
            cell(case.pupil) if not case.purged else cell("— purgé —", "italic"),
            cell(facts_short(case, self.town)),
            cell(STATUS_SHORT.get(case.status, case.status)),
            cell(progress(case, self.town).label),
            follow_cell,
            cell(day_month(last_activity(case), today)),
        )

    def _refill(self, query: str = "") -> None:
        table = self.table
        keep = self.selected.ref if self.selected else None
        today = self.today or date.today()
        table.clear()
        self.shown = [c for c in self.cases if matches(query, search_fields(c, self.town))]
        for case in self.shown:
            table.add_row(*self._row(case, today), key=case.ref)
        if keep is not None and keep in {c.ref for c in self.shown}:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        empty = not self.cases
        self.query_one("#cases-empty").display = empty
        table.display = not empty
        self.query_one("#cases-filter").display = not empty
        self.refresh_bindings()

    def by_ref(self, ref: str) -> Case | None:
        return next((case for case in self.cases if case.ref == ref), None)

    # -- actions (carried out by the app) ------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def _ask(self, action: str, needs_case: bool = True) -> None:
        case = self.selected
        if needs_case and case is None:
            self.notify("Aucun cas sélectionné.", severity="warning")
            return
        self.post_message(self.Action(action, case.ref if case else None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a selected case are hidden while the list is empty."""
        if action in ("open_case", "status", "export", "filter", "clear_filter") and not self.cases:
            return False
        return True

    def action_open_case(self) -> None:
        self._ask("open")

    def action_new_case(self) -> None:
        self._ask("new", needs_case=False)

    def action_status(self) -> None:
        self._ask("status")

    def action_export(self) -> None:
        self._ask("export")

    def focus_main(self) -> None:
        if self.cases:
            self.table.focus()
        else:
            self.focus()
