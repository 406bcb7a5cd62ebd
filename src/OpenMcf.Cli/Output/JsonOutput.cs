using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.Cli.Output;

/// <summary>JSON shapes and settings shared by the commands' -o json output.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,

        // Output is for terminals and scripts, not HTML: keep quotes and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonArray Diagnostics(IEnumerable<Diagnostic> diagnostics) =>
        new(diagnostics.Select(d => (JsonNode)new JsonObject
        {
            ["severity"] = d.Severity == Severity.Error ? "error" : "warning",
            ["file"] = d.Location.File,
            ["line"] = d.Location.Line,
            ["column"] = d.Location.Column,
            ["path"] = d.Path,
            ["message"] = d.Message,
        }).ToArray<JsonNode?>());
}
