"""Deadlines of the procedure's steps, counted from a case's opening, and what is due today.

A step of ``content/procedure.yaml`` may carry ``deadline: 48h`` or ``deadline: 5j``
(:class:`harcelement_tui.core.content.Deadline`). For a case still in progress (not ``clos``),
each step with a deadline that is not done has a state, at a given aware moment ``now``:

* hours (``48h``): due at the moment ``opened_at + 48 h``. The step is **en retard** once that
  moment has passed (``now > due``; at the moment itself it is still on time), **aujourd'hui**
  before it when it falls on ``now``'s local date, **à faire** before that.
* days (``5j``): due by the end of the day ``D`` = the day the case was opened (its local date as
  written in ``opened_at``) + 5 days. **à faire** before ``D``, **aujourd'hui** during ``D``, **en
  retard** from midnight after ``D``.

Local dates are ``now``'s (its time zone), so a console shows the day its user lives in. A closed case
has nothing due; a case whose ``opened_at`` cannot be read has no deadlines (never an error).

Pure and cheap: done steps are checked without parsing the case's history, and ``opened_at`` is
parsed only when some step with a deadline is still to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from harcelement_tui.core.content import Content, Step
from harcelement_tui.core.model import Case, ref_key
from harcelement_tui.core.summary import follow_up_state

TO_DO = "à faire"
DUE_TODAY = "aujourd'hui"
OVERDUE = "en retard"
STATES = (OVERDUE, DUE_TODAY, TO_DO)


@dataclass(frozen=True, slots=True)
class StepDue:
    """One step still to do, with its deadline and its state at ``now``."""

    step: Step
    due_date: date
    """The local day it is due (for an hours deadline, the day of its moment)."""
    due: datetime
    """The first moment it is late after: the deadline moment (hours), or the midnight that ends
    ``due_date`` (days). Aware, in ``now``'s time zone."""
    whole_day: bool
    """True for a deadline in days: due by the end of ``due_date``, at no particular time."""
    state: str


class DueItem(NamedTuple):
    """A line of the "Aujourd'hui" list: a step (or, ``step is None``, the case's follow-up) due
    today or late, in an open case. (A named tuple: lists of thousands are built quickly.)"""

    ref: str
    pupil: str
    step: Step | None
    due_date: date
    due: datetime
    whole_day: bool
    state: str

    @property
    def key(self) -> str:
        """Unique in a list: the case's reference and the step id (``suivi`` for the follow-up)."""
        return f"{self.ref}:{self.step.id if self.step else 'suivi'}"


def when(due: StepDue | DueItem, today: date) -> str:
    """When it is due, short: ``04/03 09:30`` (hours), ``07/03`` (days); the year when not
    ``today``'s (``07/03/2027``)."""
    day = due.due_date.strftime("%d/%m") if due.due_date.year == today.year else due.due_date.strftime("%d/%m/%Y")
    moment = due.due.astimezone() if due.due.tzinfo is not None else due.due  # the reader's time
    return day if due.whole_day else f"{day} {moment:%H:%M}"


def _midnight_after(day: date, now: datetime) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=now.tzinfo)


def _opened(case: Case) -> datetime | None:
    try:
        opened = datetime.fromisoformat(case.opened_at)
    except (TypeError, ValueError):
        return None
    return opened if opened.tzinfo is not None else None


def _pending(case: Case, town: Content) -> list[Step]:
    if case.status == "clos":
        return []
    done = case.steps
    return [step for step in town.deadline_steps if step.id not in done]


def _due(step: Step, opened: datetime, now: datetime, today: date) -> tuple[date, datetime, bool, str]:
    """The rules of the module's documentation: ``(due_date, due, whole_day, state)``. A plain tuple:
    the "Aujourd'hui" list may go through tens of thousands of steps."""
    deadline = step.deadline
    assert deadline is not None
    if deadline.in_days:
        day = opened.date() + deadline.delta
        state = OVERDUE if today > day else DUE_TODAY if today == day else TO_DO
        return day, _midnight_after(day, now), True, state
    moment = (opened + deadline.delta).astimezone(now.tzinfo)
    day = moment.date()
    state = OVERDUE if now > moment else DUE_TODAY if day == today else TO_DO
    return day, moment, False, state


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None and now.utcoffset() is not None else now.astimezone()


def step_deadlines(case: Case, town: Content, now: datetime) -> list[StepDue]:
    """The case's steps with a deadline that are not done, in procedure order, with their state.

    Empty for a closed case, a procedure without deadlines, or when every such step is done.
    """
    pending = _pending(case, town)
    if not pending:
        return []
    opened = _opened(case)
    if opened is None:
        return []
    now = _aware(now)
    today = now.date()
    return [StepDue(step, *_due(step, opened, now, today)) for step in pending]


def overdue_count(case: Case, town: Content, now: datetime) -> int:
    """How many of the case's steps are late (0 for a closed case). Called for every listed case."""
    pending = _pending(case, town)
    opened = _opened(case) if pending else None
    if opened is None:
        return 0
    now = _aware(now)
    today = now.date()
    return sum(1 for step in pending if _due(step, opened, now, today)[3] == OVERDUE)


def due_today(cases: Iterable[Case], town: Content, now: datetime, *,
              follow_ups: bool = True) -> list[DueItem]:
    """What is due today or late across the open cases, most overdue first.

    Steps due today or late and, with ``follow_ups``, each case's follow-up date when it is today or
    past (as :func:`harcelement_tui.core.summary.follow_up_state` says). Sorted by the moment each
    became (or becomes) late, oldest first; then by case reference and procedure order.
    """
    now = _aware(now)
    today = now.date()
    keyed: list[tuple[datetime, tuple[int, int, str], int, DueItem]] = []
    order = {step.id: index for index, step in enumerate(town.deadline_steps)}
    for case in cases:
        if case.status == "clos":
            continue
        ref = None
        pending = _pending(case, town)
        opened = _opened(case) if pending else None
        if opened is not None:
            for step in pending:
                day, moment, whole_day, state = _due(step, opened, now, today)
                if state != TO_DO:
                    ref = ref or ref_key(case.ref)
                    keyed.append((moment, ref, order[step.id],
                                  DueItem(case.ref, case.pupil, step, day, moment, whole_day, state)))
        if follow_ups and case.follow_up:
            state = follow_up_state(case, today)
            if state is not None:
                day = date.fromisoformat(case.follow_up)
                moment = _midnight_after(day, now)
                keyed.append((moment, ref or ref_key(case.ref), -1,
                              DueItem(case.ref, case.pupil, None, day, moment, True,
                                      OVERDUE if state == "overdue" else DUE_TODAY)))
    keyed.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in keyed]


def next_change(items: Iterable[DueItem], now: datetime) -> datetime:
    """When the list made at ``now`` may next change by itself: the next midnight, or earlier the
    moment a step due today at a given hour becomes late."""
    now = _aware(now)
    moments = [item.due for item in items if item.state == DUE_TODAY and not item.whole_day and item.due >= now]
    return min([_midnight_after(now.date(), now), *(moment + timedelta(seconds=1) for moment in moments)])


__all__ = ["DUE_TODAY", "OVERDUE", "STATES", "TO_DO", "DueItem", "StepDue", "due_today", "next_change",
           "overdue_count", "step_deadlines", "when"]
