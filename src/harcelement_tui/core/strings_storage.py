"""User-facing French text of the case file's storage (core/storage/): the data file, its lock, its
folder's permissions, its journal of saves, a damaged file and its backups.

Behind the one door :mod:`harcelement_tui.i18n`, like :mod:`harcelement_tui.core.strings`: French
message ids, named parameters filled in after translation.
"""

from __future__ import annotations

from harcelement_tui.i18n import _

# ------------------------------------------------------------------ the data file (storage/case_storage.py)

DATA_FILE_NOT_FOUND = _("Fichier des cas introuvable : {path}.")
CHANGED_BY_ANOTHER_SESSION = _("Le fichier des cas {path} a été modifié par une autre session pendant "
                               "l'opération ; rien n'a été enregistré. Recommencez.")
DATA_FILE_NO_ACCESS = _("Accès impossible au fichier des cas {path} ({reason}).")
DATA_FILE_GONE = _("Le fichier des cas {path} a disparu (supprimé ou déplacé par quelqu'un ?). Rien n'a été "
                   "enregistré. Dernière sauvegarde : {backup}.")
NO_BACKUP = _("aucune")
DATA_FILE_UNREADABLE = _("Lecture impossible du fichier des cas {path} ({reason}).")
DATA_FILE_NOT_REGULAR = _("{path} n'est pas un fichier ordinaire (tube, périphérique…) ; rien n'a été lu ni "
                          "écrit. Indiquez le vrai fichier des cas avec --data.")
NOT_SAVED = _("Impossible d'enregistrer le fichier des cas {path} ({reason}). Rien n'a été enregistré ; le "
              "fichier précédent est intact.")
BACKUP_NOT_SAVED = _("Impossible d'enregistrer le fichier des cas {path} (copie de sauvegarde) ({reason}). Rien "
                     "n'a été enregistré ; le fichier précédent est intact.")
NOT_CONFIRMED = _("Le fichier des cas {path} a été remplacé mais l'écriture n'a pas pu être confirmée sur le "
                  "disque ({reason}).")
CHANGED_IN_PLACE = _("Le fichier des cas a été modifié sur place par un autre programme pendant qu'il était "
                     "ouvert ; rien n'a été enregistré. Recommencez.")
CHANGED_IN_PLACE_RESTART = _("Le fichier des cas a été modifié sur place par un autre programme pendant qu'il "
                             "était ouvert ; rien n'a été enregistré. Relancez la console.")
REREAD_FAILED = _("Relecture impossible du fichier des cas ({reason}).")
CHANGED_UNEXPECTEDLY = _("Le fichier des cas a changé de façon inattendue. Relancez la console.")

# ------------------------------------------------------------------ a damaged file (storage/codec.py, lines.py)

CORRUPT = _("Le fichier des cas {path} est inutilisable ({reason}) ; il n'a pas été modifié. {hint}")
RESTORE_HINT = _("Dernière sauvegarde : {backup} ; pour la restaurer : mv {path} {damaged} && cp -p "
                 "{backup_arg} {path}")
NO_BACKUP_BESIDE = _("Aucune sauvegarde trouvée à côté de lui.")
EMPTY = _("il est vide")
NOT_A_CASE_FILE = _("ce n'est pas un fichier des cas de harcelement-tui")
FORMAT_UNKNOWN = _("version de format inconnue")
FORMAT_NEWER = _("il a été écrit par une version plus récente de harcelement-tui (format {version}) ; mettez "
                 "la console à jour")
STRUCTURE_UNEXPECTED = _("structure inattendue")
SAME_FIELD = {"ref": _("la même référence"), "uuid": _("le même identifiant (uuid)")}
SAME_VALUE = _("la même valeur de « {field} »")
TWO_DOCUMENTS = _("deux documents ont {what} : « {value} »")
UNREADABLE_VALUE = _("(valeur illisible)")
DOCUMENT_TWICE = _("le document {key} apparaît deux fois")
TABLE_TWICE = _("la table {key} apparaît deux fois")
SOURCE_TRUNCATED = _("fichier source tronqué")

# ------------------------------------------------------------------ the lock (storage/lock.py)

BUSY = _("Le fichier des cas {path} est occupé par une autre session depuis plus de {seconds} s ; rien n'a "
         "été enregistré. Réessayez dans un instant (si cela dure, une session est peut-être bloquée : "
         "fuser -v {lock}).")
