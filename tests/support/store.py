"""Case files for the tests: a store factory, files written by hand (older or newer versions), locks."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core.storage import FORMAT, FORMAT_VERSION

from support.clock import FrozenClock

USER = "direction"
STEP = "prudence.jugement"
OTHER_STEP = "prudence.soutien"
CONTACT = "cpms_libre_1"


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
