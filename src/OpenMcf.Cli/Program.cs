using OpenMcf.Cli;
using OpenMcf.TcpRoute.Cluster;

// openmcf talks TLS to nothing but the API servers of its kubeconfig (exec plugins are child
// processes), so where the kubeconfig gives each its own certificate authority the machine's
// roots need not be loaded: about 70 ms, half of a one-route apply. A process-wide choice, so it
// is made here and not by the library for whoever hosts it.
MachineRootStore.AllowSkipping();

return await OpenMcfCli.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
