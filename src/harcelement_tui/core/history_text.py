"""History entries the console writes, stored as data and rendered at display time.

An entry the console writes itself (a status change, a step ticked, an export, a modification, a
person added…) is stored as a ``code`` and its ``params``::

    {"kind": "statut", "code": "status_changed", "params": {"old": "ouvert", "new": "suivi"}, ...}

:func:`render` turns any entry into the sentence a user reads, in the reader's language (the
templates are in :mod:`harcelement_tui.core.strings_history`): the case view's history, the
reports' chronology, the exports' readable ``text``, the search of a person's mentions. Entries
stored as French sentences by older versions, and what a user typed (notes, calls), have no code:
their ``text`` is shown as it is (with old ISO dates made readable). An entry whose code this
version does not know (written by a newer one) shows its ``text`` if any, else says so.

Parameters hold what the sentence needs, as it was when the entry was written (a step's label, a
fact's label, a role's label): a later edit of ``content/`` does not rewrite the history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from harcelement_tui.core import strings_history as H
from harcelement_tui.core.dates import format_user_date, readable_dates
from harcelement_tui.core.model import TimelineEntry
from harcelement_tui.core.strings import FIELD_LABELS, yes_no
from harcelement_tui.core.summary import short_datetime as _when
from harcelement_tui.core.values import describe_value, jsonable


class Said(NamedTuple):
    """What a new history entry says: its code and parameters (JSON values)."""

    code: str
    params: dict[str, Any]


def said(code: str, **params: Any) -> Said:
    """A history entry's data; ``code`` must be one :func:`render` knows."""
    if code not in RENDERERS:
        raise KeyError(f"unknown history code {code!r}")
    return Said(code, {name: jsonable(value) for name, value in params.items()})


def _with_note(text: str, note: Any) -> str:
    return H.WITH_NOTE.format(text=text, note=note) if note else text


def _towards(what: str, destination: Any) -> str:
    return H.TOWARDS.format(what=what, destination=destination) if destination else what


def _step_done(p: Mapping[str, Any]) -> str:
    text = (H.STEP_DONE_AGAIN if p.get("again") else H.STEP_DONE).format(step=p["step"])
    return _with_note(text, p.get("note"))


def _step_ticked(p: Mapping[str, Any]) -> str:
    via = p.get("via")
    if via == "appel":
        what = H.TICKED_BY_CALL
    elif via == "document":
        what = H.TICKED_BY_DOCUMENT
    elif p.get("contact"):
        what = H.TICKED_BY_CONTACT_WITH.format(name=p["contact"])
    else:
        what = H.TICKED_BY_CONTACT
    text = (H.STEP_DONE_AGAIN if p.get("again") else H.STEP_DONE).format(step=p["step"])
    return H.STEP_TICKED.format(text=text, what=what, when=_when(p["at"]))


def _fields_changed(p: Mapping[str, Any]) -> str:
    parts = []
    for name, change in p["fields"].items():
        label = FIELD_LABELS.get(name, name)
        if change.get("hidden"):
            parts.append(H.FIELD_HIDDEN.format(label=label))
        else:
            parts.append(H.FIELD_CHANGE.format(label=label, old=describe_value(name, change.get("old")),
                                               new=describe_value(name, change.get("new"))))
    return H.FIELDS_CHANGED.format(changes=H.CHANGES_SEPARATOR.join(parts))


def _person_changed(p: Mapping[str, Any]) -> str:
    parts = []
    for name, change in p["fields"].items():
        if name == "role":
            parts.append(H.PERSON_ROLE_CHANGED.format(old=change["old"], new=change["new"]))
        elif name == "is_minor":
            parts.append(H.PERSON_MINOR_CHANGED.format(old=yes_no(change["old"]), new=yes_no(change["new"])))
        elif name == "class_group":
            parts.append(H.PERSON_CLASS_CHANGED)  # the values are in the changes only
        else:
            parts.append(H.PERSON_NAME_CHANGED.format(old=change["old"], new=change["new"]))
    return H.PERSON_CHANGED.format(role=p["role"], name=p["name"], changes=H.CHANGES_SEPARATOR.join(parts))


