"""What the keys say: the key bar's and the help screen's descriptions of each binding, their
tooltips, the names of keys and the tabs' titles, behind :mod:`harcelement_tui.i18n`.

Bindings are class attributes, built when their module is imported: the language is fixed when
the program starts, so these are translated once, at import.
"""

from __future__ import annotations

from harcelement_tui.i18n import _

# -- the tabs (ui/console.py) ----------------------------------------------------------------------

TAB_TITLES = {
    "procedure": _("Procédure"),
    "parents": _("Parents"),
    "contacts": _("Contacts"),
    "cas": _("Cas"),
    "today": _("Aujourd'hui"),
    "stats": _("Stats"),
}
TAB_KEYS = {tab_id: _("Onglet {title}").format(title=title) for tab_id, title in TAB_TITLES.items()}

# -- names of keys (ui/widgets/keybar.py, ui/screens/help.py) --------------------------------------

KEY_NAMES = {
    "space": _("Espace"),
    "escape": _("Échap"),
    "enter": _("Entrée"),
    "tab": _("Tab"),
    "shift+tab": _("Maj+Tab"),
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": _("PgPréc"),
    "pagedown": _("PgSuiv"),
    "home": _("Début"),
    "end": _("Fin"),
    "delete": _("Suppr"),
    "backspace": _("Retour arrière"),
    "slash": "/",
    "question_mark": "?",
}
CTRL = _("Ctrl+")
ESCAPE = KEY_NAMES["escape"]
ENTER = KEY_NAMES["enter"]
CTRL_O = _("Ctrl+O")

# Keys handled by Textual's own widgets, described once (their own texts are English).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓", _("se déplacer dans la liste")),
    (_("PgPréc PgSuiv"), _("page précédente / suivante")),
    (_("Tab  Maj+Tab"), _("zone suivante / précédente")),
    (ENTER, _("valider")),
    (ESCAPE, _("fermer une fenêtre, effacer un filtre")),
)

# -- the whole console (ui/app.py) -----------------------------------------------------------------

HELP = _("Aide")
HELP_TIP = _("Toutes les touches de la vue")
COMMANDS = _("Commandes")
COMMANDS_TIP = _("Chercher une commande ou un contact")
NOTE = _("Note")
NOTE_TIP = _("Ajouter une note au cas en cours")
QUIT = _("Quitter")
HIDE = _("Masquer l'écran")
HIDE_TIP = _("Cache tout ce qui est affiché ; une touche le fait revenir")

# -- lists (ui/panes/filtered.py, ui/widgets/case_list.py) -----------------------------------------

FILTER = _("Filtrer")
FILTER_TIP = _("Filtrer la liste")
CLEAR_FILTER = _("Effacer le filtre")
OPEN = _("Ouvrir")
OPEN_TIP = _("Ouvrir le cas et en faire le cas en cours")
UP = _("Monter")
DOWN = _("Descendre")
PAGE_UP = _("Page précédente")
PAGE_DOWN = _("Page suivante")
FIRST = _("Premier")
LAST = _("Dernier")

# -- the tabs' keys (ui/panes/) --------------------------------------------------------------------

TICK = _("Cocher")
STEP_TICK_TIP = _("Cocher ou décocher l'étape pour le cas en cours")
NOT_APPLYING = _("Sans objet")
NOT_APPLYING_TIP = _("Déclarer l'étape sans objet pour le cas en cours, avec la raison (ou la remettre en vigueur)")
POINT_TIP = _("Point abordé pendant l'appel")
LOG_CALL = _("Enregistrer l'appel")
LOG_CALL_TIP = _("Enregistrer l'appel dans le cas en cours, avec les points cochés")
PARENTS_SHEET = _("Fiche parents")
PARENTS_SHEET_TIP = _("Écrire le document d'information pour les parents (PDF) ; noté dans le cas en cours")
# Short labels: with d (the pupil's card) every key, q included, still fits 80 columns.
COPY_PHONE = _("Copier n°")
COPY_PHONE_TIP = _("Copier le numéro du service sélectionné")
COPY_EMAIL = _("Copier mail")
COPY_EMAIL_TIP = _("Copier l'adresse e-mail du service sélectionné")
CONTACTED = _("Contacté")
CONTACTED_TIP = _("Noter dans le cas en cours que ce service a été contacté")
CARD = _("Carte")
CARD_TIP = _("Écrire la carte « Qui peut t'aider ? » pour l'élève (PDF)")
NEW = _("Nouveau")
STATUS = _("Statut")
EXPORT = _("Exporter")
OPEN_CASE = _("Ouvrir le cas")
OPEN_CASE_TIP = _("Ouvrir la fiche du cas et en faire le cas en cours")
PREVIOUS_YEAR = _("Année précédente")
NEXT_YEAR = _("Année suivante")

# -- the case view and the people screen (ui/screens/case_view.py, ui/screens/people.py) ----------

EVIDENCE = _("Preuve")
EDIT = _("Modifier")
FOLLOW_UP = _("Suivi")
# "Pers." and "Export": with the people's key the bar still fits 80 columns, "? Aide" included.
PEOPLE = _("Pers.")
PEOPLE_TIP = _("Personnes du cas : ajouter, modifier, audition, parents informés")
EXPORT_SHORT = _("Export")
EXPORT_TIP = _("Exporter le cas en JSON (complet ou pseudonymisé) dans exports/")
REPORT = _("Rapport")
REPORT_TIP = _("Rapport en PDF (ou Markdown), complet ou pseudonymisé, dans exports/")
BACK = _("Retour")
ADD = _("Ajouter")
ADD_PERSON_TIP = _("Ajouter une personne au cas")
EDIT_PERSON_TIP = _("Modifier le rôle, le nom, la classe de la personne")
HEARING = _("Audition")
HEARING_TIP = _("Noter que la personne a été entendue (quand, par qui, note)")
PARENTS_INFORMED = _("Parents informés")
PARENTS_INFORMED_TIP = _("Noter quand et comment ses parents ont été informés")

# -- windows (ui/screens/) -------------------------------------------------------------------------

SAVE = _("Enregistrer")
SAVE_TIP = _("Enregistrer depuis n'importe quel champ")
CANCEL = _("Annuler")
CANCEL_TIP = _("Fermer sans enregistrer (confirmation si quelque chose a été saisi)")
CHOOSE = _("Choisir")
YES = _("Oui")
NO = _("Non")
PREVIOUS_BUTTON = _("Bouton précédent")
NEXT_BUTTON = _("Bouton suivant")
CLOSE_HELP = _("Fermer l'aide")
ENCRYPT = _("Chiffrer")
FULL = _("Complet")
PSEUDONYMISED = _("Pseudonymisé")
FORMAT = _("Format")
FORMAT_TIP = _("L'autre format : Markdown au lieu de PDF, ou l'inverse")
SINCE_PO = _("Depuis PO")
SINCE_PO_TIP = _("Seulement ce qui a changé depuis la dernière information au pouvoir organisateur")
ENCRYPTED = _("Chiffré")
