using OpenMcf.TcpRoute.Manifests;
using OpenMcf.TcpRoute.Validation;

namespace OpenMcf.TcpRoute.Tests.Manifests;

public class ManifestOverrideTests
{
    private static ValidatedBatch Read(string yaml, params string[] sets)
    {
        var overrides = sets
            .Select(s => ManifestOverride.TryParse(s, out var o, out var error) ? o! : throw new ArgumentException(error))
            .ToList();
        return ValidatedBatch.From(ManifestReader.Read("test.yaml", new StringReader(yaml), overrides));
    }

    [Fact]
    public void Sets_a_value_and_a_typed_number_inside_lists()
    {
        var batch = Read(ManifestText.Minimal, "spec.namespace.value=prod", "spec.rules[0].backend_refs[0].weight=20");
        Assert.True(batch.IsValid);
        var spec = batch.Documents.Single().Document.Manifest!.Spec!;
        Assert.Equal("prod", spec.Namespace!.Value);
        Assert.Equal(20, spec.Rules![0].BackendRefs![0].Weight);
    }

    [Fact]
    public void Creates_missing_mappings_on_the_way()
    {
        var batch = Read(ManifestText.Minimal, "metadata.labels.team=db", "spec.parentRefs[0].sectionName=tcp");
        Assert.True(batch.IsValid);
        var manifest = batch.Documents.Single().Document.Manifest!;
        Assert.Equal("db", manifest.Metadata!.Labels["team"]);
        Assert.Equal("tcp", manifest.Spec!.ParentRefs![0].SectionName);
    }

    [Fact]
    public void Result_is_validated_and_problems_point_at_the_flag()
    {
        var batch = Read(ManifestText.Minimal, "spec.rules[0].backendRefs[0].port=70000");
        var error = Assert.Single(batch.Documents.Single().Diagnostics);
        Assert.Equal("--set spec.rules[0].backendRefs[0].port=70000", error.Location.File);
        Assert.Equal("spec.rules[0].backendRefs[0].port", error.Path);
    }

    [Fact]
    public void Index_past_the_end_is_an_input_error()
    {
        var batch = Read(ManifestText.Minimal, "spec.rules[2].name=x");
        Assert.False(batch.IsValid);
        Assert.Contains("spec.rules has 1 entry, so [2] does not exist",
            batch.Documents.Single().Diagnostics.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_touch_only_route_documents()
    {
        const string ns = "apiVersion: kubernetes.openmcf.org/v1\nkind: KubernetesNamespace\nmetadata: {name: n}\nspec: {name: team}\n";
        var batch = Read(ns + "---\n" + ManifestText.Minimal, "spec.namespace.value=prod");
        Assert.True(batch.IsValid);
        Assert.Equal("team", batch.Documents[0].Document.Reference!.Fields["spec.name"]);
    }

    [Theory]
    [InlineData("no-equals-sign")]
    [InlineData("=value")]
    [InlineData("spec..x=1")]
    [InlineData("spec.rules[x].name=1")]
    public void Malformed_set_is_refused(string text) => Assert.False(ManifestOverride.TryParse(text, out _, out _));
}
