"""What the console says (notifications, questions, window titles), gathered here behind
:mod:`harcelement_tui.i18n`: French is the message id; a second language is a translation file.

Templates take named parameters, filled in after translation (``CASE_NOT_FOUND.format(ref=...)``);
counts go through ``ngettext`` (the functions at the end), never "point(s)".

The console's other text is in two siblings: :mod:`~harcelement_tui.ui.strings_keys` (the keys'
descriptions and tooltips, the names of keys, the tabs' titles) and
:mod:`~harcelement_tui.ui.strings_labels` (the forms' labels and hints, the tabs' columns and lines,
the windows' text). No other module of ui/ writes French (tests/ui/test_ui_catalogue.py checks it).
"""

from __future__ import annotations

from harcelement_tui.i18n import _, ngettext

# -- the console (ui/console.py, ui/app.py) ---------------------------------------------------------

NO_TERMINAL = _("la console demande un terminal (entrée et sortie standard) ; par SSH : ssh -t "
                "SERVEUR harcelement-tui. Les commandes (export, report, stats, info…) fonctionnent "
                "sans terminal.")
NO_CURRENT_CASE = _("Aucun cas en cours : ouvrez un cas dans l'onglet 4 (Cas, puis Entrée).")
READ_ONLY_REFUSED = _("Lecture seule : {reason}. Rien ne peut être enregistré ; les cas restent consultables.")
READ_ONLY_TITLE = _("Lecture seule")
STILL_LOADING = _("Les cas sont en cours de chargement ; réessayez dans un instant.")
NO_DATA_FILE = _("Aucun fichier des cas n'est ouvert.")
CASE_NOT_FOUND = _("Cas introuvable : « {ref} ».")
NOT_SAVED_TITLE = _("Non enregistré")
NO_CASE_YET = _("Aucun cas en cours")
READ_ONLY_NOTICE = _("Lecture seule : {reason}. Les cas sont consultables, rien ne peut être enregistré.")
DATA_FILE_CREATED = _("Fichier des cas créé : {path}")
QUIT_UNSAVED_FORM = _("Un formulaire contient une saisie non enregistrée. Quitter quand même ?")
QUIT_UNSAVED_CALL = _("Des points de l'appel aux parents sont cochés mais l'appel n'est pas enregistré "
                      "(a dans l'onglet Parents). Quitter quand même ?")
QUIT = _("Quitter")
HOW_TO_QUIT = _("Pour quitter : touche q (hors d'un champ de saisie).")
HOW_TO_QUIT_TITLE = _("Quitter ?")
PALETTE_PLACEHOLDER = _("Chercher une commande ou un contact…")
ACCESS_LOG_TITLE = _("Journal des accès")

# -- the command palette (ui/commands.py) ----------------------------------------------------------

TAB_COMMAND = _("Onglet : {title}")
KEY_HELP = _("Touche {key}")
HELP_COMMAND = _("Aide : touches de la vue")
HELP_COMMAND_KEYS = _("Touche ? ou F1")
CONTACT_COMMAND = _("Contact : {name}")
TO_COMPLETE = _("coordonnées à compléter")
SEARCH_CONTACTS = _("Chercher « {query} » dans les contacts")
SEARCH_CONTACTS_HELP = _("Aucune commande de ce nom : filtre de l'onglet 3")

# -- cases (ui/controllers/cases.py) ----------------------------------------------------------------

PURGED_TITLE = _("Cas {ref} purgé")
NOTE_SAVED = _("Note enregistrée dans le cas {ref}.")
EVIDENCE_SAVED = _("Preuve enregistrée dans le cas {ref}.")
CALL_NOT_SAVED_TITLE = _("Appel non enregistré")
OPEN = _("Ouvrir")
STAY = _("Rester")
NOTE_TITLE = _("Note · cas {ref} · {pupil}")
EVIDENCE_TITLE = _("Nouvelle preuve · cas {ref}")
STATUS_TITLE = _("Statut du cas {ref}")
POSTVENTION_TITLE = _("Cas {ref} clos · postvention (information aux parents)")
POSTVENTION_LABEL = _("Postvention le")
POSTVENTION_NONE = _("aucune")
FOLLOW_UP_TITLE = _("Prochain suivi · cas {ref}")
NOW_WORTH = _("{field} vaut maintenant {value}")

