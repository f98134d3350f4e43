"""Finding a person's name in free text and replacing it (initials, or a role and a number), and
hiding file paths: the matching rules of :mod:`harcelement_tui.core.pseudonym` (see its documentation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from harcelement_tui.core.text import fold

# Particles of family names: ordinary words when alone, replaced only inside the whole name.
PARTICLES = frozenset({
    "a", "al", "d", "da", "das", "de", "del", "della", "dem", "den", "der", "des", "di", "do", "dos",
    "du", "el", "l", "la", "le", "les", "lo", "op", "t", "te", "ten", "ter", "van", "vande", "vanden",
    "vander", "von", "y", "zu",
})

# Changes of a person's field a recipient does not get ("person.p1.class_group").
_LETTERS = re.compile(r"[^\W\d_]+")
# What may stand between the parts of a name: spaces, dots, hyphens, apostrophes, underscores.
_SEPARATOR = r"[\s._'’\-]"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _initial(part: str) -> str:
    return part[0].upper() + "."


def initials(name: str) -> str:
    """``"Léa Dupont"`` -> ``"L. D."``; ``"Jean-Pierre Van den Berg"`` -> ``"J.-P. V. D. B."``;
    an empty name gives ``"?"``."""
    words = []
    for word in name.split():
        parts = _LETTERS.findall(word)
        if not parts:
            continue
        shown = [_initial(part) for part in parts]
        words.append("-".join(shown) if "-" in word else " ".join(shown))
    return " ".join(words) or "?"


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``text`` folded (see :func:`~harcelement_tui.core.text.fold`) and, for each folded
    character, the index of the original character it comes from."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char) if not char.isascii() else char.lower()
        folded.append(piece)
        positions.extend([index] * len(piece))
    return "".join(folded), positions


def _is_mark(char: str) -> bool:
    return not fold(char) and unicodedata.combining(char) != 0


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})

# An absolute or home path (not the path of a URL): /home/login/exports/cas.json, ~/x/y.md.
_PATH = re.compile(r"(?<![\w:/.~-])(?:~|/)[^\s/]*(?:/[^\s/]+)*/([^\s/]+)")


def hide_paths(text: str) -> str:
    """``text`` with each absolute file path reduced to its file name: ``…/cas-2026-001.json``."""
    return _PATH.sub(r"…/\1", text) if "/" in text else text


# Words of a description rather than a name ("compte Snapchat @x", "profil inconnu"): in the name
# of one of the case's other people, replaced only inside the whole name, like particles.
DESCRIPTION_WORDS = frozenset({
    "compte", "profil", "pseudo", "utilisateur", "utilisatrice", "inconnu", "inconnue", "anonyme",
    "account", "faux", "fausse", "groupe", "numero", "adresse", "page", "chaine",
    "snapchat", "snap", "instagram", "insta", "tiktok", "facebook", "messenger", "whatsapp",
    "discord", "telegram", "youtube", "twitter", "x", "twitch", "roblox", "fortnite", "signal",
    "sms", "email", "mail", "gmail", "hotmail", "outlook", "skype", "reddit", "bereal", "threads",
})


class NameScrubber:
    """Replaces a person's name in free text (see the module documentation for the rules).

    ``labels`` (name -> text): names of the case's other people, replaced by that text wherever
    the name or any part of it appears (``Tom Martin``, ``Martin`` -> ``auteur présumé 1``);
    ``common`` words (:data:`DESCRIPTION_WORDS`, the case's platforms) of those names are replaced
    only inside the whole name. Names in ``names`` come first: their initials win a tie.
    """

    def __init__(self, names: Iterable[str], *, labels: Mapping[str, str] | None = None,
                 common: Iterable[str] = ()) -> None:
        alternatives: dict[str, str] = {}  # regex (on folded text) -> replacement
        labels = labels or {}
        described = PARTICLES | {fold(word) for word in common} | DESCRIPTION_WORDS
        for name in [*names, *labels]:
            label = labels.get(name) if name in labels else None
            particles = described if label is not None else PARTICLES
            if label is not None:
                # A description or an account as written ("compte Snapchat @x"), and each token
                # with other signs than letters ("@lea_x99", "lea_x99"), wherever they appear.
                for token in [name, *(t.strip(",;:!?()[]«»\"") for t in name.split())]:
                    if token and (token == name or not token.isalpha()):
                        for form in (token, token.lstrip("@")):
                            if any(ch.isalnum() for ch in form):
                                alternatives.setdefault(re.escape(fold(form)), label)
            found = list(_LETTERS.finditer(name))
            parts = [match.group() for match in found]
            spans = [match.span() for match in found]
            if not parts:
                continue
            folded = [fold(part) for part in parts]
            significant = [f for f in folded if len(f) >= 2 and f not in particles]
            if not significant:
                continue  # "E. T.": nothing that is a name by itself
            if len(parts) > 1:
                # The whole name, in every rotation (Léa Dupont, Dupont Léa, Van den Berg Jean).
                # Glued together only when every part has two letters or more ("leadupont").
                glue = "*" if all(len(f) >= 2 for f in folded) else "+"
                for shift in range(len(parts)):
                    order = list(range(shift, len(parts))) + list(range(shift))
                    pattern = (_SEPARATOR + glue).join(re.escape(folded[i]) for i in order)
                    shown = initials(name) if shift == 0 else " ".join(_initial(parts[i]) for i in order)
                    alternatives.setdefault(pattern, label or shown)
            # A run of consecutive parts, alone: the surname "Van den Bossche" also written
            # "Vandenbossche" or "van den Bossche" without the first name; "Lefèvre-Müller".
            for start in range(len(parts)):
                for stop in range(start + 2, len(parts) + 1):
                    if stop - start == len(parts):
                        continue  # the whole name, above
                    run = folded[start:stop]
                    if not any(len(f) >= 2 and f not in particles for f in run):
                        continue
                    glue = "*" if all(len(f) >= 2 for f in run) else "+"
                    pattern = (_SEPARATOR + glue).join(re.escape(f) for f in run)
                    # Shown as the name writes it: "Jean-Pierre" -> "J.-P.", "Van den Bossche" -> "V. D. B."
                    alternatives.setdefault(pattern, label or initials(name[spans[start][0]:spans[stop - 1][1]]))
            for part, folded_part in zip(parts, folded):
                if len(folded_part) >= 2 and folded_part not in particles:
                    alternatives.setdefault(re.escape(folded_part), label or _initial(part))
                    # German spellings without the umlaut: Müller also written Mueller.
                    spelled = fold(part.translate(_UMLAUTS))
                    if spelled != folded_part:
                        alternatives.setdefault(re.escape(spelled), label or _initial(part))
        # Longest first: at one position the whole name wins over its first part.
        ordered = sorted(alternatives.items(), key=lambda item: len(item[0]), reverse=True)
        self.replacements = [replacement for _, replacement in ordered]
        if ordered:
            body = "|".join(f"(?P<n{i}>{pattern})" for i, (pattern, _) in enumerate(ordered))
            self._regex: re.Pattern[str] | None = re.compile(
                f"{_NOT_LETTER_BEFORE}(?:{body}){_NOT_LETTER_AFTER}")
        else:
            self._regex = None

    def __call__(self, text: str) -> str:
        """``text`` with every occurrence of the name replaced."""
        if not text or self._regex is None:
            return text
        folded, positions = _fold_with_positions(text)
        out: list[str] = []
        last = 0
        for match in self._regex.finditer(folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            if start < last:
                continue  # inside a character already replaced (one char folded into two)
            while end < len(text) and _is_mark(text[end]):
                end += 1  # a combining accent after the last letter belongs to the name
            replacement = self.replacements[int((match.lastgroup or "n0")[1:])]  # every alternative is a group
            if end < len(text) and text[end] == "." and replacement.endswith("."):
                end += 1  # "J'ai vu Léa." -> "J'ai vu L." (not "L..")
            out.append(text[last:start])
            out.append(replacement)
            last = end
        if last == 0:
            return text
        out.append(text[last:])
        return "".join(out)

