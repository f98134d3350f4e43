"""Who may use the data file: refusals of files others may read, of foreign symlinks, and the
French reasons (with the ``chmod`` or ``usermod`` that fixes them).

* **Permissions.** New directories 0700, new files 0600 whatever the umask; a file or directory
  with any "other" permission bit, or a symlink owned by another user, is refused
  (:class:`StorePermissionError`, with the ``chmod`` that fixes it). Group bits are allowed and
  kept on rewrite, so a team can share the file through a Unix group.
* **Team mode.** A data file in a group-owned setgid directory with group ``rwx`` (``2770``, made
  by ``harcelement-tui team init``) is a team file: the data file, lock, backups and what the
  console creates beside it are group read-write (files 0660, folders 2770) whatever the umask,
  and a rewrite restores those modes. The setgid bit gives every new file the directory's group.
"""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from harcelement_tui.core import strings_storage as T
from harcelement_tui.core.errors import os_reason
from harcelement_tui.core.safe_files import is_team_dir, make_private_dirs
from harcelement_tui.core.storage.errors import (
    StoreError,
    StorePermissionError,
    StoreWriteError,
)


def quote(path: Path | str) -> str:
    return shlex.quote(str(path))


def owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"uid {uid}"


def _trusted_uid(uid: int) -> bool:
    return uid in (os.getuid(), os.geteuid(), 0)


def check_not_foreign_symlink(path: Path) -> None:
    """Refuse a data path (or its directory) that is a symlink owned by another user."""
    for candidate in (path, path.parent):
        try:
            st = os.lstat(candidate)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StorePermissionError(
                T.PATH_NO_ACCESS.format(path=candidate, reason=os_reason(exc), hint=team_hint(path)), path
            ) from None
        if stat.S_ISLNK(st.st_mode) and not _trusted_uid(st.st_uid):
            raise StorePermissionError(
                T.FOREIGN_SYMLINK.format(path=candidate, owner=owner_name(st.st_uid), path_arg=quote(candidate)),
                path,
            )


def _in_home(path: Path) -> bool:
    try:
        home = Path.home().resolve()
    except (KeyError, RuntimeError):
        return False
    resolved = Path(path).resolve()
    return resolved != home and home in resolved.parents


def check_private(path: Path, st: os.stat_result, *, is_dir: bool, data_file: Path) -> None:
    """Refuse a file or directory that any other user of the server may read, write or enter."""
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o007:
        if is_dir and (st.st_uid != os.geteuid() or mode & stat.S_ISVTX or not _in_home(path)):
            # A shared or system directory (/tmp, /etc...): never tell anyone, root included, to
            # chmod it; move the data instead. Only one's own directory at home gets the chmod.
            fix = T.FIX_MOVE.format(name=data_file.name)
        else:
            fix = T.FIX_CHMOD.format(path=quote(path))
        message = T.DIR_OPEN_TO_ALL if is_dir else T.FILE_OPEN_TO_ALL
        raise StorePermissionError(message.format(path=path, mode=f"{mode:04o}", fix=fix), data_file)


def read_only_reason(path: Path) -> str | None:
    """Why the data file at ``path`` cannot be written (in French), or ``None`` if it can.

    Checked at start so the console can open a file it may only read (a read-only filesystem, a
    team file without write permission) and say so, instead of failing at the first save.
    """
    directory = Path(path).parent
    try:
        if os.statvfs(directory).f_flag & os.ST_RDONLY:
            return T.FS_READ_ONLY.format(directory=directory)
    except OSError:
        return None  # the store's own checks report a missing or unreadable place
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return T.NO_WRITE_FILE.format(path=path)
    if not os.access(directory, os.W_OK | os.X_OK):
        return T.NO_WRITE_DIR.format(directory=directory)
    return None


def team_hint(path: Path) -> str:
    """`` ; vous n'êtes pas membre…`` when ``path`` is in a team directory of a group the user is
    not in (the usual reason for a refused access on a shared server), else ``""``."""
    try:
        st = os.stat(Path(path).parent)
    except OSError:
        return ""
    if not is_team_dir(st) or st.st_gid in os.getgroups() or st.st_gid == os.getegid():
        return ""
    try:
        import grp

        name = grp.getgrgid(st.st_gid).gr_name
    except (KeyError, ImportError):
        name = str(st.st_gid)
    return T.NOT_IN_TEAM.format(group=name, login=owner_name(os.getuid()))


def open_data_dir(directory: Path, data_file: Path, *, create: bool) -> os.stat_result:
    """The stat of the data file's ``directory``, made (private) if missing and ``create``;
    a :class:`StoreError` if it is missing, not a folder, unreachable or open to others."""
    if not directory.exists():
        if not create:
            raise StoreError(T.DATA_DIR_NOT_FOUND.format(directory=directory), data_file)
        try:
            make_private_dirs(directory)
        except OSError as exc:
            raise StoreWriteError(T.DATA_DIR_NOT_CREATED.format(directory=directory, reason=os_reason(exc)),
                                  data_file, exc.errno) from None
    try:
        dir_st = os.stat(directory)
    except OSError as exc:
        raise StorePermissionError(T.DATA_DIR_NO_ACCESS.format(directory=directory, reason=os_reason(exc)),
                                   data_file) from None
    if not stat.S_ISDIR(dir_st.st_mode):
        raise StoreError(T.NOT_A_DIR.format(directory=directory), data_file)
    check_private(directory, dir_st, is_dir=True, data_file=data_file)
    return dir_st
