"""Issue 12, class 2: values the code cannot compute with are bounded where they enter, and the
date arithmetic cannot overflow on a value that got in anyway (a file from an older version).

Every refusal is one French line naming the field and the allowed range.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import orjson
import pytest
from support.cli import one_error_line
from support.clock import TZ, FrozenClock
from support.store import data_path, open_store, raw_case, write_raw_store

from harcelement_tui.cli import main
from harcelement_tui.core.deadlines import due_today, next_change, step_deadlines
from harcelement_tui.core.model import ValidationError
from harcelement_tui.core.retention import due_cases
from harcelement_tui.core.storage import CorruptStoreError
from harcelement_tui.ui.screens.saving import parse_date, parse_local_datetime

END = "9999-12-31T23:59:59+01:00"
CLOSED_AT_THE_END = {"status": "clos", "updated_at": END, "timeline": [
    {"at": END, "by": "x", "kind": "statut", "text": "Statut : ouvert → clos", "version": 2,
     "changes": {"status": {"old": "ouvert", "new": "clos"}}}], "version": 2}


@pytest.fixture
def end_of_calendar(tmp_path):
    """A file (from an older version) with cases dated at the end of Python's calendar."""
    return write_raw_store(data_path(tmp_path), [
        raw_case("2026-001", opened_at=END),
        raw_case("2026-002", **CLOSED_AT_THE_END),
        raw_case("2026-003", opened_at="9999-12-31T23:00:00-14:00", follow_up="9999-12-31"),
        raw_case("2026-004"),
    ])


def test_the_console_computes_on_cases_at_the_end_of_the_calendar(end_of_calendar, town):
    now = datetime(2026, 3, 9, 10, 0, tzinfo=TZ)
    with open_store(end_of_calendar, content=town) as store:
        cases = store.list()
        for case in cases:
            step_deadlines(case, town, now)
        items = due_today(cases, town, now + timedelta(days=400))
        assert {item.ref for item in items} == {"2026-004"}  # the only case with readable dates
        next_change(items, now)
        assert due_cases(cases, now, 36500) == []
        store.add_note("2026-001", "on peut encore écrire")


@pytest.mark.parametrize("command", [["purge", "--dry-run"], ["stats"], ["export", "--all", "-o", "x"],
                                     ["report", "2026-002", "-o", "-", "--format", "md"]])
