"""``harcelement-tui purge`` and ``stats`` on the command line."""

from __future__ import annotations

import io
import re
from datetime import datetime

import orjson
import pytest
from support.cli import one_error_line
from support.clock import TZ, FrozenClock
from support.store import data_path, open_store

from harcelement_tui.cli import main

PREFIX = "harcelement-tui : "
OLD = "Ancien Élève"
RECENT = "Récent Élève"


@pytest.fixture
def data(tmp_path, town):
    """2020-001 closed in February 2020 (long past one year), 2020-002 still open, 2020-003 closed
    today by the real clock (within the period)."""
    path = data_path(tmp_path)
    clock = FrozenClock(datetime(2020, 2, 3, 9, 0, tzinfo=TZ))
    with open_store(path, clock=clock, content=town) as store:
        store.create_case(pupil=OLD, facts=["insultes"], summary="Texte privé")
        store.create_case(pupil="Ouvert Toujours")
        recent = store.create_case(pupil=RECENT)
        clock.advance(days=12)
        store.set_status("2020-001", "clos")
    with open_store(path, content=town, clock=lambda: datetime.now().astimezone()) as store:
        store.set_status(recent.ref, "clos")
    return path


class Terminal(io.StringIO):
    """Standard input typed on a terminal."""

    def isatty(self) -> bool:
        return True


def run(*args):
    return main(list(args))


def test_dry_run_lists_refs_and_dates_without_personal_data(data, capsys):
    before = data.read_bytes()
    assert run("--data", str(data), "purge", "--dry-run") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "1 cas à purger (délai de conservation : 365 jours après la clôture) :"
    assert lines[1].split()[:4] == ["2020-001", "clos", "le", "15/02/2020"]
    assert re.search(r"délai dépassé de \d{3,} jours$", lines[1])
    assert lines[-1] == "Simulation (--dry-run) : rien n'a été modifié."
    assert OLD not in out and RECENT not in out
    assert data.read_bytes() == before


def test_purge_with_yes_purges_and_logs(data, capsys, monkeypatch):
    monkeypatch.setenv("USER", "direction")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run("--data", str(data), "purge", "--yes") == 0
    captured = capsys.readouterr()
    assert "2020-001" in captured.out
    err = captured.err.splitlines()
    assert err[0].startswith("Cas 2020-001 purgé le ") and err[0].endswith(
        " par direction (délai de conservation de 365 jours dépassé).")
    assert "sauvegardes quotidiennes" in err[-1]
    text = data.read_text(encoding="utf-8")
    assert OLD not in text and "Texte privé" not in text and RECENT in text
    assert run("--data", str(data), "purge", "--dry-run") == 0
    assert capsys.readouterr().out.startswith("Aucun cas à purger")


def test_purge_without_a_terminal_refuses_unless_yes(data, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("oui\n"))
    before = data.read_bytes()
    assert run("--data", str(data), "purge") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(PREFIX + "Confirmation impossible : l'entrée standard n'est pas un terminal.")
    assert "--yes" in err and "\n" not in err
    assert data.read_bytes() == before


def test_purge_asks_on_the_terminal(data, capsys, monkeypatch):
    before = data.read_bytes()
    monkeypatch.setattr("sys.stdin", Terminal("non\n"))
    assert run("--data", str(data), "purge") == 1
    err = capsys.readouterr().err
    assert "Purger 1 cas ? Tapez oui pour confirmer : " in err
    assert "Purge annulée : rien n'a été modifié." in err
    assert data.read_bytes() == before
    monkeypatch.setattr("sys.stdin", Terminal(" OUI \n"))
    assert run("--data", str(data), "purge") == 0
    assert OLD not in data.read_text(encoding="utf-8")


def test_retention_comes_from_the_configuration(data, capsys, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("retention_days: 36500\n", encoding="utf-8")
    assert run("--data", str(data), "--config", str(config), "purge", "--yes") == 0
    assert capsys.readouterr().out == "Aucun cas à purger (délai de conservation : 36500 jours après la clôture).\n"
    for wrong in ("0", "36501", "99999999999"):  # the last one overflowed the date arithmetic
        config.write_text(f"retention_days: {wrong}\n", encoding="utf-8")
        assert run("--data", str(data), "--config", str(config), "purge", "--dry-run") == 2
        line = one_error_line(capsys.readouterr().err)
        assert "« retention_days » doit être un nombre entier de jours, entre 1 et 36500" in line


def test_a_purged_case_cannot_be_exported(data, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("--data", str(data), "purge", "--yes") == 0
    capsys.readouterr()
    assert run("--data", str(data), "export", "2020-001") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(PREFIX + "Le cas 2020-001 a été purgé le ") and "ne peut plus être exporté" in err
    assert not (tmp_path / "cas-2020-001.json").exists()
    out_dir = tmp_path / "exports"
    assert run("--data", str(data), "export", "--all", "-o", str(out_dir)) == 0
    err = capsys.readouterr().err
    assert "1 cas purgé non exporté" in err and "2 cas exportés" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["cas-2020-002.json", "cas-2020-003.json"]


def test_stats_text_and_json(data, capsys):
    assert run("--data", str(data), "stats") == 0
    out = capsys.readouterr().out
    assert out.startswith("Statistiques des cas — toutes les années : 3 cas\n")
    assert "février 2020" in out and "Délai médian" in out
    for name in (OLD, RECENT, "Ouvert Toujours", "Texte privé"):
        assert name not in out
    assert run("--data", str(data), "stats", "--year", "2019", "--json") == 0
    document = orjson.loads(capsys.readouterr().out)
    assert document["year"] == 2019 and document["total"] == 0
    assert run("--data", str(data), "stats", "--year", "2020", "--json") == 0
    document = orjson.loads(capsys.readouterr().out)
    assert document["total"] == 3 and document["by_status"] == {"ouvert": 1, "suivi": 0, "clos": 2}
    assert document["by_fact"]["insultes"] == 1


def test_stats_year_must_be_a_number(data, capsys):
    with pytest.raises(SystemExit) as exit_:
        run("--data", str(data), "stats", "--year", "deux-mille")
    assert exit_.value.code == 2
    assert "valeur invalide" in capsys.readouterr().err


def test_help_is_in_french(capsys):
    for command in ("purge", "stats"):
        with pytest.raises(SystemExit):
            run(command, "--help")
        out = capsys.readouterr().out
        assert out.startswith(f"utilisation : harcelement-tui {command}")
        assert "afficher cette aide et quitter" in out
