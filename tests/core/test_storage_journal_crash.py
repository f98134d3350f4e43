"""No acknowledged save lost when a session is killed (SIGKILL) at any instant, mid-record or
mid-fold; the file at rest is a complete TinyDB JSON file (issue 18).

The kills run in one subprocess (tests/core/journal_crash.py) that forks writers and verifiers: about
500 kills in half a minute.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.store import open_store
from tinydb import TinyDB
from tinydb.storages import JSONStorage

HARNESS = Path(__file__).resolve().parent / "journal_crash.py"


def harness(*args: str, directory: Path) -> dict:
    done = subprocess.run([sys.executable, str(HARNESS), *args, str(directory)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_complete_at_rest(path: Path, acknowledged: int) -> None:
    """Once a session closed, TinyDB's own JSONStorage (and jq) read every note from the file."""
    open_store(path).close()
    assert not path.with_name("cases.json.journal").exists()
    db = TinyDB(str(path), storage=JSONStorage, access_mode="r")
    (case,) = db.table("cases").all()
    db.close()
    assert len([e for e in case["timeline"] if e["kind"] == "note"]) >= acknowledged
    if shutil.which("jq"):
        out = subprocess.run(["jq", "-r", ".cases[].ref", str(path)], capture_output=True, text=True, check=True)
        assert out.stdout.split() == [case["ref"]]


def test_killed_at_random_instants_no_acknowledged_note_is_lost(tmp_path):
    report = harness("random", "420", directory=tmp_path)
    assert report["kills"] == 420
    assert report["acknowledged"] > 50  # the writers did get notes through between kills
    assert report["errors"] == []
    assert report["lost"] == []
    assert_complete_at_rest(tmp_path / "donnees" / "cases.json", report["acknowledged"])


def test_killed_at_each_step_of_saves_and_folds_no_acknowledged_note_is_lost(tmp_path):
    """Killed before each fsync, replace, unlink, ftruncate, sendfile, copy, and halfway through
    each write (a torn record) of a session that saves, folds and closes."""
    report = harness("steps", directory=tmp_path)
    assert report["completed"]  # the last writer, never killed, ran to its end
    assert report["kills"] >= 60
    assert report["errors"] == []
    assert report["lost"] == []
    assert_complete_at_rest(tmp_path / "donnees" / "cases.json", report["acknowledged"])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
