"""Where the console's files live: configuration files, the case data file, the error log."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import platformdirs

from harcelement_tui.core import strings as S

APP_NAME = "harcelement-tui"
DATA_ENV = "HARCELEMENT_DATA"
SYSTEM_CONFIG = Path("/etc/harcelement-tui/config.yaml")
SYSTEM_CONFIG_ENV = "HARCELEMENT_SYSTEM_CONFIG"
"""Names another server-wide configuration file (tests, a server without /etc access)."""
ERROR_LOG_NAME = "erreurs.log"


def system_config_file(environ: Mapping[str, str] | None = None) -> Path:
    """The server-wide configuration file written by ``team init`` (``/etc/harcelement-tui/config.yaml``)."""
    environ = os.environ if environ is None else environ
    override = environ.get(SYSTEM_CONFIG_ENV)
    return Path(override).expanduser() if override else SYSTEM_CONFIG


def user_config_file() -> Path:
    """The user's configuration file (``~/.config/harcelement-tui/config.yaml`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def default_data_file() -> Path:
    """The default case file (``~/.local/share/harcelement-tui/cases.json`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME) / "cases.json"


def error_log_file() -> Path:
    """Where unexpected errors are detailed (``~/.local/state/harcelement-tui/erreurs.log``)."""
    return platformdirs.user_state_path(APP_NAME) / ERROR_LOG_NAME


class DataFileChoice(NamedTuple):
    path: Path
    reason: str
    """Why this file, in French: « option --data », « variable HARCELEMENT_DATA »…"""


def choose_data_file(
    cli_path: str | os.PathLike[str] | None,
    config_path: Path | None,
    environ: Mapping[str, str] | None = None,
    config_source: Path | None = None,
) -> DataFileChoice:
    """The data file to use and why: ``--data``, then ``$HARCELEMENT_DATA``, then the
    configuration (``config_source`` names the file that set it), then the default."""
    environ = os.environ if environ is None else environ
    if cli_path:
        return DataFileChoice(Path(cli_path).expanduser(), S.FROM_OPTION)
    if environ.get(DATA_ENV):
        return DataFileChoice(Path(environ[DATA_ENV]).expanduser(), S.FROM_VARIABLE.format(name=DATA_ENV))
    if config_path is not None:
        source = S.FROM_CONFIG_FILE if config_source is not None else S.FROM_CONFIG
        return DataFileChoice(config_path, source.format(path=config_source))
    return DataFileChoice(default_data_file(), S.FROM_DEFAULT)


def resolve_data_file(
    cli_path: str | os.PathLike[str] | None,
    config_path: Path | None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The data file to use: ``--data``, then ``$HARCELEMENT_DATA``, then the configuration, then the default."""
    return choose_data_file(cli_path, config_path, environ).path
