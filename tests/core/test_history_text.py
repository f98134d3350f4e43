"""History entries the console writes: stored as data (code + parameters), rendered at display
time; entries older versions stored as French sentences still read as before."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from support.store import STEP, data_path, open_store, raw_case, read_json, write_raw_store

from harcelement_tui.core.export import case_from_export, load_schema
from harcelement_tui.core.history_text import render
from harcelement_tui.core.model import TimelineEntry, check_stored_case
from harcelement_tui.core.person import mentions
from harcelement_tui.core.pseudonym import Pseudonymiser
from harcelement_tui.core.report import build_report
from harcelement_tui.core.stats import compute, report_text


def stored_timeline(store, ref):
    """The timeline entries of ``ref`` as the data file holds them (the journal folded into it)."""
    store.storage.fold()
    cases = read_json(store.path)["cases"].values()
    return next(case for case in cases if case["ref"] == ref)["timeline"]


def test_new_entries_are_stored_as_data_and_read_as_sentences(store):
    case = store.create_case(pupil="Léa Dupont", facts=["insultes"])
    store.set_status(case.ref, "suivi")
    store.set_step(case.ref, STEP, True, note="fait en entretien")
    store.update_fields(case.ref, facts=["insultes", "menaces"], class_group="3B")
    raw = stored_timeline(store, case.ref)
    assert [entry["code"] for entry in raw] == ["case_opened", "status_changed", "step_done", "fields_changed"]
    assert raw[1]["params"] == {"old": "ouvert", "new": "suivi"}
    assert all("text" not in entry for entry in raw)  # no French sentence in the file
    shown = [render(entry) for entry in store.get(case.ref).timeline]
    assert shown == [
        "Cas ouvert (statut : ouvert).",
        "Statut : ouvert → suivi",
        "Étape faite : Éviter tout jugement — fait en entretien",
        "Modification : Faits : Insultes → Insultes, Menaces d'agression ou de mort ; Classe : (vide) → «\u00a03B\u00a0»",
    ]


def test_old_entries_stored_as_sentences_display_exactly_as_before(tmp_path, clock, town):
    old = raw_case("2025-001", timeline=[
        {"at": "2025-01-10T09:00:00+01:00", "by": "ancien", "kind": "statut", "text": "Cas ouvert (statut : ouvert).",
         "version": 1},
        {"at": "2025-01-11T09:00:00+01:00", "by": "ancien", "kind": "modification",
         "text": "Modification : Date de suivi : (vide) → « 2025-02-01 »", "version": 2}], version=2)
    path = write_raw_store(data_path(tmp_path), [old])
    with open_store(path, clock=clock, content=town) as store:
        case = store.get("2025-001")
        check_stored_case(case)  # an old file still passes the import checks
        assert [render(entry) for entry in case.timeline] == [
            "Cas ouvert (statut : ouvert).", "Modification : Date de suivi : (vide) → «\u00a001/02/2025\u00a0»"]
        store.set_status("2025-001", "clos")
        assert stored_timeline(store, "2025-001")[0]["text"] == "Cas ouvert (statut : ouvert)."  # kept as it was
        report = build_report(store.get("2025-001"), town, generated_at="2025-03-01T10:00:00+01:00", author="x")
    assert "Cas ouvert (statut : ouvert)." in report and "Statut : ouvert → clos" in report


def test_an_unknown_code_or_damaged_parameters_fall_back_without_failing():
    newer = TimelineEntry(at="2026-01-01T10:00:00+01:00", by="x", kind="statut", text="", code="future_thing",
                          params={"a": 1})
    assert render(newer) == "Entrée « future_thing » écrite par une version plus récente de la console."
    damaged = TimelineEntry(at="2026-01-01T10:00:00+01:00", by="x", kind="statut", text="Statut : ouvert → clos",
                            code="status_changed", params={"old": "ouvert"})
    assert render(damaged) == "Statut : ouvert → clos"
    round_trip = TimelineEntry.from_dict(TimelineEntry(at="a", by="b", kind="statut", text="", code="status_changed",
                                                       params={"old": "ouvert", "new": "clos"}).to_dict())
    assert render(round_trip) == "Statut : ouvert → clos"


def test_exports_carry_the_readable_text_validate_and_import_back(store, tmp_path, clock, town):
    case = store.create_case(pupil="Léa Dupont")
    store.set_step(case.ref, STEP, True)
    document = store.export_case(case.ref, "/tmp/x/cas.json")
    Draft202012Validator(load_schema()).validate(document)
    texts = [entry["text"] for entry in document["case"]["timeline"]]
    assert texts == ["Cas ouvert (statut : ouvert).", "Étape faite : Éviter tout jugement",
                     "Cas exporté vers /tmp/x/cas.json"]
    assert document["case"]["timeline"][-1]["code"] == "case_exported"
    with open_store(tmp_path / "autre" / "cases.json", clock=clock, content=town) as other:
        imported = other.import_case(document)
        assert [render(entry) for entry in imported.timeline] == texts


def test_the_schema_accepts_an_entry_written_as_data_without_text(store):
    case = store.create_case(pupil="A")
    document = store.export_case(case.ref)
    for entry in document["case"]["timeline"]:
        entry.pop("text")
    Draft202012Validator(load_schema()).validate(document)
    assert render(case_from_export(document).timeline[0]) == "Cas ouvert (statut : ouvert)."
    del document["case"]["timeline"][0]["code"]
    assert list(Draft202012Validator(load_schema()).iter_errors(document))  # neither text nor code


def test_pseudonymisation_reaches_the_parameters(store, town):
    case = store.create_case(pupil="Léa Dupont", class_group="3B")
    store.update_fields(case.ref, pupil="Léa Dupond", class_group="4B")
    store.add_person(case.ref, role="auteur", name="Tom Martin")
    store.record_hearing(case.ref, "p1", heard_at="2026-03-05T15:00+01:00", heard_by="Mme Leroy",
                         note="Tom nie")
    store.record_report(case.ref, "/home/jdupuis/rapport.pdf")
    shared = Pseudonymiser(store.get(case.ref), fact_label=town.fact_label,
                           role_label=lambda role: town.role(role).label).case()
    shown = "\n".join(render(entry) for entry in shared.timeline)
    for hidden in ("Léa", "Dupon", "3B", "4B", "Tom", "Martin", "Leroy", "jdupuis"):
        assert hidden not in shown, hidden
    assert "Classe : modifié (non communiqué)" in shown
    assert "Élève : «\u00a0L. D.\u00a0» → «\u00a0L. D.\u00a0»" in shown
    assert "entendu(e) le 05/03/2026 15:00 par utilisateur 2 — auteur présumé 1 nie" in shown
    assert "Rapport écrit vers …/rapport.pdf" in shown


def test_a_person_is_found_in_the_rendered_history(store):
    case = store.create_case(pupil="A")
    store.add_person(case.ref, role="temoin", name="Zoé Lambert")
    assert mentions(store.get(case.ref), "Lambert Zoé") == ["personnes", "historique"]


def test_counts_agree_in_number_instead_of_s(store, town, clock):
    case = store.create_case(pupil="A")
    store.set_step(case.ref, STEP, True)
    report = build_report(store.get(case.ref), town, generated_at="2026-03-05T15:00:00+01:00", author="x")
    assert f"1 étape de la procédure faite sur {len(town.steps())}." in report
    assert "Chronologie (2 entrées)" in report
    store.set_step(case.ref, "prudence.soutien", True)
    report = build_report(store.get(case.ref), town, generated_at="2026-03-05T15:00:00+01:00", author="x")
    assert f"2 étapes de la procédure faites sur {len(town.steps())}." in report
    store.set_status(case.ref, "clos")
    text = report_text(compute(store.list(), town))
    assert "Délai médian : 0 jour entre l'ouverture et la clôture (1 cas clos)" in text


def test_every_sentence_the_console_writes_reads_as_before(store, clock):
    """The sentences no other test spells out: evidence, postvention dropped, an undated closing."""
    from datetime import timedelta

    from harcelement_tui.core.model import Case
    from harcelement_tui.core.retention import make_stub

    case = store.create_case(pupil="A")
    store.add_evidence(case.ref, description="Capture  du\nmessage " + "x" * 120, where_kept="Chez la mère")
    store.set_status(case.ref, "clos")
    store.set_postvention(case.ref, "2026-12-15")
    case = store.set_postvention(case.ref, None)
    shown = [render(entry) for entry in case.timeline]
    assert shown[1] == "Preuve notée : Capture du message " + "x" * 80 + "…"
    assert shown[-1] == "Postvention : plus de date prévue"
    undated = Case.from_dict(raw_case("2025-001", status="clos", timeline=[]))
    stub = make_stub(undated, clock() + timedelta(days=400), "direction", 365)
    assert [render(entry) for entry in stub.timeline] == [
        "Clôture (date de la dernière modification).",
        "Dossier purgé (délai de conservation de 365 jours dépassé) par direction."]
