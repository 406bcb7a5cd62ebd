using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Cluster;

namespace OpenMcf.TcpRoute.Tests.Cluster;

public class ReferenceGrantTests
{
    private static JsonObject Grant(
        string fromKind = "TCPRoute", string fromNamespace = "apps", string toGroup = "", string toKind = "Service", string? toName = null)
    {
        var to = new JsonObject { ["group"] = toGroup, ["kind"] = toKind };
        if (toName is not null)
        {
            to["name"] = toName;
        }

        return new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["from"] = new JsonArray(
                    new JsonObject { ["group"] = "gateway.networking.k8s.io", ["kind"] = fromKind, ["namespace"] = fromNamespace }),
                ["to"] = new JsonArray(to),
            },
        };
    }

    [Fact]
    public void Grant_for_tcproutes_from_the_namespace_to_services_allows() => Assert.True(Preflight.Allows(Grant(), "apps", "db"));

    [Fact]
    public void Grant_naming_the_service_allows_only_that_service()
    {
        Assert.True(Preflight.Allows(Grant(toName: "db"), "apps", "db"));
        Assert.False(Preflight.Allows(Grant(toName: "cache"), "apps", "db"));
    }

    [Theory]
    [InlineData("HTTPRoute", "apps", "", "Service")]
    [InlineData("TCPRoute", "other", "", "Service")]
    [InlineData("TCPRoute", "apps", "example.com", "Service")]
    [InlineData("TCPRoute", "apps", "", "Secret")]
    public void Grant_for_something_else_does_not_allow(string fromKind, string fromNamespace, string toGroup, string toKind) =>
        Assert.False(Preflight.Allows(Grant(fromKind, fromNamespace, toGroup, toKind), "apps", "db"));
}
