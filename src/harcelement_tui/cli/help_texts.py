"""The help of the command line (``--help``, the manual page, the completions), in French, through
:mod:`harcelement_tui.i18n`. Part of the catalogue :mod:`harcelement_tui.cli.strings`, which
re-exports every name; ``COMMAND_HELP`` is the one-line summary in the list of commands,
``COMMAND_DESCRIPTION`` the paragraph of ``harcelement-tui COMMAND --help``.
"""

from __future__ import annotations

from harcelement_tui.i18n import _

# -- the names of the values in the usage lines (the help texts name them too) -------------------

METAVAR_FILE = _("FICHIER")
METAVAR_FOLDER = _("DOSSIER")
METAVAR_COMMAND = _("COMMANDE")
METAVAR_YEAR = _("ANNÉE")
METAVAR_KEY = _("CLÉ")
METAVAR_NAME = _("NOM")
METAVAR_GROUP = _("GROUPE")

# -- the program and the options of every command ------------------------------------------------

DESCRIPTION = _("Console de suivi des cas graves de cyber-harcèlement, pour les directions d'école. Sans "
                "commande : ouvre la console.")
HELP_VERSION = _("afficher la version et quitter")
TITLE_COMMANDS = _("commandes")
TITLE_ACTIONS = _("actions")
HELP_DATA = _("fichier des cas (sinon $HARCELEMENT_DATA, la configuration, "
              "ou ~/.local/share/harcelement-tui/cases.json)")
HELP_CONTENT = _("dossier de contenu d'une commune (procedure.yaml, parents.yaml, contacts.yaml, "
                 "parents-sheet.yaml, pupil-card.yaml) ; un fichier absent est pris dans le contenu livré")
HELP_CONFIG = _("fichier de configuration lu après /etc/harcelement-tui/config.yaml "
                "et ~/.config/harcelement-tui/config.yaml")
HELP_FORCE = _("remplacer un fichier qui existe déjà")
HELP_REF = _("référence du cas, par ex. 2026-001")

# -- export, import ------------------------------------------------------------------------------

EXPORT_HELP = _("exporter un cas (ou tous) en JSON")
EXPORT_DESCRIPTION = _("Exporte un cas complet (champs, étapes, historique, preuves, contacts cités) dans un "
                       "fichier JSON lisible par vous seul (droits 0600). L'export est noté dans l'historique du "
                       "cas (qui, où).")
EXPORT_EPILOG = _("Exemples : harcelement-tui export 2026-001 ; harcelement-tui export 2026-001 -o - ; "
                  "harcelement-tui export --all -o exports/")
EXPORT_HELP_ALL = _("exporter tous les cas, un fichier cas-REF.json par cas, dans le dossier donné par -o")
EXPORT_HELP_OUTPUT = _("fichier à écrire (par défaut cas-REF.json dans le dossier courant ; « - » : sortie "
                       "standard) ; avec --all : le dossier (créé s'il n'existe pas)")
EXPORT_HELP_PSEUDONYMISE = _("export pseudonymisé (cas-REF-pseudonymise.json) : initiales de l'élève au lieu de "
                             "son nom, partout ; sans classe ni personne qui a signalé ; utilisateurs numérotés ; "
                             "ne peut pas être importé")
EXPORT_HELP_PERSON = _("demande d'accès : tous les cas qui mentionnent cette personne (élève ou dans un texte "
                       "libre ; accents et majuscules ignorés), dans demande-acces-AAAA-MM-JJ.json, à relire "
                       "avant de le remettre")
HELP_ENCRYPT = _("chiffrer le fichier (format age, extension .age) avec une phrase de passe demandée deux fois "
                 "au terminal ; à transmettre au destinataire par un autre moyen (téléphone)")
HELP_RECIPIENT = _("chiffrer pour la clé publique age du destinataire (age1…) au lieu d'une phrase de passe ; "
                   "peut être répété")
