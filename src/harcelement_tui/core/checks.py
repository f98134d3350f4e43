"""Input checks of the case model: each raises :class:`ValidationError` with a French message and
the name of the field at fault (the UI shows the message next to that field).

Limits (README « Limites ») are checked where values enter: forms and commands (``check_*``),
imports (:func:`check_stored_case` and the export schema), every write of a case
(:func:`check_case_size`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.dates import DATE_RANGE_TEXT, in_range
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.strings import FIELD_LABELS
from harcelement_tui.core.values import REF_RE, is_aware_timestamp, iso
from harcelement_tui.core.vocab import FACT_IDS, STATUSES, TIMELINE_KINDS

if TYPE_CHECKING:
    from harcelement_tui.core.model import Case

# Fields a user may set when opening a case or edit later (status also has set_status()).
EDITABLE_FIELDS: tuple[str, ...] = (
    "pupil",
    "class_group",
    "is_minor",
    "reported_by",
    "summary",
    "facts",
    "platforms",
    "follow_up",
)

# Timeline kinds a user writes through add_note(); the others are written by the store itself,
# so nobody can forge a "statut" or "export" entry by hand.
NOTE_KINDS: tuple[str, ...] = ("note", "appel", "contact")
# Fields of a piece of evidence a user gives.
EVIDENCE_FIELDS = ("description", "where_kept", "platform", "url", "seen_at")
# A step declared "sans objet" says why in a few words.
SKIP_REASON_MAX = 200


class ValidationError(UserError):
    """Input refused before anything is written. ``field`` names the field at fault (or ``None``)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class CaseNotFoundError(ValidationError):
    """No case has this reference."""

    def __init__(self, ref: str) -> None:
        super().__init__(S.CASE_NOT_FOUND.format(ref=ref), field="ref")
        self.ref = ref


MAX_FIELD_CHARS = 1_000
"""One field: pupil, class, reporter, a platform, where the original is kept, a URL..."""
MAX_NOTE_CHARS = 20_000
"""One long text: the summary, a note or call, a step's note, an evidence description."""
LONG_TEXT_FIELDS = frozenset({"summary", "text", "note", "description"})
MAX_TIMELINE = 5_000
"""Entries in one case's history."""
MAX_EVIDENCE = 1_000
"""Pieces of evidence in one case."""
MAX_CASE_BYTES = 4 << 20
"""One case as stored (JSON, UTF-8): 4 Mo."""
MAX_VERSION = 2**53
"""A case's version number stays an integer every JSON reader reads exactly."""


def check_version(case: Case) -> int:
    """The version ``case`` gets at its next change; refused beyond :data:`MAX_VERSION`."""
    if not 0 <= case.version < MAX_VERSION:
        raise _fail("version", S.VERSION_OUT_OF_RANGE.format(ref=case.ref, limit=MAX_VERSION))
    return case.version + 1


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _too_long(field_name: str, label: str, value: str) -> ValidationError:
    limit = MAX_NOTE_CHARS if field_name in LONG_TEXT_FIELDS else MAX_FIELD_CHARS
    return _fail(field_name, S.FIELD_TOO_LONG.format(label=label, length=_number(len(value)),
                                                      limit=_number(limit)))


def check_length(value: str, field_name: str, label: str | None = None) -> str:
    """``value`` if it fits the limit of ``field_name``; else :class:`ValidationError` naming it."""
    limit = MAX_NOTE_CHARS if field_name in LONG_TEXT_FIELDS else MAX_FIELD_CHARS
    if len(value) > limit:
        raise _too_long(field_name, label or FIELD_LABELS.get(field_name, field_name), value)
    return value


def check_case_size(case: Case, size: int | None = None) -> None:
    """Refuse a case over the limits of a whole case (history, evidence, stored size)."""
    if len(case.timeline) > MAX_TIMELINE:
        raise _fail("timeline", S.TOO_MANY_ENTRIES.format(ref=case.ref, count=_number(len(case.timeline)),
                                                          limit=_number(MAX_TIMELINE)))
    if len(case.evidence) > MAX_EVIDENCE:
        raise _fail("evidence", S.TOO_MANY_EVIDENCE.format(ref=case.ref, count=_number(len(case.evidence)),
                                                           limit=_number(MAX_EVIDENCE)))
    if size is not None and size > MAX_CASE_BYTES:
        megabytes = f"{size / (1 << 20):.1f}".replace(".", ",")
        raise _fail("case", S.CASE_TOO_BIG.format(ref=case.ref, size=megabytes, limit=MAX_CASE_BYTES >> 20))


