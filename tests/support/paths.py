"""Where the tests find the repository's folders and the town's procedure, wherever a test module lives."""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
DOCS = ROOT / "docs"
README = ROOT / "README.md"
# The town's procedure (the source of all content) is beside the repository in the workplace only.
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_ecb07b94752abf1c.txt"


def packaged(name: str) -> str:
    """A content file as installed with the package (not the checkout's content/): what a user runs."""
    from importlib import resources

    return (resources.files("harcelement_tui") / "content" / name).read_text(encoding="utf-8")


# An hour ago: a content file edited then is believed by the caches (one edited just now is not).
PAST = time.time() - 3600


def town_folder(folder: Path) -> Path:
    """A town's ``--content`` folder holding a copy of every packaged content file, last edited an
    hour ago (the packaged files, just installed, may be too recent for the caches to keep)."""
    import os
    import shutil
    from importlib import resources

    shutil.copytree(Path(str(resources.files("harcelement_tui") / "content")), folder)
    for path in folder.iterdir():
        os.utime(path, (PAST, PAST))
    return folder
