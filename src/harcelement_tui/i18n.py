"""The one door to user-facing text: ``_`` and ``ngettext`` from the standard library's gettext.

Every message the console, the command line and the documents show is written in French in the
source (the French text is the message id) and goes through these two functions, gathered per layer
in a ``strings`` module (``core/strings.py``, ``cli/strings.py``, ``ui/strings.py``). A second
language is then a translation file, not a code change: compile
``locale/<lang>/LC_MESSAGES/harcelement_tui.mo`` into the package (``xgettext -k_ -kngettext:1,2``
over ``src/`` extracts the catalogue) and set ``LANGUAGE``. Without such a file the French text is
shown as written.

Plural forms go through ``ngettext`` ("1 cas purgé" / "3 cas purgés"), never "cas purgé(s)".
Parameters are named and filled in after translation (``_("Cas {ref} exporté").format(ref=...)``)
so that a translator can move them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DOMAIN = "harcelement_tui"
LOCALE_DIR = Path(__file__).parent / "locale"


class _AsWritten:
    """No translation file: every message as written, in French."""

    def gettext(self, message: str) -> str:
        return message


def _load() -> Any:
    if not LOCALE_DIR.is_dir():  # no catalogue shipped: gettext is not even imported (start time)
        return _AsWritten()
    import gettext

    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, fallback=True)


_translation: Any = _load()


def _(message: str) -> str:
    """``message`` (French) in the reader's language."""
    return str(_translation.gettext(message))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` (French) that agrees with ``n``, in the reader's
    language. Without a translation file the French rule applies: 0 and 1 take the singular."""
    if hasattr(_translation, "plural"):  # a compiled catalogue (GNUTranslations) has its plural rule
        return str(_translation.ngettext(singular, plural, n))
    return singular if abs(n) <= 1 else plural
