using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Mapping;

/// <summary>A valid route manifest with its namespace resolved: ready to be mapped and sent.</summary>
public sealed record RouteRequest(ManifestDocument Document, TcpRouteManifest Manifest, string Namespace)
{
    public string Name => Manifest.Metadata!.Name!;
}

/// <summary>
/// Between validation and the cluster: resolves every route's namespace (values, or references
/// to KubernetesNamespace manifests of the same invocation) and refuses two manifests that would
/// produce the same route.
/// </summary>
public static class RoutePreparation
{
    public static (IReadOnlyList<RouteRequest> Requests, IReadOnlyList<Diagnostic> Problems) Prepare(ValidatedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var references = batch.Documents.Select(d => d.Document.Reference).OfType<ReferenceManifest>().ToList();
        var requests = new List<RouteRequest>();
        var problems = new List<Diagnostic>();
        var seen = new Dictionary<(string Namespace, string Name), RouteRequest>();
        foreach (var document in batch.Documents.Select(d => d.Document).Where(d => d.Manifest is not null))
        {
            var (ns, problem) = NamespaceResolver.Resolve(document, references);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            var request = new RouteRequest(document, document.Manifest!, ns!);
            if (seen.TryGetValue((request.Namespace, request.Name), out var first))
            {
                problems.Add(Diagnostic.Error(
                    document.SourceMap.Locate("metadata.name"),
                    "metadata.name",
                    $"route \"{request.Name}\" in namespace \"{request.Namespace}\" is already produced by {first.Document.Location}; each route may be given only once"));
                continue;
            }

            seen[(request.Namespace, request.Name)] = request;
            requests.Add(request);
        }

        return (requests, problems);
    }
}
