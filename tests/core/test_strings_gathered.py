"""The core's and the command line's French text is gathered in their catalogues (core/strings*.py,
cli/strings.py, cli/help_texts.py), each message behind :mod:`harcelement_tui.i18n`: a second
language is a translation file, not a code change.

Guards: a scan of the source finds no French string constant, and no message given to ``_``, elsewhere
in core/ and cli/ (so a later change cannot scatter text again), every French text of a catalogue is the message of ``_`` or
``ngettext``, and a translation put in place before start reaches the messages of a bad content
file, of an import, of a file read within bounds and of a damaged data file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import harcelement_tui

from support.french_text import outside_the_door, scattered_text

PACKAGE = Path(harcelement_tui.__file__).parent
LAYERS = ("core", "cli")
CATALOGUES = ("help_texts.py",)  # besides the strings*.py modules

# French text that is not a message, with the reason it stays where it is.
ALLOWED = {
    ("core/name_scrub.py", "ö"): "transliteration table of names (Müller -> Mueller), data not text",
    ("core/name_scrub.py", "ü"): "transliteration table of names, data not text",
    ("core/name_scrub.py", "Ö"): "transliteration table of names, data not text",
    ("core/name_scrub.py", "Ü"): "transliteration table of names, data not text",
}
# Folders whose text is gathered later, with the reason (none now: the storage's is in
# core/strings_storage.py since the journal of saves was merged).
PENDING: dict[str, str] = {}


def _found(root: Path) -> list[str]:
    found = scattered_text(root, LAYERS, catalogues=CATALOGUES, allowed=ALLOWED)
    return [line for line in found if not line.startswith(tuple(PENDING))]


def test_the_scan_finds_a_french_literal_planted_in_core_or_cli(tmp_path):
    (tmp_path / "core" / "storage").mkdir(parents=True)
    (tmp_path / "cli").mkdir()
    (tmp_path / "core" / "strings_x.py").write_text('A = "Fichier introuvable : {path}."\n', encoding="utf-8")
    (tmp_path / "core" / "name_scrub.py").write_text('T = {"ö": "oe"}\n', encoding="utf-8")
    (tmp_path / "core" / "storage" / "lock.py").write_text('M = "Le verrou est pris."\n', encoding="utf-8")
    (tmp_path / "core" / "planted.py").write_text(
        '"""Docstring: le fichier des cas."""\n'
        'X = "refs.json"\n'
        'def f(path):\n'
        '    """Reads the case file."""\n'
        '    raise OSError(f"Fichier introuvable : {path}.")\n'
        'Y = "mode"\n'
        'Z = ("Relisez la nouvelle version avant de modifier à nouveau.", "Dossier")\n'
        'V = _("standard output")  # a message, whatever its language, belongs in a catalogue\n'
        'U = ("« sections »", r"«\\s*(\\d+)\\s*»", " ,;:(«")\n',
        encoding="utf-8")
    (tmp_path / "cli" / "planted.py").write_text('print("rien n\'a été écrit")\n', encoding="utf-8")
    assert sorted(_found(tmp_path)) == [
        "cli/planted.py:1: \"rien n'a été écrit\"",
        "core/planted.py:5: 'Fichier introuvable : '",
        "core/planted.py:7: 'Dossier'",
        "core/planted.py:7: 'Relisez la nouvelle version avant de modifier à nouveau.'",
        "core/planted.py:8: 'standard output'",
        "core/planted.py:9: '« sections »'",
        "core/storage/lock.py:1: 'Le verrou est pris.'",
    ]


def test_no_french_text_is_written_outside_the_catalogues_in_core_and_cli():
    modules = [path for layer in LAYERS for path in (PACKAGE / layer).rglob("*.py")]
    assert len(modules) > 60
    found = _found(PACKAGE)
    assert found == [], "text to move into core/strings*.py or cli/strings.py:\n" + "\n".join(found)


def test_each_allowed_text_is_still_there():
    """An allow-list entry whose text left the code would hide nothing; it goes with it."""
    for (where, text), reason in ALLOWED.items():
        assert text in (PACKAGE / where).read_text(encoding="utf-8"), (where, text, reason)
    for folder in PENDING:
        assert (PACKAGE / folder).is_dir(), folder


def test_every_french_text_of_a_catalogue_goes_through_the_door():
    catalogues = [*PACKAGE.glob("core/strings*.py"), *PACKAGE.glob("cli/strings*.py"),
                  *(PACKAGE / "cli" / name for name in CATALOGUES)]
    assert len(catalogues) >= 6
    found = [line for path in catalogues for line in outside_the_door(path)]
    assert found == [], "wrap in _() or ngettext():\n" + "\n".join(found)


def test_no_core_catalogue_writes_a_plural_with_parentheses():
    from harcelement_tui.core import strings, strings_docs, strings_files, strings_history

    texts = [value for module in (strings, strings_docs, strings_files, strings_history)
             for name, value in vars(module).items() if name.isupper() and isinstance(value, str)]
    assert len(texts) > 300 and not any("(s)" in text for text in texts)


# A fake language put in place before the core is imported: it marks every message it translates.
TRANSLATED_RUN = r'''
import gettext, json, sys
from pathlib import Path

from harcelement_tui import i18n


class Marked(gettext.NullTranslations):
    def gettext(self, message):
        return "¤" + message


i18n._translation = Marked()

from harcelement_tui.core.content import load_content
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.export import ExportFileError, read_export_file
from harcelement_tui.core.safe_files import size_text

folder = Path(sys.argv[1])
shown = {"size": size_text(1 << 20)}
(folder / "contacts.yaml").write_text("- une liste, pas des paires\n", encoding="utf-8")
try:
    load_content(folder)
except ContentError as exc:
    shown["content"] = str(exc)
(folder / "cas.json").write_text('{"schema": 1, "schema": 2}', encoding="utf-8")
for name in ("absent.json", "cas.json"):
    try:
        read_export_file(folder / name)
    except ExportFileError as exc:
        shown[name] = str(exc)
from harcelement_tui.core.store import CaseStore, StoreError

(folder / "data").mkdir(mode=0o700)
(folder / "data" / "cas.json").write_bytes(b"")
(folder / "data" / "cas.json").chmod(0o600)
try:
    CaseStore(folder / "data" / "cas.json", user="direction")
except StoreError as exc:
    shown["store"] = str(exc)
print(json.dumps(shown))
'''


def test_a_translation_reaches_the_messages_of_content_imports_sizes_and_storage(tmp_path):
    run = subprocess.run([sys.executable, "-c", TRANSLATED_RUN, str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-3000:]
    shown = json.loads(run.stdout.strip().splitlines()[-1])
    assert shown["size"] == "¤1 Mo"
    # The sentence and the clause inside it are both translated.
    assert shown["content"].startswith("¤Contenu invalide : ")
    assert shown["content"].endswith(": ¤le fichier doit contenir des paires « clé: valeur ».")
    assert shown["absent.json"] == f"¤Fichier introuvable : {tmp_path / 'absent.json'}."
    assert shown["cas.json"] == (f"¤Fichier d'import invalide : {tmp_path / 'cas.json'} : "
                                 "¤une même clé apparaît deux fois dans un objet.")
    # The storage's refusal of a damaged (here empty) data file, its reason and its hint.
    assert shown["store"] == (f"¤Le fichier des cas {tmp_path / 'data' / 'cas.json'} est inutilisable "
                              "(¤il est vide) ; il n'a pas été modifié. ¤Aucune sauvegarde trouvée à côté de lui.")
