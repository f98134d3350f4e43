# bash completion for harcelement-tui (generated from its parser by harcelement_tui.cli.docs)
_harcelement_tui() {
    local cur prev cmd opts i
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    case " --config --content --data --identity --output -o " in
        *" $prev "*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    esac
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            export|import|report|sheet|purge|stats|team|info|audit) cmd="${COMP_WORDS[i]}"; break ;;
        esac
    done
    case "$cmd" in
        "") opts="-h --help --version --data --content --config export import report sheet purge stats team info audit" ;;
        export) opts="-h --help --data --content --config --all -o --output --force --pseudonymise --person --encrypt --recipient" ;;
        import) opts="-h --help --data --content --config --identity" ;;
        report) opts="-h --help --data --content --config -o --output --force --format --pseudonymise --since-last-po" ;;
        sheet) opts="-h --help --data --content --config -o --output --force" ;;
        purge) opts="-h --help --data --content --config --dry-run --yes" ;;
        stats) opts="-h --help --data --content --config --year --json" ;;
        team) opts="-h --help" ;;
        info) opts="-h --help --data --content --config" ;;
        audit) opts="-h --help --data --content --config --since --user" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F _harcelement_tui harcelement-tui
