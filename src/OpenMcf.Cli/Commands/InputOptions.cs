using System.CommandLine;
using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.Cli.Commands;

/// <summary>What to read: -f (repeatable), -R and --set, the same for every command.</summary>
internal sealed record ManifestInputs(string[] Files, bool Recursive, IReadOnlyList<ManifestOverride> Overrides);

internal sealed class InputOptions
{
    public Option<string[]> Files { get; } = CommonOptions.Filename();

    public Option<bool> Recursive { get; } = CommonOptions.Recursive();

    public Option<ManifestOverride[]> Set { get; } = CommonOptions.Set();

    public IEnumerable<Option> All => [Files, Recursive, Set];

    public ManifestInputs Read(ParseResult parseResult) =>
        new(parseResult.GetValue(Files) ?? [], parseResult.GetValue(Recursive), parseResult.GetValue(Set) ?? []);
}
