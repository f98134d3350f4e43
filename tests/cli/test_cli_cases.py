"""``harcelement-tui export`` and ``import``: files, permissions, and one French line on errors."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
import pytest
from jsonschema import Draft202012Validator
from support.cli import one_error_line
from support.store import data_path, fork_context, hold_lock, mode, open_store

from harcelement_tui.cli import common as cli_common
from harcelement_tui.cli import main
from harcelement_tui.core.export import load_schema
from harcelement_tui.core.history_text import render as render_history



def valid(document):
    Draft202012Validator(load_schema()).validate(document)
    return document




def test_help_is_in_french():
    for command in ("export", "import"):
        result = subprocess.run([sys.executable, "-m", "harcelement_tui", command, "--help"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0
        assert result.stdout.startswith(f"utilisation : harcelement-tui {command}")
        assert "afficher cette aide et quitter" in result.stdout
        assert "show this help" not in result.stdout
        assert result.stdout.count("-h, --help") == 1
        assert "\n  help " not in result.stdout


def test_export_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    for text in ("REF", "--all", "-o FICHIER", "--force", "sortie standard", "--data FICHIER"):
        assert text in out


@pytest.mark.parametrize("command", [["export", "--all"], ["export", "2026-001"], ["report", "2026-001"],
                                     ["stats"], ["purge", "--dry-run"]])
def test_a_command_that_reads_refuses_a_missing_file_and_creates_nothing(tmp_path, capsys, workdir, command):
    """A mistyped --data must not answer "no case" (and leave a new empty file behind)."""
    path = tmp_path / "typo" / "cases.jsn"
    assert main(["--data", str(path), *command]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "introuvable" in line and str(path.parent) in line
    assert not path.parent.exists()


def test_data_file_from_the_environment(data, capsys, workdir, monkeypatch):
    monkeypatch.setenv("HARCELEMENT_DATA", str(data))
    assert main(["export", "2026-002"]) == 0
    assert (workdir / "cas-2026-002.json").exists()


def test_export_writes_a_private_file_named_after_the_ref(data, capsys, workdir):
    old = os.umask(0)
    try:
        assert main(["--data", str(data), "export", "2026-001"]) == 0
    finally:
        os.umask(old)
    target = workdir / "cas-2026-001.json"
    assert mode(target) == 0o600
    document = valid(orjson.loads(target.read_bytes()))
    assert document["case"]["ref"] == "2026-001"
    assert [c["id"] for c in document["contacts"]] == ["mediation_scolaire"]
    assert "Léa D." in target.read_text(encoding="utf-8")  # accents readable, not \\u-escaped
    assert capsys.readouterr().err.strip() == f"Cas 2026-001 exporté : cas-2026-001.json (lisible par vous seul)."
    with open_store(data) as store:
        last = store.get("2026-001").timeline[-1]
    assert (last.kind, render_history(last)) == ("export", f"Cas exporté vers {target}")


def test_an_existing_file_is_kept_without_force(data, capsys, workdir):
    target = workdir / "cas-2026-001.json"
    target.write_text("à garder", encoding="utf-8")
    with open_store(data) as store:
        version = store.get("2026-001").version
    assert main(["--data", str(data), "export", "2026-001"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "existe déjà" in line and "--force" in line
    assert target.read_text(encoding="utf-8") == "à garder"
    with open_store(data) as store:
        assert store.get("2026-001").version == version  # no export logged
    os.chmod(target, 0o644)
    assert main(["--data", str(data), "export", "2026-001", "--force", "-o", str(target)]) == 0
    assert valid(orjson.loads(target.read_bytes()))["case"]["ref"] == "2026-001"
    assert mode(target) == 0o600


def test_export_to_stdout(data, capsys, workdir):
    assert main(["--data", str(data), "export", "2026-002", "-o", "-"]) == 0
    captured = capsys.readouterr()
    document = valid(orjson.loads(captured.out))
    assert document["case"]["ref"] == "2026-002"
    assert document["case"]["timeline"][-1]["text"] == "Cas exporté vers sortie standard"
    assert captured.err == ""
    assert list(workdir.iterdir()) == []


def test_export_all_writes_one_private_file_per_case(data, capsys, tmp_path, workdir):
    target = tmp_path / "exports" / "2026"
    assert main(["--data", str(data), "export", "--all", "-o", str(target)]) == 0
    names = sorted(p.name for p in target.iterdir())
    assert names == ["cas-2026-001.json", "cas-2026-002.json"]
    assert mode(target) == 0o700
    for name in names:
        assert mode(target / name) == 0o600
        valid(orjson.loads((target / name).read_bytes()))
    assert "2 cas exportés" in capsys.readouterr().err
    assert main(["--data", str(data), "export", "--all", "-o", str(target)]) == 2
    assert "existe déjà (et 1 autre)" in one_error_line(capsys.readouterr().err)
    assert main(["--data", str(data), "export", "--all", "-o", str(target), "--force"]) == 0


def test_import_adds_the_case_and_refuses_it_twice(data, capsys, tmp_path, workdir):
    assert main(["--data", str(data), "export", "2026-001", "-o", "cas.json"]) == 0
    capsys.readouterr()
    other = tmp_path / "autre" / "cases.json"
    assert main(["--data", str(other), "import", "cas.json"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [f"Fichier des cas créé : {other}", "Cas importé : 2026-001."]
    with open_store(data) as a, open_store(other) as b:
        assert a.get("2026-001") == b.get("2026-001")
    assert main(["--data", str(other), "import", "cas.json"]) == 2
    assert "déjà dans le fichier des cas" in one_error_line(capsys.readouterr().err)


def test_import_renumbers_a_taken_ref(data, capsys, tmp_path, workdir):
    other = tmp_path / "autre" / "cases.json"
    with open_store(other) as store:
        store.create_case(pupil="Autre élève")
    assert main(["--data", str(other), "export", "2026-001", "-o", "theirs.json"]) == 0
    assert main(["--data", str(data), "import", "theirs.json"]) == 0
    assert "Cas importé sous la référence 2026-003 (2026-001 était déjà prise)." in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "Fichier introuvable"),
        (b"{pas du json", "n'est pas du JSON valide"),
        (b'{"schema": "harcelement-tui/case-export"}', "Fichier d'import invalide : "),
    ],
)
def test_bad_import_files_give_one_line_and_exit_2(data, capsys, workdir, content, words):
    source = workdir / "entree.json"
    if content is not None:
        source.write_bytes(content)
    before = data.read_bytes()
    assert main(["--data", str(data), "import", str(source)]) == 2
    assert words in one_error_line(capsys.readouterr().err)
    assert data.read_bytes() == before


def test_unknown_ref_and_missing_ref(data, capsys, workdir):
    assert main(["--data", str(data), "export", "2026-404"]) == 2
    assert one_error_line(capsys.readouterr().err) == "harcelement-tui : Cas introuvable : « 2026-404 »."
    assert main(["--data", str(data), "export"]) == 2
    assert "Indiquez la référence" in one_error_line(capsys.readouterr().err)
    assert list(workdir.iterdir()) == []


def test_a_corrupt_data_file_is_reported_and_left_alone(tmp_path, capsys, workdir):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    path.write_bytes(b"")
    os.chmod(path, 0o600)
    assert main(["--data", str(path), "export", "--all"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert str(path) in line and "vide" in line and "Aucune sauvegarde" in line
    assert path.read_bytes() == b""


def test_refused_permissions_give_the_chmod(data, capsys, workdir):
    os.chmod(data, 0o640 | 0o004)
    assert main(["--data", str(data), "export", "2026-001"]) == 2
    assert f"chmod o-rwx {data}" in one_error_line(capsys.readouterr().err)


def test_a_busy_file_fails_with_one_line(data, capsys, workdir, monkeypatch):
    monkeypatch.setattr(cli_common, "LOCK_TIMEOUT", 0.3)
    ctx = fork_context()
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_lock, args=(str(data) + ".lock", ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        assert main(["--data", str(data), "export", "2026-001"]) == 75  # busy: try again
    finally:
        release.set()
        holder.join(10)
    line = one_error_line(capsys.readouterr().err)
    assert "occupé par une autre session" in line
    assert list(workdir.iterdir()) == []


def test_export_paths_with_dots_a_leading_dash_or_a_missing_directory(data, capsys, workdir):
    # ../ is a path like any other: written there, and never overwritten without --force.
    (workdir / "sous").mkdir()
    os.chdir(workdir / "sous")
    assert main(["--data", str(data), "export", "2026-001", "-o", "../parent.json"]) == 0
    assert mode(workdir / "parent.json") == 0o600
    capsys.readouterr()
    assert main(["--data", str(data), "export", "2026-001", "-o", "../parent.json"]) == 2
    assert "existe déjà" in one_error_line(capsys.readouterr().err)
    # A name starting with "-" is read as an option: a French error, nothing written.
    with pytest.raises(SystemExit) as caught:
        main(["--data", str(data), "export", "2026-001", "-o", "-cas.json"])
    assert caught.value.code == 2
    assert "erreur" in capsys.readouterr().err
    assert not (workdir / "sous" / "-cas.json").exists()
    # ./-cas.json names it explicitly.
    assert main(["--data", str(data), "export", "2026-001", "-o", "./-cas.json"]) == 0
    assert (workdir / "sous" / "-cas.json").exists()
    # A missing directory is created, private.
    assert main(["--data", str(data), "export", "2026-001", "-o", str(workdir / "neuf" / "cas.json")]) == 0
    assert mode(workdir / "neuf") == 0o700
