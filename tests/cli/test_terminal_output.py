"""What reaches a real terminal: user text never carries a sequence the terminal would obey."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color

from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.text import visible
from harcelement_tui.ui.safety import ControlCharacterFilter
from support.terminal import Console

HOSTILE_PUPIL = "Léa\x1b[31mROUGE\x1b]52;c;SE9TVElMRQ==\x07\x08\r"
HOSTILE_NOTE = "note \x1b[2J\x1b[?1049l effacée ? \x9b31m"


def test_visible_keeps_text_and_shows_controls():
    assert visible("a\x1b[2Jb\x07c\x08\r") == "a␛[2Jb␇c␈␍"
    assert visible("ligne 1\nligne 2\tfin") == "ligne 1\nligne 2\tfin"
    assert visible("ligne 1\nligne 2", multiline=False) == "ligne 1␤ligne 2"
    assert visible("\x9b31m") == "␦31m"
    assert visible("[bold]é 😀 שלום") == "[bold]é 😀 שלום"


def test_filter_replaces_controls_and_keeps_the_width():
    segments = [Segment("ab"), Segment("c\x1b[2Jd")]
    out = ControlCharacterFilter().apply(segments, Color(0, 0, 0))
    assert "".join(s.text for s in out) == "abc␛[2J"  # 7 cells, as before (ESC took none)
    assert "\x1b" not in "".join(s.text for s in out)
    untouched = [Segment("rien à changer")]
    assert ControlCharacterFilter().apply(untouched, Color(0, 0, 0)) is untouched


def test_hostile_text_reaches_the_terminal_only_as_pictures(tmp_path, town):
    data = tmp_path / "cases.json"
    with CaseStore(data, user="direction", content=town) as store:
        case = store.create_case(pupil=HOSTILE_PUPIL, facts=["menaces"], summary=HOSTILE_NOTE)
        store.add_note(case.ref, HOSTILE_NOTE)
    console = Console(["--data", str(data)], {"TERM": "xterm-256color", "HOME": str(tmp_path)})
    try:
        console.wait_for("Quitter")
        console.send(b"4")  # the list
        console.wait_for("2026-001")
        console.send(b"\r")  # the case view
        console.wait_for("Cas 2026-001")
        console.send(b"a")  # a note modal over it
        console.wait_for("Note · cas 2026-001")
        console.send(b"\x1b")
        console.wait_for("p Preuve")
        console.send(b"\x1b")
        console.wait_for("Quitter")
        console.send(b"q")
        assert console.wait_exit() == 0
        output = console.raw
    finally:
        console.close()
    text = output.decode("utf-8", "replace")
    assert "Cas 2026-001" in text or "2026-001" in text  # the case was drawn
    assert "␛[31mROUGE" in text  # shown, as a picture
    for sequence in ("\x1b[31mROUGE", "\x1b]52;c;SE9TVElMRQ", "\x1b[?1049l effac", "\x9b31m"):
        assert sequence not in text
    # (Textual ends its own OSC sequences with BEL, so BEL alone is no sign of a leak.)
    assert "SE9TVElMRQ==␇" in text


MOUSE_ON = ("\x1b[?1000h", "\x1b[?1003h", "\x1b[?1006h")


def _start_and_quit(tmp_path, config_text: str | None) -> str:
    args = ["--data", str(tmp_path / "cases.json")]
    if config_text is not None:
        (tmp_path / "conf.yaml").write_text(config_text, encoding="utf-8")
        args += ["--config", str(tmp_path / "conf.yaml")]
    console = Console(args, {"TERM": "xterm-256color", "HOME": str(tmp_path)})
    try:
        console.wait_for("Quitter")
        console.send(b"q")
        assert console.wait_exit() == 0
        return console.text
    finally:
        console.close()


def test_mouse_is_off_unless_the_configuration_turns_it_on(tmp_path):
    """Keyboard first: no mouse tracking (terminal selection works without Shift in PuTTY, no
    bytes spent on mouse motion over SSH); ``mouse: true`` turns it on."""
    text = _start_and_quit(tmp_path, None)
    assert "Cyber-harc" in text  # the console was drawn
    for sequence in MOUSE_ON:
        assert sequence not in text
    text = _start_and_quit(tmp_path, "mouse: true\n")
    assert "\x1b[?1000h" in text and "\x1b[?1003h" in text
