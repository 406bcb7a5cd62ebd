using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Mapping;

/// <summary>A valid route manifest with its namespace resolved: ready to be mapped and sent.</summary>
public sealed record RouteRequest(ManifestDocument Document, TcpRouteManifest Manifest, string Namespace)
{
    public string Name => Manifest.Metadata!.Name!;

    public RouteKey Key => new(Namespace, Name);
}

/// <summary>A TCPRoute's identity in a cluster: its namespace and name.</summary>
public readonly record struct RouteKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>The routes ready for the cluster, and the problems that stop them.</summary>
/// <param name="Unresolved">The problems that are only references to manifests not among the inputs (validate warns of these).</param>
/// <param name="ProblemOf">Each document's problem (at most one: a document with a problem is not looked at further).</param>
public sealed record PreparedRoutes(
    IReadOnlyList<RouteRequest> Requests,
    IReadOnlyList<Diagnostic> Problems,
    IReadOnlyCollection<Diagnostic> Unresolved,
    IReadOnlyDictionary<ManifestDocument, Diagnostic> ProblemOf)
{
    public void Deconstruct(out IReadOnlyList<RouteRequest> requests, out IReadOnlyList<Diagnostic> problems)
    {
        requests = Requests;
        problems = Problems;
    }
}

/// <summary>
/// Between validation and the cluster: resolves every route's namespace (values, or references
/// to KubernetesNamespace manifests of the same invocation) and refuses two manifests that would
/// produce the same route.
/// </summary>
public static class RoutePreparation
{
    public static PreparedRoutes Prepare(ValidatedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var references = batch.Documents.Select(d => d.Document.Reference).OfType<ReferenceManifest>().ToList();
        var requests = new List<RouteRequest>();
        var problems = new List<Diagnostic>();
        var unresolved = new List<Diagnostic>();
        var problemOf = new Dictionary<ManifestDocument, Diagnostic>(ReferenceEqualityComparer.Instance);
        var seen = new Dictionary<(string Namespace, string Name), RouteRequest>();
        foreach (var document in batch.Documents.Select(d => d.Document).Where(d => d.Manifest is not null))
        {
            var (ns, problem, missing) = NamespaceResolver.Resolve(document, references);
            if (problem is not null)
            {
                problems.Add(problem);
                problemOf[document] = problem;
                if (missing)
                {
                    unresolved.Add(problem);
                }

                continue;
            }

            var request = new RouteRequest(document, document.Manifest!, ns!);
            if (seen.TryGetValue((request.Namespace, request.Name), out var first))
            {
                var duplicate = Diagnostic.Error(
                    document.SourceMap.Locate("metadata.name"),
                    "metadata.name",
                    $"route \"{request.Name}\" in namespace \"{request.Namespace}\" is already produced by {first.Document.Location}; "
                        + "each route may be given only once");
                problems.Add(duplicate);
                problemOf[document] = duplicate;
                continue;
            }

            seen[(request.Namespace, request.Name)] = request;
            requests.Add(request);
        }

        return new PreparedRoutes(requests, problems, unresolved, problemOf);
    }
}
