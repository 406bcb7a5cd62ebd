using System.CommandLine;
using OpenMcf.Cli.Output;
using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.Cli.Commands;

/// <summary>The options several commands share, declared once so that they read and behave the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Filename() => new("--filename", "-f")
    {
        Description = "A manifest file, a directory of *.yaml/*.yml files, or - for standard input. Repeatable.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Recursive() => new("--recursive", "-R")
    {
        Description = "Also read manifests in subdirectories of the -f directories.",
    };

    public static Option<ManifestOverride[]> Set() => new("--set")
    {
        Description = "Set a manifest field in every route before validation: "
            + "path=value (spec.namespace.value=prod, spec.rules[0].backendRefs[1].weight=20). Repeatable.",
        HelpName = "path=value",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var overrides = new List<ManifestOverride>();
            foreach (var token in result.Tokens)
            {
                if (ManifestOverride.TryParse(token.Value, out var value, out var error))
                {
                    overrides.Add(value!);
                }
                else
                {
                    result.AddError(error!);
                }
            }

            return [.. overrides];
        },
    };

    /// <summary>A duration option (30s, 2m, 500ms, 1h; a bare number is seconds), with one wording for a bad value.</summary>
    /// <param name="allowZero">Whether 0 is allowed (it means "wait forever" where it is).</param>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue, bool allowZero) => new(name)
    {
        Description = description,
        HelpName = "duration",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (TryParseDuration(token, out var value) && (value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)))
            {
                return value;
            }

            result.AddError($"'{token}' is not a duration for {name}; write it like 30s, 2m or 500ms.");
            return defaultValue;
        },
    };

    internal static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), (string.Empty, 1) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(
                    text[..^suffix.Length],
                    System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out var number))
            {
                value = TimeSpan.FromSeconds(number * seconds);
                return true;
            }
        }

        return false;
    }

    public static Option<bool> Strict() => new("--strict")
    {
        Description = "Treat every preflight warning as an error (a backend Service that does not exist yet, a read not allowed).",
    };

    public static Option<OutputFormat> Output() => Choice("--output", "Output format.", OutputFormat.Text, "-o");

    /// <summary>
    /// An enum-valued option whose values are the enum's names in lower case, with the usual
    /// "did you mean" on a wrong value and the choices listed in help.
    /// </summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, params string[] aliases)
        where T : struct, Enum => ChoiceOf(name, description, defaultValue, Enum.GetValues<T>(), aliases);

    /// <summary>As <see cref="Choice{T}"/>, offering only <paramref name="values"/> (destroy has no client dry run).</summary>
    public static Option<T> ChoiceOf<T>(string name, string description, T defaultValue, IReadOnlyList<T> values, params string[] aliases)
        where T : struct, Enum
    {
        var names = values.Select(v => v.ToString().ToLowerInvariant()).ToArray();
        var option = new Option<T>(name, aliases)
        {
            Description = $"{description} (default: {defaultValue.ToString().ToLowerInvariant()})",
            HelpName = string.Join('|', names),
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (Enum.TryParse<T>(token, ignoreCase: true, out var value) && names.Contains(token.ToLowerInvariant()))
                {
                    return value;
                }

                result.AddError($"'{token}' is not a valid value for {name}; use one of: {string.Join(", ", names)}.");
                return defaultValue;
            },
        };

        // System.CommandLine would complete every name of the enum as declared (Client, None, Server): only the allowed ones,
        // as they are typed.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(names);
        return option;
    }
}
