"""Retention of closed cases: which are past the retention period, and the stub that replaces them.

A case is *closed* when its status is ``clos``; its closing date is the time of the last ``statut``
timeline entry that set the status to ``clos`` (a case closed, reopened, then closed again counts
from the second closing). A closed case without such an entry (an import from an older version,
say) counts from its last change (``updated_at``).

A case is *past retention* when more than ``retention_days`` days have gone by since its closing.
``purge`` then replaces it with an anonymised **stub** (:func:`make_stub`) that keeps only what
statistics need: reference, uuid, opening and closing dates, status, fact categories, whether the
pupil was a minor and which procedure steps were done (and when). Names, class, reporter, summary,
platforms, notes, evidence, step notes and the logins of the people who worked on the case are
dropped. The stub's timeline keeps the status changes (with neutral texts, no author) and ends with
the purge entry: who purged, when, under which retention period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from harcelement_tui.core import strings as S
from harcelement_tui.core.dates import MAX_RETENTION_DAYS, in_range, shift
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.history_text import said
from harcelement_tui.core.model import EMPTY, Case, SkipRecord, StepRecord, TimelineEntry, freeze, iso, ref_key


class PurgedCaseError(UserError):
    """A change or an export was asked of a purged case (an anonymised stub)."""

    def __init__(self, case: Case, what: str) -> None:
        super().__init__(S.CASE_PURGED.format(ref=case.ref, day=day(case.purged_at or ""), what=what))
        self.ref = case.ref


def _parse(timestamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except (TypeError, ValueError, AttributeError):
        return None
    # A date outside the supported range (a file from elsewhere) is taken as unreadable: no
    # computation is ever made with it.
    return moment if moment.tzinfo is not None and in_range(moment.date()) else None


def day(timestamp: str) -> str:
    """``2026-03-05T14:02:11+01:00`` -> ``05/03/2026`` (as typed and read in Belgium)."""
    moment = _parse(timestamp)
    return moment.strftime("%d/%m/%Y") if moment is not None else (timestamp or "?")


def purged_notice(case: Case) -> str:
    """What the console says when a purged case is opened or acted on."""
    closed = closed_at(case)
    notice = S.PURGED_NOTICE if closed is None else S.PURGED_NOTICE_CLOSED
    return notice.format(ref=case.ref, opened=day(case.opened_at), purged=day(case.purged_at or ""),
                         closed=closed.strftime("%d/%m/%Y") if closed is not None else "")


def _closing_entry(case: Case) -> TimelineEntry | None:
    for entry in reversed(case.timeline):
        if entry.kind != "statut" or not entry.changes:
            continue
        change = entry.changes.get("status")
        if isinstance(change, Mapping) and change.get("new") == "clos":
            return entry
    return None


def closed_at(case: Case) -> datetime | None:
    """When ``case`` was closed, or ``None`` if it is not closed (or its dates are unreadable)."""
    if case.status != "clos":
        return None
    entry = _closing_entry(case)
    return _parse(entry.at if entry is not None else case.updated_at)


def opened_at(case: Case) -> datetime | None:
    return _parse(case.opened_at)


@dataclass(frozen=True)
class Due:
    """A closed case past the retention period: no personal data, only what the list shows."""

    ref: str
    closed_at: datetime
    days_past: int


def due(case: Case, now: datetime, retention_days: int) -> Due | None:
    """``case`` as a :class:`Due` if it is closed, not purged and past retention at ``now``."""
    if case.purged:
        return None
    closed = closed_at(case)
    if closed is None:
        return None
    limit = shift(closed, timedelta(days=min(retention_days, MAX_RETENTION_DAYS)))
    if now <= limit:
        return None
    return Due(case.ref, closed, (now - limit).days)


def due_cases(cases: Iterable[Case], now: datetime, retention_days: int) -> list[Due]:
    """The cases past retention at ``now``, by reference."""
    found = [d for d in (due(case, now, retention_days) for case in cases) if d is not None]
    return sorted(found, key=lambda d: ref_key(d.ref))


def make_stub(case: Case, now: datetime, user: str, retention_days: int) -> Case:
    """The anonymised stub that replaces ``case`` (which must be closed)."""
    closed = closed_at(case)
    when = iso(now)
    timeline: list[TimelineEntry] = []
    for entry in case.timeline:
        if entry.kind != "statut" or not entry.changes or "status" not in entry.changes:
            continue
        change = entry.changes["status"]
        if not isinstance(change, Mapping):
            continue
        old, new = change.get("old"), change.get("new")
        text = said("case_opened", status=new) if old is None else said("status_changed", old=old, new=new)
        timeline.append(TimelineEntry(
            at=entry.at, by="", kind="statut", text="", code=text.code, params=freeze(text.params),
            version=entry.version,
            changes=MappingProxyType({"status": {"old": old, "new": new}}),
        ))
    if _closing_entry(case) is None and closed is not None:
        # No entry said when the case was closed: keep the date used for retention.
        timeline.append(TimelineEntry(
            at=iso(closed), by="", kind="statut", text="", code="closed_undated",
            changes=MappingProxyType({"status": {"old": None, "new": "clos"}}),
        ))
    version = case.version + 1
    timeline.append(TimelineEntry(at=when, by=user, kind="purge", text="", code="purged",
                                  params=freeze({"days": retention_days, "user": user}), version=version))
    steps = {step_id: StepRecord(done_at=record.done_at, done_by="")
             for step_id, record in case.steps.items()}
    return Case(
        ref=case.ref,
        uuid=case.uuid,
        opened_at=case.opened_at,
        opened_by="",
        updated_at=when,
        updated_by=user,
        version=version,
        status=case.status,
        is_minor=case.is_minor,
        facts=tuple(case.facts),
        steps=MappingProxyType(steps),
        # Which steps did not apply is kept for statistics; the reason (free text) is not.
        not_applicable=MappingProxyType({step_id: SkipRecord(reason="", at=record.at, by="")
                                         for step_id, record in case.not_applicable.items()}),
        timeline=tuple(timeline),
        purged_at=when,
        extra=EMPTY,
    )
