"""The town's content: procedure, parent guidance and contacts, loaded from YAML and validated.

The packaged files live in ``harcelement_tui/content`` (``content/`` in the repository). A town may
point ``--content DIR`` at its own folder; each file it lacks is taken from the packaged content.
Every error names the file and the entry, in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

import yaml

from harcelement_tui.core.errors import ContentError, os_reason
from harcelement_tui.core.safe_files import UnsafeFileError, read_bounded

MAX_CONTENT_BYTES = 1 << 20
"""A content file is refused above 1 Mo (the packaged ones weigh a few kilobytes)."""
from harcelement_tui.core.vocab import FACT_IDS

FILES = ("procedure.yaml", "parents.yaml", "contacts.yaml")


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    description: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def to_complete(self) -> bool:
        """True for a service the town has not given a number or address for yet."""
        return not (self.phone or self.email)

    def search_fields(self) -> tuple[str, ...]:
        return (self.name, self.description, self.phone, self.email, self.note, *self.aliases)


DEADLINE_RE = re.compile(r"(\d+)\s*([hj])", re.IGNORECASE)
DEADLINE_MAX = 999


@dataclass(frozen=True)
class Deadline:
    """A step's deadline, counted from the case's opening: ``48h`` (hours) or ``5j`` (days).

    Hours are counted from the moment the case was opened; days are calendar days counted from the
    day it was opened, the step being due by the end of the last one (see ``core/deadlines.py``).
    """

    amount: int
    unit: str  # "h" or "j"

    @property
    def in_days(self) -> bool:
        return self.unit == "j"

    @cached_property
    def delta(self) -> timedelta:
        return timedelta(days=self.amount) if self.in_days else timedelta(hours=self.amount)

    @property
    def label(self) -> str:
        """``48 h``, ``1 jour``, ``5 jours``."""
        if not self.in_days:
            return f"{self.amount} h"
        return f"{self.amount} jour" + ("s" if self.amount > 1 else "")


def parse_deadline(value: object) -> Deadline:
    """``"48h"`` / ``"5j"`` (spaces and capitals allowed) -> :class:`Deadline`; ``ValueError`` else."""
    if isinstance(value, str) and (match := DEADLINE_RE.fullmatch(value.strip())):
        amount = int(match.group(1))
        if 1 <= amount <= DEADLINE_MAX:
            return Deadline(amount, match.group(2).lower())
    raise ValueError(value)


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    section_id: str
    contacts: tuple[str, ...] = ()
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    note: str = ""
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    short: str = ""
    urgent: bool = False
    urgent_if_minor: bool = False


@dataclass(frozen=True)
class ParentPoint:
    id: str
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParentGroup:
    id: str
    title: str
    points: tuple[ParentPoint, ...] = ()


@dataclass(frozen=True)
class Advice:
    """A piece of advice shown for urgent cases, with the services it names."""

    id: str
    text: str
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything the console shows from ``content/``, with lookups by id."""

    title: str
    sections: tuple[Section, ...]
    facts: tuple[Fact, ...]
    urgent_advice: tuple[Advice, ...]
    parents_title: str
    parents_intro: str
    parent_groups: tuple[ParentGroup, ...]
    contacts_intro: str
    contacts: tuple[Contact, ...]
    sources: dict[str, str] = field(default_factory=dict)

    def steps(self) -> tuple[Step, ...]:
        return tuple(step for section in self.sections for step in section.steps)

    def step_ids(self) -> frozenset[str]:
        return frozenset(step.id for step in self.steps())

    def step(self, step_id: str) -> Step:
        for step in self.steps():
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    @cached_property
    def deadline_steps(self) -> tuple[Step, ...]:
        """The steps that have a deadline, in procedure order (computed once)."""
        return tuple(step for step in self.steps() if step.deadline is not None)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def contact(self, contact_id: str) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise KeyError(contact_id)

    def fact_label(self, fact_id: str, *, short: bool = False) -> str:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact.short if short else fact.label
        return fact_id

    def parent_points(self) -> tuple[ParentPoint, ...]:
        return tuple(point for group in self.parent_groups for point in group.points)


