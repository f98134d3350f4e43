"""What an administrator expects: no English from argparse, a French manual page and shell
completions generated from the parser and installed with the package, the licence in the
wheel and the sdist, the version written once."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from harcelement_tui import __version__
from harcelement_tui.cli import build_parser, main
from harcelement_tui.cli.docs import FILES, generated

from support.paths import ROOT


@pytest.mark.parametrize("argv", [["--he"], ["--da", "x.json"], ["export", "--pseudo", "2026-001"],
                                  ["purge", "--dry"]])
def test_abbreviated_options_are_refused_in_french(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "harcelement-tui : erreur : " in err  # "--da" is not taken for "--data"
    assert "ambiguous" not in err and "error:" not in err and "usage:" not in err


def test_the_man_page_and_completions_in_the_repository_are_those_of_the_parser():
    for kind, text in generated().items():
        assert (ROOT / "docs" / FILES[kind]).read_text(encoding="utf-8") == text, (
            f"docs/{FILES[kind]} is out of date: python -m harcelement_tui.cli.docs docs")


def test_the_man_page_lists_every_command_option_and_the_busy_status():
    page = generated()["man"]
    assert page.startswith(".TH HARCELEMENT-TUI 1")
    assert ".SH STATUT DE SORTIE" in page and "\\fB75\\fR" in page
    parser = build_parser()
    for action in parser._subparsers._group_actions[0].choices.values():
        for option in action._actions:
            for name in option.option_strings:
                assert name.replace("-", "\\-") in page, name
    if shutil.which("man"):
        shown = subprocess.run(["man", "-l", "-"], input=page, capture_output=True, text=True, timeout=60,
                               env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        assert "COMMANDES" in shown.stdout and "pseudonymise" in shown.stdout


def complete(words: list[str]) -> list[str]:
    script = ROOT / "docs" / FILES["bash"]
    words_text = " ".join(f"'{w}'" for w in words)
    code = (f"source '{script}'; COMP_WORDS=({words_text}); COMP_CWORD={len(words) - 1}; "
            "_harcelement_tui; printf '%s\\n' \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=30, check=True)
    return out.stdout.split()


def test_bash_completes_commands_and_their_options():
    assert complete(["harcelement-tui", "ex"]) == ["export"]
    assert complete(["harcelement-tui", "export", "--pse"]) == ["--pseudonymise"]
    assert complete(["harcelement-tui", "--data", "x.json", "purge", "--d"]) == ["--data", "--dry-run"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_zsh_completion_is_valid_zsh():
    subprocess.run(["zsh", "-n", str(ROOT / "docs" / FILES["zsh"])], check=True, timeout=30)


def test_the_wheel_carries_the_licence_man_page_and_completions(wheel):  # noqa: F811
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    data = f"harcelement_tui-{__version__}.data/data/share/"
    for path in ("man/man1/harcelement-tui.1", "bash-completion/completions/harcelement-tui",
                 "zsh/site-functions/_harcelement-tui"):
        assert data + path in names
    metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert f"Version: {__version__}" in metadata  # written once, in __init__.py
    assert "License-File: LICENSE" in metadata


def test_the_sdist_carries_the_licence(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = tmp_path.glob("harcelement_tui-*.tar.gz")
    names = tarfile.open(built).getnames()
    assert f"harcelement_tui-{__version__}/LICENSE" in names
    assert f"harcelement_tui-{__version__}/docs/man/harcelement-tui.1" in names


def test_the_version_is_written_once():
    assert '\nversion = "' not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # python_version is not it
    assert Path(ROOT / "src" / "harcelement_tui" / "__init__.py").read_text().count(__version__) == 1
