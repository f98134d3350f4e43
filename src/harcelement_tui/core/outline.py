"""The procedure's outline (title, introduction, sections and their steps' text), which the
console's first frame shows, kept in the private content cache once the town's content has been
validated.

The console's start reads it from there without importing the content's loaders or data classes
and draws its first frame at once; the content itself is loaded and validated just after (see
:mod:`harcelement_tui.ui.startup`). The outline is trusted only for exactly the files it was made
from: the stamp of each content file (the town's in ``--content`` when it has it, else the packaged
one), so any edit, added or removed file, or reinstall makes the start load and validate the content
before the screen, as a first start does, and report a broken file before the screen is taken over.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from harcelement_tui.core import content_cache
from harcelement_tui.core.content_files import ALL_FILES, packaged_path, town_file

if TYPE_CHECKING:
    from harcelement_tui.core.content import Content
    from harcelement_tui.core.sheets_content import Sheets


class OutlineSection(TypedDict):
    title: str
    steps: list[str]


class Outline(TypedDict):
    """What the first frame shows of the procedure."""

    title: str
    intro: str
    sections: list[OutlineSection]


def outline_of(town: Content) -> Outline:
    """The outline of a loaded content."""
    return {"title": town.title, "intro": town.intro,
            "sections": [{"title": section.title, "steps": [step.text for step in section.steps]}
                         for section in town.sections]}


def _key(content_dir: Path | None) -> str | None:
    """The cache entry of ``content_dir``'s outline; ``None`` when a relative folder cannot be
    made absolute (the current directory was removed): then no outline is read or kept."""
    try:
        return f"outline {os.path.abspath(content_dir) if content_dir is not None else ''}"
    except OSError:
        return None


def sources_stamp(content_dir: Path | None) -> list[Any] | None:
    """The stamps of the files the content is read from, or ``None`` if one cannot be stamped."""
    stamps: list[Any] = [content_dir is None or os.path.isdir(content_dir)]
    for name in ALL_FILES:  # the very file content_files.source() gives the loaders
        stamp = content_cache.stamp_of(town_file(content_dir, name) or packaged_path(name))
        if stamp is None:
            return None
        stamps.append(stamp)
    return stamps


def _is_outline(data: Any) -> bool:
    return (isinstance(data, dict) and isinstance(data.get("title"), str) and isinstance(data.get("intro"), str)
            and isinstance(data.get("sections"), list)
            and all(isinstance(section, dict) and isinstance(section.get("title"), str)
                    and isinstance(section.get("steps"), list)
                    and all(isinstance(step, str) for step in section["steps"])
                    for section in data["sections"]))


def cached_outline(content_dir: Path | None) -> Outline | None:
    """The outline of the content in ``content_dir``, if it was validated from exactly the files
    there are now; else ``None`` (the content must be loaded and validated first)."""
    key = _key(content_dir)
    data = content_cache.current().lookup(key, sources_stamp(content_dir)) if key is not None else None
    if not _is_outline(data):
        return None
    outline: Outline = data  # type: ignore[assignment]  # checked by _is_outline
    return outline


def load_town(content_dir: Path | None) -> tuple[Content, Sheets]:
    """Load and validate the content and the sheets' text (raising :class:`ContentError` on the
    first problem), and keep their outline for the next start."""
    from harcelement_tui.core.content import load_content
    from harcelement_tui.core.sheets_content import load_sheets

    stamp = sources_stamp(content_dir)  # before reading: a file changed meanwhile is not trusted
    town = load_content(content_dir)
    sheets = load_sheets(content_dir, town)
    key, outline = _key(content_dir), dict(outline_of(town))
    cache = content_cache.current()
    if key is not None and stamp is not None and not any(content_cache.racy(part) for part in stamp[1:]) \
            and cache.lookup(key, stamp) != outline:  # unchanged (every start after the first): no write
        cache.keep(key, stamp, outline)
    return town, sheets
