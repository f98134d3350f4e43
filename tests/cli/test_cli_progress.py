"""Long command-line work shows its progress in a terminal, and nothing more when redirected."""

from __future__ import annotations

import subprocess
import sys

import pytest

from harcelement_tui.cli.progress import MIN_ITEMS
from support.terminal import Console
from support.store import data_path, open_store


@pytest.fixture
def many_cases(tmp_path, town):
    path = data_path(tmp_path)
    with open_store(path, content=town) as store:
        for number in range(MIN_ITEMS + 5):
            store.create_case(pupil=f"Élève {number}", facts=["insultes"])
    return path


def test_export_all_shows_a_progress_bar_in_a_terminal(tmp_path, many_cases):
    out = tmp_path / "exports"
    console = Console(["--data", str(many_cases), "export", "--all", "-o", str(out)],
                      {"TERM": "xterm-256color", "HOME": str(tmp_path)})
    try:
        assert console.wait_exit() == 0
    finally:
        console.close()
    assert "Export des cas" in console.text
    assert f"{MIN_ITEMS + 5} cas exportés" in console.text
    assert len(list(out.iterdir())) == MIN_ITEMS + 5


def test_export_all_prints_only_its_summary_when_redirected(tmp_path, many_cases):
    out = tmp_path / "exports"
    done = subprocess.run([sys.executable, "-m", "harcelement_tui", "--data", str(many_cases), "export", "--all",
                           "-o", str(out)], capture_output=True, text=True, timeout=120,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"{MIN_ITEMS + 5} cas exportés dans {out} (fichiers lisibles par vous seul)."]


def test_purge_shows_that_it_works_in_a_terminal_and_nothing_more_when_redirected(tmp_path, town):
    from datetime import datetime

    from support.clock import TZ, FrozenClock

    path = data_path(tmp_path)
    clock = FrozenClock(datetime(2024, 1, 8, 9, 0, tzinfo=TZ))
    with open_store(path, content=town, clock=clock) as store:
        case = store.create_case(pupil="Ancien", facts=["insultes"])
        store.set_status(case.ref, "clos")
    console = Console(["--data", str(path), "purge", "--yes"], {"TERM": "xterm-256color", "HOME": str(tmp_path)})
    try:
        assert console.wait_exit() == 0
    finally:
        console.close()
    assert "Purge de 1 cas" in console.text
    assert "1 cas purgé." in console.text
