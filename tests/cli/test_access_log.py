"""The access log: who opened, exported, reported or imported which case; ``audit``; retention;
purged cases anonymised; file modes like the data file's."""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timedelta

import orjson
from support.cli import one_error_line
from support.clock import TZ, FrozenClock
from support.store import data_path, mode, open_store

from harcelement_tui.cli import main
from harcelement_tui.core.access_log import AccessLog, log_path


def entries(path):
    return [orjson.loads(line) for line in log_path(path).read_bytes().splitlines()]


def run(capsys, *argv):
    code = main([*argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_report_and_import_are_logged_with_login_time_and_command(data, tmp_path, capsys, workdir):
    before = datetime.now().astimezone() - timedelta(seconds=2)
    assert run(capsys, "export", "2026-001", "--data", str(data))[0] == 0
    assert run(capsys, "report", "2026-002", "--data", str(data), "-o", "-", "--format", "md")[0] == 0
    other = tmp_path / "autre" / "cases.json"
    assert run(capsys, "import", "cas-2026-001.json", "--data", str(other))[0] == 0
    logged = entries(data)
    assert [(e["ref"], e["action"], e["via"]) for e in logged] == [
        ("2026-001", "exporte", "export"), ("2026-002", "rapport", "report")]
    for entry in logged:
        assert entry["user"] == getpass.getuser()
        assert datetime.fromisoformat(entry["at"]) >= before.replace(microsecond=0)
    assert logged[0]["detail"].endswith("cas-2026-001.json")
    imported = entries(other)
    assert [(e["ref"], e["action"], e["via"]) for e in imported] == [("2026-001", "importe", "import")]
    # audit lists them, one line each, with the French labels
    code, out, _ = run(capsys, "audit", "--data", str(data))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert "2026-001" in lines[0] and "exporté" in lines[0] and getpass.getuser() in lines[0]
    assert "2026-002" in lines[1] and "rapport" in lines[1]


def test_a_refused_action_logs_nothing(data, capsys, workdir):
    (workdir / "cas-2026-001.json").write_text("déjà là")
    code, _, err = run(capsys, "export", "2026-001", "--data", str(data))
    assert code == 2
    one_error_line(err)
    code, _, err = run(capsys, "export", "2099-001", "--data", str(data))
    assert code == 2
    code, _, err = run(capsys, "report", "2099-001", "--data", str(data))
    assert code == 2
    assert not log_path(data).exists()
    code, out, err = run(capsys, "audit", "--data", str(data))
    assert code == 0 and out == "" and "Aucun accès" in err


def test_audit_filters_by_case_user_and_date(data, capsys):
    clock = FrozenClock(datetime(2026, 3, 1, 9, 0, tzinfo=TZ))
    with open_store(data) as store:
        first, second = store.get("2026-001"), store.get("2026-002")
    log = AccessLog(data, user="direction", clock=clock)
    log.record([(first.ref, first.uuid)], "consulte", "console")
    clock.advance(days=10)
    AccessLog(data, user="educateur", clock=clock).record([(second.ref, second.uuid)], "consulte", "console")
    AccessLog(data, user="educateur", clock=clock).record([(first.ref, first.uuid)], "exporte", "export")
    _, out, _ = run(capsys, "audit", "2026-001", "--data", str(data))
    assert len(out.splitlines()) == 2 and "2026-002" not in out
    _, out, _ = run(capsys, "audit", "--user", "educateur", "--data", str(data))
    assert len(out.splitlines()) == 2 and "direction" not in out
    _, out, _ = run(capsys, "audit", "--since", "05/03/2026", "--data", str(data))
    assert len(out.splitlines()) == 2 and "01/03/2026" not in out
    shown = datetime(2026, 3, 11, 9, 0, tzinfo=TZ).astimezone().strftime("%d/%m/%Y %H:%M")
    assert shown in out  # in the server's local time
    code, _, err = run(capsys, "audit", "--since", "31/02/2026", "--data", str(data))
    assert code == 2 and "Date invalide" in one_error_line(err)


def test_old_entries_are_dropped_after_the_retention(data):
    clock = FrozenClock(datetime(2025, 1, 1, 9, 0, tzinfo=TZ))
    AccessLog(data, user="direction", clock=clock, keep_days=365).record([("2026-001", "u1")], "consulte", "console")
    clock.advance(days=300)
    AccessLog(data, user="direction", clock=clock, keep_days=365).record([("2026-001", "u1")], "exporte", "export")
    clock.advance(days=100)  # the first entry is now 400 days old, the second 100
    AccessLog(data, user="direction", clock=clock, keep_days=365).record([("2026-002", "u2")], "consulte", "console")
    assert [e["action"] for e in entries(data)] == ["exporte", "consulte"]


def test_purge_anonymises_the_purged_cases_entries(data, capsys, time_machine):
    with open_store(data) as store:
        case = store.set_status("2026-001", "clos")
        other = store.get("2026-002")
    AccessLog(data, user="educateur").record([(case.ref, case.uuid), (other.ref, other.uuid)], "consulte", "console")
    time_machine.move_to(datetime(2030, 1, 1, tzinfo=TZ))
    code, _, err = run(capsys, "purge", "--yes", "--data", str(data))
    assert code == 0, err
    assert "1 cas purgé" in err and "Attention" not in err, err
    first, second = entries(data)
    assert first["ref"] == "2026-001" and first["user"] == ""
    assert second["ref"] == "2026-002" and second["user"] == "educateur"


def test_a_purged_case_keeps_its_entries_without_logins(data, capsys):
    with open_store(data) as store:
        case = store.set_status("2026-001", "clos")
    AccessLog(data, user="educateur").record([(case.ref, case.uuid)], "exporte", "export", "/home/x/cas.json")
    clock = FrozenClock(datetime(2028, 1, 1, tzinfo=TZ))
    with open_store(data, clock=clock) as store:
        store.purge(["2026-001"], 365)
    # audit never shows who read a purged case, even before the log was rewritten
    _, out, _ = run(capsys, "audit", "--data", str(data))
    assert "educateur" not in out and "2026-001" in out
    assert AccessLog(data, user="x").anonymise([case.uuid]) == 1
    (entry,) = entries(data)
    assert entry["user"] == "" and "detail" not in entry and entry["ref"] == "2026-001"


def test_log_modes_follow_the_data_file_private_and_team(tmp_path):
    private = data_path(tmp_path)
    with open_store(private) as store:
        store.create_case(pupil="A")
    AccessLog(private, user="direction").record([("2026-001", "u")], "consulte", "console")
    assert mode(log_path(private)) == 0o600
    team_dir = tmp_path / "equipe"
    team_dir.mkdir()
    os.chmod(team_dir, 0o2770)
    shared = team_dir / "cases.json"
    with open_store(shared) as store:
        store.create_case(pupil="A")
    os.chmod(shared, 0o660)
    old = os.umask(0o077)
    try:
        AccessLog(shared, user="direction").record([("2026-001", "u")], "consulte", "console")
    finally:
        os.umask(old)
    assert mode(log_path(shared)) == 0o660
    os.chmod(log_path(private), 0o644)  # someone loosened it: the next entry closes it again
    AccessLog(private, user="direction").record([("2026-001", "u")], "consulte", "console")
    assert mode(log_path(private)) == 0o600
    os.chmod(private, 0o660)  # the file is shared with a group afterwards: the log follows
    AccessLog(private, user="direction").record([("2026-001", "u")], "consulte", "console")
    assert mode(log_path(private)) == 0o660


def test_entries_are_whole_lines_and_a_torn_line_is_skipped(data):
    log = AccessLog(data, user="direction")
    log.record([("2026-001", "u1"), ("2026-002", "u2")], "demande-acces", "export --person")
    with open(log_path(data), "ab") as handle:
        handle.write(b'{"at": "2026-03-0')  # a crash in the middle of a write
    assert [e.ref for e in log.entries()] == ["2026-001", "2026-002"]
    log.record([("2026-001", "u1")], "consulte", "console")
    # the torn line is not glued to the next entry: every complete entry stays readable
    assert [(e.ref, e.action) for e in log.entries()] == [
        ("2026-001", "demande-acces"), ("2026-002", "demande-acces"), ("2026-001", "consulte")]


def test_a_log_that_cannot_be_written_is_a_warning_after_the_export(data, capsys, workdir):
    log_path(data).mkdir()  # a directory where the log should be: every write fails
    code, _, err = run(capsys, "export", "2026-001", "--data", str(data))
    assert code == 0
    assert (workdir / "cas-2026-001.json").exists()
    assert "Attention : Journal des accès non écrit" in err
    assert "Traceback" not in err


def test_the_sheet_command_has_one_function_to_record_a_sheet(data):
    """For a ``sheet`` command (another issue): one call records who wrote a sheet for which case."""
    from types import SimpleNamespace

    from harcelement_tui.cli.audit import log_sheet
    from harcelement_tui.core.config import Config

    ctx = SimpleNamespace(config=Config(), data_file=data)
    with open_store(data) as store:
        log_sheet(ctx, store, store.get("2026-002"), "fiche-parents-2026-002.md")
    (entry,) = entries(data)
    assert (entry["ref"], entry["action"], entry["via"], entry["user"]) == ("2026-002", "fiche", "sheet", "direction")
    assert entry["detail"] == "fiche-parents-2026-002.md"


def test_audit_survives_an_entry_at_the_end_of_the_calendar_and_refuses_a_date_out_of_range(data, capsys):
    with log_path(data).open("ab") as log:
        log.write(b'{"at":"0001-01-01T00:00:00+01:00","user":"x","ref":"2026-001","uuid":"u",'
                  b'"action":"consulte","via":"console"}\n')
    code, out, err = run(capsys, "audit", "--data", str(data))
    assert code == 0 and "2026-001" in out and "Traceback" not in err
    code, _, err = run(capsys, "audit", "--since", "01/01/3500", "--data", str(data))
    assert code == 2
    assert "Date invalide pour --since : « 01/01/3500 »" in one_error_line(err)


def test_a_fifo_planted_as_the_access_log_never_hangs(data, capsys, workdir):
    os.mkfifo(log_path(data))
    code, _, err = run(capsys, "export", "2026-001", "--data", str(data))
    assert code == 0  # the export is done; the log's refusal is a warning
    assert "Journal des accès" in err or "journal" in err.lower()