HELP_IDENTITY = _("fichier de clé secrète age (AGE-SECRET-KEY-1…) pour un fichier chiffré pour votre clé "
                  "publique ; sans elle, la phrase de passe est demandée au terminal")
IMPORT_HELP = _("ajouter un cas exporté ailleurs")
IMPORT_DESCRIPTION = _("Ajoute au fichier des cas un cas exporté par « harcelement-tui export ». Le fichier est "
                       "vérifié d'abord ; un cas déjà présent (même identifiant) est refusé ; si sa référence "
                       "est déjà prise, il reçoit la suivante et l'historique garde l'ancienne.")
IMPORT_HELP_FILE = _("fichier d'export (« - » : entrée standard)")

# -- report, sheet -------------------------------------------------------------------------------

REPORT_HELP = _("écrire le rapport d'un cas (PDF ou Markdown)")
REPORT_DESCRIPTION = _("Écrit le rapport d'un cas en PDF (A4) ou en Markdown, pour le pouvoir organisateur, le "
                       "CPMS ou la police : les faits, la chronologie, les étapes faites (qui, quand), les "
                       "services contactés et le registre des preuves (décrites, jamais jointes). Rien sur les "
                       "autres cas. Le fichier est lisible par vous seul (droits 0600) et le rapport est noté "
                       "dans l'historique du cas (qui, où).")
REPORT_EPILOG = _("Exemples : harcelement-tui report 2026-001 ; harcelement-tui report 2026-001 --pseudonymise ; "
                  "harcelement-tui report 2026-001 --format md -o -")
REPORT_HELP_OUTPUT = _("fichier à écrire (par défaut rapport-REF.pdf, ou rapport-REF-pseudonymise.pdf, dans le "
                       "dossier courant ; un dossier : ce nom dans ce dossier ; « - » : sortie standard)")
REPORT_HELP_FORMAT = _("pdf (A4, à imprimer ou à envoyer) ou md (Markdown, texte) ; par défaut celui de "
                       "l'extension de -o (.pdf, .md), sinon la clé report_format de la configuration, sinon pdf")
REPORT_HELP_PSEUDONYMISE = _("remplacer le nom de l'élève par ses initiales partout (notes comprises), retirer "
                             "la classe et la personne qui a signalé, numéroter les utilisateurs")
REPORT_HELP_SINCE_PO = _("mise à jour pour le pouvoir organisateur : seulement ce qui a changé depuis qu'il a "
                         "été informé pour la dernière fois (étape cochée) ; rapport complet s'il ne l'a jamais "
                         "été")
SHEET_HELP = _("écrire la fiche des parents ou la carte « Qui peut t'aider ? » (PDF)")
SHEET_DESCRIPTION = _("Écrit un document à remettre, sans aucune donnée d'un cas : « parents », le document "
                      "d'information pour les parents de la victime (ce que fait l'école, ce qu'il vaut mieux "
                      "éviter, discrétion, plainte, les services avec téléphone et e-mail, l'école et sa "
                      "personne de contact) ; « eleve », la carte « Qui peut t'aider ? » pour l'élève (chaque "
                      "service, ce qu'il peut faire pour toi, téléphone et e-mail), à plier ou découper. Une "
                      "page A4 en PDF ; textes dans parents-sheet.yaml et pupil-card.yaml du contenu.")
SHEET_EPILOG = _("Exemples : harcelement-tui sheet parents ; harcelement-tui sheet eleve -o carte.pdf")
SHEET_HELP_KIND = _("le document à écrire")
SHEET_HELP_OUTPUT = _("fichier à écrire (par défaut fiche-parents.pdf ou qui-peut-t-aider.pdf dans le dossier "
                      "courant ; un dossier : ce nom dans ce dossier ; « - » : sortie standard)")

# -- purge, stats --------------------------------------------------------------------------------

