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

from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.model import Case
from harcelement_tui.core.text import fold

PERSON_SCHEMA = "harcelement-tui/person-export"

# Bounds on the name searched (it comes from the command line).
MAX_NAME = 200
MAX_WORDS = 8

REVIEW_NOTICE = (
    "Document préparé pour répondre à une demande d'accès (RGPD, art. 15). À RELIRE avant toute "
    "remise : il contient les dossiers complets, donc aussi des informations sur d'autres personnes "
    "(autres élèves, témoins, personnel) à masquer. Voir docs/protection-des-donnees.md."
)


def name_words(name: str) -> list[str]:
    """The folded words of ``name`` (letters and digits), at most :data:`MAX_WORDS`."""
    return re.findall(r"\w+", fold(name[:MAX_NAME]))[:MAX_WORDS]


def _texts(case: Case) -> Iterable[tuple[str, str]]:
    """(where, text) for every text of ``case`` that may name a person."""
    yield "élève", case.pupil
    yield "signalé par", case.reported_by
    yield "résumé", case.summary
    for platform in case.platforms:
        yield "plateformes", platform
    for step_id, record in case.steps.items():
        yield f"note d'étape {step_id}", record.note
    for record in case.not_applicable.values():
        yield "étapes sans objet", record.reason
    for person in case.people:
        yield "personnes", person.name
        yield "personnes", person.parents_informed_how
        for hearing in person.hearings:
            yield "personnes", hearing.heard_by
            yield "personnes", hearing.note
    for entry in case.timeline:
        yield "historique", render_history(entry)
    for item in case.evidence:
        for text in (item.description, item.where_kept, item.platform or "", item.url or ""):
            yield "preuves", text


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
