"""Where the console's files live: configuration files and the case data file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "harcelement-tui"
DATA_ENV = "HARCELEMENT_DATA"
SYSTEM_CONFIG = Path("/etc/harcelement-tui/config.yaml")


def user_config_file() -> Path:
    """The user's configuration file (``~/.config/harcelement-tui/config.yaml`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def default_data_file() -> Path:
    """The default case file (``~/.local/share/harcelement-tui/cases.json`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME) / "cases.json"


def resolve_data_file(
    cli_path: str | os.PathLike[str] | None,
    config_path: Path | None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The data file to use: ``--data``, then ``$HARCELEMENT_DATA``, then the configuration, then the default."""
    environ = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path).expanduser()
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV]).expanduser()
    if config_path is not None:
        return config_path
    return default_data_file()
