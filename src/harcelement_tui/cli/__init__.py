"""Command line: starts the console, or runs a sub-command (export, import, ...).

Textual is imported only when the console starts, so sub-commands stay fast and usable without a
terminal UI. Every error a user can cause ends as one French line on stderr and exit status 2.
Any other exception, in a command or in the console, is logged privately and reported in one
French line that quotes nothing of it (see :mod:`harcelement_tui.crash`), status 2.

One module per group of sub-commands (``cases``: export and import, ``report``, ``sheet``,
``lifecycle``: purge and stats, ``team``: team init and info, ``audit``), each registering its
parsers and handlers; what they share is in :mod:`harcelement_tui.cli.common`, their French text in
:mod:`harcelement_tui.cli.strings`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from harcelement_tui import __version__
from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import (
    PROG,
    Context,
    FrenchParser,
    Handler,
    Subparsers,
    add_common_options,
    common_parser,
    print_error,
)
from harcelement_tui.cli.common import context as _context
from harcelement_tui.core.errors import UserError

__all__ = ["PROG", "build_parser", "main"]


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with ``commands=False``, only what starting the console accepts
    (``--data``, ``--content``, ``--config``): the sub-commands' parsers take about 35 ms to
    build, a tenth of the console's first paint."""
    parser = FrenchParser(prog=PROG, description=S.DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help=S.HELP_VERSION)
    add_common_options(parser, suppress=False)
    if commands:
        subparsers = parser.add_subparsers(dest="command", metavar=S.METAVAR_COMMAND, title=S.TITLE_COMMANDS,
                                           parser_class=FrenchParser)
        _register_commands(subparsers, common_parser())
    return parser


_CONSOLE_OPTIONS = ("--data", "--content", "--config")
_CONSOLE_OPTIONS_WITH_VALUE = tuple(f"{option}=" for option in _CONSOLE_OPTIONS)  # --data=FICHIER


def _starts_the_console(argv: Sequence[str]) -> bool:
    """True when ``argv`` is only the console's own options with their values (``--data F``,
    ``--data=F``): no sub-command, no -h, nothing the full parser must judge."""
    words = iter(argv)
    for word in words:
        if word in _CONSOLE_OPTIONS:
            if next(words, None) is None:
                return False
        elif not word.startswith(_CONSOLE_OPTIONS_WITH_VALUE):
            return False
    return True


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
    from harcelement_tui.core.content import load_content

    content = load_content(ctx.content_dir)
    from harcelement_tui.core.sheets_content import load_sheets

    sheets = load_sheets(ctx.content_dir, content)  # checked before the screen is taken over
    from harcelement_tui.ui.app import run

    return run(content=content, config=ctx.config, data_file=ctx.data_file, sheets=sheets)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(commands=not _starts_the_console(words))
    args = parser.parse_args(words)
    handler: Handler = getattr(args, "handler", run_console)
    try:
        return handler(args, _context(args))
    except UserError as error:
        return print_error(error)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug: never a traceback (it may print a case)
        from harcelement_tui.crash import report_crash

        return report_crash(error)
