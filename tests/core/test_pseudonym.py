"""Pseudonymisation: no occurrence of the pupil's name survives (accents, case, order, notes),
ordinary words are left alone, the fields a recipient does not need are dropped, and a
pseudonymised export says so and cannot be imported."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from support.names import filler, occurrences, variant
from support.store import data_path, open_store

from harcelement_tui.core.export import InvalidExportError, case_from_export, load_schema
from harcelement_tui.core.pseudonym import PARTICLES, NameScrubber, Pseudonymiser, initials
from harcelement_tui.core.text import fold
from harcelement_tui.core.history_text import render as render_history


@pytest.mark.parametrize(("text", "expected"), [
    ("Léa Dupont est venue", "L. D. est venue"),
    ("DUPONT Léa (3B)", "D. L. (3B)"),
    ("LÉA a pleuré", "L. a pleuré"),
    ("lea, dupont", "L., D."),  # two words: each part alone
    ("J'ai vu Léa.", "J'ai vu L."),
    ("la story de Dupont's friend", "la story de D.'s friend"),
    ("compte @lea.dupont2009", "compte @L. D.2009"),
    ("compte LeaDupont", "compte L. D."),
    ("Le\u0301a (accent combinant)", "L. (accent combinant)"),
    ("d'Léa et l'DUPONT", "d'L. et l'D."),
    # Whole words only: other first names and words that merely start with the name stay.
    ("Leandre, Dupontel et Léane", "Leandre, Dupontel et Léane"),
    ("Aucune mention", "Aucune mention"),
])
def test_scrubber_examples(text, expected):
    assert NameScrubber(["Léa Dupont"])(text) == expected


def test_particles_and_initials_alone_are_ordinary_words():
    scrub = NameScrubber(["Jean-Pierre Van den Berg"])
    assert scrub("Jean-Pierre a parlé de la classe") == "J.-P. a parlé de la classe"
    assert scrub("VAN DEN BERG Jean-Pierre") == "V. D. B. J. P."
    assert scrub("un van, den, de") == "un van, den, de"
    assert scrub("Berg") == "B."
    # A pupil entered by initials: "et" is not "E. T.".
    assert NameScrubber(["E. T."])("Léa et Tom") == "Léa et Tom"


def test_initials():
    assert initials("Léa Dupont") == "L. D."
    assert initials("élodie van den Berg") == "É. V. D. B."
    assert initials("Jean-Pierre") == "J.-P."
    assert initials("   ") == "?"


# --------------------------------------------------------------------------- the property

NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâäîïôöùûüçÿñ"
name_part = st.text(alphabet=NAME_LETTERS, min_size=2, max_size=9).filter(lambda p: fold(p) not in PARTICLES)


words = st.sampled_from(["", "la mère de", "a dit que", "Capture :", "snap", "ont vu", "est venue"])


@st.composite
def note_with_name(draw, first, last):
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        part = draw(st.sampled_from([first, last, f"{first} {last}", f"{last} {first}"]))
        how = draw(st.integers(0, 5))
        written = " ".join(variant(p, how) for p in part.split(" "))
        pieces += [draw(words), draw(filler), written, draw(filler)]
    return "".join(pieces)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), first=name_part, last=name_part)
def test_no_occurrence_of_the_name_survives_anywhere(tmp_path_factory, town, data, first, last):
    assume(fold(first) != fold(last))
    pupil = f"{first.capitalize()} {last.upper()}"
    note = lambda: data.draw(note_with_name(first, last))  # noqa: E731
    path = data_path(tmp_path_factory.mktemp("p"))
    with open_store(path, content=town) as store:
        case = store.create_case(pupil=pupil, summary=note(), reported_by=note(), class_group="3B",
                                 platforms=[note()])
        store.add_note(case.ref, note())
        store.add_note(case.ref, note(), kind="appel")
        store.set_step(case.ref, "prudence.jugement", True, note=note())
        store.add_evidence(case.ref, description=note(), where_kept=note(), platform=note(), url=note())
        store.update_fields(case.ref, pupil=f"{last} {first}")  # the old name stays in the timeline
        document = store.export_case(case.ref, pseudonymise=True)
    Draft202012Validator(load_schema()).validate(document)
    exported = document["case"]
    free_texts = [exported["pupil"], exported["summary"], *exported["platforms"], document["exported_by"]]
    free_texts += [entry["text"] for entry in exported["timeline"]]
    # The texts inside the changes (not their Python repr: a name part "none" is not "None").
    free_texts += [text for entry in exported["timeline"] for change in entry.get("changes", {}).values()
                   for text in strings(change)]
    free_texts += [record["note"] for record in exported["steps"].values()]
    free_texts += [step.get("note", "") for step in document["procedure"]]
    for item in exported["evidence"]:
        free_texts += [item["description"], item["where_kept"], item["platform"], item["url"]]
    for text in free_texts:
        for part in (first, last):
            assert not occurrences(text, part), (part, text)


def strings(value):
    """Every text inside ``value`` (dicts and lists walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


# --------------------------------------------------------------------------- the case and the export


def busy_case(store, clock):
    case = store.create_case(pupil="Léa Dupont", class_group="3B", facts=["menaces"],
                             reported_by="Mme Dupont, sa mère", summary="LÉA reçoit des menaces")
    clock.advance(minutes=5)
    store.update_fields(case.ref, pupil="Léa Dupond")  # a misspelling corrected later
    store.update_fields(case.ref, pupil="Léa Dupont", class_group="4B")
    store.add_note(case.ref, "Entretien avec lea dupont")
    store.set_step(case.ref, "prudence.jugement", True, note="fait avec Léa")
    store.add_evidence(case.ref, description="Story sur le compte de DUPONT", where_kept="Téléphone de Léa",
                       url="https://instagram.com/lea_dupont")
    return store.get(case.ref)


def test_pseudonymised_export_is_marked_valid_and_drops_what_is_not_needed(store, clock, town):
    busy_case(store, clock)
    other = open_store(store.path, user="adjoint", clock=clock, content=town)
    other.add_note("2026-001", "Vu en récréation")
    other.close()
    document = store.export_case("2026-001", "/tmp/cas.json", pseudonymise=True)
    Draft202012Validator(load_schema()).validate(document)
    assert document["pseudonymised"] is True
    case = document["case"]
    for dropped in ("uuid", "class_group", "reported_by"):
        assert dropped not in case
    assert case["pupil"] == "L. D."
    assert case["opened_by"] == "utilisateur 1"
    by = [entry["by"] for entry in case["timeline"]]
    assert set(by) == {"utilisateur 1", "utilisateur 2"}  # direction, adjoint: still told apart
    assert document["exported_by"] == "utilisateur 1"
    # The directory is left out: /home/LOGIN/… would name a member of staff.
    assert case["timeline"][-1]["text"] == "Cas exporté (pseudonymisé) vers …/cas.json"
    dumped = str(document)
    for hidden in ("Léa", "Dupont", "Dupond", "3B", "4B", "sa mère", "direction", "adjoint"):
        assert hidden not in dumped, hidden
    # The change of class is kept, without its values; the names in changes are initials.
    texts = [entry["text"] for entry in case["timeline"]]
    assert "Modification : Élève : «\u00a0L. D.\u00a0» → «\u00a0L. D.\u00a0» ; Classe : modifié (non communiqué)" in texts
    assert case["evidence"][0]["url"] == "https://instagram.com/L. D."
    assert case["steps"]["prudence.jugement"]["note"] == "fait avec L."


def test_the_stored_case_is_not_changed_by_a_pseudonymised_export(store, clock):
    case = busy_case(store, clock)
    store.export_case(case.ref, pseudonymise=True)
    stored = store.get(case.ref)
    assert stored.pupil == "Léa Dupont" and stored.class_group == "4B"
    assert stored.timeline[-1].kind == "export" and stored.timeline[-1].by == "direction"


def test_pseudonymised_export_cannot_be_imported(store, clock, tmp_path):
    case = busy_case(store, clock)
    document = store.export_case(case.ref, pseudonymise=True)
    with pytest.raises(InvalidExportError) as raised:
        case_from_export(document, source="cas-2026-001-pseudonymise.json")
    assert "pseudonymisé" in str(raised.value)
    assert "cas-2026-001-pseudonymise.json" in str(raised.value)
    with open_store(tmp_path / "autre" / "cases.json") as other:
        with pytest.raises(InvalidExportError):
            other.import_case(document)
        assert len(other) == 0


def test_a_full_export_still_needs_every_field():
    """The schema's pseudonymised branch does not loosen full exports."""
    from jsonschema import ValidationError as SchemaError

    schema = Draft202012Validator(load_schema())
    document = {
        "schema": "harcelement-tui/case-export", "version": 1, "exported_at": "2026-03-05T14:00:00+01:00",
        "exported_by": "direction", "procedure": [], "contacts": [],
        "case": {"ref": "2026-001", "pupil": "L. D."},
    }
    with pytest.raises(SchemaError):
        schema.validate(document)
    document["pseudonymised"] = True
    document["case"]["class_group"] = "3B"
    with pytest.raises(SchemaError):
        schema.validate(document)


def test_pseudonymiser_user_numbers_are_stable(store, clock):
    case = busy_case(store, clock)
    pseudo = Pseudonymiser(case)
    assert pseudo.user("direction") == "utilisateur 1"
    assert pseudo.user("quelquun") == "utilisateur 2"
    assert pseudo.user("direction") == "utilisateur 1"
    assert pseudo.user("") == ""


@pytest.mark.parametrize("text, expected", [
    # A Belgian surname with particles, written as one word or without the first name.
    ("Mme Vandenbossche a appelé.", "Mme V. D. B. a appelé."),
    ("VANDENBOSSCHE absent", "V. D. B. absent"),
    ("la famille van den Bossche", "la famille V. D. B."),
    ("Vandenbossche-Martin", "V. D. B.-Martin"),
])
def test_a_surname_with_particles_is_caught_glued_and_alone(text, expected):
    assert NameScrubber(["Éloïse Van den Bossche"])(text) == expected


def test_a_german_name_is_caught_without_its_umlaut():
    scrub = NameScrubber(["Zoé Lefèvre-Müller"])
    for text in ("Mueller", "MUELLER", "Lefevre-Mueller", "Müller"):
        assert "ueller" not in scrub(text).casefold() and "üller" not in scrub(text).casefold()


def test_paths_in_the_history_keep_only_the_file_name(store, clock):
    """An export's history line names the directory it went to: /home/LOGIN/… names a person."""
    case = store.create_case(pupil="Léa Dupont", facts=["insultes"])
    store.export_case(case.ref, "/home/jdupuis/exports/cas-2026-001.json")
    store.add_evidence(case.ref, description="Story", where_kept="téléphone de Léa",
                       url="https://www.instagram.com/stories/x/123")
    shared = Pseudonymiser(store.get(case.ref)).case()
    texts = [render_history(entry) for entry in shared.timeline]
    assert any("…/cas-2026-001.json" in text for text in texts)
    assert not any("jdupuis" in text for text in texts)
    assert shared.evidence[0].url == "https://www.instagram.com/stories/x/123"
