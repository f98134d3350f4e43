"""Configuration: server-wide, then the user's, then --config; command-line options win."""

from __future__ import annotations

from pathlib import Path

import pytest

from harcelement_tui.core.config import load_config
from harcelement_tui.core.errors import ConfigError
from harcelement_tui.core.paths import default_data_file, resolve_data_file


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_later_files_win_and_paths_are_resolved_against_their_file(tmp_path):
    system = write(tmp_path / "etc/config.yaml", "school_name: Athénée\ndata_file: /srv/cas/cases.json\n")
    user = write(tmp_path / "home/config.yaml", "school_name: École Saint-Joseph\n")
    explicit = write(tmp_path / "autre/config.yaml", "content_dir: contenu-mouscron\n")
    config = load_config(explicit, system_file=system, user_file=user)
    assert config.school_name == "École Saint-Joseph"
    assert config.data_file == Path("/srv/cas/cases.json")
    assert config.content_dir == tmp_path / "autre/contenu-mouscron"
    assert config.sources == (system, user, explicit)


def test_missing_files_are_skipped(tmp_path):
    config = load_config(system_file=tmp_path / "none.yaml", user_file=tmp_path / "none2.yaml")
    assert config.school_name == "" and config.sources == ()


def test_empty_file_is_an_empty_configuration(tmp_path):
    user = write(tmp_path / "config.yaml", "# rien\n")
    assert load_config(system_file=tmp_path / "x", user_file=user).sources == (user,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ecole: Athénée\n", "clé inconnue « ecole »"),
        ("school_name: 12\n", "la clé « school_name » doit être un texte"),
        ("data_file: [a, b]\n", "la clé « data_file » doit être un chemin de fichier"),
        ("school_name: [\n", "n'est pas du YAML valide"),
        ("- a\n- b\n", "doit contenir des paires"),
    ],
)
def test_mistakes_name_the_file_and_the_key(tmp_path, text, expected):
    user = write(tmp_path / "config.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(system_file=tmp_path / "x", user_file=user)
    assert str(user) in str(caught.value)
    assert expected in str(caught.value)


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "absent.yaml", system_file=tmp_path / "x", user_file=tmp_path / "y")


def test_data_file_order_cli_then_environment_then_config_then_default(tmp_path):
    from_config = tmp_path / "config.json"
    env = {"HARCELEMENT_DATA": str(tmp_path / "env.json")}
    assert resolve_data_file(str(tmp_path / "cli.json"), from_config, env) == tmp_path / "cli.json"
    assert resolve_data_file(None, from_config, env) == tmp_path / "env.json"
    assert resolve_data_file(None, from_config, {}) == from_config
    assert resolve_data_file(None, None, {}) == default_data_file()
    assert default_data_file().name == "cases.json"
    assert ".local/share/harcelement-tui" in str(default_data_file())
