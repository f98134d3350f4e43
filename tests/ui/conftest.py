"""Fixtures of the console tests (tests/ui)."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.clock import TZ, FrozenClock


@pytest.fixture
def lea_store(tmp_path, town):
    """Léa Dupont's case (threats, one note naming her), the file reopened: the report and sheet tests."""
    from harcelement_tui.core.store import CaseStore

    clock = FrozenClock(datetime(2026, 3, 10, 9, 30, tzinfo=TZ))
    path = tmp_path / "donnees" / "cases.json"
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        case = setup.create_case(pupil="Léa Dupont", class_group="3B", facts=["menaces"],
                                 summary="Menaces reçues par Léa")
        setup.add_note(case.ref, "Entretien avec LÉA")
    # Reopened, so the console does not announce a newly created file (no toast in the snapshot).
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened
