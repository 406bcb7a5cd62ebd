using OpenMcf.Cli;

return await OpenMcfCli.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
