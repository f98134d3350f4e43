"""The command line's French text: messages (this module) and the help of every command
(:mod:`harcelement_tui.cli.help_texts`, re-exported here), all through
:mod:`harcelement_tui.i18n` so that a second language is a translation file.

Parameters are named (``{ref}``) and filled in after translation; counts agree through
``ngettext`` ("1 cas purgé", "3 cas purgés"). Modules read this one as ``S``.
"""

from __future__ import annotations

from pathlib import Path

from harcelement_tui.cli.help_texts import *  # noqa: F403 - the help texts are part of this catalogue
from harcelement_tui.i18n import _, ngettext

# argparse's own messages (looked up through its module-level ``_``; see cli.common).
ARGPARSE = {
    "usage: ": _("utilisation : "),
    "positional arguments": _("arguments"),
    "options": _("options"),
    "optional arguments": _("options"),
    "show this help message and exit": _("afficher cette aide et quitter"),
    "show program's version number and exit": _("afficher la version et quitter"),
    "%(prog)s: error: %(message)s\n": _("%(prog)s : erreur : %(message)s\n"),
    "the following arguments are required: %s": _("arguments obligatoires manquants : %s"),
    "unrecognized arguments: %s": _("arguments inconnus : %s"),
    "expected one argument": _("une valeur est attendue"),
    "expected at least one argument": _("au moins une valeur est attendue"),
    "expected at most one argument": _("au plus une valeur est attendue"),
    "argument %(argument_name)s: %(message)s": _("argument %(argument_name)s : %(message)s"),
    "invalid choice: %(value)r (choose from %(choices)s)": _("choix invalide : %(value)r (choix possibles : %(choices)s)"),
    "not allowed with argument %s": _("incompatible avec l'argument %s"),
    "one of the arguments %s is required": _("l'un des arguments %s est obligatoire"),
    "invalid %(type)s value: %(value)r": _("valeur invalide : %(value)r"),
    "ignored explicit argument %r": _("argument explicite ignoré : %r"),
}

# -- every command -------------------------------------------------------------------------------

ERROR = _("{prog} : {error}")
WARNING = _("Attention : {error}{more}")
DATA_FILE_CREATED = _("Fichier des cas créé : {path}")
STDIN = _("entrée standard")


def readable_by_you(plural: bool = False) -> str:
    return _("lisibles par vous seul") if plural else _("lisible par vous seul")


def readable_by_group(group: str, plural: bool = False) -> str:
    text = _("lisibles par le groupe {group}") if plural else _("lisible par le groupe {group}")
    return text.format(group=group)


# -- export, import ------------------------------------------------------------------------------

EXPORT_NO_REF = _("Indiquez la référence du cas à exporter (par ex. 2026-001), ou --all.")
EXPORT_REF_AND_ALL = _("Indiquez soit une référence, soit --all, pas les deux.")
EXPORT_ALL_TO_STDOUT = _("--all écrit un fichier par cas : indiquez un dossier avec -o DOSSIER.")
NOT_A_FOLDER = _("{path} n'est pas un dossier.")
NOTHING_TO_EXPORT = _("Aucun cas à exporter.")
PROGRESS_EXPORT = _("Export des cas")
PROGRESS_IMPORT = _("Import du cas…")
IMPORTED = _("Cas importé : {ref}.")
IMPORTED_RENAMED = _("Cas importé sous la référence {ref} ({original} était déjà prise).")


def exported(ref: str, target: Path, readable: str, *, pseudonymised: bool, encrypted: bool) -> str:
    if pseudonymised and encrypted:
        text = _("Cas {ref} exporté (pseudonymisé) et chiffré : {target} ({readable}).")
    elif pseudonymised:
        text = _("Cas {ref} exporté (pseudonymisé) : {target} ({readable}).")
    elif encrypted:
        text = _("Cas {ref} exporté et chiffré : {target} ({readable}).")
    else:
        text = _("Cas {ref} exporté : {target} ({readable}).")
    return text.format(ref=ref, target=target, readable=readable)


def purged_not_exported(count: int) -> str:
    return ngettext("{n} cas purgé non exporté (il n'en reste que des données statistiques).",
                    "{n} cas purgés non exportés (il n'en reste que des données statistiques).",
                    count).format(n=count)


def files_exist(first: Path, others: int) -> str:
    if not others:
        text = _("Le fichier {path} existe déjà ; rien n'a été écrit. Ajoutez --force pour remplacer.")
    else:
        text = ngettext("Le fichier {path} existe déjà (et {n} autre) ; rien n'a été écrit. Ajoutez --force "
                        "pour remplacer.",
                        "Le fichier {path} existe déjà (et {n} autres) ; rien n'a été écrit. Ajoutez --force "
                        "pour remplacer.", others)
    return text.format(path=first, n=others)


