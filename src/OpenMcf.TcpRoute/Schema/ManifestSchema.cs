namespace OpenMcf.TcpRoute.Schema;

/// <summary>The JSON Schema of the KubernetesTcpRoute manifest, for editors (YAML language server) and `openmcf schema`.</summary>
public static class ManifestSchema
{
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(ManifestSchema).Assembly.GetManifestResourceStream("KubernetesTcpRoute.schema.json")
            ?? throw new InvalidOperationException("the manifest schema is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
