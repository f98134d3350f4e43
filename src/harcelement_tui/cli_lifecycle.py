"""Life-cycle sub-commands: ``purge`` (retention of closed cases) and ``stats``.

Neither prints personal data: ``purge`` lists references and dates, ``stats`` figures and labels
from ``content/``. Exit status: 0 done (or nothing to do), 1 purge cancelled at the question,
2 any error (printed by ``cli.main`` as one French line).
"""

from __future__ import annotations

import argparse
import sys

from harcelement_tui.cli_cases import _subparser, open_store
from harcelement_tui.core.errors import UserError

CONFIRM_WORD = "oui"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``purge`` and ``stats`` to ``subparsers``; ``common`` carries --data/--content/--config."""
    purge = _subparser(
        subparsers,
        "purge",
        common,
        help="purger les cas clos depuis plus longtemps que le délai de conservation",
        description="Remplace chaque cas clos depuis plus longtemps que le délai de conservation "
        "(clé retention_days de la configuration, 365 jours par défaut) par une fiche anonyme : "
        "référence, dates d'ouverture et de clôture, statut, catégories de faits, étapes faites. "
        "Tout le reste (élève, classe, résumé, notes, preuves, noms) est effacé. Rien n'est "
        "exporté : exportez d'abord ce qui doit être transmis. La console demande confirmation.",
        epilog="Exemples : harcelement-tui purge --dry-run ; harcelement-tui purge",
    )
    purge.add_argument("--dry-run", action="store_true",
                       help="lister les cas concernés sans rien modifier")
    purge.add_argument("--yes", action="store_true",
                       help="ne pas demander de confirmation (scripts ; sans terminal, obligatoire)")
    purge.set_defaults(handler=run_purge)

    stats = _subparser(
        subparsers,
        "stats",
        common,
        help="statistiques des cas, sans donnée personnelle",
        description="Cas par mois d'ouverture, par catégorie de faits, par statut ; délai médian "
        "de clôture ; part des cas dont chaque section de la procédure est complète. Les cas "
        "purgés sont comptés. Aucun nom ni aucun texte saisi n'y figure.",
        epilog="Exemples : harcelement-tui stats ; harcelement-tui stats --year 2026 --json",
    )
    stats.add_argument("--year", type=int, metavar="ANNÉE",
                       help="seulement les cas ouverts cette année-là (par défaut : toutes les années)")
    stats.add_argument("--json", action="store_true", help="écrire les chiffres en JSON")
    stats.set_defaults(handler=run_stats)


def _ask(question: str) -> bool:
    """Ask on the terminal; True only for the confirmation word."""
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (EOFError, OSError):
        return False
    return answer.strip().casefold() == CONFIRM_WORD


def run_purge(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.core.retention import day

    days = ctx.config.retention_days
    with open_store(ctx) as store:
        candidates = store.purge_candidates(days)
        rule = f"délai de conservation : {days} jours après la clôture"
        if not candidates:
            print(f"Aucun cas à purger ({rule}).")
            return 0
        print(f"{len(candidates)} cas à purger ({rule}) :")
        for item in candidates:
            print(f"  {item.ref:<10}  clos le {item.closed_at.strftime('%d/%m/%Y')}  "
                  f"délai dépassé de {item.days_past} jour(s)")
        if args.dry_run:
            print("Simulation (--dry-run) : rien n'a été modifié.")
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("Confirmation impossible : l'entrée standard n'est pas un terminal. "
                                "Lancez la commande dans un terminal, ou ajoutez --yes ; rien n'a été "
                                "modifié.")
            print("Les données de ces cas seront effacées définitivement (exportez d'abord ce qui "
                  "doit être transmis).", file=sys.stderr)
            if not _ask(f"Purger {len(candidates)} cas ? Tapez {CONFIRM_WORD} pour confirmer : "):
                print("Purge annulée : rien n'a été modifié.", file=sys.stderr)
                return 1
        from harcelement_tui.cli_progress import working

        with working(f"Purge de {len(candidates)} cas…"):
            result = store.purge([item.ref for item in candidates], days)
    from harcelement_tui.cli_audit import anonymise_accesses

    anonymise_accesses(ctx, store, [stub.uuid for stub in result.purged])
    for stub in result.purged:
        print(f"Cas {stub.ref} purgé le {day(stub.purged_at or '')} par {store.user} "
              f"(délai de conservation de {days} jours dépassé).", file=sys.stderr)
    for ref, reason in result.skipped:
        print(f"Cas {ref} non purgé : {reason}.", file=sys.stderr)
    print(f"{len(result.purged)} cas purgé(s). Les sauvegardes quotidiennes du fichier des cas "
          "gardent les anciennes données jusqu'à leur suppression (14 jours).", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace, ctx) -> int:
    import orjson

    from harcelement_tui.core.stats import compute, report_text

    with open_store(ctx) as store:
        cases = store.list()
        town = store.content
    assert town is not None
    stats = compute(cases, town, args.year)
    if args.json:
        sys.stdout.flush()
        sys.stdout.buffer.write(orjson.dumps(stats.to_dict(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
        sys.stdout.buffer.flush()
    else:
        print(report_text(stats), end="")
    return 0
