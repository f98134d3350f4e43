"""The case model: dict round trips, unknown keys kept, lazy parts, input validation in French."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date, datetime, timezone

import pytest
from support.store import raw_case

from harcelement_tui.core.model import (
    Case,
    Evidence,
    LazyTuple,
    StepRecord,
    TimelineEntry,
    ValidationError,
    check_case_fields,
    check_evidence_fields,
    check_facts,
    check_follow_up,
    check_kind,
    check_platforms,
    check_status,
    check_stored_case,
    check_timestamp,
    is_aware_timestamp,
    iso,
    ref_key,
)


def full_case_dict() -> dict:
    return raw_case(
        "2026-004",
        follow_up="2026-04-01",
        platforms=["Snapchat", "TikTok"],
        steps={"prudence.jugement": {"done_at": "2026-01-10T10:00:00+01:00", "done_by": "direction",
                                     "note": "fait en entretien"}},
        timeline=[
            {"at": "2026-01-10T09:00:00+01:00", "by": "direction", "kind": "statut",
             "text": "Cas ouvert (statut : ouvert).", "version": 1,
             "changes": {"status": {"old": None, "new": "ouvert"}}},
            {"at": "2026-01-10T09:30:00+01:00", "by": "direction", "kind": "appel",
             "text": "Appel à la médiation", "contact_id": "mediation_scolaire", "version": 2},
        ],
        evidence=[{"at": "2026-01-10T11:00:00+01:00", "by": "direction", "description": "Capture",
                   "where_kept": "Chez la mère", "platform": "Snapchat", "url": "https://example.org/x",
                   "seen_at": "2026-01-09T20:00:00+01:00"}],
        version=3,
    )


def test_round_trip_is_exact():
    data = full_case_dict()
    case = Case.from_dict(data)
    assert case.to_dict() == data
    assert Case.from_dict(case.to_dict()) == case
    assert case.timeline[1].contact_id == "mediation_scolaire"
    assert case.steps["prudence.jugement"].note == "fait en entretien"
    assert case.evidence[0].where_kept == "Chez la mère"


def test_unknown_keys_are_kept_at_every_level():
    data = full_case_dict()
    data["gravite"] = {"niveau": 3, "notes": ["a", "b"]}
    data["timeline"][0]["signature"] = "abc"
    data["evidence"][0]["hash"] = "sha256:00"
    data["steps"]["prudence.jugement"]["valide_par"] = "po"
    case = Case.from_dict(data)
    assert case.extra["gravite"] == {"niveau": 3, "notes": ["a", "b"]}
    out = case.to_dict()
    assert out == data
    # The copy is deep: changing the output never changes the case.
    out["gravite"]["notes"].append("c")
    assert case.to_dict()["gravite"]["notes"] == ["a", "b"]


def test_cases_are_immutable():
    case = Case.from_dict(full_case_dict())
    with pytest.raises(FrozenInstanceError):
        case.pupil = "autre"  # type: ignore[misc]
    with pytest.raises(TypeError):
        case.steps["x"] = None  # type: ignore[index]


def test_timeline_is_parsed_lazily_but_behaves_like_a_tuple():
    data = full_case_dict()
    case = Case.from_dict(data)
    assert isinstance(case.timeline, LazyTuple)
    assert len(case.timeline) == 2 and case.timeline._items is None  # nothing parsed yet
    assert case.timeline[-1].kind == "appel"
    entry = TimelineEntry(at="2026-01-11T00:00:00+01:00", by="x", kind="note", text="t")
    longer = case.timeline + (entry,)
    assert isinstance(longer, tuple) and len(longer) == 3
    assert case.timeline == tuple(case.timeline)
    assert tuple(case.timeline) == case.timeline
    assert replace(case, timeline=longer).timeline[-1] == entry


def test_from_dict_refuses_what_cannot_be_a_case():
    with pytest.raises(ValueError):
        Case.from_dict(["not", "a", "case"])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Case.from_dict({"pupil": "sans référence"})
    with pytest.raises(ValueError):
        Case.from_dict(raw_case("2026-001", timeline="texte"))
    with pytest.raises(ValueError):
        Case.from_dict(raw_case("2026-001", timeline=["pas un objet"]))


def test_from_dict_is_lenient_on_values_a_newer_version_may_write():
    case = Case.from_dict(raw_case("2026-001", status="archive", facts=["harcelement_scolaire"]))
    assert case.status == "archive"
    assert case.to_dict()["facts"] == ["harcelement_scolaire"]


def test_parts_round_trip_and_omit_empty_optionals():
    record = StepRecord("2026-01-01T10:00:00+01:00", "d", "")
    assert StepRecord.from_dict(record.to_dict()) == record
    entry = TimelineEntry("2026-01-01T10:00:00+01:00", "d", "note", "texte")
    assert entry.to_dict() == {"at": "2026-01-01T10:00:00+01:00", "by": "d", "kind": "note", "text": "texte"}
    item = Evidence("2026-01-01T10:00:00+01:00", "d", "desc", "coffre")
    assert item.to_dict() == {"at": "2026-01-01T10:00:00+01:00", "by": "d", "description": "desc",
                              "where_kept": "coffre"}


def test_iso_timestamps_are_aware():
    assert iso(datetime(2026, 3, 5, 14, 2, 11, 500, tzinfo=timezone.utc)) == "2026-03-05T14:02:11+00:00"
    assert is_aware_timestamp(iso(datetime(2026, 3, 5, 14, 2)))  # naive: local offset added
    assert is_aware_timestamp("2026-03-05T14:02:11Z")
    assert not is_aware_timestamp("2026-03-05T14:02:11")
    assert not is_aware_timestamp("2026-13-45T14:02:11+01:00")


def test_refs_sort_by_year_then_number():
    refs = ["2026-1000", "2025-010", "2026-002", "2026-999"]
    assert sorted(refs, key=ref_key) == ["2025-010", "2026-002", "2026-999", "2026-1000"]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"pupil": "   "}, "pupil", "obligatoire"),
        ({}, "pupil", "obligatoire"),
        ({"pupil": "A", "facts": ["vol"]}, "facts", "Catégorie de faits inconnue : « vol »"),
        ({"pupil": "A", "facts": "insultes"}, "facts", "liste"),
        ({"pupil": "A", "status": "fermé"}, "status", "Statut inconnu : « fermé »"),
        ({"pupil": "A", "is_minor": "oui"}, "is_minor", "oui ou non"),
        ({"pupil": "A", "follow_up": "demain"}, "follow_up", "AAAA-MM-JJ"),
        ({"pupil": "A", "platforms": "Snapchat"}, "platforms", "liste"),
        ({"pupil": "A", "couleur": "rouge"}, "couleur", "Champ inconnu"),
        ({"pupil": "A", "summary": 12}, "summary", "texte"),
    ],
)
def test_case_fields_are_checked_in_french(fields, field, words):
    with pytest.raises(ValidationError) as caught:
        check_case_fields(fields, creating=True)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert caught.value.exit_code == 2


def test_case_fields_are_normalised():
    values = check_case_fields(
        {"pupil": "  L. M. ", "facts": ["menaces", "insultes", "menaces"], "platforms": [" Snapchat", "Snapchat", ""],
         "follow_up": date(2026, 4, 1), "class_group": " 3B "},
        creating=True,
    )
    assert values == {"pupil": "L. M.", "facts": ("insultes", "menaces"), "platforms": ("Snapchat",),
                      "follow_up": "2026-04-01", "class_group": "3B"}
    assert check_facts(None) == ()
    assert check_platforms(None) == ()
    assert check_follow_up("") is None
    assert check_follow_up(datetime(2026, 4, 1, 10, 0)) == "2026-04-01"
    assert check_status("clos") == "clos"
    with pytest.raises(ValidationError):
        check_case_fields({"status": "clos"}, creating=False)  # status has its own call


def test_evidence_and_note_kinds_are_checked():
    with pytest.raises(ValidationError) as caught:
        check_evidence_fields({"description": "capture"})
    assert caught.value.field == "where_kept"
    with pytest.raises(ValidationError) as caught:
        check_evidence_fields({"description": "c", "where_kept": "w", "image": b"..."})
    assert caught.value.field == "image"
    with pytest.raises(ValidationError) as caught:
        check_evidence_fields({"description": "c", "where_kept": "w", "seen_at": "hier"})
    assert caught.value.field == "seen_at"
    assert check_timestamp(datetime(2026, 1, 1, tzinfo=timezone.utc), "seen_at") == "2026-01-01T00:00:00+00:00"
    assert check_kind("appel") == "appel"
    with pytest.raises(ValidationError, match="écrites par la console"):
        check_kind("export")
    with pytest.raises(ValidationError, match="inconnu"):
        check_kind("sms")


def test_stored_case_checks_for_imports():
    check_stored_case(Case.from_dict(full_case_dict()))
    for bad in ({"status": "archive"}, {"pupil": ""}, {"ref": "26-1"}, {"opened_at": "2026-01-10 09:00"}):
        with pytest.raises(ValidationError):
            check_stored_case(Case.from_dict({**full_case_dict(), **bad}))
