namespace OpenMcf.TcpRoute.Tests;

/// <summary>Paths in the repository, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Sample(string name) => Path.Combine(Samples, name);

    public static string TestData(string relative) => Path.Combine(Root, "tests", "OpenMcf.TcpRoute.Tests", relative);

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
