using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>A set's parent as read from the cluster (or its absence).</summary>
/// <param name="Namespaces">The namespaces its members may be in: its own and the additional ones.</param>
/// <param name="ResourceVersion">What an update must name to be sure nobody wrote in between.</param>
public sealed record SetParent(
    bool Exists,
    string? Id,
    string? Tooling,
    IReadOnlyList<string> GroupKinds,
    IReadOnlyList<string> Namespaces,
    SetLease? Lease,
    string? ResourceVersion)
{
    public static SetParent Absent { get; } = new(false, null, null, [], [], null, null);

    /// <summary>
    /// Why openmcf must not use this parent for <paramref name="set"/>, or null when it may: a
    /// Secret or ConfigMap that is not this set's parent, or the parent of another tool's set, is
    /// never taken over (kubectl refuses the same way).
    /// </summary>
    public string? Refusal(ApplySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!Exists)
        {
            return null;
        }

        var tool = Tooling is null ? null : Tooling[..Math.Max(0, Tooling.LastIndexOf('/'))] is { Length: > 0 } named ? named : Tooling;
        if (Id is null)
        {
            return $"{set.Parent} exists and is not an ApplySet parent (no {ApplySet.IdLabel} label); "
                + "openmcf will not take it over: choose another --applyset name";
        }

        if (Id != set.Id)
        {
            return $"{set.Parent} is the parent of another ApplySet ({ApplySet.IdLabel} is {Id}, not {set.Id}); "
                + "choose another --applyset name";
        }

        if (tool != ApplySet.ToolName)
        {
            return $"{set.Parent} is the parent of a set managed by {(tool is null ? "an unnamed tool" : $"\"{tool}\"")}, not openmcf; "
                + "openmcf will not change it: choose another --applyset name";
        }

        var others = GroupKinds.Where(gk => gk != ApplySet.GroupKind).ToList();
        return others.Count > 0
            ? $"{set.Parent} records kinds openmcf does not manage ({string.Join(", ", others)}); openmcf will not prune that set"
            : null;
    }
}

/// <summary>A route that carries a set's membership label, as listed.</summary>
/// <param name="Uid">
/// The uid and resourceVersion listed: the delete is conditional on both, so a route re-made or changed since is kept.
/// </param>
/// <param name="LabelAppliers">The field managers whose server-side apply owns the membership label.</param>
public sealed record SetMember(RouteKey Route, string Uid, string ResourceVersion, string? PartOf, IReadOnlyList<string> LabelAppliers)
{
    /// <summary>
    /// A member openmcf may delete: labelled part of <paramref name="setId"/> by an apply of <paramref name="fieldManager"/>.
    /// A label copied onto another route (kubectl get -o yaml, a hand edit) is not openmcf's doing, and that route is kept.
    /// </summary>
    public bool AppliedInto(string setId, string fieldManager) => PartOf == setId && LabelAppliers.Contains(fieldManager);
}
