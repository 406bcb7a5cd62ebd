using OpenMcf.TcpRoute.Manifests;

namespace OpenMcf.TcpRoute.Tests.Manifests;

public class ManifestReaderTests
{
    [Fact]
    public void Several_documents_keep_their_own_lines_and_indexes()
    {
        var yaml = ManifestText.Minimal + "\n---\n" + ManifestText.Minimal.Replace("port: 5432", "port: 0", StringComparison.Ordinal);
        var batch = ManifestText.Validate(yaml, "multi.yaml");
        Assert.Equal(2, batch.Documents.Count);
        Assert.True(batch.Documents[0].IsValid);
        var error = Assert.Single(batch.Documents[1].Diagnostics);
        Assert.Equal(1, batch.Documents[1].Document.Index);
        Assert.Equal(new SourceLocation("multi.yaml", 27, 17), error.Location);
    }

    [Fact]
    public void Snake_case_fields_read_into_the_same_model()
    {
        var camel = ManifestText.Read(ManifestText.Minimal).Documents.Single().Manifest!;
        var snake = ManifestText.Read(ManifestText.Minimal
                .Replace("parentRefs", "parent_refs", StringComparison.Ordinal)
                .Replace("backendRefs", "backend_refs", StringComparison.Ordinal))
            .Documents.Single().Manifest!;
        Assert.Equal(camel.Spec!.ParentRefs![0].Name, snake.Spec!.ParentRefs![0].Name);
        Assert.Equal(camel.Spec.Rules![0].BackendRefs![0].Port, snake.Spec.Rules![0].BackendRefs![0].Port);
    }

    [Fact]
    public void Syntax_error_keeps_earlier_documents_and_reports_the_position()
    {
        var result = ManifestText.Read(ManifestText.Minimal + "\n---\nkey: [\n");
        Assert.Single(result.Documents);
        var error = Assert.Single(result.Diagnostics);
        Assert.StartsWith("malformed YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line >= 16, error.ToString());
    }

    [Theory]
    [InlineData("parentRefs", "parentRefs")]
    [InlineData("parent_refs", "parentRefs")]
    [InlineData("section_name", "sectionName")]
    [InlineData("use_default_gateways", "useDefaultGateways")]
    public void Snake_case_converts_to_camel_case(string input, string expected) => Assert.Equal(expected, FieldNames.ToCamelCase(input));

    [Theory]
    [InlineData("namspace", "namespace")]
    [InlineData("sectioname", "sectionName")]
    [InlineData("backendrefs", "backendRefs")]
    [InlineData("wieght", "weight")]
    public void Suggests_the_closest_field(string typo, string expected) =>
        Assert.Equal(expected, FieldNames.Suggest(typo, ["name", "namespace", "sectionName", "backendRefs", "weight", "port"]));

    [Fact]
    public void Unrelated_name_gets_no_suggestion() => Assert.Null(FieldNames.Suggest("colour", ["name", "port", "weight"]));
}