# -- procedure work (ui/controllers/procedure.py) ---------------------------------------------------

STEP_NOT_APPLYING = _("Étape sans objet pour ce cas ({reason}) : o pour la remettre en vigueur.")
STEP_TICKED_TITLE = _("Étape cochée · cas {ref}")
STEP_NOTE_PLACEHOLDER = _("Entrée seule : sans précision")
STEP_SKIPS_ITSELF = _("Cette étape est sans objet d'elle-même ({reason}) : elle ne concerne qu'un élève "
                      "mineur (champ Mineur de la fiche du cas).")
STEP_TICKED_FIRST = _("Cette étape est cochée : décochez-la (Espace) avant de la déclarer sans objet.")
STEP_SKIPPED_TITLE = _("Étape sans objet · cas {ref}")
REASON = _("Raison")
REASON_PLACEHOLDER = _("Pourquoi l'étape ne s'applique pas à ce cas")
POINTS_SAID = _("Points abordés :")
NO_POINT_TICKED = _("Aucun point coché.")
CALL_LOGGED = _("Appel enregistré dans le cas {ref}.")
CALL_TITLE = _("Appel aux parents · cas {ref}")
CALL_NOTE_LABEL = _("Note sur l'appel")
CALL_NOTE_PLACEHOLDER = _("Ce qui a été dit, convenu…")
CONTACT_LOGGED = _("Contact avec {name} noté dans le cas {ref}.")
CONTACT_TITLE = _("Contact : {name} · cas {ref}")
NOTE = _("Note")
CONTACT_NOTE_PLACEHOLDER = _("Qui a répondu, ce qui a été convenu…")

# -- export and report (ui/controllers/sharing.py) --------------------------------------------------

REPORT_TITLE = _("Rapport du cas {ref}")
EXPORT_TITLE = _("Exporter le cas {ref}")
ENCRYPTED_TITLE = _("{title} (chiffré)")
REPLACE_REPORT = _("Ce fichier existe déjà :\n{path}\nLe remplacer par un nouveau rapport ?")
REPLACE_EXPORT = _("Ce fichier existe déjà :\n{path}\nLe remplacer par un nouvel export ?")
REPLACE = _("Remplacer")
CANCEL = _("Annuler")
REPORT_FAILED = _("Rapport impossible")
EXPORT_FAILED = _("Export impossible")
REPORT_WRITTEN = {
    (False, False): _("Rapport du cas {ref} écrit : {path}"),
    (True, False): _("Rapport (pseudonymisé) du cas {ref} écrit : {path}"),
}
EXPORT_WRITTEN = {
    (False, False): _("Cas {ref} exporté : {path}"),
    (True, False): _("Cas {ref} exporté (pseudonymisé) : {path}"),
    (False, True): _("Cas {ref} exporté et chiffré : {path}"),
}

# -- documents handed over (ui/controllers/sheets.py) -----------------------------------------------

SHEET_NAMES = {"parents": _("Fiche des parents"), "eleve": _("Carte « Qui peut t'aider ? »")}
SHEET_FAILED = _("{name} impossible")
SHEET_WRITTEN = _("{name} écrite : {path}")
SHEET_READ_ONLY = _(" ; lecture seule : non notée dans le cas {ref}")
SHEET_NOT_NOTED = _("{message}. Non noté dans le cas {ref} : {error}")
SHEET_NOTED = _(" ; noté dans le cas {ref}")
SHEET_STEP_TICKED = _(" (étape cochée : {step})")

# -- people (ui/controllers/people.py) --------------------------------------------------------------

