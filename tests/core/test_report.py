"""The case report (Markdown): what it says about a case built through the store, and that user
text cannot change its structure."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from harcelement_tui.core.report import build_report, md_text, report_filename
from harcelement_tui.core.text import visible

MD = MarkdownIt("commonmark")  # raw HTML allowed, as most renderers do


def busy_case(store, clock):
    """A case with a note, a call, a contact, two steps, evidence; and another case beside it."""
    case = store.create_case(pupil="Léa Dupont", class_group="3B", facts=["menaces", "insultes"],
                             platforms=["Snapchat", "Instagram"], reported_by="La mère",
                             summary="Menaces de mort reçues en message privé.", follow_up="2026-03-19")
    store.create_case(pupil="Noé Voisin", class_group="5A", summary="Autre affaire confidentielle")
    store.add_note("2026-002", "Note sur Noé qui ne doit pas sortir")
    clock.advance(minutes=10)
    store.add_note(case.ref, "Entretien avec l'élève, très inquiète")
    clock.advance(minutes=10)
    store.add_note(case.ref, "Appel aux parents. Points abordés :\n- Sécurité assurée", kind="appel")
    clock.advance(minutes=10)
    store.add_note(case.ref, "Contact : Service de Médiation Scolaire. RDV jeudi", kind="contact",
                   contact_id="mediation_scolaire")
    clock.advance(minutes=10)
    store.set_step(case.ref, "prudence.jugement", True)
    store.set_step(case.ref, "relais.cpms_mediation", True, note="médiation prévenue")
    clock.advance(minutes=10)
    store.add_evidence(case.ref, description="Capture des messages de menace", where_kept="Téléphone de la mère",
                       platform="Snapchat", url="https://www.snapchat.com/add/auteur_presume",
                       seen_at="2026-03-04T21:15:00+01:00")
    clock.advance(hours=1)
    return store.record_report(case.ref, "/srv/exports/rapport-2026-001.md")


def report_of(store, case, **kwargs):
    kwargs.setdefault("school_name", "Institut Saint-Joseph")
    return build_report(case, store.content, generated_at=case.timeline[-1].at, author=store.user, **kwargs)


def section(report: str, title: str) -> str:
    """The text of the ``## title`` section, up to the next ``## ``."""
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", report, re.M | re.S)
    assert match, f"no section {title!r}"
    return match.group(1)


def test_report_header_and_case_fields(store, clock):
    case = busy_case(store, clock)
    report = report_of(store, case)
    assert report.startswith("# Rapport du cas 2026-001\n")
    assert "- Établissement : Institut Saint-Joseph" in report
    assert "- Date du rapport : 05/03/2026 15:50" in report  # the store's clock, not the machine's
    assert "- Rédigé par : direction" in report
    fields = section(report, "Le cas")
    for line in ("- Élève : Léa Dupont", "- Classe : 3B", "- Mineur : oui", "- Statut : Ouvert",
                 "- Ouvert le : 05/03/2026 14:00 par direction", "- Signalé par : La mère",
                 "- Prochain suivi : 19/03/2026"):
        assert line in fields
    facts = section(report, "Les faits")
    assert "Menaces d'agression ou de mort" in facts and "Insultes" in facts
    assert "Snapchat, Instagram" in facts
    assert "**Cas urgent**" in facts
    assert "Menaces de mort reçues en message privé." in facts
    assert "Version pseudonymisée" not in report


def test_report_chronology_is_in_time_order_with_who_and_when(store, clock):
    case = busy_case(store, clock)
    chronology = section(report_of(store, case), "Chronologie")
    items = [line for line in chronology.splitlines() if line.startswith("- **")]
    assert len(items) == len(case.timeline)
    assert items[0] == "- **05/03/2026 14:00** · direction · Cas ouvert (statut : ouvert)."
    assert items[1] == "- **05/03/2026 14:10** · direction · Note — Entretien avec l'élève, très inquiète"
    assert items[2].startswith("- **05/03/2026 14:20** · direction · Appel aux parents.")
    # The call's second line stays inside its list item, shown as typed (not a nested list).
    assert "  \\- Sécurité assurée" in chronology
    assert items[-1] == "- **05/03/2026 15:50** · direction · Rapport écrit vers /srv/exports/rapport-2026-001.md"