def test_commands_work_on_cases_at_the_end_of_the_calendar(end_of_calendar, workdir, capsys, command):
    assert main(["--data", str(end_of_calendar), *command]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_the_saturating_arithmetic():
    from harcelement_tui.core.dates import add_days, shift

    assert add_days(date.max, 1) == date.max
    assert add_days(date.min, -1) == date.min
    moment = datetime.max.replace(tzinfo=TZ)
    assert shift(moment, timedelta(hours=48)) == moment
    assert shift(datetime.min.replace(tzinfo=TZ), timedelta(days=-1)).year == 1


@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/0001", "31/12/1899", "01/01/3000"])
def test_a_typed_date_out_of_range_is_refused_naming_the_range(typed):
    with pytest.raises(ValidationError) as refused:
        parse_date(typed, "follow_up", "Date de suivi")
    assert str(refused.value) == (f"Date de suivi : la date « {typed} » est hors limites "
                                  "(une date entre le 01/01/1900 et le 31/12/2999).")
    with pytest.raises(ValidationError, match="hors limites"):
        parse_local_datetime(f"{typed} 23:59", "seen_at", "Vu le")


def test_the_store_refuses_dates_out_of_range(tmp_path):
    with open_store(data_path(tmp_path)) as store:
        case = store.create_case(pupil="A. B.")
        with pytest.raises(ValidationError) as refused:
            store.update_fields(case.ref, follow_up="9999-12-31")
        assert refused.value.field == "follow_up"
        assert "entre le 01/01/1900 et le 31/12/2999" in str(refused.value)
        with pytest.raises(ValidationError, match="Date hors limites pour « Vu le »"):
            store.add_evidence(case.ref, description="d", where_kept="w", seen_at=END)
        assert store.get(case.ref).version == 1


def test_field_and_note_limits_are_refused_naming_the_field_and_range(tmp_path):
    with open_store(data_path(tmp_path)) as store:
        with pytest.raises(ValidationError) as refused:
            store.create_case(pupil="x" * 1001)
        assert str(refused.value) == "Le champ « Élève » est trop long : 1 001 caractères (de 0 à 1 000)."
        case = store.create_case(pupil="A. B.", summary="s" * 20000)
        with pytest.raises(ValidationError) as refused:
            store.add_note(case.ref, "n" * 200_000)
        assert str(refused.value) == "Le champ « Texte » est trop long : 200 000 caractères (de 0 à 20 000)."
        assert len(store.get(case.ref).timeline) == 1


def test_a_case_at_its_size_limit_refuses_more(tmp_path):
    note = {"at": "2026-01-10T10:00:00+01:00", "by": "x", "kind": "note", "text": "é" * 19_000, "version": 2}
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001", timeline=[note] * 115)])
    before = path.read_bytes()
    with open_store(path) as store:
        with pytest.raises(ValidationError) as refused:
            store.add_note("2026-001", "une de trop")
    assert str(refused.value).startswith("Le cas 2026-001 est trop gros : 4,")
    assert "(au plus 4 Mo)" in str(refused.value)
    assert path.read_bytes() == before


def test_a_case_at_its_history_limit_refuses_more(tmp_path):
    note = {"at": "2026-01-10T10:00:00+01:00", "by": "x", "kind": "note", "text": "n", "version": 2}
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001", timeline=[note] * 5000)])
    with open_store(path) as store, pytest.raises(ValidationError, match=r"5 001 \(de 1 à 5 000\)"):
        store.add_note("2026-001", "une de trop")


def test_a_version_at_the_end_of_the_integers_is_refused_not_a_crash(tmp_path):
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001", version=2**64 - 1)])
    before = path.read_bytes()
    with open_store(path) as store, pytest.raises(ValidationError, match="version hors limites"):
        store.add_note("2026-001", "x")
    assert path.read_bytes() == before


def test_nesting_deeper_than_the_file_can_be_written_is_refused_at_open(tmp_path):
    """orjson reads 1,024 levels but writes 255: such a file opened fine and crashed at the write."""
    nested: object = 0
    for _ in range(300):
        nested = [nested]
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001")])
    data = orjson.loads(path.read_bytes())
    data["cases"]["1"]["x_extra"] = nested
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    with pytest.raises(CorruptStoreError, match="imbrication trop profonde"):
        open_store(path)
    assert path.read_bytes() == raw


def test_an_import_out_of_bounds_is_one_french_line(tmp_path, workdir, capsys):
    with open_store(data_path(tmp_path)) as store:
        document = store.export_case(store.create_case(pupil="A. B.").ref)
    data = str(tmp_path / "autre" / "cases.json")
    open_store(data).close()
    document["case"]["uuid"] = "00000000-0000-4000-8000-000000000009"
    for change, words in [
        (lambda d: d["case"].update(opened_at=END), "« case/opened_at » : \"9999-12-31T23:59:59+01:00\" (années 1900 à 2999)"),
        (lambda d: d["case"].update(pupil="p" * 100_000), "« case/pupil » est trop long : 100000 caractères (de 0 à 1000)"),
    ]:
        wrong = orjson.loads(orjson.dumps(document))
        change(wrong)
        (workdir / "cas.json").write_bytes(orjson.dumps(wrong))
        assert main(["--data", data, "import", "cas.json"]) == 2
        assert words in one_error_line(capsys.readouterr().err)
    (workdir / "gros.json").write_bytes(b" " * (8 << 20) + orjson.dumps(document))
    assert main(["--data", data, "import", "gros.json"]) == 2
    assert "trop gros (plus de 8 Mo)" in one_error_line(capsys.readouterr().err)
    (workdir / "double.json").write_bytes(orjson.dumps(document)[:-1] + b',"case":{}}')
    assert main(["--data", data, "import", "double.json"]) == 2
    assert "une même clé apparaît deux fois" in one_error_line(capsys.readouterr().err)
    with open_store(data) as other:
        assert len(other) == 0


async def test_the_console_shows_cases_at_the_end_of_the_calendar(end_of_calendar, make_app, town):
    """One such case ended the console for the whole team: the list, today's tab, the case view."""
    from textual.widgets import TabbedContent

    from harcelement_tui.ui.screens.case_view import CaseViewScreen

    now = datetime(2026, 3, 9, 10, 0, tzinfo=TZ)
    with open_store(end_of_calendar, content=town, clock=FrozenClock(now)) as store:
        app = make_app(store=store, today=now.date())
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            opened = set()
            for _ in range(4):  # every case's view, deadlines included
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, CaseViewScreen)
                opened.add(app.screen.case.ref)
                await pilot.press("escape", "down")
                await pilot.pause()
            assert opened == {"2026-001", "2026-002", "2026-003", "2026-004"}
            await pilot.press("5")
            await pilot.pause()
            assert app.query_one(TabbedContent).active == "today"
            assert app.return_code is None


async def test_the_case_form_refuses_values_out_of_bounds_next_to_the_field(make_app, town, tmp_path):
    """On entry: the form stays open with the text, the error names the field and the range."""
    from textual import events
    from textual.widgets import Input

    from harcelement_tui.ui.screens.forms import CaseFormScreen

    with open_store(data_path(tmp_path), content=town) as store:
        app = make_app(store=store, today=date(2026, 3, 10))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("4")
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, CaseFormScreen)
            form.query_one("#f-pupil").focus()
            app.post_message(events.Paste("p" * 1001))
            await pilot.pause()
            form.query_one("#fact-autre").value = True
            form.query_one("#f-follow_up", Input).value = "31/12/9999"
            await pilot.press("ctrl+o")
            for _ in range(100):  # the client check, then the store's, each shown by the form
                await pilot.pause(0.05)
                if form.error_text("follow_up") or form.error_text("pupil"):
                    break
            assert "hors limites (une date entre le 01/01/1900 et le 31/12/2999)" in form.error_text("follow_up")
            form.query_one("#f-follow_up", Input).value = ""
            await pilot.press("ctrl+o")
            for _ in range(100):
                await pilot.pause(0.05)
                if form.error_text("pupil"):
                    break
            assert form.error_text("pupil") == "Le champ « Élève » est trop long : 1 001 caractères (de 0 à 1 000)."
            assert app.screen is form
            assert len(store) == 0
