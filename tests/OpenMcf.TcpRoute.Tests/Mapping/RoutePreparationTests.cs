using OpenMcf.TcpRoute.Mapping;

namespace OpenMcf.TcpRoute.Tests.Mapping;

public class RoutePreparationTests
{
    private static readonly string RouteWithReference =
        ManifestText.Minimal.Replace("    value: app-ns", "    valueFrom:\n      name: team-ns", StringComparison.Ordinal);

    private const string TeamNamespace = """
        apiVersion: kubernetes.openmcf.org/v1
        kind: KubernetesNamespace
        metadata:
          name: team-ns
        spec:
          name: team-a
          labels: {cost-center: "42"}
          resource_profile:
            preset: small
        """;

    [Fact]
    public void ValueFrom_takes_spec_name_of_the_KubernetesNamespace_given_alongside()
    {
        var batch = ManifestText.Validate(TeamNamespace + "\n---\n" + RouteWithReference);
        Assert.True(batch.IsValid);
        var (requests, problems) = RoutePreparation.Prepare(batch);
        Assert.Empty(problems);
        var request = Assert.Single(requests);
        Assert.Equal("team-a", request.Namespace);
    }

    [Fact]
    public void ValueFrom_with_a_fieldPath_takes_that_field()
    {
        var route = RouteWithReference.Replace(
            "      name: team-ns", "      name: team-ns\n      fieldPath: metadata.name", StringComparison.Ordinal);
        var (requests, _) = RoutePreparation.Prepare(ManifestText.Validate(TeamNamespace + "\n---\n" + route));
        Assert.Equal("team-ns", Assert.Single(requests).Namespace);
    }

    [Fact]
    public void Missing_referenced_manifest_is_an_input_error_naming_it()
    {
        var (requests, problems) = RoutePreparation.Prepare(ManifestText.Validate(RouteWithReference));
        Assert.Empty(requests);
        var problem = Assert.Single(problems);
        Assert.Equal("spec.namespace.valueFrom", problem.Path);
        Assert.Contains("KubernetesNamespace \"team-ns\", which is not among the inputs", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Referenced_field_that_is_missing_or_not_a_namespace_is_reported()
    {
        var noName = TeamNamespace.Replace("  name: team-a\n", string.Empty, StringComparison.Ordinal);
        var (_, missing) = RoutePreparation.Prepare(ManifestText.Validate(noName + "\n---\n" + RouteWithReference));
        Assert.Contains("has no spec.name", Assert.Single(missing).Message, StringComparison.Ordinal);

        var badName = TeamNamespace.Replace("name: team-a", "name: Team_A", StringComparison.Ordinal);
        var (_, bad) = RoutePreparation.Prepare(ManifestText.Validate(badName + "\n---\n" + RouteWithReference));
        Assert.Contains("\"Team_A\" (spec.name), which is not a valid namespace name",
            Assert.Single(bad).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_manifests_for_the_same_route_are_an_input_error()
    {
        var (requests, problems) = RoutePreparation.Prepare(ManifestText.Validate(ManifestText.Minimal + "\n---\n" + ManifestText.Minimal));
        Assert.Single(requests);
        var problem = Assert.Single(problems);
        Assert.Contains("route \"route\" in namespace \"app-ns\" is already produced by test.yaml:1:1",
            problem.Message, StringComparison.Ordinal);
        Assert.Equal(18, problem.Location.Line);
    }
}
