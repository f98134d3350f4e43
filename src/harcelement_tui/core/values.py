"""Plain values of the case model: frozen mappings, stored strings, timestamps, references, and
how a field's value reads in French (:func:`describe_value`)."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

from harcelement_tui.core.dates import format_user_date, quoted
from harcelement_tui.core.strings import EMPTY_VALUE, yes_no

EMPTY: Mapping[str, Any] = MappingProxyType({})

REF_RE = re.compile(r"^(\d{4})-(\d{3,})$")
_ISO_AWARE_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$"
)



def freeze(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not mapping:
        return EMPTY
    return MappingProxyType(copy.deepcopy(dict(mapping)))


def thaw(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(mapping)) if mapping else {}


def opt_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def as_str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def iso(moment: datetime) -> str:
    """An aware ISO 8601 timestamp to the second: ``2026-03-05T14:02:11+01:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def is_aware_timestamp(value: Any) -> bool:
    """True for an ISO 8601 date-time string with a UTC offset (or ``Z``)."""
    if not isinstance(value, str) or not _ISO_AWARE_RE.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def ref_key(ref: str) -> tuple[int, int, str]:
    """Sort key for references: year, then number (``2026-1000`` after ``2026-999``)."""
    match = REF_RE.match(ref)
    if match:
        return int(match.group(1)), int(match.group(2)), ref
    return 0, 0, ref


def format_ref(year: int, number: int) -> str:
    return f"{year}-{number:03d}"



def jsonable(value: Any) -> Any:
    """Tuples become lists, for ``changes`` entries."""
    if isinstance(value, tuple):
        return list(value)
    return value


def describe_value(name: str, value: Any) -> str:
    """A short French rendering of a field value for timeline texts."""
    if value is None or value == "" or value == () or value == []:
        return EMPTY_VALUE
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if name == "follow_up":
        return quoted(format_user_date(value))
    text = str(value)
    if name == "summary" and len(text) > 80:
        text = text[:77] + "…"
    return quoted(text)
