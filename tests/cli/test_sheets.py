"""The documents handed over: the parents' sheet and the pupil's card (``sheet parents|eleve``),
one A4 page each with every service's phone and e-mail exactly as in contacts.yaml, no case data;
their content files validated like the others."""

from __future__ import annotations


import pytest
from support.pdf import flat, fonts_embedded, pdf_pages
from support.cli import one_error_line
from support.store import data_path, mode, open_store
from support.paths import packaged

from harcelement_tui.cli import main
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.sheets_content import load_sheets


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("school_name: Institut Saint-Joseph\n"
                    "school_contact: Mme Martin, éducatrice référente — 056 00 00 00\n", encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as store:
        store.create_case(pupil="Léa Dupont", class_group="3B", summary="Menaces reçues")
    return path


def services_with_coordinates(town):
    return [contact for contact in town.contacts if not contact.to_complete]


def test_parents_sheet(town, config, data, workdir, capsys):
    assert main(["--config", str(config), "--data", str(data), "sheet", "parents"]) == 0
    path = workdir / "fiche-parents.pdf"
    assert mode(path) == 0o600
    assert "Fiche des parents écrite : fiche-parents.pdf" in capsys.readouterr().err
    pages = pdf_pages(path.read_bytes())
    assert len(pages) == 1  # one A4 page
    text = flat(pages[0])
    for expected in ("Votre enfant est victime de cyber-harcèlement", "Ce que fait l'école",
                     "Ce qu'il vaut mieux éviter", "Ne pas intervenir sur les réseaux sociaux",
                     "Ne pas essayer de contacter les présumés auteurs ou leur famille", "Discrétion",
                     "Porter plainte", "Institut Saint-Joseph",
                     "Mme Martin, éducatrice référente — 056 00 00 00"):
        assert expected in text, expected
    for contact in services_with_coordinates(town):
        assert contact.name in text and contact.phone in text and contact.email in text, contact.id
    # No case data: the sheet is the same for every family.
    assert "Léa" not in text and "Dupont" not in text and "Menaces reçues" not in text
    assert all("DejaVuSans" in name for name in fonts_embedded(path.read_bytes()))


def test_parents_sheet_without_configuration_leaves_a_line_to_fill(workdir):
    assert main(["sheet", "parents", "-o", "fiche.pdf"]) == 0
    text = flat(pdf_pages((workdir / "fiche.pdf").read_bytes())[0])
    assert "École ……" in text and "Votre contact à l'école ……" in text


def test_pupil_card(town, config, workdir):
    assert main(["--config", str(config), "sheet", "eleve"]) == 0
    path = workdir / "qui-peut-t-aider.pdf"
    assert mode(path) == 0o600
    pages = pdf_pages(path.read_bytes())
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Qui peut t'aider ?" in text
    for contact in services_with_coordinates(town):
        assert contact.name in text and contact.phone in text and contact.email in text, contact.id
        assert flat(contact.description) in text, contact.id  # what it can do for you, its own words
    # The five CPMS share one card: their common text once.
    assert text.count("Ces Centres se trouvent dans des écoles.") == 1


def test_sheet_never_replaces_a_file_without_force(workdir, capsys):
    path = workdir / "fiche-parents.pdf"
    path.write_bytes(b"autre")
    assert main(["sheet", "parents"]) == 2
    assert "existe déjà" in one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == b"autre"
    assert main(["sheet", "parents", "--force"]) == 0
    assert path.read_bytes().startswith(b"%PDF-")


def test_sheet_kind_is_checked(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["sheet", "voisins"])
    assert exited.value.code == 2
    assert "choix invalide" in capsys.readouterr().err


# -- content validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("parents-sheet.yaml", lambda t: t.replace("sections:", "sections: [", 1), "YAML invalide (ligne"),
        ("parents-sheet.yaml", lambda t: t.replace("title: Votre enfant", "titre: Votre enfant"),
         "entrée « title » : le champ « title » manque"),
        ("parents-sheet.yaml", lambda t: t.replace("  - la_passerelle", "  - la_passerele"),
         "entrée « services » : renvoie au contact inconnu « la_passerele »"),
        ("parents-sheet.yaml", lambda t: t.replace("  - la_passerelle", "  - pouvoir_organisateur"),
         "entrée « services » : le service « pouvoir_organisateur » n'a ni téléphone ni e-mail"),
        ("parents-sheet.yaml", lambda t: t.replace("step: parents.document", "step: parents.fiche"),
         "entrée « step » : étape inconnue « parents.fiche »"),
        ("parents-sheet.yaml", lambda t: t.replace("    title: Discrétion\n", ""),
         "entrée « discretion » : le champ « title » manque"),
        ("parents-sheet.yaml", lambda t: t.replace("  - id: discretion\n    title: Discrétion\n    points:",
                                                   "  - id: discretion\n    title: Discrétion\n    points: []\n    x:"),
         "entrée « discretion » : le champ « points » doit être une liste non vide"),
        ("pupil-card.yaml", lambda t: t.replace("  - le_declic", "  - 12"),
         "entrée « services » : le champ « services » doit être une liste de textes"),
    ],
    ids=["invalid-yaml", "missing-title", "unknown-service", "service-without-phone", "unknown-step",
         "section-title", "empty-points", "card-service-not-text"],
)
def test_invalid_sheet_content_names_the_file_and_the_entry(tmp_path, town, name, edit, expected, capsys):
    folder = tmp_path / "commune"
    folder.mkdir()
    path = folder / name
    path.write_text(edit(packaged(name)), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sheets(folder, town)
    message = str(caught.value)
    assert message.startswith(f"Contenu invalide : {path}")
    assert expected in message
    # The sheet command and the console itself stop on it: one line, status 2.
    for argv in (["--content", str(folder), "sheet", "parents", "-o", str(tmp_path / "x.pdf")],
                 ["--content", str(folder), "--data", str(tmp_path / "cases.json")]):
        assert main(argv) == 2
        line = one_error_line(capsys.readouterr().err)
        assert str(path) in line and expected in line
    assert not (tmp_path / "x.pdf").exists()


def test_a_town_may_rewrite_the_sheet(tmp_path, town, workdir):
    folder = tmp_path / "commune"
    folder.mkdir()
    (folder / "parents-sheet.yaml").write_text(
        packaged("parents-sheet.yaml").replace("Ce que fait l'école", "Ce que fait notre école"), encoding="utf-8")
    assert main(["--content", str(folder), "sheet", "parents"]) == 0
    assert "Ce que fait notre école" in flat(pdf_pages((workdir / "fiche-parents.pdf").read_bytes())[0])


def test_installed_command_finds_its_fonts_from_any_directory(tmp_path):
    """The fonts come from the installed package, wherever the command runs."""
    import subprocess
    import sys
    from pathlib import Path

    command = Path(sys.executable).with_name("harcelement-tui")
    result = subprocess.run([str(command), "sheet", "eleve"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Qui peut t'aider ?" in pdf_pages((tmp_path / "qui-peut-t-aider.pdf").read_bytes())[0]
