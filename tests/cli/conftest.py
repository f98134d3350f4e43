"""Fixtures of the command-line tests (tests/cli)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT
from support.store import data_path, open_store


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The wheel a user installs, built once from this checkout."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("harcelement_tui-*.whl")
    return built


@pytest.fixture
def data(tmp_path):
    """A case file with two cases: 2026-001 Léa D. (insults, a call to the school mediation), 2026-002
    Noé V. A module needing other cases has its own ``data``."""
    path = data_path(tmp_path)
    with open_store(path) as store:
        store.create_case(pupil="Léa D.", facts=["insultes"])
        store.add_note("2026-001", "Appel à la médiation", kind="appel", contact_id="mediation_scolaire")
        store.create_case(pupil="Noé V.")
    return path
