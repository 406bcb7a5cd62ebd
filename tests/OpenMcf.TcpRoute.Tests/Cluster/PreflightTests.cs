using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;
using OpenMcf.TcpRoute.Mapping;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Cluster;

/// <summary>Preflight's decisions on what a route refers to, against a cluster in memory.</summary>
public class PreflightTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RouteRequest Request(string yaml) => RoutePreparation.Prepare(ManifestText.Validate(yaml)).Requests.Single();

    private static JsonObject Gateway(params (string Name, string Protocol, int Port)[] listeners) => new()
    {
        ["spec"] = new JsonObject
        {
            ["listeners"] = new JsonArray(listeners
                .Select(l => (JsonNode)new JsonObject { ["name"] = l.Name, ["protocol"] = l.Protocol, ["port"] = (long)l.Port })
                .ToArray<JsonNode?>()),
        },
    };

    private static JsonObject Service(int port) =>
        new() { ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = (long)port }) } };

    /// <summary>Everything the minimal route needs: namespace app-ns, Gateway gw with a TCP listener, Service svc on 5432.</summary>
    private static InMemoryCluster Ready() => new()
    {
        Namespaces = { ["app-ns"] = new JsonObject() },
        Gateways = { ["app-ns/gw"] = Gateway(("tcp", "TCP", 5432)) },
        Services = { ["app-ns/svc"] = Service(5432) },
    };

    private static async Task<IReadOnlyList<Diagnostic>> Check(InMemoryCluster cluster, string? yaml = null) =>
        await new Preflight(cluster).CheckAsync(Request(yaml ?? ManifestText.Minimal), Token);

    [Fact]
    public async Task Nothing_to_say_when_everything_is_there()
    {
        Assert.Empty(await Check(Ready()));
    }

    [Fact]
    public async Task A_missing_namespace_or_Gateway_is_an_error_and_a_missing_Service_a_warning_on_its_field()
    {
        var cluster = Ready();
        cluster.Namespaces.Clear();
        cluster.Gateways.Clear();
        cluster.Services.Clear();
        var findings = await Check(cluster);
        Assert.Equal(["spec.namespace", "spec.parentRefs[0]", "spec.rules[0].backendRefs[0]"], findings.Select(f => f.Path));
        Assert.Equal([Severity.Error, Severity.Error, Severity.Warning], findings.Select(f => f.Severity));
    }

    [Fact]
    public async Task A_Gateway_without_a_TCP_listener_or_the_named_one_will_not_take_the_route()
    {
        var cluster = Ready();
        cluster.Gateways["app-ns/gw"] = Gateway(("web", "HTTP", 80));
        var http = Assert.Single(await Check(cluster));
        Assert.Contains("a TCPRoute needs protocol TCP", http.Message, StringComparison.Ordinal);

        var named = Assert.Single(await Check(Ready(), ManifestText.With("    - name: gw", "    - {name: gw, sectionName: tls}")));
        Assert.Contains("has no listener named \"tls\"; its listeners: tcp (TCP 5432)", named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Service_without_the_port_is_an_error_on_the_port()
    {
        var cluster = Ready();
        cluster.Services["app-ns/svc"] = Service(80);
        var finding = Assert.Single(await Check(cluster));
        Assert.Equal("spec.rules[0].backendRefs[0].port", finding.Path);
        Assert.Contains("has no port 5432; it exposes 80", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_cannot_be_read_is_a_warning_never_an_error()
    {
        var cluster = Ready();
        cluster.Unknown["gateway app-ns/gw"] = "no permission to get gateways.gateway.networking.k8s.io";
        var finding = Assert.Single(await Check(cluster));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("cannot check Gateway app-ns/gw: no permission", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_in_another_namespace_needs_a_ReferenceGrant_there()
    {
        var cluster = Ready();
        cluster.Services["data/svc"] = Service(5432);
        var yaml = ManifestText.With("          port: 5432", "          port: 5432\n          namespace: data");
        var missing = Assert.Single(await Check(cluster, yaml));
        Assert.Contains("no ReferenceGrant in \"data\" allows TCPRoutes from \"app-ns\"", missing.Message, StringComparison.Ordinal);

        cluster.Grants["data"] = [new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["from"] = new JsonArray(new JsonObject { ["group"] = GatewayApi.Group, ["kind"] = "TCPRoute", ["namespace"] = "app-ns" }),
                ["to"] = new JsonArray(new JsonObject { ["group"] = string.Empty, ["kind"] = "Service" }),
            },
        }];
        Assert.Empty(await Check(cluster, yaml));
    }

    [Fact]
    public async Task Every_read_of_a_route_is_in_flight_at_once_and_the_findings_keep_their_order()
    {
        // Nothing there: the namespace, two Gateways, a Service in another namespace and its ReferenceGrants (5 reads).
        var yaml = ManifestText
            .With("    - name: gw", "    - name: gw\n    - name: gw2")
            .Replace("          port: 5432", "          port: 5432\n          namespace: data", StringComparison.Ordinal);
        var findings = await Check(new InMemoryCluster { Gate = new Gate(together: 5) }, yaml);

        Assert.Equal(
            ["spec.namespace", "spec.parentRefs[0]", "spec.parentRefs[1]", "spec.rules[0].backendRefs[0]", "spec.rules[0].backendRefs[0]"],
            findings.Select(f => f.Path));
        Assert.Equal([Severity.Error, Severity.Error, Severity.Error, Severity.Warning, Severity.Error], findings.Select(f => f.Severity));
        Assert.Contains("Gateway app-ns/gw2 does not exist", findings[2].Message, StringComparison.Ordinal);
        Assert.Contains("no ReferenceGrant in \"data\"", findings[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parent_that_is_not_a_Gateway_is_not_checked_and_says_so()
    {
        var mesh = ManifestText.With("    - name: gw", "    - {name: mesh-svc, group: \"\", kind: Service}");
        var finding = Assert.Single(await Check(Ready(), mesh));
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("parent Service/mesh-svc is not a Gateway; not checked", finding.Message, StringComparison.Ordinal);
    }
}
