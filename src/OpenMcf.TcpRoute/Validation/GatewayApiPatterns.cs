using System.Text.RegularExpressions;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>
/// The name patterns of the Gateway API CRD schema and of Kubernetes object names. Each ends in
/// \z, not $: .NET's $ also matches before a final newline, so "tcp\n" passed every pattern while
/// the API server (Go's RE2, where $ is the end of the text) rejects it.
/// </summary>
public static partial class GatewayApiPatterns
{
    /// <summary>DNS-1123 label: namespaces (at most 63 characters).</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    public static partial Regex DnsLabel();

    /// <summary>DNS-1123 subdomain: object names, sectionName, rule names, and non-empty groups (at most 253).</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    public static partial Regex DnsSubdomain();

    /// <summary>DNS-1035 label: Service names (at most 63, starting with a letter).</summary>
    [GeneratedRegex(@"^[a-z]([-a-z0-9]*[a-z0-9])?\z")]
    public static partial Regex Dns1035Label();

    /// <summary>Kinds: letters, digits and dashes, starting with a letter (1 to 63).</summary>
    [GeneratedRegex(@"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?\z")]
    public static partial Regex Kind();
}
