#!/bin/sh
# completion.sh NAME TOOL: prints a bash completion script for NAME whose option words come from
# `TOOL --help` (help-options.awk): options complete after "-", files after an option that takes
# an argument and as operands.
set -eu
name=$1 tool=$2
here=$(dirname "$0")
help=$("$tool" --help) || { echo "completion.sh: $tool --help failed" >&2; exit 1; }
words=$(printf '%s\n' "$help" | awk -v mode=words -f "$here/help-options.awk")
[ -n "$words" ] || { echo "completion.sh: no options found in $tool --help" >&2; exit 1; }
all=$(printf '%s\n' "$words" | awk '{print $1}' | sort -u | tr '\n' ' ' | sed 's/ $//')
witharg=$(printf '%s\n' "$words" | awk '$2 == 1 {print $1}' | sort -u | tr '\n' ' ' | sed 's/ $//')
fn=_kexec_jump_$(printf '%s' "$name" | tr -c 'A-Za-z0-9_' '_')
cat <<SCRIPT
# bash completion for $name (kexec-jump-tools), generated from \`$name --help\`.
$fn()
{
    local cur=\${COMP_WORDS[COMP_CWORD]} prev=
    [ "\$COMP_CWORD" -gt 0 ] && prev=\${COMP_WORDS[COMP_CWORD-1]}
    # "--opt=VALUE": bash splits at "=", so the option is two words back.
    if [ "\$prev" = "=" ] && [ "\$COMP_CWORD" -gt 1 ]; then prev=\${COMP_WORDS[COMP_CWORD-2]}; fi
    case " $witharg " in
        *" \$prev "*) COMPREPLY=(\$(compgen -f -- "\$cur")); return ;;
    esac
    if [[ \$cur == -* ]]; then
        COMPREPLY=(\$(compgen -W "$all" -- "\$cur"))
        return
    fi
    COMPREPLY=(\$(compgen -f -- "\$cur"))
}
complete -o filenames -o bashdefault -F $fn $name
SCRIPT
