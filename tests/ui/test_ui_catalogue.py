"""Every word the console shows comes from its catalogues (ui/strings*.py), through
:mod:`harcelement_tui.i18n`: a second language is a translation file, not a code change.

Two guards: no French text is written anywhere else in ui/ (a scan of the source, so a future
change cannot scatter it again), and a translation put in place before the console starts
reaches the key bar, the tabs, the help's keys and a form (a fake language that marks every
message it translates)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import harcelement_tui.ui

from support.store import data_path

UI = Path(harcelement_tui.ui.__file__).parent

# Letters found in French words and not in English ones.
ACCENTED = re.compile(r"[àâçéèêëîïôöûùüÿœæ]", re.IGNORECASE)
# Common words of the console's French that English text (identifiers, CSS, comments in code) lacks.
FRENCH_WORDS = re.compile(
    r"\b(le|la|les|des|du|une|et|pour|dans|sur|avec|au|aux|ou|est|pas|par|aucun|aucune|cas|onglet|"
    r"touche|fichier|enregistrer|annuler|quitter|oui|non|aide|fermer|ouvrir|retour|statut|suivi|"
    r"modifier|nouveau|nouvelle|classe|mineur|faits|rapport|preuve|cocher|filtrer|copier|ajouter|"
    r"chiffrer|choisir|complet|seule|lecture|personnes?|premier|dernier|monter|descendre|suivante|"
    r"carte|fiche|contenu|phrase|note)\b",
    re.IGNORECASE,
)
# Calls whose text argument is what a user reads.
TEXT_CALLS = {"Label", "Button", "TickBox", "ValidationError", "Column"}
TEXT_KEYWORDS = {"tooltip", "placeholder", "title", "description", "label"}


def _is_french(text: str) -> bool:
    """Accented letters, or French words in a phrase or a capitalised word (not in identifiers such
    as ``"note"`` or ``"case('note')"``)."""
    phrase = " " in text.strip() or text[:1].isupper()
    return bool(ACCENTED.search(text) or (phrase and FRENCH_WORDS.search(text)))


def _documentation(tree: ast.AST) -> set[int]:
    """Docstrings, and strings standing alone as statements (attribute docstrings): for readers of the
    code, in English."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _shown_text(node: ast.Call) -> list[ast.expr]:
    """The arguments of a call that a user reads: a binding's description, a label's text…"""
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    args: list[ast.expr] = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
    if name == "Binding" and len(node.args) >= 3:
        args.append(node.args[2])
    if name in TEXT_CALLS and node.args:
        args.append(node.args[1] if name == "Column" and len(node.args) > 1 else node.args[0])
    return args


def written_text(path: Path) -> list[str]:
    """``file:line: text`` for each French string written in ``path``, and each string constant
    given as a binding's description, a tooltip, a placeholder, a label's or a button's text."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documentation = _documentation(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in documentation:
            if _is_french(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value!r}")
        if isinstance(node, ast.Call):
            for arg in _shown_text(node):
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and re.search(r"[A-Za-z]", arg.value):
                    found.append(f"{path.name}:{arg.lineno}: {arg.value!r} (shown to the user)")
    return found


def test_the_scan_finds_french_text_and_text_shown_to_the_user(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Module docstring: Procédure, cas, onglet."""\n'
        'A = "Échap"\n'
        'B = "Aucun cas en cours"\n'
        'C = Binding("n", "new_case", "New", id="cases.new")\n'
        'D = Label(strings_labels.CLASS, classes="form-label")\n'
        'E = Input(placeholder="search", id="f-search")\n'
        'F = "bold $warning"\n'
        'G = ("note", "case(\'note\')", "Note")\n',
        encoding="utf-8",
    )
    found = written_text(sample)
    assert [line.split(":")[1] for line in found] == ["2", "3", "4", "6", "8"]


