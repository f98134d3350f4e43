"""What the store's mixins (people, steps, exports and purges) use of
:class:`~harcelement_tui.core.store.CaseStore`, declared once for the type checker."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from harcelement_tui.core.history_text import Said
from harcelement_tui.core.model import Case

if TYPE_CHECKING:
    from harcelement_tui.core.content import Content
    from harcelement_tui.core.storage import CaseStorage


class StoreParts:
    """The attributes and the locked read-modify-write of the store, as its mixins see them."""

    content: Content | None
    user: str
    step_ids: frozenset[str]
    _contact_ids: frozenset[str] | None

    if TYPE_CHECKING:
        _storage: CaseStorage

        def _now(self) -> datetime: ...

        def _bump(self, case: Case, now: str, kind: str, text: str | Said, *, contact_id: str | None = None,
                  step_id: str | None = None, changes: Mapping[str, Any] | None = None,
                  **fields: Any) -> Case: ...

        def _change(self, ref: str, change: Callable[[Case, str], Case | None], *,
                    refused: str = ..., before_commit: Callable[[Case], None] | None = None) -> Case: ...

        def _locked_view(self) -> Any: ...

        def _commit(self, view: Any, cases: list[Case]) -> None: ...

        def _insert(self, case: Case) -> None: ...

        def _check_contact(self, contact_id: Any) -> str | None: ...

        def _fields_changed_since(self, case: Case, version: int) -> set[str]: ...

        def list(self) -> list[Case]: ...
