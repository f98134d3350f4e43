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

from harcelement_tui.core import strings_docs as D
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
    Span,
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
from harcelement_tui.core.strings import yes_no
from harcelement_tui.core.report_people import people_section
from harcelement_tui.core.summary import STATUS_LABELS, TICKED_VIA, facts_label, is_urgent, short_datetime

NONE = fixed(D.NONE)


def _when(timestamp: str | None) -> str:
    return short_datetime(timestamp or "") if timestamp else D.NONE


def _or_none(value: str) -> Text:
    return text(value) if value.strip() else (NONE,)


def _by(who: str | None) -> str:
    return who or D.UNKNOWN_USER


KIND_LABELS = D.KIND_LABELS


def _chronology(entries: Iterable[TimelineEntry]) -> Block:
    items = []
    for entry in entries:
        label = fixed(f"{KIND_LABELS['note']} — ") if entry.kind == "note" else ""
        items.append(Entry(_when(entry.at), _by(entry.by), text(label, render_history(entry))))
    return Entries(tuple(items)) if items else Para(text(fixed(D.NO_ENTRY)))


STEP_COLUMNS = (
    Column(D.COLUMN_STEP, width=3.2),
    Column(D.COLUMN_DONE_ON, width=1.2, before=D.COLUMN_DONE_ON_BEFORE),
    Column(D.COLUMN_BY, width=1.0, before=D.BY),
    Column(D.COLUMN_NOTE, width=2.0, before=D.COLUMN_NOTE_BEFORE),
)
OTHER_STEP_COLUMNS = STEP_COLUMNS[:3]
SKIPPED_COLUMNS = (Column(D.COLUMN_STEP, width=3.2), Column(D.COLUMN_REASON, width=4.2, before=" — "))


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
        blocks.append(section(D.STEPS_GONE, [Table(OTHER_STEP_COLUMNS, rows)]))
    skipped = skipped_steps(case, town)
    if skipped:
        reasons = tuple((text(" ".join(step.text.split())), text(reason)) for step, reason in skipped)
        blocks.append(section(D.STEPS_SKIPPED, [Table(SKIPPED_COLUMNS, reasons)]))
    count = sum(1 for step in town.steps() if step.id in case.steps and applies(case, step))
    head = D.steps_done(count, total)
    if skipped:
        head += D.SKIPPED_COUNT.format(count=len(skipped))
    if not case.steps:
        head += D.NO_STEP_TICKED
    return [Para(text(fixed(head))), *blocks]


SERVICE_COLUMNS = (
    Column(D.COLUMN_SERVICE, width=2.2, bold=True),
    Column(D.COLUMN_PHONE_MAIL, width=2.6, before=" (", after=")"),
    Column(D.COLUMN_CONTACTED, width=2.4, before=D.COLUMN_CONTACTED_BEFORE),
)


def _services(case: Case, town: Content) -> Block:
    contacted: dict[str, list[TimelineEntry]] = {}
    for entry in case.timeline:
        if entry.contact_id:
            contacted.setdefault(entry.contact_id, []).append(entry)
    if not contacted:
        return Para(text(fixed(D.NO_SERVICE)))
    rows = []
    for contact_id, entries in contacted.items():
        try:
            contact = town.contact(contact_id)
        except KeyError:
            name, details = contact_id, []
        else:
            name = contact.name
            details = [value for value in (contact.phone, contact.email) if value]
        when: list[str | Span] = []
        for index, entry in enumerate(entries):
            if index:
                when.append(fixed(" ; "))
            when += [_when(entry.at), fixed(D.BY), _by(entry.by)]
        rows.append((text(name), text(" · ".join(details)), text(*when)))
    return Table(SERVICE_COLUMNS, tuple(rows))


