"""Command line: starts the console, or runs a sub-command (export, import, ...).

Textual is imported only when the console starts, so sub-commands stay fast and usable without a
terminal UI. Every error a user can cause ends as one French line on stderr and exit status 2.
Any other exception, in a command or in the console, is logged privately and reported in one
French line that quotes nothing of it (see :mod:`harcelement_tui.crash`), status 2.

Starting the console (``harcelement-tui`` alone or with ``--data``, ``--content``, ``--config``)
builds no parser at all: :mod:`harcelement_tui.cli.console`. One module per group of sub-commands
(``cases``: export and import, ``report``, ``sheet``, ``lifecycle``: purge and stats, ``team``:
team init and info, ``audit``), each registering its parsers and handlers; what they share is in
:mod:`harcelement_tui.cli.common`, their French text in :mod:`harcelement_tui.cli.strings`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from harcelement_tui.cli.console import console_options
from harcelement_tui.cli.context import PROG, Context
from harcelement_tui.core.errors import UserError

if TYPE_CHECKING:
    import argparse

    from harcelement_tui.cli.common import Subparsers

__all__ = ["PROG", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (starting the console needs none of it: cli/console.py)."""
    from harcelement_tui import __version__
    from harcelement_tui.cli import strings as S
    from harcelement_tui.cli.common import FrenchParser, add_common_options, common_parser

    parser = FrenchParser(prog=PROG, description=S.DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help=S.HELP_VERSION)
    add_common_options(parser, suppress=False)
    subparsers = parser.add_subparsers(dest="command", metavar=S.METAVAR_COMMAND, title=S.TITLE_COMMANDS,
                                       parser_class=FrenchParser)
    _register_commands(subparsers, common_parser())
    return parser


def _register_commands(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Sub-commands live in their own modules; each registers its parsers and handlers."""
    from harcelement_tui.cli import audit, cases, lifecycle, report, sheet, team

    cases.register(subparsers, common)
    report.register(subparsers, common)
    sheet.register(subparsers, common)
    lifecycle.register(subparsers, common)
    team.register(subparsers, common)
    audit.register(subparsers, common)


def run_console(args: argparse.Namespace, ctx: Context) -> int:
    """The handler when the whole parser found no sub-command."""
    from harcelement_tui.cli.console import run_console as run

    return run(ctx)


def _run_command(words: Sequence[str]) -> int:
    from harcelement_tui.cli.common import Handler, context

    args = build_parser().parse_args(words)
    handler: Handler = getattr(args, "handler", run_console)
    return handler(args, context(args))


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    options = console_options(words)  # the console's own options: no parser built (cli/console.py)
    try:
        if options is not None:
            from harcelement_tui.cli.console import start

            return start(options)
        return _run_command(words)
    except UserError as error:
        from harcelement_tui.cli.common import print_error

        return print_error(error)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug: never a traceback (it may print a case)
        from harcelement_tui.crash import report_crash

        return report_crash(error)
