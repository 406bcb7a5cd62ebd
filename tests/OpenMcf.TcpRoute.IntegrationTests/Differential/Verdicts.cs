using System.Collections.Concurrent;
using System.Text;
using k8s;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.IntegrationTests.Differential;

/// <summary>What openmcf and the API server each said of one case.</summary>
internal sealed record Verdict(
    RouteCase Case, bool OpenmcfAccepts, IReadOnlyList<Diagnostic> Errors, bool ServerAccepts, string ServerAnswer)
{
    /// <summary>How long the server took to answer.</summary>
    public double Milliseconds { get; init; }

    /// <summary>openmcf refuses only for rules it is stricter on by design (see <see cref="StricterRules"/>).</summary>
    public bool RefusedOnPurpose => !OpenmcfAccepts && Errors.Count > 0 && Errors.All(e => e.Rule is not null);

    public string Describe(string version) => new StringBuilder()
        .AppendLine($"case \"{Case.Label}\": openmcf {(OpenmcfAccepts ? "accepts" : "rejects")}, "
            + $"server {(ServerAccepts ? "accepts" : "rejects")} ({Shorten(ServerAnswer)})")
        .AppendJoin('\n', Errors.Select(e => $"  openmcf: {Shorten(e.ToString())}{(e.Rule is null ? string.Empty : $" [{e.Rule}]")}"))
        .AppendLine()
        .AppendLine("  manifest: " + Shorten(Case.Route.ManifestYaml().Replace("\n", " | ", StringComparison.Ordinal)))
        .AppendLine("  tcproute: " + Shorten(Case.Route.TcpRouteYaml(version).Replace("\n", " | ", StringComparison.Ordinal)))
        .ToString();

    private static string Shorten(string s) => s.Length <= 400 ? s : s[..397] + "...";
}

/// <summary>
/// Asks both sides. openmcf: read, validate (for the version the route is rendered as) and
/// resolve the namespace, exactly as apply does. The server: a server-side apply dry run with
/// fieldValidation=Strict of what would reach it: openmcf's own rendering, sent as openmcf sends
/// it, when openmcf accepts; otherwise the TCPRoute a user would write with the same literals.
/// </summary>
internal static class Verdicts
{
    public static async Task<IReadOnlyList<Verdict>> CollectAsync(
        IKubernetes client, IEnumerable<RouteCase> cases, string version, CancellationToken cancellationToken)
    {
        var verdicts = new ConcurrentBag<Verdict>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(cases, options, async (c, ct) =>
        {
            var (accepts, errors, body) = Openmcf(c, version);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (serverAccepts, answer) = await ServerAsync(client, c.Route, body ?? c.Route.TcpRouteYaml(version), version, ct);
            verdicts.Add(new Verdict(c, accepts, errors, serverAccepts, answer) { Milliseconds = clock.Elapsed.TotalMilliseconds });
        });
        return [.. verdicts];
    }

    /// <summary>
    /// Whether the server enforces the CRDs' CEL rules (Kubernetes 1.25 and later do; 1.20 does not):
    /// a Service backend without a port is refused with 422 by CEL alone. Asked in whichever version is served.
    /// </summary>
    public static async Task<bool> EnforcesCelAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        var route = new GeneratedRoute
        {
            Name = "cel-probe",
            Namespace = ns,
            Rules = [new GeneratedRoute.Rule { BackendRefs = [new GeneratedRoute.Fields { ["name"] = "svc" }] }],
        };
        foreach (var version in new[] { GatewayApi.DefaultVersion, GatewayApi.V1 })
        {
            var (accepted, answer) = await ServerAsync(client, route, route.TcpRouteYaml(version), version, cancellationToken);
            if (accepted || answer.StartsWith("422", StringComparison.Ordinal))
            {
                return !accepted;
            }

            if (!answer.StartsWith("404", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"cannot tell whether the server enforces CEL: {answer}");
            }
        }

        throw new InvalidOperationException("the cluster serves TCPRoute in neither v1alpha2 nor v1; cannot tell whether it enforces CEL");
    }

    private static (bool Accepts, IReadOnlyList<Diagnostic> Errors, string? Body) Openmcf(RouteCase c, string version)
    {
        var batch = ValidatedBatch.From(ManifestReader.Read("case.yaml", new StringReader(c.Route.ManifestYaml())), version);
        var errors = batch.InputDiagnostics
            .Concat(batch.Documents.SelectMany(d => d.Diagnostics))
            .Where(d => d.Severity == Severity.Error)
            .ToList();
        if (!batch.IsValid)
        {
            return (false, errors, null);
        }

        var prepared = RoutePreparation.Prepare(batch);
        if (prepared.Problems.Count > 0)
        {
            return (false, prepared.Problems, null);
        }

        var request = prepared.Requests.Single();
        return (true, [], ApplyPatchBody.Write(TcpRouteMapper.Map(request.Manifest, request.Namespace, version)));
    }

    /// <summary>
    /// A raw request, not the client's typed one: the client re-reads a patch body as JSON, and the
    /// TCPRoute a user writes is YAML (0x50, 0120), which is what the server must judge here.
    /// </summary>
    private static async Task<(bool Accepts, string Answer)> ServerAsync(
        IKubernetes client, GeneratedRoute route, string body, string version, CancellationToken cancellationToken)
    {
        var kubernetes = (Kubernetes)client;
        var path = $"apis/{GatewayApi.Group}/{version}/namespaces/{Uri.EscapeDataString(route.Namespace)}"
            + $"/{GatewayApi.TcpRouteResource}/{Uri.EscapeDataString(route.Name)}"
            + "?dryRun=All&fieldManager=differential&fieldValidation=Strict&force=true";
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(kubernetes.BaseUri, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml"),
        };
        if (kubernetes.Credentials is not null)
        {
            await kubernetes.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        // The client's handlers retry 429 and 503 (the aggregator's answer for a moment after the CRDs
        // change). A name with a newline stays 503 through the 1.20 aggregator ("invalid header field
        // value"): a refusal all the same, as a route that cannot be addressed.
        using var response = await kubernetes.HttpClient.SendAsync(request, cancellationToken);
        var code = (int)response.StatusCode;
        var answer = $"{code} {await response.Content.ReadAsStringAsync(cancellationToken)}";
        return IsVerdict(code, answer)
            ? (response.IsSuccessStatusCode, answer)
            : throw new InvalidOperationException($"the server gave no verdict on \"{route.Name}\" (a transient answer?): {answer}");
    }

    /// <summary>
    /// Whether an answer judges the route: accepted, or refused for what it is (400, 404 for a namespace that
    /// cannot exist, 405, 422, 500 "failed to create typed patch object", and the aggregator's 503 for a name that
    /// cannot even be put in a URL). Anything else (429, other 5xx) says nothing about the route.
    /// </summary>
    private static bool IsVerdict(int code, string answer) => code switch
    {
        >= 200 and < 300 or 400 or 404 or 405 or 422 => true,
        // Server-side apply types the patch before validation: an unknown field or a value of the wrong type.
        500 => answer.Contains("failed to create typed patch object", StringComparison.Ordinal),
        503 => answer.Contains("invalid header field value", StringComparison.Ordinal),
        _ => false,
    };
}
