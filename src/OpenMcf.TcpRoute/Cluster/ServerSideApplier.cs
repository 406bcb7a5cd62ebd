using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <param name="FieldManager">The field manager named in every apply (default "openmcf").</param>
/// <param name="ForceConflicts">Take over fields that another manager owns.</param>
/// <param name="ServerDryRun">Ask the API server to validate and default without persisting.</param>
public sealed record ApplySettings(string FieldManager, bool ForceConflicts, bool ServerDryRun)
{
    public const string DefaultFieldManager = "openmcf";

    /// <summary>The id of the ApplySet every route is labelled part of (--applyset); null: none.</summary>
    public string? PartOf { get; init; }

    /// <summary>
    /// --apply-unchanged: send the apply even when the live route shows it would change nothing (see
    /// <see cref="NoOpApply"/>), so that the server asserts the field manager's ownership again.
    /// </summary>
    public bool ApplyUnchanged { get; init; }
}

/// <summary>The live route as already read (null: it does not exist).</summary>
public sealed record KnownState(JsonObject? Route)
{
    /// <summary>What the server warned when the route was read on its own (a deprecated version, say); none from a LIST.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Server-side apply of TCPRoutes through the official client: PATCH with
/// application/apply-patch+yaml, a field manager, strict field validation, optional force and
/// dry run. Decides created/configured/unchanged by comparing the managed fields before and after,
/// since the resourceVersion can move on an identical apply.
/// </summary>
public sealed class ServerSideApplier(ClusterConnection connection, ApplySettings settings)
{
    private const string DryRunAll = "All";

    /// <param name="known">
    /// The live route before the apply when the caller already read it (a bulk LIST); null to read it here.
    /// </param>
    public Task<ClusterAnswer<Applied>> ApplyAsync(JsonObject route, CancellationToken cancellationToken, KnownState? known = null) =>
        ApplyAsync(route, known is null ? null : Task.FromResult(known), cancellationToken);

