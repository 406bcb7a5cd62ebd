using System.Text.Json.Nodes;

namespace OpenMcf.Cli.Output;

/// <summary>
/// Prints rendered TCPRoutes (client dry run): the objects themselves for json/yaml, a line per route and its outputs for text.
/// </summary>
internal static class RenderWriter
{
    public static void Write(CliConsole console, OutputFormat output, IReadOnlyList<JsonObject> routes)
    {
        switch (output)
        {
            case OutputFormat.Yaml:
                console.Out.Write(YamlText.Write(routes));
                break;
            case OutputFormat.Json:
                // One object alone, several as a List, as kubectl prints them.
                JsonNode node = routes.Count == 1
                    ? routes[0]
                    : new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "List",
                        ["items"] = new JsonArray(routes.Select(r => (JsonNode)r.DeepClone()).ToArray<JsonNode?>()),
                    };
                console.Out.WriteLine(node.ToJsonString(JsonOutput.Indented));
                break;
            default:
                foreach (var route in routes)
                {
                    var name = (string)route["metadata"]!["name"]!;
                    var ns = (string)route["metadata"]!["namespace"]!;
                    console.Out.WriteLine($"tcproute.gateway.networking.k8s.io/{name} valid (dry run: client, namespace {ns})");
                    console.Out.WriteLine($"routeName: {name}");
                    console.Out.WriteLine($"namespace: {ns}");
                }

                break;
        }
    }
}
