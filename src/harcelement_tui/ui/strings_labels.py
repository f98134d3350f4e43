"""What the console's views say: the forms' labels and hints, the columns and lines of the tabs,
and the text of the windows (people, share choice, passphrase, help), behind
:mod:`harcelement_tui.i18n`. Templates take named parameters, filled in after translation.
"""

from __future__ import annotations

from harcelement_tui.i18n import _, ngettext

# -- the console (ui/app.py, ui/console.py, ui/marks.py, ui/text.py) ------------------------------

APP_TITLE = _("Cyber-harcèlement")
READ_ONLY_PREFIX = _("LECTURE SEULE · ")
URGENT = _("URGENT")
CASE_REF = _("Cas {ref}")
PLAIN_PHONE = _("Tél.")
CONTACT_TO_COMPLETE = _("coordonnées à compléter (onglet 3)")

# -- dates typed in forms (ui/screens/saving.py) ---------------------------------------------------

DATE_HINT = _("JJ/MM/AAAA")
DATETIME_HINT = _("JJ/MM/AAAA HH:MM")
EMPTY_MEANS = _("{hint} ; vide = {empty}")
SAVING = _("Enregistrement…")

# -- the case form (ui/screens/forms.py) -----------------------------------------------------------

NEW_CASE = _("Nouveau cas")
EDIT_CASE = _("Modifier le cas {ref}")
PUPIL_REQUIRED = _("Élève *")
PUPIL_HINT = _("nom ou initiales")
CLASS = _("Classe")
CLASS_HINT = _("ex. 3B")
MINOR = _("Mineur")
PUPIL_IS_MINOR = _("oui, l'élève a moins de 18 ans")
FACTS_REQUIRED = _("Faits *")
FACTS_HINT = _("au moins une catégorie (Espace coche)")
PLATFORMS = _("Plateformes")
PLATFORMS_HINT = _("séparées par des virgules : Snapchat, Instagram")
REPORTED_BY = _("Signalé par")
REPORTED_BY_HINT = _("l'élève, un parent, un éducateur…")
SUMMARY = _("Résumé")
NEXT_FOLLOW_UP = _("Prochain suivi")
NO_FOLLOW_UP = _("aucun suivi")
SAVE = _("Enregistrer")
CANCEL = _("Annuler")
TICK_A_FACT = _("Cochez au moins une catégorie de faits.")

# -- the one-field and evidence windows (ui/screens/modals.py) -------------------------------------

EVIDENCE_WARNING = _("Ne jamais copier ni transférer les images intimes d'un mineur, même comme preuve : "
                     "les décrire ici et noter où se trouve l'original.")
NOTE = _("Note")
NOTE_PLACEHOLDER = _("Texte de la note")
OPTIONAL = _("{label} (facultatif)")
NEW_EVIDENCE = _("Nouvelle preuve")
DESCRIPTION_REQUIRED = _("Description *")
DESCRIPTION_HINT = _("ce que montre la capture, le message…")
WHERE_KEPT_REQUIRED = _("Où est l'original *")
WHERE_KEPT_HINT = _("téléphone de l'élève, police…")
PLATFORM = _("Plateforme")
PLATFORM_HINT = _("Snapchat, Instagram…")
URL = _("Adresse (URL)")
URL_HINT = _("https://…")
SEEN_AT = _("Vu le")
CASE_STATUS = _("Statut du cas")
CURRENT = _("{label}  (actuel)")
FOLLOW_UP_DATE = _("Date du suivi")
CONFIRM = _("Confirmer")
BUTTON_KEY = _("{label} ({key})")

# -- the people (ui/screens/people.py) ------------------------------------------------------------

NO_PEOPLE = _("Aucune personne dans ce cas. n pour ajouter la victime, un auteur présumé (un élève "
              "ou un compte inconnu), un témoin, la personne qui a signalé…")
HEAR_BY = _("à entendre au plus tard le {when}")
LATE_MARK = _("! en retard")
TODAY_MARK = _("! aujourd'hui")
IS_MINOR = _(" · mineur")
IS_ADULT = _(" · majeur")
HEARD = _("entendu(e) le {at} par ")
NOT_HEARD_YET = _("pas encore entendu(e)")
PARENTS_INFORMED_ON = _("parents informés le {on} (")
PARENTS_NOT_INFORMED = _("parents : pas encore informés")
PEOPLE_HEADING = _("Personnes ({count})")
PEOPLE_KEYS = _("  i : ajouter, modifier, audition, parents informés")
NO_OTHER_PERSON = _("Aucune autre personne (victime, auteur présumé, témoin…).")
PEOPLE_OF_CASE = _("Personnes du cas {ref}")
TARGETED_PUPIL = _(" · élève visé : ")
NO_PERSON = _("Aucune personne : n pour en ajouter une.")
ROLE_REQUIRED = _("Rôle * (↑ ↓ puis Entrée)")
NAME_REQUIRED = _("Nom *")
NAME_HINT = _("nom, ou description : compte Snapchat @x")
PERSON_IS_MINOR = _("oui, moins de 18 ans")
CHOOSE_A_ROLE = _("Choisissez un rôle.")
NAME_MISSING = _("Le nom est obligatoire : un nom, des initiales ou une description (« compte Snapchat @x »).")
FIELD_MISSING = _("Le champ « {label} » est obligatoire.")

# -- sharing a case (ui/screens/share_choice.py, ui/screens/passphrase.py) -------------------------

