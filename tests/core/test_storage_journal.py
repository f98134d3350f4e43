"""The journal of saves (issue 18): a save appends one record; the data file is folded now and
then; another session reads the new records alone; damage is refused, a torn tail ignored."""

from __future__ import annotations

import os
import struct

import orjson
import pytest
from support.store import (
    data_path,
    mode,
    open_store,
    padded_cases,
    raw_case,
    write_raw_store,
)
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from harcelement_tui.core.storage import CaseStorage, CorruptStoreError, journaled


def journal_of(path):
    return path.with_name(path.name + ".journal")


def texts(store, ref="2025-001"):
    return [entry.text for entry in store.get(ref).timeline]


@pytest.fixture
def path(tmp_path):
    path = write_raw_store(data_path(tmp_path), padded_cases(3))
    store = open_store(path)
    store.add_note("2025-001", "mise en forme")  # marks the file for the journal
    store.close()
    return path


def test_a_save_appends_to_the_journal_and_leaves_the_data_file_as_it_is(path):
    before = path.read_bytes()
    store = open_store(path)
    store.add_note("2025-002", "appel de la mère")
    size = journal_of(path).stat().st_size
    store.add_note("2025-002", "rendez-vous fixé")
    assert path.read_bytes() == before
    assert journal_of(path).stat().st_size > size
    assert texts(store, "2025-002")[-2:] == ["appel de la mère", "rendez-vous fixé"]
    store.close()


def test_at_rest_the_data_file_alone_holds_everything_for_tinydb_and_jq(path):
    store = open_store(path)
    store.add_note("2025-003", "après l'entretien")
    store.close()
    assert not journal_of(path).exists()
    db = TinyDB(str(path), storage=JSONStorage, access_mode="r")
    doc = db.table("cases").get(doc_id=3)
    db.close()
    assert doc["timeline"][-1]["text"] == "après l'entretien"


def test_another_session_reads_the_new_records_alone(path, monkeypatch):
    reader = open_store(path)
    listed = reader.list()
    writer = open_store(path)
    writer.add_note("2025-002", "note de l'autre session")
    loads = []
    real_load = CaseStorage._load
    monkeypatch.setattr(CaseStorage, "_load", lambda self: (loads.append(1), real_load(self))[1])
    assert reader.changed_since(reader.storage.stamp)
    again = reader.list()
    assert loads == []  # the data file was not read again
    assert texts(reader, "2025-002")[-1] == "note de l'autre session"
    assert again[0] is listed[0] and again[2] is listed[2]  # the other cases were not rebuilt
    writer.close()
    reader.close()


