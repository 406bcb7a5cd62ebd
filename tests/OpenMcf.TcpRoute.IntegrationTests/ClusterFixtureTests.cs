using k8s;
using OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

namespace OpenMcf.TcpRoute.IntegrationTests;

public class ClusterFixtureTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task Fixture_reaches_a_real_api_server()
    {
        var version = await Admin.Version.GetCodeAsync(Token);
        Assert.False(string.IsNullOrEmpty(version.GitVersion));
        var ns = await Admin.CoreV1.ReadNamespaceAsync(Namespace, cancellationToken: Token);
        Assert.Equal("Active", ns.Status.Phase);
    }

    [Fact]
    public async Task TcpRoute_crd_is_served_as_v1alpha2()
    {
        var resources = await Admin.CustomObjects.GetAPIResourcesAsync(GatewayApiCrds.Group, "v1alpha2", Token);
        Assert.Contains(resources.Resources, r => r.Name == "tcproutes" && r.Namespaced);
    }
}
