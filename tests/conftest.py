"""Shared fixtures: an isolated home for every test, the packaged content, app factories."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from support.clock import TZ, FrozenClock
from support.store import data_path, open_store

# Snapshot determinism: no animations anywhere.
os.environ["TEXTUAL_ANIMATIONS"] = "none"

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
def clock(request):
    """The stores' clock: frozen at the test module's ``CLOCK_START`` (FrozenClock's default moment
    if the module has none); a test moves it with ``advance`` or ``set``."""
    return FrozenClock(getattr(request.module, "CLOCK_START", None))


@pytest.fixture
def store(tmp_path, town, clock):
    """An empty case store on the packaged content, in a folder it creates, on ``clock``."""
    with open_store(data_path(tmp_path), clock=clock, content=town) as opened:
        yield opened


@pytest.fixture
def urgent_store(tmp_path, town):
    """The snapshots' case file, reopened: a store holding an urgent case (with steps, a call, evidence) and an overdue one."""
    from harcelement_tui.core.store import CaseStore

    path = tmp_path / "cases.json"
    clock = FrozenClock(datetime(2026, 3, 2, 9, 30, tzinfo=TZ))
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        urgent = setup.create_case(pupil="Léa M. [bold]", class_group="3B", facts=["menaces", "insultes"],
                                   platforms=["Snapchat", "Instagram"], reported_by="La mère",
                                   summary="Menaces de mort en message privé après une dispute.",
                                   follow_up="2026-03-20")
        clock.advance(hours=1)
        setup.set_step(urgent.ref, "prudence.jugement", True)
        setup.set_step(urgent.ref, "prudence.soutien", True)
        clock.advance(minutes=20)
        setup.add_note(urgent.ref, "Appel aux parents. Points abordés :\n- Sécurité assurée", kind="appel")
        setup.add_evidence(urgent.ref, description="Capture d'écran des messages", where_kept="Téléphone de la mère",
                           platform="Snapchat", seen_at="2026-03-01T21:15:00+01:00")
        clock.advance(days=1)
        setup.create_case(pupil="Théo D.", class_group="5A", facts=["photomontage"], follow_up="2026-03-05")
    # Reopened, so the console does not announce a newly created file.
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened
