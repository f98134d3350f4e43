"""A team on one shared server: team mode, `team init`, `info`, and chmod/chown between saves."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

import pytest

from harcelement_tui.cli import main
from harcelement_tui.core.export import write_private_file
from harcelement_tui.core.paths import SYSTEM_CONFIG_ENV
from harcelement_tui.core.team import TeamError, config_text, team_init
from support.cli import one_error_line
from support.clock import FrozenClock
from support.store import mode, open_store

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="chown/chgrp to another group needs root "
                               "(the suite runs as root in CI)")


def other_group() -> grp.struct_group:
    """A group the test process may give files to: any existing group other than its own."""
    for entry in grp.getgrall():
        if entry.gr_gid != os.getegid():
            return entry
    pytest.skip("no second group on this machine")


def team_dir(base: Path, gid: int) -> Path:
    directory = base / "equipe"
    directory.mkdir(mode=0o700)
    os.chown(directory, -1, gid)
    os.chmod(directory, 0o2770)
    return directory


@ROOT_ONLY
def test_team_directory_makes_every_file_group_read_write_whatever_the_umask(tmp_path, town):
    group = other_group()
    directory = team_dir(tmp_path, group.gr_gid)
    old = os.umask(0o077)
    try:
        clock = FrozenClock()
        with open_store(directory / "cases.json", content=town, clock=clock) as store:
            assert store.storage.team
            case = store.create_case(pupil="Léa Martin")
            clock.advance(days=1)  # a new day: the next write makes a backup
            store.add_note(case.ref, "Appel des parents.")
            write_private_file(directory / "exports" / "cas.json", b"{}")
        names = sorted(os.listdir(directory))
    finally:
        os.umask(old)
    assert [n for n in names if n.endswith(".bak")], names
    for name in names:
        st = os.stat(directory / name)
        expected = 0o2770 if stat.S_ISDIR(st.st_mode) else 0o660
        assert (name, stat.S_IMODE(st.st_mode), st.st_gid) == (name, expected, group.gr_gid)
    exported = directory / "exports" / "cas.json"
    assert (mode(exported), os.stat(exported).st_gid) == (0o660, group.gr_gid)


def test_outside_a_team_directory_nothing_changes(tmp_path, town):
    path = tmp_path / "perso" / "cases.json"
    with open_store(path, content=town) as store:
        assert not store.storage.team
        store.create_case(pupil="Léa Martin")
        write_private_file(path.parent / "exports" / "cas.json", b"{}")
    assert (mode(path.parent), mode(path), mode(path.parent / "cases.json.lock")) == (0o700, 0o600, 0o600)
    assert (mode(path.parent / "exports"), mode(path.parent / "exports" / "cas.json")) == (0o700, 0o600)


@pytest.mark.parametrize("change", ["chmod", "chown", "chgrp"])
def test_chmod_or_chown_between_two_saves_never_fails_the_second(tmp_path, town, change):
    path = tmp_path / "donnees" / "cases.json"
    with open_store(path, content=town) as store:
        first = store.create_case(pupil="Léa Martin")  # the next write copies it from the file
        if change == "chmod":
            os.chmod(path, 0o640)
        elif os.geteuid() != 0:
            pytest.skip("chown and chgrp need root")
        elif change == "chown":
            os.chown(path, 0, -1)
        else:
            os.chown(path, -1, other_group().gr_gid)
        gid_after = os.stat(path).st_gid
        second = store.create_case(pupil="Tom Dubois")
        store.add_note(first.ref, "Toujours là.")
        assert [c.ref for c in store.list()] == [first.ref, second.ref]
    # What the administrator set is kept by the rewrite (group bits and group), never widened.
    assert mode(path) == (0o640 if change == "chmod" else 0o600)
    assert os.stat(path).st_gid == gid_after


def test_a_backup_has_the_mode_the_data_file_has_now(tmp_path, town):
    path = tmp_path / "donnees" / "cases.json"
    clock = FrozenClock()
    with open_store(path, content=town, clock=clock) as store:
        store.create_case(pupil="Léa Martin")
        os.chmod(path, 0o660)  # an administrator shares the file while the session is open
        clock.advance(days=1)
        store.create_case(pupil="Tom Dubois")
        backups = store.storage.backups()
    # One backup, the second day's (the first write found an empty store, never backed up), with
    # the mode the administrator gave the data file.
    assert len(backups) == 1 and mode(backups[-1]) == 0o660
    assert mode(path) == 0o660


# --------------------------------------------------------------------------- team init


def _team_init(tmp_path: Path, monkeypatch) -> tuple[Path, str, Path]:
    """``team init`` of tmp_path/srv/harcelement for this process's group, with the server's
    configuration in tmp_path/etc: (configuration file, group, directory)."""
    config = tmp_path / "etc" / "config.yaml"
    monkeypatch.setenv(SYSTEM_CONFIG_ENV, str(config))
    group = grp.getgrgid(os.getegid()).gr_name
    directory = tmp_path / "srv" / "harcelement"
    assert main(["team", "init", str(directory), "--group", group]) == 0
    return config, group, directory


def test_team_init_creates_the_directory_the_file_and_the_server_configuration(tmp_path, monkeypatch, capsys):
    config, group, directory = _team_init(tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert f"usermod -aG {group} LOGIN" in out and str(directory) in out
    assert mode(directory) == 0o2770 and os.stat(directory).st_gid == os.getegid()
    assert mode(directory / "cases.json") == 0o660 == mode(directory / "cases.json.lock")
    assert mode(config) == 0o644
    assert config.read_text() == f"data_file: {directory / 'cases.json'}\n"
    # Every account now uses that file, with no option and no variable.
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"Fichier des cas : {directory / 'cases.json'}\n  choisi par : configuration {config} (data_file)" in out
    assert f"Mode équipe : oui, groupe {group}" in out
    assert main(["--data", str(tmp_path / "x.json"), "info"]) == 0
    assert "choisi par : option --data" in capsys.readouterr().out
    monkeypatch.setenv("HARCELEMENT_DATA", str(tmp_path / "perso.json"))
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert f"Fichier des cas : {tmp_path / 'perso.json'}\n  choisi par : variable HARCELEMENT_DATA" in out
    assert "Mode équipe : non, fichier personnel" in out
    monkeypatch.delenv("HARCELEMENT_DATA")
    config.unlink()
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "choisi par : défaut (fichier personnel)" in out and f"(absente : {config})" in out


def test_info_tells_an_account_outside_the_group_why_it_cannot_open_the_file(tmp_path, monkeypatch, capsys):
    _, group, directory = _team_init(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["info"]) == 0
    assert "pas membre" not in capsys.readouterr().out
    # A neighbour's account: not root, not in the directory's group.
    outsider = os.stat(directory).st_gid + 1
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    monkeypatch.setattr(os, "getegid", lambda: outsider)
    monkeypatch.setattr(os, "getgroups", lambda: [outsider])
    assert main(["info"]) == 1
    out = capsys.readouterr().out
    assert f"Mode équipe : oui, groupe {group}" in out
    assert f"ce compte n'est pas membre du groupe {group}" in out and f"usermod -aG {group} " in out


def test_team_init_keeps_the_rest_of_an_existing_configuration():
    text = "# serveur de l'école\nschool_name: Institut\ndata_file: /ancien/cases.json\nretention_days: 400\n"
    assert config_text(text, Path("/srv/h/cases.json")) == (
        "# serveur de l'école\nschool_name: Institut\ndata_file: /srv/h/cases.json\nretention_days: 400\n")
    assert config_text("school_name: X", Path("/srv/h/c.json")) == "school_name: X\ndata_file: /srv/h/c.json\n"


def test_team_init_refuses_an_unknown_group_and_an_open_directory(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(SYSTEM_CONFIG_ENV, str(tmp_path / "config.yaml"))
    assert main(["team", "init", str(tmp_path / "h"), "--group", "pas-de-tel-groupe"]) == 2
    assert "Groupe inconnu : pas-de-tel-groupe" in one_error_line(capsys.readouterr().err)
    open_dir = tmp_path / "ouvert"
    open_dir.mkdir(mode=0o755)
    os.chmod(open_dir, 0o755)
    group = grp.getgrgid(os.getegid()).gr_name
    assert main(["team", "init", str(open_dir), "--group", group]) == 2
    assert "accessible à tous" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "config.yaml").exists() and mode(open_dir) == 0o755


def test_team_init_shares_files_an_earlier_private_use_left(tmp_path, monkeypatch, town):
    monkeypatch.setenv(SYSTEM_CONFIG_ENV, str(tmp_path / "config.yaml"))
    directory = tmp_path / "h"
    with open_store(directory / "cases.json", content=town) as store:
        store.create_case(pupil="Léa Martin")
    from harcelement_tui.core.access_log import AccessLog, log_path

    AccessLog(directory / "cases.json", user="direction").record([("2026-001", "u")], "consulte", "console")
    assert mode(directory / "cases.json") == 0o600 == mode(log_path(directory / "cases.json"))
    group = grp.getgrgid(os.getegid())
    team_init(directory, group.gr_name, config_file=tmp_path / "config.yaml")
    assert mode(directory) == 0o2770
    assert mode(directory / "cases.json") == 0o660 == mode(directory / "cases.json.lock")
    # The access log too: every member writes it.
    log = log_path(directory / "cases.json")
    assert mode(log) == 0o660 and os.stat(log).st_gid == group.gr_gid
    with open_store(directory / "cases.json", content=town) as store:
        assert [c.pupil for c in store.list()] == ["Léa Martin"]


def test_team_init_refuses_a_user_outside_the_group(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        monkeypatch.setattr(os, "geteuid", lambda: 1234)
        monkeypatch.setattr(os, "getgroups", lambda: [])
        monkeypatch.setattr(os, "getegid", lambda: 1234)
    group = other_group()
    with pytest.raises(TeamError, match="administrateur"):
        team_init(tmp_path / "h", group.gr_name, config_file=tmp_path / "config.yaml")
    assert not (tmp_path / "h").exists()


@ROOT_ONLY
async def test_the_console_says_which_file_it_is_on_and_help_gives_the_path(tmp_path, town, make_app):
    from textual.widgets import Static

    from harcelement_tui.ui.panes.cases import CasesPane
    from harcelement_tui.ui.screens.help import HelpScreen

    group = other_group()
    shared = team_dir(tmp_path, group.gr_gid) / "cases.json"
    personal = tmp_path / "perso" / "cases.json"
    for path, line in ((shared, f"Équipe {group.gr_name} · fichier partagé"), (personal, "Fichier personnel")):
        with open_store(path, content=town) as store:
            app = make_app(store=store)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("4")
                source = app.main_screen.query_one(CasesPane).query_one("#cases-source", Static)
                assert str(source.visual) == f"{line}  (chemin : ?)"
                await pilot.press("question_mark")
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                assert app.screen.data_file == f"{line} : {path}"
                shown = [str(s.visual) for s in app.screen.query(Static)]
                assert f"{line} : {path}" in shown
