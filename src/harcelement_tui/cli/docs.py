"""The manual page (French) and the bash and zsh completions, generated from the command line's
own parser: an option added to a command appears in all three.

``python -m harcelement_tui.cli.docs DOSSIER`` writes them under ``DOSSIER`` (``docs/`` in the
repository: ``man/harcelement-tui.1``, ``completion/harcelement-tui.bash``,
``completion/_harcelement-tui``); the wheel installs them under ``share/`` (see pyproject.toml). A
test checks that the files in the repository are what the parser gives.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harcelement_tui import __version__
from harcelement_tui.cli import PROG, build_parser
from harcelement_tui.cli import strings as S
from harcelement_tui.core.errors import EXIT_BUSY, UserError

FILES = {
    "man": Path("man") / f"{PROG}.1",
    "bash": Path("completion") / f"{PROG}.bash",
    "zsh": Path("completion") / f"_{PROG}",
}

EXIT_STATUSES = (
    (0, S.EXIT_DONE),
    (1, S.EXIT_CANCELLED),
    (UserError.exit_code, S.EXIT_USER_ERROR),
    (EXIT_BUSY, S.EXIT_BUSY),
    (130, S.EXIT_INTERRUPTED),
)


def _commands(parser: argparse.ArgumentParser) -> dict[str, tuple[str, argparse.ArgumentParser]]:
    """``{name: (help, parser)}`` of the sub-commands, in the order of the help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return {name: (helps.get(name, ""), sub) for name, sub in action.choices.items()}
    return {}


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not a.option_strings
            and not isinstance(a, argparse._SubParsersAction)]


# -- manual page ---------------------------------------------------------------------------------


def _roff(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.splitlines())


def _option_roff(action: argparse.Action) -> list[str]:
    names = ", ".join(f"\\fB{_roff(name)}\\fR" for name in action.option_strings)
    if action.nargs != 0 and action.metavar:
        names += f" \\fI{_roff(str(action.metavar))}\\fR"
    return [".TP", names, _roff(action.help or "")]


def manual_page(parser: argparse.ArgumentParser | None = None) -> str:
    parser = parser or build_parser()
    lines = [
        f'.TH {PROG.upper()} 1 "" "{PROG} {__version__}" "{S.MAN_MANUAL}"',
        f".SH {S.MAN_SECTION_NAME}",
        f"{PROG} \\- {_roff(S.MAN_NAME)}",
        ".SH SYNOPSIS",
        f".B {PROG}",
        f"[\\fI{S.MAN_OPTIONS}\\fR]",
        f"[\\fI{S.METAVAR_COMMAND}\\fR [\\fI{S.MAN_ARGUMENTS}\\fR]]",
        ".SH DESCRIPTION",
        _roff(parser.description or ""),
        f".SH {S.MAN_SECTION_OPTIONS}",
    ]
    for action in _options(parser):
        lines += _option_roff(action)
    lines.append(f".SH {S.MAN_SECTION_COMMANDS}")
    lines.append(_roff(S.MAN_OPTIONS_EVERYWHERE))
    everywhere = {name for action in _options(parser) for name in action.option_strings}
    for name, (summary, sub) in _commands(parser).items():
        usage = " ".join(sub.format_usage().replace(S.ARGPARSE["usage: "], "").split())
        lines += [f".SS {name}", _roff(summary), ".PP", f"\\fB{_roff(usage)}\\fR"]
        for action in _positionals(sub):
            lines += [".TP", f"\\fI{_roff(str(action.metavar or action.dest))}\\fR", _roff(action.help or "")]
        for action in _options(sub):
            if not everywhere & set(action.option_strings):
                lines += _option_roff(action)
    lines.append(f".SH {S.MAN_SECTION_EXIT}")
    for code, meaning in EXIT_STATUSES:
        lines += [".TP", f"\\fB{code}\\fR", _roff(meaning)]
    lines += [
        f".SH {S.MAN_SECTION_FILES}",
        ".TP", _roff("/etc/harcelement-tui/config.yaml"), _roff(S.MAN_SERVER_CONFIG),
        ".TP", _roff("~/.config/harcelement-tui/config.yaml"), _roff(S.MAN_USER_CONFIG),
        ".TP", _roff("~/.local/share/harcelement-tui/cases.json"), _roff(S.MAN_DEFAULT_DATA),
        f".SH {S.MAN_SECTION_ENVIRONMENT}",
        ".TP", "\\fBHARCELEMENT_DATA\\fR", _roff(S.MAN_ENV_DATA),
        ".TP", "\\fBNO_COLOR\\fR", _roff(S.MAN_ENV_NO_COLOR),
    ]
    return "\n".join(lines) + "\n"


