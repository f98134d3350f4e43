"""Case sub-commands: ``export`` (full or pseudonymised) and ``import``.

Every error a user can cause is a :class:`~harcelement_tui.core.errors.UserError`; ``cli.main``
prints it as one French line on stderr and exits with status 2. Progress messages go to stderr so
that ``export -o -`` keeps stdout for the JSON alone.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harcelement_tui.core.errors import UserError

# Seconds to wait for another session's lock before saying the file is busy.
LOCK_TIMEOUT = 5.0
# Cases exported (files written, history noted) per hold of the lock by ``export --all``.
EXPORT_BATCH = 200


def _subparser(subparsers, name: str, common: argparse.ArgumentParser, **kwargs) -> argparse.ArgumentParser:
    """A sub-command parser with ``common``'s options (--data, --content, --config).

    Same effect as ``parents=[common]``, minus ``common``'s own -h: ``FrenchParser`` adds -h to every
    parser, so ``parents=[common]`` would give two -h options (an argparse conflict error).
    """
    parser = subparsers.add_parser(name, **kwargs)
    for action in common._actions:
        if not isinstance(action, argparse._HelpAction):
            parser._add_action(action)
    return parser


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add the case sub-commands to ``subparsers``; ``common`` carries --data/--content/--config."""
    export = _subparser(
        subparsers,
        "export",
        common,
        help="exporter un cas (ou tous) en JSON",
        description="Exporte un cas complet (champs, étapes, historique, preuves, contacts cités) "
        "dans un fichier JSON lisible par vous seul (droits 0600). L'export est noté dans "
        "l'historique du cas (qui, où).",
        epilog="Exemples : harcelement-tui export 2026-001 ; harcelement-tui export 2026-001 -o - ; "
        "harcelement-tui export --all -o exports/",
    )
    export.add_argument("ref", nargs="?", metavar="REF", help="référence du cas, par ex. 2026-001")
    export.add_argument(
        "--all", dest="all_cases", action="store_true",
        help="exporter tous les cas, un fichier cas-REF.json par cas, dans le dossier donné par -o",
    )
    export.add_argument(
        "-o", "--output", metavar="FICHIER",
        help="fichier à écrire (par défaut cas-REF.json dans le dossier courant ; « - » : sortie "
        "standard) ; avec --all : le dossier (créé s'il n'existe pas)",
    )
    export.add_argument("--force", action="store_true", help="remplacer un fichier qui existe déjà")
    export.add_argument(
        "--pseudonymise", action="store_true",
        help="export pseudonymisé (cas-REF-pseudonymise.json) : initiales de l'élève au lieu de son "
        "nom, partout ; sans classe ni personne qui a signalé ; utilisateurs numérotés ; ne peut "
        "pas être importé",
    )
    export.add_argument(
        "--person", metavar="NOM",
        help="demande d'accès : tous les cas qui mentionnent cette personne (élève ou dans un texte "
        "libre ; accents et majuscules ignorés), dans demande-acces-AAAA-MM-JJ.json, à relire avant "
        "de le remettre",
    )
    from harcelement_tui.cli_protect import add_decrypt_options, add_encrypt_options

    add_encrypt_options(export)
    export.set_defaults(handler=run_export)

    imp = _subparser(
        subparsers,
        "import",
        common,
        help="ajouter un cas exporté ailleurs",
        description="Ajoute au fichier des cas un cas exporté par « harcelement-tui export ». "
        "Le fichier est vérifié d'abord ; un cas déjà présent (même identifiant) est refusé ; "
        "si sa référence est déjà prise, il reçoit la suivante et l'historique garde l'ancienne.",
    )
    imp.add_argument("file", metavar="FICHIER", help="fichier d'export (« - » : entrée standard)")
    add_decrypt_options(imp)
    imp.set_defaults(handler=run_import)


def open_store(ctx, *, create: bool = False):
    """The case store of ``ctx``; says on stderr when the file was just created.

    Only ``import`` creates a missing file: a command that reads (export, report, stats, purge)
    given a mistyped ``--data`` says the file is not there rather than answering "no case".
    """
    from harcelement_tui.core.content import load_content
    from harcelement_tui.core.store import CaseStore

    content = load_content(ctx.content_dir)
    store = CaseStore(ctx.data_file, content=content, lock_timeout=LOCK_TIMEOUT, create=create)
    if store.created:
        print(f"Fichier des cas créé : {store.path}", file=sys.stderr)
    return store


