"""The report and the pseudonymised choice in the console: r (and x) in the case view, by keys only."""

from __future__ import annotations

import json
from datetime import date

import pytest

from harcelement_tui.core.config import Config
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.share_choice import ShareChoiceModal
from harcelement_tui.core.history_text import render as render_history

from support.app import SIZE, settle

TODAY = date(2026, 3, 10)


async def open_case_view(pilot, app):
    await settle(pilot, app)
    await pilot.press("4", "enter")
    await settle(pilot, app, CaseViewScreen)


def notes(app) -> list[str]:
    return [n.message.replace("\n", "") for n in app._notifications]  # paths break after "/" on screen


async def test_r_writes_the_report_beside_the_data_file(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY, config=Config(school_name="Institut Saint-Joseph",
                                                           report_format="md"))
    exports = lea_store.path.parent / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        assert "r Rapport" in str(app.screen.query_one("KeyBar").render())
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("enter")  # complete: one extra key on the common path
        await settle(pilot, app, CaseViewScreen)
        path = exports / "rapport-2026-001.md"
        assert path.stat().st_mode & 0o777 == 0o600
        assert exports.stat().st_mode & 0o777 == 0o700
        assert f"Rapport du cas 2026-001 écrit : {path}" in notes(app)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Rapport du cas 2026-001")
        assert "- Établissement : Institut Saint-Joseph" in text
        assert "Léa Dupont" in text and "Entretien avec LÉA" in text
        # Noted in the case and shown in its timeline.
        assert render_history(app.current.timeline[-1]) == f"Rapport écrit vers {path}"

        # p in the choice: the pseudonymised report, in its own file.
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("p")
        await settle(pilot, app, CaseViewScreen)
        pseudo = exports / "rapport-2026-001-pseudonymise.md"
        assert pseudo.stat().st_mode & 0o777 == 0o600
        hidden = pseudo.read_text(encoding="utf-8")
        assert "Version pseudonymisée" in hidden
        assert "Entretien avec L." in hidden
        assert "Léa" not in hidden and "LÉA" not in hidden and "Dupont" not in hidden and "3B" not in hidden
        assert f"Rapport (pseudonymisé) du cas 2026-001 écrit : {pseudo}" in notes(app)


async def test_r_asks_before_replacing_a_report(make_app, lea_store):
    exports = lea_store.path.parent / "exports"
    exports.mkdir(mode=0o700)
    path = exports / "rapport-2026-001.md"
    path.write_text("ancien rapport", encoding="utf-8")
    app = make_app(store=lea_store, today=TODAY, config=Config(report_format="md"))
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press("r", "enter")
        await settle(pilot, app, ConfirmModal)
        await pilot.press("n")  # keep it
        await settle(pilot, app, CaseViewScreen)
        assert path.read_text(encoding="utf-8") == "ancien rapport"
        assert lea_store.get("2026-001").timeline[-1].kind != "export"

        await pilot.press("r", "enter")
        await settle(pilot, app, ConfirmModal)
        await pilot.press("o")  # replace
        await settle(pilot, app, CaseViewScreen)
        assert path.read_text(encoding="utf-8").startswith("# Rapport du cas 2026-001")


async def test_escape_in_the_choice_writes_nothing(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        version = app.current.version
        for key in ("r", "x"):
            await pilot.press(key)
            await settle(pilot, app, ShareChoiceModal)
            await pilot.press("escape")
            await settle(pilot, app, CaseViewScreen)
        assert not (lea_store.path.parent / "exports").exists()
        assert lea_store.get("2026-001").version == version


async def test_x_then_p_exports_pseudonymised(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press("x")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("down", "enter")  # the arrows choose too
        await settle(pilot, app, CaseViewScreen)
    path = lea_store.path.parent / "exports" / "cas-2026-001-pseudonymise.json"
    assert path.stat().st_mode & 0o777 == 0o600
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["pseudonymised"] is True
    assert document["case"]["pupil"] == "L. D."
    assert "Dupont" not in path.read_text(encoding="utf-8")
    assert not (path.parent / "cas-2026-001.json").exists()


def test_share_choice_modal(snap_compare, make_app, lea_store):
    async def before(pilot):
        await open_case_view(pilot, pilot.app)

    assert snap_compare(make_app(store=lea_store, today=TODAY), press=["r"], terminal_size=SIZE,
                        run_before=before)


@pytest.mark.parametrize("key", ["r", "x"])
async def test_an_exports_folder_the_account_may_not_enter_is_a_message_not_a_crash(make_app, lea_store, monkeypatch, key):
    """Another account's private exports/ (PermissionError on every look inside): the console
    says so and stays up. Faked: root, who runs the suite, may enter any folder."""
    from pathlib import Path

    exports = lea_store.path.parent / "exports"
    exports.mkdir(mode=0o700)
    real_exists = Path.exists

    def refused(self, *args, **kwargs):
        if self.parent == exports:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", refused)
    real_open = __import__("os").open

    def open_refused(path, *args, **kwargs):
        if Path(path).parent == exports:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("harcelement_tui.core.export.os.open", open_refused)
    app = make_app(store=lea_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press(key)
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("enter")
        await settle(pilot, app, CaseViewScreen)
        for _ in range(600):  # the write runs in a worker (a PDF takes seconds on a busy machine)
            if any("permission refusée" in n for n in notes(app)):
                break
            await pilot.pause(0.05)
        assert app.is_running and isinstance(app.screen, CaseViewScreen)
        assert any("permission refusée" in n and str(exports) in n for n in notes(app)), notes(app)
        await settle(pilot, app)  # the write's own worker ends before the console closes


async def test_r_writes_the_configured_format_and_f_the_other(make_app, lea_store):
    from support.pdf import flat, pdf_pages

    app = make_app(store=lea_store, today=TODAY)  # report_format: pdf by default
    exports = lea_store.path.parent / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        assert "f Format" in str(app.screen.query_one("KeyBar").render())
        assert "Format : PDF" in str(app.screen.query_one("#share-format").render())
        await pilot.press("enter")
        await settle(pilot, app, CaseViewScreen)
        path = exports / "rapport-2026-001.pdf"
        assert path.stat().st_mode & 0o777 == 0o600
        text = flat("\n".join(pdf_pages(path.read_bytes())))
        assert "Rapport du cas 2026-001" in text and "Entretien avec LÉA" in text
        assert f"Rapport du cas 2026-001 écrit : {path}" in notes(app)

        # f: Markdown instead, one key away; then p for the pseudonymised one.
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("f")
        assert "Format : Markdown" in str(app.screen.query_one("#share-format").render())
        await pilot.press("p")
        await settle(pilot, app, CaseViewScreen)
        markdown = exports / "rapport-2026-001-pseudonymise.md"
        assert markdown.read_text(encoding="utf-8").startswith("# Rapport du cas 2026-001")
        assert not (exports / "rapport-2026-001-pseudonymise.pdf").exists()

        # An export has no format to choose: no f key there.
        await pilot.press("x")
        await settle(pilot, app, ShareChoiceModal)
        assert "f Format" not in str(app.screen.query_one("KeyBar").render())
        await pilot.press("escape")
