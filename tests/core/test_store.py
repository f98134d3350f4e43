"""The CaseStore API: references, who and when, timeline, validation, conflicts, shared sessions."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from support.clock import TZ
from support.store import CONTACT, OTHER_STEP, STEP, USER, data_path, open_store, raw_case, read_json, write_raw_store

from harcelement_tui.core.model import CaseNotFoundError, ValidationError, is_aware_timestamp
from harcelement_tui.core.store import CaseStore, ConflictError
from harcelement_tui.core.history_text import render as render_history


def test_create_case_records_everything(store, clock):
    case = store.create_case(pupil=" L. M. ", class_group="3B", facts=["menaces", "insultes"],
                             platforms=["Snapchat"], reported_by="sa mère", summary="Messages")
    assert case.ref == "2026-001"
    assert len(case.uuid) == 36
    assert case.opened_at == case.updated_at == "2026-03-05T14:00:00+01:00"
    assert case.opened_by == case.updated_by == USER
    assert case.version == 1
    assert case.status == "ouvert" and case.follow_up is None and case.is_minor is True
    assert case.pupil == "L. M." and case.facts == ("insultes", "menaces")
    assert [(e.kind, e.by, e.version) for e in case.timeline] == [("statut", USER, 1)]
    assert store.get(case.ref) == case
    assert store.list() == [case]


def test_default_user_is_the_login(tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "educ.martin")
    with CaseStore(data_path(tmp_path)) as store:
        assert store.user == "educ.martin"
        assert store.create_case(pupil="A").opened_by == "educ.martin"
        assert "prudence.jugement" in store.step_ids  # packaged procedure by default
        assert is_aware_timestamp(store.list()[0].opened_at)  # real clock: local time with offset


def test_references_follow_the_year_of_opening(store, clock):
    assert [store.create_case(pupil=str(i)).ref for i in range(3)] == ["2026-001", "2026-002", "2026-003"]
    clock.set(datetime(2027, 1, 2, 9, 0, tzinfo=TZ))
    assert store.create_case(pupil="x").ref == "2027-001"
    clock.set(datetime(2026, 12, 31, 23, 0, tzinfo=TZ))
    assert store.create_case(pupil="y").ref == "2026-004"
    assert [c.ref for c in store.list()] == ["2026-001", "2026-002", "2026-003", "2026-004", "2027-001"]


def test_references_grow_past_999(tmp_path, clock):
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-998"), raw_case("2026-999")])
    with open_store(path, clock=clock) as store:
        assert store.create_case(pupil="a").ref == "2026-1000"
        assert store.create_case(pupil="b").ref == "2026-1001"
        assert [c.ref for c in store.list()][-2:] == ["2026-1000", "2026-1001"]


def test_every_change_records_who_when_and_bumps_the_version(store, clock):
    case = store.create_case(pupil="A")
    clock.advance(minutes=5)
    case = store.add_note(case.ref, "Appel de la mère", kind="appel", contact_id=CONTACT)
    assert case.version == 2 and case.updated_at == "2026-03-05T14:05:00+01:00"
    last = case.timeline[-1]
    assert (last.kind, last.text, last.contact_id, last.by, last.version) == (
        "appel", "Appel de la mère", CONTACT, USER, 2)
    clock.advance(minutes=5)
    case = store.set_step(case.ref, STEP, True, note="fait en entretien")
    assert case.steps[STEP].done_at == "2026-03-05T14:10:00+01:00"
    assert case.steps[STEP].done_by == USER and case.steps[STEP].note == "fait en entretien"
    assert case.timeline[-1].kind == "etape" and case.timeline[-1].step_id == STEP
    assert "Éviter tout jugement" in render_history(case.timeline[-1])
    case = store.add_evidence(case.ref, description="Capture du message", where_kept="Chez la mère",
                              platform="Snapchat", url="https://snapchat.com/x",
                              seen_at="2026-03-04T20:00:00+01:00")
    assert case.evidence[-1].platform == "Snapchat" and case.evidence[-1].by == USER
    assert case.timeline[-1].kind == "preuve"
    case = store.set_status(case.ref, "suivi")
    assert case.status == "suivi" and render_history(case.timeline[-1]) == "Statut : ouvert → suivi"
    case = store.update_fields(case.ref, follow_up="2026-03-20")
    assert case.version == 6
    assert [e.version for e in case.timeline] == [1, 2, 3, 4, 5, 6]
    assert store.get(case.ref) == case


def test_update_fields_logs_old_and_new_values(store):
    case = store.create_case(pupil="A", facts=["insultes"])
    case = store.update_fields(case.ref, pupil="A. B.", facts=["insultes", "menaces"], is_minor=False,
                               summary="Résumé")
    entry = case.timeline[-1]
    assert entry.kind == "modification"
    assert entry.changes["pupil"] == {"old": "A", "new": "A. B."}
    assert entry.changes["facts"] == {"old": ["insultes"], "new": ["insultes", "menaces"]}
    assert entry.changes["is_minor"] == {"old": True, "new": False}
    assert "Élève : «\u00a0A\u00a0» → «\u00a0A. B.\u00a0»" in render_history(entry)
    assert "Faits : Insultes → Insultes, Menaces" in render_history(entry)  # French labels from content
    assert "Mineur : oui → non" in render_history(entry)
    # Unchanged values: no write, no entry.
    again = store.update_fields(case.ref, pupil="A. B.")
    assert again == case


def test_no_op_changes_write_nothing(store, tmp_path):
    case = store.create_case(pupil="A")
    before = data_path(tmp_path).read_bytes()
    assert store.set_status(case.ref, "ouvert") == case
    assert store.set_step(case.ref, STEP, False) == case
    assert data_path(tmp_path).read_bytes() == before


def test_set_step_done_then_not_done(store):
    case = store.create_case(pupil="A")
    case = store.set_step(case.ref, STEP, True)
    case = store.set_step(case.ref, OTHER_STEP, True)
    assert set(case.steps) == {STEP, OTHER_STEP}
    case = store.set_step(case.ref, STEP, False, note="erreur de saisie")
    assert set(case.steps) == {OTHER_STEP}
    assert render_history(case.timeline[-1]).startswith("Étape marquée non faite")
    assert render_history(case.timeline[-1]).endswith("erreur de saisie")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, ref: s.add_note("2026-999", "x"), "ref"),
        (lambda s, ref: s.add_note(ref, "   "), "text"),
        (lambda s, ref: s.add_note(ref, "x", kind="statut"), "kind"),
        (lambda s, ref: s.add_note(ref, "x", kind="appel", contact_id="inconnu"), "contact_id"),
        (lambda s, ref: s.set_step(ref, "etape.inconnue", True), "step_id"),
        (lambda s, ref: s.set_step(ref, STEP, "oui"), "done"),
        (lambda s, ref: s.set_status(ref, "archivé"), "status"),
        (lambda s, ref: s.update_fields(ref, pupil=""), "pupil"),
        (lambda s, ref: s.update_fields(ref, facts=["vol"]), "facts"),
        (lambda s, ref: s.update_fields(ref, version=9), "version"),
        (lambda s, ref: s.add_evidence(ref, description="capture"), "where_kept"),
        (lambda s, ref: s.create_case(pupil=""), "pupil"),
        (lambda s, ref: s.create_case(pupil="A", status="fermé"), "status"),
        (lambda s, ref: s.get("2026-404"), "ref"),
    ],
)
def test_invalid_input_raises_a_french_error_and_writes_nothing(store, tmp_path, call, field):
    case = store.create_case(pupil="A")
    before = data_path(tmp_path).read_bytes()
    with pytest.raises(ValidationError) as caught:
        call(store, case.ref)
    assert caught.value.field == field
    assert caught.value.exit_code == 2
    assert str(caught.value)[0].isupper() and str(caught.value).endswith(".")
    assert data_path(tmp_path).read_bytes() == before


def test_unknown_ref_error_names_it(store):
    with pytest.raises(CaseNotFoundError) as caught:
        store.set_status("2026-042", "clos")
    assert str(caught.value) == "Cas introuvable : « 2026-042 »."
    assert caught.value.ref == "2026-042"


def test_conflicting_edits_of_the_same_field_tell_the_second_user(tmp_path):
    path = data_path(tmp_path)
    first = open_store(path, user="direction")
    second = open_store(path, user="educ")
    case = first.create_case(pupil="A", summary="début")
    seen_by_second = second.get(case.ref)
    first.update_fields(case.ref, expected_version=case.version, summary="version de la direction")
    with pytest.raises(ConflictError) as caught:
        second.update_fields(case.ref, expected_version=seen_by_second.version, summary="version de l'éducateur")
    error = caught.value
    assert error.fields == ("summary",) and error.field == "summary"
    assert error.case.summary == "version de la direction"
    assert "modifié entre-temps par direction" in str(error) and "Résumé" in str(error)
    assert second.get(case.ref).summary == "version de la direction"
    # A different field changed meanwhile is not a conflict; notes never conflict.
    second.update_fields(case.ref, expected_version=seen_by_second.version, class_group="4A")
    second.add_note(case.ref, "note")
    final = first.get(case.ref)
    assert (final.summary, final.class_group, final.version) == ("version de la direction", "4A", 4)
    first.close()
    second.close()


def test_two_sessions_never_write_back_a_stale_copy(tmp_path):
    path = data_path(tmp_path)
    first = open_store(path, user="direction")
    second = open_store(path, user="educ")
    case = first.create_case(pupil="A")
    second.get(case.ref)  # second caches version 1
    first.add_note(case.ref, "par la direction")
    first.set_step(case.ref, STEP, True)
    second.add_note(case.ref, "par l'éducateur")  # applied to the latest version, not the cached one
    final = first.get(case.ref)
    assert [e.text for e in final.timeline][1::2] == ["par la direction", "par l'éducateur"]
    assert STEP in final.steps and final.version == 4
    first.close()
    second.close()


def test_unknown_keys_survive_changes(tmp_path):
    stored = raw_case("2026-001", gravite="haute")
    stored["timeline"][0]["signature"] = "xyz"
    path = write_raw_store(data_path(tmp_path), [stored])
    data = read_json(path)
    data["_futur"] = {"1": {"cle": "valeur"}}  # a table a newer version added
    path.write_bytes(__import__("orjson").dumps(data))
    with open_store(path) as store:
        store.add_note("2026-001", "note")
        store.update_fields("2026-001", pupil="Z")
    after = read_json(path)
    case = after["cases"]["1"]
    assert case["gravite"] == "haute"
    assert case["timeline"][0]["signature"] == "xyz"
    assert after["_futur"] == {"1": {"cle": "valeur"}}


def test_threads_of_one_process_share_a_store_safely(store):
    case = store.create_case(pupil="A")
    errors = []

    def work(n):
        try:
            for i in range(25):
                store.add_note(case.ref, f"t{n}-{i}")
                store.get(case.ref)
                store.list()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = store.get(case.ref)
    assert final.version == 101
    assert sorted(e.text for e in final.timeline[1:]) == sorted(f"t{n}-{i}" for n in range(4) for i in range(25))


def test_step_ids_and_content_can_be_given(tmp_path, town):
    with open_store(data_path(tmp_path), step_ids={"a", "b"}) as store:
        case = store.create_case(pupil="A")
        assert render_history(store.set_step(case.ref, "a", True).timeline[-1]) == "Étape faite : a"
        with pytest.raises(ValidationError):
            store.set_step(case.ref, STEP, True)
        store.add_note(case.ref, "x", kind="contact", contact_id="nimporte")  # no content: not checked
    with open_store(data_path(tmp_path), content=town) as store:
        assert store.step_ids == town.step_ids()


def test_len_contains_and_refs(store):
    assert len(store) == 0 and "2026-001" not in store
    store.create_case(pupil="A")
    assert len(store) == 1 and "2026-001" in store
    assert store.refs() == ["2026-001"]
