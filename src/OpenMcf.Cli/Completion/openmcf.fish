# fish completion for openmcf. Load it with: openmcf completion fish | source
# or save it as ~/.config/fish/completions/openmcf.fish.
#
# The candidates come from the program itself, so they never go stale: `openmcf __complete WORD...` gets the
# words of the line up to the cursor (the last one being completed) and answers ":words" or ":paths" (complete
# file paths), then one candidate a line.

function __openmcf_complete
    # The program as typed (./openmcf completes from itself) and the words up to the cursor.
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    # After a space the word being completed is the empty word, which a substitution gives as no word at all.
    set -q current[1]; or set current ''
    set -l answer ($words[1] __complete $words[2..-1] "$current" 2>/dev/null)
    if test "$answer[1]" = :paths
        # --kubeconfig=PATH: the path after the =, offered with it.
        set -l head (string match -r -- '^--[^=]*=' "$current")
        set -q head[1]; or set head ''
        for path in (__fish_complete_path (string replace -r -- '^--[^=]*=' '' "$current"))
            echo $head$path
        end
    else if set -q answer[2]
        printf '%s\n' $answer[2..-1]
    end
end

complete -c openmcf -f -a '(__openmcf_complete)'
