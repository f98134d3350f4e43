"""Retention: which closed cases are past the period, and the anonymised stub that replaces them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support.clock import TZ, FrozenClock
from support.store import data_path, open_store, raw_case, write_raw_store

from harcelement_tui.core.config import DEFAULT_RETENTION_DAYS, load_config
from harcelement_tui.core.errors import ConfigError
from harcelement_tui.core.retention import PurgedCaseError, closed_at
from harcelement_tui.core.history_text import render as render_history

OPENED = datetime(2025, 1, 10, 9, 0, tzinfo=TZ)
CLOSED = datetime(2025, 2, 1, 10, 0, tzinfo=TZ)
DAYS = 365
PUPIL = "Léa Secrète-Dupont"
SECRETS = (PUPIL, "3B-Secrète", "Tante Gertrude", "Insultes sur le groupe de classe secret",
           "Appel confidentiel à la maman", "Capture cachée", "Coffre de la direction",
           "Note d'étape intime", "Snapchat-Secret", "mme.educatrice")


CLOCK_START = OPENED


@pytest.fixture
def path(tmp_path, clock, town):
    """A file with a closed case full of personal data (2025-001), worked on by mme.educatrice."""
    path = data_path(tmp_path)
    with open_store(path, clock=clock, content=town, user="mme.educatrice") as store:
        case = store.create_case(pupil=PUPIL, class_group="3B-Secrète", reported_by="Tante Gertrude",
                                 summary="Insultes sur le groupe de classe secret", is_minor=True,
                                 facts=["insultes", "menaces"], platforms=["Snapchat-Secret"],
                                 follow_up="2025-01-20")
        store.add_note(case.ref, "Appel confidentiel à la maman", kind="appel", contact_id="mediation_scolaire")
        store.add_evidence(case.ref, description="Capture cachée", where_kept="Coffre de la direction")
        store.set_step(case.ref, "prudence.jugement", True, note="Note d'étape intime")
        clock.set(CLOSED)
        store.set_status(case.ref, "clos")
    return path


def at(clock: FrozenClock, moment: datetime) -> FrozenClock:
    clock.set(moment)
    return clock


def test_a_closed_case_is_due_only_once_the_period_is_over(path, clock, town):
    with open_store(path, clock=at(clock, CLOSED + timedelta(days=DAYS)), content=town) as store:
        assert store.purge_candidates(DAYS) == []  # exactly one period after closing: kept
        result = store.purge(["2025-001"], DAYS)
        assert result.purged == () and result.skipped == (("2025-001", "le délai de conservation n'est pas dépassé"),)
        assert store.get("2025-001").pupil == PUPIL
        clock.advance(seconds=1)
        [due] = store.purge_candidates(DAYS)
        assert (due.ref, due.closed_at, due.days_past) == ("2025-001", CLOSED, 0)
        clock.advance(days=10)
        assert store.purge_candidates(DAYS)[0].days_past == 10
        assert store.purge_candidates(DAYS + 11) == []  # a longer period from the configuration


def test_purge_replaces_the_case_by_a_stub_without_personal_data(path, clock, town, tmp_path):
    moment = CLOSED + timedelta(days=DAYS + 30)
    before = set(tmp_path.rglob("*"))
    with open_store(path, clock=at(clock, moment), content=town, user="direction") as store:
        result = store.purge(["2025-001"], DAYS)
    [stub] = result.purged
    assert result.skipped == ()
    stored = path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in stored, secret
    # What statistics need is kept.
    with open_store(path, clock=clock, content=town) as store:
        again = store.get("2025-001")
        assert store.list() == [again]
    assert again == stub and again.purged
    assert again.purged_at == "2026-03-03T10:00:00+01:00"
    assert (again.ref, again.opened_at, again.status, again.facts, again.is_minor) == (
        "2025-001", "2025-01-10T09:00:00+01:00", "clos", ("insultes", "menaces"), True)
    assert closed_at(again) == CLOSED
    assert list(again.steps) == ["prudence.jugement"] and again.steps["prudence.jugement"].note == ""
    assert (again.pupil, again.summary, again.evidence, again.platforms, again.follow_up) == ("", "", (), (), None)
    # Logged: who purged, when, under which period; the status changes stay, without their authors.
    last = again.timeline[-1]
    assert (last.kind, last.by, last.at) == ("purge", "direction", "2026-03-03T10:00:00+01:00")
    assert render_history(last) == "Dossier purgé (délai de conservation de 365 jours dépassé) par direction."
    assert [e.kind for e in again.timeline] == ["statut", "statut", "purge"]
    # Nothing exported, no other file written beside the data file (its lock and daily backup).
    created = {p.name for p in set(tmp_path.rglob("*")) - before}
    assert all(name.startswith("cases.json.") and name.endswith(".bak") for name in created), created


def test_a_reopened_case_is_not_purged_and_a_second_closing_counts(path, clock, town):
    with open_store(path, clock=at(clock, CLOSED + timedelta(days=10)), content=town) as store:
        store.set_status("2025-001", "suivi")
        clock.advance(days=DAYS + 100)
        assert store.purge_candidates(DAYS) == []
        assert store.purge(["2025-001"], DAYS).skipped == (("2025-001", "rouvert entre-temps, il n'est plus clos"),)
        store.set_status("2025-001", "clos")
        second = clock.now
        clock.advance(days=DAYS)
        assert store.purge_candidates(DAYS) == []
        clock.advance(days=1)
        assert store.purge_candidates(DAYS)[0].closed_at == second


def test_a_case_reopened_by_another_session_meanwhile_is_left_alone(path, clock, town):
    """The list was read before; the purge checks each case again under the file's lock."""
    late = CLOSED + timedelta(days=DAYS + 5)
    with open_store(path, clock=FrozenClock(late), content=town) as mine, \
            open_store(path, clock=FrozenClock(late), content=town, user="adjoint") as other:
        due = [d.ref for d in mine.purge_candidates(DAYS)]
        assert due == ["2025-001"]
        other.set_status("2025-001", "suivi")
        result = mine.purge(due, DAYS)
        assert result.purged == ()
        assert result.skipped == (("2025-001", "rouvert entre-temps, il n'est plus clos"),)
        assert mine.get("2025-001").pupil == PUPIL


