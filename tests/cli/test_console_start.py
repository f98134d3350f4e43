"""Starting the console: what the first frame waits for.

Once the town's content has been validated, a start draws its first frame from the procedure's
outline: the command line's parsers, the content's loaders, the store and the YAML parser are
loaded after it (issue 18: a first paint as quick as a bare Textual app). When the content changed,
it is validated before the screen, so a broken file is one line on a terminal left as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from support.paths import town_folder
from support.terminal import Console, plain

# Runs the command line until the console would take over the terminal, and prints what had
# been imported by then instead.
AT_THE_SCREEN = """
import sys
from harcelement_tui.ui.console import ConsoleApp

def taking_the_screen(self, *args, **kwargs):
    print(" ".join(sorted(sys.modules)))
    return 0

ConsoleApp.run = taking_the_screen
from harcelement_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""

AFTER_THE_FIRST_FRAME = ("argparse", "yaml", "tinydb", "harcelement_tui.cli.strings", "harcelement_tui.cli.common",
                         "harcelement_tui.core.content", "harcelement_tui.core.content_model",
                         "harcelement_tui.core.sheets_content", "harcelement_tui.core.model",
                         "harcelement_tui.core.store", "harcelement_tui.core.storage")


def imported_at_the_screen(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", AT_THE_SCREEN, *args], capture_output=True, text=True,
                            timeout=60, check=True)
    return set(result.stdout.split())


def test_once_the_content_is_validated_the_first_frame_waits_for_nothing_else(tmp_path):
    data = str(tmp_path / "cases.json")
    town = str(town_folder(tmp_path / "commune"))
    first = imported_at_the_screen("--content", town, "--data", data)  # validated before the screen
    assert {"harcelement_tui.core.content", "yaml"} <= first
    again = imported_at_the_screen("--content", town, "--data", data)
    assert again & set(AFTER_THE_FIRST_FRAME) == set()
    assert "textual.app" in again and "harcelement_tui.ui.app" in again
    assert not os.path.exists(data)  # the data file is opened after the first frame too


def test_a_content_file_broken_since_the_last_start_is_reported_before_the_screen(tmp_path):
    town = town_folder(tmp_path / "commune")
    contacts = town / "contacts.yaml"
    data = str(tmp_path / "cases.json")
    assert "yaml" in imported_at_the_screen("--content", str(town), "--data", data)  # validated
    assert "yaml" not in imported_at_the_screen("--content", str(town), "--data", data)  # outline kept
    contacts.write_text("contacts: [\n", encoding="utf-8")
    console = Console(["--content", str(town), "--data", data], {"TERM": "xterm-256color"})
    try:
        status = console.wait_exit()
    finally:
        console.close()
    assert status == 2
    assert "\x1b[?1049h" not in console.text  # the terminal was never taken over
    lines = [line.strip() for line in plain(console.text).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"harcelement-tui : Contenu invalide : {contacts}")


def test_control_characters_of_the_content_never_reach_the_terminal_first_frame_included(tmp_path):
    """A town's section title holding an escape sequence (a terminal title change, OSC 0) is shown
    as pictures at the first start and at the next, whose first frame comes from the outline."""
    town = town_folder(tmp_path / "commune")
    procedure = town / "procedure.yaml"
    text = procedure.read_text(encoding="utf-8")
    assert "    title: Activer les relais" in text
    procedure.write_text(text.replace("    title: Activer les relais",
                                      '    title: "Activer \\e]0;PIRATE\\a les relais"', 1), encoding="utf-8")
    os.utime(procedure, (time.time() - 3600,) * 2)
    for start in ("validated before the screen", "first frame from the outline"):
        console = Console(["--content", str(town), "--data", str(tmp_path / "cases.json")],
                          {"TERM": "xterm-256color"}, cols=100, rows=40)
        try:
            console.wait_for("Activer")
            console.send(b"q")
            assert console.wait_exit() == 0, start
        finally:
            console.close()
        assert "\x1b]0;PIRATE" not in console.text, start
        assert "␛]0;PIRATE" in console.text, start
