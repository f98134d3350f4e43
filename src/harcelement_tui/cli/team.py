"""``team init`` (a shared case file for a Unix group, in one command) and ``info`` (which file am
I on, and why). Neither prints anything of a case: paths, modes, owners and groups only."""

from __future__ import annotations

import argparse
import os
import pwd
import stat
from pathlib import Path

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, FrenchParser, Subparsers, subparser
from harcelement_tui.core.paths import choose_data_file, error_log_file, system_config_file, user_config_file
from harcelement_tui.core.safe_files import can_write_in, nearest_existing
from harcelement_tui.core.team import EXPORTS_NAME, group_name, team_init, team_of


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``team`` (with ``init``) and ``info`` to ``subparsers``."""
    team = subparsers.add_parser("team", help=S.TEAM_HELP, description=S.TEAM_DESCRIPTION)
    team_commands = team.add_subparsers(dest="team_command", metavar="ACTION", title=S.TITLE_ACTIONS,
                                        parser_class=FrenchParser, required=True)
    init = team_commands.add_parser("init", help=S.TEAM_INIT_HELP, description=S.TEAM_INIT_DESCRIPTION,
                                    epilog=S.TEAM_INIT_EPILOG)
    init.add_argument("directory", metavar=S.METAVAR_FOLDER, type=Path, help=S.TEAM_INIT_HELP_DIRECTORY)
    init.add_argument("--group", "-g", metavar=S.METAVAR_GROUP, required=True, help=S.TEAM_INIT_HELP_GROUP)
    init.set_defaults(handler=run_team_init)

    info = subparser(subparsers, "info", common, help=S.INFO_HELP, description=S.INFO_DESCRIPTION)
    info.set_defaults(handler=run_info)


def run_team_init(args: argparse.Namespace, ctx: Context) -> int:
    done = team_init(args.directory, args.group, config_file=system_config_file())
    for line in done.lines:
        print(line)
    if os.environ.get("HARCELEMENT_DATA"):
        print(S.TEAM_ENV_WARNING)
    return 0


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return S.UID.format(uid=uid)


def _describe_path(path: Path) -> str:
    """``0660 -rw-rw----, dir1:equipe`` or why it cannot be seen."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return S.PATH_MISSING
    except OSError as exc:
        return S.PATH_INACCESSIBLE.format(reason=exc.strerror)
    return (f"{stat.S_IMODE(st.st_mode):04o} {stat.filemode(st.st_mode)}, "
            f"{_owner(st.st_uid)}:{group_name(st.st_gid)}")


def _not_a_member(directory: Path) -> bool:
    """True when this account is neither root nor in the group of the team directory
    ``directory``: it cannot open the team's file."""
    try:
        gid = os.stat(directory).st_gid
    except OSError:
        return False
    return os.geteuid() != 0 and gid != os.getegid() and gid not in os.getgroups()


def _can_use(data_file: Path) -> bool:
    """True when this account can read and write ``data_file``, or create it (with its folders)."""
    if os.path.lexists(data_file):
        return os.access(data_file, os.R_OK | os.W_OK)
    return can_write_in(nearest_existing(data_file.parent))


def _login() -> str:
    return _owner(os.geteuid())


def info_lines(args: argparse.Namespace, ctx: Context) -> tuple[list[str], bool]:
    """The lines ``info`` prints, and whether this account can use the file (else ``info`` exits
    with status 1)."""
    config = ctx.config
    choice = choose_data_file(getattr(args, "data", None), config.data_file,
                              config_source=config.data_file_source)
    data_file = choice.path
    directory = data_file.parent
    team = team_of(data_file)
    lines = [
        S.INFO_DATA_FILE.format(path=data_file),
        S.INFO_CHOSEN_BY.format(reason=choice.reason),
        S.INFO_MODE.format(mode=_describe_path(data_file)),
        S.INFO_FOLDER.format(path=directory, mode=_describe_path(directory)),
        S.INFO_TEAM.format(group=team) if team else S.INFO_NO_TEAM,
    ]
    usable = _can_use(data_file)
    if team and _not_a_member(directory):
        lines.append(S.INFO_NOT_A_MEMBER.format(group=team, login=_login()))
        usable = False
    read = [str(path) for path in config.sources]
    lines.append(S.INFO_CONFIG.format(files=" ; ".join(read) if read else S.INFO_NONE))
    for candidate in (system_config_file(), user_config_file()):
        if str(candidate) not in read:
            lines.append(S.INFO_CONFIG_MISSING.format(path=candidate))
    lines.append(S.INFO_CONTENT.format(content=ctx.content_dir or S.INFO_SHIPPED_CONTENT))
    if os.access(directory, os.R_OK | os.X_OK):
        backups = sorted(p.name for p in directory.glob(f"{data_file.name}.*.bak"))
        newest = S.INFO_NEWEST_BACKUP.format(name=backups[-1]) if backups else ""
        count = str(len(backups))
    else:
        count, newest = S.INFO_UNSEEN, ""
    lines.append(S.INFO_BACKUPS.format(folder=directory, name=data_file.name, count=count, newest=newest))
    exports = directory / EXPORTS_NAME
    lines.append(S.INFO_EXPORTS.format(path=exports, mode=_describe_path(exports)))
    lines.append(S.INFO_ERROR_LOG.format(path=error_log_file(), mode=_describe_path(error_log_file())))
    return lines, usable


def run_info(args: argparse.Namespace, ctx: Context) -> int:
    lines, usable = info_lines(args, ctx)
    for line in lines:
        print(line)
    return 0 if usable else 1
