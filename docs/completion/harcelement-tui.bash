# bash completion for harcelement-tui (generated from its parser by harcelement_tui.cli_docs)
_harcelement_tui() {
    local cur prev cmd opts i
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    case " --config --content --data --output -o " in
        *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            export|import|report|purge|stats) cmd="${COMP_WORDS[i]}"; break ;;
        esac
    done
    case "$cmd" in
        "") opts="-h --help --version --data --content --config export import report purge stats" ;;
        export) opts="-h --help --data --content --config --all -o --output --force --pseudonymise" ;;
        import) opts="-h --help --data --content --config" ;;
        report) opts="-h --help --data --content --config -o --output --force --pseudonymise" ;;
        purge) opts="-h --help --data --content --config --dry-run --yes" ;;
        stats) opts="-h --help --data --content --config --year --json" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _harcelement_tui harcelement-tui
