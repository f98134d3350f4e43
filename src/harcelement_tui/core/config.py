"""Configuration files: server-wide, then the user's, then ``--config``; later ones win."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from harcelement_tui.core.errors import ConfigError, os_reason
from harcelement_tui.core.paths import SYSTEM_CONFIG, user_config_file

# Known keys, their expected type and a French description of that type for error messages.
KEYS: dict[str, tuple[type, str]] = {
    "school_name": (str, "un texte"),
    "data_file": (str, "un chemin de fichier"),
    "content_dir": (str, "un chemin de dossier"),
    "retention_days": (int, "un nombre entier de jours, au moins 1"),
    "mouse": (bool, "true ou false"),
    "plain_marks": (bool, "true ou false"),
}

# Days a closed case is kept before ``purge`` may replace it with an anonymised stub.
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class Config:
    """The merged configuration. Paths are absolute, resolved against the file that named them."""

    school_name: str = ""
    data_file: Path | None = None
    content_dir: Path | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    mouse: bool = False
    """Mouse off by default: the terminal's own text selection works and no bytes are spent on
    mouse motion over SSH (``mouse: true`` turns Textual's mouse support on)."""
    plain_marks: bool | None = None
    """Plain characters for the marks some fonts lack (``!`` for ``⚠``); ``None``: on the Linux
    console only."""
    sources: tuple[Path, ...] = field(default=())


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"Configuration illisible : {path} ({os_reason(exc)})."
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"Configuration illisible : {path} n'est pas en UTF-8.") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f", ligne {mark.line + 1}"
        raise ConfigError(f"Configuration invalide : {path}{where} n'est pas du YAML valide.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"Configuration invalide : {path} doit contenir des paires « clé: valeur »."
        )
    return data


def _apply(config: Config, path: Path, data: dict[str, Any]) -> Config:
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(
                f"Configuration invalide : {path} : clé inconnue « {key} » (clés connues : {known})."
            )
        expected, described = KEYS[key]
        if not isinstance(value, expected) or (isinstance(value, str) and not value.strip()) \
                or (expected is int and (isinstance(value, bool) or value < 1)):
            raise ConfigError(
                f"Configuration invalide : {path} : la clé « {key} » doit être {described}."
            )
        if key in ("data_file", "content_dir"):
            value = (path.parent / Path(value).expanduser()).resolve()
        changes[key] = value
    return replace(config, sources=config.sources + (path,), **changes)


def load_config(
    explicit: Path | None = None,
    *,
    system_file: Path = SYSTEM_CONFIG,
    user_file: Path | None = None,
) -> Config:
    """Merge the server-wide file, the user's file and ``explicit`` (``--config``), in that order.

    Missing server-wide or user files are skipped; a missing ``--config`` file is an error.
    """
    if user_file is None:
        user_file = user_config_file()
    config = Config()
    for path in (system_file, user_file):
        if path.is_file():
            config = _apply(config, path, _read(path))
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"Fichier de configuration introuvable : {explicit}.")
        config = _apply(config, explicit, _read(explicit))
    return config
