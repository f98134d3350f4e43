"""One committed state of the cases table, as the store reads it: the reference index, the parsed
cases (parsed once, on first use) and the lists derived from them, for one generation of the file.
A save or another session's journal records patch it in time proportional to the changed cases."""

from __future__ import annotations

import builtins
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.model import REF_RE, Case, ref_key
from harcelement_tui.core.storage import StoreError, paused_gc

__all__ = ["View"]


class View:
    """One committed state of the cases table: ref index and parsed cases, for one generation."""

    __slots__ = ("generation", "index", "cases", "ordered", "numbers", "uuids", "_by_id", "_positions", "_patch")

    def __init__(self, generation: int, index: dict[str, tuple[str, dict[str, Any]]],
                 cases: dict[str, tuple[dict[str, Any], Case]]) -> None:
        self.generation = generation
        self.index = index
        self.cases = cases
        self.ordered: list[Case] | None = None
        self.numbers: dict[int, int] | None = None
        self.uuids: dict[str, str] | None = None
        self._by_id: dict[str, str] | None = None
        self._positions: dict[str, int] | None = None
        self._patch: tuple[list[Case], builtins.list[str]] | None = None

    def patched(self, generation: int, table: dict[str, Any], doc_ids: set[str]) -> View | None:
        """This view with the documents ``doc_ids`` of ``table`` changed (a save, or another
        session's read from the journal), in time proportional to them when no case was added:
        the new view shares this one's dicts, whose values change in place but never their keys
        (as when ``case()`` fills its cache), and has a sorted list of its own, so that a thread
        holding this view still reads a whole state. None when a reference appeared twice or
        changed (then the caller builds the view anew)."""
        if self._by_id is None:
            self._by_id = {doc_id: ref for ref, (doc_id, _) in self.index.items()}
        updates: builtins.list[tuple[str, str, dict[str, Any]]] = []
        added = False
        for doc_id in doc_ids:
            old_ref = self._by_id.get(doc_id)
            doc = table.get(doc_id)
            ref = doc.get("ref") if isinstance(doc, dict) else None
            if old_ref is not None and old_ref != ref:
                return None
            if not isinstance(doc, dict) or not isinstance(ref, str):
                continue
            if old_ref is None:
                if ref in self.index or any(ref == other for _, other, _ in updates):
                    return None
                added = True
            updates.append((doc_id, ref, doc))
        changed = [ref for _, ref, _ in updates]
        if added:
            index, by_id = dict(self.index), dict(self._by_id)
            for doc_id, ref, doc in updates:
                index[ref] = (doc_id, doc)
                by_id[doc_id] = ref
            view = View(generation, index, dict(self.cases))
            view._by_id = by_id
            return view
        for doc_id, ref, doc in updates:
            self.index[ref] = (doc_id, doc)
        view = View(generation, self.index, self.cases)
        view._by_id, view.numbers, view.uuids, view._positions = self._by_id, self.numbers, self.uuids, self._positions
        ordered, patch = self.ordered, self._patch
        if ordered is not None:
            view._patch = (ordered, changed)
        elif patch is not None:
            view._patch = (patch[0], patch[1] + changed)
        return view

    def case(self, ref: str) -> Case:
        doc = self.index[ref][1]
        cached = self.cases.get(ref)
        if cached is not None and cached[0] is doc:
            return cached[1]
        try:
            case = Case.from_dict(doc)
        except (ValueError, TypeError):
            raise StoreError(S.CASE_UNREADABLE.format(ref=ref)) from None
        self.cases[ref] = (doc, case)
        return case

    def all(self) -> list[Case]:
        if self.ordered is None and self._patch is not None:
            old, changed = self._patch
            if self._positions is None:
                self._positions = {case.ref: number for number, case in enumerate(old)}
            ordered = list(old)
            for ref in changed:
                ordered[self._positions[ref]] = self.case(ref)
            self.ordered, self._patch = ordered, None
        if self.ordered is None:
            refs = sorted(self.index, key=ref_key)
            with paused_gc():
                self.ordered = [self.case(ref) for ref in refs]
        return self.ordered

    def highest(self, year: int) -> int:
        if self.numbers is None:
            numbers: dict[int, int] = {}
            for ref in self.index:
                match = REF_RE.match(ref)
                if match:
                    y, n = int(match.group(1)), int(match.group(2))
                    if n > numbers.get(y, 0):
                        numbers[y] = n
            self.numbers = numbers
        return self.numbers.get(year, 0)

    def ref_of_uuid(self, uuid: str) -> str | None:
        if self.uuids is None:
            self.uuids = {doc["uuid"]: ref for ref, (_, doc) in self.index.items() if isinstance(doc.get("uuid"), str)}
        return self.uuids.get(uuid)
