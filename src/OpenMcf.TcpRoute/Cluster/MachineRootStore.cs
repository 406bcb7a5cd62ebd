using System.Runtime.InteropServices;

namespace OpenMcf.TcpRoute.Cluster;

/// <summary>
/// Keeps .NET from loading the machine's trusted roots when nothing will consult them. On Linux the
/// chain builder reads the whole CA bundle and every file of the certificate directory on the first
/// TLS handshake, even with custom root trust: about 70 ms, half of a one-route apply.
/// </summary>
/// <remarks>
/// Leaving them unloaded changes the environment of the whole process, so only a program's entry
/// point may allow it, never a library on its own: a process that also talks to other TLS servers
/// would find the machine's roots gone.
/// </remarks>
public static partial class MachineRootStore
{
    private static int _allowed;
    private static int _skipped;

    /// <summary>
    /// Declares that every TLS peer of this process is a Kubernetes API server reached through
    /// <see cref="ClusterConnection"/>. From then on, the first connection whose kubeconfig gives
    /// every server its own certificate authority leaves the machine's roots unloaded for the rest
    /// of the process; a kubeconfig with a server that relies on those roots keeps them.
    /// </summary>
    public static void AllowSkipping() => Interlocked.Exchange(ref _allowed, 1);

    /// <summary>
    /// Points OpenSSL's SSL_CERT_FILE and SSL_CERT_DIR at nothing for this process, when the entry
    /// point allowed it. Only when every TLS peer is verified against its own certificate authority.
    /// </summary>
    internal static void SkipLoadingIfAllowed()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _allowed) == 0 || Interlocked.Exchange(ref _skipped, 1) == 1)
        {
            return;
        }

        // .NET keeps its own copy of the environment once it is read, and child processes (exec
        // credential plugins) get that copy. Reading it here, before the change, keeps the real
        // roots in their environment whatever ran first.
        _ = Environment.GetEnvironmentVariables();
        _ = SetEnvironment("SSL_CERT_FILE", "/dev/null", 1);
        _ = SetEnvironment("SSL_CERT_DIR", "/dev/null", 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
