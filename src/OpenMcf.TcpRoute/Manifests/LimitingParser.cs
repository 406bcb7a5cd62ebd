using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OpenMcf.TcpRoute.Manifests;

/// <summary>
/// YamlDotNet's parser with limits, so that hostile input ends in an error instead of exhausting
/// the stack or memory: nesting depth (deep documents would overflow the recursive node
/// builder), aliases (a "billion laughs" document multiplies through them) and events overall.
/// </summary>
internal sealed class LimitingParser(IParser inner) : IParser
{
    public const int MaxDepth = 64;
    public const int MaxAliases = 256;
    public const int MaxEvents = 200_000;

    private int _depth;
    private int _aliases;
    private int _events;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        if (++_events > MaxEvents)
        {
            throw new YamlException(
                current.Start, current.End, $"the input has more than {MaxEvents} YAML nodes; a manifest is far smaller");
        }

        switch (current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new YamlException(
                    current.Start, current.End, $"the input nests deeper than {MaxDepth} levels; a manifest needs fewer than 10");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
            case AnchorAlias when ++_aliases > MaxAliases:
                throw new YamlException(
                    current.Start,
                    current.End,
                    $"the input uses more than {MaxAliases} aliases (*name); refused, as in a \"billion laughs\" document");
        }

        return true;
    }
}
