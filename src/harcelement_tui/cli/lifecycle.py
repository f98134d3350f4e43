"""Life-cycle sub-commands: ``purge`` (retention of closed cases) and ``stats``.

Neither prints personal data: ``purge`` lists references and dates, ``stats`` figures and labels
from ``content/``. Exit status: 0 done (or nothing to do), 1 purge cancelled at the question,
2 any error (printed by ``cli.main`` as one French line).
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, Subparsers, open_store, say, subparser
from harcelement_tui.core.errors import UserError


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``purge`` and ``stats`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    purge = subparser(subparsers, "purge", common, help=S.PURGE_HELP, description=S.PURGE_DESCRIPTION,
                      epilog=S.PURGE_EPILOG)
    purge.add_argument("--dry-run", action="store_true", help=S.PURGE_HELP_DRY_RUN)
    purge.add_argument("--yes", action="store_true", help=S.PURGE_HELP_YES)
    purge.set_defaults(handler=run_purge)

    stats = subparser(subparsers, "stats", common, help=S.STATS_HELP, description=S.STATS_DESCRIPTION,
                      epilog=S.STATS_EPILOG)
    stats.add_argument("--year", type=int, metavar=S.METAVAR_YEAR, help=S.STATS_HELP_YEAR)
    stats.add_argument("--json", action="store_true", help=S.STATS_HELP_JSON)
    stats.set_defaults(handler=run_stats)


def _ask(question: str) -> bool:
    """Ask on the terminal; True only for the confirmation word."""
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().casefold() == S.CONFIRM_WORD.casefold()


def run_purge(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.cli.audit import anonymise_accesses
    from harcelement_tui.cli.progress import working
    from harcelement_tui.core.retention import day

    days = ctx.config.retention_days
    with open_store(ctx) as store:
        candidates = store.purge_candidates(days)
        if not candidates:
            print(S.purge_nothing(days))
            return 0
        print(S.purge_candidates(len(candidates), days))
        for item in candidates:
            print(S.purge_candidate(item.ref, item.closed_at.strftime("%d/%m/%Y"), item.days_past))
        if args.dry_run:
            print(S.PURGE_DRY_RUN)
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(S.PURGE_NO_TERMINAL)
            say(S.PURGE_WARNING)
            if not _ask(S.purge_question(len(candidates), S.CONFIRM_WORD)):
                say(S.PURGE_CANCELLED)
                return 1
        with working(S.purge_progress(len(candidates))):
            result = store.purge([item.ref for item in candidates], days)
    anonymise_accesses(ctx, store, [stub.uuid for stub in result.purged])
    for stub in result.purged:
        say(S.purged_one(stub.ref, day(stub.purged_at or ""), store.user, days))
    for ref, reason in result.skipped:
        say(S.NOT_PURGED.format(ref=ref, reason=reason))
    say(S.purged(len(result.purged)))
    return 0


def run_stats(args: argparse.Namespace, ctx: Context) -> int:
    import orjson

    from harcelement_tui.core.sharing import write_stdout
    from harcelement_tui.core.stats import compute, report_text

    with open_store(ctx) as store:
        cases = store.list()
        town = store.content
    assert town is not None
    stats = compute(cases, town, args.year)
    if args.json:
        write_stdout(orjson.dumps(stats.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    else:
        print(report_text(stats), end="")
    return 0
