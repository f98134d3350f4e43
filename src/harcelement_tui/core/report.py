"""The case report: one case in Markdown or PDF, for the pouvoir organisateur, the CPMS or the police.

:func:`report_document` builds it once as a :class:`~harcelement_tui.core.document.Document`;
:func:`build_report` renders it in Markdown, :func:`build_report_pdf` in PDF. It is pure: it reads the case and the town's content (step labels, contact
names and numbers, fact labels) and nothing else, so a report never says anything about another
case. It lists the facts, the chronology, the procedure steps done (with who and when), the
services contacted and the evidence log: evidence is *described*, never attached (the console
keeps no image).

User and content text is literal in both formats (see :mod:`~harcelement_tui.core.render_md`
and :mod:`~harcelement_tui.core.render_pdf`): a note cannot add a heading, a link or markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from harcelement_tui.core.applicability import applies, skipped_steps
from harcelement_tui.core.content import Content
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.document import (
    Block,
    Callout,
    Column,
    Document,
    Entries,
    Entry,
    Field,
    Fields,
    Para,
    Table,
    Text,
    fixed,
    section,
    text,
)
from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.model import Case, StepRecord, TimelineEntry
from harcelement_tui.core.po_update import changes_since, last_po_update
from harcelement_tui.core.render_md import md_text, render_markdown
from harcelement_tui.core.report_people import people_section
from harcelement_tui.core.summary import STATUS_LABELS, TICKED_VIA, facts_label, is_urgent, short_datetime

NONE = fixed("—")


def _when(timestamp: str | None) -> str:
    return short_datetime(timestamp or "") if timestamp else "—"


def _or_none(value: str) -> Text:
    return text(value) if value.strip() else (NONE,)


def _by(who: str | None) -> str:
    return who or "?"


KIND_LABELS = {
    "note": "Note",
    "appel": "Appel",
    "contact": "Contact",
    "etape": "Étape",
    "statut": "Statut",
    "preuve": "Preuve",
    "modification": "Modification",
    "export": "Export",
    "personne": "Personne",
}


def _chronology(entries: Iterable[TimelineEntry]) -> Block:
    items = []
    for entry in entries:
        label = fixed(f"{KIND_LABELS['note']} — ") if entry.kind == "note" else ""
        items.append(Entry(_when(entry.at), _by(entry.by), text(label, render_history(entry))))
    return Entries(tuple(items)) if items else Para(text(fixed("Aucune entrée.")))


STEP_COLUMNS = (
    Column("Étape", width=3.2),
    Column("Fait le", width=1.2, before=" — fait le "),
    Column("Par", width=1.0, before=" par "),
    Column("Note", width=2.0, before="  \n  Note : "),
)
OTHER_STEP_COLUMNS = STEP_COLUMNS[:3]
SKIPPED_COLUMNS = (Column("Étape", width=3.2), Column("Raison", width=4.2, before=" — "))


def _done_by(record: StepRecord) -> Text:
    """Who ticked the step, and what ticked it when it was not a tick by hand."""
    via = TICKED_VIA.get(record.via)
    return text(_by(record.done_by), fixed(f" ({via})")) if via else text(_by(record.done_by))


def _steps(case: Case, town: Content) -> list[Block]:
    blocks: list[Block] = []
    known: set[str] = set()
    total = 0
    for part in town.sections:
        done = []
        for step in part.steps:
            known.add(step.id)
            if not applies(case, step):
                continue
            total += 1
            record = case.steps.get(step.id)
            if record is None:
                continue
            # The detail a step asks for ("Qui ?") is given with its question.
            note = text(fixed(f"{step.ask} "), record.note) if step.ask and record.note else text(record.note)
            done.append((text(" ".join(step.text.split())), text(_when(record.done_at)), _done_by(record), note))
        if done:
            blocks.append(section(part.title, [Table(STEP_COLUMNS, tuple(done))]))
    others = [step_id for step_id in case.steps if step_id not in known]
    if others:
        rows = tuple((text(step_id), text(_when(case.steps[step_id].done_at)), text(_by(case.steps[step_id].done_by)))
                     for step_id in others)
        blocks.append(section("Étapes qui ne figurent plus dans la procédure", [Table(OTHER_STEP_COLUMNS, rows)]))
    skipped = skipped_steps(case, town)
    if skipped:
        rows = tuple((text(" ".join(step.text.split())), text(reason)) for step, reason in skipped)
        blocks.append(section("Étapes sans objet pour ce cas", [Table(SKIPPED_COLUMNS, rows)]))
    count = sum(1 for step in town.steps() if step.id in case.steps and applies(case, step))
    head = f"{count} étape(s) de la procédure faite(s) sur {total}."
    if skipped:
        head += f" {len(skipped)} sans objet."
    if not case.steps:
        head += " Aucune étape n'a encore été cochée."
    return [Para(text(fixed(head))), *blocks]


SERVICE_COLUMNS = (
    Column("Service", width=2.2, bold=True),
    Column("Téléphone · e-mail", width=2.6, before=" (", after=")"),
    Column("Contacté le (par)", width=2.4, before=" — contacté le "),
)


def _services(case: Case, town: Content) -> Block:
    contacted: dict[str, list[TimelineEntry]] = {}
    for entry in case.timeline:
        if entry.contact_id:
            contacted.setdefault(entry.contact_id, []).append(entry)
    if not contacted:
        return Para(text(fixed("Aucun service n'a été noté comme contacté.")))
    rows = []
    for contact_id, entries in contacted.items():
        try:
            contact = town.contact(contact_id)
        except KeyError:
            name, details = contact_id, []
        else:
            name = contact.name
            details = [value for value in (contact.phone, contact.email) if value]
        when: list[str | object] = []
        for index, entry in enumerate(entries):
            if index:
                when.append(fixed(" ; "))
            when += [_when(entry.at), fixed(" par "), _by(entry.by)]
        rows.append((text(name), text(" · ".join(details)), text(*when)))  # type: ignore[arg-type]
    return Table(SERVICE_COLUMNS, tuple(rows))


def _evidence(case: Case) -> list[Block]:
    blocks: list[Block] = [Para(text(fixed(
        "Les preuves sont décrites, jamais jointes : la console ne conserve aucune image. "
        "L'original se trouve chez la personne ou au lieu indiqué.")))]
    if not case.evidence:
        return blocks + [Para(text(fixed("Aucune preuve n'a été décrite.")))]
    for number, item in enumerate(case.evidence, 1):
        fields = [Field("Description", text(item.description))]
        if item.platform:
            fields.append(Field("Plateforme", text(item.platform)))
        if item.url:
            fields.append(Field("Adresse (URL)", text(item.url)))
        fields.append(Field("Original conservé", text(item.where_kept)))
        fields.append(Field("Vu le", text(_when(item.seen_at))))
        fields.append(Field("Noté le", text(_when(item.at), fixed(" par "), _by(item.by)), sep=" "))
        blocks.append(section(f"Preuve {number}", [Fields(tuple(fields))]))
    return blocks


def report_filename(ref: str, *, pseudonymised: bool = False, fmt: str = "md", since_po: bool = False) -> str:
    base = f"rapport-{ref}" + ("-depuis-po" if since_po else "") + ("-pseudonymise" if pseudonymised else "")
    return f"{base}.{fmt}"


def report_document(case: Case, town: Content, *, generated_at: str, author: str, school_name: str = "",
                    pseudonymise: bool = False, since_po: bool = False) -> Document:
    """The report of ``case`` as a :class:`Document`, written at ``generated_at`` (aware ISO) by
    ``author``; :func:`build_report` and :func:`build_report_pdf` render it.

    ``pseudonymise``: built from the case as :class:`~harcelement_tui.core.pseudonym.Pseudonymiser`
    makes it (initials, no class, no "reported by", users numbered); the report says so at the top.
    ``since_po``: only what changed since the pouvoir organisateur was last informed
    (:mod:`~harcelement_tui.core.po_update`); the whole report, saying so, when it never was.
    """
    since = last_po_update(case, town) if since_po else None
    part = changes_since(case, since) if since is not None else None
    pseudonymiser = None
    if pseudonymise:
        from harcelement_tui.core.pseudonym import Pseudonymiser

        # Built on the whole case: a name changed before the part reported is still found.
        pseudonymiser = Pseudonymiser(case, fact_label=town.fact_label,
                                      role_label=lambda role: town.role(role).label)
        case = pseudonymiser.case(part)
        author = pseudonymiser.user(author)
    elif part is not None:
        case = part

    blocks: list[Block] = []
    if pseudonymiser is not None:
        blocks.append(Callout(text(
            fixed("Version pseudonymisée.", bold=True),
            fixed(" Le nom de l'élève est remplacé par ses initiales ("), case.pupil,
            fixed(") partout, notes comprises, celui des autres personnes par leur rôle et un numéro "
                  "(« auteur présumé 1 ») ; la classe et la personne qui a signalé le cas ne figurent "
                  "pas ; les utilisateurs sont numérotés (« utilisateur 1 »…). Relire avant l'envoi : un "
                  "texte libre peut contenir d'autres indices (noms de tiers, lieux)."))))
    header = []
    if school_name:
        header.append(Field("Établissement", text(school_name)))
    header += [Field("Date du rapport", text(_when(generated_at))), Field("Rédigé par", text(_by(author)))]
    if since is not None:
        header.append(Field("Mise à jour pour le pouvoir organisateur", text(fixed(
            f"seul ce qui a changé depuis sa dernière information, le {_when(since)}, figure dans la "
            "chronologie, les démarches et les preuves ci-dessous."))))
    elif since_po:
        header.append(Field("Mise à jour pour le pouvoir organisateur", text(fixed(
            "il n'a pas encore été informé (étape non cochée) : rapport complet."))))
    blocks.append(Fields(tuple(header)))
    blocks.append(Para(text(fixed(
        "Document confidentiel : il concerne " + ("un élève mineur" if case.is_minor else "un élève")
        + ". À ne transmettre qu'aux destinataires habilités (pouvoir organisateur, CPMS, police)."))))

    fields = [Field("Élève", text(case.pupil))]
    if pseudonymiser is None:
        fields.append(Field("Classe", _or_none(case.class_group)))
    fields += [
        Field("Mineur", text(fixed("oui" if case.is_minor else "non"))),
        Field("Statut", text(STATUS_LABELS.get(case.status, case.status))),
        Field("Ouvert le", text(_when(case.opened_at), fixed(" par "), _by(case.opened_by))),
    ]
    if pseudonymiser is None:
        fields.append(Field("Signalé par", _or_none(case.reported_by)))
    fields += [
        Field("Prochain suivi", _or_none(format_user_date(case.follow_up))),
        Field("Dernière modification", text(_when(case.updated_at), fixed(" par "), _by(case.updated_by))),
    ]
    blocks.append(section("Le cas", [Fields(tuple(fields))]))

    facts = [Field("Catégories", _or_none(facts_label(case, town))),
             Field("Plateformes", _or_none(", ".join(case.platforms)))]
    if is_urgent(case, town):
        facts.append(Field("", text(fixed("Cas urgent", bold=True), fixed(
            " (menaces, incitation au suicide ou images intimes d'un mineur)"))))
    summary = Para(text(case.summary) if case.summary.strip() else text(fixed("Aucun résumé saisi.")))
    blocks.append(section("Les faits", [Fields(tuple(facts)), section("Résumé", [summary])]))

    blocks.append(people_section(case, town, pseudonymised=pseudonymiser is not None))
    blocks.append(section(f"Chronologie ({len(case.timeline)} entrée(s))", [_chronology(case.timeline)]))
    blocks.append(section("Démarches effectuées", _steps(case, town)))
    blocks.append(section("Services contactés", [_services(case, town)]))
    blocks.append(section(f"Registre des preuves ({len(case.evidence)})", _evidence(case)))
    when = _when(generated_at)
    return Document(
        title=f"Rapport du cas {case.ref}",
        blocks=tuple(blocks),
        header=" · ".join(part for part in (school_name, f"Rapport du {when}") if part),
        footer=f"Confidentiel — Cas {case.ref}",
        subject="Rapport de cas (cyber-harcèlement)" + (" — version pseudonymisée" if pseudonymiser else ""),
        author=_by(author),
    )


def build_report(case: Case, town: Content, **kwargs) -> str:
    """The Markdown report of ``case`` (options of :func:`report_document`)."""
    return render_markdown(report_document(case, town, **kwargs))


def build_report_pdf(case: Case, town: Content, **kwargs) -> bytes:
    """The PDF report of ``case`` (options of :func:`report_document`): A4, fonts embedded."""
    from harcelement_tui.core.render_pdf import render_pdf

    return render_pdf(report_document(case, town, **kwargs))


def render_report(case: Case, town: Content, *, fmt: str, **kwargs) -> bytes:
    """The report of ``case`` as file bytes, in ``fmt`` (``"pdf"`` or ``"md"``)."""
    if fmt == "pdf":
        return build_report_pdf(case, town, **kwargs)
    return build_report(case, town, **kwargs).encode("utf-8")


REPORT_FORMATS = ("pdf", "md")

__all__ = ["KIND_LABELS", "REPORT_FORMATS", "build_report", "build_report_pdf", "md_text", "render_report",
           "report_document", "report_filename"]
