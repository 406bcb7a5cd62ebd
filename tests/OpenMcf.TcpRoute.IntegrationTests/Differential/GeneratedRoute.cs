using System.Globalization;
using System.Text;

namespace OpenMcf.TcpRoute.IntegrationTests.Differential;

/// <summary>
/// A route as the differential generator builds it: every value is kept as the YAML text it is
/// written with (a quoted string, 80, 0x50, 0120), so that one description yields both the
/// KubernetesTcpRoute manifest and the TCPRoute a user would write by hand, literal for literal.
/// </summary>
internal sealed class GeneratedRoute
{
    public required string Name { get; set; }

    public required string Namespace { get; set; }

    public List<Fields>? ParentRefs { get; set; }

    public string? UseDefaultGateways { get; set; }

    public List<Rule>? Rules { get; set; }

    public Fields Extra { get; } = new();

    public string ManifestYaml()
    {
        var spec = new Fields { ["namespace"] = $"{{value: {Quote(Namespace)}}}" };
        AddSpec(spec);
        return $"apiVersion: kubernetes.openmcf.org/v1\nkind: KubernetesTcpRoute\nmetadata: {{name: {Quote(Name)}}}\nspec: {spec.Flow()}\n";
    }

    public string TcpRouteYaml(string version)
    {
        var spec = new Fields();
        AddSpec(spec);
        return $"apiVersion: gateway.networking.k8s.io/{version}\nkind: TCPRoute\n"
            + $"metadata: {{name: {Quote(Name)}, namespace: {Quote(Namespace)}}}\nspec: {spec.Flow()}\n";
    }

    public GeneratedRoute Clone() => new()
    {
        Name = Name,
        Namespace = Namespace,
        ParentRefs = ParentRefs?.Select(p => p.Clone()).ToList(),
        UseDefaultGateways = UseDefaultGateways,
        Rules = Rules?.Select(r => r.Clone()).ToList(),
    };

    private void AddSpec(Fields spec)
    {
        if (ParentRefs is not null)
        {
            spec["parentRefs"] = $"[{string.Join(", ", ParentRefs.Select(p => p.Flow()))}]";
        }

        if (UseDefaultGateways is not null)
        {
            spec["useDefaultGateways"] = UseDefaultGateways;
        }

        if (Rules is not null)
        {
            spec["rules"] = $"[{string.Join(", ", Rules.Select(r => r.Flow()))}]";
        }

        foreach (var (key, value) in Extra)
        {
            spec[key] = value;
        }
    }

    /// <summary>
    /// A YAML double-quoted string. Control characters are escaped; everything else, characters
    /// outside the Basic Multilingual Plane included, is written as itself (YAML has no surrogate escapes).
    /// </summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            text.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                < 0x20 or 0x7F => string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:X2}"),
                _ => rune.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>An ordered mapping of field names to YAML literals, written in flow style.</summary>
    internal sealed class Fields : List<KeyValuePair<string, string>>
    {
        public string? this[string key]
        {
            get => this.FirstOrDefault(f => f.Key == key).Value;
            set
            {
                RemoveAll(f => f.Key == key);
                if (value is not null)
                {
                    Add(new(key, value));
                }
            }
        }

        public string Flow() => $"{{{string.Join(", ", this.Select(f => $"{f.Key}: {f.Value}"))}}}";

        public Fields Clone()
        {
            var copy = new Fields();
            copy.AddRange(this);
            return copy;
        }
    }

    internal sealed class Rule
    {
        public string? Name { get; set; }

        public List<Fields>? BackendRefs { get; set; }

        public Fields Extra { get; } = new();

        public string Flow()
        {
            var fields = new Fields();
            fields["name"] = Name;
            if (BackendRefs is not null)
            {
                fields["backendRefs"] = $"[{string.Join(", ", BackendRefs.Select(b => b.Flow()))}]";
            }

            fields.AddRange(Extra);
            return fields.Flow();
        }

        public Rule Clone()
        {
            var copy = new Rule { Name = Name, BackendRefs = BackendRefs?.Select(b => b.Clone()).ToList() };
            copy.Extra.AddRange(Extra);
            return copy;
        }
    }
}
