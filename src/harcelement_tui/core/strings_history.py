"""The history sentences the console writes in a case's timeline, in French (the message ids).

Each is a template whose named parameters come from an entry's ``params`` (see
:mod:`harcelement_tui.core.history_text`), filled in after translation.
"""

from __future__ import annotations

from harcelement_tui.i18n import _

CASE_OPENED = _("Cas ouvert (statut : {status}).")
STATUS_CHANGED = _("Statut : {old} → {new}")
CLOSED_UNDATED = _("Clôture (date de la dernière modification).")

STEP_DONE = _("Étape faite : {step}")
STEP_DONE_AGAIN = _("Étape refaite : {step}")
STEP_UNDONE = _("Étape marquée non faite : {step}")
WITH_NOTE = _("{text} — {note}")
STEP_TICKED = _("{text} — cochée par {what} du {when}")
TICKED_BY_CALL = _("l'appel aux parents")
TICKED_BY_DOCUMENT = _("le document remis")
TICKED_BY_CONTACT = _("le contact")
TICKED_BY_CONTACT_WITH = _("le contact avec {name}")
STEP_SKIPPED = _("Étape sans objet : {step} — {reason}")
STEP_APPLIES = _("Étape de nouveau applicable : {step}")
POSTVENTION_PLANNED = _("Postvention prévue le {date} : {step}")
POSTVENTION_CLEARED = _("Postvention : plus de date prévue")

EVIDENCE_ADDED = _("Preuve notée : {description}")
FIELDS_CHANGED = _("Modification : {changes}")
FIELD_CHANGE = _("{label} : {old} → {new}")
FIELD_HIDDEN = _("{label} : modifié (non communiqué)")
CHANGES_SEPARATOR = _(" ; ")

REPORT_WRITTEN = _("Rapport écrit")
REPORT_WRITTEN_PSEUDONYMISED = _("Rapport pseudonymisé écrit")
CASE_EXPORTED = _("Cas exporté")
CASE_EXPORTED_PSEUDONYMISED = _("Cas exporté (pseudonymisé)")
TOWARDS = _("{what} vers {destination}")
REF_TAKEN = _("Cas importé : la référence {old} était déjà prise dans ce fichier ; nouvelle référence {new}.")
PURGED = _("Dossier purgé (délai de conservation de {days} jours dépassé) par {user}.")

PERSON_ADDED = _("Personne ajoutée : {role} : {name} ; mineur : {minor}")
PERSON_CHANGED = _("Personne modifiée ({role} : {name}) : {changes}")
PERSON_ROLE_CHANGED = _("rôle : {old} → {new}")
PERSON_MINOR_CHANGED = _("mineur : {old} → {new}")
PERSON_CLASS_CHANGED = _("classe modifiée")
PERSON_NAME_CHANGED = _("nom : {old} → {new}")
HEARING = _("Audition : {role} : {name} entendu(e) le {when} par {by}")
PARENTS_INFORMED = _("Parents informés : {role} : {name} — le {date}, {how}")

UNKNOWN_ENTRY = _("Entrée « {code} » écrite par une version plus récente de la console.")
