"""The hide key in a real terminal (a pty of 80x24, as over SSH): after Ctrl+L every line of the
terminal is rewritten and no case text is sent; any key brings back the note being typed."""

from __future__ import annotations

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
