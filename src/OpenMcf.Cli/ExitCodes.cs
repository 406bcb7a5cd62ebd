namespace OpenMcf.Cli;

/// <summary>What a command ended with; <see cref="ExitCodes.For"/> is the one mapping to process exit codes.</summary>
internal enum Outcome
{
    Success,
    InvalidInput,
    UsageError,
    ClusterError,
    Conflict,
    WaitFailed,
    NotInStep,
    ChangesPending,
    HeldBack,
    Interrupted,
    Unexpected,
}

/// <summary>The documented exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 1;
    public const int UsageError = 2;
    public const int ClusterError = 3;
    public const int Conflict = 4;
    public const int WaitFailed = 5;
    public const int ChangesPending = 6;

    /// <summary>The set is held by another run, or a prune safety rule (--max-deletions, no routes) stopped every deletion.</summary>
    public const int HeldBack = 7;
    public const int Interrupted = 130;

    /// <summary>A bug: openmcf failed in a way it did not foresee (sysexits' EX_SOFTWARE), never a cluster's fault.</summary>
    public const int Unexpected = 70;

    public static int For(Outcome outcome) => outcome switch
    {
        Outcome.Success => Success,
        Outcome.InvalidInput => InvalidInput,
        Outcome.UsageError => UsageError,
        Outcome.ClusterError => ClusterError,
        Outcome.Conflict => Conflict,
        Outcome.WaitFailed or Outcome.NotInStep => WaitFailed,
        Outcome.ChangesPending => ChangesPending,
        Outcome.HeldBack => HeldBack,
        Outcome.Interrupted => Interrupted,
        Outcome.Unexpected => Unexpected,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
