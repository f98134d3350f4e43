"""Issue 12, class 6: an export or report that fails never adds « Cas exporté vers … » to the history.

The file is written first; the history entry is saved only once it is in place. Each failure is
one French line with status 2, and retrying after a failure adds nothing either.
"""

from __future__ import annotations

import errno
import os
import time

import pytest
from support.cli import one_error_line
from support.store import open_store

from harcelement_tui.cli import main
from harcelement_tui.core.history_text import render as render_history


def history(path, ref="2026-001"):
    with open_store(path) as store:
        return [render_history(entry) for entry in store.get(ref).timeline]


@pytest.mark.parametrize("command", [["export", "2026-001"], ["export", "2026-001", "--pseudonymise"],
                                     ["report", "2026-001"], ["report", "2026-001", "--pseudonymise"]])
def test_a_planted_symlink_fails_the_write_and_leaves_the_history(data, workdir, capsys, command):
    name = ("rapport-2026-001" if command[0] == "report" else "cas-2026-001") + (
        "-pseudonymise" if "--pseudonymise" in command else "") + (".pdf" if command[0] == "report" else ".json")
    os.symlink(workdir / "ailleurs" / "piege", workdir / name)  # dangling: "does not exist" to a check
    before = history(data)
    for _ in range(3):  # each retry fails the same way and adds nothing
        assert main(["--data", str(data), *command]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert name in line
        assert history(data) == before
    assert not (workdir / "ailleurs").exists()


def test_a_full_disk_during_the_export_leaves_the_history(data, workdir, capsys, monkeypatch):
    before = history(data)
    real_fsync = os.fsync

    def fsync(fd):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith("cas-"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        assert main(["--data", str(data), "export", "2026-001"]) == 2
    assert "le disque est plein" in one_error_line(capsys.readouterr().err)
    assert history(data) == before
    assert list(workdir.iterdir()) == []
    # Once the disk has room again, the export works and is noted once.
    assert main(["--data", str(data), "export", "2026-001"]) == 0
    after = history(data)
    assert after[:-1] == before
    assert after[-1] == f"Cas exporté vers {workdir / 'cas-2026-001.json'}"


def test_export_all_notes_only_the_cases_whose_file_is_in_place(data, workdir, capsys):
    out = workdir / "exports"
    out.mkdir(mode=0o700)
    os.symlink(workdir / "nulle-part", out / "cas-2026-002.json")  # the second file cannot be made
    before_1, before_2 = history(data, "2026-001"), history(data, "2026-002")
    assert main(["--data", str(data), "export", "--all", "-o", str(out)]) == 2
    assert "cas-2026-002.json" in one_error_line(capsys.readouterr().err)
    assert (out / "cas-2026-001.json").is_file()
    assert history(data, "2026-001") == [*before_1, f"Cas exporté vers {out / 'cas-2026-001.json'}"]
    assert history(data, "2026-002") == before_2


def test_a_report_into_a_missing_place_leaves_the_history(data, workdir, capsys):
    (workdir / "fichier").write_text("pas un dossier")
    before = history(data)
    assert main(["--data", str(data), "report", "2026-001", "-o", str(workdir / "fichier" / "r.md")]) == 2
    one_error_line(capsys.readouterr().err)
    assert history(data) == before


def test_export_force_removes_what_a_killed_export_left(data, workdir, capsys):
    assert main(["--data", str(data), "export", "2026-001"]) == 0
    stale = workdir / ".cas-2026-001.json.k1ll3d.tmp"
    stale.write_bytes(b"{une copie du cas}")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = workdir / ".cas-2026-001.json.enc0rs.tmp"  # perhaps another session writing right now
    fresh.write_bytes(b"{}")
    assert main(["--data", str(data), "export", "2026-001", "--force"]) == 0
    assert not stale.exists()
    assert fresh.exists()


def test_export_all_writes_in_batches_each_noted_once(data, workdir, capsys, monkeypatch):
    from harcelement_tui.cli import cases as cli_cases

    monkeypatch.setattr(cli_cases, "EXPORT_BATCH", 1)
    with open_store(data) as store:
        store.create_case(pupil="Ève R.")
    assert main(["--data", str(data), "export", "--all", "-o", "tous"]) == 0
    assert "3 cas exportés" in capsys.readouterr().err
    for ref in ("2026-001", "2026-002", "2026-003"):
        assert (workdir / "tous" / f"cas-{ref}.json").is_file()
        assert sum(text.startswith("Cas exporté vers") for text in history(data, ref)) == 1
