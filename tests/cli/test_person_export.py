"""``export --person NAME``: every case naming a person, whatever the accents and the case."""

from __future__ import annotations

import orjson
import pytest
from support.store import data_path, mode, open_store

from harcelement_tui.cli import main
from harcelement_tui.core.access_log import log_path


@pytest.fixture
def data(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as store:
        store.create_case(pupil="Léa Dupont-Gérard", facts=["insultes"])            # 001: pupil
        store.create_case(pupil="Noé Verhaegen", summary="Témoin : LEA DUPONT-GERARD")  # 002: summary
        store.create_case(pupil="Zoé Martin")                                         # 003: a note
        store.add_note("2026-003", "Appel de la maman de lea dupont-gérard, témoin")
        store.create_case(pupil="Léandre Dupontel")                                   # 004: not her
        store.create_case(pupil="Sam K.", reported_by="Gérard (éducateur)")           # 005: one word only
    return path


@pytest.mark.parametrize("spelling", ["Léa Dupont-Gérard", "LEA DUPONT GERARD", "dupont-gerard lea",
                                      "léa   dupont gérard"])
def test_finds_the_person_across_cases_whatever_the_spelling(data, capsys, workdir, spelling):
    assert main(["export", "--person", spelling, "--data", str(data)]) == 0
    (written,) = workdir.iterdir()
    assert written.name.startswith("demande-acces-") and "lea" not in written.name.lower()
    assert mode(written) == 0o600
    document = orjson.loads(written.read_bytes())
    assert [item["ref"] for item in document["found_in"]] == ["2026-001", "2026-002", "2026-003"]
    assert document["found_in"][1]["where"] == ["résumé"]
    assert [case["case"]["ref"] for case in document["cases"]] == ["2026-001", "2026-002", "2026-003"]
    assert "RELIRE" in document["notice"]
    logged = [orjson.loads(line) for line in log_path(data).read_bytes().splitlines()]
    assert [(e["ref"], e["action"]) for e in logged] == [
        ("2026-001", "demande-acces"), ("2026-002", "demande-acces"), ("2026-003", "demande-acces")]
    err = capsys.readouterr().err
    assert "3 cas mentionnent cette personne : 2026-001, 2026-002, 2026-003." in err
    assert "À RELIRE" in err


def test_one_case_found_is_said_in_the_singular(data, capsys, workdir):
    assert main(["export", "--person", "Zoé Martin", "--data", str(data)]) == 0
    assert "1 cas mentionne cette personne : 2026-003." in capsys.readouterr().err


def test_nobody_found_writes_nothing(data, capsys, workdir):
    assert main(["export", "--person", "Inconnu Personne", "--data", str(data)]) == 0
    assert list(workdir.iterdir()) == []
    assert "Aucun cas" in capsys.readouterr().err
    assert not log_path(data).exists()


def test_a_failed_write_leaves_the_history_unchanged(data, capsys, workdir):
    with open_store(data) as store:
        before = [len(store.get(ref).timeline) for ref in ("2026-001", "2026-002", "2026-003")]
    (workdir / "fichier").write_text("pas un dossier", encoding="utf-8")
    assert main(["export", "--person", "Léa Dupont-Gérard", "-o", str(workdir / "fichier" / "x.json"),
                 "--data", str(data)]) == 2
    with open_store(data) as store:
        assert [len(store.get(ref).timeline) for ref in ("2026-001", "2026-002", "2026-003")] == before
