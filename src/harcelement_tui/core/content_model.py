"""The town's content as the code uses it: services, procedure steps and sections, fact
categories, parent-call points, and the lookups between them. Loaded and validated by
``core/content.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property


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
    # Logging a contact with one of ``contacts`` ticks this step (``tick_on_contact: true``).
    tick_on_contact: bool = False
    # ``minor``: the step applies only to a pupil who is a minor ("sans objet" by itself otherwise).
    only_if: str = ""
    # A question asked when the step is ticked (``Qui ?``); the answer is the tick's note.
    ask: str = ""
    # Each tick schedules the next one this long after it, while the case is open (``14j``).
    repeat: Deadline | None = None
    # Closing the case offers to plan this step this long after closing (the postvention, ``90j``).
    after_closing: Deadline | None = None
    # Ticking this step means the pouvoir organisateur was informed (``report --since-last-po``).
    po_update: bool = False


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
    # Procedure steps that logging a call with this point ticked marks done.
    steps: tuple[str, ...] = ()


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
class Role:
    """A role a person can have in a case (``content/people.yaml``), with the deadline to hear them."""

    id: str
    label: str
    hear_within: Deadline | None = None


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
    intro: str = ""  # the procedure's own introduction, shown above it
    roles: tuple[Role, ...] = ()

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def role(self, role_id: str) -> Role:
        """The role ``role_id``; an unknown one (removed from the content) keeps its id as label."""
        role = self._roles_by_id.get(role_id)
        return role if role is not None else Role(role_id, role_id)

    @cached_property
    def postvention_step(self) -> Step | None:
        """The step planned when a case is closed (``after_closing``), if the procedure has one."""
        return next((step for step in self.steps() if step.after_closing is not None), None)

    @cached_property
    def po_step(self) -> Step | None:
        """The step that records informing the pouvoir organisateur (``po_update``), if any."""
        return next((step for step in self.steps() if step.po_update), None)

    def steps_ticked_by_contact(self, contact_id: str) -> tuple[Step, ...]:
        """The steps that logging a contact with ``contact_id`` marks done, in procedure order."""
        return tuple(step for step in self.steps() if step.tick_on_contact and contact_id in step.contacts)

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
        """The steps that have a deadline or repeat, in procedure order (computed once)."""
        return tuple(step for step in self.steps() if step.deadline is not None or step.repeat is not None)

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
