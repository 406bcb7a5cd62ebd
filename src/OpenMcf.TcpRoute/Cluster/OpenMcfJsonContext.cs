using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Source-generated JSON metadata for the request bodies we build as JSON nodes. The AOT
/// Kubernetes client serializes only types its own context knows; this context is added to it.
/// </summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class OpenMcfJsonContext : JsonSerializerContext;
