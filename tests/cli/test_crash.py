"""An unexpected exception (a bug) never prints a case: one French line, status 2, the traceback
(without local variables) in a private log; the console first gives the terminal back."""

from __future__ import annotations

import os
import pty
import sys

import pytest

from harcelement_tui import cli
from harcelement_tui.core.paths import error_log_file
from harcelement_tui.core.store import CaseStore
from support.cli import one_error_line
from support.store import mode
from support.terminal import Console

PUPIL = "Zoé Vandamme"
SUMMARY = "Photos diffusées par Kevin sur le groupe de la classe"
LOCAL_ONLY = "valeur-locale-jamais-ecrite"


def failing_command(args, ctx) -> int:
    held_in_a_local = LOCAL_ONLY  # noqa: F841 - a traceback with locals would print it
    raise KeyError(f"{PUPIL} : {SUMMARY}")


def test_a_command_that_fails_prints_one_line_and_logs_the_traceback_privately(monkeypatch, capsys):
    monkeypatch.setattr("harcelement_tui.cli.lifecycle.run_stats", failing_command)
    assert cli.main(["stats"]) == 2
    captured = capsys.readouterr()
    line = one_error_line(captured.err)
    assert "erreur inattendue (KeyError dans" in line and str(error_log_file()) in line
    assert PUPIL not in captured.err + captured.out and SUMMARY not in captured.err
    log = error_log_file().read_text()
    assert "Traceback (most recent call last)" in log and "failing_command" in log
    assert PUPIL in log  # the details are there, for the user alone
    assert LOCAL_ONLY not in log  # no local variables
    assert mode(error_log_file()) == 0o600 and mode(error_log_file().parent) == 0o700


def test_the_log_stays_private_even_if_it_was_widened(monkeypatch, capsys):
    error_log_file().parent.mkdir(parents=True)
    error_log_file().write_text("ancien\n")
    os.chmod(error_log_file(), 0o644)
    monkeypatch.setattr("harcelement_tui.cli.common.make_context", lambda *args: (_ for _ in ()).throw(RuntimeError("x")))
    assert cli.main(["stats"]) == 2
    assert mode(error_log_file()) == 0o600
    assert error_log_file().read_text().startswith("ancien\n---")


INJECT = """
import sys
from harcelement_tui.ui.panes.cases import CasesPane

def broken_status(self):
    summary = self.selected.summary
    raise KeyError(summary)

CasesPane.action_status = broken_status
from harcelement_tui.cli import main
sys.exit(main(["--data", sys.argv[1]]))
"""


def test_an_exception_in_an_action_handler_restores_the_terminal_and_prints_no_case(tmp_path, town):
    data = tmp_path / "cases.json"
    with CaseStore(data, user="direction", content=town) as store:
        store.create_case(pupil=PUPIL, facts=["images_intimes"], summary=SUMMARY)
    console = Console([], {"TERM": "xterm-256color"}, python_args=["-c", INJECT, str(data)])
    try:
        console.wait_for("Procédure")
        console.send(b"4")
        console.wait_for("Zoé Vandam")  # the list is drawn (its pupil column)
        console.send(b"s")  # the broken handler
        status = console.wait_exit()
    finally:
        console.close()
    assert status == 2
    output = console.raw
    text = output.decode("utf-8", "replace")
    assert "Zoé Vandam" in text  # the list was drawn (its pupil column)
    after = text.rsplit("\x1b[?1049l", 1)  # what is printed once the screen is given back
    assert len(after) == 2, "the alternate screen was not left"
    tail = after[1]
    assert "erreur inattendue (KeyError" in tail and "erreurs.log" in tail
    for leak in ("Traceback", "Vandamme", SUMMARY, "summary"):
        assert leak not in tail
    assert SUMMARY not in text
    log = error_log_file()
    assert mode(log) == 0o600
    assert "broken_status" in log.read_text() and SUMMARY in log.read_text()


@pytest.mark.parametrize("stream", ["stdin", "stdout"])
def test_the_console_refuses_to_start_without_a_terminal(tmp_path, stream):
    import subprocess

    data = tmp_path / "cases.json"
    with CaseStore(data, user="direction"):
        pass
    result = subprocess.run(
        [sys.executable, "-m", "harcelement_tui", "--data", str(data)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    ) if stream == "stdin" else _with_terminal_stdin_only(data)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "la console demande un terminal" in line and "ssh -t" in line
    assert "\x1b[" not in result.stdout  # no escape codes written into a file


def _with_terminal_stdin_only(data):
    """Standard input a terminal, standard output a pipe: ``harcelement-tui > fichier``."""
    import subprocess

    controller, terminal = pty.openpty()
    try:
        return subprocess.run([sys.executable, "-m", "harcelement_tui", "--data", str(data)],
                              stdin=terminal, capture_output=True, text=True, timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)


def test_a_failed_worker_is_reported_by_the_exception_it_raised():
    from textual.worker import WorkerFailed

    from harcelement_tui.crash import log_and_describe

    def in_a_worker():
        raise ValueError(SUMMARY)

    try:
        in_a_worker()
    except ValueError as error:
        failed = WorkerFailed(error)  # as Textual hands it over: its message quotes the error
    line = log_and_describe(failed)
    assert line.startswith("erreur inattendue (ValueError dans ") and SUMMARY not in line
    assert "in_a_worker" in error_log_file().read_text()
