"""Hostile text, typed or imported: shown literally, stored and exported unchanged, never a crash."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from harcelement_tui.core.export import dumps
from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.text import visible
from harcelement_tui.ui.screens.case_view import CaseViewScreen, render_case
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.modals import EvidenceModal, NoteModal
from support.app import SIZE, settle, wait_until

HOSTILE = [
    "[bold]x",
    "[/]",
    "[link=https://example.org]clic[/link]",
    "[@click=app.quit]x[/]",
    "[",
    "\\[",
    "texte [/ non fermé",
    "😀🔥 émoji",
    "שלום עולם — texte de droite à gauche",
    "e\u0301cole, combinant",
    "x" * 10_000,
    "é" * 500,
    "efface \x1b[2J l'écran",
    "presse-papiers \x1b]52;c;aGFjaw==\x07",
    "cloche \x07 retour \x08 chariot \r fin",
    "C1 \x9b31m rouge",
]


def fresh_store(town, directory: Path) -> CaseStore:
    return CaseStore(directory / "cases.json", user="direction", content=town)


def rendered_text(case, town) -> str:
    return "\n".join(content.plain for _, content in render_case(case, town))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=300)))
def test_note_render_export_import_keeps_the_text(town, text):
    if not text.strip():
        return  # an empty note is refused (tested elsewhere)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a").mkdir(mode=0o700)
        (root / "b").mkdir(mode=0o700)
        with fresh_store(town, root / "a") as store:
            pupil = text[:1000]  # the limit of one field (a note or summary takes 20,000)
            case = store.create_case(pupil=pupil, facts=["autre"], summary=text)
            case = store.add_note(case.ref, text)
            assert case.timeline[-1].text == text.strip()
            assert case.pupil == pupil.strip()
            shown = rendered_text(case, town)
            assert visible(text.strip()) in shown  # shown literally, controls as pictures
            assert "\x1b" not in shown and "\x9b" not in shown
            exported = json.loads(dumps(store.export_case(case.ref)))
        with fresh_store(town, root / "b") as other:
            imported = other.import_case(exported)
            assert imported.timeline[-2].text == text.strip()
            assert imported.pupil == pupil.strip()
            assert imported.summary == text.strip()


async def paste(pilot, text: str) -> None:
    """Paste ``text`` as the terminal would (bracketed paste): the app routes it to the focused field."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def as_pasted_in_one_line(text: str) -> str:
    """A paste into a one-line field keeps every word: line breaks become spaces."""
    return re.sub(r"\r\n|\r|\n", " ", text).strip()


@pytest.mark.parametrize("text", [t for t in HOSTILE if len(t) < 1000] + ["y" * 1000, "ligne 1\nligne 2\r\nligne 3"])
async def test_hostile_text_typed_into_every_input(make_app, town, tmp_path, text):
    one_line = as_pasted_in_one_line(text)
    with fresh_store(town, tmp_path) as store:
        app = make_app(store=store, today=date(2026, 3, 10))
        async with app.run_test(size=SIZE) as pilot:
            # Cas filter, then a new case with the text in every text field.
            await pilot.press("4")
            await pilot.pause()
            await pilot.press("n")
            await settle(pilot, app, CaseFormScreen)
            for field in ("pupil", "class_group", "platforms", "reported_by", "summary"):
                app.screen.query_one(f"#f-{field}").focus()
                await paste(pilot, text)
            app.screen.query_one("#fact-autre").value = True
            await pilot.press("ctrl+o")
            await settle(pilot, app, CaseViewScreen)
            case = app.current
            assert case.pupil == one_line
            assert case.class_group == one_line
            assert case.reported_by == one_line
            # The multi-line summary keeps its lines (the text area writes every line break as \n).
            assert case.summary == re.sub(r"\r\n|\r", "\n", text).strip()
            # A note and a piece of evidence.
            await pilot.press("a")
            await settle(pilot, app, NoteModal)
            await paste(pilot, text)
            await pilot.press("enter")
            await settle(pilot, app, CaseViewScreen)
            await pilot.press("p")
            await settle(pilot, app, EvidenceModal)
            for field in ("description", "where_kept", "platform", "url"):
                app.screen.query_one(f"#f-{field}").focus()
                await paste(pilot, text)
            await pilot.press("ctrl+o")
            await settle(pilot, app, CaseViewScreen)
            stored = store.get(case.ref)
            assert [e.text for e in stored.timeline if e.kind == "note"] == [one_line]
            assert stored.evidence[0].description == one_line
            assert stored.evidence[0].url == one_line
            # Filters of both tables.
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, CaseViewScreen))
            await pilot.press("slash")
            await paste(pilot, text)
            await pilot.press("3", "slash")
            await paste(pilot, text)
            assert app.is_running
