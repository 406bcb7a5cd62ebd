#compdef openmcf
# zsh completion for openmcf. Load it with: source <(openmcf completion zsh)   (after compinit)
# or save it as _openmcf in a folder of $fpath.
#
# The candidates come from the program itself, so they never go stale: `openmcf __complete WORD...` gets the
# words of the line up to the cursor (the last one being completed) and answers ":words" or ":paths" (complete
# file paths), then one candidate a line.

_openmcf()
{
    # The program as typed, so that ./openmcf completes from itself, with a leading ~ expanded.
    local program=${words[1]/#\~/$HOME}
    local -a answer
    answer=("${(@f)$("$program" __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    if [[ ${answer[1]} == :paths ]]; then
        compset -P '*='
        _files
    elif (( ${#answer} > 1 )); then
        compadd -- "${(@)answer[2,-1]}"
    fi
}

if [[ ${funcstack[1]} == _openmcf ]]; then
    _openmcf "$@"
else
    compdef _openmcf openmcf
fi
