"""Two accounts of one group and an outsider, with real different uids (no account created):
each runs in a forked child that drops to its uid with setgroups/setgid/setuid."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from harcelement_tui.core.export import ExportFileError, dumps, export_filename, write_private_file
from harcelement_tui.core.report import build_report, report_filename
from harcelement_tui.core.storage import StoreError
from harcelement_tui.core.store import CaseStore

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="changing to other uids needs root "
                                "(the suite runs as root in CI; run it as root to cover this)")

PUPIL = "Léa Martin"


def unused_ids(count: int, start: int, taken) -> list[int]:
    ids = []
    candidate = start
    while len(ids) < count:
        try:
            taken(candidate)
        except KeyError:
            ids.append(candidate)
        candidate += 1
    return ids


def as_account(uid: int, gid: int, body, *args) -> str:
    """Run ``body(*args)`` in a child as ``uid`` with only ``gid`` as group and umask 077; return
    what it returns (a str), or ``ERR Type: message`` if it raised."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            os.setgroups([gid])
            os.setgid(gid)
            os.setuid(uid)
            os.umask(0o077)
            answer = "OK " + body(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            answer = f"ERR {type(exc).__name__}: {exc}"
        os.write(write_end, answer.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


@pytest.fixture
def team(town):
    """A team directory (2770, an unused gid) in a folder other uids may traverse."""
    gid, outsider_gid = unused_ids(2, 64100, grp.getgrgid)
    uids = unused_ids(3, 64100, pwd.getpwuid)
    base = Path(tempfile.mkdtemp(prefix="harcelement-equipe-"))
    os.chmod(base, 0o711)
    directory = base / "equipe"
    directory.mkdir(mode=0o700)
    os.chown(directory, -1, gid)
    os.chmod(directory, 0o2770)
    yield directory, gid, outsider_gid, uids
    shutil.rmtree(base)


def work(data_file: str, user: str, town, pupil: str | None) -> str:
    """One account's session: create (or find) the case, note, export, report into exports/."""
    with CaseStore(data_file, user=user, content=town) as store:
        if pupil is not None:
            case = store.create_case(pupil=pupil, facts=["menaces"])
        else:
            case = store.list()[0]
        store.add_note(case.ref, f"Note de {user}.")
        exports = Path(data_file).parent / "exports"
        target = exports / export_filename(case.ref)
        write_private_file(target, dumps(store.export_case(case.ref, destination=str(target))), force=True)
        recorded = store.record_report(case.ref, destination=str(exports))
        report = build_report(recorded, town, generated_at=recorded.timeline[-1].at, author=user)
        write_private_file(exports / report_filename(case.ref), report.encode(), force=True)
        return ",".join(f"{c.ref}:{c.pupil}" for c in store.list())


def outsider(data_file: str, town) -> str:
    """Everything an account outside the group tries: each must be refused."""
    refused = []
    tries = {
        "store": lambda: CaseStore(data_file, user="voisin", content=town).close(),
        "file": lambda: open(data_file, "rb").read(),
        "folder": lambda: os.listdir(Path(data_file).parent),
        "export": lambda: open(Path(data_file).parent / "exports" / "cas-2026-001.json", "rb").read(),
    }
    for name, attempt in tries.items():
        try:
            attempt()
        except (OSError, StoreError):
            refused.append(name)
    return ",".join(refused)


def test_two_accounts_share_one_team_file_and_an_outsider_reads_nothing(team, town):
    directory, gid, outsider_gid, (first, second, third) = team
    data_file = str(directory / "cases.json")
    one = as_account(first, gid, work, data_file, "direction", town, PUPIL)
    assert one.startswith("OK ") and PUPIL in one, one
    two = as_account(second, gid, work, data_file, "educateur", town, None)
    assert two == one, two  # the second account sees the same case
    with CaseStore(data_file, user="admin", content=town) as store:
        case = store.list()[0]
        notes = [e.text for e in case.timeline if e.kind == "note"]
        assert notes == ["Note de direction.", "Note de educateur."]
    for path in [directory, *directory.iterdir(), *(directory / "exports").iterdir()]:
        st = os.stat(path)
        expected = 0o2770 if stat.S_ISDIR(st.st_mode) else 0o660
        assert (path.name, stat.S_IMODE(st.st_mode), st.st_gid) == (path.name, expected, gid)
    owners = {os.stat(p).st_uid for p in (directory / "exports").iterdir()}
    assert second in owners  # the second account replaced the first one's files
    assert as_account(third, outsider_gid, outsider, data_file, town) == "OK store,file,folder,export"


def test_an_exports_folder_another_account_made_private_is_an_ordinary_error(team, town):
    directory, gid, _outsider_gid, (first, second, _third) = team
    exports = directory / "exports"
    exports.mkdir()
    os.chown(exports, first, gid)
    os.chmod(exports, 0o700)  # as an older version made it: the first exporter's alone

    def export(target: str) -> str:
        try:
            write_private_file(Path(target), b"{}")
        except ExportFileError as error:
            return str(error)
        return "écrit"

    answer = as_account(second, gid, export, str(exports / "cas-2026-001.json"))
    assert answer.startswith("OK Impossible"), answer
    assert "permission refusée" in answer


def test_an_outsider_is_told_the_file_belongs_to_a_team(team, town):
    directory, _gid, outsider_gid, (_first, _second, third) = team

    def open_it(data_file: str) -> str:
        CaseStore(data_file, user="voisin", content=town).close()
        return "ouvert"

    answer = as_account(third, outsider_gid, open_it, str(directory / "cases.json"))
    assert answer.startswith("ERR StorePermissionError: Accès impossible"), answer
    assert f"c'est le fichier de l'équipe {_gid}" in answer and f"usermod -aG {_gid} uid {third}" in answer