class _File:
    """One YAML document being validated; every error names the file and the entry."""

    def __init__(self, name: str, source: Traversable | Path) -> None:
        self.name = name
        self.source = source
        try:
            if isinstance(source, Path):  # a town's file: anything may be at that path
                text = read_bounded(source, MAX_CONTENT_BYTES).decode("utf-8")
            else:  # the packaged content
                text = source.read_text(encoding="utf-8")
        except UnsafeFileError as exc:
            self.fail(exc.reason)
        except OSError as exc:
            self.fail(f"fichier illisible ({os_reason(exc)})")
        except UnicodeDecodeError:
            self.fail("le fichier n'est pas en UTF-8")
        try:
            # libyaml when available: ten times faster, and the content is read at every start.
            self.data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (ligne {mark.line + 1}, colonne {mark.column + 1})" if mark else ""
            self.fail(f"YAML invalide{where}")
        if not isinstance(self.data, dict):
            self.fail("le fichier doit contenir des paires « clé: valeur »")

    def fail(self, message: str, entry: str | None = None) -> NoReturn:
        where = f", entrée « {entry} »" if entry else ""
        raise ContentError(f"Contenu invalide : {self.source}{where} : {message}.")

    def text(self, mapping: dict[str, Any], key: str, entry: str, *, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"le champ « {key} » manque", entry)
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"le champ « {key} » doit être un texte", entry)
        return value.strip()

    def texts(self, mapping: dict[str, Any], key: str, entry: str) -> tuple[str, ...]:
        value = mapping.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"le champ « {key} » doit être une liste de textes", entry)
        return tuple(v.strip() for v in value)

    def items(self, mapping: dict[str, Any], key: str, entry: str | None) -> list[dict[str, Any]]:
        value = mapping.get(key)
        if not isinstance(value, list) or not value:
            self.fail(f"le champ « {key} » doit être une liste non vide", entry)
        for index, item in enumerate(value, 1):
            if not isinstance(item, dict):
                self.fail(f"l'élément n° {index} de « {key} » doit avoir des champs (id, ...)", entry)
        return value

    def ident(self, mapping: dict[str, Any], seen: set[str], context: str) -> str:
        value = mapping.get("id")
        if not isinstance(value, str) or not value.strip():
            label = mapping.get("title") or mapping.get("text") or mapping.get("name") or "?"
            self.fail(f"un élément de {context} n'a pas d'« id » ({str(label)[:50]!r})")
        value = value.strip()
        if value in seen:
            self.fail("identifiant en double", value)
        seen.add(value)
        return value


def _source(content_dir: Path | None, name: str) -> Traversable | Path:
    if content_dir is not None:
        candidate = Path(content_dir) / name
        if candidate.exists():
            return candidate
    return resources.files("harcelement_tui") / "content" / name


def _load_contacts(f: _File) -> tuple[str, tuple[Contact, ...]]:
    seen: set[str] = set()
    contacts = []
    for item in f.items(f.data, "contacts", None):
        cid = f.ident(item, seen, "« contacts »")
        contacts.append(
            Contact(
                id=cid,
                name=f.text(item, "name", cid),
                description=f.text(item, "description", cid, required=False),
                phone=f.text(item, "phone", cid, required=False),
                email=f.text(item, "email", cid, required=False),
                note=f.text(item, "note", cid, required=False),
                aliases=f.texts(item, "aliases", cid),
            )
        )
    return f.text(f.data, "intro", "intro", required=False), tuple(contacts)


def _links(f: _File, raw: dict[str, Any], entry: str, contact_ids: set[str]) -> tuple[str, ...]:
    links = f.texts(raw, "contacts", entry)
    for link in links:
        if link not in contact_ids:
            f.fail(f"renvoie au contact inconnu « {link} » (absent de contacts.yaml)", entry)
    return links


