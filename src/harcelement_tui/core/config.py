"""Configuration files: server-wide, then the user's, then ``--config``; later ones win."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from harcelement_tui.core import content_cache
from harcelement_tui.core import strings as S
from harcelement_tui.core.dates import MAX_RETENTION_DAYS
from harcelement_tui.core.errors import ConfigError, os_reason
from harcelement_tui.core.safe_files import UnsafeFileError, read_bounded
from harcelement_tui.core.paths import system_config_file, user_config_file

# Known keys, their expected type and a French description of that type for error messages.
KEYS: dict[str, tuple[type, str]] = {
    "school_name": (str, S.TYPE_TEXT),
    "data_file": (str, S.TYPE_FILE),
    "content_dir": (str, S.TYPE_DIR),
    "retention_days": (int, S.TYPE_RETENTION.format(limit=MAX_RETENTION_DAYS)),
    "report_format": (str, S.TYPE_FORMAT),
    "school_contact": (str, S.TYPE_CONTACT),
    "access_log_days": (int, S.TYPE_LOG_DAYS),
    "hide_after_minutes": (int, S.TYPE_HIDE),
    "mouse": (bool, S.TYPE_BOOL),
    "plain_marks": (bool, S.TYPE_BOOL),
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
        raise ConfigError(S.CONFIG_REFUSED.format(path=path, reason=exc.reason)) from None
    except OSError as exc:
        raise ConfigError(S.CONFIG_UNREADABLE_REASON.format(path=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError:
        raise ConfigError(S.CONFIG_NOT_UTF8.format(path=path)) from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            raise ConfigError(S.CONFIG_NOT_YAML_LINE.format(path=path, line=mark.line + 1)) from None
        raise ConfigError(S.CONFIG_NOT_YAML.format(path=path)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(S.CONFIG_NOT_PAIRS.format(path=path))
    return data


def _fits(key: str, value: Any, expected: type) -> bool:
    """True if ``value`` is of the ``expected`` type and within the bounds and choices of ``key``."""
    if expected is int:
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return (0 if key in ZERO_ALLOWED else 1) <= value <= MAXIMUM.get(key, value)
    if not isinstance(value, expected) or (isinstance(value, str) and not value.strip()):
        return False
    return key not in CHOICES or value in CHOICES[key]


def _apply(config: Config, path: Path, data: dict[str, Any]) -> Config:
    changes: dict[str, Any] = {}
    for key, raw in data.items():
        value = raw
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(S.CONFIG_KEY_UNKNOWN.format(path=path, key=key, known=known))
        expected, described = KEYS[key]
        if not _fits(key, value, expected):
            raise ConfigError(S.CONFIG_KEY_WRONG.format(path=path, key=key, described=described))
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
            raise ConfigError(S.CONFIG_NOT_FOUND.format(path=explicit))
        config = _apply(config, explicit, _read(explicit))
    return config
