"""The whole case flow by keys only, at 80×24, then the export read back."""

from __future__ import annotations

import json
from datetime import date, datetime

from textual.widgets import TabbedContent

from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.modals import EvidenceModal, FollowUpModal, NoteModal
from harcelement_tui.ui.screens.share_choice import ShareChoiceModal

from support.app import SIZE, settle
from support.clock import TZ

TODAY = date(2026, 3, 10)


CLOCK_START = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)


def typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def test_whole_flow_by_keys_then_export(make_app, store):
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        # 4, n: new case form; pupil, class, minor (kept), facts insultes + menaces, save with ctrl+o.
        await pilot.press("4", "n")
        await settle(pilot, app, CaseFormScreen)
        await pilot.press(*typed("Léa M."), "tab", *"3B", "tab", "tab", "tab", "tab", "space", "tab", "tab",
                          "space", "ctrl+o")
        await settle(pilot, app, CaseViewScreen)
        ref = app.current.ref
        assert ref == "2026-001"
        assert app.current.facts == ("insultes", "menaces")
        assert app.current.follow_up == "2026-03-17"  # default: in 7 days
        assert "URGENT" in app.sub_title

        # 1: tick three steps.
        await pilot.press("1")
        assert app.main_screen.query_one(TabbedContent).active == "procedure"
        await pilot.press("space", "down", "space", "down", "space")
        await settle(pilot, app)
        assert set(app.current.steps) == {"prudence.jugement", "prudence.soutien", "prudence.discretion"}

        # 2: tick two points, log the call with a note.
        await pilot.press("2", "space", "down", "space", "a")
        await settle(pilot, app, NoteModal)
        await pilot.press(*typed("Mère rassurée"), "enter")
        await settle(pilot, app, type(app.main_screen))
        call = next(entry for entry in reversed(app.current.timeline) if entry.kind == "appel")
        assert "Les assurer que la Direction sera attentive" in call.text
        assert "Dire que le CPMS" in call.text
        assert call.text.endswith("Note : Mère rassurée")

        # 3: log a contact with the mediation service.
        await pilot.press("3", "slash", *"mediation", "enter", "l")
        await settle(pilot, app, NoteModal)
        await pilot.press(*typed("RDV jeudi"), "enter")
        await settle(pilot, app, type(app.main_screen))
        contact = next(entry for entry in reversed(app.current.timeline) if entry.kind == "contact")
        assert (contact.kind, contact.contact_id) == ("contact", "mediation_scolaire")
        assert contact.text == "Contact : Service de Médiation Scolaire. RDV jeudi"

        # a: a quick note from the Contacts tab.
        await pilot.press("escape", "a")
        await settle(pilot, app, NoteModal)
        await pilot.press(*typed("Capture reçue du frère"), "enter")
        await settle(pilot, app, type(app.main_screen))
        assert app.current.timeline[-1].text == "Capture reçue du frère"
        assert f"Note enregistrée dans le cas {ref}." in [n.message for n in app._notifications]

        # Case view, add evidence, export.
        await pilot.press("4", "enter")
        await settle(pilot, app, CaseViewScreen)
        await pilot.press("p")
        await settle(pilot, app, EvidenceModal)
        await pilot.press(*typed("Story Snapchat avec menaces"), "tab", *typed("Téléphone de Léa"), "tab",
                          *"Snapchat", "ctrl+o")
        await settle(pilot, app, CaseViewScreen)
        assert app.current.evidence[-1].description == "Story Snapchat avec menaces"
        assert f"Preuve enregistrée dans le cas {ref}." in [n.message for n in app._notifications]
        await pilot.press("x")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("enter")  # complete export: the highlighted choice
        await settle(pilot, app)
        path = store.path.parent / "exports" / f"cas-{ref}.json"
        assert path.exists()
        assert path.stat().st_mode & 0o777 == 0o600
        assert any(f"Cas {ref} exporté : {path}" == n.message.replace("\n", "") for n in app._notifications)

        # x again: the file exists, so the console asks before replacing it.
        await pilot.press("x", "enter")
        await settle(pilot, app, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot, app, CaseViewScreen)

    data = json.loads(path.read_text(encoding="utf-8"))
    case = data["case"]
    kinds = [entry["kind"] for entry in case["timeline"]]
    # Three steps ticked by hand; the call ticked two (its points), the mediation contact one (relais).
    assert kinds.count("etape") == 6
    for kind in ("statut", "etape", "appel", "contact", "note", "preuve", "export"):
        assert kind in kinds
    for entry in case["timeline"]:
        assert entry["by"] == "direction"
        assert entry["at"].startswith("2026-03-10T09:30")
    assert case["steps"]["prudence.jugement"]["done_by"] == "direction"
    assert case["evidence"][0]["where_kept"] == "Téléphone de Léa"
    assert case["evidence"][0]["platform"] == "Snapchat"
    assert {c["id"] for c in data["contacts"]} >= {"mediation_scolaire"}


