namespace OpenMcf.TcpRoute.Cluster;

public enum PlanAction
{
    Create,
    Change,
    None,

    /// <summary>A member of the set that no manifest declares any more: apply --prune would delete it.</summary>
    Delete,
}

/// <summary>What an apply of the route would do, from a server-side dry run: the action and the managed fields it would change.</summary>
public sealed record Planned(PlanAction Action, IReadOnlyList<FieldChange> Changes)
{
    public static Planned From(Applied dryRun)
    {
        ArgumentNullException.ThrowIfNull(dryRun);
        var action = dryRun.Action switch
        {
            ApplyAction.Created => PlanAction.Create,
            ApplyAction.Configured => PlanAction.Change,
            _ => PlanAction.None,
        };
        return new Planned(action, dryRun.Changes);
    }
}
