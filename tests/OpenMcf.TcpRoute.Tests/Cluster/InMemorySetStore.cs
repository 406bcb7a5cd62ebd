using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>
/// Set parents in memory, members from the routes of the <see cref="InMemoryCluster"/> (by their
/// part-of label), with the resourceVersion checks of the real server on writes and deletes.
/// </summary>
internal sealed class InMemorySetStore(InMemoryCluster cluster) : IApplySetStore
{
    private int _version;

    /// <summary>Parents by "namespace/name".</summary>
    public ConcurrentDictionary<string, SetParent> Parents { get; } = new(StringComparer.Ordinal);

    /// <summary>Namespaces whose member LIST fails with this error.</summary>
    public Dictionary<string, ClusterError> FailingLists { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs just before each parent write: lets a test play another run writing in between.</summary>
    public Action<int>? BeforeWrite { get; set; }

    public ConcurrentQueue<string> Deleted { get; } = new();

    private int _writes;

    public Task<ClusterAnswer<SetParent>> ReadParentAsync(ApplySet applySet, CancellationToken cancellationToken) =>
        Task.FromResult(ClusterAnswer.Of(Parents.GetValueOrDefault(Key(applySet)) ?? SetParent.Absent, []));

    public Task<ClusterAnswer<SetParent>> WriteParentAsync(ApplySet applySet, SetParentUpdate update, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(Interlocked.Increment(ref _writes));
        var current = Parents.GetValueOrDefault(Key(applySet));
        if (current?.ResourceVersion != update.ResourceVersion)
        {
            return Task.FromResult(ClusterAnswer.Failed<SetParent>(new ClusterError(ClusterErrorKind.SetBusy, "changed since read"), []));
        }

        var written = new SetParent(
            true,
            applySet.Id,
            $"{ApplySet.ToolName}/v0",
            [ApplySet.GroupKind],
            [applySet.Namespace, .. update.Namespaces.Where(n => n != applySet.Namespace).Distinct().Order(StringComparer.Ordinal)],
            update.Lease,
            current?.ResourceVersion);

        // As the API server does, a write that changes nothing keeps the resourceVersion.
        var unchanged = current is not null && current.Namespaces.SequenceEqual(written.Namespaces) && current.Lease == written.Lease;
        written = unchanged ? written : written with { ResourceVersion = NextVersion() };
        Parents[Key(applySet)] = written;
        return Task.FromResult(ClusterAnswer.Of(written, []));
    }

    public Task<ClusterAnswer<Destroyed>> DeleteParentAsync(ApplySet applySet, string resourceVersion, CancellationToken cancellationToken)
    {
        var removed = Parents.TryRemove(Key(applySet), out _);
        return Task.FromResult(ClusterAnswer.Of(new Destroyed(removed ? DestroyAction.Deleted : DestroyAction.Absent), []));
    }

    public Task<ClusterAnswer<IReadOnlyList<SetMember>>> ListMembersAsync(
        string version, string ns, string setId, CancellationToken cancellationToken)
    {
        if (FailingLists.TryGetValue(ns, out var error))
        {
            return Task.FromResult(ClusterAnswer.Failed<IReadOnlyList<SetMember>>(error, []));
        }

        IReadOnlyList<SetMember> members =
        [
            .. cluster.Routes.Where(r => r.Key.StartsWith(ns + "/", StringComparison.Ordinal))
                .Where(r => (string?)r.Value["metadata"]?["labels"]?[ApplySet.PartOfLabel] == setId)
                .Select(r => new SetMember(
                    new RouteKey(ns, r.Key[(ns.Length + 1)..]),
                    "uid-" + r.Key,
                    "1",
                    setId,
                    [.. (r.Value["metadata"]?["managedFields"]?.AsArray() ?? []).Select(e => (string)e!["manager"]!)])),
        ];
        return Task.FromResult(ClusterAnswer.Of(members, []));
    }

    public Task<ClusterAnswer<Destroyed>> DeleteMemberAsync(
        string version, SetMember member, bool dryRun, CancellationToken cancellationToken)
    {
        var key = member.Route.ToString();
        var existed = dryRun ? cluster.Routes.ContainsKey(key) : cluster.Routes.TryRemove(key, out _);
        if (existed && !dryRun)
        {
            Deleted.Enqueue(key);
        }

        return Task.FromResult(ClusterAnswer.Of(new Destroyed(existed ? DestroyAction.Deleted : DestroyAction.Absent), []));
    }

    /// <summary>A route labelled part of a set by <paramref name="appliedBy"/>'s apply (openmcf's, unless said).</summary>
    public static JsonObject Member(string name, string ns, string? partOf, string appliedBy = "openmcf") => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = partOf is null ? new JsonObject() : new JsonObject { [ApplySet.PartOfLabel] = partOf },
            ["managedFields"] = partOf is null ? new JsonArray() : new JsonArray(new JsonObject { ["manager"] = appliedBy }),
        },
        ["spec"] = new JsonObject(),
    };

    private static string Key(ApplySet applySet) => $"{applySet.Namespace}/{applySet.Name}";

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);
}
