"""Case export and import: schema, round trip, refusals."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator
from support.store import CONTACT, STEP, USER, open_store

from harcelement_tui.core.export import (
    InvalidExportError,
    build_export,
    load_schema,
    validate_export,
)
from harcelement_tui.core.model import Case, CaseNotFoundError
from harcelement_tui.core.store import DuplicateCaseError
from harcelement_tui.core.history_text import render as render_history
from harcelement_tui.core.history_text import readable_history


def busy_case(store, clock):
    case = store.create_case(pupil="Léa D.", class_group="3B", facts=["images_intimes", "menaces"],
                             platforms=["Snapchat"], reported_by="l'élève", summary="Photo diffusée")
    clock.advance(minutes=3)
    store.add_note(case.ref, "Appel à la médiation", kind="appel", contact_id="mediation_scolaire")
    store.add_note(case.ref, "Contact CPMS", kind="contact", contact_id=CONTACT)
    store.add_note(case.ref, "Rappel CPMS", kind="appel", contact_id=CONTACT)
    store.set_step(case.ref, STEP, True, note="entretien fait")
    store.add_evidence(case.ref, description="Photo intime (non copiée)", where_kept="Téléphone de l'élève",
                       platform="Snapchat", seen_at="2026-03-04T21:00:00+01:00")
    store.update_fields(case.ref, follow_up="2026-03-19")
    return store.set_status(case.ref, "suivi")


def test_the_shipped_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(load_schema())


def check(document):
    """Every export in these tests goes through the shipped schema."""
    Draft202012Validator(load_schema()).validate(document)
    validate_export(document)
    return document


def test_export_contains_the_whole_case_the_procedure_and_the_named_contacts(store, clock, town):
    case = busy_case(store, clock)
    clock.advance(hours=1)
    document = check(store.export_case(case.ref, "/tmp/cas-2026-001.json"))
    assert document["schema"] == "harcelement-tui/case-export" and document["version"] == 2
    assert document["exported_at"] == "2026-03-05T15:03:00+01:00"
    assert document["exported_by"] == USER
    exported = store.get(case.ref)
    expected = exported.to_dict()
    readable_history(expected, exported.timeline)  # the export carries the sentence of each entry
    assert document["case"] == expected
    assert exported.timeline[-1].kind == "export"
    assert render_history(exported.timeline[-1]) == "Cas exporté vers /tmp/cas-2026-001.json"
    assert exported.version == case.version + 1
    steps = document["procedure"]
    assert [s["id"] for s in steps] == [s.id for s in town.steps()]
    done = next(s for s in steps if s["id"] == STEP)
    assert (done["done_by"], done["note"], done["section"]) == (USER, "entretien fait", "prudence")
    assert done["label"] == town.step(STEP).text and done["section_title"] == town.section("prudence").title
    assert all(s["done_at"] is None for s in steps if s["id"] != STEP)
    assert [c["id"] for c in document["contacts"]] == ["mediation_scolaire", CONTACT]
    assert document["contacts"][1]["phone"] == town.contact(CONTACT).phone


def test_export_then_import_into_an_empty_store_gives_an_identical_case(tmp_path, store, clock):
    case = busy_case(store, clock)
    document = check(store.export_case(case.ref))
    with open_store(tmp_path / "ailleurs" / "cases.json", user="autre") as other:
        imported = other.import_case(copy.deepcopy(document))
        assert imported == store.get(case.ref)
        assert other.get(case.ref) == store.get(case.ref)
        stored = other.get(case.ref).to_dict()
        readable_history(stored, other.get(case.ref).timeline)  # the sentences an export adds
        assert stored == document["case"]
        assert check(other.export_case(case.ref))["case"]["timeline"][:-1] == document["case"]["timeline"]


def test_unknown_keys_travel_through_export_and_import(tmp_path, store, clock):
    case = store.create_case(pupil="A")
    document = store.export_case(case.ref)
    document["case"]["gravite"] = "haute"
    document["case"]["timeline"][0]["signature"] = "xyz"
    document["annexe"] = "ignorée"
    check(document)
    with open_store(tmp_path / "b" / "cases.json") as other:
        imported = other.import_case(document)
        assert imported.to_dict()["gravite"] == "haute"
        assert other.get(case.ref).to_dict()["timeline"][0]["signature"] == "xyz"


def test_import_refuses_a_case_already_present(store, clock):
    case = store.create_case(pupil="A")
    document = store.export_case(case.ref)
    before = store.stamp()
    with pytest.raises(DuplicateCaseError) as caught:
        store.import_case(document)
    assert caught.value.ref == case.ref and caught.value.field == "uuid"
    assert "déjà dans le fichier des cas" in str(caught.value)
    assert not store.changed_since(before)


def test_import_gives_a_new_ref_when_the_ref_is_taken(tmp_path, store, clock):
    mine = store.create_case(pupil="Ici")
    with open_store(tmp_path / "autre-ecole" / "cases.json", clock=clock) as elsewhere:
        theirs = elsewhere.create_case(pupil="Là-bas")
        document = elsewhere.export_case(theirs.ref)
    assert theirs.ref == mine.ref == "2026-001"
    imported = store.import_case(document)
    assert imported.ref == "2026-002"
    assert imported.uuid == theirs.uuid
    entry = imported.timeline[-1]
    assert entry.kind == "modification" and entry.changes["ref"] == {"old": "2026-001", "new": "2026-002"}
    assert "2026-001" in render_history(entry)
    assert imported.version == document["case"]["version"] + 1
    assert store.get("2026-001").pupil == "Ici"
    check(store.export_case("2026-002"))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d.pop("case"), "case", "champ obligatoire manquant : « case »"),
        (lambda d: d.update(schema="autre"), "schema", "valeur non permise"),
        (lambda d: d.update(version=3), "version", "valeur non permise"),
        (lambda d: d["case"].pop("pupil"), "case/pupil", "« case/pupil »"),
        (lambda d: d["case"].update(status="archive"), "case/status", "« case/status »"),
        (lambda d: d["case"].update(facts=["vol"]), "case/facts/0", "valeur non permise"),
        (lambda d: d["case"].update(opened_at="2026-03-05 14:00"), "case/opened_at", "date mal écrite"),
        (lambda d: d["case"].update(opened_at="9999-12-31T23:59:59+01:00"), "case/opened_at",
         "hors limites pour « case/opened_at » : \"9999-12-31T23:59:59+01:00\" (années 1900 à 2999)"),
        (lambda d: d["case"].update(follow_up="9999-12-31"), "case/follow_up", "années 1900 à 2999"),
        (lambda d: d["case"].update(pupil="x" * 1001), "case/pupil",
         "« case/pupil » est trop long : 1001 caractères (de 0 à 1000)"),
        (lambda d: d["case"]["timeline"][0].update(text="x" * 20001), "case/timeline/0/text",
         "(de 0 à 20000)"),
        (lambda d: d["case"].update(timeline=d["case"]["timeline"] * 5001), "case/timeline",
         "« case/timeline » a trop d'éléments : 10002 (au plus 5000)"),
        (lambda d: d["case"].update(version="3"), "case/version", "nombre entier"),
        (lambda d: d["case"]["timeline"][0].update(kind="piratage"), "case/timeline/0/kind", "valeur non permise"),
        (lambda d: d["case"].update(is_minor="oui"), "case/is_minor", "vrai ou faux"),
    ],
)
def test_invalid_exports_are_refused_in_french(store, change, field, words):
    case = store.create_case(pupil="A")
    document = store.export_case(case.ref)
    count = len(store)
    change(document)
    with pytest.raises(InvalidExportError) as caught:
        store.import_case(document, source="cas.json")
    assert caught.value.field == field
    assert str(caught.value).startswith("Fichier d'import invalide : cas.json : ")
    assert words in str(caught.value)
    assert len(store) == count


def test_not_an_object_is_refused():
    with pytest.raises(InvalidExportError, match="le document doit être un objet"):
        validate_export([1, 2])


def test_export_of_an_unknown_ref_writes_nothing(store):
    store.create_case(pupil="A")
    before = store.stamp()
    with pytest.raises(CaseNotFoundError):
        store.export_case("2026-404")
    assert not store.changed_since(before)


def test_export_cases_logs_all_in_one_write(store):
    for pupil in "ABC":
        store.create_case(pupil=pupil)
    documents = store.export_cases()
    assert [d["case"]["ref"] for d in documents] == ["2026-001", "2026-002", "2026-003"]
    for document in documents:
        check(document)
        assert document["case"]["timeline"][-1]["kind"] == "export"


def test_build_export_names_unknown_contacts_by_id(town):
    case = Case.from_dict({
        "ref": "2026-001", "uuid": "00000000-0000-4000-8000-000000000001",
        "opened_at": "2026-01-01T10:00:00+01:00", "opened_by": "d", "updated_at": "2026-01-01T10:00:00+01:00",
        "updated_by": "d", "version": 1, "pupil": "A",
        "timeline": [{"at": "2026-01-01T10:00:00+01:00", "by": "d", "kind": "contact", "text": "x",
                      "contact_id": "service_disparu"}],
    })
    document = check(build_export(case, town, exported_at="2026-01-02T10:00:00+01:00", exported_by="d"))
    assert document["contacts"] == [{"id": "service_disparu", "name": "service_disparu"}]
