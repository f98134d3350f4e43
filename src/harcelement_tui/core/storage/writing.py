"""Writing a new version of the data file: whole or not at all (``safe_files.replace_via_temp``),
in the line layout, and pinned at once so its bytes stay readable while they are cached."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from harcelement_tui.core.safe_files import TEAM_FILE_MODE, replace_via_temp, write_all
from harcelement_tui.core.storage import lines
from harcelement_tui.core.storage.files import Pin
from harcelement_tui.core.storage.lazy import dumps

Plan = list[tuple[str, dict[str, Any], list[tuple[str, Any, bytes | None]]]]


def prepare(data: dict[str, Any]) -> tuple[dict[str, Any], Plan | None, bytes | None]:
    """``data`` with its format marks, and what to write: a plan of the line layout, or (data
    not TinyDB-shaped) the whole JSON text. Raises ``TypeError``/``orjson.JSONEncodeError``."""
    data = lines.with_meta(data)
    plan = lines.plan(data)
    return data, plan, (dumps(data) if plan is None else None)


def new_file_mode(team: bool, pin: Pin | None, mode: int, gid: int) -> tuple[int, int | None]:
    """Mode and group for a new version of the data file (or its backup): 0660 in team mode
    (the setgid directory gives the group); else private plus the group bits and group the file
    read through ``pin`` has *now* (an administrator's chmod or chgrp since it was read is kept;
    ``mode`` and ``gid`` as read if it cannot be asked). No file read yet: 0600."""
    if team:
        return TEAM_FILE_MODE, None
    if pin is None:
        return 0o600, None
    try:
        st = os.fstat(pin.fd)
        mode, gid = stat.S_IMODE(st.st_mode), st.st_gid
    except OSError:
        pass
    return (mode & 0o660) | 0o600, gid


def write_data_file(real: os.PathLike[str] | str, plan: Plan | None, payload: bytes | None, *,
                    mode: int, gid: int | None, prefix: str,
                    lazy_fields: tuple[str, ...]) -> tuple[Pin, os.stat_result]:
    """Replace ``real`` by the file of ``plan`` (or ``payload``) atomically; the new file's pin
    and stat. Raises ``OSError`` (the previous file is then intact) or a ``StoreError`` of a
    verbatim copy whose source changed."""
    placed: list = []
    kept: list[int] = []  # a descriptor of the new file, kept to pin its inode

    def fill(fd: int) -> None:
        if payload is not None:
            write_all(fd, payload)
        else:
            assert plan is not None
            lines.fill(fd, plan, placed)
        kept.append(os.dup(fd))

    try:
        replace_via_temp(Path(real), fill, mode=mode, prefix=prefix, gid=gid)
    except BaseException:
        for fd in kept:
            os.close(fd)
        raise
    pin = Pin(kept[0])
    st = os.fstat(pin.fd)
    lines.relocate(pin, placed, lazy_fields)
    return pin, st
