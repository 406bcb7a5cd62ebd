using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.IntegrationTests;

/// <summary>openmcf check, and the preflight that apply runs first: each finding against real objects.</summary>
public class PreflightTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private async Task Gateway(string name, JsonObject listener, string? ns = null)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "gateway.networking.k8s.io/v1",
            ["kind"] = "Gateway",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns ?? Namespace },
            ["spec"] = new JsonObject { ["gatewayClassName"] = "openmcf-test", ["listeners"] = new JsonArray(listener) },
        };
        await CreateObject("gateways", body);
    }

    private async Task<string> OtherNamespace(Dictionary<string, string>? labels = null)
    {
        var name = $"{Namespace}-other";
        await Admin.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } },
            cancellationToken: Token);
        return name;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await Admin.CoreV1.DeleteNamespaceAsync($"{Namespace}-other", cancellationToken: CancellationToken.None);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Everything_in_place_checks_ok()
    {
        var run = (await Openmcf("check", "-f", Route("db"))).Exits(0);
        Assert.Equal($"tcproute.gateway.networking.k8s.io/db ok (namespace {Namespace})\n", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Missing_namespace_and_gateway_are_errors_and_a_missing_service_a_warning_at_their_field()
    {
        var rules = DefaultRules.Replace("name: postgres", "name: no-such-service", StringComparison.Ordinal);
        var path = Route("db", rules, "    - name: no-such-gateway\n");
        var run = (await Openmcf("check", "-f", path)).Exits(3);
        Assert.Contains(
            $"error: spec.parentRefs[0]: Gateway {Namespace}/no-such-gateway does not exist",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Contains(
            $"warning: spec.rules[0].backendRefs[0]: Service {Namespace}/no-such-service does not exist (yet); "
                + "the Gateway reports BackendNotFound until it does",
            run.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("1 error, 1 warning", run.Stdout, StringComparison.Ordinal);

        // A Service that arrives later in the pipeline does not stop the route; --strict makes it stop.
        var later = Route("later", rules);
        (await Openmcf("check", "-f", later)).Exits(0);
        (await Openmcf("check", "-f", later, "--strict")).Exits(3);
        var strict = (await Openmcf("apply", "-f", later, "--strict")).Exits(3);
        Assert.Contains("nothing was applied", strict.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("later"));
        (await Openmcf("apply", "-f", later)).Exits(0);
        Assert.NotNull(await LiveRoute("later"));

        var noNs = Manifest(File.ReadAllText(Route("db")).Replace($"value: {Namespace}", "value: no-such-ns", StringComparison.Ordinal));
        var ns = (await Openmcf("check", "-f", noNs)).Exits(3);
        Assert.Contains("error: spec.namespace: namespace \"no-such-ns\" does not exist", ns.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listener_must_match_sectionName_and_port_and_speak_TCP()
    {
        await Gateway("web", new JsonObject { ["name"] = "http", ["protocol"] = "HTTP", ["port"] = 80 });
        var wrongSection = Route("a", parentRefs: "    - name: my-gateway\n      sectionName: nope\n");
        var wrongName = (await Openmcf("check", "-f", wrongSection)).Exits(3);
        Assert.Contains("has no listener named \"nope\"; its listeners: tcp (TCP 5432)", wrongName.Stderr, StringComparison.Ordinal);

        var wrongPort = (await Openmcf("check", "-f", Route("b", parentRefs: "    - name: my-gateway\n      port: 6000\n"))).Exits(3);
        Assert.Contains("has no listener on port 6000", wrongPort.Stderr, StringComparison.Ordinal);

        var http = (await Openmcf("check", "-f", Route("c", parentRefs: "    - name: web\n"))).Exits(3);
        Assert.Contains("listener http has protocol HTTP; a TCPRoute needs protocol TCP", http.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedRoutes_kinds_and_namespaces_are_honoured()
    {
        await Gateway("kinds", new JsonObject
        {
            ["name"] = "tcp",
            ["protocol"] = "TCP",
            ["port"] = 5432,
            ["allowedRoutes"] = new JsonObject { ["kinds"] = new JsonArray(new JsonObject { ["kind"] = "TLSRoute" }) },
        });
        var kinds = (await Openmcf("check", "-f", Route("a", parentRefs: "    - name: kinds\n"))).Exits(3);
        Assert.Contains("admits only TLSRoute, not TCPRoute", kinds.Stderr, StringComparison.Ordinal);

        var other = await OtherNamespace();
        await Gateway("same", new JsonObject { ["name"] = "tcp", ["protocol"] = "TCP", ["port"] = 5432 }, other);
        var same = (await Openmcf("check", "-f", Route("b", parentRefs: $"    - name: same\n      namespace: {other}\n"))).Exits(3);
        Assert.Contains($"admits routes from its own namespace \"{other}\" only", same.Stderr, StringComparison.Ordinal);

        await Gateway("all", new JsonObject
        {
            ["name"] = "tcp",
            ["protocol"] = "TCP",
            ["port"] = 5432,
            ["allowedRoutes"] = new JsonObject { ["namespaces"] = new JsonObject { ["from"] = "All" } },
        }, other);
        (await Openmcf("check", "-f", Route("c", parentRefs: $"    - name: all\n      namespace: {other}\n"))).Exits(0);

        await Gateway("selector", new JsonObject
        {
            ["name"] = "tcp",
            ["protocol"] = "TCP",
            ["port"] = 5432,
            ["allowedRoutes"] = new JsonObject
            {
                ["namespaces"] = new JsonObject
                {
                    ["from"] = "Selector",
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["team"] = "db" } },
                },
            },
        }, other);
        var selected = Route("d", parentRefs: $"    - name: selector\n      namespace: {other}\n");
        var unlabelled = (await Openmcf("check", "-f", selected)).Exits(3);
        Assert.Contains($"namespace \"{Namespace}\" does not match", unlabelled.Stderr, StringComparison.Ordinal);
        var label = new V1Patch("{\"metadata\":{\"labels\":{\"team\":\"db\"}}}", V1Patch.PatchType.MergePatch);
        await Admin.CoreV1.PatchNamespaceAsync(label, Namespace, cancellationToken: Token);
        (await Openmcf("check", "-f", Route("d", parentRefs: $"    - name: selector\n      namespace: {other}\n"))).Exits(0);
    }

    [Fact]
    public async Task Service_port_and_cross_namespace_ReferenceGrant_are_checked()
    {
        var wrongPort = (await Openmcf("check", "-f", Route("a", DefaultRules.Replace("5432", "5433", StringComparison.Ordinal)))).Exits(3);
        Assert.Contains(
            $"error: spec.rules[0].backendRefs[0].port: Service {Namespace}/postgres has no port 5433; it exposes 5432",
            wrongPort.Stderr,
            StringComparison.Ordinal);

        var other = await OtherNamespace();
        await CreateService("shared-db", 5432, other);
        var crossRules = DefaultRules.Replace("name: postgres", $"name: shared-db\n          namespace: {other}", StringComparison.Ordinal);
        var noGrant = (await Openmcf("check", "-f", Route("b", crossRules))).Exits(3);
        Assert.Contains(
            $"no ReferenceGrant in \"{other}\" allows TCPRoutes from \"{Namespace}\"",
            noGrant.Stderr,
            StringComparison.Ordinal);

        // Granting is covered by a unit test (ReferenceGrantTests): Kubernetes 1.20, our local
        // server, refuses to store a ReferenceGrant whose `to.group` is "" (the core group).
    }


    [Fact]
    public async Task Apply_stops_on_preflight_errors_unless_skipped()
    {
        var path = Route("db", parentRefs: "    - name: no-such-gateway\n");
        var run = (await Openmcf("apply", "-f", path, "-f", Route("fine"))).Exits(3);
        Assert.Contains("preflight found 1 error; nothing was applied", run.Stderr, StringComparison.Ordinal);
        Assert.Null(await LiveRoute("db"));
        Assert.Null(await LiveRoute("fine"));

        (await Openmcf("apply", "-f", path, "--skip-preflight")).Exits(0);
        Assert.NotNull(await LiveRoute("db"));
    }

    [Fact]
    public async Task Missing_read_rights_give_warnings_not_failures()
    {
        if (Cluster.NoRightsContext is null)
        {
            Assert.Skip($"the {Cluster.Provider} kubeconfig has no user without rights");
        }

        var run = (await Openmcf("check", "-f", Route("db"), "--context", Cluster.NoRightsContext)).Exits(0);
        Assert.Contains("warning: spec.namespace: cannot check namespace", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no permission to get gateways.gateway.networking.k8s.io", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ok, 3 warnings", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_object_is_read_once_however_many_routes_refer_to_it()
    {
        var yaml = string.Join("\n---\n", Enumerable.Range(0, 40).Select(i => File.ReadAllText(Route($"r{i}"))));
        var batch = ValidatedBatch.From(ManifestReader.Read("bulk.yaml", new StringReader(yaml)));
        var (requests, problems) = RoutePreparation.Prepare(batch);
        Assert.Empty(problems);
        using var connection = ClusterConnection.Open(new ConnectionSettings(Cluster.Kubeconfig, null, TimeSpan.FromSeconds(30)), null);
        var preflight = new Preflight(new ClusterLookups(connection));

        // Concurrently, as RouteRunner checks a batch: the 40 routes ask for the same three objects at once.
        var findings = await Task.WhenAll(requests.Select(r => preflight.CheckAsync(r, Token)));

        Assert.All(findings, Assert.Empty);
        IReadOnlyDictionary<string, int> expected = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            [$"GET /api/v1/namespaces/{Namespace}"] = 1,
            [$"GET /apis/gateway.networking.k8s.io/v1/namespaces/{Namespace}/gateways/my-gateway"] = 1,
            [$"GET /api/v1/namespaces/{Namespace}/services/postgres"] = 1,
        };
        Assert.Equal(expected, connection.Requests.Counts);
    }
}
