"""User-facing French text of the core layer, behind the one door :mod:`harcelement_tui.i18n`.

Each message is written in French (the message id) and goes through ``_`` at import or ``ngettext``
at use; parameters are named and filled in after translation (``CASE_NOT_FOUND.format(ref=...)``).
The history sentences the console writes are in :mod:`harcelement_tui.core.strings_history`, the
text of documents (reports, sheets, statistics) in :mod:`harcelement_tui.core.strings_docs`.
"""

from __future__ import annotations

import errno

from harcelement_tui.i18n import _, ngettext

# ------------------------------------------------------------------ dates (core/dates.py)

DATE_RANGE = _("entre le 01/01/1900 et le 31/12/2999")
WEEKDAYS = (_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche"))
MONTHS = (_("janvier"), _("février"), _("mars"), _("avril"), _("mai"), _("juin"), _("juillet"), _("août"),
          _("septembre"), _("octobre"), _("novembre"), _("décembre"))
FIRST_DAY = _("1er")
LONG_DATE = _("{weekday} {day} {month} {year}")

# ------------------------------------------------------------------ fields (checks, history)

# French names of the fields, for messages and for the timeline's "old → new" entries.
FIELD_LABELS: dict[str, str] = {
    "ref": _("Référence"),
    "pupil": _("Élève"),
    "class_group": _("Classe"),
    "is_minor": _("Mineur"),
    "reported_by": _("Signalé par"),
    "summary": _("Résumé"),
    "facts": _("Faits"),
    "platforms": _("Plateformes"),
    "follow_up": _("Date de suivi"),
    "status": _("Statut"),
    "text": _("Texte"),
    "kind": _("Type d'entrée"),
    "contact_id": _("Contact"),
    "step_id": _("Étape"),
    "description": _("Description"),
    "where_kept": _("Où est conservé l'original"),
    "platform": _("Plateforme"),
    "url": _("Adresse (URL)"),
    "seen_at": _("Vu le"),
    "note": _("Note"),
    "done": _("Fait"),
    # People of a case (core/people.py).
    "role": _("Rôle"),
    "name": _("Nom ou description"),
    "heard_at": _("Entendu le"),
    "heard_by": _("Entendu par"),
    "parents_informed_on": _("Parents informés le"),
    "parents_informed_how": _("Comment"),
}

YES = _("oui")
NO = _("non")
EMPTY_VALUE = _("(vide)")


def yes_no(value: bool) -> str:
    return YES if value else NO


# ------------------------------------------------------------------ input checks (core/checks.py)

CASE_NOT_FOUND = _("Cas introuvable : « {ref} ».")
VERSION_OUT_OF_RANGE = _("Le cas {ref} a un numéro de version hors limites (de 1 à {limit}) ; "
                         "rien n'a été enregistré.")
FIELD_TOO_LONG = _("Le champ « {label} » est trop long : {length} caractères (de 0 à {limit}).")
TOO_MANY_ENTRIES = _("Le cas {ref} a trop d'entrées d'historique : {count} (de 1 à {limit}).")
TOO_MANY_EVIDENCE = _("Le cas {ref} a trop de preuves : {count} (de 0 à {limit}).")
CASE_TOO_BIG = _("Le cas {ref} est trop gros : {size} Mo (au plus {limit} Mo) ; rien n'a été enregistré.")
DATE_OUT_OF_RANGE_FOR = _("Date hors limites pour « {label} » : « {value} » (une date {range}).")
FIELD_NOT_TEXT = _("Le champ « {label} » doit être un texte.")
FIELD_REQUIRED = _("Le champ « {label} » est obligatoire.")
PUPIL_REQUIRED = _("Le nom de l'élève est obligatoire (nom ou initiales).")
FIELD_NOT_BOOL = _("Le champ « {label} » doit valoir oui ou non.")
FACTS_NOT_LIST = _("Le champ « Faits » doit être une liste de catégories.")
FACT_UNKNOWN = _("Catégorie de faits inconnue : « {value} » (catégories possibles : {known}).")
PLATFORMS_NOT_LIST = _("Le champ « Plateformes » doit être une liste de noms.")
STATUS_UNKNOWN = _("Statut inconnu : « {value} » (statuts possibles : {known}).")
FOLLOW_UP_OUT_OF_RANGE = _("Date de suivi hors limites : « {value} » (une date {range}).")
FOLLOW_UP_INVALID = _("Date de suivi invalide : « {value} » (format attendu : AAAA-MM-JJ).")
TIMESTAMP_INVALID = _("Date et heure invalides pour « {label} » : « {value} » (format attendu : "
                      "AAAA-MM-JJTHH:MM avec le fuseau, par ex. 2026-03-05T14:30+01:00).")
KIND_WRITTEN_BY_CONSOLE = _("Les entrées « {value} » sont écrites par la console elle-même. "
                            "Types possibles : {known}.")
KIND_UNKNOWN = _("Type d'entrée inconnu : « {value} ». Types possibles : {known}.")
FIELD_NOT_EDITABLE = _("Champ inconnu ou non modifiable : « {label} ».")
EVIDENCE_FIELD_UNKNOWN = _("Champ inconnu pour une preuve : « {name} ».")
REF_INVALID = _("Référence invalide : « {value} » (format attendu : 2026-001).")
VERSION_INVALID = _("Numéro de version invalide (de 1 à {limit}).")
TIMESTAMP_UNREADABLE = _("Date et heure invalides : « {value} ».")
TIMELINE_KIND_UNKNOWN = _("Type d'entrée inconnu dans l'historique : « {value} ».")
HISTORY_CODE_INVALID = _("Entrée d'historique illisible : « {value} ».")
REASON_TOO_LONG = _("Raison trop longue ({length} caractères ; au plus {limit}).")

# ------------------------------------------------------------------ retention (core/retention.py)

CASE_PURGED = _("Le cas {ref} a été purgé le {day} (délai de conservation dépassé) : {what}. "
                "Il n'en reste que des données statistiques anonymes.")
PURGED_NOTICE = _("Cas {ref} (ouvert le {opened}) purgé le {purged} : délai de conservation dépassé. Il "
                  "n'en reste que des données statistiques anonymes (dates, catégories de faits, statut, "
                  "étapes faites), comptées dans l'onglet 6 Stats.")
PURGED_NOTICE_CLOSED = _("Cas {ref} (ouvert le {opened}, clos le {closed}) purgé le {purged} : délai de "
                         "conservation dépassé. Il n'en reste que des données statistiques anonymes (dates, "
                         "catégories de faits, statut, étapes faites), comptées dans l'onglet 6 Stats.")

# ------------------------------------------------------------------ pseudonymisation (core/pseudonym.py)

USER_LABEL = _("utilisateur {number}")

# ------------------------------------------------------------------ the store (core/store*.py)

CASE_UNREADABLE = _("Le cas « {ref} » est illisible dans le fichier des cas.")
REFUSED_CHANGE = _("il ne peut plus être modifié")
REFUSED_REPORT = _("aucun rapport ne peut plus en être écrit")
REFUSED_EXPORT = _("il ne peut plus être exporté")
REFUSED_DOCUMENT = _("aucun document ne peut plus y être noté")
CONFLICT = _("Le cas {ref} a été modifié entre-temps (champ : {fields}) ; rien n'a été enregistré. "
             "Relisez la nouvelle version avant de modifier à nouveau.")
CONFLICT_BY = _("Le cas {ref} a été modifié entre-temps par {by} (champ : {fields}) ; rien n'a été "
                "enregistré. Relisez la nouvelle version avant de modifier à nouveau.")
NOTE_EMPTY = _("La note est vide.")
DUPLICATE_CASE = _("Import refusé : ce cas est déjà dans le fichier des cas, sous la référence {ref} "
                   "(identifiant {uuid}).")
SKIPPED_PURGED = _("déjà purgé")
SKIPPED_REOPENED = _("rouvert entre-temps, il n'est plus clos")
SKIPPED_NOT_DUE = _("le délai de conservation n'est pas dépassé")
SKIPPED_POSTVENTION = _("sa postvention est prévue et pas encore faite")
STEP_UNKNOWN = _("Étape inconnue : « {step} ».")
CONTACT_NOT_ID = _("Le contact doit être désigné par son identifiant.")
CONTACT_UNKNOWN = _("Contact inconnu : « {contact} ».")
STEP_IS_SKIPPED = _("Cette étape est déclarée sans objet pour ce cas : remettez-la d'abord en vigueur "
                    "(touche o).")
STEP_IS_TICKED = _("Cette étape est cochée : décochez-la d'abord pour la déclarer sans objet.")
REASON_LABEL = _("La raison")
REASON_TOO_LONG_INPUT = _("La raison est trop longue ({length} caractères ; au plus {limit}).")
POSTVENTION = _("postvention")

# ------------------------------------------------------------------ people of a case (core/people.py)

CHOOSE_ROLE = _("Choisissez un rôle.")
ROLE_UNKNOWN = _("Rôle inconnu : « {value} » (rôles possibles : {known}).")
PERSON_FIELD_UNKNOWN = _("Champ inconnu pour une personne : « {name} ».")
HEARD_WHEN = _("Indiquez quand la personne a été entendue.")
PARENTS_INFORMED_DATE = _("Date où les parents ont été informés")
PARENTS_INFORMED_WHEN = _("Indiquez quand les parents ont été informés.")
PERSON_ID_INVALID = _("Identifiant de personne invalide ou en double : « {value} ».")
PERSON_NOT_FOUND = _("Personne introuvable dans le cas {ref} : « {value} ».")
PERSON_LABEL = _("{role} : {name}")
PERSON_LABEL_CLASS = _("{role} : {name} ({klass})")
ROLE_NUMBER = _("{role} {number}")
HEAR_PERSON = _("Entendre {name} ({role})")
HEAR_PERSON_CLASS = _("Entendre {name} ({role}, {klass})")

# ------------------------------------------------------------------ access requests (core/person.py)

REVIEW_NOTICE = _("Document préparé pour répondre à une demande d'accès (RGPD, art. 15). À RELIRE avant toute "
                  "remise : il contient les dossiers complets, donc aussi des informations sur d'autres "
                  "personnes (autres élèves, témoins, personnel) à masquer. Voir docs/protection-des-donnees.md.")
WHERE_PUPIL = _("élève")
WHERE_REPORTED_BY = _("signalé par")
WHERE_SUMMARY = _("résumé")
WHERE_PLATFORMS = _("plateformes")
WHERE_STEP_NOTE = _("note d'étape {step}")
WHERE_SKIPPED = _("étapes sans objet")
WHERE_PEOPLE = _("personnes")
WHERE_HISTORY = _("historique")
WHERE_EVIDENCE = _("preuves")


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

# ------------------------------------------------------------------ the sheets' files (core/sheets_content.py)

SHEET_SERVICES_EMPTY = _("le champ « services » doit être une liste non vide d'ids de contacts.yaml")
SHEET_CONTACT_UNKNOWN = _("renvoie au contact inconnu « {contact} » (absent de contacts.yaml)")
SHEET_CONTACT_INCOMPLETE = _("le service « {contact} » n'a ni téléphone ni e-mail dans contacts.yaml")
SHEET_POINTS_EMPTY = _("le champ « points » doit être une liste non vide de textes")
SHEET_STEP_UNKNOWN = _("étape inconnue « {step} » (absente de procedure.yaml)")
SHEET_SERVICES_TITLE = _("Services")
CONTENT_DIR_NOT_FOUND = _("Dossier de contenu introuvable : {path}.")
TARGET_NOT_WRITABLE = _("Impossible d'écrire dans le dossier {folder} (droits ou dossier absent) ; rien n'a été écrit.")
