"""``export --encrypt`` / ``--recipient`` and ``import`` of an age file: round trip byte-exact,
wrong passphrase or damaged file refused with one French line and nothing written."""

from __future__ import annotations

import orjson
import pytest
from support.cli import one_error_line
from support.store import data_path, mode, open_store

from harcelement_tui.cli import protect as cli_protect
from harcelement_tui.cli import main
from harcelement_tui.core.access_log import log_path
from harcelement_tui.core.encryption import decrypt
from harcelement_tui.core.history_text import readable_history

PHRASE = "cheval correct agrafe pile"


@pytest.fixture
def data(tmp_path):
    path = data_path(tmp_path)
    with open_store(path) as store:
        store.create_case(pupil="Léa Dupont", summary="Photomontage diffusé sur Snapchat", facts=["insultes"])
        store.add_note("2026-001", "Maman de Léa appelée : très inquiète")
    return path


@pytest.fixture
def typed(monkeypatch):
    """What the user types at each passphrase prompt (and the prompts seen)."""
    answers: list[str] = []
    prompts: list[str] = []

    def read_secret(prompt):
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(cli_protect, "read_secret", read_secret)
    return answers, prompts


def test_encrypt_then_import_gives_back_the_exact_export(data, tmp_path, capsys, workdir, typed):
    answers, prompts = typed
    answers += [PHRASE, PHRASE]
    assert main(["export", "2026-001", "--encrypt", "--data", str(data)]) == 0
    assert len(prompts) == 2  # asked twice
    encrypted = workdir / "cas-2026-001.json.age"
    assert mode(encrypted) == 0o600
    raw = encrypted.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    for secret in ("Léa", "Dupont", "Snapchat", "inquiète", "2026-001", "direction"):
        assert secret.encode() not in raw
    plain = decrypt(raw, source="x", passphrase=PHRASE)
    # The plaintext is the very export the command writes without --encrypt.
    document = orjson.loads(plain)
    assert document["case"]["pupil"] == "Léa Dupont"
    other = tmp_path / "autre-ecole" / "cases.json"
    answers.append(PHRASE)
    capsys.readouterr()
    assert main(["import", str(encrypted), "--data", str(other)]) == 0
    with open_store(other) as store:
        imported = store.get("2026-001")
    stored = imported.to_dict()
    readable_history(stored, imported.timeline)  # the sentences an export adds
    assert orjson.loads(orjson.dumps(stored)) == document["case"]
    assert "consulte" not in log_path(data).read_text()
    assert [line["action"] for line in map(orjson.loads, log_path(data).read_bytes().splitlines())] == ["exporte-chiffre"]


def test_round_trip_is_byte_exact():
    from harcelement_tui.core.encryption import encrypt

    payload = bytes(range(256)) * 100 + "Léa ✓".encode()
    assert decrypt(encrypt(payload, passphrase=PHRASE), source="x", passphrase=PHRASE) == payload


@pytest.mark.parametrize("damage", ["wrong", "cut", "flipped"])
def test_wrong_passphrase_or_damaged_file_is_refused_and_nothing_is_written(data, tmp_path, capsys, workdir,
                                                                            typed, damage):
    answers, _ = typed
    answers += [PHRASE, PHRASE]
    assert main(["export", "2026-001", "--encrypt", "--data", str(data)]) == 0
    encrypted = workdir / "cas-2026-001.json.age"
    raw = encrypted.read_bytes()
    if damage == "cut":
        encrypted.write_bytes(raw[:-30])
    elif damage == "flipped":
        encrypted.write_bytes(raw[:-40] + bytes([raw[-40] ^ 1]) + raw[-39:])
    answers.append("pas la bonne phrase" if damage == "wrong" else PHRASE)
    capsys.readouterr()
    other = tmp_path / "autre-ecole" / "cases.json"
    code = main(["import", str(encrypted), "--data", str(other)])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert "Déchiffrement impossible" in line and "rien n'a été importé" in line
    assert not other.exists() and not log_path(other).exists()


def test_two_different_passphrases_write_nothing_and_log_nothing(data, capsys, workdir, typed):
    answers, _ = typed
    answers += [PHRASE, PHRASE + " bis"]
    assert main(["export", "2026-001", "--encrypt", "--data", str(data)]) == 2
    assert "diffèrent" in one_error_line(capsys.readouterr().err)
    assert list(workdir.iterdir()) == []
    assert not log_path(data).exists()
    with open_store(data) as store:
        assert all(entry.kind != "export" for entry in store.get("2026-001").timeline)