def test_a_stub_cannot_be_changed_nor_exported(path, clock, town):
    with open_store(path, clock=at(clock, CLOSED + timedelta(days=DAYS + 1)), content=town) as store:
        store.purge(["2025-001"], DAYS)
        version = store.get("2025-001").version
        calls = [
            lambda: store.add_note("2025-001", "encore"),
            lambda: store.set_status("2025-001", "ouvert"),
            lambda: store.update_fields("2025-001", pupil="Autre"),
            lambda: store.set_step("2025-001", "prudence.soutien", True),
            lambda: store.add_evidence("2025-001", description="x", where_kept="y"),
        ]
        for call in calls:
            with pytest.raises(PurgedCaseError) as error:
                call()
            assert "Le cas 2025-001 a été purgé le 02/02/2026" in str(error.value)
            assert "ne peut plus être modifié" in str(error.value)
        with pytest.raises(PurgedCaseError, match="ne peut plus être exporté"):
            store.export_case("2025-001")
        assert store.get("2025-001").version == version
        assert store.purge(["2025-001"], DAYS).skipped == (("2025-001", "déjà purgé"),)


def test_other_cases_keep_working_and_numbering_goes_on(path, clock, town):
    with open_store(path, clock=at(clock, datetime(2025, 6, 1, 8, 0, tzinfo=TZ)), content=town) as store:
        open_case = store.create_case(pupil="Noé")
        clock.set(CLOSED + timedelta(days=DAYS + 1))
        assert [d.ref for d in store.purge_candidates(DAYS)] == ["2025-001"]
        store.purge(["2025-001"], DAYS)
        assert store.get(open_case.ref).pupil == "Noé"
        clock.set(datetime(2025, 12, 1, tzinfo=TZ))
        assert store.create_case(pupil="Zoé").ref == "2025-003"


def test_a_closed_case_without_a_closing_entry_counts_from_its_last_change(tmp_path, town):
    """An imported or older case: the last change (updated_at) stands for the closing date."""
    path = write_raw_store(data_path(tmp_path), [
        raw_case("2024-007", status="clos", updated_at="2024-05-02T10:00:00+02:00"),
        raw_case("2024-008", status="ouvert", updated_at="2024-05-02T10:00:00+02:00"),
    ])
    clock = FrozenClock(datetime(2025, 5, 2, 10, 0, 1, tzinfo=TZ))
    with open_store(path, clock=clock, content=town) as store:
        [due] = store.purge_candidates(DAYS)
        assert due.ref == "2024-007"
        [stub] = store.purge(["2024-007"], DAYS).purged
        assert closed_at(stub) == datetime(2024, 5, 2, 10, 0, tzinfo=due.closed_at.tzinfo)
        assert stub.pupil == "" and store.get("2024-008").pupil == "X. Y."


def test_unknown_refs_are_refused_before_anything_is_written(path, clock, town):
    with open_store(path, clock=at(clock, CLOSED + timedelta(days=DAYS + 1)), content=town) as store:
        with pytest.raises(Exception, match="Cas introuvable : « 2025-404 »"):
            store.purge(["2025-001", "2025-404"], DAYS)
        assert not store.get("2025-001").purged


# -- configuration ------------------------------------------------------------------------------


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_retention_defaults_to_one_year_and_can_be_set(tmp_path):
    none = tmp_path / "absent.yaml"
    assert load_config(system_file=none, user_file=none).retention_days == DEFAULT_RETENTION_DAYS == 365
    user = write(tmp_path / "config.yaml", "retention_days: 1095\n")
    assert load_config(system_file=none, user_file=user).retention_days == 1095


@pytest.mark.parametrize("value", ["0", "-5", "'365'", "true", "1.5", "un an", "36501", "99999999999"])
def test_a_bad_retention_is_refused_naming_the_file_and_key(tmp_path, value):
    user = write(tmp_path / "config.yaml", f"retention_days: {value}\n")
    with pytest.raises(ConfigError) as error:
        load_config(system_file=tmp_path / "absent.yaml", user_file=user)
    assert str(error.value) == (f"Configuration invalide : {user} : la clé « retention_days » doit être "
                                "un nombre entier de jours, entre 1 et 36500.")

