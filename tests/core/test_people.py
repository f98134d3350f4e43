"""People in a case (core/people.py, core/store_people.py): content, store, deadlines per person,
the filter, export v2 (and v1 still imported), the report's Personnes section, and the
pseudonymisation of every person's name."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from support.clock import TZ
from support.names import filler, occurrences, variant
from support.store import data_path, open_store
from support.paths import packaged

from harcelement_tui.core.content import load_content
from harcelement_tui.core.deadlines import OVERDUE, TO_DO, due_today, overdue_count, step_deadlines
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.export import load_schema
from harcelement_tui.core.model import ValidationError
from harcelement_tui.core.pseudonym import DESCRIPTION_WORDS, PARTICLES
from harcelement_tui.core.report import build_report
from harcelement_tui.core.store import ConflictError
from harcelement_tui.core.summary import search_fields
from harcelement_tui.core.text import fold, matches
from harcelement_tui.core.history_text import render as render_history

OPENED = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)


CLOCK_START = OPENED


def four_people(store, clock):
    """The issue's case: a victim, two alleged authors (one an unknown account) and a witness."""
    case = store.create_case(pupil="Léa Dupont", class_group="3B", facts=["insultes"])
    store.add_person(case.ref, role="victime", name="Léa Dupont", class_group="3B", is_minor=True)
    store.add_person(case.ref, role="auteur", name="Tom Martin", class_group="3C", is_minor=True)
    store.add_person(case.ref, role="auteur", name="compte Snapchat @lea_h8r")
    return store.add_person(case.ref, role="temoin", name="Inès Moreau", class_group="3B")


# --------------------------------------------------------------------------- content