def run_export(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.cli_audit import log_access
    from harcelement_tui.cli_protect import encrypted_name, encryption, run_person_export
    from harcelement_tui.core.export import export_filename, write_private_file

    if args.person is not None:
        return run_person_export(args, ctx)
    pseudonymise = args.pseudonymise
    if args.all_cases:
        if args.ref:
            raise UserError("Indiquez soit une référence, soit --all, pas les deux.")
        if args.output == "-":
            raise UserError("--all écrit un fichier par cas : indiquez un dossier avec -o DOSSIER.")
        directory = Path(args.output or ".")
        if directory.exists() and not directory.is_dir():
            raise UserError(f"{directory} n'est pas un dossier.")
        with open_store(ctx) as store:
            cases = store.list()
            refs = [case.ref for case in cases if not case.purged]
            purged = len(cases) - len(refs)
            if purged:
                print(f"{purged} cas purgé(s) non exporté(s) (il n'en reste que des données "
                      "statistiques).", file=sys.stderr)
            if not refs:
                print("Aucun cas à exporter.", file=sys.stderr)
                return 0
            targets = {ref: directory / encrypted_name(export_filename(ref, pseudonymised=pseudonymise), args)
                       for ref in refs}
            existing = [path for path in targets.values() if path.exists()]
            if existing and not args.force:
                more = f" (et {len(existing) - 1} autre(s))" if len(existing) > 1 else ""
                raise UserError(
                    f"Le fichier {existing[0]} existe déjà{more} ; rien n'a été écrit. "
                    "Ajoutez --force pour remplacer."
                )
            encrypt = encryption(args)
            from harcelement_tui.cli_progress import counting

            # Each case's history notes its export only once its file is in place. The files are
            # written under the store's lock: in batches, so that no other session waits long (one
            # case at a time with a passphrase, whose key derivation takes about two seconds).
            destinations = {ref: str(path.resolve()) for ref, path in targets.items()}
            batch = 1 if args.encrypt else EXPORT_BATCH
            documents = []
            written: list[str] = []
            try:
                with counting(len(refs), "Export des cas") as advance:

                    def write(document) -> None:
                        write_private_file(targets[document["case"]["ref"]], _payload(document, encrypt),
                                           force=args.force)
                        written.append(document["case"]["ref"])
                        advance()

                    for start in range(0, len(refs), batch):
                        documents += store.export_cases(refs[start:start + batch], destinations,
                                                        pseudonymise=pseudonymise, deliver=write)
            finally:
                # The files written are in the access log, even when a later one failed.
                if written:
                    log_access(ctx, store, [store.get(ref) for ref in written], _action(args),
                               "export --all", str(directory.resolve()))
        kind = "pseudonymisé(s) " if pseudonymise else ""
        readable = readable_by(next(iter(targets.values()))).replace("lisible ", "lisibles ", 1)
        print(f"{len(documents)} cas exporté(s) {kind}dans {directory} (fichiers {readable}).", file=sys.stderr)
        return 0

    if not args.ref:
        raise UserError("Indiquez la référence du cas à exporter (par ex. 2026-001), ou --all.")
    target = output_target(args.output, encrypted_name(export_filename(args.ref, pseudonymised=pseudonymise), args),
                           args.force)
    with open_store(ctx) as store:
        store.get(args.ref)  # an unknown case is said before the passphrase is asked
        encrypt = encryption(args)
        # To a file: written before the history notes it (a failed write notes nothing). Standard
        # output is written after, outside the lock (a reader that stops would hold it).
        document = store.export_case(
            args.ref, where(target), pseudonymise=pseudonymise,
            deliver=None if target is None else lambda doc: deliver(_payload(doc, encrypt), target, args.force))
        case = store.get(args.ref)
    if target is None:
        deliver(_payload(document, encrypt), None, args.force)
    else:
        kind = " (pseudonymisé)" if pseudonymise else ""
        kind += " et chiffré" if encrypt is not None else ""
        print(f"Cas {args.ref} exporté{kind} : {target} ({readable_by(target)}).", file=sys.stderr)
    log_access(ctx, store, [case], _action(args), "export", where(target))
    return 0


def _payload(document, encrypt) -> bytes:
    """The file's bytes: the export as JSON, encrypted when asked."""
    from harcelement_tui.core.export import dumps

    return dumps(document) if encrypt is None else encrypt(dumps(document))


def _action(args: argparse.Namespace) -> str:
    """The access log's name for this export."""
    from harcelement_tui.core.access_log import share_action

    return share_action("export", pseudonymised=args.pseudonymise, encrypted=bool(args.encrypt or args.recipient))


def output_target(output: str | None, default: str, force: bool) -> Path | None:
    """Where ``-o`` says to write (``None``: standard output), checked before anything is logged.

    No ``-o``: ``default`` in the current directory. A directory (existing, or named with a final
    ``/``, then created 0700): ``default`` in it. An existing file is refused without ``force``.
    """
    from harcelement_tui.core.export import check_target

    if output == "-":
        return None
    target = Path(output) if output else Path(default)
    if target.is_dir() or (output or "").endswith(("/", os.sep)):
        target = target / default
    check_target(target, force=force)
    return target


def where(target: Path | None) -> str:
    """How the case's history names the destination."""
    return "sortie standard" if target is None else str(target.resolve())


def readable_by(path: Path) -> str:
    """Who can read a file the command wrote: ``lisible par vous seul`` (0600), or the team's
    group in a team directory (0660)."""
    try:
        st = path.stat()
    except OSError:
        return "lisible par vous seul"
    if st.st_mode & 0o040:
        from harcelement_tui.core.team import group_name

        return f"lisible par le groupe {group_name(st.st_gid)}"
    return "lisible par vous seul"


def deliver(payload: bytes, target: Path | None, force: bool) -> bool:
    """Write ``payload`` to ``target`` (0600) or to standard output; True if a file was written."""
    from harcelement_tui.core.export import write_private_file

    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return False
    write_private_file(target, payload, force=force)
    return True


def run_import(args: argparse.Namespace, ctx) -> int:
    from harcelement_tui.cli_audit import log_access
    from harcelement_tui.cli_protect import decryptor
    from harcelement_tui.core.export import read_export_file

    data = read_export_file(args.file, decrypt=decryptor(args))
    source = "entrée standard" if args.file == "-" else args.file
    with open_store(ctx, create=True) as store:
        original = data.get("case", {}).get("ref") if isinstance(data, dict) and isinstance(data.get("case"), dict) else None
        from harcelement_tui.cli_progress import working

        with working("Import du cas…"):
            case = store.import_case(data, source=source)
    log_access(ctx, store, [case], "importe", "import", source)
    if original and original != case.ref:
        print(f"Cas importé sous la référence {case.ref} ({original} était déjà prise).", file=sys.stderr)
    else:
        print(f"Cas importé : {case.ref}.", file=sys.stderr)
    return 0
