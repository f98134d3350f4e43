"""``report`` sub-command: a case report in PDF or Markdown (full or pseudonymised).

Like ``export``: the file is created 0600 and never replaces an existing one without ``--force``;
the report is noted in the case's timeline (who, where); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli_cases import _subparser, deliver, open_store, output_target, readable_by, where
from harcelement_tui.core.errors import UserError

REPORT_FORMATS = ("pdf", "md")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``report`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    report = _subparser(
        subparsers,
        "report",
        common,
        help="écrire le rapport d'un cas (PDF ou Markdown)",
        description="Écrit le rapport d'un cas en PDF (A4) ou en Markdown, pour le pouvoir organisateur, le CPMS ou "
        "la police : les faits, la chronologie, les étapes faites (qui, quand), les services "
        "contactés et le registre des preuves (décrites, jamais jointes). Rien sur les autres cas. "
        "Le fichier est lisible par vous seul (droits 0600) et le rapport est noté dans "
        "l'historique du cas (qui, où).",
        epilog="Exemples : harcelement-tui report 2026-001 ; harcelement-tui report 2026-001 "
        "--pseudonymise ; harcelement-tui report 2026-001 --format md -o -",
    )
    report.add_argument("ref", metavar="REF", help="référence du cas, par ex. 2026-001")
    report.add_argument(
        "-o", "--output", metavar="FICHIER",
        help="fichier à écrire (par défaut rapport-REF.pdf, ou rapport-REF-pseudonymise.pdf, dans le "
        "dossier courant ; un dossier : ce nom dans ce dossier ; « - » : sortie standard)",
    )
    report.add_argument("--force", action="store_true", help="remplacer un fichier qui existe déjà")
    report.add_argument(
        "--format", dest="fmt", choices=REPORT_FORMATS, metavar="pdf|md",
        help="pdf (A4, à imprimer ou à envoyer) ou md (Markdown, texte) ; par défaut celui de "
        "l'extension de -o (.pdf, .md), sinon la clé report_format de la configuration, sinon pdf",
    )
    report.add_argument(
        "--pseudonymise", action="store_true",
        help="remplacer le nom de l'élève par ses initiales partout (notes comprises), retirer la "
        "classe et la personne qui a signalé, numéroter les utilisateurs",
    )
    report.add_argument(
        "--since-last-po", action="store_true",
        help="mise à jour pour le pouvoir organisateur : seulement ce qui a changé depuis qu'il a "
        "été informé pour la dernière fois (étape cochée) ; rapport complet s'il ne l'a jamais été",
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.core.report import render_report, report_filename

    pseudonymise, since_po = args.pseudonymise, args.since_last_po
    # An explicit --format, else the extension of -o FILE (rapport.md, rapport.pdf), else the configuration.
    suffix = args.output.rpartition(".")[2].lower() if args.output and "." in args.output else ""
    fmt = args.fmt or (suffix if suffix in REPORT_FORMATS else None) or ctx.config.report_format
    name = report_filename(args.ref, pseudonymised=pseudonymise, fmt=fmt, since_po=since_po)
    if args.output == "-" and fmt == "pdf" and sys.stdout.isatty():
        raise UserError("Un PDF ne s'affiche pas dans un terminal : indiquez un fichier (-o FICHIER) "
                        "ou demandez du texte (--format md).")
    target = output_target(args.output, name, args.force)
    payloads: list[bytes] = []
    with open_store(ctx) as store:

        def render(case) -> None:
            """Build the report; to a file, write it before the history notes it (a failed write
            notes nothing). Standard output is written after, outside the lock."""
            payload = render_report(case, store.content, fmt=fmt, generated_at=case.timeline[-1].at,
                                    author=store.user, school_name=ctx.config.school_name,
                                    pseudonymise=pseudonymise, since_po=since_po)
            if target is not None:
                deliver(payload, target, args.force)
            payloads.append(payload)

        case = store.record_report(args.ref, where(target), pseudonymised=pseudonymise, deliver=render)
    if target is None:
        deliver(payloads[0], None, args.force)
    else:
        kind = "Rapport pseudonymisé" if pseudonymise else "Rapport"
        print(f"{kind} du cas {args.ref} écrit : {target} ({readable_by(target)}).", file=sys.stderr)
    from harcelement_tui.cli_audit import log_access

    from harcelement_tui.core.access_log import share_action

    log_access(ctx, store, [case], share_action("report", pseudonymised=pseudonymise), "report", where(target))
    return 0
