"""Finding French text written in source code, outside the catalogues (``strings*.py``).

User-facing text is gathered per layer behind :mod:`harcelement_tui.i18n`; a scan of the source
(string constants that are not docstrings) keeps a later change from scattering it again. Used by
the core and command-line guard (tests/core/test_strings_gathered.py) and the UI's
(tests/ui/test_ui_catalogue.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

# Letters found in French words and not in English ones.
ACCENTED = re.compile(r"[àâçéèêëîïôöûùüÿœæ]", re.IGNORECASE)
# French quotation marks around words (« ... »), not a lone one in a pattern or a list of signs.
GUILLEMETS = re.compile(r"« \S|\S »")
# Common words of the program's French that English text (identifiers, CSS, comments in code) lacks.
FRENCH_WORDS = re.compile(
    r"\b(le|la|les|des|du|une|et|pour|dans|sur|avec|au|aux|ou|est|pas|par|aucun|aucune|cas|onglet|"
    r"touche|fichier|enregistrer|annuler|quitter|oui|non|aide|fermer|ouvrir|retour|statut|suivi|"
    r"modifier|nouveau|nouvelle|classe|mineur|faits|rapport|preuve|cocher|filtrer|copier|ajouter|"
    r"chiffrer|choisir|complet|seule|lecture|personnes?|premier|dernier|monter|descendre|suivante|"
    r"carte|fiche|contenu|phrase|note|"
    # The core's and the command line's messages: files, checks, refusals.
    r"dossier|champ|ligne|rien|doit|trop|gros|invalide|illisible|introuvable|impossible|inconnue?|"
    r"refus|refusée?|manque|liste|valeur|entrée|identifiant|jours?|heures?|octets|droits|chemin|"
    r"journal|équipe|groupe|sortie|ce|cette|il|elle|qui|que|en|un|de)\b",
    re.IGNORECASE,
)


def is_french(text: str) -> bool:
    """Accented letters, or French words in a phrase or a capitalised word (not in identifiers such
    as ``"note"`` or ``"case('note')"``)."""
    phrase = " " in text.strip() or text[:1].isupper()
    return bool(ACCENTED.search(text) or GUILLEMETS.search(text) or (phrase and FRENCH_WORDS.search(text)))


def documentation(tree: ast.AST) -> set[int]:
    """Docstrings, and strings standing alone as statements (attribute docstrings): for readers of the
    code, in English."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _messages(tree: ast.AST) -> set[int]:
    """The string constants given as the message of a call to ``_`` or ``ngettext``."""
    return {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
            for arg in node.args[:2]}


def french_strings(path: Path) -> list[tuple[int, str]]:
    """``(line, text)`` for each French string constant written in ``path``, and each message given
    to ``_`` or ``ngettext`` whatever its language (docstrings aside; each literal piece of an
    f-string counts on its own)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = documentation(tree)
    messages = _messages(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
            and (is_french(node.value) or id(node) in messages)]


def scattered_text(root: Path, folders: tuple[str, ...], *, catalogues: tuple[str, ...],
                   allowed: dict[tuple[str, str], str]) -> list[str]:
    """``folder/file.py:line: 'text'`` for each French string written in the modules below ``root``'s
    ``folders``, except in the ``catalogues`` (file names) and the ``allowed`` ``(path, text)`` pairs."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if path.name in catalogues or path.name.startswith("strings"):
                continue
            where = path.relative_to(root).as_posix()
            found += [f"{where}:{line}: {text!r}" for line, text in french_strings(path)
                      if (where, text) not in allowed]
    return found


def outside_the_door(path: Path) -> list[str]:
    """``file:line: 'text'`` for each French string of a catalogue ``path`` that is not the message
    of a call to ``_`` or ``ngettext`` (so a translation file could not reach it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = documentation(tree) | _messages(tree)
    return [f"{path.name}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped
            and is_french(node.value)]
