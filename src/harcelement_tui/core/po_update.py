"""What changed in a case since the pouvoir organisateur was last informed.

The procedure asks to "informer le pouvoir organisateur des démarches entreprises et de
l'évolution de la situation": the step content marks ``po_update`` records each time it was done
(a repeated step, ticked anew every 14 days as shipped). ``report REF --since-last-po`` then
reports only what happened after that tick: the history entries, the steps done and the evidence
noted since. The case's fields (facts, summary, status) are always given in full.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from harcelement_tui.core.content import Content
from harcelement_tui.core.model import Case


def last_po_update(case: Case, town: Content) -> str | None:
    """When the pouvoir organisateur was last informed (the ``po_update`` step's tick), or ``None``."""
    step = town.po_step
    if step is None:
        return None
    record = case.steps.get(step.id)
    return record.done_at if record is not None else None


def _after(moment: datetime):
    def later(timestamp: str | None) -> bool:
        try:
            when = datetime.fromisoformat(timestamp or "")
        except ValueError:
            return True  # unreadable: shown rather than silently dropped
        if when.tzinfo is None:
            return True
        return when > moment
    return later


def changes_since(case: Case, since: str) -> Case:
    """``case`` with only the history entries, steps and evidence dated after ``since`` (ISO)."""
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        return case
    if moment.tzinfo is None:
        return case
    later = _after(moment)
    return replace(
        case,
        timeline=tuple(entry for entry in case.timeline if later(entry.at)),
        steps=MappingProxyType({key: record for key, record in case.steps.items() if later(record.done_at)}),
        evidence=tuple(item for item in case.evidence if later(item.at)),
    )


__all__ = ["changes_since", "last_po_update"]
