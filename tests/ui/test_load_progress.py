"""The first load of a large data file (read after the first screen): the Cas tab says how far it
got, the keys keep working, then the list replaces the loading line."""

from __future__ import annotations

import re
import threading

from textual.widgets import TabbedContent

from harcelement_tui.core.storage import lines
from harcelement_tui.core.store import READ_PROGRESS, CaseStore
from harcelement_tui.ui.app import HarcelementApp
from harcelement_tui.ui.panes.cases import CasesPane

from support.app import SIZE, wait_until

CASES = 90


def fill(store: CaseStore) -> None:
    """CASES cases, then the session closed: its saves folded into the data file, as at rest."""
    for i in range(CASES):
        store.create_case(pupil=f"Élève {i}", class_group="3A", facts=["insultes"],
                          summary="Messages répétés dans un groupe de classe. " * 8)
    store.close()


async def test_the_loading_line_shows_progress_then_the_list(town, clock, store, monkeypatch):
    fill(store)
    monkeypatch.setattr(lines, "PROGRESS_EVERY", 20)  # a few reports for a file of 90 cases
    seen = threading.Event()

    def open_store() -> CaseStore:
        # The reading waits after its first report until the test has seen the line: a condition,
        # not a delay (the same reading, held at a known point).
        tell = READ_PROGRESS.get()
        assert tell is not None

        def report(read: int, done: int, total: int) -> None:
            tell(read, done, total)
            seen.wait(30)

        READ_PROGRESS.set(report)
        return CaseStore(store.path, user="direction", clock=clock, content=town)

    app = HarcelementApp(town, open_store=open_store)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.press("4")
            pane = app.query_one(CasesPane)
            line = pane.query_one("#cases-empty")
            await wait_until(pilot, lambda: "lus" in str(line.render()))
            text = str(line.render())
            match = re.fullmatch(r"Chargement des cas… 20 lus \((\d+) % du fichier\)", text)
            assert match is not None, text
            assert 0 < int(match.group(1)) < 100
            assert line.display and not pane.shown
            # The keys still work meanwhile: another tab, and back.
            await pilot.press("1")
            await wait_until(pilot, lambda: app.query_one(TabbedContent).active == "procedure")
            await pilot.press("4")
            await wait_until(pilot, lambda: app.query_one(TabbedContent).active == "cas")
        finally:
            seen.set()
        await wait_until(pilot, lambda: len(pane.shown) == CASES)
        await pilot.pause()
        assert not line.display
        assert app.store is not None
        app.store.close()