def test_a_short_passphrase_is_refused(data, capsys, workdir, typed):
    answers, _ = typed
    answers += ["court"]
    assert main(["export", "2026-001", "--encrypt", "--data", str(data)]) == 2
    assert "trop courte" in one_error_line(capsys.readouterr().err)
    assert list(workdir.iterdir()) == []


def test_recipient_key_round_trip_and_identity_needed(data, tmp_path, capsys, workdir, typed):
    from pyrage import x25519

    identity = x25519.Identity.generate()
    key_file = tmp_path / "cle.txt"
    key_file.write_text(f"# clé de l'école\n{identity}\n")
    assert main(["export", "2026-001", "--recipient", str(identity.to_public()), "--data", str(data)]) == 0
    encrypted = workdir / "cas-2026-001.json.age"
    assert b"Dupont" not in encrypted.read_bytes()
    other = tmp_path / "autre-ecole" / "cases.json"
    capsys.readouterr()
    assert main(["import", str(encrypted), "--data", str(other)]) == 2
    assert "--identity" in one_error_line(capsys.readouterr().err)
    wrong = tmp_path / "autre-cle.txt"
    wrong.write_text(f"{x25519.Identity.generate()}\n")
    assert main(["import", str(encrypted), "--data", str(other), "--identity", str(wrong)]) == 2
    assert "Déchiffrement impossible" in one_error_line(capsys.readouterr().err)
    assert main(["import", str(encrypted), "--data", str(other), "--identity", str(key_file)]) == 0
    with open_store(other) as store:
        assert store.get("2026-001").pupil == "Léa Dupont"


def test_a_bad_recipient_key_is_refused_before_anything_is_logged(data, capsys, workdir):
    assert main(["export", "2026-001", "--recipient", "age1pasunecle", "--data", str(data)]) == 2
    assert "Clé publique du destinataire invalide" in one_error_line(capsys.readouterr().err)
    assert not log_path(data).exists()


def test_without_a_terminal_the_passphrase_is_refused_not_read_from_stdin(data, capsys, workdir, monkeypatch):
    monkeypatch.setattr(cli_protect, "terminal_available", lambda: False)
    assert main(["export", "2026-001", "--encrypt", "--data", str(data)]) == 2
    assert "un terminal est nécessaire" in one_error_line(capsys.readouterr().err)


def test_the_passphrase_is_typed_on_the_terminal_and_never_echoed(data, tmp_path, workdir):
    """In a real pty: getpass prompts twice, the phrase is not echoed, import asks once."""
    import os
    import sys

    from pty_term import Term, plain

    other = tmp_path / "autre-ecole" / "cases.json"
    export = [sys.executable, "-m", "harcelement_tui", "export", "2026-001", "--encrypt", "--data", str(data)]
    with Term(export, cwd=str(workdir), env=dict(os.environ)) as term:
        term.wait_text("Phrase de passe pour chiffrer")
        term.send(PHRASE + "\r")
        term.wait_text("encore une fois")
        term.send(PHRASE + "\r")
        term.wait_text("exporté et chiffré", timeout=60)
        assert PHRASE not in plain(bytes(term.output))
    imp = [sys.executable, "-m", "harcelement_tui", "import", "cas-2026-001.json.age", "--data", str(other)]
    with Term(imp, cwd=str(workdir), env=dict(os.environ)) as term:
        term.wait_text("Phrase de passe de cas-2026-001.json.age")
        term.send(PHRASE + "\r")
        term.wait_text("Cas importé : 2026-001.", timeout=60)
        assert PHRASE not in plain(bytes(term.output))
    with open_store(other) as store:
        assert store.get("2026-001").pupil == "Léa Dupont"


def test_an_unknown_case_is_said_before_the_passphrase_is_asked(data, capsys, workdir, typed):
    _, prompts = typed
    assert main(["export", "2099-001", "--encrypt", "--data", str(data)]) == 2
    one_error_line(capsys.readouterr().err)
    assert prompts == []


def test_a_folder_that_cannot_be_written_is_said_before_the_passphrase_is_asked(data, tmp_path, capsys, typed):
    answers, prompts = typed
    answers.extend([PHRASE, PHRASE])
    not_a_folder = tmp_path / "note.txt"
    not_a_folder.write_text("un fichier, pas un dossier")
    assert main(["export", "2026-001", "--encrypt", "-o", str(not_a_folder / "cas.age"), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert prompts == []  # nothing typed for nothing
    assert f"Impossible d'écrire dans le dossier {not_a_folder}" in err and len(err.strip().splitlines()) == 1