def exported_all(count: int, folder: Path, readable: str, *, pseudonymised: bool) -> str:
    if pseudonymised:
        text = ngettext("{n} cas exporté pseudonymisé dans {folder} (fichier {readable}).",
                        "{n} cas exportés pseudonymisés dans {folder} (fichiers {readable}).", count)
    else:
        text = ngettext("{n} cas exporté dans {folder} (fichier {readable}).",
                        "{n} cas exportés dans {folder} (fichiers {readable}).", count)
    return text.format(n=count, folder=folder, readable=readable)


# -- encryption, access requests -----------------------------------------------------------------

PASSPHRASE_NEEDS_TERMINAL = _("Phrase de passe : un terminal est nécessaire pour la taper (jamais sur la "
                              "ligne de commande) ; ou utilisez une clé publique (--recipient / --identity).")
PASSPHRASE_FIRST = _("Phrase de passe pour chiffrer : ")
PASSPHRASE_AGAIN = _("La même phrase, encore une fois : ")
PASSPHRASES_DIFFER = _("Les deux phrases de passe diffèrent ; rien n'a été écrit.")
PASSPHRASE_OF = _("Phrase de passe de {source} : ")
NEEDS_IDENTITY = _("{source} est chiffré pour une clé publique : indiquez votre clé secrète avec --identity "
                   "FICHIER ; rien n'a été importé.")
PERSON_ALONE = _("--person s'emploie seul : ni référence, ni --all, ni --pseudonymise.")
PERSON_NO_NAME = _("Indiquez le nom de la personne après --person (par ex. --person \"Léa Dupont\").")
PERSON_NOT_FOUND = _("Aucun cas ne mentionne cette personne (accents et majuscules ignorés) ; rien n'a été "
                     "écrit.")
PERSON_WRITTEN = _("Écrit : {target} ({readable}). À RELIRE avant de le remettre : les dossiers nomment aussi "
                   "d'autres personnes.")


def person_found(refs: list[str]) -> str:
    return ngettext("{n} cas mentionne cette personne : {refs}.", "{n} cas mentionnent cette personne : {refs}.",
                    len(refs)).format(n=len(refs), refs=", ".join(refs))


# -- report, sheet -------------------------------------------------------------------------------

REPORT_PDF_ON_TERMINAL = _("Un PDF ne s'affiche pas dans un terminal : indiquez un fichier (-o FICHIER) ou "
                           "demandez du texte (--format md).")
SHEET_PDF_ON_TERMINAL = _("Un PDF ne s'affiche pas dans un terminal : indiquez un fichier (-o FICHIER).")


def reported(ref: str, target: Path, readable: str, *, pseudonymised: bool) -> str:
    if pseudonymised:
        text = _("Rapport pseudonymisé du cas {ref} écrit : {target} ({readable}).")
    else:
        text = _("Rapport du cas {ref} écrit : {target} ({readable}).")
    return text.format(ref=ref, target=target, readable=readable)


def sheet_written(kind: str, target: Path | None) -> str:
    if kind == "parents":
        return _("Fiche des parents écrite : {target}").format(target=target)
    return _("Carte « Qui peut t'aider ? » écrite : {target}").format(target=target)


# -- purge ---------------------------------------------------------------------------------------

CONFIRM_WORD = _("oui")
"""What the user types to confirm a purge."""
PURGE_DRY_RUN = _("Simulation (--dry-run) : rien n'a été modifié.")
PURGE_NO_TERMINAL = _("Confirmation impossible : l'entrée standard n'est pas un terminal. Lancez la commande "
                      "dans un terminal, ou ajoutez --yes ; rien n'a été modifié.")
PURGE_WARNING = _("Les données de ces cas seront effacées définitivement (exportez d'abord ce qui doit être "
                  "transmis).")
PURGE_CANCELLED = _("Purge annulée : rien n'a été modifié.")
NOT_PURGED = _("Cas {ref} non purgé : {reason}.")


def _days(days: int) -> str:
    return ngettext("{n} jour", "{n} jours", days).format(n=days)


def _rule(days: int) -> str:
    return _("délai de conservation : {days} après la clôture").format(days=_days(days))


def purge_nothing(days: int) -> str:
    return _("Aucun cas à purger ({rule}).").format(rule=_rule(days))


def purge_candidates(count: int, days: int) -> str:
    return _("{n} cas à purger ({rule}) :").format(n=count, rule=_rule(days))


def purge_candidate(ref: str, closed: str, days_past: int) -> str:
    return _("  {ref:<10}  clos le {closed}  délai dépassé de {days}").format(ref=ref, closed=closed,
                                                                                 days=_days(days_past))


def purge_question(count: int, word: str) -> str:
    return _("Purger {n} cas ? Tapez {word} pour confirmer : ").format(n=count, word=word)


