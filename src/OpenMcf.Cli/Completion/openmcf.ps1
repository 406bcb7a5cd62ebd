# PowerShell completion for openmcf. Load it with: openmcf completion pwsh | Out-String | Invoke-Expression
# (add that line to $PROFILE).
#
# The candidates come from the program itself, so they never go stale: `openmcf __complete WORD...` gets the
# words of the line up to the cursor (the last one being completed) and answers ":words" or ":paths" (complete
# file paths), then one candidate a line.

Register-ArgumentCompleter -Native -CommandName openmcf -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $elements = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition })
    $texts = @($elements | ForEach-Object {
        if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $_.Value } else { $_.Extent.Text }
    })
    # The program as typed, so that ./openmcf completes from itself.
    $program = $texts[0]
    $words = @($texts | Select-Object -Skip 1)
    if ($wordToComplete -and $words.Count -gt 0) {
        $words[-1] = $wordToComplete
    } elseif (-not $wordToComplete) {
        $words += ''
    }

    # Before PowerShell 7.3 (or with Legacy argument passing) an empty argument is dropped unless written as "".
    $legacy = $PSVersionTable.PSVersion -lt [version]'7.3' -or $PSNativeCommandArgumentPassing -eq 'Legacy'
    $arguments = @('__complete') + @($words | ForEach-Object { if ($legacy -and $_ -eq '') { '""' } else { $_ } })
    $answer = @(& $program @arguments 2>$null)

    # For :paths nothing is returned, and PowerShell completes file paths itself.
    if ($answer.Count -gt 1 -and $answer[0] -eq ':words') {
        $answer | Select-Object -Skip 1 | ForEach-Object {
            $text = if ($_ -match '[\s''"`$;,(){}|&<>@#]') { "'" + ($_ -replace "'", "''") + "'" } else { $_ }
            [System.Management.Automation.CompletionResult]::new($text, $_, 'ParameterValue', $_)
        }
    }
}
