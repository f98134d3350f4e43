"""A parent's access request (GDPR art. 15): every case that mentions one person.

A person is found in the pupil field and in every free text of a case (who reported it, summary,
notes, step notes, evidence), whatever the accents and the case (:func:`core.text.fold`), each word
of the name as a whole word, in any order (``DUPONT Léa`` finds ``Léa Dupont``). The document
written (:func:`person_document`) holds each case's complete export, for the school to review
and redact (other pupils' names) before handing it over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.model import Case
from harcelement_tui.core.text import fold

PERSON_SCHEMA = "harcelement-tui/person-export"

# Bounds on the name searched (it comes from the command line).
MAX_NAME = 200
MAX_WORDS = 8

REVIEW_NOTICE = S.REVIEW_NOTICE


def name_words(name: str) -> list[str]:
    """The folded words of ``name`` (letters and digits), at most :data:`MAX_WORDS`."""
    return re.findall(r"\w+", fold(name[:MAX_NAME]))[:MAX_WORDS]


def _texts(case: Case) -> Iterable[tuple[str, str]]:
    """(where, text) for every text of ``case`` that may name a person."""
    yield S.WHERE_PUPIL, case.pupil
    yield S.WHERE_REPORTED_BY, case.reported_by
    yield S.WHERE_SUMMARY, case.summary
    for platform in case.platforms:
        yield S.WHERE_PLATFORMS, platform
    for step_id, record in case.steps.items():
        yield S.WHERE_STEP_NOTE.format(step=step_id), record.note
    for skipped in case.not_applicable.values():
        yield S.WHERE_SKIPPED, skipped.reason
    for person in case.people:
        yield S.WHERE_PEOPLE, person.name
        yield S.WHERE_PEOPLE, person.parents_informed_how
        for hearing in person.hearings:
            yield S.WHERE_PEOPLE, hearing.heard_by
            yield S.WHERE_PEOPLE, hearing.note
    for entry in case.timeline:
        yield S.WHERE_HISTORY, render_history(entry)
    for item in case.evidence:
        for text in (item.description, item.where_kept, item.platform or "", item.url or ""):
            yield S.WHERE_EVIDENCE, text


def mentions(case: Case, name: str) -> list[str]:
    """Where ``case`` names the person ``name`` (empty: nowhere). Every word of the name must be
    found as a whole word in the same text."""
    words = name_words(name)
    if not words or case.purged:
        return []
    patterns = [re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in words]
    found: list[str] = []
    for where, text in _texts(case):
        if not text or where in found:
            continue
        folded = fold(text)
        if all(pattern.search(folded) for pattern in patterns):
            found.append(where)
    return found


def person_document(name: str, found: list[tuple[Case, list[str]]], exports: list[dict[str, Any]], *,
                    exported_at: str, exported_by: str) -> dict[str, Any]:
    """The access-request document: the name searched, where it was found, each case's export."""
    return {
        "schema": PERSON_SCHEMA,
        "version": 1,
        "notice": REVIEW_NOTICE,
        "person": name[:MAX_NAME],
        "exported_at": exported_at,
        "exported_by": exported_by,
        "found_in": [{"ref": case.ref, "where": where} for case, where in found],
        "cases": exports,
    }


def person_filename(day: str) -> str:
    """No name in the file name: ``demande-acces-2026-11-27.json``."""
    return f"demande-acces-{day}.json"