# -- completions ---------------------------------------------------------------------------------


def _file_metavars() -> tuple[str, str]:
    """The values completed with file names."""
    return (S.METAVAR_FILE, S.METAVAR_FOLDER)


def _words(actions: list[argparse.Action]) -> str:
    return " ".join(name for a in actions for name in a.option_strings)


def bash_completion(parser: argparse.ArgumentParser | None = None) -> str:
    parser = parser or build_parser()
    commands = _commands(parser)
    cases = "\n".join(f"        {name}) opts=\"{_words(_options(sub))}\" ;;" for name, (_, sub) in commands.items())
    files = " ".join(sorted({name for _, sub in commands.values() for a in _options(sub)
                             if a.metavar in _file_metavars() for name in a.option_strings}
                            | {name for a in _options(parser) if a.metavar in _file_metavars()
                               for name in a.option_strings}))
    return f"""# bash completion for {PROG} (generated from its parser by harcelement_tui.cli.docs)
_{PROG.replace('-', '_')}() {{
    local cur prev cmd opts i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    case " {files} " in
        *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            {'|'.join(commands)}) cmd="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    case "$cmd" in
        "") opts="{_words(_options(parser))} {' '.join(commands)}" ;;
{cases}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}}
complete -o default -F _{PROG.replace('-', '_')} {PROG}
"""


def _zsh_spec(action: argparse.Action) -> list[str]:
    text = (action.help or "").replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")
    value = ""
    if action.nargs != 0:
        kind = "_files" if action.metavar in _file_metavars() else ""
        value = f":{action.metavar or ''}:{kind}"
    return [f"'{name}[{text}]{value}'" for name in action.option_strings]


def zsh_completion(parser: argparse.ArgumentParser | None = None) -> str:
    parser = parser or build_parser()
    commands = _commands(parser)
    described = "\n        ".join("'{}:{}'".format(name, summary.replace("'", "'\\''").replace(":", "\\:"))
                                   for name, (summary, _) in commands.items())
    global_specs = " \\\n    ".join(spec for a in _options(parser) for spec in _zsh_spec(a))
    cases = []
    for name, (_, sub) in commands.items():
        specs = " ".join(spec for a in _options(sub) for spec in _zsh_spec(a))
        cases.append(f"        {name}) _arguments {specs} '*:argument:_files' ;;")
    body = "\n".join(cases)
    return f"""#compdef {PROG}
# zsh completion for {PROG} (generated from its parser by harcelement_tui.cli.docs)
_harcelement_tui_commands() {{
    local -a commands
    commands=(
        {described}
    )
    _describe commande commands
}}
_arguments -C \\
    {global_specs} \\
    '1:commande:_harcelement_tui_commands' \\
    '*::argument:->args'
case $state in
    args)
        case $words[1] in
{body}
        esac ;;
esac
"""


def generated() -> dict[str, str]:
    """``{"man": text, "bash": text, "zsh": text}``, the same whatever the terminal's width."""
    width = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "1000"  # argparse wraps usage lines at the terminal's width
    try:
        parser = build_parser()
        return {"man": manual_page(parser), "bash": bash_completion(parser), "zsh": zsh_completion(parser)}
    finally:
        if width is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = width


def write(directory: Path) -> list[Path]:
    written = []
    for kind, text in generated().items():
        path = directory / FILES[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
