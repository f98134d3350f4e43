"""``audit`` sub-command (who opened, exported, reported or imported which case) and the one
function every command calls to record an access (:func:`log_access`).

The log itself is :mod:`harcelement_tui.core.access_log`. Recording happens after the action is
done (the file in place, the case imported); a log that cannot be written is said on stderr as a
warning and does not undo the action.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, Subparsers, open_store, say, subparser, warn
from harcelement_tui.core.errors import UserError

if TYPE_CHECKING:
    from harcelement_tui.core.access_log import AccessLog
    from harcelement_tui.core.store import CaseStore

# Width of the columns of ``audit``'s listing.
_USER_WIDTH = 14
_REF_WIDTH = 11


class Accessed(Protocol):
    """What the access log records of a case."""

    @property
    def ref(self) -> str: ...

    @property
    def uuid(self) -> str: ...


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``audit`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    audit = subparser(subparsers, "audit", common, help=S.AUDIT_HELP, description=S.AUDIT_DESCRIPTION,
                      epilog=S.AUDIT_EPILOG)
    audit.add_argument("ref", nargs="?", metavar="REF", help=S.AUDIT_HELP_REF)
    audit.add_argument("--since", metavar="DATE", help=S.AUDIT_HELP_SINCE)
    audit.add_argument("--user", metavar="LOGIN", help=S.AUDIT_HELP_USER)
    audit.set_defaults(handler=run_audit)


def access_log(ctx: Context, store: CaseStore) -> AccessLog:
    from harcelement_tui.core.access_log import AccessLog

    return AccessLog.of_store(store, ctx.config.access_log_days)


def log_access(ctx: Context, store: CaseStore, cases: Iterable[Accessed], action: str, via: str,
               detail: str = "") -> None:
    """Record ``action`` on each case of ``cases`` (objects with ``ref`` and ``uuid``).

    A log that cannot be written is a warning on stderr: the action is already done.
    """
    try:
        access_log(ctx, store).record([(case.ref, case.uuid) for case in cases], action, via, detail)
    except UserError as error:
        warn(error)


def anonymise_accesses(ctx: Context, store: CaseStore, uuids: list[str]) -> None:
    """Drop the logins from the access entries of purged cases (``purge``)."""
    try:
        access_log(ctx, store).anonymise(uuids)
    except UserError as error:
        warn(error, S.ANONYMISE_FAILED_MORE)


def log_sheet(ctx: Context, store: CaseStore, case: Accessed, detail: str = "") -> None:
    """Record that a sheet (a document handed out) was written for ``case`` (``sheet`` command)."""
    log_access(ctx, store, [case], "fiche", "sheet", detail)


def run_audit(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.core.dates import DATE_RANGE_TEXT, parse_user_date
    from harcelement_tui.core.text import visible

    since = None
    if args.since:
        try:
            since = parse_user_date(args.since[:40])
        except ValueError:  # no such format or day, or out of range
            raise UserError(S.AUDIT_BAD_DATE.format(date=visible(args.since[:40], multiline=False),
                                                    range=DATE_RANGE_TEXT)) from None
    with open_store(ctx) as store:
        cases = store.list()
        log = access_log(ctx, store)
        entries = list(log.entries())
    purged = {case.uuid for case in cases if case.purged}
    uuids = {case.uuid for case in cases if case.ref == args.ref} if args.ref else set()
    if args.ref and not uuids and not any(entry.ref == args.ref for entry in entries):
        from harcelement_tui.core.model import CaseNotFoundError

        raise CaseNotFoundError(args.ref)
    shown = 0
    for entry in entries:
        if args.ref and entry.ref != args.ref and entry.uuid not in uuids:
            continue
        user = "" if entry.uuid in purged else entry.user
        if args.user and user != args.user:
            continue
        moment = entry.moment
        if since is not None and (moment is None or moment.astimezone().date() < since):
            continue
        when = moment.astimezone().strftime("%d/%m/%Y %H:%M") if moment else entry.at[:16]
        line = (f"{when}  {(user or '—'):<{_USER_WIDTH}}  {entry.ref:<{_REF_WIDTH}}  "
                f"{entry.label:<22}  {entry.via}")
        print(visible(line.rstrip(), multiline=False))
        shown += 1
    if not shown:
        say(S.AUDIT_NONE_MATCHING if args.ref or since or args.user else S.AUDIT_NONE)
    return 0
