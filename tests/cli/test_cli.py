"""The command line: French help, one French line and exit 2 on every error a user can cause."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.app import App

from harcelement_tui.cli import build_parser, main

from support.terminal import Console, plain


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harcelement_tui", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_help_is_in_french():
    result = run_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("utilisation : harcelement-tui")
    for text in ("afficher cette aide et quitter", "--data FICHIER", "--content DOSSIER", "--config FICHIER"):
        assert text in result.stdout
    assert "show this help" not in result.stdout


def test_starting_the_console_builds_no_parser_and_anything_else_gets_the_whole_one(monkeypatch, capsys, tmp_path):
    import harcelement_tui.cli as cli
    from harcelement_tui.cli import console

    built: list[bool] = []
    real = cli.build_parser

    def spy():
        built.append(True)
        return real()

    monkeypatch.setattr(cli, "build_parser", spy)
    started: list[tuple[str, str | None]] = []
    monkeypatch.setattr(console, "run_console",
                        lambda ctx: started.append((str(ctx.data_file), ctx.content_dir and str(ctx.content_dir))) or 0)
    town = tmp_path / "ville"
    assert main(["--data", "/tmp/x/cases.json"]) == 0 and main(["--data=/tmp/y/cases.json"]) == 0
    # The last one given wins, as with argparse; --content and --config take a value too.
    config = tmp_path / "config.yaml"
    config.write_text("school_name: École Test\n", encoding="utf-8")
    assert main(["--data", "/tmp/a", "--content", str(town), "--config", str(config), "--data=/tmp/b"]) == 0
    assert started == [("/tmp/x/cases.json", None), ("/tmp/y/cases.json", None), ("/tmp/b", str(town))]
    assert built == []
    # Anything else is judged by the whole parser: sub-commands, help, mistakes, odd values.
    for words in (["--data", "/tmp/x/cases.json", "info"], ["--help"], ["inconnu"], ["--data"], ["--nimporte"],
                  ["--data", "--config"], ["--data="], ["--dat", "/tmp/x"]):
        built.clear()
        try:
            main(words)
        except SystemExit:
            pass
        assert built == [True], words
    err = capsys.readouterr().err
    assert "choix invalide : 'inconnu'" in err
    assert err.count("argument --data : une valeur est attendue") == 2  # "--data" alone, "--data --config"


def test_unknown_option_is_a_french_error(capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["--nimporte"])
    assert caught.value.code == 2
    assert "erreur : arguments inconnus : --nimporte" in capsys.readouterr().err


def test_bad_content_exits_2_with_one_line_and_no_traceback(tmp_path):
    (tmp_path / "contacts.yaml").write_text("contacts: [\n", encoding="utf-8")
    result = run_cli("--content", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"harcelement-tui : Contenu invalide : {tmp_path / 'contacts.yaml'}")


def test_bad_config_exits_2(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("couleur: rouge\n", encoding="utf-8")
    result = run_cli("--config", str(config))
    assert result.returncode == 2
    assert "clé inconnue « couleur »" in result.stderr
    assert "Traceback" not in result.stderr


def test_console_receives_the_configured_school_and_data_file(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("school_name: Athénée Royal\ndata_file: donnees/cases.json\n", encoding="utf-8")
    seen = {}

    def fake_run(*, config, data_file, outline, load_town):
        seen.update(config=config, data_file=data_file)
        return 0

    monkeypatch.setattr("harcelement_tui.ui.app.run", fake_run)
    assert main(["--config", str(config)]) == 0
    assert seen["config"].school_name == "Athénée Royal"
    assert seen["data_file"] == tmp_path / "donnees/cases.json"
    assert main(["--config", str(config), "--data", str(tmp_path / "cli.json")]) == 0
    assert seen["data_file"] == tmp_path / "cli.json"


def console_refusal(*args: str) -> tuple[int, str]:
    """Start the console in a terminal with a data file it must refuse: its exit status and the
    one line it leaves on the terminal once restored (the data file is checked just after the
    first frame)."""
    console = Console(list(args), {"TERM": "xterm-256color"})
    try:
        status = console.wait_exit()
    finally:
        console.close()
    assert "Traceback" not in console.text
    restored = console.text.rsplit("\x1b[?1049l", 1)[-1]  # what stays on the terminal
    lines = [line.strip() for line in plain(restored).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return status, lines[0]


def test_console_refuses_a_corrupt_data_file_in_one_line_and_leaves_it_as_it_was(tmp_path):
    data = tmp_path / "cases.json"
    data.write_text("{ pas du json", encoding="utf-8")
    data.chmod(0o600)
    before = data.read_bytes()
    status, line = console_refusal("--data", str(data))
    assert status == 2 and str(data) in line
    assert data.read_bytes() == before


def test_console_refuses_an_other_readable_data_file(tmp_path):
    data = tmp_path / "cases.json"
    data.write_text("", encoding="utf-8")
    data.chmod(0o644)
    status, line = console_refusal("--data", str(data))
    assert status == 2
    assert "chmod" in line


def test_a_shared_sticky_directory_is_refused_without_chmod_advice(tmp_path):
    shared = tmp_path / "partage"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: telling users to chmod it would break the server
    status, line = console_refusal("--data", str(shared / "cases.json"))
    assert status == 2
    assert "dossier à vous" in line
    assert "chmod" not in line
    assert not (shared / "cases.json").exists()


def test_an_unreadable_data_file_is_one_french_line(tmp_path, monkeypatch, capsys, town):
    """Run as root here, so the refusal is simulated: the system says EACCES on open."""
    import errno
    import os

    from harcelement_tui.core.store import CaseStore

    data = tmp_path / "cases.json"
    CaseStore(data, user="direction", content=town).close()
    real_open = os.open

    def refuse(file, flags, *args, **kwargs):
        if str(file) == str(data):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    # The console's own start (first frame, then the data file opened), without a terminal.
    monkeypatch.setattr("harcelement_tui.ui.app.HarcelementApp.run",
                        lambda self, **kwargs: App.run(self, headless=True, **kwargs))
    assert main(["--data", str(data)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert str(data) in err and "permission refusée" in err
    assert "Permission denied" not in err