def purge_progress(count: int) -> str:
    return _("Purge de {n} cas…").format(n=count)


def purged_one(ref: str, day: str, user: str, days: int) -> str:
    return _("Cas {ref} purgé le {day} par {user} (délai de conservation de {days} dépassé).").format(
        ref=ref, day=day, user=user, days=_days(days))


def purged(count: int) -> str:
    return ngettext("{n} cas purgé. Les sauvegardes quotidiennes du fichier des cas gardent les anciennes "
                    "données jusqu'à leur suppression (14 jours).",
                    "{n} cas purgés. Les sauvegardes quotidiennes du fichier des cas gardent les anciennes "
                    "données jusqu'à leur suppression (14 jours).", count).format(n=count)


# -- audit ---------------------------------------------------------------------------------------

ANONYMISE_FAILED_MORE = _(" (audit ne montre de toute façon aucun utilisateur pour un cas purgé)")
AUDIT_BAD_DATE = _("Date invalide pour --since : « {date} » (attendu : JJ/MM/AAAA, une date {range}).")
AUDIT_NONE = _("Aucun accès enregistré.")
AUDIT_NONE_MATCHING = _("Aucun accès enregistré pour ces critères.")

# -- team, info ----------------------------------------------------------------------------------

TEAM_ENV_WARNING = _("Attention : HARCELEMENT_DATA est défini ici ; il l'emporte sur la configuration pour qui "
                     "l'a (retirez-le des ~/.profile).")
UID = _("uid {uid}")
PATH_MISSING = _("n'existe pas encore")
PATH_INACCESSIBLE = _("inaccessible ({reason})")
INFO_DATA_FILE = _("Fichier des cas : {path}")
INFO_CHOSEN_BY = _("  choisi par : {reason}")
INFO_MODE = _("  droits : {mode}")
INFO_FOLDER = _("Dossier : {path} ({mode})")
INFO_TEAM = _("Mode équipe : oui, groupe {group} (fichiers 0660, dossiers 2770)")
INFO_NOT_A_MEMBER = _("  ce compte n'est pas membre du groupe {group} : il ne peut pas ouvrir ce fichier "
                      "(l'administrateur : usermod -aG {group} {login}, effet à la prochaine connexion)")
INFO_UNSEEN = _("dossier illisible")
INFO_NO_TEAM = _("Mode équipe : non, fichier personnel (fichiers 0600, dossiers 0700)")
INFO_CONFIG = _("Configuration lue : {files}")
INFO_NONE = _("aucune")
INFO_CONFIG_MISSING = _("  (absente : {path})")
INFO_CONTENT = _("Contenu : {content}")
INFO_SHIPPED_CONTENT = _("contenu livré avec la console")
INFO_NEWEST_BACKUP = _(", dernière : {name}")
INFO_BACKUPS = _("Sauvegardes : {folder}/{name}.AAAA-MM-JJ.bak ({count}{newest})")
INFO_EXPORTS = _("Exports de la console : {path} ({mode})")
INFO_ERROR_LOG = _("Journal des erreurs : {path} ({mode})")

# -- manual page ---------------------------------------------------------------------------------

MAN_MANUAL = _("Commandes")
MAN_SECTION_NAME = _("NOM")
MAN_SECTION_OPTIONS = _("OPTIONS")
MAN_SECTION_COMMANDS = _("COMMANDES")
MAN_SECTION_EXIT = _("STATUT DE SORTIE")
MAN_SECTION_FILES = _("FICHIERS")
MAN_SECTION_ENVIRONMENT = _("ENVIRONNEMENT")
MAN_OPTIONS = _("OPTIONS")
MAN_ARGUMENTS = _("ARGUMENTS")
MAN_NAME = _("console de suivi des cas graves de cyber-harcèlement")
MAN_OPTIONS_EVERYWHERE = _("Les options ci-dessus s'appliquent aussi après le nom d'une commande.")
MAN_SERVER_CONFIG = _("configuration du serveur")
MAN_USER_CONFIG = _("configuration de l'utilisateur")
MAN_DEFAULT_DATA = _("fichier des cas par défaut")
MAN_ENV_DATA = _("fichier des cas (si --data n'est pas donné)")
MAN_ENV_NO_COLOR = _("affichage sans couleurs")
EXIT_DONE = _("terminé normalement")
EXIT_CANCELLED = _("annulé par l'utilisateur (purge sans confirmation)")
EXIT_USER_ERROR = _("erreur due à un fichier, à la configuration ou à une saisie (message d'une ligne)")
EXIT_BUSY = _("fichier des cas occupé par une autre session : réessayez dans un instant")
EXIT_INTERRUPTED = _("interrompu (Ctrl+C)")