PERSON_GONE = _("Cette personne n'est plus dans le cas.")
NEW_PERSON_TITLE = _("Nouvelle personne · cas {ref}")
EDIT_PERSON_TITLE = _("Modifier · {role} · cas {ref}")
HEARING_TITLE = _("Audition · cas {ref}")
HEARD_AT = _("Entendu(e) le")
HEARD_BY = _("Par")
HEARD_BY_HINT = _("qui a mené l'entretien")
NOTE_HINT = _("en quelques mots (facultatif)")
PARENTS_INFORMED_TITLE = _("Parents informés · cas {ref}")
INFORMED_ON = _("Informés le")
INFORMED_HOW = _("Comment")
INFORMED_HOW_HINT = _("téléphone à la mère, courrier, entretien…")
PERSON_PREFACE = _("{role} : {name}")


# -- the case view (ui/screens/case_view.py) -------------------------------------------------------

DEADLINES_HEADING = _("Échéances (délais comptés depuis l'ouverture du cas)")
STATUS = _("Statut")
CLASS = _("Classe")
MINOR = _("Mineur")
YES = _("oui")
NO = _("non")
FACTS = _("Faits")
PLATFORMS = _("Plateformes")
REPORTED_BY = _("Signalé par")
NEXT_FOLLOW_UP = _("Prochain suivi")
OPENED_ON = _("Ouvert le")
AT_BY = _("{at} par {by}")
SUMMARY = _("Résumé")
URGENT_ADVICE = _("Cas urgent : à faire sans attendre")
PROCEDURE_LABEL = _("Procédure : ")
STEPS_DONE = _("{done} étapes faites")
SECTIONS_COMPLETE = _("Sections complètes : ")
NOT_APPLYING = _("Sans objet : ")
POSTVENTION_PLANNED = _("Postvention prévue le ")
HISTORY_HEADING = _("Historique ({count})")
NOTE_LABEL = _("Note : ")
EVIDENCE_HEADING = _("Preuves ({count})")
NO_EVIDENCE = _("Aucune preuve décrite. p pour en ajouter une.")
ORIGINAL = _("  Original : ")
NOTED_AT_BY = _("  noté le {at} par {by}")
LAST_ACCESSES = _("Derniers accès : ")

# -- forms and screens (ui/screens/) ----------------------------------------------------------------

DATE_OUT_OF_RANGE = _("{label} : la date « {text} » est hors limites (une date {range}).")
NO_SUCH_DATE = _("{label} : la date « {text} » n'existe pas (vérifiez le jour et le mois).")
UNREADABLE_DATE = _("{label} : date illisible « {text} » (format attendu : {hint}, par ex. 12/03/2026).")
NO_SUCH_DATETIME = _("{label} : la date ou l'heure « {text} » n'existe pas.")
UNREADABLE_DATETIME = _("{label} : date et heure illisibles « {text} » "
                        "(format attendu : {hint}, par ex. 05/03/2026 14:30).")
STILL_BUSY = _("{busy} Les cas restent consultables ; ce que vous avez saisi reste ici : réessayez avec "
               "la même touche, ou Échap.")
TRYING_AGAIN = _("Fichier occupé par une autre session : nouvel essai ({attempt}/{attempts})…")
NOTHING_SAVED = _("Rien n'a été enregistré ; le texte saisi est conservé : {why}")
SAVE_THE_OTHERS = _("{conflict}\n\nEnregistrer vos autres modifications ({labels}) sur la nouvelle version ? "
                    "Le champ modifié entre-temps garde sa nouvelle valeur.")
SAVE_OTHERS = _("Enregistrer les autres")
BACK_TO_FORM = _("Revenir au formulaire")
CHANGED_MEANWHILE = _("Modifié entre-temps")
CLOSE_UNSAVED = _("Fermer sans enregistrer ? Ce qui a été saisi dans cette fenêtre sera perdu.")
CLOSE = _("Fermer")
KEEP_TYPING = _("Continuer la saisie")
TOO_SMALL = _("Terminal trop petit ({width}×{height}).\n"
              "Agrandissez la fenêtre : au moins {min_width}×{min_height}, idéalement 80×24.\n"
              "Rien n'est perdu : la console revient dès que la taille suffit.")