def _deadline(f: _File, raw: dict[str, Any], entry: str) -> Deadline | None:
    value = raw.get("deadline")
    if value is None or value == "":
        return None
    try:
        return parse_deadline(value)
    except ValueError:
        f.fail(f"délai « deadline » invalide : « {value} » (attendu : un nombre entier de 1 à "
               f"{DEADLINE_MAX} suivi de h pour des heures ou de j pour des jours, par ex. 48h ou 5j)",
               entry)


def _load_procedure(
    f: _File, contact_ids: set[str]
) -> tuple[str, tuple[Section, ...], tuple[Fact, ...], tuple[Advice, ...]]:
    seen: set[str] = set()
    sections = []
    for item in f.items(f.data, "sections", None):
        sid = f.ident(item, seen, "« sections »")
        steps = []
        for raw in f.items(item, "steps", sid):
            step_id = f.ident(raw, seen, f"la section « {sid} »")
            links = _links(f, raw, step_id, contact_ids)
            steps.append(Step(id=step_id, text=f.text(raw, "text", step_id), section_id=sid,
                              contacts=links, deadline=_deadline(f, raw, step_id)))
        sections.append(
            Section(id=sid, title=f.text(item, "title", sid), note=f.text(item, "note", sid, required=False),
                    steps=tuple(steps))
        )
    fact_seen: set[str] = set()
    facts = []
    for item in f.items(f.data, "facts", None):
        fid = f.ident(item, fact_seen, "« facts »")
        if fid not in FACT_IDS:
            f.fail(f"catégorie de faits inconnue (catégories possibles : {', '.join(FACT_IDS)})", fid)
        for flag in ("urgent", "urgent_if_minor"):
            if not isinstance(item.get(flag, False), bool):
                f.fail(f"le champ « {flag} » doit valoir true ou false", fid)
        label = f.text(item, "label", fid)
        short = f.text(item, "short", fid, required=False) or label
        facts.append(Fact(id=fid, label=label, short=short, urgent=item.get("urgent", False),
                          urgent_if_minor=item.get("urgent_if_minor", False)))
    missing = [fid for fid in FACT_IDS if fid not in fact_seen]
    if missing:
        f.fail(f"catégories de faits manquantes : {', '.join(missing)}", "facts")
    advice = []
    for item in f.items(f.data, "urgent_advice", None):
        aid = f.ident(item, seen, "« urgent_advice »")
        advice.append(Advice(id=aid, text=f.text(item, "text", aid), contacts=_links(f, item, aid, contact_ids)))
    return f.text(f.data, "title", "title"), tuple(sections), tuple(facts), tuple(advice)


def _load_parents(f: _File) -> tuple[str, str, tuple[ParentGroup, ...]]:
    seen: set[str] = set()
    groups = []
    for item in f.items(f.data, "groups", None):
        gid = f.ident(item, seen, "« groups »")
        points = tuple(
            ParentPoint(id=(pid := f.ident(raw, seen, f"le groupe « {gid} »")), text=f.text(raw, "text", pid),
                        details=f.texts(raw, "details", pid))
            for raw in f.items(item, "points", gid)
        )
        groups.append(ParentGroup(id=gid, title=f.text(item, "title", gid), points=points))
    return (f.text(f.data, "title", "title"), f.text(f.data, "intro", "intro", required=False),
            tuple(groups))


def load_content(content_dir: Path | None = None) -> Content:
    """Load and validate the three content files; raise :class:`ContentError` on the first problem."""
    if content_dir is not None and not Path(content_dir).is_dir():
        raise ContentError(f"Dossier de contenu introuvable : {content_dir}.")
    files = {name: _File(name, _source(content_dir, name)) for name in FILES}
    contacts_intro, contacts = _load_contacts(files["contacts.yaml"])
    title, sections, facts, advice = _load_procedure(files["procedure.yaml"], {c.id for c in contacts})
    parents_title, parents_intro, groups = _load_parents(files["parents.yaml"])
    return Content(
        title=title,
        sections=sections,
        facts=facts,
        urgent_advice=advice,
        parents_title=parents_title,
        parents_intro=parents_intro,
        parent_groups=groups,
        contacts_intro=contacts_intro,
        contacts=contacts,
        sources={name: str(f.source) for name, f in files.items()},
    )
