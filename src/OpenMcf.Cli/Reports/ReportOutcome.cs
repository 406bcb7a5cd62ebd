namespace OpenMcf.Cli.Reports;

/// <summary>How one document or route came out, as CI shows it: a failed test, a passed one, or a passed one with notes.</summary>
internal enum ReportOutcome
{
    /// <summary>No findings at all.</summary>
    Passed,

    /// <summary>At least one error: the JUnit case fails and the step summary marks it.</summary>
    Failed,

    /// <summary>Warnings and no error: the case passes, the warnings stay visible.</summary>
    WarningsOnly,
}
