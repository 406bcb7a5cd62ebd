using System.Text.Json.Nodes;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Mapping;

public class TcpRouteMapperTests
{
    public static TheoryData<string, string> GoldenCases() => new()
    {
        { RepoPaths.Sample("postgres-route.yaml"), "Mapping/Golden/postgres-route.tcproute.yaml" },
        { RepoPaths.Sample("weighted-canary.yaml"), "Mapping/Golden/weighted-canary.tcproute.yaml" },
        { RepoPaths.TestData("Mapping/Golden/all-fields.manifest.yaml"), "Mapping/Golden/all-fields.tcproute.yaml" },
    };

    /// <summary>
    /// The rendered TCPRoute, byte for byte. To accept a deliberate change, set OPENMCF_UPDATE_GOLDEN=1 and review the diff.
    /// </summary>
    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Rendered_route_matches_the_golden_file(string manifestPath, string golden)
    {
        var route = Render(manifestPath);
        var actual = YamlText.Write([route]);
        var goldenPath = RepoPaths.TestData(golden);
        if (Environment.GetEnvironmentVariable("OPENMCF_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(goldenPath, actual);
        }

        Assert.Equal(File.ReadAllText(goldenPath), actual);
    }

    [Fact]
    public void Unset_fields_stay_unset_so_the_server_fills_its_defaults()
    {
        var route = Render(RepoPaths.Sample("postgres-route.yaml"));
        var parent = route["spec"]!["parentRefs"]![0]!.AsObject();
        Assert.Equal(["name", "sectionName"], parent.Select(p => p.Key));
        var backend = route["spec"]!["rules"]![0]!["backendRefs"]![0]!.AsObject();
        Assert.Equal(["name", "port"], backend.Select(p => p.Key));
        Assert.False(route["spec"]!.AsObject().ContainsKey("useDefaultGateways"));
    }

    [Fact]
    public void Route_carries_name_namespace_and_the_four_labels()
    {
        var route = Render(RepoPaths.Sample("weighted-canary.yaml"));
        Assert.Equal("gateway.networking.k8s.io/v1alpha2", (string?)route["apiVersion"]);
        Assert.Equal("TCPRoute", (string?)route["kind"]);
        Assert.Equal("broker-canary", (string?)route["metadata"]!["name"]);
        Assert.Equal("messaging", (string?)route["metadata"]!["namespace"]);
        var labels = route["metadata"]!["labels"]!.AsObject().ToDictionary(l => l.Key, l => (string?)l.Value);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["app.kubernetes.io/name"] = "tcproute",
                ["app.kubernetes.io/instance"] = "broker-canary",
                ["app.kubernetes.io/component"] = "tcproute",
                ["app.kubernetes.io/managed-by"] = "openmcf",
            },
            labels);
    }

    [Fact]
    public void Version_can_be_chosen()
    {
        var document = Read(RepoPaths.Sample("postgres-route.yaml"));
        var route = TcpRouteMapper.Map(document.Manifest!, "app-ns", "v1");
        Assert.Equal("gateway.networking.k8s.io/v1", (string?)route["apiVersion"]);
    }

    [Fact]
    public void ValueFrom_namespace_cannot_be_resolved_offline_and_says_so()
    {
        var yaml = ManifestText.Minimal.Replace("    value: app-ns", "    valueFrom:\n      name: app-namespace", StringComparison.Ordinal);
        var document = ManifestText.Read(yaml).Documents.Single();
        var (ns, problem, _) = NamespaceResolver.Resolve(document, []);
        Assert.Null(ns);
        Assert.NotNull(problem);
        Assert.Equal("spec.namespace.valueFrom", problem.Path);
        Assert.Contains("KubernetesNamespace \"app-namespace\"", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ManifestText.LineOf(yaml, "valueFrom:"), problem.Location.Line);
    }

    private static ManifestDocument Read(string path)
    {
        using var reader = new StreamReader(path);
        return ManifestReader.Read(path, reader).Documents.Single();
    }

    private static JsonObject Render(string path)
    {
        var document = Read(path);
        var (ns, problem, _) = NamespaceResolver.Resolve(document, []);
        Assert.Null(problem);
        return TcpRouteMapper.Map(document.Manifest!, ns!);
    }
}
