"""User-facing French text about the files the core reads: the town's content (core/content.py),
case exports and imports (core/export.py), files read within bounds (core/safe_files.py).

Behind the one door :mod:`harcelement_tui.i18n`, like :mod:`harcelement_tui.core.strings`: French
message ids, named parameters filled in after translation, plural forms through ``ngettext``.
"""

from __future__ import annotations

from harcelement_tui.i18n import _

# ------------------------------------------------------------------ sizes and bounded reads (core/safe_files.py)

SIZE_MB = _("{count} Mo")
SIZE_KB = _("{count} Ko")
SIZE_BYTES = _("{count} octets")
NOT_REGULAR = _("ce n'est pas un fichier ordinaire (tube, périphérique…)")
WRITABLE_BY_ALL = _("il est modifiable par tous les utilisateurs du serveur (droits {mode}) ; corrigez "
                    "avec : chmod o-w {path}")
TOO_BIG = _("il est trop gros (plus de {size})")
NESTING_TOO_DEEP = _("imbrication trop profonde (plus de {limit} niveaux)")
DUPLICATE_KEY = _("une même clé apparaît deux fois dans un objet")
NOT_JSON = _("ce n'est pas du JSON valide")

# ------------------------------------------------------------------ the town's content (core/content.py)

CONTENT_INVALID = _("Contenu invalide : {source} : {message}.")
CONTENT_INVALID_ENTRY = _("Contenu invalide : {source}, entrée « {entry} » : {message}.")
CONTENT_UNREADABLE = _("fichier illisible ({reason})")
CONTENT_NOT_UTF8 = _("le fichier n'est pas en UTF-8")
YAML_INVALID = _("YAML invalide")
YAML_INVALID_AT = _("YAML invalide (ligne {line}, colonne {column})")
CONTENT_NOT_PAIRS = _("le fichier doit contenir des paires « clé: valeur »")
FIELD_MISSING = _("le champ « {key} » manque")
FIELD_NOT_TEXT = _("le champ « {key} » doit être un texte")
FIELD_NOT_TEXTS = _("le champ « {key} » doit être une liste de textes")
FIELD_NOT_LIST = _("le champ « {key} » doit être une liste non vide")
ITEM_NOT_MAPPING = _("l'élément n° {index} de « {key} » doit avoir des champs (id, ...)")
ITEM_WITHOUT_ID = _("un élément de {context} n'a pas d'« id » ({label})")
ID_TWICE = _("identifiant en double")
IN_LIST = _("« {key} »")
IN_SECTION = _("la section « {section} »")
IN_GROUP = _("le groupe « {group} »")
LINKS_TO_UNKNOWN_CONTACT = _("renvoie au contact inconnu « {link} » (absent de contacts.yaml)")
LINKS_TO_UNKNOWN_STEP = _("renvoie à l'étape inconnue « {link} » (absente de procedure.yaml)")
EXPECTED_DAYS = _("un nombre entier de jours de 1 à {limit} suivi de j, par ex. 14j")
EXPECTED_DELAY = _("un nombre entier de 1 à {limit} suivi de h pour des heures ou de j pour des jours, "
                   "par ex. 48h ou 5j")
DEADLINE_INVALID = _("délai « {key} » invalide : « {value} » (attendu : {expected})")
ONLY_IF_UNKNOWN = _("« only_if » inconnu : « {value} » (valeur possible : minor)")
FIELD_NOT_FLAG = _("le champ « {key} » doit valoir true ou false")
TICK_NEEDS_CONTACTS = _("« tick_on_contact » demande une liste « contacts »")
FACT_ID_UNKNOWN = _("catégorie de faits inconnue (catégories possibles : {known})")
FACTS_MISSING = _("catégories de faits manquantes : {missing}")
ROLE_LABEL_TWICE = _("libellé en double (il nomme les personnes dans les versions pseudonymisées)")

# ------------------------------------------------------------------ exports and imports (core/export.py)

# Where a schema error lies, and what a JSON value should have been.
WHERE_FIELD = _("« {path} »")
WHERE_DOCUMENT = _("le document")
JSON_TYPES = {"string": _("un texte"), "integer": _("un nombre entier"), "boolean": _("vrai ou faux"),
              "object": _("un objet"), "array": _("une liste"), "null": "null", "number": _("un nombre")}
OR = _(" ou ")
REQUIRED_MISSING = _("champ obligatoire manquant : « {name} »")
WRONG_TYPE = _("{where} doit être {wanted}")
VALUE_NOT_ALLOWED = _("valeur non permise pour {where} (valeurs possibles : {allowed})")
DATE_MALFORMED = _("date mal écrite ou hors limites pour {where} : {value} (années 1900 à 2999)")
TOO_LONG = _("{where} est trop long : {length} caractères (de 0 à {limit})")
TOO_MANY_ITEMS = _("{where} a trop d'éléments : {count} (au plus {limit})")
FORMAT_WRONG = _("format incorrect pour {where} : {value}")
DUPLICATES = _("{where} contient des doublons")
AT_LEAST = _("{where} doit être au moins {minimum}")
NOT_EMPTY = _("{where} ne peut pas être vide")
VALUE_INVALID = _("valeur invalide pour {where}")
IMPORT_FILE_INVALID = _("Fichier d'import invalide : {source} : {message}.")
EXPORT_INVALID = _("Export de cas invalide : {message}.")
PSEUDONYMISED_IMPORT = _("Import refusé : {source} est un export pseudonymisé (nom de l'élève remplacé par ses "
                         "initiales, classe et autres champs retirés), pas un cas complet. Importez l'export "
                         "complet du cas.")
THIS_DOCUMENT = _("ce document")
EXPORT_FILE = _("cas-{ref}.json")
EXPORT_FILE_PSEUDONYMISED = _("cas-{ref}-pseudonymise.json")
CASE_UNREADABLE = _("Export de cas invalide : le cas est illisible.")
TARGET_IS_DIR = _("{path} est un dossier : indiquez un nom de fichier.")
TARGET_EXISTS = _("Le fichier {path} existe déjà ; rien n'a été écrit. Ajoutez --force pour le remplacer.")
DIR_NOT_CREATED = _("Impossible de créer le dossier {path} ({reason}).")
NOT_WRITTEN = _("Impossible d'écrire {path} ({reason}) ; rien n'a été écrit.")
NOT_CREATED = _("Impossible de créer {path} ({reason}).")
IMPORT_TOO_BIG = _("Import refusé : {source} est trop gros (plus de {size}).")
STANDARD_INPUT = _("entrée standard")
IMPORT_REFUSED = _("Import refusé : {path} : {reason}.")
IMPORT_NOT_FOUND = _("Fichier introuvable : {path}.")
IMPORT_IS_DIR = _("{path} est un dossier, pas un fichier d'export.")
IMPORT_DENIED = _("Lecture refusée : {path} (permission refusée).")
IMPORT_UNREADABLE = _("Lecture impossible : {path} ({reason}).")
IMPORT_ENCRYPTED = _("{source} est chiffré (format age) : importez-le en ligne de commande.")
IMPORT_NOT_JSON = _("Fichier d'import invalide : {source} n'est pas du JSON valide.")
