"""User-facing French text of the core's files and administration (system errors, the team
directory, the configuration, encryption, the access log), behind :mod:`harcelement_tui.i18n`
like :mod:`harcelement_tui.core.strings`. Counts go through ``ngettext``."""

from __future__ import annotations

import errno

from harcelement_tui.i18n import _, ngettext

# ------------------------------------------------------------------ system errors (core/errors.py)

OS_REASONS = {
    errno.ENOSPC: _("le disque est plein"),
    errno.EDQUOT: _("le quota disque est dépassé"),
    errno.EROFS: _("le système de fichiers est en lecture seule"),
    errno.EACCES: _("permission refusée"),
    errno.EPERM: _("opération non permise"),
    errno.EIO: _("erreur d'entrée-sortie du disque"),
    errno.ENOENT: _("fichier ou dossier introuvable"),
    errno.ENOTDIR: _("un élément du chemin n'est pas un dossier"),
    errno.EISDIR: _("c'est un dossier"),
    errno.EEXIST: _("existe déjà"),
    errno.ELOOP: _("trop de liens symboliques"),
    errno.ENAMETOOLONG: _("nom trop long"),
    errno.EFBIG: _("fichier trop gros"),
    errno.EBUSY: _("ressource occupée"),
}
OS_ERROR = _("erreur système {number} : {reason}")
NOT_UTF8 = _("pas en UTF-8")

# ------------------------------------------------------------------ team directory (core/team.py)

GID = _("gid {gid}")
TEAM_FILE = _("Équipe {team} · fichier partagé")
PERSONAL_FILE = _("Fichier personnel")
GROUP_UNKNOWN = _("Groupe inconnu : {name}. Créez-le d'abord : groupadd {name}")
TEAM_INIT_WHO = _("team init se lance en administrateur (root) ou par un membre du groupe {group} : "
                  "sudo harcelement-tui team init …")
DIR_NO_ACCESS = _("Accès impossible à {directory} ({reason}).")
DIR_NOT_DIR = _("{directory} existe et n'est pas un dossier (ou est un lien) : choisissez un autre chemin.")
DIR_WORLD_READABLE = _("Refusé : le dossier {directory} est accessible à tous les utilisateurs du serveur "
                       "(droits {mode}) ; ce qu'il contient a peut-être déjà été lu. Choisissez un dossier "
                       "neuf, ou retirez d'abord ces droits : chmod o-rwx {directory}")
DIR_NOT_PREPARED = _("Impossible de préparer le dossier {directory} ({reason}).")
TEAM_DIR_CREATED = _("Dossier de l'équipe : {directory} ({mode}, groupe {group}) créé.")
TEAM_DIR_UPDATED = _("Dossier de l'équipe : {directory} ({mode}, groupe {group}) mis à jour.")
PARENT_NOT_TRAVERSABLE = _("Attention : {parent} n'est pas traversable par les membres du groupe (droits "
                           "{mode}) ; ils n'atteindront pas le fichier.")
FILES_NOT_SHARED = _("Impossible de partager les fichiers de {directory} ({reason}).")
CONFIG_NOT_COMPLETED = _("La configuration existante n'a pas pu être complétée (YAML inattendu) : ajoutez "
                         "vous-même la ligne « {line} ».")
CONFIG_UNREADABLE_REASON = _("Configuration illisible : {path} ({reason}).")
CONFIG_NOT_WRITTEN = _("Impossible d'écrire la configuration {path} ({reason}).")
CONFIG_WRITTEN = _("Configuration du serveur : {path} (data_file: {data_file}) ; tous les comptes utilisent "
                   "ce fichier, aussi par « ssh -t SERVEUR harcelement-tui ».")
DATA_FILE_UNUSABLE = _("Fichier des cas inutilisable : {error}")
DATA_FILE_CREATED = _("Fichier des cas : {path} ({mode}) créé.")
DATA_FILE_KEPT = _("Fichier des cas : {path} ({mode}) déjà présent, gardé tel quel.")
NO_MEMBER_YET = _("aucun pour l'instant")
GROUP_MEMBERS = _("Membres du groupe {group} : {members}.")
ADD_MEMBER = _("Ajouter un membre : usermod -aG {group} LOGIN (effet à sa prochaine connexion).")
MEMBER_CHECKS = _("Chaque membre vérifie avec : harcelement-tui info")


def files_shared(count: int, file_mode: str, dir_mode: str, group: str) -> str:
    return ngettext(
        "{count} fichier ou dossier déjà présent mis en {file_mode} (dossiers {dir_mode}), groupe {group}.",
        "{count} fichiers ou dossiers déjà présents mis en {file_mode} (dossiers {dir_mode}), groupe {group}.",
        count).format(count=count, file_mode=file_mode, dir_mode=dir_mode, group=group)

