using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Validation;

/// <summary>One document after the validate stage.</summary>
public sealed record ValidatedDocument(ManifestDocument Document, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Diagnostics.All(d => d.Severity != Severity.Error);
}

/// <summary>
/// All inputs of one invocation after reading and validating. Nothing is applied unless the
/// whole batch is valid, so one bad document stops every other one.
/// </summary>
public sealed class ValidatedBatch
{
    private ValidatedBatch(IReadOnlyList<ValidatedDocument> documents, IReadOnlyList<Diagnostic> inputDiagnostics)
    {
        Documents = documents;
        InputDiagnostics = inputDiagnostics;
    }

    public IReadOnlyList<ValidatedDocument> Documents { get; }

    /// <summary>Problems that belong to no single document: missing files, malformed YAML, no manifests at all.</summary>
    public IReadOnlyList<Diagnostic> InputDiagnostics { get; }

    public bool IsValid => InputDiagnostics.All(d => d.Severity != Severity.Error) && Documents.All(d => d.IsValid);

    public int ErrorCount =>
        InputDiagnostics.Count(d => d.Severity == Severity.Error)
        + Documents.Sum(d => d.Diagnostics.Count(x => x.Severity == Severity.Error));

    /// <summary>The batch with inputs that hold nothing accepted as such: no routes, meant (apply --prune-allow-empty).</summary>
    public ValidatedBatch AllowingEmpty() => new(Documents, [.. InputDiagnostics.Where(d => d.Rule != ManifestInputs.EmptyInput)]);

    /// <param name="version">The TCPRoute version the routes will be rendered as, when already known (null: v1alpha2).</param>
    public static ValidatedBatch From(ManifestReadResult read, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        var documents = read.Documents.Select(d => new ValidatedDocument(d, DocumentValidation.Validate(d, version))).ToList();
        var input = read.Diagnostics.ToList();
        if (documents.Count == 0 && input.All(d => d.Severity != Severity.Error))
        {
            input.Add(Diagnostic.Error(new SourceLocation("input", 0, 0), string.Empty, "no manifests found in the given inputs")
                with
            { Rule = ManifestInputs.EmptyInput });
        }

        return new ValidatedBatch(documents, input);
    }
}
