"""User-facing French text of the documents and summaries the core builds (reports, sheets,
statistics, the case's progress), behind :mod:`harcelement_tui.i18n` like
:mod:`harcelement_tui.core.strings`. Counts go through ``ngettext``."""

from __future__ import annotations

from harcelement_tui.i18n import _, ngettext

NONE = "—"
BY = _(" par ")
UNKNOWN_USER = "?"

# ------------------------------------------------------------------ statuses and steps (core/summary.py)

STATUS_LABELS = {"ouvert": _("Ouvert"), "suivi": _("En suivi"), "clos": _("Clos")}
STATUS_SHORT = {"ouvert": _("Ouvert"), "suivi": _("Suivi"), "clos": _("Clos")}
# What ticked a step, by the ``via`` of its record (see ``StepRecord``).
TICKED_VIA = {"appel": _("cochée par l'appel aux parents"), "contact": _("cochée par un contact noté"),
              "document": _("cochée par le document remis")}
STEP_DONE_LINE = _("fait le {when} par {by}")
STEP_DONE_LINE_VIA = _("fait le {when} par {by} ({via})")
ADULT_REASON = _("élève majeur")
NOT_APPLICABLE = _("sans objet")
TO_DO = _("à faire")
DUE_TODAY = _("aujourd'hui")
OVERDUE = _("en retard")

# ------------------------------------------------------------------ the case report (core/report.py)

KIND_LABELS = {
    "note": _("Note"),
    "appel": _("Appel"),
    "contact": _("Contact"),
    "etape": _("Étape"),
    "statut": _("Statut"),
    "preuve": _("Preuve"),
    "modification": _("Modification"),
    "export": _("Export"),
    "personne": _("Personne"),
}
NO_ENTRY = _("Aucune entrée.")
COLUMN_STEP = _("Étape")
COLUMN_DONE_ON = _("Fait le")
COLUMN_DONE_ON_BEFORE = _(" — fait le ")
COLUMN_BY = _("Par")
COLUMN_NOTE = _("Note")
COLUMN_NOTE_BEFORE = _("  \n  Note : ")
COLUMN_REASON = _("Raison")
STEPS_GONE = _("Étapes qui ne figurent plus dans la procédure")
STEPS_SKIPPED = _("Étapes sans objet pour ce cas")
SKIPPED_COUNT = _(" {count} sans objet.")
NO_STEP_TICKED = _(" Aucune étape n'a encore été cochée.")
COLUMN_SERVICE = _("Service")
COLUMN_PHONE_MAIL = _("Téléphone · e-mail")
COLUMN_CONTACTED = _("Contacté le (par)")
COLUMN_CONTACTED_BEFORE = _(" — contacté le ")
NO_SERVICE = _("Aucun service n'a été noté comme contacté.")
EVIDENCE_NOTICE = _("Les preuves sont décrites, jamais jointes : la console ne conserve aucune image. "
                    "L'original se trouve chez la personne ou au lieu indiqué.")
NO_EVIDENCE = _("Aucune preuve n'a été décrite.")
DESCRIPTION = _("Description")
PLATFORM = _("Plateforme")
URL = _("Adresse (URL)")
ORIGINAL_KEPT = _("Original conservé")
SEEN_ON = _("Vu le")
NOTED_ON = _("Noté le")
EVIDENCE_NUMBER = _("Preuve {number}")
PSEUDONYMISED = _("Version pseudonymisée.")
PSEUDONYMISED_BEFORE = _(" Le nom de l'élève est remplacé par ses initiales (")
PSEUDONYMISED_AFTER = _(") partout, notes comprises, celui des autres personnes par leur rôle et un numéro "
                        "(« auteur présumé 1 ») ; la classe et la personne qui a signalé le cas ne figurent "
                        "pas ; les utilisateurs sont numérotés (« utilisateur 1 »…). Relire avant l'envoi : un "
                        "texte libre peut contenir d'autres indices (noms de tiers, lieux).")
SCHOOL = _("Établissement")
REPORT_DATE = _("Date du rapport")
WRITTEN_BY = _("Rédigé par")
PO_UPDATE = _("Mise à jour pour le pouvoir organisateur")
PO_SINCE = _("seul ce qui a changé depuis sa dernière information, le {when}, figure dans la chronologie, "
             "les démarches et les preuves ci-dessous.")
PO_NEVER = _("il n'a pas encore été informé (étape non cochée) : rapport complet.")
CONFIDENTIAL_MINOR = _("Document confidentiel : il concerne un élève mineur. À ne transmettre qu'aux "
                       "destinataires habilités (pouvoir organisateur, CPMS, police).")
CONFIDENTIAL = _("Document confidentiel : il concerne un élève. À ne transmettre qu'aux destinataires "
                 "habilités (pouvoir organisateur, CPMS, police).")
