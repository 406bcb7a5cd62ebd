using OpenMcf.Cli.Reports;

namespace OpenMcf.TcpRoute.Tests.Cli.Reports;

/// <summary>Paths as CI reads them: relative to the workspace with '/', and as given when outside it.</summary>
public class ReportPathsTests
{
    private const string Workspace = ReportSamples.Workspace;

    [Theory]
    [InlineData(Workspace, Workspace, "routes/a.yaml", "routes/a.yaml")]
    [InlineData(Workspace, Workspace, "./routes/../routes/a.yaml", "routes/a.yaml")]
    [InlineData(Workspace, Workspace + "/deploy", "a.yaml", "deploy/a.yaml")]
    [InlineData(Workspace, "/tmp", Workspace + "/x/y.yaml", "x/y.yaml")]
    [InlineData(Workspace, Workspace, "..dots/a.yaml", "..dots/a.yaml")]
    [InlineData(Workspace, Workspace, "my routes/a b.yaml", "my routes/a b.yaml")]

    // Outside the workspace: as given, whether typed absolute or relative.
    [InlineData(Workspace, Workspace, "/etc/openmcf/route.yaml", "/etc/openmcf/route.yaml")]
    [InlineData(Workspace, Workspace, "../other/route.yaml", "../other/route.yaml")]
    [InlineData(Workspace, "/tmp", "a.yaml", "a.yaml")]
    [InlineData(Workspace, Workspace, "/home/runner/work/repo/repo2/a.yaml", "/home/runner/work/repo/repo2/a.yaml")]

    // Stdin is no file.
    [InlineData(Workspace, Workspace, "-", "-")]

    // Without GITHUB_WORKSPACE the working directory is the base.
    [InlineData(null, "/src/app", "routes/a.yaml", "routes/a.yaml")]
    [InlineData(null, "/src/app", "/src/app/routes/a.yaml", "routes/a.yaml")]
    [InlineData("", "/src/app", "/elsewhere/a.yaml", "/elsewhere/a.yaml")]
    public void Display(string? workspace, string workingDirectory, string path, string expected)
    {
        Assert.Equal(expected, new ReportPaths(workspace, workingDirectory).Display(path));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("/etc/x.yaml")]
    [InlineData("../x.yaml")]
    public void Relative_is_null_for_stdin_and_outside(string path)
    {
        Assert.Null(ReportSamples.Paths.Relative(path));
    }

    [Fact]
    public void The_base_is_the_workspace_made_absolute()
    {
        Assert.Equal(Workspace, ReportSamples.Paths.Base);
        Assert.Equal("/src/app", new ReportPaths(null, "/src/app/").Base.TrimEnd('/'));
        Assert.Equal("/src/app/ws", new ReportPaths("ws", "/src/app").Base);
    }
}
