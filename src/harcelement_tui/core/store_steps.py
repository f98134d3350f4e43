"""The store's methods for the procedure's steps, calls and contacts (a mixin of
:class:`~harcelement_tui.core.store.CaseStore`): tick a step by hand or through the entry that
accomplishes it (the parents' call, a service contacted, a document handed over), declare a step
"sans objet", plan the postvention. Each is one locked write, as every other change.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.history_text import said
from harcelement_tui.core.model import (
    SKIP_REASON_MAX,
    Case,
    SkipRecord,
    StepRecord,
    ValidationError,
    check_bool,
    check_follow_up,
    check_text,
)
from harcelement_tui.core.store_parts import StoreParts


class StepsStoreMixin(StoreParts):
    """``log_call``, ``log_contact``, ``set_step``, ``set_not_applicable``, ``set_postvention``,
    ``record_document``, ``step_label``."""

    def log_call(self, ref: str, text: str, step_ids: Iterable[str] = ()) -> Case:
        """Log the parents' call (kind ``appel``) and, in the same write, tick ``step_ids`` (the
        steps of the points said) that are not done yet."""
        text = check_text(text, "text", required=True)
        ticks = self._known_steps(step_ids)
        return self._change(ref, lambda case, now: self._tick_via(
            self._bump(case, now, "appel", text), now, ticks, "appel"))

    def log_contact(self, ref: str, contact_id: str | None, text: str) -> Case:
        """Log that a service was contacted (kind ``contact``) and, in the same write, tick the open
        steps that content says a contact with it accomplishes (``tick_on_contact``)."""
        text = check_text(text, "text", required=True)
        contact = self._check_contact(contact_id)
        ticks: tuple[str, ...] = ()
        name = None
        if self.content is not None and contact is not None:
            ticks = tuple(step.id for step in self.content.steps_ticked_by_contact(contact))
            name = self.content.contact(contact).name
        return self._change(ref, lambda case, now: self._tick_via(
            self._bump(case, now, "contact", text, contact_id=contact), now, ticks, "contact", name))

    def _known_steps(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        ticks = tuple(dict.fromkeys(step_ids))
        for step_id in ticks:
            if step_id not in self.step_ids:
                raise ValidationError(S.STEP_UNKNOWN.format(step=step_id), field="step_id")
        return ticks

    def _tick_via(self, case: Case, now: str, step_ids: Iterable[str], via: str, contact: str | None = None) -> Case:
        """Tick the steps of ``step_ids`` not done yet (a recurring one anew: its next time counts
        from now), each with its own dated, signed timeline entry saying what ticked it (``via``:
        the kind of the entry just logged). A step declared sans objet is left as it is."""
        for step_id in step_ids:
            if step_id in case.not_applicable:
                continue
            again = step_id in case.steps
            if again and not self._recurs(step_id):
                continue
            steps = dict(case.steps)
            steps[step_id] = StepRecord(done_at=now, done_by=self.user, via=via)
            text = said("step_ticked", step=self.step_label(step_id), again=again, via=via, contact=contact, at=now)
            case = self._bump(case, now, "etape", text, step_id=step_id, steps=MappingProxyType(steps))
        return case

    def _recurs(self, step_id: str) -> bool:
        if self.content is None:
            return False
        try:
            return self.content.step(step_id).repeat is not None
        except KeyError:
            return False

    def _check_contact(self, contact_id: Any) -> str | None:
        if contact_id is None or contact_id == "":
            return None
        if not isinstance(contact_id, str):
            raise ValidationError(S.CONTACT_NOT_ID, field="contact_id")
        if self._contact_ids is not None and contact_id not in self._contact_ids:
            raise ValidationError(S.CONTACT_UNKNOWN.format(contact=contact_id), field="contact_id")
        return contact_id

    def step_label(self, step_id: str) -> str:
        if self.content is not None:
            try:
                return " ".join(self.content.step(step_id).text.split())
            except KeyError:
                pass
        return step_id

    def set_step(self, ref: str, step_id: str, done: bool, note: str = "", *, again: bool = False) -> Case:
        """Mark a procedure step done (with an optional note) or not done. ``again`` ticks a step
        already done anew (a repeated step: its next time is counted from this tick)."""
        if step_id not in self.step_ids:
            raise ValidationError(S.STEP_UNKNOWN.format(step=step_id), field="step_id")
        done = check_bool(done, "done")
        note = check_text(note, "note")
        label = self.step_label(step_id)

        def change(case: Case, now: str) -> Case | None:
            steps = dict(case.steps)
            if done:
                current = steps.get(step_id)
                if current is not None and current.note == note and not again:
                    return None
                if step_id in case.not_applicable:
                    raise ValidationError(S.STEP_IS_SKIPPED, field="step_id")
                steps[step_id] = StepRecord(done_at=now, done_by=self.user, note=note)
                text = said("step_done", step=label, note=note, again=current is not None and again)
            else:
                if step_id not in steps:
                    return None
                del steps[step_id]
                text = said("step_undone", step=label, note=note)
            return self._bump(case, now, "etape", text, step_id=step_id, steps=MappingProxyType(steps))

        return self._change(ref, change)

    def set_not_applicable(self, ref: str, step_id: str, reason: str | None) -> Case:
        """Declare a step "sans objet" for the case, with a short reason; ``None``: it applies again.
        A step that is ticked must be unticked first."""
        if step_id not in self.step_ids:
            raise ValidationError(S.STEP_UNKNOWN.format(step=step_id), field="step_id")
        if reason is not None:
            reason = check_text(reason, "reason", required=True, label=S.REASON_LABEL)
            if len(reason) > SKIP_REASON_MAX:
                raise ValidationError(S.REASON_TOO_LONG_INPUT.format(length=len(reason), limit=SKIP_REASON_MAX),
                                      field="reason")
        label = self.step_label(step_id)

        def change(case: Case, now: str) -> Case | None:
            skipped = dict(case.not_applicable)
            if reason is None:
                if skipped.pop(step_id, None) is None:
                    return None
                text = said("step_applies", step=label)
            else:
                if step_id in case.steps:
                    raise ValidationError(S.STEP_IS_TICKED, field="step_id")
                skipped[step_id] = SkipRecord(reason=reason, at=now, by=self.user)
                text = said("step_skipped", step=label, reason=reason)
            return self._bump(case, now, "etape", text, step_id=step_id,
                              not_applicable=MappingProxyType(skipped))

        return self._change(ref, change)

    def set_postvention(self, ref: str, when: str | None) -> Case:
        """Plan the postvention of a closed case for the date ``when`` (JJ/MM/AAAA or ISO), or
        ``None`` for none."""
        planned = check_follow_up(when)
        step = self.content.postvention_step if self.content is not None else None
        what = self.step_label(step.id) if step is not None else S.POSTVENTION

        def change(case: Case, now: str) -> Case | None:
            if case.postvention == planned:
                return None
            text = said("postvention_planned", date=planned, step=what) if planned else said("postvention_cleared")
            return self._bump(case, now, "modification", text, postvention=planned,
                              changes={"postvention": {"old": case.postvention, "new": planned}})

        return self._change(ref, change)

    def record_document(self, ref: str, text: str, step_id: str | None = None) -> Case:
        """Note that a document was handed over (``text``: what and where), and tick ``step_id``
        (the procedure step asking for it) if it is not ticked yet; one write for both."""
        text = check_text(text, "text", required=True)
        if step_id is not None and step_id not in self.step_ids:
            raise ValidationError(S.STEP_UNKNOWN.format(step=step_id), field="step_id")

        def change(case: Case, now: str) -> Case:
            return self._tick_via(self._bump(case, now, "export", text), now,
                                  [step_id] if step_id is not None else [], "document")

        return self._change(ref, change, refused=S.REFUSED_DOCUMENT)
