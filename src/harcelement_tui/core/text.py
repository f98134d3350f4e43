"""Text folding for search: case, accents and spacing in numbers are ignored."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple


def fold(text: str) -> str:
    """Lower-case ``text`` and spell its letters in ASCII: ``"Médiation"`` -> ``"mediation"``,
    ``"Łukasz"`` -> ``"lukasz"``, ``"Strauß"`` -> ``"strauss"``, ``"Cœur"`` -> ``"coeur"``,
    ``"Дмитрий"`` -> ``"dmitriy"``. Search and pseudonymisation both use it: a name typed in its
    ASCII spelling finds, and is replaced in, its original one.

    Letters and digits are transliterated (anyascii); other signs (emoji, punctuation) are kept as
    they are, and combining accents are dropped.
    """
    if text.isascii():
        return text.lower()
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        elif unicodedata.combining(char):
            continue
        elif unicodedata.category(char)[0] in "LN":
            out.append(_letter(char))
        else:
            out.append(unicodedata.normalize("NFKD", char))
    return "".join(out).casefold()


@functools.cache
def _letter(char: str) -> str:
    """One non-ASCII letter or digit in ASCII (``ß`` -> ``ss``)."""
    from anyascii import anyascii  # on the first such letter, not when the console starts

    return anyascii(char)


def compact(text: str) -> str:
    """:func:`fold` then drop everything but letters and digits: ``"0474/81 08 91"`` -> ``"0474810891"``."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


class Searchable(NamedTuple):
    """A text prepared once for many searches: folded, and folded with only letters and digits."""

    folded: str
    compacted: str


def searchable(fields: Iterable[str]) -> Searchable:
    folded = fold(" ".join(fields))
    return Searchable(folded, "".join(ch for ch in folded if ch.isalnum()))


def matcher(query: str) -> Callable[[Searchable], bool]:
    """A test for :func:`searchable` texts: true if every word of ``query`` is found.

    A word matches ignoring case and accents; a word is also found when it appears with its spacing
    and punctuation removed on both sides, so ``"0474 81"`` finds ``"0474/81 08 91"``.
    """
    words = fold(query).split()
    if not words:
        return lambda text: True
    needle = compact(query)
    if len(words) == 1:
        # The usual case (a name, a class, a reference), called for every case at each key.
        word = words[0]
        if needle:
            return lambda text: word in text.folded or needle in text.compacted
        return lambda text: word in text.folded

    def match(text: Searchable) -> bool:
        folded = text.folded
        if all(word in folded for word in words):
            return True
        return bool(needle) and needle in text.compacted

    return match


def matches(query: str, fields: Iterable[str]) -> bool:
    """True if every word of ``query`` is found in one of ``fields`` (see :func:`matcher`)."""
    return matcher(query)(searchable(fields))


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "␡"
    return "␦"  # C1 controls (U+0080-U+009F), e.g. U+009B, a one-byte CSI for some terminals


# Every control character but newline and tab, mapped to a visible picture of itself.
_CONTROLS = {code: _picture(code) for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
             if code not in (0x0A, 0x09)}
_CONTROLS_ONE_LINE = {**_CONTROLS, 0x0A: "␤", 0x09: " "}


_CONTROL_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _CONTROLS_ONE_LINE) + "]")


def has_controls(text: str) -> bool:
    """True if ``text`` holds a character :func:`visible` would replace (newline and tab included)."""
    return _CONTROL_RE.search(text) is not None


def visible(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to send to a terminal: control characters (ESC, BEL, backspace, CR, C1...)
    become visible pictures (``␛[2J``), never sequences the terminal would obey. Newlines and tabs
    are kept when ``multiline``; otherwise a newline shows as ``␤``.

    Only for display: the store and exports keep the original text.
    """
    if _CONTROL_RE.search(text) is None:  # nearly always: nothing to replace
        return text
    return text.translate(_CONTROLS if multiline else _CONTROLS_ONE_LINE)
