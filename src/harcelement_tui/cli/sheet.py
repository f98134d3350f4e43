"""``sheet`` sub-command: the documents handed over, with no case data on them.

``sheet parents``: the parents' information sheet; ``sheet eleve``: the pupil's card "Qui peut
t'aider ?". One A4 PDF page each, written 0600 like every file of the console (never replacing a
file without ``--force``); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, Subparsers, add_output_options, say, subparser
from harcelement_tui.core.errors import UserError

KINDS = ("parents", "eleve")


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``sheet`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    sheet = subparser(subparsers, "sheet", common, help=S.SHEET_HELP, description=S.SHEET_DESCRIPTION,
                      epilog=S.SHEET_EPILOG)
    sheet.add_argument("kind", choices=KINDS, metavar="parents|eleve", help=S.SHEET_HELP_KIND)
    add_output_options(sheet, S.SHEET_HELP_OUTPUT)
    sheet.set_defaults(handler=run_sheet)


def run_sheet(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.core.content import load_content
    from harcelement_tui.core.sharing import deliver, resolve_target
    from harcelement_tui.core.sheets import sheet_bytes, sheet_filename
    from harcelement_tui.core.sheets_content import load_sheets

    if args.output == "-" and sys.stdout.isatty():
        raise UserError(S.SHEET_PDF_ON_TERMINAL)
    town = load_content(ctx.content_dir)
    sheets = load_sheets(ctx.content_dir, town)
    target = resolve_target(args.output, sheet_filename(args.kind), args.force)
    payload = sheet_bytes(args.kind, sheets, town, ctx.config)
    if deliver(payload, target, args.force):
        say(S.sheet_written(args.kind, target))
    return 0
