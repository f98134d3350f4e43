"""The case report as PDF: the same sections as the Markdown report, real text, every page with
its footer, fonts embedded, user text literal, and the pseudonymised version without the name."""

from __future__ import annotations

import re

import pytest
from support.pdf import flat, folded_words, fonts_embedded, pdf_metadata, pdf_pages
from support.cli import one_error_line
from support.store import data_path, mode, open_store
from test_report import busy_case, report_of

from harcelement_tui.cli import main
from harcelement_tui.core.report import build_report_pdf
from harcelement_tui.core.history_text import render as render_history


def pdf_of(store, case, **kwargs):
    kwargs.setdefault("school_name", "Institut Saint-Joseph")
    return build_report_pdf(case, store.content, generated_at=case.timeline[-1].at, author=store.user, **kwargs)


def test_pdf_has_the_markdown_sections_in_order_with_names_and_numbers(store, clock):
    case = busy_case(store, clock)
    pages = pdf_pages(pdf_of(store, case))
    text = flat("\n".join(pages))
    markdown = report_of(store, case)
    titles = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith(("## ", "### "))]
    assert "Chronologie (8 entrées)" in titles and "Registre des preuves (1)" in titles
    position = 0
    for title in titles:
        found = text.find(title, position)
        assert found >= 0, title
        position = found
    for expected in ("Rapport du cas 2026-001", "Léa Dupont", "3B", "La mère", "19/03/2026",
                     "Menaces de mort reçues en message privé.", "Entretien avec l'élève, très inquiète",
                     "Service de Médiation Scolaire", "0474/81 08 91", "christophe.bourgois@cfwb.be",
                     "médiation prévenue", "https://www.snapchat.com/add/auteur_presume",
                     "Téléphone de la mère", "04/03/2026 21:15", "2 étapes de la procédure faites sur 21."):
        assert expected in text, expected
    # Nothing about the other case.
    assert "Noé" not in text and "confidentielle" not in text
    assert pdf_metadata(pdf_of(store, case))["/Title"] == "Rapport du cas 2026-001"


def test_every_page_has_the_footer_school_and_date(store, clock):
    case = store.create_case(pupil="Léa Dupont", summary="Harcèlement")
    for number in range(100):
        clock.advance(minutes=5)
        store.add_note(case.ref, f"Note numéro {number} : l’élève signale un nouveau message.")
    case = store.record_report(case.ref, "/x")
    pages = pdf_pages(pdf_of(store, case))
    count = len(pages)
    assert count >= 4
    assert "Chronologie (102 entrées)" in pages[0]  # starts where there is room, not a page later
    for number, page in enumerate(pages, 1):
        assert f"Confidentiel — Cas 2026-001 — page {number}/{count}" in page
        assert "Institut Saint-Joseph · Rapport du 05/03/2026 22:20" in page
    text = flat("\n".join(pages))
    for number in range(100):  # every entry, none lost at a page break
        assert f"Note numéro {number} : l’élève signale" in text


def test_user_text_is_shown_literally(store, clock):
    hostile = "<b>gras</b> & <font size=40>x</font> **pas gras** \x1b[2J\x07 fin"
    case = store.create_case(pupil="Zoé <i>Martin</i>", summary=hostile, reported_by="# pas un titre")
    store.add_note(case.ref, "œuvre « citée » — l’avis… ⚠\nsecond line")
    store.add_evidence(case.ref, description="x" * 3000, where_kept="&amp; <br/>")
    store.add_note(case.ref, "emoji 😀 漢字 \u202elivE\u202c a\u200db")
    payload = pdf_of(store, store.get(case.ref), school_name="École <b>Nord</b>")
    text = flat("\n".join(pdf_pages(payload)))
    assert "<b>gras</b> & <font size=40>x</font> **pas gras** ␛[2J␇ fin" in text
    assert "Zoé <i>Martin</i>" in text and "# pas un titre" in text
    assert "œuvre « citée » — l’avis… ⚠ second line" in text
    assert "&amp; <br/>" in text and "École <b>Nord</b>" in text
    assert "x" * 3000 in text.replace(" ", "")
    # Drawn by no embedded font, or invisible: their codes, never a blank.
    assert "emoji [U+1F600] [U+6F22][U+5B57] [U+202E]livE[U+202C] a[U+200D]b" in text
    fonts = fonts_embedded(payload)
    assert any("NotoSansSymbols2" in name for name in fonts)  # ␛ and ␇ come from the symbols font
    assert any("DejaVuSans" in name for name in fonts)
    assert not any("Helvetica" in name or "Times" in name for name in fonts)