EMPTY_NOTE = _("La note est vide : écrivez quelques mots (ou Échap pour annuler).")
DESCRIPTION_REQUIRED = _("La description est obligatoire : décrire ce qui a été vu, sans copier les images.")
WHERE_KEPT_REQUIRED = _("Indiquez où l'original est conservé (par ex. : téléphone de l'élève).")
CHOOSE_A_STATUS = _("Choisissez un statut.")
HIDDEN = _("Écran masqué.\nAppuyez sur une touche pour reprendre.")

# -- the tabs (ui/panes/) ------------------------------------------------------------------------

PARENTS_CALL_LINE = _(" — {points}. a : enregistrer l'appel.")
PARENTS_NO_CASE = _("Aucun cas en cours : ouvrez un cas (onglet 4) pour cocher les points et enregistrer l'appel.")
PROCEDURE_NO_CASE = _("Aucun cas en cours : ouvrez un cas dans l'onglet 4 (Cas, puis Entrée) "
                      "pour cocher les étapes faites.")
CASES_LOADING = _("Chargement des cas…")
CASES_LOADING_PROGRESS = _("Chargement des cas… {count} lus ({percent} % du fichier)")
NO_CASES = _("Aucun cas pour l'instant.\n\n"
             "Appuyez sur n pour ouvrir un nouveau cas : élève, classe, faits signalés, plateformes, "
             "résumé et date du prochain suivi. Le cas devient le cas en cours, affiché en haut de "
             "chaque onglet.")
NO_CASE_SELECTED = _("Aucun cas sélectionné.")
FOLLOW_UP_LABEL = _("Prochain suivi du cas")
NOTHING_DUE = _("Rien n'est dû aujourd'hui.\n\n"
                "Aucune étape de la procédure ni aucun suivi n'est à faire aujourd'hui ou en retard dans les "
                "cas ouverts. Une étape qui a un délai (par ex. entendre l'élève dans les 48 heures) apparaît "
                "ici le jour où elle est due, et y reste tant qu'elle n'est pas cochée ; un suivi, le jour "
                "prévu.")
NO_SERVICE_SELECTED = _("Aucun service sélectionné.")
PHONE_MISSING = _("Numéro à compléter pour {name}.")
EMAIL_MISSING = _("Adresse e-mail à compléter pour {name}.")
PHONE_COPIED = _("Numéro copié : {value} ({name})")
EMAIL_COPIED = _("Adresse e-mail copiée : {value} ({name})")


# -- counts -----------------------------------------------------------------------------------------


def steps_ticked(count: int) -> str:
    """`` 2 étapes de la procédure cochées.`` after a logged call or contact (empty for none)."""
    if count == 0:
        return ""
    return " " + ngettext("Étape de la procédure cochée.", "{count} étapes de la procédure cochées.",
                          count).format(count=count)


def points_ticked(count: int) -> str:
    """``3 points cochés`` (the Parents tab's line)."""
    return ngettext("{count} point coché", "{count} points cochés", count).format(count=count)


def open_and_lose_ticks(count: int, current: str, ref: str) -> str:
    """The question before opening another case while points of the call are ticked."""
    return ngettext(
        "{count} point de l'appel aux parents du cas {current} est coché, mais l'appel n'est pas "
        "enregistré (a dans l'onglet Parents). Ouvrir le cas {ref} quand même ? Le point coché sera perdu.",
        "{count} points de l'appel aux parents du cas {current} sont cochés, mais l'appel n'est pas "
        "enregistré (a dans l'onglet Parents). Ouvrir le cas {ref} quand même ? Les points cochés seront perdus.",
        count).format(count=count, current=current, ref=ref)
