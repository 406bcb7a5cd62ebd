using System.Globalization;
using System.Text.RegularExpressions;
using OpenMcf.TcpRoute.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// Reads typed values out of YAML nodes for one document, strictly: wrong types and unknown
/// fields become diagnostics (never exceptions), and every value's position is recorded in the
/// document's <see cref="SourceMap"/> under its field path.
/// </summary>
internal sealed partial class YamlNodeReader(
    string file, SourceMap map, List<Diagnostic> diagnostics, IReadOnlyDictionary<YamlNode, SourceLocation> synthetic)
{
    public SourceLocation Locate(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    /// <summary>Where a node came from; nodes made by --set point at the flag.</summary>
    public SourceLocation Locate(YamlNode node) => synthetic.TryGetValue(node, out var location) ? location : Locate(node.Start);

    public void Error(YamlNode node, string path, string message, string? rule = null)
    {
        diagnostics.Add(Diagnostic.Error(Locate(node), path, message) with { Rule = rule });
        map.MarkReported(path);
    }

    public void Warning(YamlNode node, string path, string message) =>
        diagnostics.Add(Diagnostic.Warning(Locate(node), path, message));

    /// <summary>
    /// Reads a mapping whose keys must be among <paramref name="known"/> (camelCase; snake_case is
    /// accepted too). Returns the fields by their camelCase name, or null when the node is absent,
    /// null or not a mapping (the latter reported).
    /// </summary>
    public IReadOnlyDictionary<string, YamlNode>? Object(YamlNode? node, string path, IReadOnlyCollection<string> known)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        map.AddIfAbsent(path, Locate(node));
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a mapping with fields ({string.Join(", ", known)}), found {Describe(node)}");
            return null;
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, path, $"field names must be strings, found {Describe(keyNode)}");
                continue;
            }

            var name = FieldNames.ToCamelCase(key);
            var fieldPath = Join(path, name);
            if (!known.Contains(name))
            {
                var suggestion = FieldNames.Suggest(key, known);
                var hint = suggestion is null ? $"valid fields here: {string.Join(", ", known)}" : $"did you mean `{suggestion}`?";
                diagnostics.Add(Diagnostic.Error(Locate(keyNode), Join(path, key), $"unknown field `{key}`; {hint}"));

                // The misspelt field is most likely the suggested one: don't also report that as missing.
                if (suggestion is not null
                    && !mapping.Children.Keys
                        .OfType<YamlScalarNode>()
                        .Any(k => k.Value is { } v && FieldNames.ToCamelCase(v) == suggestion))
                {
                    map.MarkReported(Join(path, suggestion));
                }

                continue;
            }

            if (!fields.TryAdd(name, valueNode))
            {
                Error(keyNode, fieldPath, $"field `{name}` is given more than once (camelCase and snake_case name the same field)");
                continue;
            }

            // A nested block starts on the line after its key; problems with it (a missing field,
            // a wrong count) read best pointing at the key.
            map.Add(fieldPath, valueNode is YamlScalarNode ? Locate(valueNode) : Locate(keyNode));
        }

        return fields;
    }

    public IReadOnlyList<YamlNode>? List(YamlNode? node, string path)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        map.AddIfAbsent(path, Locate(node));
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"expected a list, found {Describe(node)}");
            return null;
        }

        var items = sequence.Children;
        for (var i = 0; i < items.Count; i++)
        {
            map.Add($"{path}[{i}]", Locate(items[i]));
        }

        return items.ToList();
    }

    public string? String(YamlNode? node, string path)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, $"expected a string, found {Describe(node)}");
            return null;
        }

        var type = ScalarType(scalar);
        if (type is "integer" or "number" or "boolean")
        {
            Error(node, path, $"expected a string, found {type} {scalar.Value}; quote it (\"{scalar.Value}\") if it is meant as text");
            return null;
        }

        if (type != "string")
        {
            Error(node, path, $"expected a string, found {type}");
            return null;
        }

        return scalar.Value ?? string.Empty;
    }

    public long? Integer(YamlNode? node, string path)
    {
        if (node is null || IsNull(node))
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, $"expected an integer, found {Describe(node)}");
            return null;
        }

        switch (ScalarType(scalar))
        {
            case "integer" when LeadingZero().IsMatch(scalar.Value ?? string.Empty):
                // Kubernetes' YAML 1.1 parser reads 0120 as octal (80), YAML 1.2 as decimal (120).
                Error(
                    node,
                    path,
                    $"{scalar.Value} is ambiguous: Kubernetes reads a leading 0 as octal, YAML 1.2 as decimal; "
                        + $"write it without the leading 0, or as 0o{scalar.Value!.TrimStart('-', '+').TrimStart('0')} for octal",
                    StricterRules.LeadingZero);
                return null;
            case "integer":
                if (long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                Error(node, path, $"integer {scalar.Value} is out of range");
                return null;
            case "number":
                return WholeNumber(scalar, path);
            case "string" when scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                Error(node, path, $"expected an integer, found the quoted string \"{scalar.Value}\"; remove the quotes");
                return null;
            default:
                Error(node, path, $"expected an integer, found {Describe(node)}");
                return null;
        }
    }

    /// <summary>
    /// The other forms the API server takes for an integer field (0x50, 0o120, 80.0, 1e3): read
    /// with the value Kubernetes gives them, so a route copied from a TCPRoute means the same here.
    /// </summary>
    private long? WholeNumber(YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? string.Empty;
        if (text.StartsWith("0x", StringComparison.Ordinal) || text.StartsWith("0o", StringComparison.Ordinal))
        {
            var radix = text[1] == 'x' ? 16 : 8;
            try
            {
                return Convert.ToInt64(text[2..], radix) is var v and >= 0 ? v : throw new OverflowException();
            }
            catch (OverflowException)
            {
                Error(scalar, path, $"integer {text} is out of range");
                return null;
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number == Math.Floor(number))
        {
            if (Math.Abs(number) < 9.2e18)
            {
                return (long)number;
            }

            Error(scalar, path, $"integer {text} is out of range");
            return null;
        }

        Error(scalar, path, $"expected a whole number, found {text}");
        return null;
    }

    public IReadOnlyDictionary<string, string> StringMap(YamlNode? node, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null || IsNull(node))
        {
            return result;
        }

        map.AddIfAbsent(path, Locate(node));
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a mapping of strings, found {Describe(node)}");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, path, $"keys must be strings, found {Describe(keyNode)}");
                continue;
            }

            var valuePath = $"{path}[{key}]";
            map.Add(valuePath, Locate(valueNode));
            if (String(valueNode, valuePath) is { } value)
            {
                result[key] = value;
            }
        }

        return result;
    }

    public IReadOnlyList<string> StringList(YamlNode? node, string path)
    {
        var items = List(node, path);
        if (items is null)
        {
            return [];
        }

        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (String(items[i], $"{path}[{i}]") is { } value)
            {
                result.Add(value);
            }
        }

        return result;
    }

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && scalar.Tag.IsEmpty
            && NullPattern().IsMatch(scalar.Value ?? string.Empty);

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => ScalarType(scalar) switch
        {
            "string" => $"the string \"{Shorten(scalar.Value ?? string.Empty)}\"",
            "null" => "null",
            var type => $"{type} {scalar.Value}",
        },
        _ => "an alias",
    };

    /// <summary>The YAML 1.2 core-schema type of a scalar: quoted scalars are strings, plain ones are resolved.</summary>
    private static string ScalarType(YamlScalarNode scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value switch
            {
                "tag:yaml.org,2002:int" => "integer",
                "tag:yaml.org,2002:float" => "number",
                "tag:yaml.org,2002:bool" => "boolean",
                "tag:yaml.org,2002:null" => "null",
                "tag:yaml.org,2002:str" => "string",
                var other => $"a value tagged {other}",
            };
        }

        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return "string";
        }

        var value = scalar.Value ?? string.Empty;
        if (NullPattern().IsMatch(value))
        {
            return "null";
        }

        if (BoolPattern().IsMatch(value))
        {
            return "boolean";
        }

        if (IntPattern().IsMatch(value))
        {
            return "integer";
        }

        return FloatPattern().IsMatch(value) ? "number" : "string";
    }

    private static string Shorten(string s) => DisplayText.Shorten(s, 60);

    [GeneratedRegex(@"^[-+]?0[0-9]+\z")]
    private static partial Regex LeadingZero();

    [GeneratedRegex(@"^(|~|null|Null|NULL)\z")]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(true|True|TRUE|false|False|FALSE)\z")]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex IntPattern();

    [GeneratedRegex(
        @"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|0x[0-9a-fA-F]+|0o[0-7]+)\z")]
    private static partial Regex FloatPattern();
}
