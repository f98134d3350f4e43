"""The store's exports, reports, imports and purges (a mixin of
:class:`~harcelement_tui.core.store.CaseStore`): each notes in the case's history who did it and
where, in the same locked write as the rest of the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.applicability import pending_postvention
from harcelement_tui.core.content import load_content
from harcelement_tui.core.history_text import said, without_readable_text
from harcelement_tui.core.model import (
    Case,
    CaseNotFoundError,
    ValidationError,
    check_stored_case,
    format_ref,
    iso,
    ref_key,
)
from harcelement_tui.core.retention import Due, PurgedCaseError, due, due_cases, make_stub
from harcelement_tui.core.store_parts import StoreParts


class DuplicateCaseError(ValidationError):
    """An imported case is already in the file (same uuid). ``ref`` is the case already there."""

    def __init__(self, uuid: str, ref: str) -> None:
        super().__init__(
            S.DUPLICATE_CASE.format(ref=ref, uuid=uuid),
            field="uuid",
        )
        self.uuid = uuid
        self.ref = ref


@dataclass(frozen=True)
class PurgeResult:
    """What :meth:`CaseStore.purge` did: the stubs written, and the cases left as they were (with
    the reason, in French: reopened meanwhile, no longer past retention, already purged)."""

    purged: tuple[Case, ...]
    skipped: tuple[tuple[str, str], ...]



class LifecycleStoreMixin(StoreParts):
    """``export_case``, ``export_cases``, ``record_report``, ``import_case``, ``purge_candidates``,
    ``purge``."""

    def export_case(self, ref: str, destination: str | None = None, *,
                    pseudonymise: bool = False,
                    deliver: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """The export document of one case (see :mod:`harcelement_tui.core.export`).

        Adds an ``export`` entry (who, where) to the case; the export includes it.
        ``pseudonymise``: see :mod:`harcelement_tui.core.pseudonym` (the entry says so).
        ``deliver(document)`` (writing the file) runs before the entry is saved: if it raises,
        the history is left as it was.
        """
        return self.export_cases([ref], {ref: destination} if destination else None,
                                 pseudonymise=pseudonymise, deliver=deliver)[0]

    def record_report(self, ref: str, destination: str | None = None, *,
                      pseudonymised: bool = False,
                      deliver: Callable[[Case], None] | None = None) -> Case:
        """Note in the case's timeline that a report was written (who, where); return the case
        with that entry, from which the report is built (:mod:`harcelement_tui.core.report`).

        ``deliver(case)`` (building and writing the report) runs before the entry is saved: the
        history says a report was written only once its file is in place."""
        text = said("report_written", pseudonymised=pseudonymised, destination=destination)
        return self._change(ref, lambda case, now: self._bump(case, now, "export", text),
                            refused=S.REFUSED_REPORT, before_commit=deliver)

    def export_cases(self, refs: Iterable[str] | None = None,
                     destinations: Mapping[str, str] | None = None, *,
                     pseudonymise: bool = False,
                     deliver: Callable[[dict[str, Any]], None] | None = None,
                     deliver_all: Callable[[list[dict[str, Any]]], None] | None = None) -> list[dict[str, Any]]:
        """Export several cases (all by default) with one write for all their ``export`` entries.

        With ``deliver``, each document is handed to it (to write its file) before the entries
        are saved; if it raises, only the cases delivered before are noted, then the error goes on.
        With ``deliver_all``, all the documents are handed to it at once (one file for all): if it
        raises, no case is noted.
        """
        from harcelement_tui.core.export import build_export

        content = self.content if self.content is not None else load_content()
        with self._storage.transaction():
            view = self._locked_view()
            wanted = list(refs) if refs is not None else sorted(view.index, key=ref_key)
            for ref in wanted:
                if ref not in view.index:
                    raise CaseNotFoundError(ref)
                if view.case(ref).purged:
                    raise PurgedCaseError(view.case(ref), S.REFUSED_EXPORT)
            if not wanted:
                return []
            moment = self._now()
            now = iso(moment)
            updated = []
            for ref in wanted:
                where = (destinations or {}).get(ref)
                text = said("case_exported", pseudonymised=pseudonymise, destination=where)
                updated.append(self._bump(view.case(ref), now, "export", text))
            documents = [build_export(case, content, exported_at=now, exported_by=self.user,
                                      pseudonymise=pseudonymise) for case in updated]
            if deliver_all is not None:
                deliver_all(documents)
            if deliver is None:
                self._commit(view, updated)
                return documents
            delivered = 0
            try:
                for document in documents:
                    deliver(document)
                    delivered += 1
            finally:
                if delivered:
                    self._commit(view, updated[:delivered])
        return documents

    # ------------------------------------------------------------------ retention

    def purge_candidates(self, retention_days: int) -> list[Due]:
        """Closed cases past the retention period now (reads only; see :mod:`core.retention`)."""
        return due_cases([case for case in self.list() if not self._postvention_pending(case)],
                         self._now(), retention_days)

    def _postvention_pending(self, case: Case) -> bool:
        return self.content is not None and pending_postvention(case, self.content) is not None

    def purge(self, refs: Iterable[str], retention_days: int) -> PurgeResult:
        """Replace each case of ``refs`` by its anonymised stub, in one locked write.

        Each case is checked again under the lock: one another session reopened meanwhile, or that
        is no longer past retention, or already purged, is left as it is and listed in
        ``skipped``. Nothing is exported. The stub's timeline ends with who purged it and when.
        """
        wanted = list(dict.fromkeys(refs))
        with self._storage.transaction():
            view = self._locked_view()
            for ref in wanted:
                if ref not in view.index:
                    raise CaseNotFoundError(ref)
            moment = self._now()
            stubs: list[Case] = []
            skipped: list[tuple[str, str]] = []
            for ref in wanted:
                case = view.case(ref)
                if case.purged:
                    skipped.append((ref, S.SKIPPED_PURGED))
                elif case.status != "clos":
                    skipped.append((ref, S.SKIPPED_REOPENED))
                elif due(case, moment, retention_days) is None:
                    skipped.append((ref, S.SKIPPED_NOT_DUE))
                elif self._postvention_pending(case):
                    skipped.append((ref, S.SKIPPED_POSTVENTION))
                else:
                    stubs.append(make_stub(case, moment, self.user, retention_days))
            if stubs:
                self._commit(view, stubs)
        return PurgeResult(tuple(stubs), tuple(skipped))

    def import_case(self, data: Mapping[str, Any], *, source: str | None = None) -> Case:
        """Add a case exported elsewhere. Refused if its uuid is already here
        (:class:`DuplicateCaseError`); a reference already taken gets the next free one for the same
        year, and the timeline notes the old reference."""
        from harcelement_tui.core.export import case_from_export

        case = case_from_export(data, source=source)
        check_stored_case(case)
        case = replace(case, timeline=without_readable_text(case.timeline))
        with self._storage.transaction():
            view = self._locked_view()
            existing = view.ref_of_uuid(case.uuid)
            if existing is not None:
                raise DuplicateCaseError(case.uuid, existing)
            if case.ref in view.index:
                old = case.ref
                year = ref_key(old)[0]
                new_ref = format_ref(year, view.highest(year) + 1)
                now = iso(self._now())
                text = said("ref_taken", old=old, new=new_ref)
                case = self._bump(case, now, "modification", text,
                                  changes={"ref": {"old": old, "new": new_ref}}, ref=new_ref)
            self._insert(case)
        return case

