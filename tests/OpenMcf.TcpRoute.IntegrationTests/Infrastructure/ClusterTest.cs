using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.Tests.Cli;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// Base of every cluster test: requires the cluster, gives each test its own namespace (deleted
/// afterwards), and runs the real CLI in-process against the fixture's kubeconfig.
/// </summary>
public abstract class ClusterTest(ClusterFixture cluster) : IAsyncLifetime
{
    private readonly List<string> _files = [];

    protected ClusterFixture Cluster { get; } = cluster;

    protected IKubernetes Admin => Cluster.Admin;

    /// <summary>The API server's https URL, for relays put in front of it.</summary>
    protected Uri ApiServer => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Cluster.Kubeconfig).Host);

    protected string Namespace { get; private set; } = string.Empty;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Cluster.RequireCluster();
        var prefix = new string(GetType().Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        Namespace = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await Admin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: Token);

        // What the test routes refer to, so that preflight passes unless a test says otherwise.
        await CreateGateway("my-gateway", ("tcp", "TCP", 5432));
        foreach (var (service, port) in new[] { ("postgres", 5432), ("postgres-replica", 5432), ("stable", 9092), ("canary", 9092) })
        {
            await CreateService(service, port);
        }
    }

    protected async Task CreateService(string name, int port, string? ns = null, IKubernetes? on = null) =>
        await (on ?? Admin).CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = name },
                // Headless: the test cluster runs no controllers, so deleted namespaces never free service IPs.
                Spec = new V1ServiceSpec { ClusterIP = "None", Ports = [new V1ServicePort { Name = "p", Protocol = "TCP", Port = port }] },
            },
            ns ?? Namespace,
            cancellationToken: Token);

    /// <summary>A Gateway whose listeners admit TCPRoutes from its own namespace (the Gateway API default).</summary>
    protected async Task CreateGateway(string name, params (string Name, string Protocol, int Port)[] listeners)
    {
        if (!await GatewayApiCrds.TcpRouteServedAsync(Admin, Token))
        {
            return;
        }

        await CreateObject("gateways", GatewayObject(name, listeners));
    }

    /// <summary>A Gateway in this test's namespace, with the given listeners.</summary>
    protected JsonObject GatewayObject(string name, params (string Name, string Protocol, int Port)[] listeners) => new()
    {
        ["apiVersion"] = "gateway.networking.k8s.io/v1",
        ["kind"] = "Gateway",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["gatewayClassName"] = "openmcf-test",
            ["listeners"] = new JsonArray(listeners
                    .Select(l => (JsonNode)new JsonObject { ["name"] = l.Name, ["protocol"] = l.Protocol, ["port"] = l.Port })
                    .ToArray<JsonNode?>()),
        },
    };

    protected async Task CreateObject(string plural, JsonObject body, string version = "v1") =>
        await Admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            body,
            GatewayApiCrds.Group,
            version,
            (string?)body["metadata"]!["namespace"] ?? Namespace,
            plural,
            cancellationToken: Token);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        if (Namespace.Length > 0 && Cluster.Admin is not null)
        {
            // The test cluster has no namespace controller, so a deleted namespace keeps its routes and
            // Gateways; delete them here, or removing the CRDs later has thousands to wade through (a CRD
            // switch waits until every object of every Gateway API CRD is gone).
            foreach (var (version, plural) in new[] { ("v1alpha2", "tcproutes"), ("v1", "gateways") })
            {
                try
                {
                    await Admin.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(
                        GatewayApiCrds.Group, version, Namespace, plural, cancellationToken: CancellationToken.None);
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    // The CRD (or this version) is not served: nothing of it to delete.
                }
            }

            try
            {
                await Admin.CoreV1.DeleteNamespaceAsync(Namespace, cancellationToken: CancellationToken.None);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                // Already gone, or the cluster is being switched: nothing to clean.
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs openmcf with --kubeconfig set to the fixture's admin kubeconfig (unless the args set one).</summary>
    private protected Task<CliRun> Openmcf(params string[] args) =>
        CliRun.Of(args.Contains("--kubeconfig") ? args : [.. args, "--kubeconfig", Cluster.Kubeconfig]);

    /// <summary>Writes a manifest to a temporary file that is removed after the test.</summary>
    protected string Manifest(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"openmcf-it-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        _files.Add(path);
        return path;
    }

    /// <summary>A route in this test's namespace; rules is YAML for spec.rules' items, indented by four spaces.</summary>
    protected string Route(
        string name, string rules = DefaultRules, string? parentRefs = "    - name: my-gateway\n      sectionName: tcp\n") =>
        Manifest($"""
            apiVersion: kubernetes.openmcf.org/v1
            kind: KubernetesTcpRoute
            metadata:
              name: {name}
            spec:
              namespace:
                value: {Namespace}
            {(parentRefs is null ? string.Empty : "  parentRefs:\n" + parentRefs)}  rules:
            {rules}
            """);

    protected const string DefaultRules = """
            - name: forward
              backendRefs:
                - name: postgres
                  port: 5432
        """;

    /// <summary>
    /// A TCPRoute object in this test's namespace as another tool would write it: one rule (named
    /// <paramref name="ruleName"/>) sending to postgres:<paramref name="port"/>, labelled part of
    /// <paramref name="partOf"/> when given.
    /// </summary>
    protected JsonObject TcpRouteObject(string name, int port = 5432, string? ruleName = null, string? partOf = null)
    {
        var rule = new JsonObject { ["backendRefs"] = new JsonArray(new JsonObject { ["name"] = "postgres", ["port"] = port }) };
        if (ruleName is not null)
        {
            rule["name"] = ruleName;
        }

        var metadata = new JsonObject { ["name"] = name, ["namespace"] = Namespace };
        if (partOf is not null)
        {
            metadata["labels"] = new JsonObject { ["applyset.kubernetes.io/part-of"] = partOf };
        }

        return new JsonObject
        {
            ["apiVersion"] = "gateway.networking.k8s.io/v1alpha2",
            ["kind"] = "TCPRoute",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["rules"] = new JsonArray(rule) },
        };
    }

    /// <summary>Another field manager changes a route: a JSON merge patch (an Update), or a server-side apply (forced or not).</summary>
    protected async Task PatchAs(string manager, string route, JsonObject body, V1Patch.PatchType type, bool force = false) =>
        await Admin.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body.ToJsonString(), type),
            GatewayApiCrds.Group,
            "v1alpha2",
            Namespace,
            "tcproutes",
            route,
            fieldManager: manager,
            force: force ? true : null,
            cancellationToken: Token);

    /// <summary>The controllerName of the Gateway controller the tests play.</summary>
    protected const string Controller = "example.org/test-controller";

    protected static readonly (string, string, string)[] AllGood =
        [("Accepted", "True", "Accepted"), ("ResolvedRefs", "True", "ResolvedRefs")];

    /// <summary>Plays the Gateway controller: writes status.parents[] through the status subresource.</summary>
    protected Task WriteStatus(string route, params JsonObject[] parents) => WriteStatusOn(Admin, route, parents);

    /// <summary>Plays the Gateway controller of another cluster.</summary>
    protected async Task WriteStatusOn(IKubernetes client, string route, params JsonObject[] parents)
    {
        var patch = new JsonObject
        {
            ["status"] = new JsonObject { ["parents"] = new JsonArray(parents.Select(p => (JsonNode)p).ToArray<JsonNode?>()) },
        };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            GatewayApiCrds.Group,
            "v1alpha2",
            Namespace,
            "tcproutes",
            route,
            cancellationToken: Token);
    }

    /// <summary>One status.parents[] entry, as a controller writes it.</summary>
    protected JsonObject Parent(
        long generation,
        (string Type, string Status, string Reason)[] conditions,
        string gateway = "my-gateway",
        string? sectionName = "tcp")
    {
        var parentRef = new JsonObject
        {
            ["group"] = "gateway.networking.k8s.io",
            ["kind"] = "Gateway",
            ["namespace"] = Namespace,
            ["name"] = gateway,
        };
        if (sectionName is not null)
        {
            parentRef["sectionName"] = sectionName;
        }

        return new JsonObject
        {
            ["parentRef"] = parentRef,
            ["controllerName"] = Controller,
            ["conditions"] = new JsonArray(conditions.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["reason"] = c.Reason,
                ["message"] = c.Status == "True" ? "ok" : $"test controller says {c.Reason}",
                ["observedGeneration"] = generation,
                ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
            }).ToArray<JsonNode?>()),
        };
    }

    /// <summary>How many TCPRoutes this test's namespace holds.</summary>
    protected async Task<int> LiveCount()
    {
        var list = await Admin.CustomObjects.ListNamespacedCustomObjectAsync(
            GatewayApiCrds.Group, "v1alpha2", Namespace, "tcproutes", cancellationToken: Token);
        return JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray().Count;
    }

    /// <summary>The live TCPRoute as JSON, or null when it does not exist.</summary>
    protected async Task<JsonObject?> LiveRoute(string name, string version = "v1alpha2")
    {
        try
        {
            var body = await Admin.CustomObjects.GetNamespacedCustomObjectAsync(
                GatewayApiCrds.Group, version, Namespace, "tcproutes", name, Token);
            return JsonNode.Parse(KubernetesJson.Serialize(body))!.AsObject();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