async def test_quick_note_without_current_case_says_so(make_app, store):
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert not isinstance(app.screen, NoteModal)
        assert any("Aucun cas en cours" in n.message for n in app._notifications)


async def test_a_failed_note_keeps_the_text_on_screen(make_app, store, monkeypatch):
    case = store.create_case(pupil="Zoé", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(case)

        def disk_full(*args, **kwargs):
            from harcelement_tui.core.storage import StoreWriteError
            raise StoreWriteError("Impossible d'enregistrer : disque plein ; rien n'a été écrit.", store.path)

        monkeypatch.setattr(store, "add_note", disk_full)
        await pilot.press("a")
        await settle(pilot, app, NoteModal)
        await pilot.press(*typed("Texte important"), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one("#f-text").value == "Texte important"
        assert "disque plein" in str(app.screen.query_one("#form-error").render())


async def test_status_from_the_list(make_app, store):
    case = store.create_case(pupil="Zoé", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot, app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        # Closing offers to plan the postvention, 90 days on (content's after_closing); Échap: none.
        await settle(pilot, app, FollowUpModal)
        assert app.screen.query_one("#f-follow_up").value == "08/06/2026"
        await pilot.press("escape")
        await settle(pilot, app, type(app.main_screen))
        assert store.get(case.ref).status == "clos"
        assert store.get(case.ref).postvention is None
        await settle(pilot, app)
        assert app.main_screen.query_one(CasesPane).cases[0].status == "clos"


async def edit_while_another_session_changes_the_class(pilot, app, case, town, *keys):
    """Open the edit form of ``case``; another session sets the class to 2A; the user types
    ``keys`` from the pupil field (replacing it when they start with text), then 3C as the class,
    and saves. Returns the form."""
    await pilot.press("4")
    await settle(pilot, app)
    await pilot.press("enter", "e")
    await settle(pilot, app, CaseFormScreen)
    form = app.screen
    with CaseStore(app.store.path, user="secretariat", content=town) as other:
        other.update_fields(case.ref, class_group="2A")
    first = ("ctrl+u",) if keys[0] != "tab" else ()
    await pilot.press(*first, *keys, "ctrl+u", *"3C", "ctrl+o")
    return form


async def test_two_edits_of_the_same_field_warn_the_second_user(make_app, store, tmp_path, town):
    case = store.create_case(pupil="Zoé", class_group="1C", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await edit_while_another_session_changes_the_class(pilot, app, case, town, "tab")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseFormScreen)  # nothing lost: the form stays open
        error = app.screen.error_text("class_group") or app.screen.error_text()
        assert "modifié entre-temps par secretariat" in error
        assert "Classe vaut maintenant «\u00a02A\u00a0»" in error
        assert store.get(case.ref).class_group == "2A"


async def test_after_a_conflict_the_other_changed_fields_are_applied_to_the_new_version(make_app, store, town):
    case = store.create_case(pupil="Zoé", class_group="1C", facts=["insultes"], summary="Début")
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_while_another_session_changes_the_class(pilot, app, case, town, *"Zoé K.", "tab")
        await settle(pilot, app, ConfirmModal)
        assert "Enregistrer vos autres modifications (Élève)" in str(app.screen.query_one("#confirm-question").content)
        await pilot.press("enter")  # apply the other changes
        await settle(pilot, app, CaseViewScreen)
        assert form not in app.screen_stack
        saved = store.get(case.ref)
        assert (saved.pupil, saved.class_group) == ("Zoé K.", "2A")  # theirs kept, the rest applied


async def test_after_a_conflict_back_to_the_form_a_new_save_applies_to_the_new_version(make_app, store, town):
    case = store.create_case(pupil="Zoé", class_group="1C", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await edit_while_another_session_changes_the_class(pilot, app, case, town, *"Zoé K.", "tab")
        await settle(pilot, app, ConfirmModal)
        await pilot.press("n")  # back to the form: everything typed is still there
        await settle(pilot, app, CaseFormScreen)
        assert app.screen.query_one("#f-class_group").value == "3C"
        await pilot.press("ctrl+o")  # having read the new class, the user keeps 3C
        await settle(pilot, app, CaseViewScreen)
        saved = store.get(case.ref)
        assert (saved.pupil, saved.class_group) == ("Zoé K.", "3C")


async def test_q_asks_before_quitting_with_unsaved_input(make_app, store):
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "n")
        await settle(pilot, app, CaseFormScreen)
        await pilot.press(*"Léa")
        await app.action_quit()  # q types into the form; ctrl+q (or the palette) reaches the app
        await settle(pilot, app, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot, app, CaseFormScreen)
        assert app.is_running
        assert app.screen.query_one("#f-pupil").value == "Léa"


async def test_keys_answer_while_a_write_is_in_progress(make_app, store, monkeypatch):
    import threading

    case = store.create_case(pupil="Zoé", facts=["insultes"])
    release = threading.Event()
    real_set_step = store.set_step

    def slow_set_step(*args, **kwargs):
        release.wait(10)
        return real_set_step(*args, **kwargs)

    monkeypatch.setattr(store, "set_step", slow_set_step)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(case)
        await pilot.press("1", "space")  # the write now hangs in a worker thread
        await pilot.press("2", "down", "3", "slash", *"cpms")
        assert app.main_screen.query_one(TabbedContent).active == "contacts"
        assert app.focused.value == "cpms"
        assert not release.is_set()
        release.set()
        await settle(pilot, app)
        assert "prudence.jugement" in store.get(case.ref).steps
        assert "prudence.jugement" in app.current.steps


async def test_q_asks_when_parent_points_are_ticked_but_the_call_is_not_logged(make_app, store):
    case = store.create_case(pupil="Zoé", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(case)
        await pilot.press("2", "space", "q")
        await settle(pilot, app, ConfirmModal)
        assert "l'appel aux parents sont cochés" in app.screen.question
        await pilot.press("escape")
        await settle(pilot, app, type(app.main_screen))
        assert app.is_running
        await pilot.press("a")
        await settle(pilot, app, NoteModal)
        await pilot.press("enter")
        await settle(pilot, app, type(app.main_screen))
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_opening_another_case_asks_when_parent_points_are_ticked(make_app, store):
    first = store.create_case(pupil="Zoé", facts=["insultes"])
    second = store.create_case(pupil="Noé", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(first)
        await pilot.press("2", "space", "down", "space")
        parents = app.query_one(ParentsPane)
        assert len(parents.ticked) == 2
        await pilot.press("4")
        await settle(pilot, app)
        assert app.query_one(CasesPane).selected.ref == second.ref
        await pilot.press("enter")
        await settle(pilot, app, ConfirmModal)
        assert f"du cas {first.ref} sont cochés" in app.screen.question
        await pilot.press("n")  # stay: the call in progress keeps its ticks
        await settle(pilot, app, type(app.main_screen))
        assert app.current.ref == first.ref and len(parents.ticked) == 2
        await pilot.press("enter")
        await settle(pilot, app, ConfirmModal)
        await pilot.press("o")
        await settle(pilot, app, CaseViewScreen)
        assert app.current.ref == second.ref and not parents.ticked


async def test_a_hung_session_holding_the_lock_gives_a_busy_message_and_keeps_the_note(make_app, tmp_path, town):
    from support.store import fork_context, hold_lock

    path = tmp_path / "cases.json"
    with CaseStore(path, user="direction", content=town, lock_timeout=0.5) as store:
        case = store.create_case(pupil="Zoé", facts=["insultes"])
        ctx = fork_context()
        ready, release = ctx.Event(), ctx.Event()
        holder = ctx.Process(target=hold_lock, args=(str(path) + ".lock", ready, release))
        holder.start()
        try:
            assert ready.wait(10)
            app = make_app(store=store, today=TODAY)
            async with app.run_test(size=SIZE) as pilot:
                app.set_current(case)
                await pilot.press("a")
                await settle(pilot, app, NoteModal)
                await pilot.press(*typed("Appel important"), "enter")
                await pilot.pause(0.7)  # after the first attempt: the window says it tries again
                assert "nouvel essai (2/3)" in str(app.screen.query_one("#form-status").render())
                await settle(pilot, app, NoteModal)
                for _ in range(60):  # three attempts of 0.5 s each
                    if app.screen.error_text():
                        break
                    await pilot.pause(0.1)
                error = app.screen.error_text()
                assert "occupé par une autre session" in error
                assert "rien n'a été enregistré" in error
                assert "Les cas restent consultables" in error
                assert app.screen.query_one("#f-text").value == "Appel important"
                # The other session lets go: the same key saves.
                release.set()
                holder.join(10)
                await pilot.press("enter")
                await settle(pilot, app, type(app.main_screen))
                assert store.get(case.ref).timeline[-1].text == "Appel important"
        finally:
            release.set()
            holder.join(10)


async def test_export_into_an_impossible_place_says_so(make_app, store):
    case = store.create_case(pupil="Zoé", facts=["insultes"])
    (store.path.parent / "exports").write_text("un fichier, pas un dossier", encoding="utf-8")
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("enter")
        await settle(pilot, app)
        errors = [n for n in app._notifications if n.title == "Export impossible"]
        assert len(errors) == 1
        assert errors[0].message.startswith("Impossible ")
        assert "exports" in errors[0].message
        assert app.is_running
        assert (store.path.parent / "exports").read_text(encoding="utf-8") == "un fichier, pas un dossier"


async def test_read_only_console_shows_cases_and_refuses_changes(make_app, store):
    case = store.create_case(pupil="Zoé", facts=["insultes"])
    before = store.path.read_bytes()
    app = make_app(store=store, today=TODAY, read_only="le système de fichiers de /srv est en lecture seule")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app, CaseViewScreen)  # reading works
        assert app.sub_title.startswith("LECTURE SEULE · ")
        for key in ("a", "p", "e", "s", "f", "x", "r"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, CaseViewScreen), key  # no form opens
        await pilot.press("1", "space")
        await pilot.pause()
        await pilot.press("4", "n")
        await pilot.pause()
        assert not isinstance(app.screen, CaseFormScreen)
        refusals = [n for n in app._notifications if n.title == "Lecture seule"]
        assert len(refusals) >= 8
        assert all("Rien ne peut être enregistré" in n.message or "rien ne peut" in n.message for n in refusals)
    assert store.path.read_bytes() == before
    assert store.get(case.ref).version == case.version


async def test_after_a_new_case_the_list_cursor_is_on_it(make_app, store):
    store.create_case(pupil="Zoé Martin", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app, CaseFormScreen)
        await pilot.press(*typed("Zoé Martin"), "tab", "tab", "tab", "tab", "space", "ctrl+o")
        await settle(pilot, app, CaseViewScreen)
        assert app.current.ref == "2026-002"
        await pilot.press("escape")
        await settle(pilot, app, type(app.main_screen))
        pane = app.main_screen.query_one(CasesPane)
        assert pane.selected is not None and pane.selected.ref == "2026-002"
        # Entrée opens the new case, not the older one with the same name.
        await pilot.press("4", "enter")
        await settle(pilot, app, CaseViewScreen)
        assert app.screen.case.ref == "2026-002"