def _evidence(case: Case) -> list[Block]:
    blocks: list[Block] = [Para(text(fixed(D.EVIDENCE_NOTICE)))]
    if not case.evidence:
        return blocks + [Para(text(fixed(D.NO_EVIDENCE)))]
    for number, item in enumerate(case.evidence, 1):
        fields = [Field(D.DESCRIPTION, text(item.description))]
        if item.platform:
            fields.append(Field(D.PLATFORM, text(item.platform)))
        if item.url:
            fields.append(Field(D.URL, text(item.url)))
        fields.append(Field(D.ORIGINAL_KEPT, text(item.where_kept)))
        fields.append(Field(D.SEEN_ON, text(_when(item.seen_at))))
        fields.append(Field(D.NOTED_ON, text(_when(item.at), fixed(D.BY), _by(item.by)), sep=" "))
        blocks.append(section(D.EVIDENCE_NUMBER.format(number=number), [Fields(tuple(fields))]))
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
            fixed(D.PSEUDONYMISED, bold=True), fixed(D.PSEUDONYMISED_BEFORE), case.pupil,
            fixed(D.PSEUDONYMISED_AFTER))))
    header = []
    if school_name:
        header.append(Field(D.SCHOOL, text(school_name)))
    header += [Field(D.REPORT_DATE, text(_when(generated_at))), Field(D.WRITTEN_BY, text(_by(author)))]
    if since is not None:
        header.append(Field(D.PO_UPDATE, text(fixed(D.PO_SINCE.format(when=_when(since))))))
    elif since_po:
        header.append(Field(D.PO_UPDATE, text(fixed(D.PO_NEVER))))
    blocks.append(Fields(tuple(header)))
    blocks.append(Para(text(fixed(D.CONFIDENTIAL_MINOR if case.is_minor else D.CONFIDENTIAL))))

    fields = [Field(D.PUPIL, text(case.pupil))]
    if pseudonymiser is None:
        fields.append(Field(D.CLASS, _or_none(case.class_group)))
    fields += [
        Field(D.MINOR, text(fixed(yes_no(case.is_minor)))),
        Field(D.STATUS, text(STATUS_LABELS.get(case.status, case.status))),
        Field(D.OPENED_ON, text(_when(case.opened_at), fixed(D.BY), _by(case.opened_by))),
    ]
    if pseudonymiser is None:
        fields.append(Field(D.REPORTED_BY, _or_none(case.reported_by)))
    fields += [
        Field(D.NEXT_FOLLOW_UP, _or_none(format_user_date(case.follow_up))),
        Field(D.LAST_CHANGE, text(_when(case.updated_at), fixed(D.BY), _by(case.updated_by))),
    ]
    blocks.append(section(D.THE_CASE, [Fields(tuple(fields))]))

    facts = [Field(D.CATEGORIES, _or_none(facts_label(case, town))),
             Field(D.PLATFORMS, _or_none(", ".join(case.platforms)))]
    if is_urgent(case, town):
        facts.append(Field("", text(fixed(D.URGENT, bold=True), fixed(D.URGENT_WHY))))
    summary = Para(text(case.summary) if case.summary.strip() else text(fixed(D.NO_SUMMARY)))
    blocks.append(section(D.THE_FACTS, [Fields(tuple(facts)), section(D.SUMMARY, [summary])]))

    blocks.append(people_section(case, town, pseudonymised=pseudonymiser is not None))
    blocks.append(section(D.chronology(len(case.timeline)), [_chronology(case.timeline)]))
    blocks.append(section(D.STEPS_TAKEN, _steps(case, town)))
    blocks.append(section(D.SERVICES_CONTACTED, [_services(case, town)]))
    blocks.append(section(D.EVIDENCE_LOG.format(count=len(case.evidence)), _evidence(case)))
    when = _when(generated_at)
    return Document(
        title=D.REPORT_TITLE.format(ref=case.ref),
        blocks=tuple(blocks),
        header=" · ".join(part for part in (school_name, D.REPORT_HEADER.format(when=when)) if part),
        footer=D.REPORT_FOOTER.format(ref=case.ref),
        subject=D.REPORT_SUBJECT_PSEUDONYMISED if pseudonymiser else D.REPORT_SUBJECT,
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
