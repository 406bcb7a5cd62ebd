namespace OpenMcf.TcpRoute.IntegrationTests.Infrastructure;

/// <summary>Where the repository and the shared test fixtures are.</summary>
internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    /// <summary>
    /// The upstream Gateway API CRDs are test data kept outside the repository (../shared/fixtures);
    /// OPENMCF_GATEWAY_API_FIXTURES points the tests at another copy.
    /// </summary>
    public static string GatewayApiFixtures =>
        Environment.GetEnvironmentVariable("OPENMCF_GATEWAY_API_FIXTURES") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "gateway-api"));

    public static string Crds(string version, string channel) => Path.Combine(GatewayApiFixtures, version, channel);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenMcf.TcpRoute.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OpenMcf.TcpRoute.sln not found above {AppContext.BaseDirectory}");
    }
}