# ------------------------------------------------------------------ configuration (core/config.py)

TYPE_TEXT = _("un texte")
TYPE_FILE = _("un chemin de fichier")
TYPE_DIR = _("un chemin de dossier")
TYPE_RETENTION = _("un nombre entier de jours, entre 1 et {limit}")
TYPE_FORMAT = _("pdf ou md")
TYPE_CONTACT = _("un texte (la personne de contact de l'école, sur la fiche des parents)")
TYPE_LOG_DAYS = _("un nombre entier de jours, entre 1 et 36500")
TYPE_HIDE = _("un nombre entier de minutes, entre 0 (jamais) et 1440")
TYPE_BOOL = _("true ou false")
CONFIG_REFUSED = _("Configuration refusée : {path} : {reason}.")
CONFIG_NOT_UTF8 = _("Configuration illisible : {path} n'est pas en UTF-8.")
CONFIG_NOT_YAML = _("Configuration invalide : {path} n'est pas du YAML valide.")
CONFIG_NOT_YAML_LINE = _("Configuration invalide : {path}, ligne {line} n'est pas du YAML valide.")
CONFIG_NOT_PAIRS = _("Configuration invalide : {path} doit contenir des paires « clé: valeur ».")
CONFIG_KEY_UNKNOWN = _("Configuration invalide : {path} : clé inconnue « {key} » (clés connues : {known}).")
CONFIG_KEY_WRONG = _("Configuration invalide : {path} : la clé « {key} » doit être {described}.")
CONFIG_NOT_FOUND = _("Fichier de configuration introuvable : {path}.")

# ------------------------------------------------------------------ encryption (core/encryption.py)

PASSPHRASE_SHORT = _("Phrase de passe trop courte : au moins {limit} caractères (plusieurs mots, par "
                     "exemple) ; rien n'a été écrit.")
PASSPHRASE_LONG = _("Phrase de passe trop longue ; rien n'a été écrit.")
RECIPIENT_INVALID = _("Clé publique du destinataire invalide : « {shown} » (attendu : age1… ou ssh-ed25519 …) ; "
                      "rien n'a été écrit.")
NO_KEY = _("Ni phrase de passe ni clé publique : rien n'a été chiffré.")
ENCRYPT_FAILED = _("Chiffrement impossible ; rien n'a été écrit.")
KEY_FILE_UNREADABLE = _("Fichier de clé illisible : {path} ({reason}).")
KEY_FILE_NOT_AGE = _("Fichier de clé illisible : {path} n'est pas un fichier de clé age.")
KEY_FILE_INVALID = _("Fichier de clé invalide : {path} (attendu : AGE-SECRET-KEY-1…).")
KEY_FILE_EMPTY = _("Fichier de clé vide : {path}.")
ENCRYPTED_NEEDS_KEY = _("{source} est chiffré : une phrase de passe ou une clé (--identity) est nécessaire.")
DECRYPT_FAILED_KEY = _("Déchiffrement impossible : {source} (clé incorrecte, ou fichier abîmé ou incomplet) ; "
                       "rien n'a été importé.")
DECRYPT_FAILED_PASSPHRASE = _("Déchiffrement impossible : {source} (phrase de passe incorrecte, ou fichier "
                              "abîmé ou incomplet) ; rien n'a été importé.")

# ------------------------------------------------------------------ access log (core/access_log.py)

# What was done, as the log stores it (short, stable) and as ``audit`` shows it.
ACTIONS = {
    "consulte": _("consulté"),
    "exporte": _("exporté"),
    "exporte-chiffre": _("exporté (chiffré)"),
    "exporte-pseudonymise": _("exporté (pseudonymisé)"),
    "rapport": _("rapport"),
    "rapport-pseudonymise": _("rapport (pseudonymisé)"),
    "fiche": _("fiche"),
    "importe": _("importé"),
    "demande-acces": _("demande d'accès"),
}
NOT_REGULAR_FILE = _("pas un fichier ordinaire")
LOG_NOT_WRITTEN = _("Journal des accès non écrit : {path} ({reason}).")
LOG_REPLACED = _("Journal des accès non écrit : {path} (remplacé sans cesse).")
LOG_UNREADABLE = _("Journal des accès illisible : {path} ({reason}).")
LOG_NOT_REWRITTEN = _("Journal des accès non réécrit : {path} ({reason}).")

# ------------------------------------------------------------------ the data file's origin (core/paths.py)

FROM_OPTION = _("option --data")
FROM_VARIABLE = _("variable {name}")
FROM_CONFIG = _("configuration (data_file)")
FROM_CONFIG_FILE = _("configuration {path} (data_file)")
FROM_DEFAULT = _("défaut (fichier personnel)")
