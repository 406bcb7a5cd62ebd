using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// One <c>--set path=value</c>: sets a field in every route manifest before it is read, so the
/// result is validated like anything written in the file. Segments may be camelCase or
/// snake_case and may index lists (<c>spec.rules[0].backendRefs[1].weight=20</c>); the value is
/// read as a YAML scalar, so numbers become numbers.
/// </summary>
public sealed partial record ManifestOverride(string Text, IReadOnlyList<(string Field, IReadOnlyList<int> Indexes)> Path, string Value)
{
    /// <summary>Where diagnostics about an overridden value point: the flag itself.</summary>
    public SourceLocation Location => new($"--set {Text}", 0, 0);

    public static bool TryParse(string text, out ManifestOverride? value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        error = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = $"--set {text}: expected path=value, for example spec.namespace.value=prod";
            return false;
        }

        var segments = new List<(string, IReadOnlyList<int>)>();
        foreach (var part in text[..equals].Split('.'))
        {
            var match = SegmentPattern().Match(part);
            if (!match.Success)
            {
                error = $"--set {text}: \"{part}\" is not a field name with optional [index]es";
                return false;
            }

            var indexes = match.Groups["index"].Captures.Select(c => int.Parse(c.Value, CultureInfo.InvariantCulture)).ToList();
            segments.Add((FieldNames.ToCamelCase(match.Groups["name"].Value), indexes));
        }

        value = new ManifestOverride(text, segments, text[(equals + 1)..]);
        return true;
    }

    /// <summary>
    /// Sets the value in a document's node tree, creating mappings on the way. Returns an error message when the path cannot be followed.
    /// </summary>
    internal string? ApplyTo(YamlMappingNode root, ISet<YamlNode> overridden)
    {
        YamlNode current = root;
        var walked = new List<string>();
        YamlScalarNode NewKey(string field)
        {
            var key = new YamlScalarNode(field);
            overridden.Add(key);
            return key;
        }

        for (var i = 0; i < Path.Count; i++)
        {
            var (field, indexes) = Path[i];
            walked.Add(field);
            if (current is not YamlMappingNode mapping)
            {
                return $"cannot set {string.Join('.', walked)}: {string.Join('.', walked.SkipLast(1))} is not a mapping";
            }

            var last = i == Path.Count - 1 && indexes.Count == 0;
            var key = mapping.Children.Keys
                .OfType<YamlScalarNode>()
                .FirstOrDefault(k => k.Value is { } v && FieldNames.ToCamelCase(v) == field);
            if (last)
            {
                var scalar = new YamlScalarNode(Value) { Style = ScalarStyle.Plain };
                overridden.Add(scalar);
                mapping.Children[key ?? NewKey(field)] = scalar;
                return null;
            }

            if (key is null || YamlNodeReader.IsNull(mapping.Children[key]))
            {
                if (indexes.Count > 0)
                {
                    return $"cannot set {Text[..Text.IndexOf('=', StringComparison.Ordinal)]}: "
                        + $"{string.Join('.', walked)} is not in the manifest";
                }

                var created = new YamlMappingNode();
                mapping.Children[key ?? NewKey(field)] = created;
                overridden.Add(created);
                current = created;
                continue;
            }

            current = mapping.Children[key];
            for (var j = 0; j < indexes.Count; j++)
            {
                if (current is not YamlSequenceNode sequence || indexes[j] >= sequence.Children.Count)
                {
                    var count = current is YamlSequenceNode s ? s.Children.Count : 0;
                    return $"cannot set {Text[..Text.IndexOf('=', StringComparison.Ordinal)]}: "
                        + $"{string.Join('.', walked)} has {count} {(count == 1 ? "entry" : "entries")}, so [{indexes[j]}] does not exist";
                }

                if (i == Path.Count - 1 && j == indexes.Count - 1)
                {
                    var scalar = new YamlScalarNode(Value) { Style = ScalarStyle.Plain };
                    overridden.Add(scalar);
                    sequence.Children[indexes[j]] = scalar;
                    return null;
                }

                current = sequence.Children[indexes[j]];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_]*)(\[(?<index>[0-9]{1,4})\])*\z")]
    private static partial Regex SegmentPattern();
}
