"""Data protection on the command line: encrypted exports (``--encrypt``, ``--recipient``),
encrypted imports, and ``export --person NAME`` (a parent's access request).

Passphrases are read from the terminal only (``getpass`` on ``/dev/tty``), twice when encrypting;
never from the command line or the environment, where other accounts (``ps``) or logs could see
them.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harcelement_tui.cli import strings as S
from harcelement_tui.cli.common import Context
from harcelement_tui.core.errors import UserError


def add_encrypt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encrypt", action="store_true", help=S.HELP_ENCRYPT)
    parser.add_argument("--recipient", metavar=S.METAVAR_KEY, action="append", default=[], help=S.HELP_RECIPIENT)


def add_decrypt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--identity", metavar=S.METAVAR_FILE, type=Path, help=S.HELP_IDENTITY)


def terminal_available() -> bool:
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


def read_secret(prompt: str) -> str:
    """One passphrase typed on the terminal, not echoed. Tests replace this function."""
    if not terminal_available():
        raise UserError(S.PASSPHRASE_NEEDS_TERMINAL)
    return getpass.getpass(prompt)


def new_passphrase() -> str:
    """A passphrase asked twice; refused when the two differ or it is too short."""
    from harcelement_tui.core.encryption import check_passphrase

    first = read_secret(S.PASSPHRASE_FIRST)
    check_passphrase(first)
    if read_secret(S.PASSPHRASE_AGAIN) != first:
        raise UserError(S.PASSPHRASES_DIFFER)
    return first


def encryption(args: argparse.Namespace) -> Callable[[bytes], bytes] | None:
    """What encrypts the bytes to write, asked for *before* anything is logged; ``None``: plain."""
    from harcelement_tui.core.encryption import encrypt, parse_recipient

    recipients = list(args.recipient or [])
    if not args.encrypt and not recipients:
        return None
    if recipients:
        for text in recipients:
            parse_recipient(text)  # refuse a bad key before anything is logged
        return lambda payload: encrypt(payload, recipients=recipients)
    passphrase = new_passphrase()
    return lambda payload: encrypt(payload, passphrase=passphrase)


def encrypted_name(name: str, args: argparse.Namespace) -> str:
    """The default file name, with ``.age`` when the file is encrypted."""
    from harcelement_tui.core.encryption import SUFFIX

    return name + SUFFIX if args.encrypt or args.recipient else name


def decryptor(args: argparse.Namespace) -> Callable[[bytes, str], bytes]:
    """What ``import`` calls on an encrypted file: the key file, or a passphrase asked once."""
    from harcelement_tui.core.encryption import decrypt, uses_passphrase

    def opened(raw: bytes, source: str) -> bytes:
        if args.identity is not None:
            return decrypt(raw, source=source, identity_file=args.identity)
        if not uses_passphrase(raw):
            raise UserError(S.NEEDS_IDENTITY.format(source=source))
        return decrypt(raw, source=source, passphrase=read_secret(S.PASSPHRASE_OF.format(source=source)))

    return opened


def run_person_export(args: argparse.Namespace, ctx: Context) -> int:
    """``export --person NAME``: every case naming the person, for the school to review."""
    from harcelement_tui.cli.audit import log_access
    from harcelement_tui.cli.common import open_store, readable_by, say
    from harcelement_tui.core.export import dumps
    from harcelement_tui.core.person import mentions, name_words, person_document, person_filename
    from harcelement_tui.core.sharing import deliver, destination, resolve_target, write_stdout

    if args.ref or args.all_cases or args.pseudonymise:
        raise UserError(S.PERSON_ALONE)
    name = args.person
    if not name_words(name):
        raise UserError(S.PERSON_NO_NAME)
    with open_store(ctx) as store:
        today = store.now().date().isoformat()
        target = resolve_target(args.output, encrypted_name(person_filename(today), args), args.force)
        encrypt = encryption(args)
        found = [(case, where_) for case in store.list() if (where_ := mentions(case, name))]
        if not found:
            say(S.PERSON_NOT_FOUND)
            return 0
        refs = [case.ref for case, _ in found]
        payloads: list[bytes] = []

        def write(exports: list[dict[str, Any]]) -> None:
            """One file for all the cases, in place before their history notes the export; standard
            output is written after, outside the lock."""
            document = person_document(name, found, exports, exported_at=exports[0]["exported_at"],
                                       exported_by=store.user)
            payload = dumps(document) if encrypt is None else encrypt(dumps(document))
            if target is not None:
                deliver(payload, target, args.force)
            payloads.append(payload)

        store.export_cases(refs, {ref: destination(target) for ref in refs}, deliver_all=write)
        if target is None:
            write_stdout(payloads[0])
        log_access(ctx, store, [case for case, _ in found], "demande-acces", "export --person",
                   destination(target))
    say(S.person_found(refs))
    if target is not None:
        say(S.PERSON_WRITTEN.format(target=target, readable=readable_by(target)))
    return 0
