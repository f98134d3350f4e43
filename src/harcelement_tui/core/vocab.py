"""Fixed vocabularies stored in case files. Ids only: French labels come from ``content/``."""

from __future__ import annotations

# Categories of facts named by the town's procedure. Stored in case files: never rename.
FACT_IDS: tuple[str, ...] = (
    "images_intimes",
    "photomontage",
    "insultes",
    "intimidation",
    "menaces",
    "incitation_suicide",
    "autre",
)

# Case statuses, in the order a case moves through them.
STATUSES: tuple[str, ...] = ("ouvert", "suivi", "clos")

# Kinds of timeline entries.
TIMELINE_KINDS: tuple[str, ...] = (
    "note",
    "appel",
    "contact",
    "etape",
    "statut",
    "preuve",
    "modification",
    "export",
    "purge",
    "personne",  # a person added or changed, heard, or their parents informed (core/people.py)
)