LOCK_NOT_REGULAR = _("Le verrou {lock} n'est pas un fichier ordinaire ; rien n'a été lu ni écrit. Quand "
                     "aucune session n'est ouverte : rm {lock_arg}")
LOCK_NOT_CREATED = _("le verrou {lock} ne peut pas être créé ({reason})")
LOCK_NOT_OPENED = _("Impossible d'ouvrir le verrou {lock} ({reason}). Pour un fichier partagé par un "
                    "groupe : chmod g+rw {lock_arg}")
READ_ONLY = _("Lecture seule : {reason} ; rien n'a été enregistré.")
LOCK_FAILED = _("Verrouillage impossible de {lock} ({reason}).")
LOCK_REPLACED = _("Le verrou {lock} a été remplacé par un fichier que vous ne pouvez pas ouvrir ; rien n'a "
                  "été enregistré. Quand aucune session n'est ouverte : rm {lock_arg}")
LOCK_REPLACED_BY = _("Le verrou {lock} a été remplacé par un fichier que vous ne pouvez pas ouvrir "
                     "(propriétaire : {owner}) ; rien n'a été enregistré. Quand aucune session n'est "
                     "ouverte : rm {lock_arg}")

# ------------------------------------------------------------------ the folder and permissions (storage/permissions.py)

PATH_NO_ACCESS = _("Accès impossible au chemin {path} ({reason}){hint}.")
FOREIGN_SYMLINK = _("Refusé : {path} est un lien symbolique qui appartient à un autre utilisateur ({owner}) ; "
                    "il pourrait rediriger les données ailleurs. Indiquez le vrai chemin avec --data, ou "
                    "supprimez le lien : rm {path_arg}")
DIR_OPEN_TO_ALL = _("Le dossier des données {path} est accessible à tous les utilisateurs du serveur (droits "
                    "{mode}) ; il contient des données sur des mineurs. Rien n'a été lu ni écrit : {fix}")
FILE_OPEN_TO_ALL = _("Le fichier des cas {path} est accessible à tous les utilisateurs du serveur (droits "
                     "{mode}) ; il contient des données sur des mineurs. Rien n'a été lu ni écrit : {fix}")
FIX_MOVE = _("choisissez un fichier dans un dossier à vous (par exemple --data "
             "~/.local/share/harcelement-tui/{name})")
FIX_CHMOD = _("corrigez avec : chmod o-rwx {path}")
FS_READ_ONLY = _("le système de fichiers de {directory} est en lecture seule")
NO_WRITE_FILE = _("vous n'avez pas le droit d'écrire {path}")
NO_WRITE_DIR = _("vous n'avez pas le droit d'écrire dans {directory}")
NOT_IN_TEAM = _(" ; c'est le fichier de l'équipe {group}, dont vous n'êtes pas membre (un administrateur : "
                "usermod -aG {group} {login}, puis reconnectez-vous)")
DATA_DIR_NOT_FOUND = _("Dossier des données introuvable : {directory}.")
DATA_DIR_NOT_CREATED = _("Impossible de créer le dossier des données {directory} ({reason}).")
DATA_DIR_NO_ACCESS = _("Accès impossible au dossier des données {directory} ({reason}).")
NOT_A_DIR = _("{directory} n'est pas un dossier.")

# ------------------------------------------------------------------ the journal of saves (storage/journal.py)

IN_JOURNAL = _("son journal {name} : {reason}")
JOURNAL_UNREADABLE = _("illisible ({reason})")
JOURNAL_NOT_REGULAR = _("ce n'est pas un fichier ordinaire")
JOURNAL_NO_HEADER = _("il n'a pas d'en-tête")
NOT_A_JOURNAL = _("ce n'est pas un journal de harcelement-tui")
JOURNAL_VERSION_UNKNOWN = _("version inconnue ; mettez la console à jour")
RECORD_NOT_OURS = _("un enregistrement n'est pas de harcelement-tui")
RECORD_LENGTH = _("un enregistrement a une longueur impossible")
RECORD_DAMAGED = _("un enregistrement est abîmé (somme de contrôle)")
RECORD_NOT_JSON = _("un enregistrement n'est pas du JSON valide")
RECORD_STRUCTURE = _("un enregistrement a une structure inattendue")
RECORDS_OUT_OF_ORDER = _("des enregistrements manquent ou sont dans le désordre")
JOURNAL_REPLACED = _("journal remplacé : {path}")
