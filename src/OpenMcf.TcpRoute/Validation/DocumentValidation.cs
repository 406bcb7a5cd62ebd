using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>The validate stage for one document: the reader's findings plus every rule of <see cref="TcpRouteValidator"/>, located in the source.</summary>
public static class DocumentValidation
{
    private static readonly TcpRouteValidator Validator = new();

    public static IReadOnlyList<Diagnostic> Validate(ManifestDocument document)
    {
        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        if (document.Manifest is null)
        {
            return diagnostics;
        }

        foreach (var failure in Validator.Validate(document.Manifest).Errors)
        {
            var path = ToManifestPath(failure.PropertyName);

            // A field the reader already rejected (wrong type, say) is not reported again as missing.
            if (document.SourceMap.IsReported(path))
            {
                continue;
            }

            diagnostics.Add(Diagnostic.Error(document.SourceMap.Locate(path), path, failure.ErrorMessage));
        }

        return diagnostics
            .Distinct()
            .OrderBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
    }

    /// <summary>"Spec.Rules[1].BackendRefs[0].Weight" → "spec.rules[1].backendRefs[0].weight".</summary>
    internal static string ToManifestPath(string propertyName)
    {
        var segments = propertyName.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('.', segments.Select(s => char.ToLowerInvariant(s[0]) + s[1..]));
    }
}
