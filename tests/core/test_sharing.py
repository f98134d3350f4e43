"""core/sharing.py: an export or report written to a file, a folder or standard output, noted in
the case's history only once its file is in place (the use case behind the CLI's export/report
and the console's x/r keys)."""

from __future__ import annotations

import os

import pytest

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.sharing import STDOUT, deliver, resolve_target, share_case
from support.store import mode, read_json


@pytest.fixture
def shop(store):
    """The store with one case, 2026-001."""
    store.create_case(pupil="Léa Dupont", class_group="3B", summary="Photo diffusée")
    return store


def test_an_export_is_written_privately_then_noted_with_where_it_went(shop, tmp_path):
    target = tmp_path / "envoi" / "cas.json"
    shared = share_case(shop, "export", "2026-001", target)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    assert target.read_bytes() == shared.payload
    assert read_json(target)["case"]["pupil"] == "Léa Dupont"
    assert shared.action == "exporte"
    assert render_history(shared.case.timeline[-1]) == f"Cas exporté vers {target.resolve()}"
    assert shop.get("2026-001").timeline[-1] == shared.case.timeline[-1]


def test_a_file_that_cannot_be_written_is_never_noted(shop, tmp_path):
    before = shop.get("2026-001").timeline
    target = tmp_path / "cas.json"
    target.write_text("à garder")
    with pytest.raises(UserError, match="existe déjà"):
        share_case(shop, "report", "2026-001", target, fmt="md")
    locked = tmp_path / "ferme"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:  # root writes anywhere
        with pytest.raises(UserError, match="Impossible de créer"):
            share_case(shop, "export", "2026-001", locked / "cas.json")
    assert target.read_text() == "à garder"
    assert shop.get("2026-001").timeline == before


def test_to_standard_output_nothing_is_written_and_the_history_says_so(shop, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shared = share_case(shop, "report", "2026-001", None, fmt="md", pseudonymise=True)
    assert list(tmp_path.glob("rapport*")) == []
    assert shared.payload.startswith(b"# Rapport") and "Léa" not in shared.payload.decode()
    assert shared.action == "rapport-pseudonymise"
    assert render_history(shared.case.timeline[-1]) == f"Rapport pseudonymisé écrit vers {STDOUT}"


def test_an_encrypted_export_is_sealed_and_logged_as_such(shop, tmp_path):
    target = tmp_path / "cas.json.age"
    shared = share_case(shop, "export", "2026-001", target, encrypt=lambda payload: b"SCELLE" + payload[:5])
    assert target.read_bytes() == b"SCELLE{\n  \"" == shared.payload
    assert shared.action == "exporte-chiffre"


def test_a_target_is_a_file_a_folder_or_standard_output(tmp_path, monkeypatch, capfdbinary):
    monkeypatch.chdir(tmp_path)
    assert resolve_target("-", "cas.json", False) is None
    assert resolve_target(None, "cas.json", False) == tmp_path.joinpath("cas.json").relative_to(tmp_path)
    (tmp_path / "dossier").mkdir()
    assert str(resolve_target("dossier", "cas.json", False)) == os.path.join("dossier", "cas.json")
    assert str(resolve_target("neuf/", "cas.json", False)) == os.path.join("neuf", "cas.json")
    (tmp_path / "pris.json").write_text("{}")
    with pytest.raises(UserError, match="existe déjà"):
        resolve_target("pris.json", "cas.json", False)
    assert resolve_target("pris.json", "cas.json", True) is not None
    assert deliver(b"sur la sortie\n", None, False) is False
    assert capfdbinary.readouterr().out == b"sur la sortie\n"
    assert deliver(b"{}", tmp_path / "neuf" / "cas.json", False) is True
    assert mode(tmp_path / "neuf" / "cas.json") == 0o600


def test_a_target_whose_folder_cannot_be_made_is_refused_before_anything_is_written(shop, tmp_path):
    blocker = tmp_path / "rapport"
    blocker.write_text("un fichier du même nom que le dossier voulu")
    with pytest.raises(UserError, match=f"Impossible d'écrire dans le dossier {blocker}"):
        resolve_target(str(blocker / "sous-dossier" / "cas.json"), "cas.json", force=False)
    assert blocker.read_text().startswith("un fichier")
