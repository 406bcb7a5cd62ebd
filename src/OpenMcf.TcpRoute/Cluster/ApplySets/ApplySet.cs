using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>The two kinds kubectl (and so openmcf) accepts as an ApplySet's parent without a CRD of its own.</summary>
public enum SetParentKind
{
    Secret,
    ConfigMap,
}

/// <summary>
/// A set of routes recorded in the cluster in the ApplySet format of KEP-3659, as kubectl's
/// <c>--applyset</c> writes it: a parent Secret or ConfigMap labelled with the set's id, members
/// labelled <c>applyset.kubernetes.io/part-of: &lt;id&gt;</c>, the tooling, group-kinds and additional
/// namespaces as annotations on the parent. Other tools (kubectl among them) can list the set;
/// kubectl refuses to change a set whose tooling is another tool's, as openmcf refuses kubectl's.
/// </summary>
public sealed partial record ApplySet(SetParentKind Kind, string Name, string Namespace)
{
    public const string IdLabel = "applyset.kubernetes.io/id";
    public const string PartOfLabel = "applyset.kubernetes.io/part-of";
    public const string ToolingAnnotation = "applyset.kubernetes.io/tooling";
    public const string GroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds";
    public const string AdditionalNamespacesAnnotation = "applyset.kubernetes.io/additional-namespaces";

    /// <summary>openmcf's own: which run holds the set (see <see cref="SetLease"/>).</summary>
    public const string LeaseAnnotation = "applyset.openmcf.org/lease";

    /// <summary>The tool name in the tooling annotation; only the name is compared, as kubectl does.</summary>
    public const string ToolName = "openmcf";

    /// <summary>The field manager that writes the parent (kubectl's is kubectl-applyset).</summary>
    public const string FieldManager = "openmcf-applyset";

    /// <summary>The only group-kind an openmcf set holds, in the annotation's Kind.group form.</summary>
    public static readonly string GroupKind = $"{GatewayApi.TcpRouteKind}.{GatewayApi.Group}";

    /// <summary>
    /// The set's id, as KEP-3659 and kubectl compute it: applyset-, the unpadded URL-safe base64 of
    /// the SHA-256 of "name.namespace.Kind.group" (the group of a Secret or ConfigMap is empty), -v1.
    /// kubectl's test vector: Secret my-set in test gives applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1.
    /// </summary>
    public string Id
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Name}.{Namespace}.{Kind}."));
            var base64 = Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return $"applyset-{base64}-v1";
        }
    }

    /// <summary>How the parent is named in messages: "Secret ns/name".</summary>
    public string Parent => $"{Kind} {Namespace}/{Name}";

    /// <summary>
    /// Reads --applyset: NAME (a Secret), secrets/NAME or configmaps/NAME, in <paramref name="namespace"/>.
    /// Returns null with the reason in <paramref name="problem"/> when the value cannot name a parent.
    /// </summary>
    public static ApplySet? Parse(string value, string @namespace, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var (resource, name) = slash < 0 ? ("secrets", value) : (value[..slash], value[(slash + 1)..]);
        SetParentKind? kind = resource switch
        {
            "secrets" or "secret" => SetParentKind.Secret,
            "configmaps" or "configmap" => SetParentKind.ConfigMap,
            _ => null,
        };
        problem = kind is null
            ? $"--applyset {value}: the parent is a Secret or a ConfigMap (NAME, secrets/NAME or configmaps/NAME), not {resource}"
            : !DnsSubdomain().IsMatch(name) || name.Length > 253
                ? $"--applyset {value}: \"{name}\" is not a valid {kind} name (lowercase letters, digits, '-' and '.')"
                : !DnsLabel().IsMatch(@namespace ?? string.Empty) || @namespace!.Length > 63
                    ? $"--applyset-namespace {@namespace}: not a valid namespace name"
                    : null;
        return problem is null ? new ApplySet(kind!.Value, name, @namespace!) : null;
    }

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex DnsLabel();
}
