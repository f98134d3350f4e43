"""The case view: fields, urgency advice, procedure progress, timeline and evidence log."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from harcelement_tui.core.applicability import pending_postvention, skipped_steps
from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.deadlines import DUE_TODAY, OVERDUE, StepDue, step_deadlines, when
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import (
    STATUS_LABELS,
    facts_label,
    is_urgent,
    progress,
    short_datetime,
)
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.marks import mark as symbol, urgent_badge
from harcelement_tui.ui.messages import CASE_ACTIONS, CaseAction, CaseRequested
from harcelement_tui.ui.screens.people import render_people
from harcelement_tui.ui.widgets.keybar import KeyBar
from harcelement_tui.ui.text import contact_line, literal

def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label} : ", "bold"), literal(value or "—"))


# Step text in the deadlines block: the Procédure tab has it in full.
DEADLINE_TEXT_WIDTH = 46


def _shorten(text: str, width: int = DEADLINE_TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:(«") + "…"


def deadline_line(due: StepDue, now: datetime) -> Content:
    """``! en retard  04/03 09:30  Step text…``: a sign and reverse video, not colour alone."""
    if due.state == OVERDUE:
        mark, state = ("!", "bold $error"), (due.state, "bold reverse $error")
    elif due.state == DUE_TODAY:
        mark, state = ("!", "bold $warning"), (due.state, "bold $warning")
    else:
        mark, state = (" ", ""), (due.state, "")
    return Content.assemble(mark, " ", state, " " * (12 - len(due.state)),
                            when(due, now.date()).ljust(13), literal(_shorten(due.step.text)))


def render_deadlines(case: Case, town: TownContent, now: datetime | None) -> Content:
    """The steps still to do that have a deadline, with their state (empty: nothing due)."""
    if now is None:
        return Content("")
    dues = step_deadlines(case, town, now)
    if not dues:
        return Content("")
    lines = [Content.styled(strings.DEADLINES_HEADING, "bold")]
    # Soonest first (the most overdue on top), as in the Aujourd'hui tab; procedure order on ties.
    dues = sorted(dues, key=lambda due: due.due)
    lines += [deadline_line(due, now) for due in dues]
    return Content("\n").join(lines)


def render_case(case: Case, town: TownContent, now: datetime | None = None, *,
                no_color: bool = False) -> list[tuple[str, Content]]:
    """The case as (css class, content) blocks, top to bottom; always the same blocks, some empty.

    ``now`` (aware) dates the deadlines block; without it, that block is empty."""
    blocks: list[tuple[str, Content]] = []
    urgent = is_urgent(case, town)
    # Reverse video: still stands out with NO_COLOR or on a monochrome terminal.
    badge = Content.assemble(urgent_badge(strings_labels.URGENT, no_color), "  ") if urgent else Content("")
    title = Content.assemble(badge, (strings_labels.CASE_REF.format(ref=case.ref), "bold"),
                             "  ", literal(case.pupil, "bold"))
    blocks.append(("case-title", title))
    gap = "   "
    lines = [
        Content.assemble(_field(strings.STATUS, STATUS_LABELS.get(case.status, case.status)), gap,
                         _field(strings.CLASS, case.class_group), gap,
                         _field(strings.MINOR, strings.YES if case.is_minor else strings.NO)),
        _field(strings.FACTS, facts_label(case, town)),
        Content.assemble(_field(strings.PLATFORMS, ", ".join(case.platforms)), gap,
                         _field(strings.REPORTED_BY, case.reported_by)),
        Content.assemble(_field(strings.NEXT_FOLLOW_UP, format_user_date(case.follow_up)), gap,
                         _field(strings.OPENED_ON, strings.AT_BY.format(at=short_datetime(case.opened_at),
                                                                         by=case.opened_by))),
        _field(strings.SUMMARY, case.summary),
    ]
    blocks.append(("case-fields", Content("\n").join(lines)))
    advice: list[Content] = []
    if urgent:
        advice.append(Content.styled(strings.URGENT_ADVICE, "bold"))
        for item in town.urgent_advice:
            advice.append(Content.assemble("• ", literal(item.text)))
            advice += [Content.assemble(f"  {symbol('phone')} ", contact_line(town.contact(cid))) for cid in item.contacts]
    blocks.append(("case-urgent", Content("\n").join(advice)))  # empty, hence hidden, if not urgent
    prog = progress(case, town)
    done_titles = [town.section(sid).title for sid in prog.complete_sections]
    lines = [Content.assemble((strings.PROCEDURE_LABEL, "bold"), strings.STEPS_DONE.format(done=prog.label))]
    if done_titles:
        lines.append(Content.assemble(strings.SECTIONS_COMPLETE, literal(" ; ".join(done_titles))))
    for step, reason in skipped_steps(case, town):
        lines.append(Content.assemble((strings.NOT_APPLYING, "italic"), literal(" ".join(step.text.split())),
                                      " — ", literal(reason, "italic")))
    if case.postvention and (planned := pending_postvention(case, town)) is not None:
        lines.append(Content.assemble((strings.POSTVENTION_PLANNED, "bold"), format_user_date(planned[1]), " : ",
                                      literal(" ".join(planned[0].text.split()))))
    blocks.append(("case-progress", Content("\n").join(lines)))
    blocks.append(("case-deadlines", render_deadlines(case, town, now)))
    blocks.append(("case-people", render_people(case, town, now)))
    timeline = [Content.styled(strings.HISTORY_HEADING.format(count=len(case.timeline)), "bold")]
    for entry in reversed(case.timeline):
        head = Content.assemble((short_datetime(entry.at), "$text-muted"), " · ", (entry.by, "italic"), " · ")
        # Entries written by the console say what they are; a plain note gets its label.
        label = Content.styled(strings.NOTE_LABEL, "bold") if entry.kind == "note" else Content("")
        timeline.append(Content.assemble(head, label, literal(render_history(entry))))
    blocks.append(("case-timeline", Content("\n").join(timeline)))
    evidence = [Content.styled(strings.EVIDENCE_HEADING.format(count=len(case.evidence)), "bold")]
    if not case.evidence:
        evidence.append(Content.styled(strings.NO_EVIDENCE, "italic"))
    for proof in case.evidence:
        parts = [literal(proof.description), Content.assemble(strings.ORIGINAL, literal(proof.where_kept))]
        extra = " · ".join(x for x in (proof.platform, proof.url, short_datetime(proof.seen_at or "")) if x)
        if extra:
            parts.append(Content.assemble("  ", literal(extra)))
        parts.append(Content.styled(strings.NOTED_AT_BY.format(at=short_datetime(proof.at), by=proof.by), "$text-muted"))
        evidence.append(Content.assemble("• ", Content("\n").join(parts)))
    blocks.append(("case-evidence", Content("\n").join(evidence)))
    return blocks


def render_readers(readers) -> Content:
    """``Derniers accès : direction consulté 05/03 14:00 · …`` (empty: none)."""
    if not readers:
        return Content("")
    parts = [Content.assemble(literal(entry.user or "—", "italic"), f" {entry.label} ",
                              (short_datetime(entry.at), "$text-muted")) for entry in readers]
    return Content.assemble((strings.LAST_ACCESSES, "bold"), Content(" · ").join(parts))


DEADLINES_REFRESH_SECONDS = 30


class CaseViewScreen(Screen[None]):
    """One case, scrollable; its keys act on it. The app keeps it up to date."""

    BINDINGS = [
        Binding("a", "case('note')", strings_keys.NOTE, id="case.note"),
        Binding("p", "case('evidence')", strings_keys.EVIDENCE, id="case.evidence"),
        Binding("e", "case('edit')", strings_keys.EDIT, id="case.edit"),
        Binding("s", "case('status')", strings_keys.STATUS, id="case.status"),
        Binding("f", "case('follow_up')", strings_keys.FOLLOW_UP, id="case.follow_up"),
        Binding("i", "case('people')", strings_keys.PEOPLE, id="case.people", tooltip=strings_keys.PEOPLE_TIP),
        Binding("x", "case('export')", strings_keys.EXPORT_SHORT, id="case.export", tooltip=strings_keys.EXPORT_TIP),
        Binding("r", "case('report')", strings_keys.REPORT, id="case.report", tooltip=strings_keys.REPORT_TIP),
        # Échap (back, as everywhere) and q still work and are listed by ?; the key bar keeps its
        # 80 columns for the case's own keys and ? Aide.
        Binding("escape", "back", strings_keys.BACK, show=False, id="case.back"),
        Binding("q", "app.quit", strings_keys.QUIT, show=False, id="case.quit"),
    ]

    def __init__(self, case: Case, town: TownContent) -> None:
        super().__init__()
        self.case = case
        self.town = town

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="case-body"):
            for css_class, _ in render_case(self.case, self.town):
                yield Static(classes=f"case-block {css_class}")
                if css_class == "case-fields":
                    # One line kept for it from the start: the accesses are read in the
                    # background, and their arrival must not move what is below.
                    yield Static(id="case-readers")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_case(self.case)
        self.query_one("#case-body").focus()
        # Deadline states move with the clock (a step becomes late at its hour, or at midnight).
        self.set_interval(DEADLINES_REFRESH_SECONDS, self._refresh_deadlines)

    def _now(self) -> datetime | None:
        now = getattr(self.app, "now", None)
        return now() if now is not None else None

    def refresh_case(self, case: Case) -> None:
        """Show ``case`` (a newer version, or another case) without moving the scroll position.
        Only the blocks that changed are redrawn: after a note, the timeline alone."""
        if case.ref != self.case.ref:
            # Until this case's accesses are read. One line high (case.tcss): no layout pass.
            self.query_one("#case-readers", Static).update("", layout=False)
        self.case = case
        statics = self.query(".case-block").results(Static)
        for static, (_, content) in zip(statics, render_case(case, self.town, self._now(), no_color=self.app.no_color)):
            if content != static.content:
                static.update(content)
            if static.display != bool(content):
                static.display = bool(content)

    def show_readers(self, readers) -> None:
        """The last accesses to this case (access log), newest first, on one line."""
        static = self.query_one("#case-readers", Static)
        content = render_readers(readers)
        # One line high (case.tcss): redrawn alone, without a layout pass (which redraws the
        # whole screen: 5-7 KB over SSH).
        static.update(content, layout=False)

    def show_case(self, case: Case) -> None:
        """Reuse this screen for ``case`` (opening a case then builds no widgets): from the top."""
        self.refresh_case(case)
        self.query_one("#case-body").scroll_home(animate=False, immediate=True)

    def _refresh_deadlines(self) -> None:
        now = self._now()
        for css_class, content in ((".case-deadlines", render_deadlines(self.case, self.town, now)),
                                   (".case-people", render_people(self.case, self.town, now))):
            static = self.query_one(css_class, Static)
            if content != static.content:
                static.update(content)
                static.display = bool(content)

    def action_case(self, action: str) -> None:
        if action in CASE_ACTIONS:
            self.post_message(CaseRequested(cast(CaseAction, action), self.case.ref))

    def action_back(self) -> None:
        self.app.pop_screen()