def test_a_huge_note_splits_across_pages(store, clock):
    case = store.create_case(pupil="Léa Dupont")
    long_note = "\n".join(f"ligne {n} du message recopié" for n in range(400))
    store.set_step(case.ref, "prudence.jugement", True, note=long_note)
    store.add_note(case.ref, long_note)
    pages = pdf_pages(pdf_of(store, store.get(case.ref)))
    assert len(pages) > 4
    text = flat("\n".join(pages))
    assert "ligne 399 du message recopié" in text


def test_pseudonymised_pdf_holds_no_form_of_the_name(store, clock):
    case = busy_case(store, clock)
    store.add_note(case.ref, "DUPONT Léa et lea.dupont, LÉA aussi")
    case = store.record_report(case.ref, "/x")
    payload = pdf_of(store, case, pseudonymise=True)
    text = "\n".join(pdf_pages(payload))
    assert "Version pseudonymisée" in text and "L. D." in text
    words = folded_words(text + " ".join(pdf_metadata(payload).values()))
    assert not {"lea", "dupont", "leadupont", "3b"} & words
    assert "direction" not in words and "utilisateur" in words


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as setup:
        case = setup.create_case(pupil="Léa Dupont", class_group="3B", facts=["insultes"])
        setup.add_note(case.ref, "Appel à la médiation", kind="appel", contact_id="mediation_scolaire")
    return path


def test_report_is_pdf_by_default(data, workdir, capsys):
    assert main(["--data", str(data), "report", "2026-001"]) == 0
    path = workdir / "rapport-2026-001.pdf"
    assert mode(path) == 0o600
    text = flat("\n".join(pdf_pages(path.read_bytes())))
    assert "Léa Dupont" in text and "0474/81 08 91" in text
    assert f"Rapport écrit vers {path}" in text  # the report includes its own timeline entry
    assert "Rapport du cas 2026-001 écrit : rapport-2026-001.pdf" in capsys.readouterr().err
    with open_store(data) as store:
        assert render_history(store.get("2026-001").timeline[-1]) == f"Rapport écrit vers {path}"

    assert main(["--data", str(data), "report", "2026-001", "--pseudonymise"]) == 0
    hidden = "\n".join(pdf_pages((workdir / "rapport-2026-001-pseudonymise.pdf").read_bytes()))
    assert not {"lea", "dupont"} & folded_words(hidden)


def test_report_format_follows_the_configuration(data, workdir, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("report_format: md\n", encoding="utf-8")
    assert main(["--data", str(data), "--config", str(config), "report", "2026-001"]) == 0
    assert (workdir / "rapport-2026-001.md").read_text(encoding="utf-8").startswith("# Rapport du cas")
    assert main(["--data", str(data), "--config", str(config), "report", "2026-001", "--format", "pdf"]) == 0
    assert (workdir / "rapport-2026-001.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_report_format_in_configuration(data, workdir, tmp_path, capsys):
    config = tmp_path / "config.yaml"
    config.write_text("report_format: docx\n", encoding="utf-8")
    assert main(["--data", str(data), "--config", str(config), "report", "2026-001"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert str(config) in line and "report_format" in line and "pdf ou md" in line
    assert list(workdir.iterdir()) == []


def test_pdf_is_refused_on_a_terminal(data, workdir, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["--data", str(data), "report", "2026-001", "-o", "-"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert re.search(r"terminal.*-o FICHIER.*--format md", line)
    with open_store(data) as store:
        assert store.get("2026-001").timeline[-1].kind != "export"
