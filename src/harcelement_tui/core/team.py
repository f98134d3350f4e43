"""A team on one shared server: the team directory, its group, and ``team init``.

A team directory is group-owned and setgid with group ``rwx`` (``2770``); the storage then writes
every file group read-write (see ``storage``, "Team mode"). ``team init`` makes that directory,
the case file in it, and names the file in the server-wide configuration, which every account
reads, including a command run over ``ssh host harcelement-tui`` (which reads no login profile).
"""

from __future__ import annotations

import grp
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path


from harcelement_tui.core import strings as S
from harcelement_tui.core.errors import UserError, os_reason
from harcelement_tui.core.safe_files import TEAM_DIR_MODE, TEAM_FILE_MODE, atomic_write_bytes, is_team_dir
from harcelement_tui.core.store import StoreError, create_data_file

DATA_NAME = "cases.json"
EXPORTS_NAME = "exports"
CONFIG_MODE = 0o644
"""The server-wide configuration holds only paths: every account must read it."""


class TeamError(UserError):
    """``team init`` cannot do what it was asked (not root, unknown group, unsafe directory)."""


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return S.GID.format(gid=gid)


def team_of(data_file: Path) -> str | None:
    """The group sharing ``data_file`` (its directory is a team directory), else None."""
    try:
        st = os.stat(Path(data_file).parent)
    except OSError:
        return None
    return group_name(st.st_gid) if is_team_dir(st) else None


def describe(data_file: Path) -> str:
    """Which file the console is on, in a few words: « Équipe equipe » or « Fichier personnel »."""
    team = team_of(data_file)
    return S.TEAM_FILE.format(team=team) if team else S.PERSONAL_FILE


@dataclass
class TeamInit:
    """What ``team init`` did, in French lines for the administrator."""

    lines: list[str] = field(default_factory=list)


def _group(name: str) -> grp.struct_group:
    try:
        return grp.getgrgid(int(name)) if name.isdigit() else grp.getgrnam(name)
    except KeyError:
        raise TeamError(S.GROUP_UNKNOWN.format(name=name)) from None


def _check_caller(group: grp.struct_group) -> None:
    if os.geteuid() == 0:
        return
    if group.gr_gid not in os.getgroups() and group.gr_gid != os.getegid():
        raise TeamError(S.TEAM_INIT_WHO.format(group=group.gr_name))


def _prepare_dir(directory: Path, gid: int, lines: list[str]) -> None:
    try:
        st = os.lstat(directory)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise TeamError(S.DIR_NO_ACCESS.format(directory=directory, reason=os_reason(exc))) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            raise TeamError(S.DIR_NOT_DIR.format(directory=directory))
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o007:
            raise TeamError(S.DIR_WORLD_READABLE.format(directory=directory, mode=f"{mode:04o}"))
    try:
        if st is None:
            directory.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            os.mkdir(directory, 0o700)
        os.chown(directory, -1, gid)
        os.chmod(directory, TEAM_DIR_MODE)
    except OSError as exc:
        raise TeamError(S.DIR_NOT_PREPARED.format(directory=directory, reason=os_reason(exc))) from None
    done = S.TEAM_DIR_CREATED if st is None else S.TEAM_DIR_UPDATED
    lines.append(done.format(directory=directory, mode=f"{TEAM_DIR_MODE:04o}", group=group_name(gid)))
    for parent in directory.parents:
        try:
            pst = os.stat(parent)
        except OSError:
            continue
        if not (pst.st_mode & 0o001 or (pst.st_gid == gid and pst.st_mode & 0o010)):
            lines.append(S.PARENT_NOT_TRAVERSABLE.format(parent=parent, mode=f"{stat.S_IMODE(pst.st_mode):04o}"))


