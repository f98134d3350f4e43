"""Data protection on the command line: encrypted exports (``--encrypt``, ``--recipient``),
encrypted imports, and ``export --person NAME`` (a parent's access request).

Passphrases are read from the terminal only (``getpass`` on ``/dev/tty``), twice when encrypting;
never from the command line or the environment, where other accounts (``ps``) or logs could see
them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from harcelement_tui.core.errors import UserError


def add_encrypt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encrypt", action="store_true",
        help="chiffrer le fichier (format age, extension .age) avec une phrase de passe demandée "
        "deux fois au terminal ; à transmettre au destinataire par un autre moyen (téléphone)",
    )
    parser.add_argument(
        "--recipient", metavar="CLÉ", action="append", default=[],
        help="chiffrer pour la clé publique age du destinataire (age1…) au lieu d'une phrase de "
        "passe ; peut être répété",
    )


def add_decrypt_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--identity", metavar="FICHIER", type=Path,
        help="fichier de clé secrète age (AGE-SECRET-KEY-1…) pour un fichier chiffré pour votre clé "
        "publique ; sans elle, la phrase de passe est demandée au terminal",
    )


def terminal_available() -> bool:
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


def read_secret(prompt: str) -> str:
    """One passphrase typed on the terminal, not echoed. Tests replace this function."""
    if not terminal_available():
        raise UserError("Phrase de passe : un terminal est nécessaire pour la taper (jamais sur la "
                        "ligne de commande) ; ou utilisez une clé publique (--recipient / --identity).")
    return getpass.getpass(prompt)


def new_passphrase() -> str:
    """A passphrase asked twice; refused when the two differ or it is too short."""
    from harcelement_tui.core.encryption import check_passphrase

    first = read_secret("Phrase de passe pour chiffrer : ")
    check_passphrase(first)
    if read_secret("La même phrase, encore une fois : ") != first:
        raise UserError("Les deux phrases de passe diffèrent ; rien n'a été écrit.")
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
            raise UserError(f"{source} est chiffré pour une clé publique : indiquez votre clé secrète "
                            "avec --identity FICHIER ; rien n'a été importé.")
        return decrypt(raw, source=source, passphrase=read_secret(f"Phrase de passe de {source} : "))

    return opened


def run_person_export(args: argparse.Namespace, ctx) -> int:
    """``export --person NAME``: every case naming the person, for the school to review."""
    from harcelement_tui.cli_audit import log_access
    from harcelement_tui.cli_cases import deliver, open_store, output_target, readable_by, where
    from harcelement_tui.core.export import dumps
    from harcelement_tui.core.person import mentions, name_words, person_document, person_filename

    if args.ref or args.all_cases or args.pseudonymise:
        raise UserError("--person s'emploie seul : ni référence, ni --all, ni --pseudonymise.")
    name = args.person
    if not name_words(name):
        raise UserError("Indiquez le nom de la personne après --person (par ex. --person \"Léa Dupont\").")
    with open_store(ctx) as store:
        today = store.now().date().isoformat()
        target = output_target(args.output, encrypted_name(person_filename(today), args), args.force)
        encrypt = encryption(args)
        found = [(case, where_) for case in store.list() if (where_ := mentions(case, name))]
        if not found:
            print("Aucun cas ne mentionne cette personne (accents et majuscules ignorés) ; "
                  "rien n'a été écrit.", file=sys.stderr)
            return 0
        refs = [case.ref for case, _ in found]
        payloads: list[bytes] = []

        def write(exports: list[dict]) -> None:
            """One file for all the cases, in place before their history notes the export; standard
            output is written after, outside the lock."""
            document = person_document(name, found, exports, exported_at=exports[0]["exported_at"],
                                       exported_by=store.user)
            payload = dumps(document) if encrypt is None else encrypt(dumps(document))
            if target is not None:
                deliver(payload, target, args.force)
            payloads.append(payload)

        store.export_cases(refs, {ref: where(target) for ref in refs}, deliver_all=write)
        written = target is not None or deliver(payloads[0], None, args.force)
        log_access(ctx, store, [case for case, _ in found], "demande-acces", "export --person",
                   where(target))
    print(f"{len(found)} cas mentionnent cette personne : {', '.join(refs)}.", file=sys.stderr)
    if written:
        print(f"Écrit : {target} ({readable_by(target)}). À RELIRE avant de le remettre : les "
              "dossiers nomment aussi d'autres personnes.", file=sys.stderr)
    return 0
