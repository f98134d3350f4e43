"""``harcelement-tui report`` and ``export --pseudonymise``: files 0600, no overwrite without
--force, one French line on errors (exit 2), the report noted in the case."""

from __future__ import annotations

import orjson
import pytest
from support.cli import one_error_line
from support.store import data_path, mode, open_store

from harcelement_tui.cli import main
from harcelement_tui.core.report import md_text
from harcelement_tui.core.history_text import render as render_history




@pytest.fixture
def data(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as store:
        case = store.create_case(pupil="Léa Dupont", class_group="3B", facts=["insultes"])
        store.add_note(case.ref, "Appel à la médiation au sujet de Léa", kind="appel",
                       contact_id="mediation_scolaire")
        store.create_case(pupil="Noé V.", summary="Autre cas")
    return path



def test_report_help_is_in_french(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("utilisation : harcelement-tui report")
    for text in ("REF", "-o FICHIER", "--force", "--pseudonymise", "sortie standard", "0600"):
        assert text in out


def test_report_writes_a_private_file_in_the_current_directory(data, workdir, capsys):
    assert main(["--data", str(data), "report", "2026-001", "--format", "md"]) == 0
    path = workdir / "rapport-2026-001.md"
    assert mode(path) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Rapport du cas 2026-001\n")
    assert "Léa Dupont" in text and "Service de Médiation Scolaire" in text
    assert "Noé" not in text
    err = capsys.readouterr().err
    assert "Rapport du cas 2026-001 écrit : rapport-2026-001.md (lisible par vous seul)." in err
    # Noted in the case (who, where); the report includes that entry.
    with open_store(data) as store:
        last = store.get("2026-001").timeline[-1]
    assert (last.kind, last.by) == ("export", "direction")
    assert render_history(last) == f"Rapport écrit vers {path}"
    assert md_text(f"Rapport écrit vers {path}") in text


def test_report_never_overwrites_without_force(data, workdir, capsys):
    path = workdir / "rapport-2026-001.md"
    path.write_text("rapport précédent", encoding="utf-8")
    assert main(["--data", str(data), "report", "2026-001", "--format", "md"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "existe déjà" in line and "--force" in line
    assert path.read_text(encoding="utf-8") == "rapport précédent"
    with open_store(data) as store:
        assert store.get("2026-001").timeline[-1].kind != "export"  # nothing written, nothing noted

    assert main(["--data", str(data), "report", "2026-001", "--format", "md", "--force"]) == 0
    assert path.read_text(encoding="utf-8").startswith("# Rapport du cas 2026-001")
    assert mode(path) == 0o600


def test_report_of_an_unknown_case(data, workdir, capsys):
    assert main(["--data", str(data), "report", "2026-999"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "Cas introuvable : « 2026-999 »" in line
    assert list(workdir.iterdir()) == []


def test_report_to_standard_output(data, workdir, capsys):
    assert main(["--data", str(data), "report", "2026-001", "--format", "md", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# Rapport du cas 2026-001\n")
    assert "Rapport écrit vers sortie standard" in captured.out
    assert captured.err == ""
    assert list(workdir.iterdir()) == []


def test_report_into_a_directory_and_pseudonymised(data, tmp_path, workdir, capsys):
    target = tmp_path / "envois"
    target.mkdir(mode=0o700)
    assert main(["--data", str(data), "report", "2026-001", "--format", "md", "--pseudonymise", "-o", str(target)]) == 0
    path = target / "rapport-2026-001-pseudonymise.md"
    assert mode(path) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "Version pseudonymisée" in text
    assert "Élève : L. D." in text
    assert "Léa" not in text and "Dupont" not in text and "3B" not in text
    assert "Appel à la médiation au sujet de L." in text
    assert "Rapport pseudonymisé du cas 2026-001 écrit" in capsys.readouterr().err
    with open_store(data) as store:
        assert render_history(store.get("2026-001").timeline[-1]) == f"Rapport pseudonymisé écrit vers {path}"


def test_export_pseudonymise(data, workdir, capsys):
    assert main(["--data", str(data), "export", "2026-001", "--pseudonymise"]) == 0
    path = workdir / "cas-2026-001-pseudonymise.json"
    assert mode(path) == 0o600
    document = orjson.loads(path.read_bytes())
    assert document["pseudonymised"] is True
    assert document["case"]["pupil"] == "L. D."
    assert "class_group" not in document["case"]
    assert b"Dupont" not in path.read_bytes()
    assert "exporté (pseudonymisé)" in capsys.readouterr().err
    # Refused on import, with a French line naming the file.
    assert main(["--data", str(data), "import", str(path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "pseudonymisé" in line and str(path) in line


def test_export_all_pseudonymised(data, tmp_path, workdir):
    target = tmp_path / "lot"
    assert main(["--data", str(data), "export", "--all", "--pseudonymise", "-o", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == ["cas-2026-001-pseudonymise.json",
                                                        "cas-2026-002-pseudonymise.json"]
    second = orjson.loads((target / "cas-2026-002-pseudonymise.json").read_bytes())
    assert second["case"]["pupil"] == "N. V."


def test_report_into_a_new_directory_named_with_a_final_slash(data, tmp_path, workdir):
    """`-o envois/` means a directory even when it does not exist yet: never a file named envois."""
    target = tmp_path / "nouveau"
    assert main(["--data", str(data), "report", "2026-001", "--format", "md", "-o", f"{target}/"]) == 0
    assert target.is_dir() and mode(target) == 0o700
    assert mode(target / "rapport-2026-001.md") == 0o600
