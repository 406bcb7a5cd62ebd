using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>The ApplySet calls over the official client: the parent Secret or ConfigMap, and the members by label.</summary>
public sealed class KubernetesSetStore(ClusterConnection connection) : IApplySetStore
{
    private static readonly string Members = $"{GatewayApi.TcpRouteResource}.{GatewayApi.Group}";

    public async Task<ClusterAnswer<SetParent>> ReadParentAsync(ApplySet applySet, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = applySet.Kind == SetParentKind.Secret
                ? (await connection.Client.CoreV1.ReadNamespacedSecretAsync(
                    applySet.Name, applySet.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                : (await connection.Client.CoreV1.ReadNamespacedConfigMapAsync(
                    applySet.Name, applySet.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            return ClusterAnswer.Of(ParentOf(applySet, metadata), []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Absent, or its namespace is: the write that follows says which, in its own words.
            return ClusterAnswer.Of(SetParent.Absent, []);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ClusterAnswer.Failed<SetParent>(Translate(e, "get", applySet), []);
        }
    }

    /// <summary>
    /// Creates the parent (failing if somebody else just did), or server-side applies it on the condition that it is
    /// still at the resourceVersion read. Either way the answer is the parent as written.
    /// </summary>
    public async Task<ClusterAnswer<SetParent>> WriteParentAsync(
        ApplySet applySet, SetParentUpdate update, CancellationToken cancellationToken)
    {
        var metadata = new V1ObjectMeta
        {
            Name = applySet.Name,
            NamespaceProperty = applySet.Namespace,
            ResourceVersion = update.ResourceVersion,
            Labels = new Dictionary<string, string> { [ApplySet.IdLabel] = applySet.Id },
            Annotations = new Dictionary<string, string>
            {
                [ApplySet.ToolingAnnotation] = $"{ApplySet.ToolName}/{ToolVersion}",
                [ApplySet.GroupKindsAnnotation] = ApplySet.GroupKind,
                [ApplySet.AdditionalNamespacesAnnotation] = string.Join(
                    ',', update.Namespaces.Where(n => n != applySet.Namespace).Distinct().Order(StringComparer.Ordinal)),
                [ApplySet.LeaseAnnotation] = update.Lease.ToString(),
            },
        };
        var verb = update.ResourceVersion is null ? "create" : "patch";
        try
        {
            var written = (applySet.Kind, update.ResourceVersion) switch
            {
                (SetParentKind.Secret, null) => (await connection.Client.CoreV1.CreateNamespacedSecretAsync(
                    new V1Secret { Metadata = metadata }, applySet.Namespace, fieldManager: ApplySet.FieldManager,
                    cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                (SetParentKind.ConfigMap, null) => (await connection.Client.CoreV1.CreateNamespacedConfigMapAsync(
                    new V1ConfigMap { Metadata = metadata }, applySet.Namespace, fieldManager: ApplySet.FieldManager,
                    cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                (SetParentKind.Secret, _) => (await connection.Client.CoreV1.PatchNamespacedSecretAsync(
                    Apply(applySet, metadata), applySet.Name, applySet.Namespace, fieldManager: ApplySet.FieldManager, force: true,
                    cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
                _ => (await connection.Client.CoreV1.PatchNamespacedConfigMapAsync(
                    Apply(applySet, metadata), applySet.Name, applySet.Namespace, fieldManager: ApplySet.FieldManager, force: true,
                    cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata,
            };
            return ClusterAnswer.Of(ParentOf(applySet, written), []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return ClusterAnswer.Failed<SetParent>(
                new ClusterError(
                    ClusterErrorKind.SetBusy,
                    $"{applySet.Parent} was changed by someone else since this run read it (another openmcf run?)"),
                []);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ClusterAnswer.Failed<SetParent>(Translate(e, verb, applySet), []);
        }
    }

    public async Task<ClusterAnswer<Destroyed>> DeleteParentAsync(
        ApplySet applySet, string resourceVersion, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = resourceVersion } };
        try
        {
            if (applySet.Kind == SetParentKind.Secret)
            {
                await connection.Client.CoreV1.DeleteNamespacedSecretAsync(
                    applySet.Name, applySet.Namespace, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await connection.Client.CoreV1.DeleteNamespacedConfigMapAsync(
                    applySet.Name, applySet.Namespace, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return ClusterAnswer.Of(new Destroyed(DestroyAction.Deleted), []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return ClusterAnswer.Of(new Destroyed(DestroyAction.Absent), []);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ClusterAnswer.Failed<Destroyed>(Translate(e, "delete", applySet), []);
        }
    }

    /// <summary>The routes of one namespace that carry the set's label, read with a label selector from etcd (not the cache).</summary>
    public async Task<ClusterAnswer<IReadOnlyList<SetMember>>> ListMembersAsync(
        string version, string ns, string setId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await connection.Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                GatewayApi.Group,
                version,
                ns,
                GatewayApi.TcpRouteResource,
                labelSelector: $"{ApplySet.PartOfLabel}={setId}",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var list = response.Body is JsonElement e
                ? JsonNode.Parse(e.GetRawText())
                : JsonNode.Parse(KubernetesJson.Serialize(response.Body));
            var members = (list?["items"]?.AsArray() ?? []).OfType<JsonObject>()
                .Select(item => item["metadata"])
                .Where(m => (string?)m?["name"] is not null && (string?)m?["uid"] is not null)
                .Select(m => new SetMember(
                    new RouteKey(ns, (string)m!["name"]!),
                    (string)m["uid"]!,
                    (string?)m["resourceVersion"] ?? string.Empty,
                    (string?)m["labels"]?[ApplySet.PartOfLabel],
                    LabelAppliers(m)))
                .ToList();
            return ClusterAnswer.Of<IReadOnlyList<SetMember>>(members, []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && IsNamespaceMissing(e))
        {
            // A namespace that is gone holds no member.
            return ClusterAnswer.Of<IReadOnlyList<SetMember>>([], []);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ClusterAnswer.Failed<IReadOnlyList<SetMember>>(
                ApiErrors.Translate(e, connection, new RequestContext("list", Members, ns, null)), []);
        }
    }

    /// <summary>
    /// Deletes a member on the condition that it is still the object listed (uid) and unchanged since (resourceVersion):
    /// a route re-made or re-applied in between is kept, and reported.
    /// </summary>
    public async Task<ClusterAnswer<Destroyed>> DeleteMemberAsync(
        string version, SetMember member, bool dryRun, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            Preconditions = new V1Preconditions { Uid = member.Uid, ResourceVersion = member.ResourceVersion },
            DryRun = dryRun ? ["All"] : null,
        };
        var (ns, name) = member.Route;
        try
        {
            using var response = await connection.Client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(
                GatewayApi.Group,
                version,
                ns,
                GatewayApi.TcpRouteResource,
                name,
                options,
                dryRun: dryRun ? "All" : null,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return ClusterAnswer.Of(new Destroyed(DestroyAction.Deleted), []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return ClusterAnswer.Of(new Destroyed(DestroyAction.Absent), []);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return ClusterAnswer.Failed<Destroyed>(
                new ClusterError(
                    ClusterErrorKind.Changed,
                    "not deleted: the route changed after it was listed (re-made, re-applied or its status written); run again"),
                []);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return ClusterAnswer.Failed<Destroyed>(ApiErrors.Translate(e, connection, new RequestContext("delete", Members, ns, name)), []);
        }
    }

    /// <summary>The managers whose Apply entry owns the part-of label (fieldsV1 f:metadata.f:labels.f:applyset...part-of).</summary>
    private static string[] LabelAppliers(JsonNode metadata) =>
    [
        .. (metadata["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => (string?)e["operation"] == "Apply"
                && e["fieldsV1"]?["f:metadata"]?["f:labels"]?[$"f:{ApplySet.PartOfLabel}"] is not null)
            .Select(e => (string?)e["manager"] ?? string.Empty),
    ];

    private static string ToolVersion =>
        typeof(KubernetesSetStore).Assembly.GetName().Version is { } v ? $"v{v.Major}.{v.Minor}.{v.Build}" : "v0";

    private static V1Patch Apply(ApplySet applySet, V1ObjectMeta metadata)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = applySet.Kind.ToString(),
            ["metadata"] = JsonNode.Parse(KubernetesJson.Serialize(metadata)),
        };
        return new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
    }

    private static SetParent ParentOf(ApplySet applySet, V1ObjectMeta? metadata)
    {
        IDictionary<string, string> annotations = metadata?.Annotations ?? new Dictionary<string, string>();
        var labels = metadata?.Labels ?? new Dictionary<string, string>();
        string[] Split(string key) =>
            annotations.TryGetValue(key, out var value) ? value.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        return new SetParent(
            true,
            labels.TryGetValue(ApplySet.IdLabel, out var id) ? id : null,
            annotations.TryGetValue(ApplySet.ToolingAnnotation, out var tooling) ? tooling : null,
            Split(ApplySet.GroupKindsAnnotation),
            [applySet.Namespace, .. Split(ApplySet.AdditionalNamespacesAnnotation).Where(n => n != applySet.Namespace)],
            SetLease.Parse(annotations.TryGetValue(ApplySet.LeaseAnnotation, out var lease) ? lease : null),
            metadata?.ResourceVersion);
    }

    private ClusterError Translate(Exception e, string verb, ApplySet applySet) =>
        ApiErrors.Translate(
            e,
            connection,
            new RequestContext(verb, applySet.Kind == SetParentKind.Secret ? "secrets" : "configmaps", applySet.Namespace, applySet.Name));

    // A 404 for a missing namespace names kind "namespaces"; a missing type is a bare 404 and is an error.
    private static bool IsNamespaceMissing(HttpOperationException e) =>
        e.Response.Content is { } content && content.Contains("\"kind\":\"namespaces\"", StringComparison.Ordinal);
}
