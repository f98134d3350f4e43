"""Shared fixtures: an isolated home for every test, the packaged content, app factories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Snapshot determinism: no animations anywhere.
os.environ["TEXTUAL_ANIMATIONS"] = "none"

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_ecb07b94752abf1c.txt"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's config or data: HOME and XDG dirs point to a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("HARCELEMENT_DATA", raising=False)
    # Nor the server's /etc/harcelement-tui/config.yaml (a trial's `team init` may have written one).
    monkeypatch.setenv("HARCELEMENT_SYSTEM_CONFIG", str(home / "etc-harcelement-tui" / "config.yaml"))
    monkeypatch.setenv("USER", "direction")
    return home


@pytest.fixture(autouse=True)
def brussels_time(monkeypatch):
    """Times are shown in the reader's local time: the tests read them in Brussels, as the
    principals do (the machine running them may be on UTC)."""
    import time

    monkeypatch.setenv("TZ", "Europe/Brussels")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def town():
    from harcelement_tui.core.content import load_content

    return load_content()


@pytest.fixture
def make_app(town):
    """Build the console on the packaged content (and, later, a temporary store)."""
    from harcelement_tui.ui.app import HarcelementApp

    def factory(**kwargs):
        return HarcelementApp(town, **kwargs)

    return factory


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A private current directory for commands that write files there."""
    directory = tmp_path / "travail"
    directory.mkdir(mode=0o700)
    monkeypatch.chdir(directory)
    return directory


@pytest.fixture
def town_store(tmp_path, town, clock):
    """A case store on the packaged content, in a temporary folder, on the test module's ``clock``."""
    from harcelement_tui.core.store import CaseStore

    with CaseStore(tmp_path / "cases.json", user="direction", clock=clock, content=town) as opened:
        yield opened
