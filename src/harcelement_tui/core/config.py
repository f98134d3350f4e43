"""Configuration files: server-wide, then the user's, then ``--config``; later ones win."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harcelement_tui.core import content_cache
from harcelement_tui.core.dates import MAX_RETENTION_DAYS
from harcelement_tui.core.errors import ConfigError, os_reason
from harcelement_tui.core.safe_files import UnsafeFileError, read_bounded
from harcelement_tui.core.paths import system_config_file, user_config_file

# Known keys, their expected type and a French description of that type for error messages.
KEYS: dict[str, tuple[type, str]] = {
    "school_name": (str, "un texte"),
    "data_file": (str, "un chemin de fichier"),
    "content_dir": (str, "un chemin de dossier"),
    "retention_days": (int, f"un nombre entier de jours, entre 1 et {MAX_RETENTION_DAYS}"),
    "report_format": (str, "pdf ou md"),
    "school_contact": (str, "un texte (la personne de contact de l'école, sur la fiche des parents)"),
    "access_log_days": (int, "un nombre entier de jours, entre 1 et 36500"),
    "hide_after_minutes": (int, "un nombre entier de minutes, entre 0 (jamais) et 1440"),
    "mouse": (bool, "true ou false"),
    "plain_marks": (bool, "true ou false"),
}
MAX_CONFIG_BYTES = 64 << 10
"""A configuration file is refused above 64 Ko."""

# Keys whose value is one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {"report_format": ("pdf", "md")}

# Integer keys for which 0 is allowed (it turns the feature off).
ZERO_ALLOWED = frozenset({"hide_after_minutes"})

# Upper bounds of integer keys (a date computed from a huge number of days would overflow).
MAXIMUM = {"retention_days": MAX_RETENTION_DAYS, "access_log_days": 36500, "hide_after_minutes": 24 * 60}

# Days a closed case is kept before ``purge`` may replace it with an anonymised stub.
DEFAULT_RETENTION_DAYS = 365

# Days an access-log entry is kept (see core/access_log.py and docs/protection-des-donnees.md).
DEFAULT_ACCESS_LOG_DAYS = 365

# Minutes without a key before the console hides the screen by itself (0: never).
DEFAULT_HIDE_AFTER_MINUTES = 5


@dataclass(frozen=True)
class Config:
    """The merged configuration. Paths are absolute, resolved against the file that named them."""

    school_name: str = ""
    data_file: Path | None = None
    content_dir: Path | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS
    report_format: str = "pdf"
    school_contact: str = ""
    access_log_days: int = DEFAULT_ACCESS_LOG_DAYS
    hide_after_minutes: float = DEFAULT_HIDE_AFTER_MINUTES
    mouse: bool = False
    """Mouse off by default: the terminal's own text selection works and no bytes are spent on
    mouse motion over SSH (``mouse: true`` turns Textual's mouse support on)."""
    plain_marks: bool | None = None
    """Plain characters for the marks some fonts lack (``!`` for ``⚠``); ``None``: on the Linux
    console only."""
    sources: tuple[Path, ...] = field(default=())
    data_file_source: Path | None = None
    """The configuration file whose ``data_file`` is in effect (shown by ``info``)."""


def _read(path: Path) -> dict[str, Any]:
    stamp = content_cache.stamp_of(path)
    cached = content_cache.current().lookup(path, stamp)
    if cached is not None:  # parsed at an earlier start, unchanged since (no YAML parser needed)
        return cached
    data = _parse(path)
    if data:
        content_cache.current().remember(path, stamp, data)
    return data


def _parse(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = read_bounded(path, MAX_CONFIG_BYTES).decode("utf-8")
    except UnsafeFileError as exc:
        raise ConfigError(f"Configuration refusée : {path} : {exc.reason}.") from None
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
                or (expected is int and (isinstance(value, bool) or value < (0 if key in ZERO_ALLOWED else 1)
                                         or value > MAXIMUM.get(key, value))) \
                or (key in CHOICES and value not in CHOICES[key]):
            raise ConfigError(
                f"Configuration invalide : {path} : la clé « {key} » doit être {described}."
            )
        if key in ("data_file", "content_dir"):
            value = (path.parent / Path(value).expanduser()).resolve()
        changes[key] = value
        if key == "data_file":
            changes["data_file_source"] = path
    return replace(config, sources=config.sources + (path,), **changes)


def load_config(
    explicit: Path | None = None,
    *,
    system_file: Path | None = None,
    user_file: Path | None = None,
) -> Config:
    """Merge the server-wide file, the user's file and ``explicit`` (``--config``), in that order.

    Missing server-wide or user files are skipped; a missing ``--config`` file is an error.
    """
    if system_file is None:
        system_file = system_config_file()
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