def test_no_user_facing_text_is_written_outside_the_catalogues():
    modules = [path for path in sorted(UI.rglob("*.py")) if not path.name.startswith("strings")]
    assert len(modules) > 30
    found = [line for path in modules for line in written_text(path)]
    assert found == [], "text to move into ui/strings*.py:\n" + "\n".join(found)


def test_no_catalogue_writes_a_plural_with_parentheses():
    from harcelement_tui.ui import strings_keys, strings_labels

    texts = [value for module in (strings_keys, strings_labels) for name, value in vars(module).items()
             if name.isupper() and isinstance(value, str)]
    assert len(texts) > 100 and not any("(s)" in text for text in texts)


# A console started after a fake language is put in place: it marks every message it translates.
TRANSLATED_RUN = r'''
import asyncio, gettext, importlib, inspect, json, pkgutil, sys
from pathlib import Path

from harcelement_tui import i18n

MARK = "¤"


class Marked(gettext.NullTranslations):
    def gettext(self, message):
        return MARK + message


i18n._translation = Marked()

import harcelement_tui.ui
from textual.binding import Binding
from textual.widgets import Button, Input, Label, Tab

from harcelement_tui.core.content import load_content
from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.app import HarcelementApp
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.help import HelpScreen
from harcelement_tui.ui.widgets.keybar import KeyBar

result = {"bindings": [], "shown": {}}
for info in pkgutil.walk_packages(harcelement_tui.ui.__path__, "harcelement_tui.ui."):
    module = importlib.import_module(info.name)
    for cls in vars(module).values():
        if inspect.isclass(cls) and cls.__module__ == info.name:
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    for text in (binding.description, binding.tooltip):
                        if text:
                            result["bindings"].append(text)


def plain(widget):
    return str(widget.render()).strip()


async def main():
    town = load_content()
    with CaseStore(Path(sys.argv[1]), user="direction", content=town) as store:
        app = HarcelementApp(town, store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            result["shown"]["tabs"] = [plain(tab) for tab in app.query(Tab)]
            await pilot.press("4")
            await pilot.pause()
            result["shown"]["key bar"] = [plain(app.screen.query_one(KeyBar))]
            await pilot.press("question_mark")
            while not isinstance(app.screen, HelpScreen):
                await pilot.pause(0.05)
            result["shown"]["help"] = [plain(static) for static in app.screen.query(".help-title")]
            await pilot.press("escape", "n")
            while not isinstance(app.screen, CaseFormScreen):
                await pilot.pause(0.05)
            form = app.screen
            result["shown"]["form"] = ([plain(label) for label in form.query(Label)]
                                       + [field.placeholder for field in form.query(Input) if field.placeholder]
                                       + [str(button.label) for button in form.query(Button)]
                                       + [str(form.query_one("#case-form").border_title)])
            await pilot.press("escape")


asyncio.run(main())
print(json.dumps(result))
'''


def test_a_translation_reaches_the_keys_the_tabs_the_help_and_the_forms(tmp_path):
    run = subprocess.run([sys.executable, "-c", TRANSLATED_RUN, str(data_path(tmp_path))],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(result["bindings"]) > 60
    untranslated = [text for text in result["bindings"] if not text.startswith("¤")]
    assert untranslated == []
    shown = result["shown"]
    # "1 ¤Procédure": the key, then the translated title.
    assert len(shown["tabs"]) == 6 and all("¤" in tab for tab in shown["tabs"]), shown["tabs"]
    # Each key of the bar shows its translated description ("n ¤Nouveau  s ¤Statut …").
    bar = shown["key bar"][0]
    assert "¤Nouveau" in bar and "¤Aide" in bar, bar
    assert shown["help"] and all(line.startswith("¤") for line in shown["help"]), shown["help"]
    assert "¤Élève *" in shown["form"] and "¤Nouveau cas" in shown["form"]
    assert all(text.startswith("¤") for text in shown["form"]), shown["form"]
