"""Case export and import: the export document, its JSON Schema, and private export files.

An export is one JSON document::

    {"schema": "harcelement-tui/case-export", "version": 2, "exported_at": ..., "exported_by": ...,
     "case": {...every field of the case...},
     "procedure": [{"id", "section", "section_title", "label", "done_at", "done_by", "note"}, ...],
     "contacts": [{"id", "name", "description", "phone", "email"}, ...]}

``procedure`` lists every step of the content's procedure with the case's state; ``contacts`` the
contacts the case's timeline names. The schema ships in ``core/schemas/case-export.schema.json``.

A pseudonymised export (:mod:`harcelement_tui.core.pseudonym`) carries ``"pseudonymised": true``;
its case has the pupil's initials and lacks the fields a recipient does not need. It is not a
whole case, so importing it is refused.
Export files are created with mode 0600 and never replace an existing file unless asked.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core.content import Content
from harcelement_tui.core.errors import UserError, os_reason
from harcelement_tui.core.history_text import readable_history
from harcelement_tui.core.model import Case, ValidationError
from harcelement_tui.core.safe_files import (
    UnsafeFileError,
    atomic_write_bytes,
    json_damage,
    make_private_dirs,
    private_file_mode,
    read_bounded,
    size_text,
)

SCHEMA_NAME = "harcelement-tui/case-export"
# 2: the case's people (core/people.py). Import reads 1 and 2 (a version 1 case has no people).
SCHEMA_VERSION = 2
SCHEMA_FILE = "case-export.schema.json"
MAX_IMPORT_BYTES = 8 << 20
"""An import file is refused above 8 Mo (one case is at most 4 Mo)."""


class ExportFileError(UserError):
    """An export or import file cannot be written or read. ``path`` is the file."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class InvalidExportError(ValidationError):
    """A document is not a valid case export. ``field`` is the JSON path at fault (``case/pupil``)."""


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return (resources.files("harcelement_tui.core") / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The export's JSON Schema (a fresh copy)."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


def _describe(error) -> tuple[str, str]:
    """A French description of one jsonschema error, and the JSON path it concerns."""
    path = "/".join(str(part) for part in error.absolute_path)
    where = f"« {path} »" if path else "le document"
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "?"
        full = f"{path}/{name}" if path else name
        return f"champ obligatoire manquant : « {full} »", full
    if validator == "type":
        expected = error.validator_value
        names = {"string": "un texte", "integer": "un nombre entier", "boolean": "vrai ou faux",
                 "object": "un objet", "array": "une liste", "null": "null", "number": "un nombre"}
        if isinstance(expected, list):
            wanted = " ou ".join(names.get(str(t), str(t)) for t in expected)
        else:
            wanted = names.get(expected, str(expected))
        return f"{where} doit être {wanted}", path
    if validator in ("enum", "const"):
        allowed = error.validator_value if validator == "enum" else [error.validator_value]
        shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in allowed)
        return f"valeur non permise pour {where} (valeurs possibles : {shown})", path
    if validator == "pattern" and "19[0-9]{2}" in error.validator_value:
        shown = json.dumps(error.instance, ensure_ascii=False)[:60]
        return (f"date mal écrite ou hors limites pour {where} : {shown} (années 1900 à 2999)", path)
    if validator == "maxLength":
        return (f"{where} est trop long : {len(error.instance)} caractères (de 0 à "
                f"{error.validator_value})", path)
    if validator in ("maxItems", "maxProperties"):
        return (f"{where} a trop d'éléments : {len(error.instance)} (au plus "
                f"{error.validator_value})", path)
    if validator == "pattern":
        return f"format incorrect pour {where} : {json.dumps(error.instance, ensure_ascii=False)[:60]}", path
    if validator == "uniqueItems":
        return f"{where} contient des doublons", path
    if validator == "minimum":
        return f"{where} doit être au moins {error.validator_value}", path
    if validator == "minLength":
        return f"{where} ne peut pas être vide", path
    return f"valeur invalide pour {where}", path


