using OpenMcf.TcpRoute.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// Builds <see cref="TcpRouteManifest"/>s from YAML text by walking YamlDotNet's node tree by
/// hand, so that every field is checked strictly and every problem carries file, line, column
/// and field path.
/// </summary>
public static class ManifestReader
{
    private static readonly string[] DocumentFields = ["apiVersion", "kind", "metadata", "spec", "status"];
    private static readonly string[] MetadataFields =
        ["name", "slug", "id", "org", "env", "labels", "annotations", "tags", "relationships", "group", "version"];
    private static readonly string[] SpecFields = ["targetCluster", "namespace", "parentRefs", "useDefaultGateways", "rules"];
    private static readonly string[] TargetClusterFields = ["clusterKind", "clusterName"];
    private static readonly string[] ValueOrRefFields = ["value", "valueFrom"];
    private static readonly string[] ValueFromFields = ["kind", "env", "name", "fieldPath"];
    private static readonly string[] ParentRefFields = ["group", "kind", "namespace", "name", "sectionName", "port"];
    private static readonly string[] RuleFields = ["name", "backendRefs"];
    private static readonly string[] BackendRefFields = ["group", "kind", "name", "namespace", "port", "weight"];
    private static readonly string[] KnownKinds = [TcpRouteManifest.KindValue, ReferenceManifest.NamespaceKind];

    /// <summary>Reads every document of one input. Syntax errors end the input with a diagnostic; documents before them are kept.</summary>
    /// <param name="file">The name used in diagnostics (a path, or "-" for stdin).</param>
    public static ManifestReadResult Read(string file, TextReader text) => Read(file, text, []);

    /// <param name="overrides">--set values applied to every KubernetesTcpRoute document before it is read.</param>
    public static ManifestReadResult Read(string file, TextReader text, IReadOnlyList<ManifestOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        var diagnostics = new List<Diagnostic>();

        // Files lose their byte order mark in StreamReader; text from elsewhere (stdin, strings) may still carry it.
        if (text.Peek() == '\uFEFF')
        {
            text.Read();
        }

        var parser = new LimitingParser(new Parser(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Add(Diagnostic.Error(
                new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), string.Empty, $"malformed YAML: {Plain(e)}"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's node builder throws these for some malformed documents (found by the fuzz test).
            var at = parser.Current?.Start ?? Mark.Empty;
            diagnostics.Add(Diagnostic.Error(
                new SourceLocation(file, (int)at.Line, (int)at.Column),
                string.Empty,
                "malformed YAML: the document's structure cannot be read here"));
        }

        var documents = new List<ManifestDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (YamlNodeReader.IsNull(root))
            {
                continue; // An empty document ("---" alone, or only comments) is skipped, as kubectl does.
            }

            documents.Add(ReadDocument(file, i, root, overrides));
        }

        if (documents.Count == 0 && diagnostics.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warning(
                new SourceLocation(file, 0, 0), string.Empty, "no manifests in this input (it is empty, or only comments)"));
        }


        return new ManifestReadResult(documents, diagnostics);
    }

    private static ManifestDocument ReadDocument(string file, int index, YamlNode root, IReadOnlyList<ManifestOverride> overrides)
    {
        var start = new SourceLocation(file, (int)root.Start.Line, (int)root.Start.Column);
        var map = new SourceMap(start);
        var diagnostics = new List<Diagnostic>();
        var synthetic = ApplyOverrides(root, overrides, diagnostics);
        var reader = new YamlNodeReader(file, map, diagnostics, synthetic);
        var fields = reader.Object(root, string.Empty, DocumentFields);
        if (fields is null)
        {
            return new ManifestDocument { Location = start, Index = index, SourceMap = map, Diagnostics = diagnostics };
        }

        var apiVersion = reader.String(fields.GetValueOrDefault("apiVersion"), "apiVersion");
        var kind = reader.String(fields.GetValueOrDefault("kind"), "kind");
        if (!CheckType(reader, root, fields, apiVersion, kind))
        {
            return new ManifestDocument { Location = start, Index = index, SourceMap = map, Diagnostics = diagnostics };
        }

        if (kind == ReferenceManifest.NamespaceKind)
        {
            return new ManifestDocument
            {
                Location = start,
                Index = index,
                SourceMap = map,
                Reference = ReadReference(reader, kind, fields),
                Diagnostics = diagnostics,
            };
        }

        if (fields.TryGetValue("status", out var status) && !YamlNodeReader.IsNull(status))
        {
            reader.Warning(status, "status", "ignored: status is written by the tool and the cluster, not read from the manifest");
        }

        var manifest = new TcpRouteManifest
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Metadata = ReadMetadata(reader, fields.GetValueOrDefault("metadata")),
            Spec = ReadSpec(reader, fields.GetValueOrDefault("spec")),
        };
        return new ManifestDocument
        {
            Location = start,
            Index = index,
            SourceMap = map,
            Manifest = manifest,
            Diagnostics = diagnostics,
        };
    }

    private static Dictionary<YamlNode, SourceLocation> ApplyOverrides(
        YamlNode root, IReadOnlyList<ManifestOverride> overrides, List<Diagnostic> diagnostics)
    {
        var locations = new Dictionary<YamlNode, SourceLocation>(ReferenceEqualityComparer.Instance);
        var isRoute = root is YamlMappingNode mapping
            && mapping.Children.TryGetValue(new YamlScalarNode("kind"), out var kind)
            && kind is YamlScalarNode { Value: TcpRouteManifest.KindValue };
        if (!isRoute)
        {
            return locations;
        }

        foreach (var item in overrides)
        {
            var nodes = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
            if (item.ApplyTo((YamlMappingNode)root, nodes) is { } problem)
            {
                diagnostics.Add(Diagnostic.Error(item.Location, string.Empty, problem));
            }

            foreach (var node in nodes)
            {
                locations[node] = item.Location;
            }
        }

        return locations;
    }

    private static bool CheckType(
        YamlNodeReader reader, YamlNode root, IReadOnlyDictionary<string, YamlNode> fields, string? apiVersion, string? kind)
    {
        var ok = true;
        if (apiVersion is null)
        {
            if (!fields.ContainsKey("apiVersion") || YamlNodeReader.IsNull(fields["apiVersion"]))
            {
                reader.Error(root, "apiVersion", $"required: apiVersion must be {TcpRouteManifest.ApiVersionValue}");
            }

            ok = false;
        }
        else if (!TcpRouteManifest.ApiVersions.Contains(apiVersion))
        {
            reader.Error(
                fields["apiVersion"],
                "apiVersion",
                $"unsupported apiVersion \"{apiVersion}\"; expected {TcpRouteManifest.ApiVersionValue} "
                    + $"(or {TcpRouteManifest.PlantonApiVersion}, upstream's new name for it)");
            ok = false;
        }

        if (kind is null)
        {
            if (!fields.ContainsKey("kind") || YamlNodeReader.IsNull(fields["kind"]))
            {
                reader.Error(root, "kind", $"required: kind must be {TcpRouteManifest.KindValue}");
            }

            ok = false;
        }
        else if (!KnownKinds.Contains(kind))
        {
            var suggestion = FieldNames.Suggest(kind, KnownKinds);
            var hint = suggestion is null ? $"openmcf handles {string.Join(", ", KnownKinds)}" : $"did you mean `{suggestion}`?";
            reader.Error(fields["kind"], "kind", $"unsupported kind \"{kind}\"; {hint}");
            ok = false;
        }

        return ok;
    }

    /// <summary>
    /// A referenced manifest's spec belongs to another tool's schema: it is read without strict
    /// field checks, keeping its scalar values by path for fieldPath lookups.
    /// </summary>
    private static ReferenceManifest? ReadReference(YamlNodeReader reader, string kind, IReadOnlyDictionary<string, YamlNode> fields)
    {
        var metadata = ReadMetadata(reader, fields.GetValueOrDefault("metadata"));
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten("metadata", fields.GetValueOrDefault("metadata"), values);
        Flatten("spec", fields.GetValueOrDefault("spec"), values);
        if (metadata?.Name is not { Length: > 0 } name)
        {
            reader.Error(
                fields.GetValueOrDefault("metadata") ?? fields.Values.First(),
                "metadata.name",
                $"required: the name that references to this {kind} use");
            return null;
        }

        return new ReferenceManifest(kind, name, values);
    }

    private static void Flatten(string path, YamlNode? node, Dictionary<string, string> values)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        Flatten($"{path}.{FieldNames.ToCamelCase(name)}", value, values);
                    }
                }

                break;
            case YamlScalarNode { Value: { } scalar } when !YamlNodeReader.IsNull(node):
                values[path] = scalar;
                break;
        }
    }

    private static ManifestMetadata? ReadMetadata(YamlNodeReader reader, YamlNode? node)
    {
        const string path = "metadata";
        var f = reader.Object(node, path, MetadataFields);
        if (f is null)
        {
            return null;
        }

        return new ManifestMetadata
        {
            Name = reader.String(f.GetValueOrDefault("name"), "metadata.name"),
            Slug = reader.String(f.GetValueOrDefault("slug"), "metadata.slug"),
            Id = reader.String(f.GetValueOrDefault("id"), "metadata.id"),
            Org = reader.String(f.GetValueOrDefault("org"), "metadata.org"),
            Env = reader.String(f.GetValueOrDefault("env"), "metadata.env"),
            Group = reader.String(f.GetValueOrDefault("group"), "metadata.group"),
            Labels = reader.StringMap(f.GetValueOrDefault("labels"), "metadata.labels"),
            Annotations = reader.StringMap(f.GetValueOrDefault("annotations"), "metadata.annotations"),
            Tags = reader.StringList(f.GetValueOrDefault("tags"), "metadata.tags"),

            // relationships and version are upstream bookkeeping with no meaning for a TCPRoute:
            // accepted in any shape so that upstream manifests load unchanged.
        };
    }

    private static TcpRouteSpec? ReadSpec(YamlNodeReader reader, YamlNode? node)
    {
        const string path = "spec";
        var f = reader.Object(node, path, SpecFields);
        if (f is null)
        {
            return null;
        }

        return new TcpRouteSpec
        {
            TargetCluster = ReadTargetCluster(reader, f.GetValueOrDefault("targetCluster")),
            Namespace = ReadNamespace(reader, f.GetValueOrDefault("namespace")),
            ParentRefs = ReadList(reader, f.GetValueOrDefault("parentRefs"), "spec.parentRefs", ReadParentRef),
            UseDefaultGateways = reader.String(f.GetValueOrDefault("useDefaultGateways"), "spec.useDefaultGateways"),
            Rules = ReadList(reader, f.GetValueOrDefault("rules"), "spec.rules", ReadRule),
        };
    }

    private static TargetCluster? ReadTargetCluster(YamlNodeReader reader, YamlNode? node)
    {
        const string path = "spec.targetCluster";
        var f = reader.Object(node, path, TargetClusterFields);
        if (f is null)
        {
            return null;
        }

        reader.Warning(node!, path, "ignored: openmcf applies to the cluster chosen by --kubeconfig/--context, not by targetCluster");

        // clusterKind is an enum upstream, written as a name or a number; either is accepted.
        var kind = f.GetValueOrDefault("clusterKind") is YamlScalarNode { Value: { } k } ? k : null;
        return new TargetCluster
        {
            ClusterKind = kind,
            ClusterName = reader.String(f.GetValueOrDefault("clusterName"), $"{path}.clusterName"),
        };
    }

    private static StringValueOrRef? ReadNamespace(YamlNodeReader reader, YamlNode? node)
    {
        const string path = "spec.namespace";
        var f = reader.Object(node, path, ValueOrRefFields);
        if (f is null)
        {
            return null;
        }

        ValueFromReference? valueFrom = null;
        if (reader.Object(f.GetValueOrDefault("valueFrom"), $"{path}.valueFrom", ValueFromFields) is { } v)
        {
            valueFrom = new ValueFromReference
            {
                Kind = reader.String(v.GetValueOrDefault("kind"), $"{path}.valueFrom.kind"),
                Env = reader.String(v.GetValueOrDefault("env"), $"{path}.valueFrom.env"),
                Name = reader.String(v.GetValueOrDefault("name"), $"{path}.valueFrom.name"),
                FieldPath = reader.String(v.GetValueOrDefault("fieldPath"), $"{path}.valueFrom.fieldPath"),
            };
        }

        return new StringValueOrRef { Value = reader.String(f.GetValueOrDefault("value"), $"{path}.value"), ValueFrom = valueFrom };
    }

    private static ParentReference? ReadParentRef(YamlNodeReader reader, YamlNode node, string path)
    {
        var f = reader.Object(node, path, ParentRefFields);
        if (f is null)
        {
            return null;
        }

        return new ParentReference
        {
            Group = reader.String(f.GetValueOrDefault("group"), $"{path}.group"),
            Kind = reader.String(f.GetValueOrDefault("kind"), $"{path}.kind"),
            Namespace = reader.String(f.GetValueOrDefault("namespace"), $"{path}.namespace"),
            Name = reader.String(f.GetValueOrDefault("name"), $"{path}.name"),
            SectionName = reader.String(f.GetValueOrDefault("sectionName"), $"{path}.sectionName"),
            Port = reader.Integer(f.GetValueOrDefault("port"), $"{path}.port"),
        };
    }

    private static TcpRouteRule? ReadRule(YamlNodeReader reader, YamlNode node, string path)
    {
        var f = reader.Object(node, path, RuleFields);
        if (f is null)
        {
            return null;
        }

        return new TcpRouteRule
        {
            Name = reader.String(f.GetValueOrDefault("name"), $"{path}.name"),
            BackendRefs = ReadList(reader, f.GetValueOrDefault("backendRefs"), $"{path}.backendRefs", ReadBackendRef),
        };
    }

    private static BackendReference? ReadBackendRef(YamlNodeReader reader, YamlNode node, string path)
    {
        var f = reader.Object(node, path, BackendRefFields);
        if (f is null)
        {
            return null;
        }

        return new BackendReference
        {
            Group = reader.String(f.GetValueOrDefault("group"), $"{path}.group"),
            Kind = reader.String(f.GetValueOrDefault("kind"), $"{path}.kind"),
            Name = reader.String(f.GetValueOrDefault("name"), $"{path}.name"),
            Namespace = reader.String(f.GetValueOrDefault("namespace"), $"{path}.namespace"),
            Port = reader.Integer(f.GetValueOrDefault("port"), $"{path}.port"),
            Weight = reader.Integer(f.GetValueOrDefault("weight"), $"{path}.weight"),
        };
    }

    /// <summary>
    /// Reads a list of objects. An entry that is not an object was reported and is kept as an
    /// empty object, so that indexes in later messages still match the source.
    /// </summary>
    private static List<T>? ReadList<T>(
        YamlNodeReader reader, YamlNode? node, string path, Func<YamlNodeReader, YamlNode, string, T?> readItem)
        where T : class, new()
    {
        var items = reader.List(node, path);
        if (items is null)
        {
            return null;
        }

        var result = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = readItem(reader, items[i], itemPath);
            if (item is null && YamlNodeReader.IsNull(items[i]))
            {
                reader.Error(items[i], itemPath, "list entry is empty (null)");
            }

            result.Add(item ?? new T());
        }

        return result;
    }

    /// <summary>YamlDotNet's messages repeat the position ("(Line: 3, Col: 5, Idx: 20) - (...): "); we print it once, in front.</summary>
    private static string Plain(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }
}

public sealed record ManifestReadResult(IReadOnlyList<ManifestDocument> Documents, IReadOnlyList<Diagnostic> Diagnostics);
