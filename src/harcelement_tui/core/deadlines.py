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

Steps "sans objet" for a case (``core/applicability.py``) have no deadline. A step with
``repeat: 14j`` that is done is due again 14 days after the local day of its last tick (whole-day
rules), while the case is open. A closed case whose postvention is planned and not done has that
step due on the planned day (whole-day rules), and only that.

Pure and cheap: done steps are checked without parsing the case's history, and ``opened_at`` is
parsed only when some step with a deadline is still to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from harcelement_tui.core.applicability import applicable_steps, pending_postvention
from harcelement_tui.core.content import Content, Deadline, Step
from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.dates import add_days, in_range, shift, to_zone
from harcelement_tui.core.model import Case, ref_key
from harcelement_tui.core.people import hearing_steps
from harcelement_tui.core.summary import follow_up_state

TO_DO = D.TO_DO
DUE_TODAY = D.DUE_TODAY
OVERDUE = D.OVERDUE
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
    return datetime.combine(add_days(day, 1), time(0), tzinfo=now.tzinfo)


def _moment(timestamp: str | None) -> datetime | None:
    """An aware moment in the supported range, or ``None`` (unreadable, naive, or out of range: a
    file from elsewhere gives no deadline rather than a wrong one)."""
    if not isinstance(timestamp, str):
        return None
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None and in_range(moment.date()) else None


def _opened(case: Case) -> datetime | None:
    return _moment(case.opened_at)


def _pending(case: Case, town: Content) -> list[tuple[Step, Deadline, str | None]]:
    """The steps with something due: ``(step, delay, since)``, ``since`` being the moment the delay
    counts from (``None``: the case's opening; else the last tick of a repeated step)."""
    if case.status == "clos":
        return []
    done = case.steps
    pending: list[tuple[Step, Deadline, str | None]] = []
    for step in applicable_steps(case, town.deadline_steps):
        if step.id not in done:
            if step.deadline is not None:
                pending.append((step, step.deadline, None))
        elif step.repeat is not None:
            pending.append((step, step.repeat, done[step.id].done_at))
    return pending


def _since(since: str | None, opened: datetime | None) -> datetime | None:
    return opened if since is None else _moment(since)


def _due(delay: Deadline, opened: datetime, now: datetime, today: date) -> tuple[date, datetime, bool, str]:
    """The rules of the module's documentation: ``(due_date, due, whole_day, state)``, ``delay``
    counted from ``opened``. A plain tuple: the "Aujourd'hui" list may go through tens of thousands
    of steps."""
    if delay.in_days:
        return _due_on(add_days(opened.date(), delay.delta.days), now, today)
    moment = to_zone(shift(opened, delay.delta), now.tzinfo)
    day = moment.date()
    state = OVERDUE if now > moment else DUE_TODAY if day == today else TO_DO
    return day, moment, False, state


def _due_on(day: date, now: datetime, today: date) -> tuple[date, datetime, bool, str]:
    state = OVERDUE if today > day else DUE_TODAY if today == day else TO_DO
    return day, _midnight_after(day, now), True, state


def _dues(case: Case, town: Content, now: datetime, today: date) -> Iterator[tuple[Step, tuple]]:
    """Each step with something due in ``case`` and its ``_due`` tuple."""
    pending = _pending(case, town)
    people = bool(case.people) and case.status != "clos"
    opened = _opened(case) if people or any(since is None for _, _, since in pending) else None
    for step, delay, since in pending:
        base = _since(since, opened)
        if base is not None:
            yield step, _due(delay, base, now, today)
    if people and opened is not None:
        # People to hear (core/people.py), as pseudo-steps after the procedure's steps, each counted
        # from the opening or, when added later, from when they were added.
        for step, added in hearing_steps(case, town):
            assert step.deadline is not None
            later = added is not None and in_range(added.date()) and added > opened
            yield step, _due(step.deadline, added if later and added is not None else opened, now, today)
    if case.status == "clos" and (planned := pending_postvention(case, town)) is not None:
        yield planned[0], _due_on(planned[1], now, today)


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None and now.utcoffset() is not None else now.astimezone()


def step_deadlines(case: Case, town: Content, now: datetime) -> list[StepDue]:
    """The case's steps with a deadline that are not done, in procedure order, with their state.

    Empty for a closed case, a procedure without deadlines, or when every such step is done.
    """
    now = _aware(now)
    return [StepDue(step, *due) for step, due in _dues(case, town, now, now.date())]


def overdue_count(case: Case, town: Content, now: datetime) -> int:
    """How many of the case's steps are late (for a closed case, only a late postvention). Called
    for every listed case."""
    now = _aware(now)
    return sum(1 for _, due in _dues(case, town, now, now.date()) if due[3] == OVERDUE)


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
    postvention = town.postvention_step
    for case in cases:
        if case.status == "clos" and (postvention is None or not case.postvention):
            continue
        ref = None
        for step, (day, moment, whole_day, state) in _dues(case, town, now, today):
            if state != TO_DO:
                ref = ref or ref_key(case.ref)
                keyed.append((moment, ref, order.get(step.id, len(order)),
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
    return min([_midnight_after(now.date(), now), *(shift(moment, timedelta(seconds=1)) for moment in moments)])


__all__ = ["DUE_TODAY", "OVERDUE", "STATES", "TO_DO", "DueItem", "StepDue", "due_today", "next_change",
           "overdue_count", "step_deadlines", "when"]
