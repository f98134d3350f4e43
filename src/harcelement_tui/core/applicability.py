"""Which of the procedure's steps apply to a case, and the postvention planned after closing.

A step is "sans objet" for a case when someone declared it so, with a reason (stored in
``Case.not_applicable``), or by itself when content says it applies only to a minor
(``only_if: minor``) and the pupil is not one. Progress, deadlines, the "Aujourd'hui" list,
statistics and the report count only the steps that apply, and list the others with their reason.

The postvention is the step content marks ``after_closing`` (the general information to parents,
"bien après que la situation soit apaisée"): closing a case may plan it for a date; until it is
done the closed case comes back in "Aujourd'hui" on that date and is not purged.
"""

from __future__ import annotations

from datetime import date, datetime

from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.content import Content, Step
from harcelement_tui.core.dates import add_days
from harcelement_tui.core.model import Case, StepRecord

ADULT_REASON = D.ADULT_REASON


def skip_reason(case: Case, step: Step) -> str | None:
    """Why ``step`` does not apply to ``case``, or ``None`` when it applies."""
    record = case.not_applicable.get(step.id) if case.not_applicable else None
    if record is not None:
        return record.reason or D.NOT_APPLICABLE
    if step.only_if == "minor" and not case.is_minor:
        return ADULT_REASON
    return None


def applies(case: Case, step: Step) -> bool:
    return skip_reason(case, step) is None


def applicable_steps(case: Case, steps: tuple[Step, ...]) -> list[Step]:
    """``steps`` less those that do not apply to ``case``; cheap when none is skipped."""
    if not case.not_applicable and case.is_minor:
        return list(steps)
    return [step for step in steps if applies(case, step)]


def skipped_steps(case: Case, town: Content) -> list[tuple[Step, str]]:
    """The steps that do not apply to ``case``, in procedure order, with their reason."""
    found = []
    for step in town.steps():
        reason = skip_reason(case, step)
        if reason is not None:
            found.append((step, reason))
    return found


def next_time(step: Step, record: StepRecord) -> date | None:
    """For a repeated step (``repeat: 14j``) ticked at ``record``: the day it is due again (the
    local day of the tick + the delay), or ``None``."""
    if step.repeat is None:
        return None
    try:
        return add_days(datetime.fromisoformat(record.done_at).date(), step.repeat.delta.days)
    except (TypeError, ValueError):
        return None


def pending_postvention(case: Case, town: Content) -> tuple[Step, date] | None:
    """The postvention step and its planned date, for a case where it is planned and still to do."""
    step = town.postvention_step
    if step is None or not case.postvention or case.step_done(step.id) or not applies(case, step):
        return None
    try:
        return step, date.fromisoformat(case.postvention)
    except ValueError:
        return None


__all__ = ["ADULT_REASON", "applicable_steps", "applies", "next_time", "pending_postvention",
           "skip_reason", "skipped_steps"]