PUPIL = _("Élève")
CLASS = _("Classe")
MINOR = _("Mineur")
STATUS = _("Statut")
OPENED_ON = _("Ouvert le")
REPORTED_BY = _("Signalé par")
NEXT_FOLLOW_UP = _("Prochain suivi")
LAST_CHANGE = _("Dernière modification")
THE_CASE = _("Le cas")
CATEGORIES = _("Catégories")
PLATFORMS = _("Plateformes")
URGENT = _("Cas urgent")
URGENT_WHY = _(" (menaces, incitation au suicide ou images intimes d'un mineur)")
NO_SUMMARY = _("Aucun résumé saisi.")
SUMMARY = _("Résumé")
THE_FACTS = _("Les faits")
STEPS_TAKEN = _("Démarches effectuées")
SERVICES_CONTACTED = _("Services contactés")
EVIDENCE_LOG = _("Registre des preuves ({count})")
REPORT_TITLE = _("Rapport du cas {ref}")
REPORT_HEADER = _("Rapport du {when}")
REPORT_FOOTER = _("Confidentiel — Cas {ref}")
REPORT_SUBJECT = _("Rapport de cas (cyber-harcèlement)")
REPORT_SUBJECT_PSEUDONYMISED = _("Rapport de cas (cyber-harcèlement) — version pseudonymisée")


def steps_done(count: int, total: int) -> str:
    return ngettext("{count} étape de la procédure faite sur {total}.",
                    "{count} étapes de la procédure faites sur {total}.", count).format(count=count, total=total)


def chronology(count: int) -> str:
    return ngettext("Chronologie ({count} entrée)", "Chronologie ({count} entrées)", count).format(count=count)


# ------------------------------------------------------------------ people (core/report_people.py)

NOT_YET = _("pas encore")
ROLE = _("Rôle")
ADDED_ON = _("Ajouté(e) au cas le")
HEARD = _("Entendu(e)")
HEARD_ON = _("Entendu(e) le")
PARENTS_INFORMED_ON = _("Parents informés le")
PARENTS_INFORMED = _("Parents informés")
NO_PERSON = _("Aucune autre personne n'a été ajoutée au cas (victime, auteur présumé, témoin…).")
PEOPLE = _("Personnes ({count})")

# ------------------------------------------------------------------ sheets (core/sheets.py)

# What the sheets are called in a case's history.
PARENTS_LOGGED = _("Document d'information remis aux parents")
PUPIL_LOGGED = _("Carte « Qui peut t'aider ? » remise à l'élève")
COLUMN_PHONE = _("Téléphone")
COLUMN_MAIL = _("E-mail")
SCHOOL_NAME = _("École")
SCHOOL_CONTACT = _("Votre contact à l'école")
PARENTS_FOOTER = _("Document d'information à l'attention des parents")
PARENTS_SUBJECT = _("Document d'information pour les parents")
PHONE = _("Tél. {phone}")
PUPIL_SUBJECT = _("Qui peut t'aider ?")

# ------------------------------------------------------------------ PDF pages (core/render_pdf.py)

PAGE = _("page {number}/{count}")
PAGE_WITH_FOOTER = _("{footer} — page {number}/{count}")

# ------------------------------------------------------------------ statistics (core/stats.py)

MONTH = _("{month} {year}")
MONTH_UNREADABLE = _("{year} (date illisible)")
YEAR_SCOPE = _("année {year}")
ALL_YEARS = _("toutes les années")
STATS_TITLE = _("Statistiques des cas — {scope} : {total} cas")
BY_MONTH = _("Cas par mois d'ouverture")
NO_CASE = _("  (aucun cas)")
BY_FACT = _("Cas par catégorie de faits (un cas peut en avoir plusieurs)")
BY_STATUS = _("Cas par statut")
TIME_TO_CLOSE = _("Délai de clôture")
NO_CLOSED = _("  Aucun cas clos : pas de délai médian.")
SECTIONS_COMPLETE = _("Sections de la procédure complètes (part des cas)")


def purged_count(count: int) -> str:
    return ngettext("  dont {count} purgé (délai de conservation dépassé ; seules les données statistiques "
                    "sont gardées)",
                    "  dont {count} purgés (délai de conservation dépassé ; seules les données statistiques "
                    "sont gardées)", count).format(count=count)


def median_days(days: float, shown: str, closed: int) -> str:
    """``shown``: ``days`` as written in French (``14,5``); singular below 2, as French counts."""
    return ngettext("  Délai médian : {days} jour entre l'ouverture et la clôture ({closed} cas clos)",
                    "  Délai médian : {days} jours entre l'ouverture et la clôture ({closed} cas clos)",
                    int(days)).format(days=shown, closed=closed)