PURGE_HELP = _("purger les cas clos depuis plus longtemps que le délai de conservation")
PURGE_DESCRIPTION = _("Remplace chaque cas clos depuis plus longtemps que le délai de conservation (clé "
                      "retention_days de la configuration, 365 jours par défaut) par une fiche anonyme : "
                      "référence, dates d'ouverture et de clôture, statut, catégories de faits, étapes faites. "
                      "Tout le reste (élève, classe, résumé, notes, preuves, noms) est effacé. Rien n'est "
                      "exporté : exportez d'abord ce qui doit être transmis. La console demande confirmation.")
PURGE_EPILOG = _("Exemples : harcelement-tui purge --dry-run ; harcelement-tui purge")
PURGE_HELP_DRY_RUN = _("lister les cas concernés sans rien modifier")
PURGE_HELP_YES = _("ne pas demander de confirmation (scripts ; sans terminal, obligatoire)")
STATS_HELP = _("statistiques des cas, sans donnée personnelle")
STATS_DESCRIPTION = _("Cas par mois d'ouverture, par catégorie de faits, par statut ; délai médian de clôture ; "
                      "part des cas dont chaque section de la procédure est complète. Les cas purgés sont "
                      "comptés. Aucun nom ni aucun texte saisi n'y figure.")
STATS_EPILOG = _("Exemples : harcelement-tui stats ; harcelement-tui stats --year 2026 --json")
STATS_HELP_YEAR = _("seulement les cas ouverts cette année-là (par défaut : toutes les années)")
STATS_HELP_JSON = _("écrire les chiffres en JSON")

# -- team, info, audit ---------------------------------------------------------------------------

TEAM_HELP = _("partager un fichier des cas dans un groupe Unix (administrateur)")
TEAM_DESCRIPTION = _("Travail en équipe sur un serveur partagé.")
TEAM_INIT_HELP = _("créer le dossier de l'équipe et le désigner à tous les comptes")
TEAM_INIT_DESCRIPTION = _("Crée DOSSIER (droits 2770, groupe GROUPE), le fichier des cas dedans (0660) et écrit "
                          "data_file dans la configuration du serveur (/etc/harcelement-tui/config.yaml), lue par "
                          "tous les comptes, aussi par « ssh -t SERVEUR harcelement-tui ». Dans ce dossier, tout "
                          "ce que la console écrit (fichier, verrou, sauvegardes, exports/) est lisible et "
                          "modifiable par le groupe, par personne d'autre. À lancer en administrateur.")
TEAM_INIT_EPILOG = _("Exemple : sudo harcelement-tui team init /srv/harcelement --group equipe-harcelement")
TEAM_INIT_HELP_DIRECTORY = _("dossier de l'équipe (créé s'il n'existe pas)")
TEAM_INIT_HELP_GROUP = _("groupe Unix des membres de l'équipe")
INFO_HELP = _("quel fichier des cas, pourquoi, avec quels droits")
INFO_DESCRIPTION = _("Affiche le fichier des cas utilisé et pourquoi (option, variable, fichier de configuration, "
                     "défaut), les configurations lues, le contenu, les dossiers des sauvegardes et des exports "
                     "avec leurs droits et leur groupe, et si le mode équipe est actif. Aucune donnée des cas.")
AUDIT_HELP = _("lister le journal des accès (qui a consulté, exporté… quel cas, quand)")
AUDIT_DESCRIPTION = _("Liste le journal des accès aux cas, du plus ancien au plus récent : date et heure, "
                      "utilisateur, cas, action (consulté, exporté, rapport, fiche, importé, demande d'accès) et "
                      "commande. Les entrées d'un cas purgé n'ont plus d'utilisateur. Les entrées plus anciennes "
                      "que access_log_days jours (365 par défaut) sont effacées.")
AUDIT_EPILOG = _("Exemples : harcelement-tui audit ; harcelement-tui audit 2026-001 ; "
                 "harcelement-tui audit --since 20/11/2026 --user direction")
AUDIT_HELP_REF = _("seulement ce cas, par ex. 2026-001")
AUDIT_HELP_SINCE = _("depuis cette date (JJ/MM/AAAA), incluse")
AUDIT_HELP_USER = _("seulement les accès de cet utilisateur")
