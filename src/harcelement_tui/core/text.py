"""Text folding for search: case, accents and spacing in numbers are ignored."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents: ``"Médiation"`` -> ``"mediation"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def compact(text: str) -> str:
    """:func:`fold` then drop everything but letters and digits: ``"0474/81 08 91"`` -> ``"0474810891"``."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def matches(query: str, fields: Iterable[str]) -> bool:
    """True if every word of ``query`` is found in one of ``fields``.

    A word matches ignoring case and accents; a word is also found when it appears with its spacing
    and punctuation removed on both sides, so ``"0474 81"`` finds ``"0474/81 08 91"``.
    """
    haystack = " ".join(fields)
    folded = fold(haystack)
    if not query.strip():
        return True
    if all(word in folded for word in fold(query).split()):
        return True
    needle = compact(query)
    return bool(needle) and needle in compact(haystack)
