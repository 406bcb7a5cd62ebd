using System.Text.Json.Nodes;

namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>
/// Whether a live object says exactly what a rendered one says. The server adds defaults (a
/// parentRef's group and kind, a backend's weight), so every field the rendering sets must be
/// live with the same value, and every list must have the same items, no more and no fewer.
/// </summary>
internal static class LiveSpec
{
    /// <returns>Null when they agree, otherwise the first path where they differ.</returns>
    public static string? Difference(JsonNode? rendered, JsonNode? live, string path = "")
    {
        switch (rendered)
        {
            case JsonObject expected:
                if (live is not JsonObject liveObject)
                {
                    return $"{path}: expected an object, found {Describe(live)}";
                }

                foreach (var (key, value) in expected)
                {
                    if (Difference(value, liveObject[key], $"{path}.{key}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonArray expectedItems:
                if (live is not JsonArray actual || actual.Count != expectedItems.Count)
                {
                    return $"{path}: expected {expectedItems.Count} items, found {Describe(live)}";
                }

                for (var i = 0; i < expectedItems.Count; i++)
                {
                    if (Difference(expectedItems[i], actual[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(rendered, live) ? null : $"{path}: expected {Describe(rendered)}, found {Describe(live)}";
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonArray a => $"{a.Count} items",
        _ => node.ToJsonString(),
    };
}
