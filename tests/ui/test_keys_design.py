"""Every action has a key that PuTTY, xterm and the Linux console all send, and states show
without colour (NO_COLOR, 16 colours)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import string

from textual.binding import Binding
from textual.dom import DOMNode

import harcelement_tui.ui as ui
from support.app import workers_done

# Keys every terminal sends the same way (no alt, no F-key-only, no ctrl+s / ctrl+q).
PORTABLE = {"space", "enter", "escape", "tab", "up", "down", "left", "right", "pageup", "pagedown",
            "home", "end", "slash", "question_mark"}
PORTABLE |= set(string.ascii_lowercase) | set(string.digits)
PORTABLE |= {f"ctrl+{c}" for c in string.ascii_lowercase if c not in "sqcm"}  # ^C ^M ^S ^Q: no


def console_bindings() -> list[tuple[str, Binding]]:
    found = []
    for module_info in pkgutil.walk_packages(ui.__path__, "harcelement_tui.ui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found.append((cls.__name__, binding))
    return found


def test_the_console_has_bindings_to_check():
    names = {name for name, _ in console_bindings()}
    assert {"HarcelementApp", "CasesPane", "ContactsPane", "CaseViewScreen", "ParentsPane", "TodayTable"} <= names


def test_every_action_has_a_portable_key():
    for owner, binding in console_bindings():
        keys = [key.strip() for key in binding.key.split(",")]
        assert not any(key.startswith(("alt+", "meta+")) for key in keys), (owner, binding.key)
        assert not {"ctrl+s", "ctrl+q"} & set(keys), (owner, binding.key)
        assert any(key in PORTABLE for key in keys), f"{owner}: {binding.key} ({binding.description})"


def test_every_binding_is_described_in_french_with_an_id():
    for owner, binding in console_bindings():
        assert binding.description, (owner, binding.key)
        assert binding.id, (owner, binding.key)


async def test_states_are_told_by_signs_not_colour(make_app, town, tmp_path, monkeypatch):
    """With NO_COLOR: ticked steps, urgent cases and the current case read the same as in colour."""
    from datetime import date

    from harcelement_tui.core.store import CaseStore
    from harcelement_tui.ui.panes.procedure import ProcedureList

    monkeypatch.setenv("NO_COLOR", "1")
    with CaseStore(tmp_path / "cases.json", user="direction", content=town) as store:
        case = store.create_case(pupil="Léa", facts=["menaces"], follow_up="2026-03-01")
        store.set_step(case.ref, "prudence.jugement", True)
        app = make_app(store=store, today=date(2026, 3, 10))
        async with app.run_test(size=(80, 24)) as pilot:
            await workers_done(app)
            await pilot.pause()
            app.set_current(store.get(case.ref))
            listing = app.query_one(ProcedureList)
            first = listing.get_option("step:prudence.jugement").prompt.plain
            second = listing.get_option("step:prudence.soutien").prompt.plain
            assert first.startswith("[x] ") and second.startswith("[ ] ")
            assert "fait le" in first
            table = app.query_one("#cases-table")
            assert table.get_cell(case.ref, "ref").plain.startswith("⚠")
            assert table.get_cell(case.ref, "follow_up").plain.startswith("!")
            assert app.sub_title.startswith("⚠ URGENT · Cas ")
