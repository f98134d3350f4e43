"""``team init`` (a shared case file for a Unix group, in one command) and ``info`` (which file am
I on, and why). Neither prints anything of a case: paths, modes, owners and groups only."""

from __future__ import annotations

import argparse
import os
import pwd
import stat
from pathlib import Path

from harcelement_tui.cli_cases import _subparser
from harcelement_tui.core.paths import choose_data_file, error_log_file, system_config_file, user_config_file
from harcelement_tui.core.team import EXPORTS_NAME, group_name, team_init, team_of


def register(subparsers, common: argparse.ArgumentParser) -> None:
    """Add ``team`` (with ``init``) and ``info`` to ``subparsers``."""
    team = subparsers.add_parser(
        "team",
        help="partager un fichier des cas dans un groupe Unix (administrateur)",
        description="Travail en équipe sur un serveur partagé.",
    )
    team_commands = team.add_subparsers(dest="team_command", metavar="ACTION", title="actions",
                                        parser_class=type(team), required=True)
    init = team_commands.add_parser(
        "init",
        help="créer le dossier de l'équipe et le désigner à tous les comptes",
        description="Crée DOSSIER (droits 2770, groupe GROUPE), le fichier des cas dedans (0660) et "
        "écrit data_file dans la configuration du serveur (/etc/harcelement-tui/config.yaml), lue "
        "par tous les comptes, aussi par « ssh -t SERVEUR harcelement-tui ». Dans ce dossier, tout "
        "ce que la console écrit (fichier, verrou, sauvegardes, exports/) est lisible et modifiable "
        "par le groupe, par personne d'autre. À lancer en administrateur.",
        epilog="Exemple : sudo harcelement-tui team init /srv/harcelement --group equipe-harcelement",
    )
    init.add_argument("directory", metavar="DOSSIER", type=Path, help="dossier de l'équipe (créé s'il n'existe pas)")
    init.add_argument("--group", "-g", metavar="GROUPE", required=True, help="groupe Unix des membres de l'équipe")
    init.set_defaults(handler=run_team_init)

    info = _subparser(
        subparsers,
        "info",
        common,
        help="quel fichier des cas, pourquoi, avec quels droits",
        description="Affiche le fichier des cas utilisé et pourquoi (option, variable, fichier de "
        "configuration, défaut), les configurations lues, le contenu, les dossiers des sauvegardes "
        "et des exports avec leurs droits et leur groupe, et si le mode équipe est actif. Aucune "
        "donnée des cas.",
    )
    info.set_defaults(handler=run_info)


def run_team_init(args: argparse.Namespace, ctx) -> int:
    done = team_init(args.directory, args.group, config_file=system_config_file())
    for line in done.lines:
        print(line)
    if os.environ.get("HARCELEMENT_DATA"):
        print("Attention : HARCELEMENT_DATA est défini ici ; il l'emporte sur la configuration "
              "pour qui l'a (retirez-le des ~/.profile).")
    return 0


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _describe_path(path: Path) -> str:
    """``0660 -rw-rw----, dir1:equipe`` or why it cannot be seen."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "n'existe pas encore"
    except OSError as exc:
        return f"inaccessible ({exc.strerror})"
    return (f"{stat.S_IMODE(st.st_mode):04o} {stat.filemode(st.st_mode)}, "
            f"{_owner(st.st_uid)}:{group_name(st.st_gid)}")


def info_lines(args: argparse.Namespace, ctx) -> list[str]:
    config = ctx.config
    choice = choose_data_file(getattr(args, "data", None), config.data_file,
                              config_source=config.data_file_source)
    data_file = choice.path
    directory = data_file.parent
    team = team_of(data_file)
    lines = [
        f"Fichier des cas : {data_file}",
        f"  choisi par : {choice.reason}",
        f"  droits : {_describe_path(data_file)}",
        f"Dossier : {directory} ({_describe_path(directory)})",
        f"Mode équipe : oui, groupe {team} (fichiers 0660, dossiers 2770)" if team
        else "Mode équipe : non, fichier personnel (fichiers 0600, dossiers 0700)",
    ]
    read = [str(path) for path in config.sources]
    lines.append("Configuration lue : " + (" ; ".join(read) if read else "aucune"))
    for candidate in (system_config_file(), user_config_file()):
        if str(candidate) not in read:
            lines.append(f"  (absente : {candidate})")
    lines.append(f"Contenu : {ctx.content_dir or 'contenu livré avec la console'}")
    try:
        backups = sorted(p.name for p in directory.glob(f"{data_file.name}.*.bak"))
    except OSError:
        backups = []
    newest = f", dernière : {backups[-1]}" if backups else ""
    lines.append(f"Sauvegardes : {directory}/{data_file.name}.AAAA-MM-JJ.bak ({len(backups)}{newest})")
    exports = directory / EXPORTS_NAME
    lines.append(f"Exports de la console : {exports} ({_describe_path(exports)})")
    lines.append(f"Journal des erreurs : {error_log_file()} ({_describe_path(error_log_file())})")
    return lines


def run_info(args: argparse.Namespace, ctx) -> int:
    for line in info_lines(args, ctx):
        print(line)
    return 0
