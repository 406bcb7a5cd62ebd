using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>
/// A reader whose reads are answered (by another reader) only once <paramref name="together"/> of them are in flight at
/// once, the last one asked first: code that reads one after another never gets there, and fails here on a timeout
/// instead of passing. Reads beyond that number are never answered either.
/// </summary>
internal sealed class GatedReader(IClusterReader inner, int together) : IClusterReader
{
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _waiting = [];

    public Task<Lookup<JsonObject>> ReadNamespace(string name, CancellationToken cancellationToken) =>
        Gated(() => inner.ReadNamespace(name, cancellationToken));

    public Task<Lookup<JsonObject>> ReadService(string ns, string name, CancellationToken cancellationToken) =>
        Gated(() => inner.ReadService(ns, name, cancellationToken));

    public Task<Lookup<JsonObject>> ReadGateway(string ns, string name, CancellationToken cancellationToken) =>
        Gated(() => inner.ReadGateway(ns, name, cancellationToken));

    public Task<Lookup<JsonArray>> ListReferenceGrants(string ns, CancellationToken cancellationToken) =>
        Gated(() => inner.ListReferenceGrants(ns, cancellationToken));

    public Task<Lookup<Dictionary<string, JsonObject>>> ListRoutes(string ns, string version, CancellationToken cancellationToken) =>
        Gated(() => inner.ListRoutes(ns, version, cancellationToken));

    private async Task<T> Gated<T>(Func<Task<T>> read)
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked;
        lock (_gate)
        {
            _waiting.Add(answer);
            asked = _waiting.Count;
            if (asked == together)
            {
                foreach (var waiting in Enumerable.Reverse(_waiting))
                {
                    waiting.SetResult();
                }
            }
        }

        try
        {
            await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"read {asked} waited in vain for {together} reads in flight at once");
        }

        return await read();
    }
}