def _check_moment(value: str | None, field_name: str) -> None:
    if value is None:
        return
    try:
        day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        day = None
    if day is None or not in_range(day):
        label = FIELD_LABELS.get(field_name, field_name)
        raise _fail(field_name, S.DATE_OUT_OF_RANGE_FOR.format(label=label, value=value[:40],
                                                               range=DATE_RANGE_TEXT))


def _fail(field_name: str, message: str) -> ValidationError:
    return ValidationError(message, field=field_name)


def check_text(value: Any, field_name: str, *, required: bool = False, label: str | None = None) -> str:
    """A stripped text; ``required`` refuses an empty one."""
    label = label or FIELD_LABELS.get(field_name, field_name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(field_name, S.FIELD_NOT_TEXT.format(label=label))
    value = value.strip()
    if required and not value:
        raise _fail(field_name, S.FIELD_REQUIRED.format(label=label))
    return check_length(value, field_name, label)


def check_pupil(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise _fail("pupil", S.FIELD_NOT_TEXT.format(label=FIELD_LABELS["pupil"]))
    value = (value or "").strip()
    if not value:
        raise _fail("pupil", S.PUPIL_REQUIRED)
    return check_length(value, "pupil")


def check_bool(value: Any, field_name: str) -> bool:
    if not isinstance(value, bool):
        label = FIELD_LABELS.get(field_name, field_name)
        raise _fail(field_name, S.FIELD_NOT_BOOL.format(label=label))
    return value


def check_facts(value: Any) -> tuple[str, ...]:
    """A subset of :data:`FACT_IDS`, in their canonical order."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _fail("facts", S.FACTS_NOT_LIST)
    chosen = set()
    for item in value:
        if item not in FACT_IDS:
            raise _fail("facts", S.FACT_UNKNOWN.format(value=item, known=", ".join(FACT_IDS)))
        chosen.add(item)
    return tuple(fact for fact in FACT_IDS if fact in chosen)


def check_platforms(value: Any) -> tuple[str, ...]:
    """Non-empty names, stripped, without duplicates, in the order given."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _fail("platforms", S.PLATFORMS_NOT_LIST)
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _fail("platforms", S.PLATFORMS_NOT_LIST)
        item = check_length(item.strip(), "platforms")
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def check_status(value: Any) -> str:
    if value not in STATUSES:
        raise _fail("status", S.STATUS_UNKNOWN.format(value=value, known=", ".join(STATUSES)))
    return value


def check_follow_up(value: Any) -> str | None:
    """``None``/empty, a :class:`date` or an ISO date ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    day = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if day is not None:
        if not in_range(day):
            raise _fail("follow_up", S.FOLLOW_UP_OUT_OF_RANGE.format(value=day.isoformat(),
                                                                      range=DATE_RANGE_TEXT))
        return day.isoformat()
    raise _fail("follow_up", S.FOLLOW_UP_INVALID.format(value=value))


def check_timestamp(value: Any, field_name: str) -> str | None:
    """``None``/empty, an aware :class:`datetime` or an ISO 8601 date-time with its UTC offset."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = iso(value)
    if isinstance(value, str) and is_aware_timestamp(value.strip()):
        _check_moment(value.strip(), field_name)
        return value.strip()
    label = FIELD_LABELS.get(field_name, field_name)
    raise _fail(field_name, S.TIMESTAMP_INVALID.format(label=label, value=value))


def check_kind(value: Any) -> str:
    if value not in NOTE_KINDS:
        message = S.KIND_WRITTEN_BY_CONSOLE if value in TIMELINE_KINDS else S.KIND_UNKNOWN
        raise _fail("kind", message.format(value=value, known=", ".join(NOTE_KINDS)))
    return value


def check_case_fields(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Validate editable fields; return them normalised. Unknown names are refused."""
    allowed = EDITABLE_FIELDS + (("status",) if creating else ())
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in allowed:
            label = FIELD_LABELS.get(name, name)
            raise _fail(name, S.FIELD_NOT_EDITABLE.format(label=label))
        if name == "pupil":
            out[name] = check_pupil(value)
        elif name == "is_minor":
            out[name] = check_bool(value, name)
        elif name == "facts":
            out[name] = check_facts(value)
        elif name == "platforms":
            out[name] = check_platforms(value)
        elif name == "follow_up":
            out[name] = check_follow_up(value)
        elif name == "status":
            out[name] = check_status(value)
        else:
            out[name] = check_text(value, name)
    if creating and "pupil" not in out:
        raise _fail("pupil", S.PUPIL_REQUIRED)
    return out


def check_evidence_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        if name not in EVIDENCE_FIELDS:
            raise _fail(name, S.EVIDENCE_FIELD_UNKNOWN.format(name=name))
    out["description"] = check_text(fields.get("description"), "description", required=True)
    out["where_kept"] = check_text(fields.get("where_kept"), "where_kept", required=True)
    for name in ("platform", "url"):
        value = check_text(fields.get(name), name)
        out[name] = value or None
    out["seen_at"] = check_timestamp(fields.get("seen_at"), "seen_at")
    return out


def _check_params(code: str, params: Any, depth: int = 0) -> None:
    """The parameters of a history entry written as data: small, texts within the note limit."""
    if depth > 3 or len(code) > 60:
        raise _fail("timeline", S.HISTORY_CODE_INVALID.format(value=code[:60]))
    if isinstance(params, str):
        check_length(params, "text")
    elif isinstance(params, Mapping):
        for value in params.values():
            _check_params(code, value, depth + 1)
    elif isinstance(params, (list, tuple)):
        for value in params:
            _check_params(code, value, depth + 1)


def check_stored_case(case: Case) -> None:
    """Strict checks on a whole case coming from outside (an import)."""
    check_pupil(case.pupil)
    check_status(case.status)
    check_facts(case.facts)
    if case.follow_up is not None:
        check_follow_up(case.follow_up)
    if not REF_RE.match(case.ref):
        raise _fail("ref", S.REF_INVALID.format(value=case.ref))
    if not 1 <= case.version <= MAX_VERSION:
        raise _fail("version", S.VERSION_INVALID.format(limit=MAX_VERSION))
    for name in ("opened_at", "updated_at"):
        if not is_aware_timestamp(getattr(case, name)):
            raise _fail(name, S.TIMESTAMP_UNREADABLE.format(value=getattr(case, name)))
        _check_moment(getattr(case, name), name)
    for name in ("class_group", "reported_by", "summary"):
        check_length(getattr(case, name), name)
    check_platforms(case.platforms)
    check_case_size(case)
    for entry in case.timeline:
        if entry.kind not in TIMELINE_KINDS:
            raise _fail("timeline", S.TIMELINE_KIND_UNKNOWN.format(value=entry.kind))
        _check_moment(entry.at, "timeline")
        check_length(entry.text, "text")
        if entry.code is not None:
            _check_params(entry.code, entry.params)
    for item in case.evidence:
        _check_moment(item.at, "evidence")
        _check_moment(item.seen_at, "seen_at")
        check_length(item.description, "description")
        for name in ("where_kept", "platform", "url"):
            check_length(getattr(item, name) or "", name)
    for record in case.steps.values():
        _check_moment(record.done_at, "steps")
        check_length(record.note or "", "note")
    for skipped in case.not_applicable.values():
        _check_moment(skipped.at, "not_applicable")
        if len(skipped.reason) > SKIP_REASON_MAX:
            raise _fail("not_applicable", S.REASON_TOO_LONG.format(length=len(skipped.reason),
                                                                   limit=SKIP_REASON_MAX))
    if case.postvention is not None:
        check_follow_up(case.postvention)
    from harcelement_tui.core.people import check_stored_people

    check_stored_people(case.people)

