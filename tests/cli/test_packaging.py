"""What a user installs: the wheel carries content and styles, and the core never loads Textual."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from support.paths import ROOT


def test_wheel_carries_content_styles_and_entry_point(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("procedure.yaml", "parents.yaml", "contacts.yaml", "parents-sheet.yaml", "pupil-card.yaml"):
        assert f"harcelement_tui/content/{name}" in names
    # The PDF fonts, each with its licence.
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoSansSymbols2-Regular.ttf", "LICENSE-DejaVu.txt",
                 "LICENSE-NotoSansSymbols2.txt"):
        assert f"harcelement_tui/fonts/{name}" in names
    for path in (ROOT / "styles").glob("*.tcss"):
        assert f"harcelement_tui/styles/{path.name}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "harcelement-tui = harcelement_tui.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_finds_its_files_from_any_directory(tmp_path):
    code = (
        "from harcelement_tui.core.content import load_content\n"
        "from harcelement_tui.ui.app import style_paths\n"
        "c = load_content(); assert len(c.sections) == 7\n"
        "assert all(p.is_file() for p in style_paths()), style_paths()\n"
        "print(c.sources['procedure.yaml'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout  # not the checkout


def test_core_and_cli_never_import_textual():
    code = (
        "import sys, pkgutil, importlib, harcelement_tui.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('harcelement_tui.core.' + m.name)\n"
        "import harcelement_tui.cli as cli\n"
        "for m in pkgutil.iter_modules(cli.__path__): importlib.import_module('harcelement_tui.cli.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
