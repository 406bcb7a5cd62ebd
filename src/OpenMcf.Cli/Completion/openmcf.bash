# bash completion for openmcf. Load it with: source <(openmcf completion bash)
#
# The candidates come from the program itself, so they never go stale: `openmcf __complete WORD...` gets the
# words of the line up to the cursor (the last one being completed) and answers ":words" or ":paths" (complete
# file paths), then one candidate a line.

_openmcf_complete()
{
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words=()
    read -r -a words <<< "$line"
    # After a space, the word being completed is an empty one.
    if [[ ${#words[@]} -eq 0 || $line == *[[:space:]] ]]; then
        words+=("")
    fi

    # The program as typed, so that ./openmcf completes from itself; bash has not expanded a leading ~ yet.
    local program=${words[0]}
    [[ $program == "~/"* ]] && program=$HOME/${program:2}

    # Bash replaces only what follows the last = or : of the word (COMP_WORDBREAKS); the program answers whole words.
    local word=${words[${#words[@]}-1]} cur
    cur=$word
    [[ $COMP_WORDBREAKS == *=* ]] && cur=${cur##*=}
    [[ $COMP_WORDBREAKS == *:* ]] && cur=${cur##*:}
    local head=${word%"$cur"}

    local kind="" candidate quoted
    COMPREPLY=()
    while IFS= read -r candidate; do
        if [[ -z $kind ]]; then
            kind=$candidate
        elif [[ $candidate == "$head"* ]]; then
            printf -v quoted '%q' "${candidate#"$head"}"
            COMPREPLY+=("$quoted")
        fi
    done < <("$program" __complete "${words[@]:1}" 2>/dev/null)

    if [[ $kind == :paths ]]; then
        # Readline then marks directories with a / and quotes what needs it.
        type compopt &>/dev/null && compopt -o filenames
        while IFS= read -r candidate; do
            COMPREPLY+=("$candidate")
        done < <(compgen -f -- "$cur")
    fi
}

complete -F _openmcf_complete openmcf
