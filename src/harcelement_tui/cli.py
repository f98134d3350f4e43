"""Command line: starts the console, or runs a sub-command (export, import, ...).

Textual is imported only when the console starts, so sub-commands stay fast and usable without a
terminal UI. Every error a user can cause ends as one French line on stderr and exit status 2.
Any other exception, in a command or in the console, is logged privately and reported in one
French line that quotes nothing of it (see :mod:`harcelement_tui.crash`), status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harcelement_tui import __version__
from harcelement_tui.core.config import Config, load_config
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.paths import resolve_data_file

PROG = "harcelement-tui"

# argparse's own messages, in French. argparse looks each message up through its module-level
# gettext alias ``_`` when it prints, so replacing that alias translates them.
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
}


def _french(message: str) -> str:
    return _ARGPARSE_FR.get(message, message)


argparse._ = _french  # type: ignore[attr-defined]


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help option and section titles are in French."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        # No abbreviations: "--da" is not "--data", and argparse's English "ambiguous option"
        # message never shows.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")


@dataclass(frozen=True)
class Context:
    """What every command needs: the merged configuration and the resolved paths."""

    config: Config
    data_file: Path
    content_dir: Path | None


Handler = Callable[[argparse.Namespace, Context], int]


def _common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before and after a sub-command's name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--data",
        metavar="FICHIER",
        default=default,
        help="fichier des cas (sinon $HARCELEMENT_DATA, la configuration, "
        "ou ~/.local/share/harcelement-tui/cases.json)",
    )
    parser.add_argument(
        "--content",
        metavar="DOSSIER",
        type=Path,
        default=default,
        help="dossier de contenu d'une commune (procedure.yaml, parents.yaml, contacts.yaml, "
        "parents-sheet.yaml, pupil-card.yaml) ; "
        "un fichier absent est pris dans le contenu livré",
    )
    parser.add_argument(
        "--config",
        metavar="FICHIER",
        type=Path,
        default=default,
        help="fichier de configuration lu après /etc/harcelement-tui/config.yaml "
        "et ~/.config/harcelement-tui/config.yaml",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(
        prog=PROG,
        description="Console de suivi des cas graves de cyber-harcèlement, pour les directions "
        "d'école. Sans commande : ouvre la console.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help="afficher la version et quitter")
    _common_options(parser, suppress=False)
    common = FrenchParser(add_help=False)
    _common_options(common, suppress=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", title="commandes",
                                       parser_class=FrenchParser)
    _register_commands(subparsers, common)
    return parser


def _register_commands(subparsers, common: argparse.ArgumentParser) -> None:
    """Sub-commands live in their own modules; each registers its parsers and handlers."""
    from harcelement_tui import cli_audit, cli_cases, cli_lifecycle, cli_report, cli_sheet, cli_team

    cli_cases.register(subparsers, common)
    cli_report.register(subparsers, common)
    cli_sheet.register(subparsers, common)
    cli_lifecycle.register(subparsers, common)
    cli_team.register(subparsers, common)
    cli_audit.register(subparsers, common)


def _context(args: argparse.Namespace) -> Context:
    config = load_config(args.config)
    content_dir = args.content if args.content is not None else config.content_dir
    return Context(
        config=config,
        data_file=resolve_data_file(args.data, config.data_file),
        content_dir=content_dir,
    )


def run_console(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.core.content import load_content

    content = load_content(ctx.content_dir)
    from harcelement_tui.core.sheets_content import load_sheets

    sheets = load_sheets(ctx.content_dir, content)  # checked before the screen is taken over
    from harcelement_tui.ui.app import run

    return run(content=content, config=ctx.config, data_file=ctx.data_file, sheets=sheets)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", run_console)
    try:
        return handler(args, _context(args))
    except UserError as error:
        print(f"{PROG} : {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug: never a traceback (it may print a case)
        from harcelement_tui.crash import report_crash

        return report_crash(error)
