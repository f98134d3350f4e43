"""The parsed content is cached privately: a start parses no YAML, yet every edit of a town is seen
at the next start, errors keep their French line, and a cache that is not the user's own, or
damaged, is never believed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import orjson
import pytest

from harcelement_tui.core import content_cache
from harcelement_tui.core.config import load_config
from harcelement_tui.core.content import load_content
from harcelement_tui.core.errors import ConfigError, ContentError
from harcelement_tui.core.sheets_content import load_sheets

from support.paths import PAST, town_folder



@pytest.fixture
def town_dir(tmp_path):
    """A town's content folder, copied from the packaged content, last edited an hour ago."""
    return town_folder(tmp_path / "commune")


def new_process(monkeypatch):
    """Forget what this process has read of the cache, as a new start would."""
    monkeypatch.setattr(content_cache, "_current", None)


def cache_path() -> Path:
    return content_cache.cache_dir() / content_cache.CACHE_NAME


def no_yaml(monkeypatch):
    """Make any YAML parsing fail the test."""
    import yaml

    def refuse(*args, **kwargs):
        raise AssertionError("YAML parsed although nothing changed")

    monkeypatch.setattr(yaml, "load", refuse)


def edit(path: Path, old: str, new: str, *, when: float | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if when is not None:
        os.utime(path, (when, when))


def test_second_start_parses_no_yaml_and_reads_the_same_content(town_dir, monkeypatch):
    first = load_content(town_dir)
    sheets = load_sheets(town_dir, first)
    assert cache_path().is_file()
    new_process(monkeypatch)
    no_yaml(monkeypatch)
    assert load_content(town_dir) == first
    assert load_sheets(town_dir, first) == sheets


def test_a_new_process_imports_no_yaml_once_the_cache_is_warm(town_dir, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("school_name: École des Tilleuls\n", encoding="utf-8")
    os.utime(config, (PAST, PAST))
    code = ("import sys; from pathlib import Path\n"
            "from harcelement_tui.core.config import load_config\n"
            "from harcelement_tui.core.content import load_content\n"
            "from harcelement_tui.core.sheets_content import load_sheets\n"
            "c = load_config(Path(sys.argv[2])); t = load_content(Path(sys.argv[1]))\n"
            "load_sheets(Path(sys.argv[1]), t)\n"
            "print(c.school_name, t.sections[0].steps[0].text[:20], 'yaml' in sys.modules)\n")
    argv = [sys.executable, "-c", code, str(town_dir), str(config)]
    cold = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    warm = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert cold.endswith("True\n")
    assert warm == cold.replace("True\n", "False\n")


def test_an_edit_of_the_same_size_just_made_is_seen(town_dir, monkeypatch):
    step = load_content(town_dir).sections[0].steps[0].text
    assert step.startswith("Éviter")
    edit(town_dir / "procedure.yaml", "Éviter", "ÉVITER")  # same size, written this instant
    new_process(monkeypatch)
    assert load_content(town_dir).sections[0].steps[0].text.startswith("ÉVITER")


def test_a_file_written_this_instant_is_not_cached(town_dir):
    """A second edit within the same tick of the filesystem's clock would keep the same stamp:
    a file is cached only once it has not changed for two seconds."""
    edit(town_dir / "procedure.yaml", "Éviter", "ÉVITER")
    load_content(town_dir)
    cached = orjson.loads(cache_path().read_bytes())["files"]
    assert not any(name.endswith("procedure.yaml") for name in cached)
    assert any(name.endswith("contacts.yaml") for name in cached)


def test_an_edit_dated_in_the_past_is_seen(town_dir, monkeypatch):
    load_content(town_dir)
    edit(town_dir / "contacts.yaml", "056/39 16 20", "056/39 16 21", when=PAST - 60)
    new_process(monkeypatch)
    assert load_content(town_dir).contact("cpms_libre_1").phone == "056/39 16 21"


def test_a_file_added_to_the_town_folder_is_seen(tmp_path, monkeypatch):
    folder = tmp_path / "commune"
    folder.mkdir()
    packaged = load_content(folder)
    shutil.copy(Path(str(resources.files("harcelement_tui") / "content" / "people.yaml")), folder)
    edit(folder / "people.yaml", "label:", "label: Élève", when=PAST)
    new_process(monkeypatch)
    roles = load_content(folder).roles
    assert roles != packaged.roles
    assert roles[0].label.startswith("Élève")


@pytest.mark.parametrize("old, new", [
    ("sections:", "sections: [\n"),  # YAML no longer valid
    ("title:", "titre:"),  # a required field renamed
])
def test_an_edit_that_breaks_the_content_gives_the_same_line_as_without_cache(
        town_dir, monkeypatch, tmp_path, old, new):
    load_content(town_dir)
    edit(town_dir / "procedure.yaml", old, new, when=PAST - 60)
    new_process(monkeypatch)
    with pytest.raises(ContentError) as cached:
        load_content(town_dir)
    # The same folder, no cache at all (another user's cache directory):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    new_process(monkeypatch)
    with pytest.raises(ContentError) as uncached:
        load_content(town_dir)
    assert str(cached.value) == str(uncached.value)
    assert str(cached.value).startswith(f"Contenu invalide : {town_dir / 'procedure.yaml'}")
    # And it stays refused at the next start (a broken file is never cached).
    new_process(monkeypatch)
    with pytest.raises(ContentError):
        load_content(town_dir)


def test_a_file_made_writable_by_all_is_refused_although_cached(town_dir, monkeypatch):
    load_content(town_dir)
    (town_dir / "procedure.yaml").chmod(0o666)  # changes no content, only who may write it
    new_process(monkeypatch)
    with pytest.raises(ContentError, match="modifiable par tous"):
        load_content(town_dir)


def forge(title: str) -> bytes:
    """The current cache with the procedure's title replaced."""
    document = orjson.loads(cache_path().read_bytes())
    for name, entry in document["files"].items():
        if name.endswith("procedure.yaml"):
            entry["data"]["title"] = title
    return orjson.dumps(document)


def test_the_cache_is_private(town_dir):
    load_content(town_dir)
    assert cache_path().stat().st_mode & 0o777 == 0o600
    assert cache_path().parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another account needs root")
def test_a_cache_written_by_another_account_is_not_believed(town_dir, monkeypatch):
    load_content(town_dir)
    cache_path().write_bytes(forge("PROCÉDURE MODIFIÉE"))
    # Control: the forged cache, when it is the user's own, is what a start reads.
    new_process(monkeypatch)
    assert load_content(town_dir).title == "PROCÉDURE MODIFIÉE"
    os.chown(cache_path(), 4242, 4242)
    new_process(monkeypatch)
    assert load_content(town_dir).title != "PROCÉDURE MODIFIÉE"


@pytest.mark.parametrize("mode, folder_mode", [(0o660, 0o700), (0o604, 0o700), (0o600, 0o770), (0o600, 0o707)])
def test_a_cache_others_may_write_or_read_is_not_believed(town_dir, monkeypatch, mode, folder_mode):
    load_content(town_dir)
    cache_path().write_bytes(forge("PROCÉDURE MODIFIÉE"))
    cache_path().chmod(mode)
    cache_path().parent.chmod(folder_mode)
    new_process(monkeypatch)
    assert load_content(town_dir).title != "PROCÉDURE MODIFIÉE"


def test_a_cache_that_is_a_link_is_not_followed(town_dir, monkeypatch, tmp_path):
    load_content(town_dir)
    elsewhere = tmp_path / "forged.json"
    elsewhere.write_bytes(forge("PROCÉDURE MODIFIÉE"))
    elsewhere.chmod(0o600)
    cache_path().unlink()
    cache_path().symlink_to(elsewhere)
    new_process(monkeypatch)
    assert load_content(town_dir).title != "PROCÉDURE MODIFIÉE"


@pytest.mark.parametrize("damage", [
    b"", b"\x00\xff garbage", b'{"format": 1, "files": {', b"[]", b'{"format": 1, "version": "0", "files": {}}',
    None,  # the right header, entries of the wrong shape
])
def test_a_damaged_cache_is_ignored_and_rebuilt(town_dir, monkeypatch, damage):
    expected = load_content(town_dir)
    if damage is None:
        document = orjson.loads(cache_path().read_bytes())
        document["files"] = {name: {"stamp": entry["stamp"], "data": ["not", "a", "mapping"]}
                             for name, entry in document["files"].items()}
        damage = orjson.dumps(document)
    cache_path().write_bytes(damage)
    new_process(monkeypatch)
    assert load_content(town_dir) == expected
    new_process(monkeypatch)
    no_yaml(monkeypatch)  # rebuilt by the start that found it damaged
    assert load_content(town_dir) == expected


def test_no_cache_possible_still_starts(town_dir, monkeypatch):
    cache_dir = content_cache.cache_dir()
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the cache folder should be")
    expected = load_content(town_dir)
    new_process(monkeypatch)
    assert load_content(town_dir) == expected
    assert cache_dir.read_text() == "a file where the cache folder should be"


def test_yaml_dates_are_not_cached_but_still_read(town_dir, monkeypatch):
    """A value JSON cannot hold as YAML gave it (a date) leaves that file uncached, not altered."""
    edit(town_dir / "procedure.yaml", "title:", "updated: 2024-05-01\ntitle:", when=PAST)
    first = load_content(town_dir)
    new_process(monkeypatch)
    assert load_content(town_dir) == first
    cached = orjson.loads(cache_path().read_bytes())["files"]
    assert not any(name.endswith("procedure.yaml") for name in cached)
    assert any(name.endswith("contacts.yaml") for name in cached)


def test_configuration_is_cached_and_its_edits_seen(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("school_name: École A\n", encoding="utf-8")
    os.utime(config, (PAST, PAST))
    assert load_config(config).school_name == "École A"
    new_process(monkeypatch)
    with monkeypatch.context() as patch:
        no_yaml(patch)
        assert load_config(config).school_name == "École A"
    config.write_text("school_name: École B\n", encoding="utf-8")
    new_process(monkeypatch)
    assert load_config(config).school_name == "École B"
    config.write_text("school_name: [\n", encoding="utf-8")
    new_process(monkeypatch)
    with pytest.raises(ConfigError, match="pas du YAML valide"):
        load_config(config)