def test_the_shipped_roles_and_their_deadlines(town):
    roles = {role.id: role for role in town.roles}
    assert [role.label for role in town.roles] == ["victime", "auteur présumé", "témoin", "signalant",
                                                   "parent", "membre du personnel", "autre personne"]
    assert roles["victime"].hear_within.label == "48 h"
    assert all(roles[r].hear_within.label == "5 jours" for r in ("auteur", "temoin", "signalant"))
    assert roles["autre"].hear_within is None


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace("hear_within: 48h", "hear_within: 2 jours"),
     "entrée « victime » : délai « hear_within » invalide : « 2 jours »"),
    (lambda t: t.replace("id: temoin", "id: auteur"), "entrée « auteur » : identifiant en double"),
    (lambda t: t.replace("    label: témoin\n", ""), "entrée « temoin » : le champ « label » manque"),
    (lambda t: t.replace("label: témoin", "label: Victime"), "entrée « temoin » : libellé en double"),
    (lambda t: t.replace("roles:", "roles: 3\nx:"), "le champ « roles » doit être une liste"),
])
def test_invalid_roles_name_the_file_and_the_entry(tmp_path, edit, expected):
    folder = tmp_path / "contenu"
    folder.mkdir()
    path = folder / "people.yaml"
    path.write_text(edit(packaged("people.yaml")), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert str(caught.value).startswith(f"Contenu invalide : {path}")
    assert expected in str(caught.value)


# --------------------------------------------------------------------------- store


def test_people_are_added_heard_and_their_parents_informed_each_in_one_signed_entry(store, clock):
    case = four_people(store, clock)
    assert [(p.id, p.role, p.name) for p in case.people] == [
        ("p1", "victime", "Léa Dupont"), ("p2", "auteur", "Tom Martin"),
        ("p3", "auteur", "compte Snapchat @lea_h8r"), ("p4", "temoin", "Inès Moreau")]
    assert case.version == 5
    clock.advance(hours=2)
    case = store.record_hearing(case.ref, "p1", heard_at="2026-03-10T10:00+01:00", heard_by="direction",
                                note="récit détaillé")
    entry = case.timeline[-1]
    assert (entry.kind, entry.by, entry.version) == ("personne", "direction", 6)
    assert render_history(entry) == ("Audition : victime : Léa Dupont entendu(e) le 10/03/2026 10:00 par direction "
                          "— récit détaillé")
    hearing = case.people[0].heard
    assert (hearing.heard_at, hearing.heard_by, hearing.by, hearing.at) == (
        "2026-03-10T10:00+01:00", "direction", "direction", "2026-03-10T11:30:00+01:00")
    case = store.record_parents_informed(case.ref, "p2", on="2026-03-11", how="téléphone au père")
    assert case.people[1].parents_informed_on == "2026-03-11"
    assert render_history(case.timeline[-1]) == "Parents informés : auteur présumé : Tom Martin — le 11/03/2026, téléphone au père"
    # The same again: nothing written.
    assert store.record_parents_informed(case.ref, "p2", on="2026-03-11", how="téléphone au père").version == case.version
    # Read back from the file by another store.
    with open_store(store.path, content=store.content) as other:
        assert other.get(case.ref).people == case.people


@pytest.mark.parametrize(("call", "field"), [
    (lambda s, ref: s.add_person(ref, role="victime", name="  "), "name"),
    (lambda s, ref: s.add_person(ref, role="pirate", name="X"), "role"),
    (lambda s, ref: s.add_person(ref, role="victime", name="X", age=12), "age"),
    (lambda s, ref: s.add_person(ref, role="victime", name="X", is_minor="oui"), "is_minor"),
    (lambda s, ref: s.record_hearing(ref, "p1", heard_at="", heard_by="direction"), "heard_at"),
    (lambda s, ref: s.record_hearing(ref, "p1", heard_at="2026-03-10T10:00+01:00", heard_by=" "), "heard_by"),
    (lambda s, ref: s.record_hearing(ref, "p9", heard_at="2026-03-10T10:00+01:00", heard_by="d"), "person"),
    (lambda s, ref: s.record_parents_informed(ref, "p1", on="hier", how="x"), "parents_informed_on"),
    (lambda s, ref: s.record_parents_informed(ref, "p1", on="2026-03-10", how=""), "parents_informed_how"),
])
def test_invalid_input_writes_nothing(store, call, field):
    case = store.create_case(pupil="A")
    store.add_person(case.ref, role="temoin", name="B")
    before = store.stamp()
    with pytest.raises(ValidationError) as caught:
        call(store, case.ref)
    assert caught.value.field == field
    assert not store.changed_since(before)


def test_an_edit_checks_the_version_it_started_from(store, clock):
    case = four_people(store, clock)
    seen = case.version
    store.update_person(case.ref, "p2", expected_version=seen, name="Tom Martins")
    # Another person's field, or another field: no conflict.
    store.update_person(case.ref, "p4", expected_version=seen, class_group="3C")
    with pytest.raises(ConflictError) as caught:
        store.update_person(case.ref, "p2", expected_version=seen, name="Thomas Martin")
    assert caught.value.fields == ("name",) and "Nom ou description" in str(caught.value)
    latest = store.get(case.ref)
    assert latest.people[1].name == "Tom Martins"
    entry = latest.timeline[-1]
    assert render_history(entry) == "Personne modifiée (témoin : Inès Moreau) : classe modifiée"
    assert entry.changes == {"person.p4.class_group": {"old": "3B", "new": "3C"}}


# --------------------------------------------------------------------------- deadlines, filter


def test_each_person_has_the_deadline_of_their_role(store, clock, town):
    case = four_people(store, clock)
    dues = {due.step.text: due for due in step_deadlines(case, town, OPENED + timedelta(hours=1))}
    victim = dues["Entendre Léa Dupont (victime, 3B)"]
    assert victim.due == OPENED + timedelta(hours=48) and victim.state == TO_DO
    author = dues["Entendre compte Snapchat @lea_h8r (auteur présumé)"]
    assert author.whole_day and author.due_date == OPENED.date() + timedelta(days=5)
    # Heard: no more deadline. Three days later the victim's is past, the others' not yet.
    case = store.record_hearing(case.ref, "p2", heard_at="2026-03-11T08:00+01:00", heard_by="direction")
    later = OPENED + timedelta(days=3)
    texts = {due.step.text: due.state for due in step_deadlines(case, town, later)}
    assert "Entendre Tom Martin (auteur présumé, 3C)" not in texts
    assert texts["Entendre Léa Dupont (victime, 3B)"] == OVERDUE
    assert texts["Entendre Inès Moreau (témoin, 3B)"] == TO_DO
    steps_late = overdue_count(store.create_case(pupil="Z"), town, later)
    assert overdue_count(case, town, later) == steps_late + 1
    today = [item.step.text for item in due_today([case], town, later) if item.step]
    assert "Entendre Léa Dupont (victime, 3B)" in today


def test_a_person_added_later_is_counted_from_when_they_were_added(store, clock, town):
    case = store.create_case(pupil="A")
    clock.advance(days=10)
    case = store.add_person(case.ref, role="temoin", name="Noé")
    (due,) = [d for d in step_deadlines(case, town, clock.now) if d.step.id == "personne:p1"]
    assert due.due_date == clock.now.date() + timedelta(days=5) and due.state == TO_DO


def test_the_filter_finds_a_case_by_any_persons_name(store, clock, town):
    case = four_people(store, clock)
    other = store.create_case(pupil="Noé")
    fields = search_fields(case, town)
    assert matches("ines", fields) and matches("lea_h8r", fields) and matches("MARTIN", fields)
    assert not matches("ines", search_fields(other, town))


# --------------------------------------------------------------------------- export, report


def test_export_v2_round_trip_and_a_version_1_export_is_still_imported(tmp_path, store, clock):
    case = four_people(store, clock)
    store.record_hearing(case.ref, "p1", heard_at="2026-03-10T10:00+01:00", heard_by="direction", note="n")
    document = store.export_case(case.ref)
    Draft202012Validator(load_schema()).validate(document)
    assert document["version"] == 2 and len(document["case"]["people"]) == 4
    with open_store(tmp_path / "ailleurs" / "cases.json", clock=clock, content=store.content) as elsewhere:
        imported = elsewhere.import_case(document)
        assert imported.people == store.get(case.ref).people
        # A version 1 export (written before people existed) is still read.
        old = store.export_case(store.create_case(pupil="Ancien").ref)
        old["version"] = 1
        old["case"].pop("people", None)
        assert elsewhere.import_case(old).people == ()
    broken = store.export_case(case.ref)
    broken["case"]["people"][0]["name"] = " "
    with pytest.raises(ValidationError, match="case/people/0/name"):
        store.import_case(broken)


def test_the_report_has_a_personnes_section_and_the_hearings_in_the_chronology(store, clock, town):
    case = four_people(store, clock)
    store.record_hearing(case.ref, "p1", heard_at="2026-03-10T10:00+01:00", heard_by="Mme Leroy", note="récit")
    case = store.record_parents_informed(case.ref, "p1", on="2026-03-10", how="téléphone à la mère")
    report = build_report(case, town, generated_at="2026-03-12T10:00:00+01:00", author="direction")
    section = report.split("## Personnes (4)")[1].split("## Chronologie")[0]
    assert "### victime : Léa Dupont" in section
    assert "- Entendu(e) le 10/03/2026 10:00 par Mme Leroy — récit" in section
    assert "- Parents informés le 10/03/2026, téléphone à la mère" in section
    assert "### auteur présumé : compte Snapchat @lea\\_h8r" in section
    assert section.count("- Entendu(e) : pas encore") == 3
    assert "- Classe : 3C" in section
    chronology = report.split("## Chronologie")[1].split("## Démarches")[0]
    assert "Audition : victime : Léa Dupont entendu(e) le 10/03/2026 10:00 par Mme Leroy" in chronology
    hidden = build_report(case, town, generated_at="2026-03-12T10:00:00+01:00", author="direction",
                          pseudonymise=True)
    section = hidden.split("## Personnes (4)")[1].split("## Chronologie")[0]
    assert "### auteur présumé 2" in section and "### témoin 1" in section and "Classe" not in section
    assert "Leroy" not in hidden and "Tom" not in hidden and "h8r" not in hidden


def test_pseudonymised_people_examples(store, clock, town):
    case = four_people(store, clock)
    store.add_note(case.ref, "Tom MARTIN et @lea_h8r ont écrit à Inès ; Snapchat a été contacté.")
    document = store.export_case(case.ref, pseudonymise=True)
    people = document["case"]["people"]
    assert [p["name"] for p in people] == ["victime 1", "auteur présumé 1", "auteur présumé 2", "témoin 1"]
    assert all("class_group" not in p for p in people)
    note = [e["text"] for e in document["case"]["timeline"] if e["kind"] == "note"][0]
    assert note == "auteur présumé 1 et auteur présumé 2 ont écrit à témoin 1 ; Snapchat a été contacté."
    classes = [e.get("changes", {}) for e in document["case"]["timeline"]]
    assert not any(key.endswith(".class_group") for changes in classes for key in changes)


# --------------------------------------------------------------------------- the property

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüç"
NOT_NAMES = PARTICLES | DESCRIPTION_WORDS


_BASELINE: set[str] = set()


def _baseline_words(town, tmp_path_factory) -> set[str]:
    """Words the pseudonymised export and report write whatever the names (keys, labels,
    headings, the procedure): a name part equal to one of them cannot be told apart."""
    if not _BASELINE:
        with open_store(data_path(tmp_path_factory.mktemp("base")), content=town) as store:
            case = store.create_case(pupil="Qq Qq", facts=["insultes"])
            for role in ("victime", "auteur", "auteur", "temoin"):
                store.add_person(case.ref, role=role, name="Qq Qq")
            store.record_hearing(case.ref, "p2", heard_at="2026-03-10T10:00+01:00", heard_by="Qq")
            store.record_parents_informed(case.ref, "p3", on="2026-03-10", how="Qq")
            store.add_evidence(case.ref, description="Qq", where_kept="Qq", url="Qq")
            store.set_step(case.ref, "prudence.jugement", True, note="Qq")
            document = store.export_case(case.ref, pseudonymise=True)
            report = build_report(store.get(case.ref), town, generated_at="2026-03-12T10:00:00+01:00",
                                  author="direction", pseudonymise=True)
        _BASELINE.update(re.findall(r"[^\W\d_]+", fold(f"{document} {report}")))
    return _BASELINE


part = st.text(alphabet=LETTERS, min_size=2, max_size=9).filter(lambda p: fold(p) not in NOT_NAMES)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), parts=st.lists(part, min_size=7, max_size=7, unique_by=fold))
def test_no_form_of_any_persons_name_survives_the_pseudonymised_export_and_report(
        tmp_path_factory, town, data, parts):
    assume(not any(fold(p) in _baseline_words(town, tmp_path_factory) for p in parts))
    pupil_first, pupil_last, a_first, a_last, handle_a, w_first, w_last = parts
    handle = f"{handle_a}_x99"
    names = {"victime": f"{pupil_first} {pupil_last}", "auteur1": f"{a_first} {a_last.upper()}",
             "auteur2": f"compte Snapchat @{handle}", "temoin": f"{w_first.capitalize()} {w_last}"}
    forms = [pupil_first, pupil_last, a_first, a_last, w_first, w_last, handle_a,
             f"{a_first} {a_last}", f"{w_last} {w_first}", handle]

    def note() -> str:
        pieces = []
        for _ in range(data.draw(st.integers(1, 5))):
            written = data.draw(st.sampled_from(forms))
            how = data.draw(st.integers(0, 5))
            pieces += [data.draw(filler), " ".join(variant(w, how) for w in written.split(" ")), data.draw(filler)]
        return "".join(pieces)

    path = data_path(tmp_path_factory.mktemp("p"))
    with open_store(path, content=town) as store:
        case = store.create_case(pupil=names["victime"], summary=note(), facts=["insultes"])
        store.add_person(case.ref, role="victime", name=names["victime"], class_group="3B")
        store.add_person(case.ref, role="auteur", name=names["auteur1"], class_group="3C")
        store.add_person(case.ref, role="auteur", name=names["auteur2"])
        store.add_person(case.ref, role="temoin", name=f"{w_first} {w_last}")
        store.update_person(case.ref, "p4", name=names["temoin"])  # the old spelling stays in the history
        store.add_note(case.ref, note())
        store.record_hearing(case.ref, "p2", heard_at="2026-03-10T10:00+01:00", heard_by=note(), note=note())
        store.record_parents_informed(case.ref, "p3", on="2026-03-10", how=note())
        store.add_evidence(case.ref, description=note(), where_kept=note(), url=note())
        store.set_step(case.ref, "prudence.jugement", True, note=note())
        document = store.export_case(case.ref, pseudonymise=True)
        latest = store.get(case.ref)
    Draft202012Validator(load_schema()).validate(document)
    report = build_report(latest, town, generated_at="2026-03-12T10:00:00+01:00", author="direction",
                          pseudonymise=True)
    exported = str(document)
    for word in (pupil_first, pupil_last, a_first, a_last, w_first, w_last, handle_a):
        assert not occurrences(exported, word), (word, exported)
        assert not occurrences(report, word), (word, report)


def test_a_purge_leaves_no_person(store, clock):
    case = four_people(store, clock)
    store.set_status(case.ref, "clos")
    clock.advance(days=400)
    (stub,) = store.purge([case.ref], 365).purged
    assert stub.people == () and "people" not in store.get(case.ref).to_dict()
