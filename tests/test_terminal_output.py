"""What reaches a real terminal: user text never carries a sequence the terminal would obey."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

from rich.segment import Segment
from textual.color import Color

from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.text import visible
from harcelement_tui.ui.safety import ControlCharacterFilter

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


def read_for(fd: int, seconds: float) -> bytes:
    out = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def test_hostile_text_reaches_the_terminal_only_as_pictures(tmp_path, town):
    data = tmp_path / "cases.json"
    with CaseStore(data, user="direction", content=town) as store:
        case = store.create_case(pupil=HOSTILE_PUPIL, facts=["menaces"], summary=HOSTILE_NOTE)
        store.add_note(case.ref, HOSTILE_NOTE)
    pid, fd = pty.fork()
    if pid == 0:  # the console, in a pseudo-terminal of 80x24
        os.environ.update(TERM="xterm-256color", HOME=str(tmp_path), COLUMNS="80", LINES="24")
        os.execv(sys.executable, [sys.executable, "-m", "harcelement_tui", "--data", str(data)])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        output = read_for(fd, 4.0)
        for keys in (b"4", b"\r", b"a"):  # the list, the case view, a note modal over it
            os.write(fd, keys)
            output += read_for(fd, 1.5)
        os.write(fd, b"\x1b")
        output += read_for(fd, 1.0)
        os.write(fd, b"\x1b")
        output += read_for(fd, 1.0)
        os.write(fd, b"q")
        output += read_for(fd, 2.0)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    text = output.decode("utf-8", "replace")
    assert "Cas 2026-001" in text or "2026-001" in text  # the case was drawn
    assert "␛[31mROUGE" in text  # shown, as a picture
    for sequence in ("\x1b[31mROUGE", "\x1b]52;c;SE9TVElMRQ", "\x1b[?1049l effac", "\x9b31m"):
        assert sequence not in text
    # (Textual ends its own OSC sequences with BEL, so BEL alone is no sign of a leak.)
    assert "SE9TVElMRQ==␇" in text
