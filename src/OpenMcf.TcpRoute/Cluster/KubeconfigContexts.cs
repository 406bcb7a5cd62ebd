using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// The context names of the kubeconfig files kubectl would read, for shell completion of --context:
/// the files found as <see cref="KubeconfigReader.Find"/> finds them, read for their names only
/// (no certificate, no credential, no client), in merge order without repeats.
/// </summary>
public static class KubeconfigContexts
{
    /// <summary>Never throws: a missing, unreadable or broken file gives no names, since a completion must not fail.</summary>
    public static IReadOnlyList<string> Names(KubeconfigSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        List<string> files;
        try
        {
            files = KubeconfigReader.Find(sources);
        }
        catch (ClusterException)
        {
            return [];
        }

        return files.SelectMany(Read).Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Read(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(file);
            stream.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException or ArgumentException)
        {
            return [];
        }

        return stream.Documents.Take(1)
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .SelectMany(root => root.Children.TryGetValue(new YamlScalarNode("contexts"), out var contexts) ? Items(contexts) : [])
            .OfType<YamlMappingNode>()
            .Select(context => context.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? name : null)
            .OfType<YamlScalarNode>()
            .Select(name => name.Value)
            .OfType<string>()
            .Where(name => name.Length > 0);
    }

    private static IEnumerable<YamlNode> Items(YamlNode node) => node is YamlSequenceNode sequence ? sequence.Children : [];
}
