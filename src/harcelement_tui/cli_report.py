"""``report`` sub-command: a case report in Markdown (full or pseudonymised).

Like ``export``: the file is created 0600 and never replaces an existing one without ``--force``;
the report is noted in the case's timeline (who, where); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli_cases import _subparser, deliver, open_store, output_target, where


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``report`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    report = _subparser(
        subparsers,
        "report",
        common,
        help="écrire le rapport d'un cas (Markdown)",
        description="Écrit le rapport d'un cas en Markdown, pour le pouvoir organisateur, le CPMS ou "
        "la police : les faits, la chronologie, les étapes faites (qui, quand), les services "
        "contactés et le registre des preuves (décrites, jamais jointes). Rien sur les autres cas. "
        "Le fichier est lisible par vous seul (droits 0600) et le rapport est noté dans "
        "l'historique du cas (qui, où).",
        epilog="Exemples : harcelement-tui report 2026-001 ; harcelement-tui report 2026-001 "
        "--pseudonymise ; harcelement-tui report 2026-001 -o -",
    )
    report.add_argument("ref", metavar="REF", help="référence du cas, par ex. 2026-001")
    report.add_argument(
        "-o", "--output", metavar="FICHIER",
        help="fichier à écrire (par défaut rapport-REF.md, ou rapport-REF-pseudonymise.md, dans le "
        "dossier courant ; un dossier : ce nom dans ce dossier ; « - » : sortie standard)",
    )
    report.add_argument("--force", action="store_true", help="remplacer un fichier qui existe déjà")
    report.add_argument(
        "--pseudonymise", action="store_true",
        help="remplacer le nom de l'élève par ses initiales partout (notes comprises), retirer la "
        "classe et la personne qui a signalé, numéroter les utilisateurs",
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.core.report import build_report, report_filename

    pseudonymise = args.pseudonymise
    target = output_target(args.output, report_filename(args.ref, pseudonymised=pseudonymise), args.force)
    texts: list[str] = []
    with open_store(ctx) as store:

        def render(case) -> None:
            """Build the report; to a file, write it before the history notes it (a failed write
            notes nothing). Standard output is written after, outside the lock."""
            text = build_report(case, store.content, generated_at=case.timeline[-1].at, author=store.user,
                                school_name=ctx.config.school_name, pseudonymise=pseudonymise)
            if target is not None:
                deliver(text.encode("utf-8"), target, args.force)
            texts.append(text)

        store.record_report(args.ref, where(target), pseudonymised=pseudonymise, deliver=render)
    if target is None:
        deliver(texts[0].encode("utf-8"), None, args.force)
    else:
        kind = "Rapport pseudonymisé" if pseudonymise else "Rapport"
        print(f"{kind} du cas {args.ref} écrit : {target} (lisible par vous seul).", file=sys.stderr)
    return 0