def validate_export(data: Any, *, source: str | None = None) -> None:
    """Raise :class:`InvalidExportError` (French, naming the field) unless ``data`` matches the schema."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(data))
    if error is None:
        return
    message, path = _describe(error)
    prefix = f"Fichier d'import invalide : {source} : " if source else "Export de cas invalide : "
    raise InvalidExportError(f"{prefix}{message}.", field=path or None)


def build_export(case: Case, content: Content, *, exported_at: str, exported_by: str,
                 pseudonymise: bool = False) -> dict[str, Any]:
    """The export document of ``case``; validates against the schema.

    ``pseudonymise``: the case as :class:`~harcelement_tui.core.pseudonym.Pseudonymiser` makes it,
    the exporter numbered like the case's users, and ``"pseudonymised": true``.
    """
    pseudonymiser = None
    if pseudonymise:
        from harcelement_tui.core.pseudonym import Pseudonymiser

        pseudonymiser = Pseudonymiser(case, fact_label=content.fact_label,
                                      role_label=lambda role: content.role(role).label)
        case = pseudonymiser.case()
        exported_by = pseudonymiser.user(exported_by)
    procedure = []
    for section in content.sections:
        for step in section.steps:
            record = case.steps.get(step.id)
            item: dict[str, Any] = {
                "id": step.id,
                "section": section.id,
                "section_title": section.title,
                "label": step.text,
                "done_at": record.done_at if record else None,
                "done_by": record.done_by if record else None,
            }
            if record is not None and record.note:
                item["note"] = record.note
            procedure.append(item)
    contact_ids: list[str] = []
    for entry in case.timeline:
        if entry.contact_id and entry.contact_id not in contact_ids:
            contact_ids.append(entry.contact_id)
    contacts = []
    for contact_id in contact_ids:
        try:
            contact = content.contact(contact_id)
        except KeyError:
            contacts.append({"id": contact_id, "name": contact_id})
            continue
        entry_out = {"id": contact.id, "name": contact.name}
        for key in ("description", "phone", "email"):
            value = getattr(contact, key)
            if value:
                entry_out[key] = value
        contacts.append(entry_out)
    document: dict[str, Any] = {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "exported_at": exported_at,
        "exported_by": exported_by,
        "case": case.to_dict(),
        "procedure": procedure,
        "contacts": contacts,
    }
    if pseudonymiser is not None:
        from harcelement_tui.core.pseudonym import pseudonymised_case_dict

        document["pseudonymised"] = True
        document["case"] = pseudonymised_case_dict(case)
    readable_history(document["case"], case.timeline)
    return document


PSEUDONYMISED_IMPORT = (
    "Import refusé : {source} est un export pseudonymisé (nom de l'élève remplacé par ses initiales, "
    "classe et autres champs retirés), pas un cas complet. Importez l'export complet du cas."
)


def case_from_export(data: Any, *, source: str | None = None) -> Case:
    """The case inside a valid export document (validated first). A pseudonymised export is refused."""
    if isinstance(data, Mapping) and data.get("pseudonymised") is True:
        raise InvalidExportError(PSEUDONYMISED_IMPORT.format(source=source or "ce document"),
                                 field="pseudonymised")
    validate_export(data, source=source)
    try:
        return Case.from_dict(data["case"])
    except (ValueError, TypeError):  # pragma: no cover - the schema already rules this out
        raise InvalidExportError("Export de cas invalide : le cas est illisible.", field="case") from None


def dumps(data: Mapping[str, Any]) -> bytes:
    """Export bytes: UTF-8 (accents kept), indented, final newline."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def export_filename(ref: str, *, pseudonymised: bool = False) -> str:
    return f"cas-{ref}-pseudonymise.json" if pseudonymised else f"cas-{ref}.json"


def check_target(path: Path, *, force: bool) -> None:
    """Refuse an existing target unless ``force``; refuse a directory."""
    if path.is_dir():
        raise ExportFileError(f"{path} est un dossier : indiquez un nom de fichier.", path)
    if path.exists() and not force:
        raise ExportFileError(
            f"Le fichier {path} existe déjà ; rien n'a été écrit. Ajoutez --force pour le remplacer.", path
        )


STALE_TEMP_SECONDS = 60


