"""What every command runs with: the merged configuration and the resolved paths.

Apart from :mod:`harcelement_tui.cli.common` (which builds the parsers) so that starting the
console needs neither argparse nor the command line's texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from harcelement_tui.core.config import Config, load_config
from harcelement_tui.core.paths import resolve_data_file

PROG = "harcelement-tui"


class Context(NamedTuple):
    """What every command needs: the merged configuration and the resolved paths."""

    config: Config
    data_file: Path
    content_dir: Path | None


def make_context(data: str | None, content: Path | None, config_file: Path | None) -> Context:
    """The configuration files read in order (``config_file`` last), then the data file and
    content folder that the options (``data``, ``content``) or the configuration name."""
    config = load_config(config_file)
    content_dir = content if content is not None else config.content_dir
    return Context(config=config, data_file=resolve_data_file(data, config.data_file), content_dir=content_dir)
