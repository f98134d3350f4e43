"""``sheet`` sub-command: the documents handed over, with no case data on them.

``sheet parents``: the parents' information sheet; ``sheet eleve``: the pupil's card "Qui peut
t'aider ?". One A4 PDF page each, written 0600 like every file of the console (never replacing a
file without ``--force``); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli_cases import _subparser, deliver, output_target
from harcelement_tui.core.errors import UserError

KINDS = ("parents", "eleve")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``sheet`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    sheet = _subparser(
        subparsers,
        "sheet",
        common,
        help="écrire la fiche des parents ou la carte « Qui peut t'aider ? » (PDF)",
        description="Écrit un document à remettre, sans aucune donnée d'un cas : « parents », le "
        "document d'information pour les parents de la victime (ce que fait l'école, ce qu'il vaut "
        "mieux éviter, discrétion, plainte, les services avec téléphone et e-mail, l'école et sa "
        "personne de contact) ; « eleve », la carte « Qui peut t'aider ? » pour l'élève (chaque "
        "service, ce qu'il peut faire pour toi, téléphone et e-mail), à plier ou découper. "
        "Une page A4 en PDF ; textes dans parents-sheet.yaml et pupil-card.yaml du contenu.",
        epilog="Exemples : harcelement-tui sheet parents ; harcelement-tui sheet eleve -o carte.pdf",
    )
    sheet.add_argument("kind", choices=KINDS, metavar="parents|eleve", help="le document à écrire")
    sheet.add_argument(
        "-o", "--output", metavar="FICHIER",
        help="fichier à écrire (par défaut fiche-parents.pdf ou qui-peut-t-aider.pdf dans le dossier "
        "courant ; un dossier : ce nom dans ce dossier ; « - » : sortie standard)",
    )
    sheet.add_argument("--force", action="store_true", help="remplacer un fichier qui existe déjà")
    sheet.set_defaults(handler=run_sheet)


def run_sheet(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.core.content import load_content
    from harcelement_tui.core.sheets import sheet_bytes, sheet_filename
    from harcelement_tui.core.sheets_content import load_sheets

    if args.output == "-" and sys.stdout.isatty():
        raise UserError("Un PDF ne s'affiche pas dans un terminal : indiquez un fichier (-o FICHIER).")
    town = load_content(ctx.content_dir)
    sheets = load_sheets(ctx.content_dir, town)
    target = output_target(args.output, sheet_filename(args.kind), args.force)
    payload = sheet_bytes(args.kind, sheets, town, ctx.config)
    if deliver(payload, target, args.force):
        name = "Fiche des parents" if args.kind == "parents" else "Carte « Qui peut t'aider ? »"
        print(f"{name} écrite : {target}", file=sys.stderr)
    return 0
