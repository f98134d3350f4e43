"""Names written as people write them, for the pseudonymisation properties (people, pseudonym)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import strategies as st

from harcelement_tui.core.text import fold

# What stands around a name in a note: nothing, punctuation, a line break, a possessive, a handle's @.
filler = st.sampled_from(["", " ", ", ", ". ", " : « ", "\n", " (", "'s ", " @", "_", "2009 ", " — ", "!"])


def variant(word: str, how: int) -> str:
    """The same word written differently: capitalised, upper, lower, without accents, decomposed."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return (word.capitalize(), word.upper(), word.lower(), stripped, stripped.upper(),
            unicodedata.normalize("NFD", word.title()))[how % 6]


def occurrences(text: str, word: str) -> list[str]:
    """Whole-word occurrences of ``word`` in ``text``, ignoring case and accents."""
    return re.findall(rf"(?<![^\W\d_]){re.escape(fold(word))}(?![^\W\d_])", fold(text))
