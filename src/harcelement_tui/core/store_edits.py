"""The store's changes to a case's own fields and notes (a mixin of
:class:`~harcelement_tui.core.store.CaseStore`): notes, evidence, field edits with conflict
detection, status. Each is one locked write, as every other change.
"""

from __future__ import annotations

from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.history_text import said
from harcelement_tui.core.model import (
    FIELD_LABELS,
    Case,
    Evidence,
    ValidationError,
    check_case_fields,
    check_evidence_fields,
    check_kind,
    check_status,
    check_text,
    jsonable,
)
from harcelement_tui.core.store_parts import StoreParts


class ConflictError(UserError):
    """The case changed since the caller read it, on a field the caller is changing.

    ``case`` is the current stored case, ``fields`` the fields changed meanwhile, ``field`` the first.
    """

    def __init__(self, case: Case, fields: tuple[str, ...]) -> None:
        labels = ", ".join(FIELD_LABELS.get(name, name) for name in fields)
        last = case.timeline[-1] if case.timeline else None
        message = S.CONFLICT_BY if last and last.by else S.CONFLICT
        super().__init__(message.format(ref=case.ref, by=last.by if last else "", fields=labels))
        self.case = case
        self.fields = fields
        self.field = fields[0] if fields else None


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"



class EditsStoreMixin(StoreParts):
    """``add_note``, ``add_evidence``, ``update_fields``, ``set_status``."""

    def add_note(self, ref: str, text: str, kind: str = "note", contact_id: str | None = None) -> Case:
        """Append a note, call or contact entry to the timeline."""
        if text is None or (isinstance(text, str) and not text.strip()):
            raise ValidationError(S.NOTE_EMPTY, field="text")
        text = check_text(text, "text", required=True)
        kind = check_kind(kind)
        contact_id = self._check_contact(contact_id)
        return self._change(ref, lambda case, now: self._bump(case, now, kind, text, contact_id=contact_id))


    def add_evidence(self, ref: str, **fields: Any) -> Case:
        """Record a piece of evidence (description, where_kept; platform, url, seen_at optional).
        Metadata only: never the images themselves."""
        values = check_evidence_fields(fields)

        def change(case: Case, now: str) -> Case:
            item = Evidence(at=now, by=self.user, **values)
            text = said("evidence_added", description=_shorten(values["description"]))
            return self._bump(case, now, "preuve", text, evidence=case.evidence + (item,))

        return self._change(ref, change)

    def _shown(self, name: str, value: Any) -> Any:
        """A field's value as the history shows it: facts by their French labels."""
        if name == "facts" and self.content is not None and value:
            return [self.content.fact_label(fact) for fact in value]
        return jsonable(value)

    def update_fields(self, ref: str, *, expected_version: int | None = None, **fields: Any) -> Case:
        """Change case fields (pupil, class_group, is_minor, reported_by, summary, facts, platforms,
        follow_up). Logs old → new in a ``modification`` entry; unchanged values are ignored.

        With ``expected_version`` (the version the user started editing from): if a field being
        changed was modified by someone else since, raise :class:`ConflictError` with the current case.
        """
        values = check_case_fields(fields, creating=False)

        def change(case: Case, now: str) -> Case | None:
            changed = {name: value for name, value in values.items() if getattr(case, name) != value}
            if expected_version is not None and case.version != expected_version and changed:
                touched = self._fields_changed_since(case, expected_version)
                conflicts = tuple(name for name in changed if name in touched)
                if conflicts:
                    raise ConflictError(case, conflicts)
            if not changed:
                return None
            changes = {name: {"old": jsonable(getattr(case, name)), "new": jsonable(value)}
                       for name, value in changed.items()}
            text = said("fields_changed", fields={
                name: {"old": self._shown(name, getattr(case, name)), "new": self._shown(name, value)}
                for name, value in changed.items()})
            return self._bump(case, now, "modification", text, changes=changes, **changed)

        return self._change(ref, change)

    @staticmethod
    def _fields_changed_since(case: Case, version: int) -> set[str]:
        touched: set[str] = set()
        for entry in reversed(case.timeline):
            if entry.version is not None and entry.version <= version:
                break
            if entry.changes:
                touched.update(entry.changes)
        return touched

    def set_status(self, ref: str, status: str) -> Case:
        """Change the status (ouvert, suivi, clos)."""
        status = check_status(status)

        def change(case: Case, now: str) -> Case | None:
            if case.status == status:
                return None
            return self._bump(case, now, "statut", said("status_changed", old=case.status, new=status),
                              changes={"status": {"old": case.status, "new": status}}, status=status)

        return self._change(ref, change)