def test_a_torn_last_record_is_ignored_then_cut_off_by_the_next_save(path):
    store = open_store(path)
    store.add_note("2025-001", "acquittée")
    journal = journal_of(path)
    whole = journal.stat().st_size
    store.add_note("2025-001", "coupée")
    with open(journal, "r+b") as handle:  # a writer killed halfway through its record
        handle.truncate(whole + (journal.stat().st_size - whole) // 2)
    other = open_store(path)
    assert texts(other)[-1] == "acquittée"
    other.add_note("2025-001", "suivante")
    other.close()
    fresh = open_store(path)
    assert texts(fresh)[-2:] == ["acquittée", "suivante"]
    fresh.close()
    store.close()


@pytest.mark.parametrize("damage", ["checksum", "foreign", "header", "order"])
def test_a_damaged_or_foreign_journal_refuses_the_file_and_changes_nothing(path, damage):
    store = open_store(path)
    store.add_note("2025-001", "première")
    first_end = journal_of(path).stat().st_size
    store.add_note("2025-001", "seconde")
    store.storage._closed = True  # dropped without closing (as if killed): no fold
    journal = journal_of(path)
    raw = bytearray(journal.read_bytes())
    header_end = 12 + struct.unpack(">I", bytes(raw[4:8]))[0]
    if damage == "checksum":  # a flipped byte in the first record, another record after it
        raw[header_end + 20] ^= 0xFF
    elif damage == "foreign":
        raw[header_end:header_end + 4] = b"XXXX"
    elif damage == "header":
        raw[12:header_end] = orjson.dumps({"format": "autre"}).ljust(header_end - 12)
    else:  # the second record where the first was: a record missing
        raw = raw[:header_end] + raw[first_end:]
    saved = bytes(raw)
    journal.write_bytes(saved)
    before = path.read_bytes()
    with pytest.raises(CorruptStoreError, match="journal"):
        open_store(path)
    assert path.read_bytes() == before and journal.read_bytes() == saved


def test_a_stale_journal_left_by_a_fold_killed_before_removing_it_is_ignored(path):
    store = open_store(path)
    store.add_note("2025-001", "une fois")
    journal = journal_of(path)
    stale = journal.read_bytes()
    store.close()  # fold: the note is in the data file, the journal removed
    journal.write_bytes(stale)  # as if killed just before the removal
    os.chmod(journal, 0o600)
    store = open_store(path)
    assert texts(store).count("une fois") == 1
    store.add_note("2025-001", "ensuite")
    store.close()
    store = open_store(path)
    assert texts(store)[-2:] == ["une fois", "ensuite"]
    store.close()


def test_a_new_journal_on_the_inode_of_the_last_one_is_read_from_its_start(path):
    """A removed journal's inode number is soon given to the next journal. A console that had read
    the old one (here a stale journal, left by a fold killed before removing it, then removed by a
    session that closed) must read the new one from its start, not from where the old one ended:
    it found « un enregistrement n'est pas de harcelement-tui » there (a kill test, 1 run in 40)."""
    store = open_store(path)
    store.add_note("2025-001", "une fois")
    journal = journal_of(path)
    stale = journal.read_bytes()
    store.close()
    journal.write_bytes(stale)  # as if killed just before the removal
    os.chmod(journal, 0o600)
    reader = open_store(path)
    assert texts(reader).count("une fois") == 1
    kept = journal.with_name("inode-gardé")
    os.link(journal, kept)  # keeps the stale journal's inode for the next one
    open_store(path).close()  # removes the stale journal
    writer = open_store(path)
    writer.add_note("2025-001", "après le nettoyage")
    writer.add_note("2025-002", "et une autre")
    new = journal.read_bytes()
    assert len(new) >= len(stale)
    with open(kept, "r+b") as handle:  # the new journal, on the old inode
        handle.write(new)
        handle.truncate(len(new))
    os.replace(kept, journal)
    assert texts(reader)[-1] == "après le nettoyage"
    assert texts(reader, "2025-002")[-1] == "et une autre"
    reader.close()
    writer.storage._closed = True  # its journal was swapped under it: not this test's subject


def test_a_file_of_an_older_version_is_marked_at_its_first_save(tmp_path):
    path = data_path(tmp_path)
    path.parent.mkdir(mode=0o700)
    path.write_bytes(orjson.dumps({"_meta": {"1": {"format": "harcelement-tui/cases", "format_version": 1}},
                                   "cases": {"1": raw_case("2026-001")}}))
    os.chmod(path, 0o600)
    store = open_store(path)
    store.add_note("2026-001", "première note")
    meta = orjson.loads(path.read_bytes())["_meta"]["1"]
    assert meta["format_version"] == 2 and isinstance(meta["journal"], str)
    assert texts(store, "2026-001")[-1] == "première note"
    store.close()


def test_the_data_file_is_folded_once_the_journal_is_long(path, monkeypatch):
    monkeypatch.setattr(journaled, "FOLD_BYTES", 20_000)
    store = open_store(path)
    for number in range(12):
        store.add_note("2025-001", f"note {number}")
    assert b"note 11" in path.read_bytes() or b"note 10" in path.read_bytes()
    assert not journal_of(path).exists() or journal_of(path).stat().st_size <= 20_000 + 10_000
    store.close()


def test_the_journal_gets_the_mode_and_group_of_the_data_file(path):
    os.chmod(path, 0o640)
    store = open_store(path)
    store.add_note("2025-001", "partagée")
    assert mode(journal_of(path)) == 0o640
    assert os.stat(journal_of(path)).st_gid == os.stat(path).st_gid
    store.close()


def test_in_a_team_directory_the_journal_is_group_read_write(tmp_path):
    team = tmp_path / "equipe"
    team.mkdir()
    os.chmod(team, 0o2770)
    path = write_raw_store(team / "cases.json", [raw_case("2026-001")], file_mode=0o660)
    os.chmod(team, 0o2770)
    store = open_store(path)
    store.add_note("2026-001", "équipe")
    assert mode(journal_of(path)) == 0o660
    store.close()


def test_a_journal_others_may_read_is_refused(path):
    store = open_store(path)
    store.add_note("2025-001", "privée")
    store.storage._closed = True  # dropped without closing: the journal stays
    os.chmod(journal_of(path), 0o644)
    with pytest.raises(Exception, match="accessible à tous"):
        open_store(path)


def test_another_session_s_fold_is_taken_without_reading_the_file_again(path, monkeypatch):
    reader = open_store(path)
    listed = reader.list()
    writer = open_store(path)
    writer.add_note("2025-002", "avant le pliage")
    assert texts(reader, "2025-002")[-1] == "avant le pliage"  # read from the journal
    writer.close()  # folds: the data file is replaced, the journal removed
    loads = []
    real_load = CaseStorage._load
    monkeypatch.setattr(CaseStorage, "_load", lambda self: (loads.append(1), real_load(self))[1])
    again = reader.list()
    assert loads == []
    assert again[0] is listed[0] and texts(reader, "2025-002")[-1] == "avant le pliage"
    reader.add_note("2025-003", "après le pliage")  # and saves on from there
    reader.close()
    monkeypatch.undo()
    fresh = open_store(path)
    assert texts(fresh, "2025-002")[-1] == "avant le pliage"
    assert texts(fresh, "2025-003")[-1] == "après le pliage"
    fresh.close()


def test_a_session_behind_another_s_fold_reads_the_file_again(path):
    reader = open_store(path)
    reader.list()
    writer = open_store(path)
    writer.add_note("2025-002", "lue seulement dans le fichier")
    writer.close()  # folded before the reader saw the record: it cannot take the fold as is
    assert texts(reader, "2025-002")[-1] == "lue seulement dans le fichier"
    reader.close()
