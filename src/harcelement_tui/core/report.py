"""The case report: one case in Markdown, for the pouvoir organisateur, the CPMS or the police.

:func:`build_report` is pure: it reads the case and the town's content (step labels, contact
names and numbers, fact labels) and nothing else, so a report never says anything about another
case. It lists the facts, the chronology, the procedure steps done (with who and when), the
services contacted and the evidence log: evidence is *described*, never attached (the console
keeps no image).

Every text that comes from a user or a content file goes through :func:`md_text`: control
characters are made visible and Markdown's own characters escaped, so that a note cannot add a
heading, a link, an image or HTML to the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from harcelement_tui.core.content import Content
from harcelement_tui.core.dates import format_user_date, readable_dates
from harcelement_tui.core.model import Case, TimelineEntry
from harcelement_tui.core.summary import STATUS_LABELS, facts_label, is_urgent, short_datetime
from harcelement_tui.core.text import visible

# Characters with a meaning anywhere in a line (emphasis, code, links, HTML, tables, entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# What makes a line a heading, a quote, a list item, a rule or a setext underline.
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def md_text(text: str, *, indent: str = "") -> str:
    """``text`` as literal Markdown: shown as typed once rendered, whatever it contains.

    Control characters become visible pictures (``␛``); lines after the first are indented by
    ``indent`` (to stay inside a list item) and end with a hard line break.
    """
    lines = visible(text).split("\n")
    out = []
    for line in lines:
        line = _INLINE.sub(r"\\\1", line.rstrip())
        line = _LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), line)
        # Four leading spaces would make a code block: keep the text, not its indentation.
        out.append(line.lstrip())
    return ("  \n" + indent).join(out)


def _when(timestamp: str | None) -> str:
    return md_text(short_datetime(timestamp or "")) if timestamp else "—"


KIND_LABELS = {
    "note": "Note",
    "appel": "Appel",
    "contact": "Contact",
    "etape": "Étape",
    "statut": "Statut",
    "preuve": "Preuve",
    "modification": "Modification",
    "export": "Export",
}


def _chronology(entries: Iterable[TimelineEntry]) -> list[str]:
    lines = []
    for entry in entries:
        label = f"{KIND_LABELS.get(entry.kind, md_text(entry.kind))} — " if entry.kind == "note" else ""
        lines.append(f"- **{_when(entry.at)}** · {md_text(entry.by or '?')} · {label}"
                     f"{md_text(readable_dates(entry.text), indent='  ')}")
    return lines


def _steps(case: Case, town: Content) -> list[str]:
    lines: list[str] = []
    known: set[str] = set()
    total = 0
    for section in town.sections:
        done = []
        for step in section.steps:
            known.add(step.id)
            total += 1
            record = case.steps.get(step.id)
            if record is None:
                continue
            line = (f"- {md_text(' '.join(step.text.split()), indent='  ')} — fait le "
                    f"{_when(record.done_at)} par {md_text(record.done_by or '?')}")
            if record.note:
                line += f"  \n  Note : {md_text(record.note, indent='  ')}"
            done.append(line)
        if done:
            lines += ["", f"### {md_text(' '.join(section.title.split()))}", "", *done]
    others = [step_id for step_id in case.steps if step_id not in known]
    if others:
        lines += ["", "### Étapes qui ne figurent plus dans la procédure", ""]
        for step_id in others:
            record = case.steps[step_id]
            lines.append(f"- {md_text(step_id)} — fait le {_when(record.done_at)} par {md_text(record.done_by or '?')}")
    count = sum(1 for step_id in case.steps if step_id in known)
    head = f"{count} étape(s) de la procédure faite(s) sur {total}."
    if not case.steps:
        head += " Aucune étape n'a encore été cochée."
    return [head, *lines]


def _services(case: Case, town: Content) -> list[str]:
    contacted: dict[str, list[TimelineEntry]] = {}
    for entry in case.timeline:
        if entry.contact_id:
            contacted.setdefault(entry.contact_id, []).append(entry)
    if not contacted:
        return ["Aucun service n'a été noté comme contacté."]
    lines = []
    for contact_id, entries in contacted.items():
        try:
            contact = town.contact(contact_id)
        except KeyError:
            name, details = contact_id, []
        else:
            name = contact.name
            details = [value for value in (contact.phone, contact.email) if value]
        coordinates = f" ({md_text(' · '.join(details))})" if details else ""
        when = " ; ".join(f"{_when(entry.at)} par {md_text(entry.by or '?')}" for entry in entries)
        lines.append(f"- **{md_text(name)}**{coordinates} — contacté le {when}")
    return lines


def _evidence(case: Case) -> list[str]:
    lines = ["Les preuves sont décrites, jamais jointes : la console ne conserve aucune image. "
             "L'original se trouve chez la personne ou au lieu indiqué."]
    if not case.evidence:
        return lines + ["", "Aucune preuve n'a été décrite."]
    for number, item in enumerate(case.evidence, 1):
        lines += ["", f"### Preuve {number}", ""]
        lines.append(f"- Description : {md_text(item.description, indent='  ')}")
        if item.platform:
            lines.append(f"- Plateforme : {md_text(item.platform)}")
        if item.url:
            lines.append(f"- Adresse (URL) : {md_text(item.url)}")
        lines.append(f"- Original conservé : {md_text(item.where_kept, indent='  ')}")
        lines.append(f"- Vu le : {_when(item.seen_at)}")
        lines.append(f"- Noté le {_when(item.at)} par {md_text(item.by or '?')}")
    return lines


def report_filename(ref: str, *, pseudonymised: bool = False) -> str:
    return f"rapport-{ref}-pseudonymise.md" if pseudonymised else f"rapport-{ref}.md"


def build_report(case: Case, town: Content, *, generated_at: str, author: str, school_name: str = "",
                 pseudonymise: bool = False) -> str:
    """The Markdown report of ``case``, written at ``generated_at`` (aware ISO) by ``author``.

    ``pseudonymise``: built from the case as :class:`~harcelement_tui.core.pseudonym.Pseudonymiser`
    makes it (initials, no class, no "reported by", users numbered); the report says so at the top.
    """
    pseudonymiser = None
    if pseudonymise:
        from harcelement_tui.core.pseudonym import Pseudonymiser

        pseudonymiser = Pseudonymiser(case, fact_label=town.fact_label)
        case = pseudonymiser.case()
        author = pseudonymiser.user(author)

    lines = [f"# Rapport du cas {md_text(case.ref)}", ""]
    if pseudonymiser is not None:
        lines += [
            f"> **Version pseudonymisée.** Le nom de l'élève est remplacé par ses initiales "
            f"({md_text(case.pupil)}) partout, notes comprises ; la classe et la personne qui a signalé "
            "le cas ne figurent pas ; les utilisateurs sont numérotés (« utilisateur 1 »…). "
            "Relire avant l'envoi : un texte libre peut contenir d'autres indices (noms de tiers, lieux).",
            "",
        ]
    header = []
    if school_name:
        header.append(f"- Établissement : {md_text(school_name)}")
    header += [
        f"- Date du rapport : {_when(generated_at)}",
        f"- Rédigé par : {md_text(author or '?')}",
    ]
    lines += header
    lines += ["", "Document confidentiel : il concerne " + ("un élève mineur" if case.is_minor else "un élève")
              + ". À ne transmettre qu'aux destinataires habilités (pouvoir organisateur, CPMS, police).", ""]

    lines += ["## Le cas", ""]
    lines.append(f"- Élève : {md_text(case.pupil)}")
    if pseudonymiser is None:
        lines.append(f"- Classe : {md_text(case.class_group) or '—'}")
    lines.append(f"- Mineur : {'oui' if case.is_minor else 'non'}")
    lines.append(f"- Statut : {md_text(STATUS_LABELS.get(case.status, case.status))}")
    lines.append(f"- Ouvert le : {_when(case.opened_at)} par {md_text(case.opened_by or '?')}")
    if pseudonymiser is None:
        lines.append(f"- Signalé par : {md_text(case.reported_by, indent='  ') or '—'}")
    lines.append(f"- Prochain suivi : {md_text(format_user_date(case.follow_up)) or '—'}")
    lines.append(f"- Dernière modification : {_when(case.updated_at)} par {md_text(case.updated_by or '?')}")

    lines += ["", "## Les faits", ""]
    lines.append(f"- Catégories : {md_text(facts_label(case, town)) or '—'}")
    lines.append(f"- Plateformes : {md_text(', '.join(case.platforms)) or '—'}")
    if is_urgent(case, town):
        lines.append("- **Cas urgent** (menaces, incitation au suicide ou images intimes d'un mineur)")
    lines += ["", "### Résumé", "", md_text(case.summary) if case.summary.strip() else "Aucun résumé saisi."]

    lines += ["", f"## Chronologie ({len(case.timeline)} entrée(s))", ""]
    lines += _chronology(case.timeline) or ["Aucune entrée."]
    lines += ["", "## Démarches effectuées", ""]
    lines += _steps(case, town)
    lines += ["", "## Services contactés", ""]
    lines += _services(case, town)
    lines += ["", f"## Registre des preuves ({len(case.evidence)})", ""]
    lines += _evidence(case)
    return "\n".join(lines) + "\n"


__all__ = ["KIND_LABELS", "build_report", "md_text", "report_filename"]
