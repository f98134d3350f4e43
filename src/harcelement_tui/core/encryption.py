"""Encrypted exports in the age format (https://age-encryption.org), through ``pyrage``.

age is a small, standard file format other tools open too (``age``, ``rage``, ``passage``…):
a case encrypted here with a passphrase opens with ``age -d cas-2026-001.json.age`` elsewhere.
Two ways to encrypt:

- a passphrase (scrypt), told to the receiving school by another channel (a phone call);
- the receiving school's public key (``age1…``), when it has one: only its secret key opens it.

Decryption errors (wrong passphrase, wrong key, damaged or cut file) are one French line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from harcelement_tui.core import strings as S
from harcelement_tui.core.errors import UserError, os_reason

# Extension added to an encrypted export's name.
SUFFIX = ".age"

_BINARY_HEADER = b"age-encryption.org/v1\n"
_ARMOR_HEADER = b"-----BEGIN AGE ENCRYPTED FILE-----"

# A passphrase shorter than this is refused: the file may travel by e-mail or on a lost USB stick.
MIN_PASSPHRASE = 10
MAX_PASSPHRASE = 1024


class EncryptionError(UserError):
    """Encryption or decryption failed; the message is one French line."""


def is_encrypted(raw: bytes) -> bool:
    """True if ``raw`` is an age file (binary or armored)."""
    return raw.startswith(_BINARY_HEADER) or raw.lstrip().startswith(_ARMOR_HEADER)


def uses_passphrase(raw: bytes) -> bool:
    """True if the age file ``raw`` was encrypted with a passphrase (its header says scrypt)."""
    if not raw.startswith(_BINARY_HEADER):
        return True  # armored: try a passphrase first, as age does
    header = raw[len(_BINARY_HEADER):raw.find(b"\n---", 0, 65536)]
    return b"-> scrypt " in header


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(S.PASSPHRASE_SHORT.format(limit=MIN_PASSPHRASE))
    if len(passphrase) > MAX_PASSPHRASE:
        raise EncryptionError(S.PASSPHRASE_LONG)


def parse_recipient(text: str):
    """An age public key (``age1…``) or an SSH public key (``ssh-ed25519 …``)."""
    from pyrage import RecipientError, ssh, x25519

    text = text.strip()
    try:
        if text.startswith("ssh-"):
            return ssh.Recipient.from_str(text)
        return x25519.Recipient.from_str(text)
    except (RecipientError, ValueError):
        shown = text[:20] + ("…" if len(text) > 20 else "")
        raise EncryptionError(S.RECIPIENT_INVALID.format(shown=shown)) from None


def encrypt(payload: bytes, *, passphrase: str | None = None, recipients: Iterable[str] = ()) -> bytes:
    """``payload`` encrypted with ``passphrase`` or for ``recipients`` (public keys), age format."""
    import pyrage
    from pyrage import passphrase as age_passphrase

    keys = [parse_recipient(text) for text in recipients]
    try:
        if keys:
            return pyrage.encrypt(payload, keys)
        if passphrase is None:
            raise EncryptionError(S.NO_KEY)
        check_passphrase(passphrase)
        return age_passphrase.encrypt(payload, passphrase)
    except pyrage.EncryptError:
        raise EncryptionError(S.ENCRYPT_FAILED) from None


def read_identities(path: Path):
    """The secret keys in an age identity file (``AGE-SECRET-KEY-1…`` lines, ``#`` comments)."""
    from pyrage import IdentityError, x25519

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise EncryptionError(S.KEY_FILE_UNREADABLE.format(path=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError:
        raise EncryptionError(S.KEY_FILE_NOT_AGE.format(path=path)) from None
    keys = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            keys.append(x25519.Identity.from_str(line))
        except (IdentityError, ValueError):
            raise EncryptionError(S.KEY_FILE_INVALID.format(path=path)) from None
    if not keys:
        raise EncryptionError(S.KEY_FILE_EMPTY.format(path=path))
    return keys


def decrypt(raw: bytes, *, source: str, passphrase: str | None = None,
            identity_file: Path | None = None) -> bytes:
    """The plaintext of the age file ``raw``; one French line if the key is wrong or the file damaged."""
    import pyrage
    from pyrage import passphrase as age_passphrase

    try:
        if identity_file is not None:
            return pyrage.decrypt(raw, read_identities(identity_file))
        if passphrase is None:
            raise EncryptionError(S.ENCRYPTED_NEEDS_KEY.format(source=source))
        return age_passphrase.decrypt(raw, passphrase)
    except pyrage.DecryptError:
        failed = S.DECRYPT_FAILED_KEY if identity_file is not None else S.DECRYPT_FAILED_PASSPHRASE
        raise EncryptionError(failed.format(source=source)) from None
