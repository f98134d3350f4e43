"""What the console derives from a case and the procedure: urgency, progress, follow-up state.

Pure functions, shared by the case list, the case view and (later) reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.applicability import applicable_steps
from harcelement_tui.core.content import Content
from harcelement_tui.core.dates import local_datetime
from harcelement_tui.core.model import Case, StepRecord, ref_key

STATUS_LABELS = D.STATUS_LABELS
STATUS_SHORT = D.STATUS_SHORT


def is_urgent(case: Case, town: Content) -> bool:
    """Threats, incitement to suicide, or intimate images of a minor (as ``content/`` flags them)."""
    for fact in town.facts:
        if fact.id in case.facts and (fact.urgent or (fact.urgent_if_minor and case.is_minor)):
            return True
    return False


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    complete_sections: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.done}/{self.total}"


def progress(case: Case, town: Content) -> Progress:
    """Steps done out of the procedure's steps that apply to the case (steps no longer in the
    procedure, and steps "sans objet", are not counted). A section is complete when every step of
    it that applies is done (one whose steps are all "sans objet" is not counted as complete)."""
    done = total = 0
    complete = []
    for section in town.sections:
        steps = applicable_steps(case, section.steps)
        section_done = sum(1 for step in steps if step.id in case.steps)
        done += section_done
        total += len(steps)
        if steps and section_done == len(steps):
            complete.append(section.id)
    return Progress(done, total, tuple(complete))


def follow_up_state(case: Case, today: date) -> str | None:
    """``"overdue"``, ``"today"`` or ``None`` for a case still in progress."""
    if case.status == "clos" or not case.follow_up:
        return None
    try:
        due = date.fromisoformat(case.follow_up)
    except ValueError:
        return None
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return None


def short_datetime(timestamp: str) -> str:
    """``2026-03-05T13:02:11+00:00`` -> ``05/03/2026 14:02`` in the reader's local time (here
    Brussels), whatever offset the session that wrote it had."""
    try:
        return local_datetime(timestamp).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError, OverflowError):
        return timestamp or ""


# What ticked a step, by the ``via`` of its record (see ``StepRecord``).
TICKED_VIA = D.TICKED_VIA


def step_done_line(record: StepRecord) -> str:
    """``fait le 29/11/2026 14:05 par dir1 (cochée par l'appel aux parents)``."""
    via = TICKED_VIA.get(record.via)
    line = D.STEP_DONE_LINE_VIA if via else D.STEP_DONE_LINE
    return line.format(when=short_datetime(record.done_at), by=record.done_by or D.UNKNOWN_USER, via=via)


def day_month(value: str, today: date) -> str:
    """``24/11`` for a date of ``today``'s year, ``2025`` (the year alone) for an older or later one."""
    try:
        day = datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return day.strftime("%d/%m") if day.year == today.year else str(day.year)


def facts_short(case: Case, town: Content) -> str:
    """The most serious fact's short label, and how many more: ``Menaces +1``."""
    if not case.facts:
        return ""
    serious = {f.id for f in town.facts if f.urgent or (f.urgent_if_minor and case.is_minor)}
    ordered = sorted(case.facts, key=lambda fact: fact not in serious)
    first = town.fact_label(ordered[0], short=True)
    return f"{first} +{len(case.facts) - 1}" if len(case.facts) > 1 else first


def last_activity(case: Case) -> str:
    return case.timeline[-1].at if case.timeline else case.updated_at


def facts_label(case: Case, town: Content) -> str:
    return ", ".join(town.fact_label(fact) for fact in case.facts)


def search_fields(case: Case, town: Content) -> tuple[str, ...]:
    """What the case list's filter looks at: ref, pupil, class, facts, status, and the names and
    classes of the case's other people (core/people.py)."""
    people = tuple(part for person in case.people for part in (person.name, person.class_group) if part)
    return (case.ref, case.pupil, case.class_group, facts_label(case, town), *case.facts,
            STATUS_LABELS.get(case.status, case.status), case.status, *people)


def sort_cases(cases: list[Case]) -> list[Case]:
    """Open cases (ouvert, suivi) first, then closed ones; newest reference first within each."""
    newest_first = sorted(cases, key=lambda case: ref_key(case.ref), reverse=True)
    return sorted(newest_first, key=lambda case: case.status == "clos")  # stable


__all__ = ["STATUS_LABELS", "STATUS_SHORT", "Progress", "day_month", "facts_short", "facts_label", "follow_up_state", "is_urgent",
           "last_activity", "progress", "search_fields", "short_datetime", "sort_cases", "step_done_line"]
