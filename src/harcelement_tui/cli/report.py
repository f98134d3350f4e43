"""``report`` sub-command: a case report in PDF or Markdown (full or pseudonymised).

Like ``export``: the file is created 0600 and never replaces an existing one without ``--force``;
the report is noted in the case's timeline (who, where); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, Subparsers, add_output_options, open_store, readable_by, say, subparser
from harcelement_tui.core.errors import UserError

REPORT_FORMATS = ("pdf", "md")


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``report`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    report = subparser(subparsers, "report", common, help=S.REPORT_HELP, description=S.REPORT_DESCRIPTION,
                       epilog=S.REPORT_EPILOG)
    report.add_argument("ref", metavar="REF", help=S.HELP_REF)
    add_output_options(report, S.REPORT_HELP_OUTPUT)
    report.add_argument("--format", dest="fmt", choices=REPORT_FORMATS, metavar="pdf|md", help=S.REPORT_HELP_FORMAT)
    report.add_argument("--pseudonymise", action="store_true", help=S.REPORT_HELP_PSEUDONYMISE)
    report.add_argument("--since-last-po", action="store_true", help=S.REPORT_HELP_SINCE_PO)
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.cli.audit import log_access
    from harcelement_tui.core.report import report_filename
    from harcelement_tui.core.sharing import destination, resolve_target, share_case, write_stdout

    pseudonymise, since_po = args.pseudonymise, args.since_last_po
    # An explicit --format, else the extension of -o FILE (rapport.md, rapport.pdf), else the configuration.
    suffix = args.output.rpartition(".")[2].lower() if args.output and "." in args.output else ""
    fmt = args.fmt or (suffix if suffix in REPORT_FORMATS else None) or ctx.config.report_format
    name = report_filename(args.ref, pseudonymised=pseudonymise, fmt=fmt, since_po=since_po)
    if args.output == "-" and fmt == "pdf" and sys.stdout.isatty():
        raise UserError(S.REPORT_PDF_ON_TERMINAL)
    target = resolve_target(args.output, name, args.force)
    with open_store(ctx) as store:
        # To a file, the report is written before the history notes it (a failed write notes
        # nothing); standard output is written after, outside the lock.
        shared = share_case(store, "report", args.ref, target, force=args.force, pseudonymise=pseudonymise,
                            fmt=fmt, since_po=since_po, school_name=ctx.config.school_name)
    if target is None:
        write_stdout(shared.payload)
    else:
        say(S.reported(args.ref, target, readable_by(target), pseudonymised=pseudonymise))
    log_access(ctx, store, [shared.case], shared.action, "report", destination(target))
    return 0