def remove_stale_temp_files(path: Path) -> None:
    """Remove the temporary files a killed ``--force`` write left beside ``path`` (each a whole
    case): yours, of this name, older than a minute (a write in progress takes milliseconds)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    limit = time.time() - STALE_TEMP_SECONDS
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        candidate = path.parent / name
        try:
            st = os.lstat(candidate)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid() and st.st_mtime < limit:
                os.unlink(candidate)
        except OSError:
            continue


def write_private_file(path: Path, payload: bytes, *, force: bool = False) -> None:
    """Write an export file readable by its owner only (0600, whatever the umask), or by its team
    (0660) in a team directory (see ``storage``: setgid, group ``rwx``).

    Without ``force`` an existing file is never replaced (``O_EXCL``); with it, the file is replaced
    atomically. A failure leaves no partial file. Every ``OSError`` (a folder another account
    made private, a full disk) is an :class:`ExportFileError` naming the path.
    """
    try:
        if not path.parent.exists():
            make_private_dirs(path.parent)
    except OSError as exc:
        raise ExportFileError(f"Impossible de créer le dossier {path.parent} ({os_reason(exc)}).", path) from None
    mode = private_file_mode(path)
    if force:
        try:
            check_target(path, force=True)
            remove_stale_temp_files(path)
        except OSError as exc:
            raise ExportFileError(f"Impossible d'écrire {path} ({os_reason(exc)}) ; rien n'a été écrit.", path) from None
        try:
            atomic_write_bytes(path, payload, mode=mode)
        except OSError as exc:
            raise ExportFileError(f"Impossible d'écrire {path} ({os_reason(exc)}) ; rien n'a été écrit.", path) from None
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    except FileExistsError:
        raise ExportFileError(
            f"Le fichier {path} existe déjà ; rien n'a été écrit. Ajoutez --force pour le remplacer.", path
        ) from None
    except OSError as exc:
        raise ExportFileError(f"Impossible de créer {path} ({os_reason(exc)}).", path) from None
    try:
        os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        try:
            os.unlink(path)
        except OSError:
            pass
        raise ExportFileError(f"Impossible d'écrire {path} ({os_reason(exc)}) ; rien n'a été écrit.", path) from None
    os.close(fd)


def read_export_file(path: Path | str, *, decrypt: Callable[[bytes, str], bytes] | None = None) -> Any:
    """Parse an export file (``-`` reads standard input). Raises :class:`ExportFileError`.

    An age-encrypted file (:mod:`harcelement_tui.core.encryption`) is opened with ``decrypt(raw,
    name)`` first; without ``decrypt`` it is refused."""
    import sys

    too_big = f"Import refusé : {{}} est trop gros (plus de {size_text(MAX_IMPORT_BYTES)})."
    if str(path) == "-":
        raw = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
        name = "entrée standard"
        if len(raw) > MAX_IMPORT_BYTES:
            raise ExportFileError(too_big.format(name), path)
    else:
        name = str(path)
        try:
            # Never blocks on a FIFO, never reads a device: a regular file of at most 8 Mo.
            raw = read_bounded(path, MAX_IMPORT_BYTES, refuse_other_writable=False)
        except UnsafeFileError as exc:
            raise ExportFileError(f"Import refusé : {path} : {exc.reason}.", path) from None
        except FileNotFoundError:
            raise ExportFileError(f"Fichier introuvable : {path}.", path) from None
        except IsADirectoryError:
            raise ExportFileError(f"{path} est un dossier, pas un fichier d'export.", path) from None
        except OSError as exc:
            if exc.errno == errno.EACCES:
                raise ExportFileError(f"Lecture refusée : {path} (permission refusée).", path) from None
            raise ExportFileError(f"Lecture impossible : {path} ({os_reason(exc)}).", path) from None
    from harcelement_tui.core.encryption import is_encrypted

    if is_encrypted(raw):
        if decrypt is None:
            raise ExportFileError(f"{name} est chiffré (format age) : importez-le en ligne de commande.", path)
        raw = decrypt(raw, name)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ExportFileError(f"Fichier d'import invalide : {name} n'est pas du JSON valide.", path) from None
    # A key twice in one object (orjson keeps the last one silently), or nesting deeper than the
    # case file can store: refused here rather than half-read or failing at the write.
    reason = json_damage(raw.strip(), data)
    if reason is not None:
        raise ExportFileError(f"Fichier d'import invalide : {name} : {reason}.", path)
    return data
