namespace OpenMcf.TcpRoute.Validation;

/// <summary>
/// The rules on which openmcf refuses what the API server would accept, each on purpose. Every
/// other rule of the validator is one the server enforces too; the differential test against a
/// current API server holds us to that, and the README lists these with their reasons.
/// </summary>
public static class StricterRules
{
    /// <summary>A Service backend's name must be a DNS-1035 label: no Service can have another name.</summary>
    public const string ServiceName = "service-name";

    /// <summary>A Gateway parent's name must be a DNS-1123 subdomain: no Gateway can have another name.</summary>
    public const string GatewayName = "gateway-name";

    /// <summary>An integer with a leading zero (0120) is refused: YAML 1.1 reads it as octal, YAML 1.2 as decimal.</summary>
    public const string LeadingZero = "leading-zero";

    /// <summary>
    /// A v1 route is checked against the standard channel's v1 schema, the stricter of the two
    /// channels: no useDefaultGateways, and parentRefs to one parent told apart by sectionName.
    /// </summary>
    public const string V1Portable = "v1-portable";

    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ServiceName] = "the server takes any backend name of 1 to 253 characters, but a Service's name is a DNS-1035 label, "
            + "so a route to any other name could never resolve",
        [GatewayName] = "the server takes any parent name of 1 to 253 characters, but a Gateway's name is a DNS-1123 subdomain, "
            + "so a route to any other name could never attach",
        [LeadingZero] = "Kubernetes' YAML 1.1 parser reads 0120 as octal 80, YAML 1.2 as decimal 120; openmcf will not guess",
        [V1Portable] = "a route rendered as v1 must apply on both Gateway API channels, "
            + "and the standard channel's v1 has no useDefaultGateways and tells parentRefs to one parent apart by sectionName alone",
    };
}
