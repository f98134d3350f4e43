"""One document, two renderers: every kind of block reaches both the Markdown and the PDF, so a
section added to a document (say, the people in a case) appears in both."""

from __future__ import annotations

from support.pdf import flat, pdf_pages

from harcelement_tui.core.document import (
    Bullets,
    Callout,
    Card,
    Cards,
    Column,
    Document,
    Entries,
    Entry,
    Field,
    Fields,
    Para,
    Table,
    bold,
    fixed,
    section,
    text,
)
from harcelement_tui.core.render_md import render_markdown
from harcelement_tui.core.render_pdf import render_pdf

DOCUMENT = Document(
    title="Titre du document",
    blocks=(
        Callout(text(fixed("Avertissement", bold=True), " en tête")),
        Para(text("Un paragraphe ", bold("gras"), " et <b>pas</b> du balisage")),
        section("Les personnes", [
            Fields((Field("Élève", text("Léa D.")), Field("Noté le", text("05/03/2026"), sep=" "))),
            Table((Column("Nom", bold=True), Column("Rôle", before=" — ")),
                  ((text("Témoin A"), text("témoin")), (text("Auteur présumé"), text("")))),
            section("Entendues", [Entries((Entry("05/03/2026 14:00", "direction", text("Audition du témoin")),))]),
        ]),
        section("Services", [
            Bullets((text("Premier point"), text("Second point"))),
            Cards((Card("La Passerelle", "peut te proposer un soutien", (("Tél. 056/34 60 83", "a@b.be"),)),
                   Card("", "Ces Centres…", (("CPMS 1", "Tél. 056/39 16 20"),)))),
        ]),
    ),
    footer="Confidentiel — Essai",
)

TEXTS = ["Titre du document", "Avertissement", "Un paragraphe", "Les personnes", "Léa D.", "Témoin A",
         "Auteur présumé", "Entendues", "Audition du témoin", "Premier point", "Second point",
         "La Passerelle", "056/34 60 83", "a@b.be", "Ces Centres…", "CPMS 1", "056/39 16 20"]


def test_every_block_reaches_both_renderers():
    markdown = render_markdown(DOCUMENT)
    pdf = flat("\n".join(pdf_pages(render_pdf(DOCUMENT))))
    for expected in TEXTS:
        assert expected in markdown, expected
        assert expected in pdf, expected
    assert "## Les personnes" in markdown and "### Entendues" in markdown
    assert "- Noté le 05/03/2026" in markdown and "- **Témoin A** — témoin" in markdown
    assert "- **Auteur présumé**\n" in markdown  # an empty cell is left out with its separator
    assert "\\<b\\>pas\\</b\\>" in markdown and "<b>pas</b> du balisage" in pdf
    assert "Confidentiel — Essai — page 1/1" in pdf
