"""``report`` sub-command: a case report in Markdown (full or pseudonymised).

Like ``export``: the file is created 0600 and never replaces an existing one without ``--force``;
the report is noted in the case's timeline (who, where); errors are one French line, exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harcelement_tui.cli_cases import _subparser, open_store


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
    from harcelement_tui.core.export import check_target, write_private_file
    from harcelement_tui.core.report import build_report, report_filename

    pseudonymise = args.pseudonymise
    to_stdout = args.output == "-"
    target: Path | None = None
    if not to_stdout:
        default = report_filename(args.ref, pseudonymised=pseudonymise)
        target = Path(args.output) if args.output else Path(default)
        if target.is_dir() or (args.output or "").endswith(("/", os.sep)):
            # An existing directory, or one named with a final "/" (created, 0700).
            target = target / default
        check_target(target, force=args.force)
    with open_store(ctx) as store:
        case = store.record_report(args.ref, "sortie standard" if to_stdout else str(target.resolve()),
                                   pseudonymised=pseudonymise)
        text = build_report(case, store.content, generated_at=case.timeline[-1].at, author=store.user,
                            school_name=ctx.config.school_name, pseudonymise=pseudonymise)
    payload = text.encode("utf-8")
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return 0
    assert target is not None
    write_private_file(target, payload, force=args.force)
    kind = "Rapport pseudonymisé" if pseudonymise else "Rapport"
    print(f"{kind} du cas {args.ref} écrit : {target} (lisible par vous seul).", file=sys.stderr)
    return 0
