"""Case sub-commands: ``export`` (full or pseudonymised, one case or all) and ``import``.

Every error a user can cause is a :class:`~harcelement_tui.core.errors.UserError`; ``cli.main``
prints it as one French line on stderr and exits with status 2. Progress messages go to stderr so
that ``export -o -`` keeps stdout for the JSON alone.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context, Subparsers, add_output_options, open_store, readable_by, say, subparser
from harcelement_tui.core.errors import UserError

# Cases exported (files written, history noted) per hold of the lock by ``export --all``.
EXPORT_BATCH = 200

Encrypt = Callable[[bytes], bytes] | None


def register(subparsers: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add the case sub-commands to ``subparsers``; ``common`` carries --data/--content/--config."""
    from harcelement_tui.cli.protect import add_decrypt_options, add_encrypt_options

    export = subparser(subparsers, "export", common, help=S.EXPORT_HELP, description=S.EXPORT_DESCRIPTION,
                       epilog=S.EXPORT_EPILOG)
    export.add_argument("ref", nargs="?", metavar="REF", help=S.HELP_REF)
    export.add_argument("--all", dest="all_cases", action="store_true", help=S.EXPORT_HELP_ALL)
    add_output_options(export, S.EXPORT_HELP_OUTPUT)
    export.add_argument("--pseudonymise", action="store_true", help=S.EXPORT_HELP_PSEUDONYMISE)
    export.add_argument("--person", metavar=S.METAVAR_NAME, help=S.EXPORT_HELP_PERSON)
    add_encrypt_options(export)
    export.set_defaults(handler=run_export)

    imp = subparser(subparsers, "import", common, help=S.IMPORT_HELP, description=S.IMPORT_DESCRIPTION)
    imp.add_argument("file", metavar=S.METAVAR_FILE, help=S.IMPORT_HELP_FILE)
    add_decrypt_options(imp)
    imp.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.cli.audit import log_access
    from harcelement_tui.cli.protect import encrypted_name, encryption, run_person_export
    from harcelement_tui.core.export import export_filename
    from harcelement_tui.core.sharing import destination, resolve_target, share_case, write_stdout

    if args.person is not None:
        return run_person_export(args, ctx)
    if args.all_cases:
        return _export_all(args, ctx)
    if not args.ref:
        raise UserError(S.EXPORT_NO_REF)
    pseudonymise = args.pseudonymise
    target = resolve_target(args.output, encrypted_name(export_filename(args.ref, pseudonymised=pseudonymise), args),
                            args.force)
    with open_store(ctx) as store:
        store.get(args.ref)  # an unknown case is said before the passphrase is asked
        encrypt = encryption(args)
        shared = share_case(store, "export", args.ref, target, force=args.force, pseudonymise=pseudonymise,
                            encrypt=encrypt)
    if target is None:
        write_stdout(shared.payload)
    else:
        say(S.exported(args.ref, target, readable_by(target), pseudonymised=pseudonymise,
                       encrypted=encrypt is not None))
    log_access(ctx, store, [shared.case], shared.action, "export", destination(target))
    return 0


def _export_all(args: argparse.Namespace, ctx: Context) -> int:
    """``export --all -o DOSSIER``: one file per case, each noted in its history once written."""
    from harcelement_tui.cli.audit import log_access
    from harcelement_tui.cli.progress import counting
    from harcelement_tui.cli.protect import encrypted_name, encryption
    from harcelement_tui.core.export import export_filename, write_private_file

    pseudonymise = args.pseudonymise
    if args.ref:
        raise UserError(S.EXPORT_REF_AND_ALL)
    if args.output == "-":
        raise UserError(S.EXPORT_ALL_TO_STDOUT)
    directory = Path(args.output or ".")
    if directory.exists() and not directory.is_dir():
        raise UserError(S.NOT_A_FOLDER.format(path=directory))
    with open_store(ctx) as store:
        cases = store.list()
        refs = [case.ref for case in cases if not case.purged]
        purged = len(cases) - len(refs)
        if purged:
            say(S.purged_not_exported(purged))
        if not refs:
            say(S.NOTHING_TO_EXPORT)
            return 0
        targets = {ref: directory / encrypted_name(export_filename(ref, pseudonymised=pseudonymise), args)
                   for ref in refs}
        existing = [path for path in targets.values() if path.exists()]
        if existing and not args.force:
            raise UserError(S.files_exist(existing[0], len(existing) - 1))
        encrypt = encryption(args)
        # Each case's history notes its export only once its file is in place. The files are
        # written under the store's lock: in batches, so that no other session waits long (one
        # case at a time with a passphrase, whose key derivation takes about two seconds).
        destinations = {ref: str(path.resolve()) for ref, path in targets.items()}
        batch = 1 if args.encrypt else EXPORT_BATCH
        documents: list[dict[str, Any]] = []
        written: list[str] = []
        try:
            with counting(len(refs), S.PROGRESS_EXPORT) as advance:

                def write(document: dict[str, Any]) -> None:
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
    readable = readable_by(next(iter(targets.values())), plural=True)
    say(S.exported_all(len(documents), directory, readable, pseudonymised=pseudonymise))
    return 0


def _payload(document: dict[str, Any], encrypt: Encrypt) -> bytes:
    """The file's bytes: the export as JSON, encrypted when asked."""
    from harcelement_tui.core.export import dumps

    return dumps(document) if encrypt is None else encrypt(dumps(document))


def _action(args: argparse.Namespace) -> str:
    """The access log's name for this export."""
    from harcelement_tui.core.access_log import share_action

    return share_action("export", pseudonymised=args.pseudonymise, encrypted=bool(args.encrypt or args.recipient))


def run_import(args: argparse.Namespace, ctx: Context) -> int:
    from harcelement_tui.cli.audit import log_access
    from harcelement_tui.cli.progress import working
    from harcelement_tui.cli.protect import decryptor
    from harcelement_tui.core.export import read_export_file

    data = read_export_file(args.file, decrypt=decryptor(args))
    source = S.STDIN if args.file == "-" else args.file
    with open_store(ctx, create=True) as store:
        original = data.get("case", {}).get("ref") if isinstance(data, dict) and isinstance(data.get("case"), dict) else None
        with working(S.PROGRESS_IMPORT):
            case = store.import_case(data, source=source)
    log_access(ctx, store, [case], "importe", "import", source)
    if original and original != case.ref:
        say(S.IMPORTED_RENAMED.format(ref=case.ref, original=original))
    else:
        say(S.IMPORTED.format(ref=case.ref))
    return 0
