"""Which file each part of the town's content is read from: the town's ``--content`` folder when
it has that file, else the packaged one (``content/`` in the repository).

Kept apart from the loaders (:mod:`~harcelement_tui.core.content`,
:mod:`~harcelement_tui.core.sheets_content`) so that the console's start can stamp the files
(:mod:`~harcelement_tui.core.outline`) without importing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

CONTENT_FILES = ("procedure.yaml", "parents.yaml", "contacts.yaml", "people.yaml")
PARENTS_SHEET_FILE = "parents-sheet.yaml"
PUPIL_CARD_FILE = "pupil-card.yaml"
SHEET_FILES = (PARENTS_SHEET_FILE, PUPIL_CARD_FILE)
ALL_FILES = CONTENT_FILES + SHEET_FILES


def packaged(name: str) -> Traversable:
    """The packaged file ``name``."""
    from importlib import resources

    return resources.files("harcelement_tui") / "content" / name


def packaged_path(name: str) -> Path:
    """Where the packaged file ``name`` is on disk, if the package is installed as files (the
    start stamps it without importing ``importlib.resources``); it may not exist (a zip install)."""
    return Path(__file__).parent.parent / "content" / name


def town_file(content_dir: Path | None, name: str) -> Path | None:
    """The town's file ``name`` if its folder has one."""
    if content_dir is not None:
        candidate = Path(content_dir) / name
        if candidate.exists():
            return candidate
    return None


def source(content_dir: Path | None, name: str) -> Traversable | Path:
    """The town's file ``name`` if its folder has one, else the packaged one."""
    return town_file(content_dir, name) or packaged(name)
