"""The line layout of the case file and the documents kept on disk until used (issue 6: memory).

One document per line, still one JSON document; unchanged documents copied verbatim on write;
timelines and evidence read from the file when a case is opened.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.store import data_path, open_store, padded_cases, raw_case, write_raw_store
from tinydb import Query
from tinydb.operations import delete

from harcelement_tui.core import model
from harcelement_tui.core.storage import (
    META_TABLE,
    CaseDB,
    CaseStorage,
    CorruptStoreError,
    DeferredList,
    StoreError,
)

LAZY = ("timeline", "evidence")


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def case_lines(path: Path) -> dict[str, bytes]:
    """Each case's line in the file, by reference (the leading comma removed)."""
    found = {}
    for line in lines_of(path):
        if b'"ref":"' in line:
            ref = line.split(b'"ref":"', 1)[1].split(b'"', 1)[0].decode()
            found[ref] = line.lstrip(b",")
    return found


# --------------------------------------------------------------------------- round trip

_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["a\nb", 'quote " and \\ backslash', "\u2028\u2029", "\r\n\t", "é à ç 🙂", "}\n,\"1\":{", ""]
)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53) | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=12,
)
_doc = st.dictionaries(_text, _json, max_size=5)
_table = st.dictionaries(st.integers(1, 10**6).map(str), _doc, max_size=5)
_tables = st.dictionaries(_text.filter(lambda name: name != META_TABLE), _table, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=_tables, lazy=st.booleans())
def test_any_tinydb_data_round_trips_as_valid_json(tmp_path_factory, tables, lazy):
    path = tmp_path_factory.mktemp("rt") / "cases.json"
    storage = CaseStorage(path, lazy_fields=LAZY if lazy else ())
    data = {**storage.read(), **tables}
    storage.write(data)
    expected = json.loads(json.dumps(data))
    on_disk = json.loads(path.read_text(encoding="utf-8"))  # any JSON tool reads it
    assert on_disk == expected
    assert list(on_disk)[0] == META_TABLE
    assert on_disk[META_TABLE]["1"]["layout"] == "lines"
    storage.close()
    for lazy_fields in ((), LAZY):
        again = CaseStorage(path, lazy_fields=lazy_fields)
        assert orjson.loads(orjson.dumps(again.read(), default=list)) == expected
        again.close()


def test_deferred_fields_round_trip_and_rewrite_identically(tmp_path):
    path = data_path(tmp_path)
    cases = padded_cases(3) + [raw_case("2026-009", timeline=[{"text": "a\nb\u2028c", "n": 1}],
                                        evidence=[{"description": "x"}, {"description": "y"}])]
    write_raw_store(path, cases)
    storage = CaseStorage(path, lazy_fields=LAZY)
    storage.write(storage.read())  # an old single-line file: now in line layout
    storage.close()
    storage = CaseStorage(path, lazy_fields=LAZY)
    docs = storage.read()["cases"]
    assert isinstance(docs["4"]["timeline"], DeferredList)
    assert len(docs["4"]["timeline"]) == 1 and len(docs["4"]["evidence"]) == 2
    assert docs["4"]["timeline"] == [{"text": "a\nb\u2028c", "n": 1}]
    first = path.read_bytes()
    storage.write(storage.read())  # nothing changed: every document copied verbatim
    assert path.read_bytes() == first
    assert orjson.loads(first)["cases"] == {str(i): case for i, case in enumerate(cases, 1)}
    storage.close()


# --------------------------------------------------------------------------- other layouts


def test_an_old_single_line_file_is_read_and_rewritten_in_line_layout(tmp_path):
    path = write_raw_store(data_path(tmp_path), [raw_case("2026-001"), raw_case("2026-002")])
    assert path.read_bytes().count(b"\n") == 0
    store = open_store(path)
    assert [case.ref for case in store.list()] == ["2026-001", "2026-002"]
    store.add_note("2026-002", "première note en format lignes")
    lines = lines_of(path)
    assert lines[0] == b"{" and lines[1] == b'"_meta":{'
    assert set(case_lines(path)) == {"2026-001", "2026-002"}
    assert orjson.loads(case_lines(path)["2026-001"].split(b":", 1)[1]) == raw_case("2026-001")
    store.close()
    again = open_store(path)
    assert again.get("2026-002").timeline[-1].text == "première note en format lignes"
    again.close()


def test_a_pretty_printed_file_is_read_through_the_whole_file_parser(tmp_path):
    path = data_path(tmp_path)
    write_raw_store(path, [raw_case("2026-001"), raw_case("2026-002")])
    path.write_text(json.dumps(json.loads(path.read_text()), indent=2), encoding="utf-8")
    store = open_store(path)
    assert [case.ref for case in store.list()] == ["2026-001", "2026-002"]
    assert store.get("2026-001").timeline[0].text == "Cas ouvert (statut : ouvert)."
    store.close()


def line_store(tmp_path, count=3) -> Path:
    path = write_raw_store(data_path(tmp_path), padded_cases(count))
    store = open_store(path)
    store.add_note("2025-001", "passage au format lignes")
    store.close()
    return path


