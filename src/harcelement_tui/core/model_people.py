"""The people of a case beside the targeted pupil, as stored (see ``core/people.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harcelement_tui.core.values import EMPTY, as_str, freeze, opt_str, thaw


@dataclass(frozen=True, slots=True)
class Hearing:
    """A person heard: when the interview took place (aware ISO), who heard them (as typed), a
    short note; ``at``/``by``: when it was recorded and by which user."""

    heard_at: str
    heard_by: str
    note: str = ""
    at: str = ""
    by: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("heard_at", "heard_by", "note", "at", "by"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"heard_at": self.heard_at, "heard_by": self.heard_by, "note": self.note,
                               "at": self.at, "by": self.by}
        if self.extra:
            out.update(thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Hearing:
        if not isinstance(data, Mapping):
            raise ValueError("hearing is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        return cls(as_str(get("heard_at")), as_str(get("heard_by")), as_str(get("note")), as_str(get("at")),
                   as_str(get("by")), freeze(extra))


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a case beside the targeted pupil (see ``core/people.py``): a role from
    ``content/people.yaml``, a name or a description ("compte Snapchat @x"), class, minor or not,
    the hearings, and when and how the parents were informed. ``id`` (``p1``, ``p2``…) is unique
    in the case and never reused."""

    id: str
    role: str
    name: str
    class_group: str = ""
    is_minor: bool = True
    added_at: str = ""
    added_by: str = ""
    hearings: tuple[Hearing, ...] = ()
    parents_informed_on: str | None = None
    parents_informed_how: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("id", "role", "name", "class_group", "is_minor", "added_at", "added_by",
                       "hearings", "parents_informed_on", "parents_informed_how"))
    FIELDS = ("role", "name", "class_group", "is_minor")

    @property
    def heard(self) -> Hearing | None:
        """The first hearing (the one the deadline asks for), or ``None``."""
        return self.hearings[0] if self.hearings else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "role": self.role, "name": self.name, "class_group": self.class_group,
            "is_minor": self.is_minor, "added_at": self.added_at, "added_by": self.added_by,
            "hearings": [hearing.to_dict() for hearing in self.hearings],
            "parents_informed_on": self.parents_informed_on,
            "parents_informed_how": self.parents_informed_how,
        }
        if self.extra:
            out.update(thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Person:
        if not isinstance(data, Mapping):
            raise ValueError("person is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        hearings = get("hearings") or []
        if not isinstance(hearings, list):
            raise ValueError("hearings is not a list")
        is_minor = get("is_minor", True)
        return cls(as_str(get("id")), as_str(get("role")), as_str(get("name")), as_str(get("class_group")),
                   is_minor if isinstance(is_minor, bool) else True, as_str(get("added_at")),
                   as_str(get("added_by")), tuple(Hearing.from_dict(item) for item in hearings),
                   opt_str(get("parents_informed_on")) or None, as_str(get("parents_informed_how")),
                   freeze(extra))
