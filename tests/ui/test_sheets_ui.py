"""d on the Parents tab writes the parents' sheet, d on the Contacts tab the pupil's card; with a
current case the handover is noted in it (and the parents' sheet ticks its procedure step)."""

from __future__ import annotations

from support.pdf import flat, pdf_pages
from support.app import wait_until
from support.app import SIZE
from test_report_ui import TODAY, notes

from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.help import HelpScreen
from harcelement_tui.core.history_text import render as render_history


async def open_first_case(pilot, app) -> None:
    await wait_until(pilot, lambda: app.main_screen.query_one("#cas-pane").cases)
    await pilot.press("4", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
    await pilot.press("escape")
    await wait_until(pilot, lambda: not isinstance(app.screen, CaseViewScreen))


async def test_d_on_parents_writes_the_sheet_notes_it_and_ticks_the_step(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY)
    path = lea_store.path.parent / "exports" / "fiche-parents.pdf"
    async with app.run_test(size=SIZE) as pilot:
        await open_first_case(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        assert "d Fiche parents" in str(app.screen.query_one("KeyBar").render())
        await pilot.press("d")
        await wait_until(pilot, lambda: any("Fiche des parents écrite" in n for n in notes(app)))
        assert path.stat().st_mode & 0o777 == 0o600
        text = flat(pdf_pages(path.read_bytes())[0])
        assert "Ce qu'il vaut mieux éviter" in text and "Léa" not in text
        message = next(n for n in notes(app) if "Fiche des parents" in n)
        assert "noté dans le cas 2026-001" in message and "étape cochée" in message
        case = lea_store.get("2026-001")
        assert "parents.document" in case.steps
        kinds = [(entry.kind, render_history(entry)) for entry in case.timeline[-2:]]
        assert kinds[0] == ("export", f"Document d'information remis aux parents (fichier {path})")
        assert kinds[1][0] == "etape" and "Remettre le document d'information" in kinds[1][1]
        assert "— cochée par le document remis du " in kinds[1][1]
        assert case.steps["parents.document"].via == "document"
        await wait_until(pilot, lambda: app.current is not None and "parents.document" in app.current.steps)
        # The sheet handed over for this case is in the access log (who, which case, what).
        from harcelement_tui.core.access_log import AccessLog

        await wait_until(pilot, lambda: any(a.action == "fiche" for a in AccessLog(lea_store.path, user="x").entries()))
        entry = next(a for a in AccessLog(lea_store.path, user="x").entries() if a.action == "fiche")
        assert (entry.ref, entry.user) == ("2026-001", lea_store.user)

        # A second copy: noted again, the step stays ticked (not unticked).
        await pilot.press("d")
        await wait_until(pilot, lambda: len(lea_store.get("2026-001").timeline) == len(case.timeline) + 1)
        assert "parents.document" in lea_store.get("2026-001").steps


async def test_d_on_contacts_writes_the_pupil_card(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY)
    path = lea_store.path.parent / "exports" / "qui-peut-t-aider.pdf"
    async with app.run_test(size=SIZE) as pilot:
        # No current case: the card is written, nothing is noted.
        await pilot.press("3")
        await wait_until(pilot, lambda: app.panes_ready)
        await pilot.pause()
        assert "d Carte" in str(app.screen.query_one("KeyBar").render())
        version = lea_store.get("2026-001").version
        await pilot.press("d")
        await wait_until(pilot, lambda: path.exists() and any("Carte" in n for n in notes(app)))
        assert "Qui peut t'aider ?" in flat(pdf_pages(path.read_bytes())[0])
        assert lea_store.get("2026-001").version == version

        await open_first_case(pilot, app)
        await pilot.press("3", "d")
        await wait_until(pilot, lambda: lea_store.get("2026-001").timeline[-1].kind == "export")
        last = lea_store.get("2026-001").timeline[-1]
        assert last.text == f"Carte « Qui peut t'aider ? » remise à l'élève (fichier {path})"


async def test_help_lists_the_document_keys(make_app, lea_store):
    app = make_app(store=lea_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for tab, label in (("2", "Fiche parents"), ("3", "Carte")):
            await pilot.press(tab)
            await wait_until(pilot, lambda: app.panes_ready)
            await pilot.pause()
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            assert any(row.keys == "d" and row.description == label for row in app.screen.keys)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