def _hearing(p: Mapping[str, Any]) -> str:
    text = H.HEARING.format(role=p["role"], name=p["name"], when=_when(p["heard_at"]), by=p["by"])
    return _with_note(text, p.get("note"))


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "case_opened": lambda p: H.CASE_OPENED.format(status=p["status"]),
    "status_changed": lambda p: H.STATUS_CHANGED.format(old=p["old"], new=p["new"]),
    "closed_undated": lambda p: H.CLOSED_UNDATED,
    "step_done": _step_done,
    "step_undone": lambda p: _with_note(H.STEP_UNDONE.format(step=p["step"]), p.get("note")),
    "step_ticked": _step_ticked,
    "step_skipped": lambda p: H.STEP_SKIPPED.format(step=p["step"], reason=p["reason"]),
    "step_applies": lambda p: H.STEP_APPLIES.format(step=p["step"]),
    "postvention_planned": lambda p: H.POSTVENTION_PLANNED.format(date=format_user_date(p["date"]),
                                                                  step=p["step"]),
    "postvention_cleared": lambda p: H.POSTVENTION_CLEARED,
    "evidence_added": lambda p: H.EVIDENCE_ADDED.format(description=p["description"]),
    "fields_changed": _fields_changed,
    "report_written": lambda p: _towards(
        H.REPORT_WRITTEN_PSEUDONYMISED if p.get("pseudonymised") else H.REPORT_WRITTEN, p.get("destination")),
    "case_exported": lambda p: _towards(
        H.CASE_EXPORTED_PSEUDONYMISED if p.get("pseudonymised") else H.CASE_EXPORTED, p.get("destination")),
    "ref_taken": lambda p: H.REF_TAKEN.format(old=p["old"], new=p["new"]),
    "purged": lambda p: H.PURGED.format(days=p["days"], user=p["user"]),
    "person_added": lambda p: H.PERSON_ADDED.format(role=p["role"], name=p["name"], minor=yes_no(p["minor"])),
    "person_changed": _person_changed,
    "hearing": _hearing,
    "parents_informed": lambda p: H.PARENTS_INFORMED.format(role=p["role"], name=p["name"],
                                                            date=format_user_date(p["date"]), how=p["how"]),
}


def render(entry: TimelineEntry) -> str:
    """The sentence a user reads for a timeline entry, in the reader's language."""
    code = entry.code
    if code is None:
        return readable_dates(entry.text)
    renderer = RENDERERS.get(code)
    if renderer is not None:
        try:
            return renderer(entry.params)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            pass  # damaged or foreign parameters: the stored text, if any, below
    if entry.text:
        return readable_dates(entry.text)
    return H.UNKNOWN_ENTRY.format(code=code[:60])


def readable_history(case_dict: dict[str, Any], timeline: Iterable[TimelineEntry]) -> None:
    """Give each entry written as data in ``case_dict["timeline"]`` (``case.to_dict()`` of the case
    whose ``timeline`` is given) its readable ``text``: an export carries the sentences a person
    reads, and older versions, which require a text, import it."""
    for data, entry in zip(case_dict.get("timeline", ()), timeline):
        if entry.code is not None:
            data["text"] = render(entry)


def without_readable_text(entries: Iterable[TimelineEntry]) -> tuple[TimelineEntry, ...]:
    """``entries`` (of an imported export) without the ``text`` :func:`readable_history` gave the
    entries written as data: stored as this console writes them, so that export then import gives
    the same case. A text that says something else (edited by hand) is kept."""
    return tuple(replace(entry, text="") if entry.code is not None and entry.text
                 and entry.text == render(replace(entry, text="")) else entry for entry in entries)


__all__ = ["RENDERERS", "Said", "readable_history", "render", "said", "without_readable_text"]
