"""The hide key in a real terminal (a pty of 80x24, as over SSH): after Ctrl+L every line of the
terminal is rewritten and no case text is sent; any key brings back the note being typed."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from harcelement_tui.core.store import CaseStore

from pty_term import Term, plain  # benchmarks/ (on pytest's pythonpath)

SECRETS = ("Dupont", "2026-001", "Snapchat", "maman")
CTRL_L = b"\x0c"


def rows_rewritten(data: bytes) -> set[int]:
    """The terminal rows a stream of output moves the cursor to (CSI row;col H)."""
    return {int(m.group(1)) for m in re.finditer(rb"\x1b\[(\d+);\d+H", data)}


def console_on_a_case(tmp_path, town) -> tuple[Term, Path]:
    """The console in an 80x24 pty, the case view of Léa Dupont's case open."""
    data = tmp_path / "donnees" / "cases.json"
    with CaseStore(data, user="direction", content=town) as store:
        store.create_case(pupil="Léa Dupont", platforms=["Snapchat"], facts=["insultes"])
    env = {**os.environ, "TERM": "xterm-256color", "HOME": str(tmp_path), "TEXTUAL_ANIMATIONS": "none"}
    term = Term([sys.executable, "-m", "harcelement_tui", "--data", str(data)], env=env, cols=80, rows=24)
    try:
        term.wait_text("Procédure")
        term.send("4")
        term.wait_text("Dupont")
        term.send("\r")
        term.wait_text("Derniers accès")
    except BaseException:
        term.close()
        raise
    return term, data


@pytest.mark.skipif(not hasattr(os, "forkpty"), reason="needs a pty")
def test_ctrl_l_in_a_real_terminal_hides_every_line_and_keeps_the_typed_note(tmp_path, town):
    term, _ = console_on_a_case(tmp_path, town)
    with term:
        term.send("a")
        mark = len(term.output)
        term.wait_text("Enregistrer", since=mark)
        term.send("Appel de la maman")
        term.wait_text("maman", since=mark)
        term.settle(0.3)
        hidden_at = len(term.output)
        term.send(CTRL_L)
        term.wait_text("Écran masqué", since=hidden_at)
        term.settle(0.5)
        after = bytes(term.output[hidden_at:])
        shown = plain(after)
        for secret in SECRETS:
            assert secret not in shown, secret
        assert rows_rewritten(after) >= set(range(1, 25))  # the whole screen, header included
        back_at = len(term.output)
        term.send("z")  # any key: swallowed, the work comes back
        term.wait_text("maman", since=back_at)
        term.send(" inquiète")
        term.wait_text("maman inquiète", since=back_at)
        assert "mamanz" not in plain(bytes(term.output[back_at:]))


@pytest.mark.skipif(not hasattr(os, "forkpty"), reason="needs a pty")
def test_the_passphrase_typed_twice_in_one_burst_encrypts_the_export(tmp_path, town):
    """Over a laggy SSH link ``phrase⏎phrase⏎`` arrives at once: both fields still get their own."""
    from harcelement_tui.core.encryption import decrypt

    phrase = "deux mots longs ici"
    term, data = console_on_a_case(tmp_path, town)
    with term:
        mark = len(term.output)
        term.send("x")
        term.wait_text("Chiffré", since=mark)
        mark = len(term.output)
        term.send("k")
        term.wait_text("Entrée Chiffrer", since=mark)
        mark = len(term.output)
        term.send(f"{phrase}\r{phrase}\r")
        term.wait_text("chiffré :", since=mark, timeout=60)
        assert phrase not in plain(bytes(term.output))
    raw = (data.parent / "exports" / "cas-2026-001.json.age").read_bytes()
    assert b"Dupont" not in raw
    assert b"Dupont" in decrypt(raw, source="x", passphrase=phrase)


@pytest.mark.skipif(not hasattr(os, "forkpty"), reason="needs a pty")
@pytest.mark.parametrize("hang_up", ["SIGHUP", "SIGTERM"])
def test_a_closed_ssh_window_leaves_the_data_file_complete(tmp_path, town, hang_up):
    """Closing PuTTY (SIGHUP) or an administrator's kill (SIGTERM) ends the console as q does:
    the note just saved is in cases.json itself, no journal is left beside it, the lock is free."""
    import signal

    term, data = console_on_a_case(tmp_path, town)
    with term:
        term.send("a")
        mark = len(term.output)
        term.wait_text("Enregistrer", since=mark)
        term.send("Appel de la maman\r")
        term.wait_text("Note enregistr", since=mark)
        assert data.with_name("cases.json.journal").exists()  # saved in the journal, not yet folded
        os.kill(term.pid, getattr(signal, hang_up))
        status = term.wait_exit(30)
    assert status == 0
    assert not data.with_name("cases.json.journal").exists()
    timeline = json.loads(data.read_text())["cases"]["1"]["timeline"]
    assert timeline[-1]["text"] == "Appel de la maman"
    with CaseStore(data, content=town, lock_timeout=0.5) as store:  # the lock was released
        assert store.get("2026-001").timeline[-1].text == "Appel de la maman"
