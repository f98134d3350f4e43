"""Start-up in two steps (first tab at once, the rest and the data file after) and the case list
drawn line by line: what a principal notices when the file holds many cases."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest

from textual.app import App
from textual.widgets import TabbedContent

from harcelement_tui.cli import main
from harcelement_tui.core.storage import CorruptStoreError
from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.text import matches
from harcelement_tui.core.summary import search_fields
from harcelement_tui.ui.app import HarcelementApp
from harcelement_tui.ui.widgets.case_list import CaseList
from harcelement_tui.ui.panes.cases import EMPTY_TEXT, LOADING_TEXT, CasesPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen

from support.clock import TZ
from support.app import SIZE, wait_until

NAMES = ["Léa Martin", "Léon Dubois", "Noé Lefèvre", "Zoé Leclercq", "Théo Lambert", "Inès Peeters"]


CLOCK_START = datetime(2026, 3, 2, 9, 30, tzinfo=TZ)


def fill(store: CaseStore, count: int) -> None:
    for i in range(count):
        store.create_case(pupil=f"{NAMES[i % len(NAMES)]} {i}", class_group=f"{i % 6 + 1}A",
                          facts=["insultes"] if i % 3 else ["menaces"])


# -- the data file read after the first screen ------------------------------------------------


async def test_cases_load_after_the_first_screen_and_keys_say_so_meanwhile(tmp_path, town, clock, store):
    fill(store, 3)
    release = threading.Event()

    def open_store() -> CaseStore:
        release.wait(10)
        return CaseStore(store.path, user="direction", clock=clock, content=town)

    app = HarcelementApp(town, open_store=open_store)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        pane = app.query_one(CasesPane)
        assert pane.query_one("#cases-empty").display
        assert str(pane.query_one("#cases-empty").render()) == LOADING_TEXT
        await pilot.press("n")
        await pilot.pause()
        assert notes and "chargement" in notes[-1]
        release.set()
        await wait_until(pilot, lambda: len(pane.shown) == 3)
        # Tab 4 was chosen while loading: the list has the keys now, Enter opens the case.
        assert app.focused is pane.table
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        assert app.current is not None and app.current.ref == pane.shown[0].ref
        app.store.close()


async def test_a_store_opened_after_the_console_was_quit_is_closed(town, clock, store):
    """q typed while the data file is being opened: the console quits, and the store the reading
    thread opened meanwhile is closed (``run`` only closes the one the console took)."""
    fill(store, 2)
    store.close()
    quit_done = threading.Event()
    closed = threading.Event()

    def open_store() -> CaseStore:
        quit_done.wait(10)
        opened = CaseStore(store.path, user="direction", clock=clock, content=town)
        real_close = opened.close

        def close() -> None:
            real_close()
            closed.set()

        opened.close = close  # type: ignore[method-assign]
        return opened

    app = HarcelementApp(town, open_store=open_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
        quit_done.set()
    assert closed.wait(10) and app.store is None


async def test_an_empty_file_says_how_to_start_once_read(town):
    app = HarcelementApp(town, store=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert str(app.query_one("#cases-empty").render()) == EMPTY_TEXT


async def test_a_file_that_cannot_be_read_in_the_background_ends_the_console_with_status_2(town, tmp_path):
    def open_store() -> CaseStore:
        raise CorruptStoreError("Le fichier des cas est inutilisable.", tmp_path / "cases.json", None)

    app = HarcelementApp(town, open_store=open_store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: not app.is_running or app.return_code is not None)
    assert app.return_code == 2
    assert isinstance(app.fatal_error, CorruptStoreError)


async def test_content_that_cannot_be_loaded_after_the_first_frame_ends_the_console_with_status_2(town):
    """The first frame is drawn from the outline kept at the last start; the content changed since
    and is broken: the console quits and ``run`` says why."""
    from harcelement_tui.core.errors import ContentError
    from harcelement_tui.core.outline import outline_of

    def load_town():
        raise ContentError("Contenu invalide : contacts.yaml : ligne 1.")

    app = HarcelementApp(None, outline=outline_of(town), load_town=load_town)
    async with App.run_test(app, size=SIZE) as pilot:
        await wait_until(pilot, lambda: not app.is_running or app.return_code is not None)
    assert app.return_code == 2 and isinstance(app.fatal_error, ContentError)


@pytest.mark.parametrize("size", [0, 200_000])
def test_a_corrupt_file_is_one_french_line_and_status_2(tmp_path, monkeypatch, capsys, size):
    """The file is read after the first screen, whatever its size; its error ends the console
    with one French line and status 2, and the file is left as it was."""
    data = tmp_path / "cases.json"
    data.write_bytes(b'{"_meta": ' + b" " * size + b"pas du json")
    data.chmod(0o600)
    before = data.read_bytes()
    monkeypatch.setattr(HarcelementApp, "run", lambda self, **kwargs: App.run(self, headless=True, **kwargs))
    assert main(["--data", str(data)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(data) in err and "inutilisable" in err
    assert data.read_bytes() == before


async def test_a_tab_key_typed_while_the_first_screen_is_drawn_is_kept(town):
    app = HarcelementApp(town, store=None)
    # Textual's own runner: no waiting for the other tabs (the console's run_test waits).
    async with App.run_test(app, size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: app.panes_ready)
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "cas"
        assert app.focused is app.query_one(CasesPane)


# -- the case list ----------------------------------------------------------------------------


async def test_list_moves_pages_and_ends_keep_the_cursor_on_screen(make_app, store):
    fill(store, 60)
    app = make_app(store=store, today=date(2026, 3, 2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        pane = app.query_one(CasesPane)
        await wait_until(pilot, lambda: len(pane.shown) == 60)
        table = pane.table
        assert table.cursor_row == 0 and pane.selected.ref == "2026-060"
        await pilot.press("end")
        assert table.cursor_row == 59 and pane.selected.ref == "2026-001"
        visible_rows = table.scrollable_content_region.height - 1
        top = round(table.scroll_offset.y)
        assert top <= 59 < top + visible_rows
        await pilot.press("home", "pagedown")
        assert table.cursor_row == visible_rows
        assert round(table.scroll_offset.y) <= table.cursor_row < round(table.scroll_offset.y) + visible_rows
        await pilot.press("up")
        assert table.cursor_row == visible_rows - 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        assert app.screen.case.ref == pane.shown[visible_rows - 1].ref


async def test_filter_typed_and_erased_letter_by_letter_lists_exactly_the_matching_cases(make_app, store, town):
    fill(store, 40)
    app = make_app(store=store, today=date(2026, 3, 2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        pane = app.query_one(CasesPane)
        await wait_until(pilot, lambda: len(pane.shown) == 40)
        await pilot.press("slash")
        typed = ""
        # Narrowing (each letter added) then widening (each letter erased), with two words.
        for key in [*"leo 1", *["backspace"] * 5, *"zoe", *["backspace"] * 3, *"3a"]:
            typed = typed[:-1] if key == "backspace" else typed + key
            await pilot.press("space" if key == " " else key)
            expected = [c.ref for c in pane.cases if matches(typed, search_fields(c, town))]
            assert [c.ref for c in pane.shown] == expected, typed
        assert pane.shown and all(c.class_group == "3A" for c in pane.shown)


async def test_steps_past_their_deadline_are_counted_in_the_list(make_app, store, clock, town):
    late = store.create_case(pupil="Léa", facts=["menaces"])
    clock.advance(days=6)  # 48 h and 5 days deadlines passed, 15 days not yet
    fresh = store.create_case(pupil="Noé", facts=["insultes"])
    closed = store.create_case(pupil="Zoé", facts=["insultes"])
    store.set_status(closed.ref, "clos")
    # Six days later: the steps due within 48 hours or 5 days are late, those within 15 days not.
    expected = sum(1 for step in town.deadline_steps if step.deadline.delta.days <= 5)  # type: ignore[union-attr]
    assert 0 < expected < len(town.deadline_steps)
    app = make_app(store=store, today=date(2026, 3, 8))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        table = app.query_one(CaseList)
        await wait_until(pilot, lambda: len(table.rows) == 3)
        assert table.get_cell(late.ref, "late").plain == f"!{expected} ét."
        assert table.get_cell(fresh.ref, "late").plain == ""
        assert table.get_cell(closed.ref, "late").plain == ""


async def test_opening_one_case_then_another_shows_the_second_from_its_top(make_app, store):
    fill(store, 2)
    for _ in range(40):
        store.add_note("2026-001", "Une note assez longue pour que la fiche défile " * 2)
    app = make_app(store=store, today=date(2026, 3, 2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        pane = app.query_one(CasesPane)
        await wait_until(pilot, lambda: len(pane.shown) == 2)
        await pilot.press("down", "enter")  # 2026-001, the long one
        await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        first_view = app.screen
        await pilot.press("end")
        await pilot.pause()
        assert app.screen.query_one("#case-body").scroll_offset.y > 0
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("up", "enter")  # 2026-002
        await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        await pilot.pause()
        assert app.screen is first_view  # the same screen, reused
        assert app.screen.case.ref == "2026-002"
        assert app.screen.query_one("#case-body").scroll_offset.y == 0
        title = app.screen.query_one(".case-title").render()
        assert "2026-002" in str(title) and "2026-001" not in str(title)
