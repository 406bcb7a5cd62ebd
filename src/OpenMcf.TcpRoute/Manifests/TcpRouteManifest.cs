namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// A KubernetesTcpRoute manifest as the user wrote it. Every field is nullable so that the
/// validator, not the reader, decides what is required and can report all problems at once.
/// </summary>
public sealed class TcpRouteManifest
{
    public const string ApiVersionValue = "kubernetes.openmcf.org/v1";

    /// <summary>Upstream OpenMCF's new name for the same group (its manifests and presets use it).</summary>
    public const string PlantonApiVersion = "kubernetes.planton.dev/v1";

    public const string KindValue = "KubernetesTcpRoute";

    /// <summary>Every apiVersion accepted, the first the one openmcf writes in its documentation.</summary>
    public static IReadOnlyList<string> ApiVersions { get; } = [ApiVersionValue, PlantonApiVersion];

    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ManifestMetadata? Metadata { get; init; }
    public TcpRouteSpec? Spec { get; init; }
}

public sealed class ManifestMetadata
{
    /// <summary>The label that names the kube context to use (the --context flag wins over it).</summary>
    public const string ContextLabel = "kubernetes.openmcf.org/context";

    /// <summary>The same label under upstream's new group name.</summary>
    public const string PlantonContextLabel = "kubernetes.planton.dev/context";

    /// <summary>The kube context the labels name, under either prefix (validation refuses two that differ).</summary>
    public string? Context => Labels.GetValueOrDefault(ContextLabel) ?? Labels.GetValueOrDefault(PlantonContextLabel);

    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? Id { get; init; }
    public string? Org { get; init; }
    public string? Env { get; init; }
    public string? Group { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Tags { get; init; } = [];
}

public sealed class TcpRouteSpec
{
    public TargetCluster? TargetCluster { get; init; }
    public StringValueOrRef? Namespace { get; init; }
    public IReadOnlyList<ParentReference>? ParentRefs { get; init; }
    public string? UseDefaultGateways { get; init; }
    public IReadOnlyList<TcpRouteRule>? Rules { get; init; }
}

/// <summary>Upstream's target cluster; meaningless for a direct apply, accepted and reported as ignored.</summary>
public sealed class TargetCluster
{
    public string? ClusterKind { get; init; }
    public string? ClusterName { get; init; }
}

/// <summary>Upstream's "string value or reference": a literal value or a reference to another resource's field.</summary>
public sealed class StringValueOrRef
{
    public string? Value { get; init; }
    public ValueFromReference? ValueFrom { get; init; }
}

public sealed class ValueFromReference
{
    public const string DefaultKind = "KubernetesNamespace";
    public const string DefaultFieldPath = "spec.name";

    public string? Kind { get; init; }
    public string? Env { get; init; }
    public string? Name { get; init; }
    public string? FieldPath { get; init; }
}

public sealed class ParentReference
{
    public string? Group { get; init; }
    public string? Kind { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? SectionName { get; init; }
    public long? Port { get; init; }
}

public sealed class TcpRouteRule
{
    public string? Name { get; init; }
    public IReadOnlyList<BackendReference>? BackendRefs { get; init; }
}

public sealed class BackendReference
{
    public string? Group { get; init; }
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public long? Port { get; init; }
    public long? Weight { get; init; }
}