def test_report_steps_by_section_services_and_evidence(store, clock, town):
    case = busy_case(store, clock)
    report = report_of(store, case)
    steps = section(report, "Démarches effectuées")
    assert f"2 étapes de la procédure faites sur {len(town.steps())}." in steps
    prudence = " ".join(town.section("prudence").title.split())
    relais = town.section("relais").title
    assert steps.index(f"### {prudence}") < steps.index("Éviter tout jugement — fait le 05/03/2026 14:40 par direction")
    assert steps.index(f"### {relais}") < steps.index("Contactez le CPMS")
    assert "Note : médiation prévenue" in steps
    assert "Être attentif à la sécurité" not in steps  # not done: not listed as done

    services = section(report, "Services contactés")
    mediation = town.contact("mediation_scolaire")
    assert f"**{mediation.name}** ({mediation.phone} · {mediation.email})" in services
    assert "contacté le 05/03/2026 14:30 par direction" in services

    evidence = section(report, "Registre des preuves")
    assert "- Description : Capture des messages de menace" in evidence
    assert "- Plateforme : Snapchat" in evidence
    assert "- Adresse (URL) : https://www.snapchat.com/add/auteur\\_presume" in evidence
    assert "- Original conservé : Téléphone de la mère" in evidence
    assert "- Vu le : 04/03/2026 21:15" in evidence
    assert "jamais jointes" in evidence


def test_report_says_nothing_about_other_cases(store, clock):
    case = busy_case(store, clock)
    report = report_of(store, case)
    for other in ("2026-002", "Noé", "Voisin", "5A", "Autre affaire", "ne doit pas sortir"):
        assert other not in report


def test_report_of_an_empty_case_says_what_is_missing(store, town):
    case = store.create_case(pupil="Zoé")
    report = build_report(case, town, generated_at=case.opened_at, author="direction")
    assert "Établissement" not in report  # no school configured
    assert "Aucune étape n'a encore été cochée." in report
    assert "Aucun service n'a été noté comme contacté." in report
    assert "Aucune preuve n'a été décrite." in report
    assert "Aucun résumé saisi." in report


HOSTILE = (
    "# Faux titre\n"
    "[cliquez](javascript:alert(1)) ![img](http://x/y.png) <script>alert(1)</script>\n"
    "<b>gras</b> **fort** _souligné_ `code` &amp; | a | b |\n"
    "---\n"
    "1. liste\n"
    "    bloc de code\n"
    "> citation\n"
    "\x1b[2J\x07 fin"
)


def rendered_tags(markdown: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", MD.render(markdown)))


def test_user_text_cannot_add_headings_links_images_or_html(store, town):
    case = store.create_case(pupil="Zoé <i>", class_group="[x](y)", reported_by="# moi", summary=HOSTILE)
    store.add_note(case.ref, HOSTILE)
    store.add_evidence(case.ref, description=HOSTILE, where_kept="<img src=x onerror=alert(1)>",
                       platform="*Snap*", url="javascript:alert(1)")
    case = store.set_step(case.ref, "prudence.jugement", True, note=HOSTILE)
    report = build_report(case, town, generated_at=case.updated_at, author="direction",
                          school_name="<École> [lien](x)")
    html_out = MD.render(report)
    tags = set(re.findall(r"<([a-z0-9]+)", html_out))
    assert tags <= {"h1", "h2", "h3", "p", "ul", "li", "br", "strong", "blockquote"}
    assert html_out.count("<h1>") == 1
    assert "Faux titre</h" not in html_out
    assert "<a " not in html_out and "<img" not in html_out and "<script" not in html_out
    assert "<blockquote>" not in html_out  # the pseudonymised notice is the only quote, and it is off
    assert "\x1b" not in report and "\x07" not in report
    assert "␛[2J␇ fin" in html.unescape(re.sub(r"<[^>]+>", "", html_out))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
       | st.text(alphabet="#>-+=*_`[]()!<>&|\\~ .1)\n\tazAZ:é", max_size=60))
def test_md_text_renders_as_the_visible_text_and_nothing_more(text):
    markdown = md_text(text)
    assert rendered_tags(markdown) <= {"p", "br"}
    shown = html.unescape(re.sub(r"<[^>]+>", "", MD.render(markdown)))
    assert shown.split() == visible(text).split()


def test_report_file_names():
    assert report_filename("2026-001") == "rapport-2026-001.md"
    assert report_filename("2026-001", pseudonymised=True) == "rapport-2026-001-pseudonymise.md"


def test_pseudonymised_report_says_so_and_hides_the_name_class_reporter_and_logins(store, clock):
    case = busy_case(store, clock)
    case = store.add_note(case.ref, "LÉA dit que DUPONT's story et la photo de lea ont circulé")
    report = report_of(store, case, pseudonymise=True)
    assert "> **Version pseudonymisée.**" in report
    assert "(L. D.)" in report
    fields = section(report, "Le cas")
    assert "- Élève : L. D." in fields
    assert "Classe" not in fields and "Signalé par" not in fields
    assert "La mère" not in report
    assert "par direction" not in report and "Rédigé par : direction" not in report
    assert "utilisateur 1" in report
    folded = report.casefold()
    for part in ("léa", "lea", "dupont"):
        assert part not in folded
    assert "L. dit que D.'s story et la photo de L. ont circulé" in report
