"""Case sub-commands (export, import). Filled in by the case store work."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add the case sub-commands to ``subparsers``; ``common`` carries --data/--content/--config."""