CONTENT = _("Contenu : ")
SINCE_PO = _("depuis la dernière information au PO")
SWITCH_TO_WHOLE = _("   (d : tout le cas)")
WHOLE_CASE = _("tout le cas")
SWITCH_TO_SINCE_PO = _("   (d : depuis la dernière information au PO)")
FORMAT = _("Format : ")
OTHER_FORMATS = _("   (f : {formats})")
FORMAT_NAMES = {"pdf": _("PDF"), "md": _("Markdown")}
FULL_CHOICE = _("Complet (c)")
FULL_DETAIL = _("  nom de l'élève, classe, tous les champs")
PSEUDONYMISED_CHOICE = _("Pseudonymisé (p)")
PSEUDONYMISED_INITIALS = _("  initiales {initials} partout, notes comprises ;")
PSEUDONYMISED_WHO = _("  sans classe ni personne qui a signalé ; utilisateurs numérotés")
PSEUDONYMISED_OTHERS = _("  autres personnes du cas : leur rôle et un numéro (« témoin 1 »)")
ENCRYPTED_CHOICE = _("Chiffré (k)")
ENCRYPTED_DETAIL = _("  complet, chiffré par une phrase de passe (.age) : pour un changement d'école")
WHERE_IT_GOES = _("Le fichier va dans exports/, à côté du fichier des cas, lisible par vous seul (par "
                  "l'équipe dans un dossier d'équipe) ; son chemin s'affiche ensuite.")
PASSPHRASE_HELP = _("Le fichier sera chiffré (format age) : seule cette phrase l'ouvre, ici avec « harcelement-tui "
                    "import » ou ailleurs avec l'outil age. Dites-la au destinataire par un autre moyen (téléphone), "
                    "jamais dans le même courriel que le fichier.")
PASSPHRASE = _("Phrase de passe (au moins 10 caractères)")
PASSPHRASE_AGAIN = _("La même, encore une fois")
PASSPHRASE_SHORT = _("Phrase trop courte : au moins 10 caractères (plusieurs mots, par exemple).")
PASSPHRASES_DIFFER = _("Les deux phrases diffèrent : retapez la seconde.")

# -- the help screen (ui/screens/help.py) ----------------------------------------------------------

HELP_TITLE = _("Aide — {title}")
NAVIGATION = _("Navigation")
NO_MOUSE = _("Aucune action ne demande la souris. Échap, q, ? ou F1 ferme cette aide.")
# Where the data-protection rules are (the register entry a school's DPO copies).
PROTECTION_NOTE = _("Protection des données (ce qui est gardé, qui voit quoi, journal des accès, exports "
                    "chiffrés, demande d'accès d'un parent) : docs/protection-des-donnees.md. Ctrl+L masque "
                    "l'écran ; ce n'est pas un verrou.")

# -- the tabs (ui/panes/) ---------------------------------------------------------------------------

CASES_FILTER = _("Filtrer : réf., élève, classe, faits, statut  ( / )")
CONTACTS_FILTER = _("Filtrer : nom, service, numéro, e-mail  ( / )")
COLUMN_REF = _("Réf.")
COLUMN_OPENED = _("Ouvert")
COLUMN_PUPIL = _("Élève")
COLUMN_FACTS = _("Faits")
COLUMN_STATUS = _("Statut")
COLUMN_STEPS = _("Étapes")
COLUMN_FOLLOW_UP = _("Suivi")
COLUMN_LATE = _("Retard")
COLUMN_ACTIVITY = _("Activ.")
COLUMN_STATE = _("État")
COLUMN_DUE = _("Échéance")
COLUMN_WHAT = _("À faire")
COLUMN_SERVICE = _("Service")
COLUMN_PHONE = _("Téléphone")
COLUMN_EMAIL = _("E-mail")
PURGED = _("— purgé —")
LATE_STEPS = _("{count} ét.")
SOURCE_LINE = _("{source}  (chemin : ?)")
NO_CONTACT_MATCHES = _("Aucun service ne correspond au filtre. Échap pour l'effacer.")
PHONE = _("Tél. ")
EMAIL = _("   E-mail ")
TO_COMPLETE = _("à compléter")
CALL_FOR_CASE = _("Appel pour le cas ")
CASE_PROGRESS = _(" — {done} étapes faites. Espace : cocher / décocher, o : sans objet.")
STEP_NOT_APPLYING = _("sans objet : {reason}")
STEP_AGAIN = _("    à refaire le {date} (Espace : cocher à nouveau)")
YEAR = _("Année {year}")
YEAR_KEYS = _(" · cas ouverts cette année-là · ← → : autre année")
TODAY_DATE = _("Aujourd'hui : {date}")
TODAY_COUNTS = _(" · {late} en retard · {due} pour aujourd'hui")
FIRST_LISTED = _(" ({count} premiers listés)")
FOLLOW_UP_DUE = _("Prochain suivi prévu le {date} (f dans la fiche pour le déplacer).")
OPENED_ON = _(", ouvert le {at}")
DEADLINE = _(" · délai : {deadline}{opened}")

# -- what a call or a document writes into the case's history (ui/controllers/) --------------------

CALL_TEXT = _("Appel aux parents.")
CALL_POINTS = _(" Points abordés :\n{points}")
CALL_NOTE = _("\nNote : {note}")
CONTACT_TEXT = _("Contact : {name}")
CONTACT_NOTE = _("{text}. {note}")
DOCUMENT_FILE = _("{what} (fichier {path})")


def heard_times(count: int, at: str) -> str:
    """``entendu(e) (3 fois) le 05/03 14:30 par `` (the count only past one hearing)."""
    if count <= 1:
        return HEARD.format(at=at)
    return ngettext("entendu(e) ({count} fois) le {at} par ", "entendu(e) ({count} fois) le {at} par ",
                    count).format(count=count, at=at)
