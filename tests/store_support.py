"""Helpers shared by the case store tests (model, storage, store, export, CLI)."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core.storage import FORMAT, FORMAT_VERSION

TZ = timezone(timedelta(hours=1))
USER = "direction"
STEP = "prudence.jugement"
OTHER_STEP = "prudence.soutien"
CONTACT = "cpms_libre_1"


class FrozenClock:
    """A clock for tests: returns the same aware datetime until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 5, 14, 0, 0, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.now = moment


def data_path(tmp_path: Path) -> Path:
    """A data file path in a directory the store has to create."""
    return tmp_path / "donnees" / "cases.json"


def open_store(path: Path, **kwargs: Any):
    from harcelement_tui.core.store import CaseStore

    kwargs.setdefault("user", USER)
    kwargs.setdefault("clock", FrozenClock())
    kwargs.setdefault("lock_timeout", 3.0)
    return CaseStore(path, **kwargs)


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o7777


def raw_case(ref: str, **extra: Any) -> dict[str, Any]:
    """A minimal stored case dict, as an older or newer version might have written it."""
    case = {
        "ref": ref,
        "uuid": f"00000000-0000-4000-8000-{int(ref.replace('-', '')):012d}",
        "opened_at": "2026-01-10T09:00:00+01:00",
        "opened_by": "ancien",
        "updated_at": "2026-01-10T09:00:00+01:00",
        "updated_by": "ancien",
        "version": 1,
        "status": "ouvert",
        "follow_up": None,
        "pupil": "X. Y.",
        "class_group": "2A",
        "is_minor": True,
        "reported_by": "",
        "summary": "",
        "facts": ["insultes"],
        "platforms": [],
        "steps": {},
        "timeline": [{"at": "2026-01-10T09:00:00+01:00", "by": "ancien", "kind": "statut",
                      "text": "Cas ouvert (statut : ouvert).", "version": 1}],
        "evidence": [],
    }
    case.update(extra)
    return case


def write_raw_store(path: Path, cases: list[dict[str, Any]], *, file_mode: int = 0o600) -> Path:
    """Write a case file directly (no store), e.g. with cases holding unknown keys."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    data = {
        "_meta": {"1": {"format": FORMAT, "format_version": FORMAT_VERSION}},
        "cases": {str(i): case for i, case in enumerate(cases, 1)},
    }
    path.write_bytes(orjson.dumps(data))
    os.chmod(path, file_mode)
    return path


def padded_cases(count: int, start: int = 1, year: int = 2025) -> list[dict[str, Any]]:
    """``count`` stored cases with a long timeline each, to make writes take a few milliseconds."""
    text = "Entretien avec l'élève et ses parents ; suivi prévu avec le CPMS et la médiation. " * 2
    cases = []
    for number in range(start, start + count):
        ref = f"{year}-{number:03d}"
        timeline = [{"at": "2025-02-01T10:00:00+01:00", "by": "educ", "kind": "note", "text": text,
                     "version": v} for v in range(2, 30)]
        cases.append(raw_case(ref, timeline=timeline, version=29))
    return cases


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def fork_context():
    return multiprocessing.get_context("fork")


def hold_lock(lock_path: str, ready, release) -> None:
    """Child process body: take the store's flock and keep it until ``release`` is set."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    ready.set()
    release.wait(30)
    os._exit(0)


async def wait_until(pilot, predicate, seconds: float = 30.0) -> None:
    """Wait for ``predicate()`` to hold: on a condition, never a fixed time (a busy machine is only
    slower). The limit is generous; it only bounds a failure."""
    for _ in range(int(seconds / 0.02)):
        if predicate():
            return
        await pilot.pause(0.02)
    assert predicate()


async def workers_done(app) -> None:
    """Wait until no worker of ``app`` runs. A reload superseded by a newer one is cancelled
    (exclusive workers): that is not a failure, so wait again for the newer one."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def one_error_line(err: str) -> str:
    """The command line's error: one French line starting with the program's name, no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("harcelement-tui : ")
    assert "Traceback" not in err
    return lines[0]


async def settle(pilot, app, screen_type=None, seconds: float = 30.0) -> None:
    """Wait for workers and, if given, for a screen of ``screen_type`` to be on top (as soon as it
    is: the limit only matters on a very busy machine)."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if screen_type is None or isinstance(app.screen, screen_type):
            await workers_done(app)
            await pilot.pause()
            return
    raise AssertionError(f"{screen_type} not shown; on top: {app.screen!r}")
