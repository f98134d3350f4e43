"""What every sub-command shares: the French parser, the options accepted everywhere (--data,
--content, --config) and the output options, the context (configuration, data file), the opening
of the case store, and the lines written on standard error.

Nothing here imports Textual or Rich (see the import contracts in pyproject.toml).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.context import PROG, Context, make_context
from harcelement_tui.core.errors import UserError

if TYPE_CHECKING:
    from harcelement_tui.core.store import CaseStore

# Seconds to wait for another session's lock before saying the file is busy.
LOCK_TIMEOUT = 5.0


def _french(message: str) -> str:
    return S.ARGPARSE.get(message, message)


# argparse looks each of its own messages up through its module-level gettext alias ``_`` when it
# builds a parser or prints, so replacing that alias puts them in French (help option, titles,
# errors).
setattr(argparse, "_", _french)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser in French that takes no abbreviation: "--da" is not "--data", and
    argparse's English "ambiguous option" message never shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)


# The object ``ArgumentParser.add_subparsers`` returns (argparse does not name its type publicly).
Subparsers = Any


Handler = Callable[[argparse.Namespace, Context], int]


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before and after a sub-command's name (``suppress``: after it, where an
    option not given must not hide the one given before)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data", metavar=S.METAVAR_FILE, default=default, help=S.HELP_DATA)
    parser.add_argument("--content", metavar=S.METAVAR_FOLDER, type=Path, default=default, help=S.HELP_CONTENT)
    parser.add_argument("--config", metavar=S.METAVAR_FILE, type=Path, default=default, help=S.HELP_CONFIG)


def common_parser() -> argparse.ArgumentParser:
    """The parent of every sub-command's parser: the common options, without -h."""
    common = FrenchParser(add_help=False)
    add_common_options(common, suppress=True)
    return common


def subparser(subparsers: Subparsers, name: str, common: argparse.ArgumentParser,
              **kwargs: Any) -> argparse.ArgumentParser:
    """A sub-command parser with ``common``'s options (--data, --content, --config) after its -h."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, parents=[common], **kwargs)
    return parser


def add_output_options(parser: argparse.ArgumentParser, output_help: str) -> None:
    """``-o FICHIER`` (described by ``output_help``) and ``--force``."""
    parser.add_argument("-o", "--output", metavar=S.METAVAR_FILE, help=output_help)
    parser.add_argument("--force", action="store_true", help=S.HELP_FORCE)


def context(args: argparse.Namespace) -> Context:
    """The configuration files read in order, then the data file and content folder they and the
    options name."""
    return make_context(args.data, args.content, args.config)


def open_store(ctx: Context, *, create: bool = False) -> CaseStore:
    """The case store of ``ctx``; says on stderr when the file was just created.

    Only ``import`` creates a missing file: a command that reads (export, report, stats, purge)
    given a mistyped ``--data`` says the file is not there rather than answering "no case".
    """
    from harcelement_tui.core.content import load_content
    from harcelement_tui.core.store import CaseStore

    content = load_content(ctx.content_dir)
    store = CaseStore(ctx.data_file, content=content, lock_timeout=LOCK_TIMEOUT, create=create)
    if store.created:
        say(S.DATA_FILE_CREATED.format(path=store.path))
    return store


def say(line: str) -> None:
    """One line on standard error (progress, outcome), keeping standard output for the data."""
    print(line, file=sys.stderr)


def warn(error: UserError, more: str = "") -> None:
    """A failure that does not undo what was done (an access log that cannot be written)."""
    say(S.WARNING.format(error=error, more=more))


def print_error(error: UserError) -> int:
    """The one French line of an error a user can cause; its exit status."""
    say(S.ERROR.format(prog=PROG, error=error))
    return error.exit_code


def readable_by(path: Path, *, plural: bool = False) -> str:
    """Who can read a file the command wrote: ``lisible par vous seul`` (0600), or the team's
    group in a team directory (0660); ``plural``: of several files (``lisibles``)."""
    try:
        st = path.stat()
    except OSError:
        return S.readable_by_you(plural)
    if st.st_mode & 0o040:
        from harcelement_tui.core.team import group_name

        return S.readable_by_group(group_name(st.st_gid), plural)
    return S.readable_by_you(plural)
