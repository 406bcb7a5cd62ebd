using System.CommandLine;
using System.Reflection;

namespace OpenMcf.Cli.Commands;

/// <summary>openmcf version.</summary>
internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static Command Create(CliConsole console)
    {
        var command = new Command("version", "Print the version of openmcf.");
        command.SetAction(_ =>
        {
            console.Out.WriteLine($"openmcf {Version}");
            return ExitCodes.Success;
        });
        return command;
    }
}
