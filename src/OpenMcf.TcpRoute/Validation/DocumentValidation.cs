using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>
/// The validate stage for one document: the reader's findings plus every rule of <see cref="TcpRouteValidator"/>, located in the source.
/// </summary>
public static partial class DocumentValidation
{
    /// <param name="version">The TCPRoute version the document will be rendered as (null: the default, v1alpha2).</param>
    public static IReadOnlyList<Diagnostic> Validate(ManifestDocument document, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var diagnostics = new List<Diagnostic>(document.Diagnostics);
        if (document.Manifest is null)
        {
            return diagnostics;
        }

        foreach (var failure in TcpRouteValidator.For(version).Validate(document.Manifest).Errors)
        {
            var path = ToManifestPath(failure.PropertyName);

            // A field the reader already rejected (wrong type, say) is not reported again as missing.
            if (document.SourceMap.IsReported(path))
            {
                continue;
            }

            // The rules across parentRefs judge values the reader may have dropped (a port it refused reads as
            // no port, so the ref seems to set other fields than its twin): once the reader reported anything
            // in parentRefs, what they find may be an echo of that, and the document is refused anyway.
            if (WholeParentRef().IsMatch(path) && document.SourceMap.IsReportedWithin("spec.parentRefs"))
            {
                continue;
            }

            var rule = failure.ErrorCode is { } code && StricterRules.Reasons.ContainsKey(code) ? code : null;
            var message = Placeholder().IsMatch(failure.ErrorMessage)
                ? $"{failure.ErrorMessage}; it looks like a template placeholder: replace it, or set it with --set {path}=VALUE"
                : failure.ErrorMessage;
            diagnostics.Add(Diagnostic.Error(document.SourceMap.Locate(path), path, message) with { Rule = rule });
        }

        return diagnostics
            .Distinct()
            .OrderBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
    }

    /// <summary>"Spec.Rules[1].BackendRefs[0].Weight" → "spec.rules[1].backendRefs[0].weight".</summary>
    public static string ToManifestPath(string propertyName)
    {
        var segments = propertyName.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('.', segments.Select(s => char.ToLowerInvariant(s[0]) + s[1..]));
    }

    /// <summary>A message about a value like "&lt;gateway-name&gt;", as upstream's preset files hold.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^\"<[^\"<>]+>\" ")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    [System.Text.RegularExpressions.GeneratedRegex(@"^spec\.parentRefs\[[0-9]+\]\z")]
    private static partial System.Text.RegularExpressions.Regex WholeParentRef();
}
