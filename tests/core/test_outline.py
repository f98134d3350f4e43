"""The procedure's outline, which the console's first frame shows before the content is loaded, is
believed only for exactly the files it was validated from: any edit, added or removed file makes
the next start load and validate the content first (and report a broken file before the screen)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import orjson
import pytest

from harcelement_tui.core import content_cache
from harcelement_tui.core.content import load_content
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.outline import cached_outline, load_town, outline_of

from support.paths import PAST, town_folder



@pytest.fixture
def town_dir(tmp_path):
    return town_folder(tmp_path / "commune")


def new_process(monkeypatch):
    monkeypatch.setattr(content_cache, "_current", None)


def edit(path: Path, old: str, new: str, *, when: float = PAST) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, (when, when))


def test_no_outline_until_the_content_was_validated_then_the_same_as_the_content(town_dir, monkeypatch):
    assert cached_outline(town_dir) is None and cached_outline(None) is None
    town, sheets = load_town(town_dir)
    assert sheets.parents.title
    new_process(monkeypatch)
    outline = cached_outline(town_dir)
    assert outline == outline_of(town)
    assert outline["sections"][0]["steps"][0].startswith("Éviter tout jugement")
    other = town_folder(town_dir.parent / "autre-commune")
    assert cached_outline(other) is None  # same files, another folder: its own outline
    edit(other / "procedure.yaml", "Éviter tout jugement", "Ne pas juger")
    load_town(other)
    assert cached_outline(other) == outline_of(load_content(other)) != outline
    assert cached_outline(town_dir) == outline


@pytest.mark.parametrize("change", ["edit", "edit of the same size and date", "added", "removed", "folder gone"])
def test_any_change_to_the_content_files_makes_the_outline_unbelieved(town_dir, monkeypatch, change):
    if change == "added":  # the folder lacks parents.yaml at first: the packaged one is stamped
        from harcelement_tui.core import outline

        packaged = town_folder(town_dir.parent / "paquet")  # as installed an hour ago
        monkeypatch.setattr(outline, "packaged_path", lambda name: packaged / name)
        (town_dir / "parents.yaml").rename(town_dir.parent / "parents.yaml")
    load_town(town_dir)
    assert cached_outline(town_dir) is not None
    procedure = town_dir / "procedure.yaml"
    if change == "edit":
        edit(procedure, "Éviter tout jugement", "Ne pas juger")
    elif change == "edit of the same size and date":
        edit(procedure, "Éviter", "ÉVITER")  # new inode or change time: the stamp differs anyway
    elif change == "added":
        (town_dir.parent / "parents.yaml").rename(town_dir / "parents.yaml")
    elif change == "removed":  # the packaged file is read instead
        (town_dir / "contacts.yaml").unlink()
    else:
        shutil.rmtree(town_dir)
    new_process(monkeypatch)
    assert cached_outline(town_dir) is None


def test_a_broken_content_keeps_no_outline(town_dir, monkeypatch):
    load_town(town_dir)
    (town_dir / "contacts.yaml").write_text("contacts: [\n", encoding="utf-8")
    os.utime(town_dir / "contacts.yaml", (PAST, PAST))
    with pytest.raises(ContentError):
        load_town(town_dir)
    new_process(monkeypatch)
    assert cached_outline(town_dir) is None


def test_a_file_edited_this_instant_keeps_no_outline(town_dir, monkeypatch):
    edit(town_dir / "procedure.yaml", "Éviter tout jugement", "Ne pas juger", when=time.time())
    load_town(town_dir)
    new_process(monkeypatch)
    assert cached_outline(town_dir) is None


def test_a_damaged_outline_in_the_cache_is_not_believed(town_dir, monkeypatch):
    load_town(town_dir)
    path = content_cache.cache_dir() / content_cache.CACHE_NAME
    document = orjson.loads(path.read_bytes())
    key = next(name for name in document["files"] if name.startswith("outline "))
    document["files"][key]["data"]["sections"] = [{"title": "1", "steps": [1, 2]}]
    path.write_bytes(orjson.dumps(document))
    new_process(monkeypatch)
    assert cached_outline(town_dir) is None


def test_the_start_stamps_the_very_files_the_content_is_read_from():
    from harcelement_tui.core.content_files import ALL_FILES, packaged, packaged_path

    for name in ALL_FILES:
        assert packaged_path(name) == Path(str(packaged(name))) and packaged_path(name).is_file()


def test_an_unchanged_content_does_not_rewrite_the_cache_at_each_start(town_dir, monkeypatch):
    load_town(town_dir)
    path = content_cache.cache_dir() / content_cache.CACHE_NAME
    before = path.stat()
    new_process(monkeypatch)
    load_town(town_dir)  # what every start does just after its first frame
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_relative_folder_from_a_removed_current_directory_is_reported_in_french(tmp_path, monkeypatch):
    gone = tmp_path / "parti"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert cached_outline(Path("commune")) is None
    with pytest.raises(ContentError, match="introuvable"):
        load_town(Path("commune"))