def _share_existing(directory: Path, data_name: str, gid: int, lines: list[str]) -> None:
    """Files an earlier private use left there: group read-write, so every member can open them."""
    # The data file, its lock, its backups and its access log (core/access_log.py).
    pattern = re.compile(re.escape(data_name) + r"(\.lock|\.\d{4}-\d{2}-\d{2}\.bak|\.acces\.jsonl)?$")
    changed = 0
    try:
        for entry in os.scandir(directory):
            if entry.is_symlink():
                continue
            if entry.is_file() and pattern.match(entry.name):
                targets = [(Path(entry.path), TEAM_FILE_MODE)]
            elif entry.is_dir() and entry.name == EXPORTS_NAME:
                targets = [(Path(entry.path), TEAM_DIR_MODE)]
                targets += [(Path(sub.path), TEAM_FILE_MODE) for sub in os.scandir(entry.path)
                            if sub.is_file(follow_symlinks=False)]
            else:
                continue
            for path, mode in targets:
                os.chown(path, -1, gid)
                os.chmod(path, mode)
                changed += 1
    except OSError as exc:
        raise TeamError(S.FILES_NOT_SHARED.format(directory=directory, reason=os_reason(exc))) from None
    if changed:
        lines.append(S.files_shared(changed, f"{TEAM_FILE_MODE:04o}", f"{TEAM_DIR_MODE:04o}", group_name(gid)))


def config_text(current: str, data_file: Path) -> str:
    """``current`` (the configuration file's text) with its ``data_file:`` line set to
    ``data_file``; other lines and comments kept."""
    import yaml  # only here: the console's start parses no YAML

    line = yaml.safe_dump({"data_file": str(data_file)}, allow_unicode=True, width=10_000).strip()
    pattern = re.compile(r"^data_file\s*:.*$", re.MULTILINE)
    if pattern.search(current):
        text = pattern.sub(lambda _m: line, current, count=1)
    else:
        text = current + ("" if not current or current.endswith("\n") else "\n") + line + "\n"
    parsed = yaml.safe_load(text)
    if not isinstance(parsed, dict) or parsed.get("data_file") != str(data_file):
        raise TeamError(S.CONFIG_NOT_COMPLETED.format(line=line))
    return text


def _write_config(config_file: Path, data_file: Path, lines: list[str]) -> None:
    try:
        current = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else S.NOT_UTF8
        raise TeamError(S.CONFIG_UNREADABLE_REASON.format(path=config_file, reason=reason)) from None
    text = config_text(current, data_file)
    try:
        config_file.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        atomic_write_bytes(config_file, text.encode("utf-8"), mode=CONFIG_MODE)
    except OSError as exc:
        raise TeamError(S.CONFIG_NOT_WRITTEN.format(path=config_file, reason=os_reason(exc))) from None
    lines.append(S.CONFIG_WRITTEN.format(path=config_file, data_file=data_file))


def team_init(directory: Path, group: str, *, config_file: Path, data_name: str = DATA_NAME) -> TeamInit:
    """Make ``directory`` a team directory for ``group``, create the case file in it and name it
    in ``config_file``. Raises :class:`TeamError` (nothing done) when the caller or the place
    does not allow it."""
    entry = _group(group)
    _check_caller(entry)
    directory = Path(os.path.abspath(Path(directory).expanduser()))
    result = TeamInit()
    _prepare_dir(directory, entry.gr_gid, result.lines)
    _share_existing(directory, data_name, entry.gr_gid, result.lines)
    data_file = directory / data_name
    try:
        created = create_data_file(data_file)
    except StoreError as error:
        raise TeamError(S.DATA_FILE_UNUSABLE.format(error=error)) from None
    done = S.DATA_FILE_CREATED if created else S.DATA_FILE_KEPT
    result.lines.append(done.format(path=data_file, mode=f"{TEAM_FILE_MODE:04o}"))
    _write_config(config_file, data_file, result.lines)
    members = ", ".join(entry.gr_mem) or S.NO_MEMBER_YET
    result.lines.append(S.GROUP_MEMBERS.format(group=entry.gr_name, members=members))
    result.lines.append(S.ADD_MEMBER.format(group=entry.gr_name))
    result.lines.append(S.MEMBER_CHECKS)
    return result
