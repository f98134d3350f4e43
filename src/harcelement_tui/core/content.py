"""The town's content: procedure, parent guidance and contacts, loaded from YAML and validated.

The packaged files live in ``harcelement_tui/content`` (``content/`` in the repository). A town may
point ``--content DIR`` at its own folder; each file it lacks is taken from the packaged content.
Every error names the file and the entry, in French.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

# The data classes live in content_model; they are re-exported here, where callers look for them.
from harcelement_tui.core.content_model import (  # noqa: F401
    DEADLINE_MAX,
    DEADLINE_RE,
    Advice,
    Contact,
    Content,
    Deadline,
    Fact,
    ParentGroup,
    ParentPoint,
    Role,
    Section,
    Step,
    parse_deadline,
)
from harcelement_tui.core import content_cache
from harcelement_tui.core.content_files import CONTENT_FILES, source
from harcelement_tui.core.errors import ContentError, os_reason
from harcelement_tui.core.safe_files import UnsafeFileError, read_bounded
from harcelement_tui.core import strings, strings_files as S

MAX_CONTENT_BYTES = 1 << 20
"""A content file is refused above 1 Mo (the packaged ones weigh a few kilobytes)."""
from harcelement_tui.core.vocab import FACT_IDS


class _File:
    """One YAML document being validated; every error names the file and the entry."""

    def __init__(self, name: str, source: Traversable | Path) -> None:
        self.name = name
        self.source = source
        # The parsed YAML of an unchanged file comes from the private cache (no YAML at start).
        stamp = content_cache.stamp_of(source) if isinstance(source, Path) else None
        cache = content_cache.current()
        cached = cache.lookup(source, stamp) if isinstance(source, Path) else None
        if cached is not None:
            self.data: dict[str, Any] = cached
            return
        self.data = self._parse(self._read(source))
        if isinstance(source, Path):
            cache.remember(source, stamp, self.data)

    def _read(self, source: Traversable | Path) -> str:
        try:
            if isinstance(source, Path):  # a town's file: anything may be at that path
                return read_bounded(source, MAX_CONTENT_BYTES).decode("utf-8")
            return source.read_text(encoding="utf-8")  # the packaged content, inside an archive
        except UnsafeFileError as exc:
            self.fail(exc.reason)
        except OSError as exc:
            self.fail(S.CONTENT_UNREADABLE.format(reason=os_reason(exc)))
        except UnicodeDecodeError:
            self.fail(S.CONTENT_NOT_UTF8)

    def _parse(self, text: str) -> dict[str, Any]:
        import yaml  # only when a file changed since the last start (see content_cache)

        try:
            # libyaml when available: ten times faster than the pure-Python parser.
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.fail(S.YAML_INVALID_AT.format(line=mark.line + 1, column=mark.column + 1) if mark
                      else S.YAML_INVALID)
        if not isinstance(data, dict):
            self.fail(S.CONTENT_NOT_PAIRS)
        return data

    def fail(self, message: str, entry: str | None = None) -> NoReturn:
        if entry:
            raise ContentError(S.CONTENT_INVALID_ENTRY.format(source=self.source, entry=entry, message=message))
        raise ContentError(S.CONTENT_INVALID.format(source=self.source, message=message))

    def text(self, mapping: dict[str, Any], key: str, entry: str, *, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or value == "":
            if required:
                self.fail(S.FIELD_MISSING.format(key=key), entry)
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(S.FIELD_NOT_TEXT.format(key=key), entry)
        return value.strip()

    def texts(self, mapping: dict[str, Any], key: str, entry: str) -> tuple[str, ...]:
        value = mapping.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(S.FIELD_NOT_TEXTS.format(key=key), entry)
        return tuple(v.strip() for v in value)

    def items(self, mapping: dict[str, Any], key: str, entry: str | None) -> list[dict[str, Any]]:
        value = mapping.get(key)
        if not isinstance(value, list) or not value:
            self.fail(S.FIELD_NOT_LIST.format(key=key), entry)
        for index, item in enumerate(value, 1):
            if not isinstance(item, dict):
                self.fail(S.ITEM_NOT_MAPPING.format(index=index, key=key), entry)
        return value

    def ident(self, mapping: dict[str, Any], seen: set[str], context: str) -> str:
        value = mapping.get("id")
        if not isinstance(value, str) or not value.strip():
            label = mapping.get("title") or mapping.get("text") or mapping.get("name") or "?"
            self.fail(S.ITEM_WITHOUT_ID.format(context=context, label=repr(str(label)[:50])))
        value = value.strip()
        if value in seen:
            self.fail(S.ID_TWICE, value)
        seen.add(value)
        return value


def _load_contacts(f: _File) -> tuple[str, tuple[Contact, ...]]:
    seen: set[str] = set()
    contacts = []
    for item in f.items(f.data, "contacts", None):
        cid = f.ident(item, seen, S.IN_LIST.format(key="contacts"))
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


def _links(f: _File, raw: dict[str, Any], entry: str, known: set[str] | frozenset[str], *,
           key: str = "contacts", unknown: str = S.LINKS_TO_UNKNOWN_CONTACT,
           ) -> tuple[str, ...]:
    """The ids listed under ``key``, each checked against ``known`` (``unknown`` names a stray one)."""
    links = f.texts(raw, key, entry)
    for link in links:
        if link not in known:
            f.fail(unknown.format(link=link), entry)
    return links


def _deadline(f: _File, raw: dict[str, Any], entry: str, key: str = "deadline") -> Deadline | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    days_only = key in ("repeat", "after_closing")
    try:
        delay = parse_deadline(value)
        if days_only and not delay.in_days:
            raise ValueError(value)
        return delay
    except ValueError:
        expected = (S.EXPECTED_DAYS if days_only else S.EXPECTED_DELAY).format(limit=DEADLINE_MAX)
        f.fail(S.DEADLINE_INVALID.format(key=key, value=value, expected=expected), entry)


def _step(f: _File, raw: dict[str, Any], sid: str, seen: set[str], contact_ids: set[str]) -> Step:
    step_id = f.ident(raw, seen, S.IN_SECTION.format(section=sid))
    links = _links(f, raw, step_id, contact_ids)
    only_if = raw.get("only_if") or ""
    if only_if not in ("", "minor"):
        f.fail(S.ONLY_IF_UNKNOWN.format(value=only_if), step_id)
    return Step(id=step_id, text=f.text(raw, "text", step_id), section_id=sid, contacts=links,
                deadline=_deadline(f, raw, step_id), tick_on_contact=_tick_on_contact(f, raw, step_id, links),
                only_if=only_if, ask=f.text(raw, "ask", step_id, required=False),
                po_update=_flag(f, raw, step_id, "po_update"),
                repeat=_deadline(f, raw, step_id, "repeat"),
                after_closing=_deadline(f, raw, step_id, "after_closing"))


def _flag(f: _File, raw: dict[str, Any], entry: str, key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        f.fail(S.FIELD_NOT_FLAG.format(key=key), entry)
    return value


def _tick_on_contact(f: _File, raw: dict[str, Any], entry: str, links: tuple[str, ...]) -> bool:
    value = _flag(f, raw, entry, "tick_on_contact")
    if value and not links:
        f.fail(S.TICK_NEEDS_CONTACTS, entry)
    return value


def _load_procedure(
    f: _File, contact_ids: set[str]
) -> tuple[str, tuple[Section, ...], tuple[Fact, ...], tuple[Advice, ...]]:
    seen: set[str] = set()
    sections = []
    for item in f.items(f.data, "sections", None):
        sid = f.ident(item, seen, S.IN_LIST.format(key="sections"))
        steps = [_step(f, raw, sid, seen, contact_ids) for raw in f.items(item, "steps", sid)]
        sections.append(
            Section(id=sid, title=f.text(item, "title", sid), note=f.text(item, "note", sid, required=False),
                    steps=tuple(steps))
        )
    fact_seen: set[str] = set()
    facts = []
    for item in f.items(f.data, "facts", None):
        fid = f.ident(item, fact_seen, S.IN_LIST.format(key="facts"))
        if fid not in FACT_IDS:
            f.fail(S.FACT_ID_UNKNOWN.format(known=", ".join(FACT_IDS)), fid)
        for flag in ("urgent", "urgent_if_minor"):
            if not isinstance(item.get(flag, False), bool):
                f.fail(S.FIELD_NOT_FLAG.format(key=flag), fid)
        label = f.text(item, "label", fid)
        short = f.text(item, "short", fid, required=False) or label
        facts.append(Fact(id=fid, label=label, short=short, urgent=item.get("urgent", False),
                          urgent_if_minor=item.get("urgent_if_minor", False)))
    missing = [fid for fid in FACT_IDS if fid not in fact_seen]
    if missing:
        f.fail(S.FACTS_MISSING.format(missing=", ".join(missing)), "facts")
    advice = []
    for item in f.items(f.data, "urgent_advice", None):
        aid = f.ident(item, seen, S.IN_LIST.format(key="urgent_advice"))
        advice.append(Advice(id=aid, text=f.text(item, "text", aid), contacts=_links(f, item, aid, contact_ids)))
    return f.text(f.data, "title", "title"), tuple(sections), tuple(facts), tuple(advice)


def _load_parents(f: _File, step_ids: frozenset[str]) -> tuple[str, str, tuple[ParentGroup, ...]]:
    seen: set[str] = set()
    groups = []
    for item in f.items(f.data, "groups", None):
        gid = f.ident(item, seen, S.IN_LIST.format(key="groups"))
        points = []
        for raw in f.items(item, "points", gid):
            pid = f.ident(raw, seen, S.IN_GROUP.format(group=gid))
            steps = _links(f, raw, pid, step_ids, key="steps",
                           unknown=S.LINKS_TO_UNKNOWN_STEP)
            points.append(ParentPoint(id=pid, text=f.text(raw, "text", pid), details=f.texts(raw, "details", pid),
                                      steps=steps))
        groups.append(ParentGroup(id=gid, title=f.text(item, "title", gid), points=tuple(points)))
    return (f.text(f.data, "title", "title"), f.text(f.data, "intro", "intro", required=False),
            tuple(groups))


def _load_roles(f: _File) -> tuple[Role, ...]:
    seen: set[str] = set()
    labels: set[str] = set()
    roles = []
    for item in f.items(f.data, "roles", None):
        rid = f.ident(item, seen, S.IN_LIST.format(key="roles"))
        label = f.text(item, "label", rid)
        if label.casefold() in labels:
            f.fail(S.ROLE_LABEL_TWICE, rid)
        labels.add(label.casefold())
        roles.append(Role(id=rid, label=label, hear_within=_deadline(f, item, rid, "hear_within")))
    return tuple(roles)


def load_content(content_dir: Path | None = None) -> Content:
    """Load and validate the three content files; raise :class:`ContentError` on the first problem."""
    if content_dir is not None and not Path(content_dir).is_dir():
        raise ContentError(strings.CONTENT_DIR_NOT_FOUND.format(path=content_dir))
    files = {name: _File(name, source(content_dir, name)) for name in CONTENT_FILES}
    contacts_intro, contacts = _load_contacts(files["contacts.yaml"])
    procedure = files["procedure.yaml"]
    title, sections, facts, advice = _load_procedure(procedure, {c.id for c in contacts})
    parents_title, parents_intro, groups = _load_parents(
        files["parents.yaml"], frozenset(step.id for section in sections for step in section.steps))
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
        intro=procedure.text(procedure.data, "intro", "intro", required=False),
        roles=_load_roles(files["people.yaml"]),
    )
