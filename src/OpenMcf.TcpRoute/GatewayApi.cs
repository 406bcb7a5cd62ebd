using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute;

/// <summary>
/// The Gateway API vocabulary in one place: the group, the kinds a TCPRoute refers to, and the
/// defaults the CRD fills in for a reference's group and kind (a parent is a Gateway, a backend a
/// core Service, unless the reference says otherwise).
/// </summary>
public static class GatewayApi
{
    public const string Group = "gateway.networking.k8s.io";
    public const string CoreGroup = "";
    public const string GatewayKind = "Gateway";
    public const string ServiceKind = "Service";
    public const string TcpRouteKind = "TCPRoute";
    public const string TcpRouteResource = "tcproutes";

    /// <summary>The version openmcf renders when nothing else decides: served by every channel that has TCPRoute up to v1.6.</summary>
    public const string DefaultVersion = "v1alpha2";

    /// <summary>TCPRoute's GA version (Gateway API v1.6): one rule per route.</summary>
    public const string V1 = "v1";

    /// <summary>The apiVersion of a TCPRoute of <paramref name="version"/>: always group/version.</summary>
    public static string GroupVersion(string version) => $"{Group}/{version}";

    /// <summary>The version of a group/version (a bare version is its own).</summary>
    public static string VersionOf(string apiVersion) =>
        Require(apiVersion)[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public static string GroupOf(ParentReference parent) => Require(parent).Group ?? Group;

    public static string KindOf(ParentReference parent) => Require(parent).Kind ?? GatewayKind;

    public static string GroupOf(BackendReference backend) => Require(backend).Group ?? CoreGroup;

    public static string KindOf(BackendReference backend) => Require(backend).Kind ?? ServiceKind;

    public static bool IsGateway(ParentReference parent) => GroupOf(parent) == Group && KindOf(parent) == GatewayKind;

    public static bool IsService(BackendReference backend) => GroupOf(backend).Length == 0 && KindOf(backend) == ServiceKind;

    private static T Require<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