@pytest.mark.parametrize("damage", ["truncated doc", "doc line cut in two", "missing close", "junk after"])
def test_a_broken_line_layout_is_refused_never_half_read(tmp_path, damage):
    path = line_store(tmp_path)
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    doc = next(i for i, line in enumerate(lines) if b"2025-002" in line)
    if damage == "truncated doc":
        lines[doc] = lines[doc][: len(lines[doc]) // 2]
    elif damage == "doc line cut in two":
        middle = len(lines[doc]) // 2
        lines[doc:doc + 1] = [lines[doc][:middle], lines[doc][middle:]]
    elif damage == "missing close":
        lines = lines[:-2] + [b""]
    else:
        lines.append(b"{}")
    broken = b"\n".join(lines)
    path.write_bytes(broken)
    with pytest.raises(CorruptStoreError, match="pas du JSON valide"):
        open_store(path)
    assert path.read_bytes() == broken


# --------------------------------------------------------------------------- verbatim copies


def test_a_note_on_one_case_leaves_every_other_case_byte_identical(tmp_path):
    path = line_store(tmp_path, count=6)
    before = case_lines(path)
    store = open_store(path)
    store.add_note("2025-004", "appel de la mère")
    store.close()  # folds the journal into the file
    after = case_lines(path)
    assert after.keys() == before.keys()
    changed = {ref for ref in before if before[ref] != after[ref]}
    assert changed == {"2025-004"}
    assert b"appel de la m\xc3\xa8re" in after["2025-004"]


def tinydb_file(tmp_path) -> tuple[CaseDB, Path]:
    path = data_path(tmp_path)
    db = CaseDB(str(path), lazy_fields=LAZY)
    table = db.table("cases")
    table.insert_multiple(padded_cases(3))
    db.close()
    return CaseDB(str(path), lazy_fields=LAZY), path


@pytest.mark.parametrize(
    "how",
    ["fields", "callable on a nested list", "operation", "replace timeline", "nested step"],
)
def test_an_in_place_change_through_tinydb_is_written_not_the_stale_bytes(tmp_path, how):
    db, path = tinydb_file(tmp_path)
    table = db.table("cases")
    item = Query()
    if how == "fields":
        table.update({"pupil": "Nouveau"}, item.ref == "2025-002")
        expect = lambda doc: doc["pupil"] == "Nouveau"  # noqa: E731
    elif how == "callable on a nested list":
        table.update(lambda doc: doc["facts"].append("menaces"), item.ref == "2025-002")
        expect = lambda doc: doc["facts"] == ["insultes", "menaces"]  # noqa: E731
    elif how == "operation":
        table.update(delete("summary"), item.ref == "2025-002")
        expect = lambda doc: "summary" not in doc  # noqa: E731
    elif how == "replace timeline":
        table.update(lambda doc: doc.__setitem__("timeline", list(doc["timeline"]) + [{"text": "ajout"}]),
                     item.ref == "2025-002")
        expect = lambda doc: doc["timeline"][-1] == {"text": "ajout"} and len(doc["timeline"]) == 29  # noqa: E731
    else:
        table.update(lambda doc: doc["steps"].setdefault("x", {}).update(note="n"), item.ref == "2025-002")
        expect = lambda doc: doc["steps"] == {"x": {"note": "n"}}  # noqa: E731
    db.close()
    stored = orjson.loads(path.read_bytes())["cases"]
    assert expect(stored["2"])
    assert stored["1"] == padded_cases(3)[0] and stored["3"] == padded_cases(3)[2]
    fresh = CaseDB(str(path), lazy_fields=LAZY)  # and the storage reads it back the same
    assert expect(orjson.loads(orjson.dumps(fresh.table("cases").get(doc_id=2), default=list)))
    fresh.close()


def test_a_file_changed_in_place_behind_the_store_is_detected_not_copied(tmp_path):
    path = line_store(tmp_path)
    store = open_store(path)
    case = store.get("2025-002")
    raw = path.read_bytes()
    with open(path, "r+b") as handle:  # a foreign tool rewriting the same inode
        handle.write(raw.replace(b"Entretien", b"ENTRETIEN"))
    with pytest.raises(StoreError, match="modifié sur place"):
        list(case.timeline)
    store.close()


# --------------------------------------------------------------------------- laziness


def test_listing_cases_does_not_build_timelines_and_opening_one_builds_only_its_own(tmp_path, monkeypatch):
    from gen_cases import write_store

    path = write_store(tmp_path / "donnees" / "cases.json", 300)
    open_store(path).add_note("2026-001", "format lignes")  # the file as the console leaves it
    built = []
    real = model.TimelineEntry.from_dict.__func__
    monkeypatch.setattr(model.TimelineEntry, "from_dict",
                        classmethod(lambda cls, data: built.append(1) or real(cls, data)))
    reads = []
    real_read = DeferredList.load
    monkeypatch.setattr(DeferredList, "load", lambda self: reads.append(1) or real_read(self))
    store = open_store(path)
    cases = store.list()
    assert len(cases) == 300
    assert sum(len(case.timeline) for case in cases) > 300 * 10  # lengths known without parsing
    assert built == [] and reads == []
    opened = store.get("2026-002")
    assert opened.timeline[-1].at and list(opened.evidence)
    assert len(built) == len(opened.timeline)
    assert len(reads) == 2  # its timeline and its evidence, nothing else
    store.close()


def test_a_case_stays_readable_after_its_store_is_closed_and_the_file_replaced(tmp_path):
    path = line_store(tmp_path)
    store = open_store(path)
    case = store.get("2025-003")
    store.close()
    other = open_store(path)
    other.add_note("2025-003", "plus tard")
    other.close()
    assert len(case.timeline) == 28 and case.timeline[0].kind == "note"  # its own version
    os.unlink(path)
    assert case.timeline[-1].version == 29