    /// <param name="known">
    /// The live route before the apply, read already (a bulk LIST) or being read (<see cref="ReadAsync"/>, started
    /// earlier); null to read it here. A read that failed is reported as this apply's failure, as its own read would be.
    /// </param>
    public async Task<ClusterAnswer<Applied>> ApplyAsync(JsonObject route, Task<KnownState>? known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var (version, ns, name) = Identify(route);
        var warnings = new List<string>();
        var creating = false;
        try
        {
            var state = await (known ?? ReadAsync(connection, version, ns, name, cancellationToken)).ConfigureAwait(false);
            warnings.AddRange(state.Warnings);
            var before = state.Route;
            creating = before is null;
            if (!settings.ApplyUnchanged && NoOpApply.Holds(route, before, settings.FieldManager))
            {
                // Already exactly as declared and owned: the fastest write is the one not sent.
                return ClusterAnswer.Of(new Applied(ApplyAction.Unchanged, []), warnings);
            }

            var response = await connection.Client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync(
                new V1Patch(ApplyPatchBody.Write(route), V1Patch.PatchType.ApplyPatch),
                GatewayApi.Group,
                version,
                ns,
                GatewayApi.TcpRouteResource,
                name,
                dryRun: settings.ServerDryRun ? DryRunAll : null,
                fieldManager: settings.FieldManager,
                fieldValidation: "Strict",
                force: settings.ForceConflicts ? true : null,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            using (response)
            {
                CollectWarnings(response.Response, warnings);
                var after = ToJsonObject(response.Body);
                if (response.Response.StatusCode == HttpStatusCode.Created)
                {
                    return ClusterAnswer.Of(new Applied(ApplyAction.Created, ManagedFields.Diff(null, after)), warnings);
                }

                if (before is null)
                {
                    // A bulk snapshot from before the route was made (by someone else, moments ago):
                    // it was there, but what it held before this apply is not known.
                    return ClusterAnswer.Of(new Applied(ApplyAction.Configured, []), warnings);
                }

                var changes = ManagedFields.Diff(before, after);
                var action = changes.Count == 0 ? ApplyAction.Unchanged : ApplyAction.Configured;
                return ClusterAnswer.Of(new Applied(action, changes), warnings);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (e is HttpOperationException h)
            {
                CollectWarnings(h.Response, warnings);
            }

            // An apply that creates the route is authorized as create as well as patch.
            var request = new RequestContext(creating ? "create" : "patch", $"{GatewayApi.TcpRouteResource}.{GatewayApi.Group}", ns, name);
            return ClusterAnswer.Failed<Applied>(ApiErrors.Translate(e, connection, request), warnings);
        }
    }

    /// <summary>Deletes the route; a route that is not there is reported as absent, not as an error.</summary>
    public async Task<ClusterAnswer<Destroyed>> DeleteAsync(string version, string ns, string name, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        try
        {
            var response = await connection.Client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                GatewayApi.Group,
                version,
                ns,
                GatewayApi.TcpRouteResource,
                name,
                dryRun: settings.ServerDryRun ? DryRunAll : null,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            using (response)
            {
                CollectWarnings(response.Response, warnings);
                return ClusterAnswer.Of(new Destroyed(DestroyAction.Deleted), warnings);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && !IsNamespaceOrTypeMissing(e))
        {
            CollectWarnings(e.Response, warnings);
            return ClusterAnswer.Of(new Destroyed(DestroyAction.Absent), warnings);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = ApiErrors.Translate(
                e, connection, new RequestContext("delete", $"{GatewayApi.TcpRouteResource}.{GatewayApi.Group}", ns, name));

            // A namespace that does not exist holds no route either.
            return error.Kind == ClusterErrorKind.NamespaceNotFound
                ? ClusterAnswer.Of(new Destroyed(DestroyAction.Absent), warnings)
                : ClusterAnswer.Failed<Destroyed>(error, warnings);
        }
    }

    /// <summary>The live route as an apply reads it first (null: absent), with the server's warnings. Throws on any other answer.</summary>
    public static async Task<KnownState> ReadAsync(
        ClusterConnection connection, string version, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var warnings = new List<string>();
        try
        {
            using var response = await connection.Client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync(
                GatewayApi.Group,
                version,
                ns,
                GatewayApi.TcpRouteResource,
                name,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            CollectWarnings(response.Response, warnings);
            return new KnownState(ToJsonObject(response.Body)) { Warnings = warnings };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Absent; a missing namespace or type is reported by the apply that follows, in its own words.
            return new KnownState(null);
        }
    }

    // A 404 for the object itself carries details.kind "tcproutes"; for a missing type the body is a bare 404.
    private static bool IsNamespaceOrTypeMissing(HttpOperationException e) =>
        e.Response.Content is not { } content || !content.Contains("\"kind\":\"tcproutes\"", StringComparison.Ordinal);

    private static (string Version, string Namespace, string Name) Identify(JsonObject route)
    {
        var apiVersion = (string?)route["apiVersion"] ?? throw new ArgumentException("the route has no apiVersion", nameof(route));
        var ns = (string?)route["metadata"]?["namespace"] ?? throw new ArgumentException("the route has no namespace", nameof(route));
        var name = (string?)route["metadata"]?["name"] ?? throw new ArgumentException("the route has no name", nameof(route));
        return (GatewayApi.VersionOf(apiVersion), ns, name);
    }

    private static JsonObject? ToJsonObject(object? body) => body switch
    {
        null => null,
        JsonObject o => o,
        JsonElement e => JsonObject.Create(e),
        _ => JsonNode.Parse(KubernetesJson.Serialize(body))?.AsObject(),
    };

    /// <summary>API server warnings (RFC 7234 Warning headers: 299 - "text"), such as deprecations.</summary>
    private static void CollectWarnings(HttpResponseMessageWrapper? response, List<string> warnings)
    {
        foreach (var (key, values) in response?.Headers ?? new Dictionary<string, IEnumerable<string>>())
        {
            if (key.Equals("Warning", StringComparison.OrdinalIgnoreCase))
            {
                AddWarnings(values, warnings);
            }
        }
    }

    private static void CollectWarnings(HttpResponseMessage? response, List<string> warnings)
    {
        if (response is not null && response.Headers.TryGetValues("Warning", out var values))
        {
            AddWarnings(values, warnings);
        }
    }

    private static void AddWarnings(IEnumerable<string> values, List<string> warnings)
    {
        foreach (var value in values)
        {
            var start = value.IndexOf('"', StringComparison.Ordinal);
            var end = value.LastIndexOf('"');
            var text = start >= 0 && end > start ? value[(start + 1)..end] : value;
            if (!warnings.Contains(text))
            {
                warnings.Add(text);
            }
        }
    }
}
